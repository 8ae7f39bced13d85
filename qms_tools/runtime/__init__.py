"""The machinery under everything else: the cache folder, git, GitHub (through `gh`) and
work on the second core.

Knows nothing of handbooks; every other layer may use it.
"""
