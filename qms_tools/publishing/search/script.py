"""engine.js as the site serves it: without its comments and indentation.

The engine is read once, when search is first opened, on a phone that may be on a slow
network: its comments are a third of its bytes (47.6 kB -> about 26 kB) and say nothing
to the phone. No minifier is needed for that: the source keeps to block comments
(``/* … */``) that never share a line with a string or regular expression holding
``/*`` or ``*/``; ``tests/publishing/search/test_script.py`` checks that, and the browser
tests run the served copy.
"""

from __future__ import annotations

import re
from pathlib import Path

ENGINE = Path(__file__).resolve().parent / "engine.js"

_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def served_engine(source: str | None = None) -> str:
    """The engine's source without block comments, indentation and blank lines."""
    text = ENGINE.read_text(encoding="utf-8") if source is None else source
    lines = (line.strip() for line in _BLOCK_COMMENT.sub("", text).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"
