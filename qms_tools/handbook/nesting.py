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
_QUOTES = re.compile(r"[ \t]{0,3}(?:>[ \t]?)+")
_LIST_ITEM = re.compile(r"([ \t]*)(?:[-*+]|[0-9]{1,9}[.)])[ \t]")


@dataclass(frozen=True)
class Depth:
    depth: int
    line: int
    """Line (1-based, within the measured text) where the deepest level is reached."""
    kind: str
    """"citat", "lista" or "HTML": named in the editor's message."""


def html_depth(html: str) -> Depth:
    """The deepest nesting of HTML elements in ``html`` (unclosed elements count)."""
    depth = deepest = 0
    at = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if name.lower() in _VOID or self_closing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest, at = depth, match.start()
    return Depth(deepest, html.count("\n", 0, at) + 1, "HTML")


def markdown_depth(text: str) -> Depth:
    """The deepest nesting of block quotes, list items and HTML elements in Markdown."""
    deepest = html_depth(text)
    for number, line in enumerate(text.split("\n"), start=1):
        quotes = _QUOTES.match(line)
        if quotes:
            level = quotes.group().count(">")
            if level > deepest.depth:
                deepest = Depth(level, number, "citat")
        item = _LIST_ITEM.match(line)
        if item:
            level = len(item.group(1).expandtabs(4)) // 4 + 1
            if level > deepest.depth:
                deepest = Depth(level, number, "lista")
    return deepest
