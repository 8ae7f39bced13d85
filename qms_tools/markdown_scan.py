"""Headings, anchors and links of a Markdown body, with file line numbers.

A line scanner, not a renderer: it only needs to know what is code (and so ignored),
what is a heading and what is a link. Heading slugs follow ``pymdownx.slugs.slugify``
with ``case: lower`` (the site's configured slugify), so that å, ä and ö survive in
anchors, plus Python-Markdown's ``_1``, ``_2`` suffixes for repeated headings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import unquote

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ATTR_ID = re.compile(r"\s*\{[^}]*#([\w\-]+)[^}]*\}\s*$")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*[\"')])?\s*\)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_HTML_ANCHOR = re.compile(r"<a\s[^>]*?(?:id|name)=[\"']([^\"']+)[\"']", re.IGNORECASE)
_TAGS = re.compile(r"</?[^>]*>")
_INVALID_SLUG_CHARACTER = re.compile(r"[^\w\- ]")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3})(\S(?:.*?\S)?)\1")
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    slug: str
    line: int


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    line: int
    is_image: bool = False

    @property
    def is_external(self) -> bool:
        return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", self.url)) or self.url.startswith("//")

    @property
    def path_part(self) -> str:
        return unquote(self.url.split("#", 1)[0].split("?", 1)[0])

    @property
    def anchor(self) -> str | None:
        return unquote(self.url.split("#", 1)[1]) if "#" in self.url else None


def slugify(text: str) -> str:
    slug = _TAGS.sub("", unicodedata.normalize("NFC", text)).strip().lower()
    return _INVALID_SLUG_CHARACTER.sub("", slug).replace(" ", "-")


def plain_heading_text(raw: str) -> str:
    text = _ATTR_ID.sub("", raw)
    text = _INLINE_LINK.sub(lambda match: match.group(2), text)
    text = _CODE_SPAN.sub(lambda match: match.group(0).strip("`").strip(), text)
    text = _EMPHASIS.sub(lambda match: match.group(2), text)
    return text.strip()


def prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Lines outside fenced code blocks, with their file line numbers."""
    fence: str | None = None
    for offset, line in enumerate(body.split("\n")):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        yield first_line + offset, line


def headings(body: str, first_line: int) -> list[Heading]:
    found: list[Heading] = []
    used: set[str] = set()
    for line_number, line in prose_lines(body, first_line):
        match = _ATX.match(line)
        if not match:
            continue
        raw = match.group(2)
        explicit = _ATTR_ID.search(raw)
        text = plain_heading_text(raw)
        slug = explicit.group(1) if explicit else _unique(slugify(text), used)
        used.add(slug)
        found.append(Heading(len(match.group(1)), text, slug, line_number))
    return found


def explicit_anchors(body: str) -> set[str]:
    return set(_HTML_ANCHOR.findall(body))


def links(body: str, first_line: int) -> list[Link]:
    found: list[Link] = []
    for line_number, line in prose_lines(body, first_line):
        definition = _REFERENCE_DEFINITION.match(line)
        if definition:
            found.append(Link(definition.group(2), definition.group(1), line_number))
            continue
        without_code = _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), line)
        for match in _INLINE_LINK.finditer(without_code):
            url = match.group(3)
            if url:
                found.append(Link(url, match.group(2), line_number, is_image=bool(match.group(1))))
    return found


def _unique(slug: str, used: set[str]) -> str:
    if slug not in used and slug:
        return slug
    match = _COUNTED.match(slug)
    base, count = (match.group(1), int(match.group(2))) if match else (slug, 0)
    count += 1
    while f"{base}_{count}" in used:
        count += 1
    return f"{base}_{count}"
