"""How deeply a text nests: block quotes, lists and HTML elements, measured in one pass.

Deep nesting is never needed in a handbook and is expensive for every reader of it:
Python-Markdown recurses once per level of ``<div markdown>`` (a RecursionError at about
500 levels) and the HTML sanitizer's parser checks the open elements at every new ``<div>``
or ``<ul>`` (20,000 unclosed ``<div>`` take 6.5 s, and the time grows with the square).
Past ``MAX_DEPTH`` a document is refused with a finding, and a page is not rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DEPTH = 50
"""Levels of block quotes, lists or HTML elements. The sample handbook's documents nest
at most 1 level in their Markdown; its built pages, theme included, 22 in their HTML."""

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(/?)>")
# Only lines past the limit are visited: a quote line with more than MAX_DEPTH ">", a list
# item indented by at least MAX_DEPTH characters (a tab counts as four).
_DEEP_QUOTES = re.compile(rf"^[ \t]{{0,3}}(?:>[ \t]?){{{MAX_DEPTH + 1},}}", re.MULTILINE)
_DEEP_LIST_ITEM = re.compile(rf"^([ \t]{{{MAX_DEPTH},}})(?:[-*+]|[0-9]{{1,9}}[.)])[ \t]", re.MULTILINE)


@dataclass(frozen=True)
class Depth:
    depth: int
    line: int
    """Line (1-based, within the measured text) where the nesting passes the limit."""
    kind: str
    """"citat", "lista" or "HTML": named in the editor's message."""


def html_too_deep(html: str, limit: int = MAX_DEPTH) -> Depth | None:
    """Where HTML elements in ``html`` first nest deeper than ``limit`` (unclosed elements
    count), with the deepest level reached; None when they never do."""
    if html.count("<") <= limit:
        return None
    depth = deepest = 0
    at = None
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _VOID:
            continue
        if closing:
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if at is None and depth > limit:
                at = match.start()
    return None if at is None else Depth(deepest, html.count("\n", 0, at) + 1, "HTML")


def markdown_too_deep(text: str) -> Depth | None:
    """Where block quotes, list items or HTML elements in Markdown first nest deeper
    than ``MAX_DEPTH``, with the deepest level of that kind; None when nothing does."""
    found = html_too_deep(text)
    quotes = [(match.group().count(">"), match.start()) for match in _DEEP_QUOTES.finditer(text)]
    items = [(len(match.group(1).expandtabs(4)) // 4 + 1, match.start()) for match in _DEEP_LIST_ITEM.finditer(text)]
    for kind, levels in (("citat", quotes), ("lista", [item for item in items if item[0] > MAX_DEPTH])):
        if levels and (found is None or found.depth < max(levels)[0]):
            deepest, _ = max(levels)
            first = min(offset for _, offset in levels)
            found = Depth(deepest, text.count("\n", 0, first) + 1, kind)
    return found
