"""Docs-as-code quality management system for Swedish social services (SOSFS 2011:9).

The core (everything outside ``cli`` and ``mkdocs_plugin``) knows nothing of MkDocs so
that it can move to another site generator.
"""

__version__ = "0.2.0"
