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
from functools import lru_cache
from typing import Iterator
from urllib.parse import unquote

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ATTR_ID = re.compile(r"\s*\{[^}]*#([\w\-]+)[^}]*\}\s*$")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_ADDRESS_END = re.compile(r"[\s)]")
_TITLE = re.compile(r"\s{1,20}(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'|\([^)\n]{0,500}\))\s{0,20}\)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)([^\]]+)\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_HTML_ANCHOR = re.compile(r"<a\s[^>]*?(?:id|name)=[\"']([^\"']+)[\"']", re.IGNORECASE)
_TAGS = re.compile(r"</?[^>]*>")
_INVALID_SLUG_CHARACTER = re.compile(r"[^\w\- ]")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3})(\S(?:.*?\S)?)\1")
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")
_MARKUP = re.compile(r"[{\]`*_]")
"""What plain_heading_text removes needs one of these: most headings have none."""
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


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
        return bool(_URL_SCHEME.match(self.url)) or self.url.startswith("//")

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
    if not _MARKUP.search(raw):
        return raw.strip()
    text = _ATTR_ID.sub("", raw)
    text = _replace_links(text)
    text = _CODE_SPAN.sub(lambda match: match.group(0).strip("`").strip(), text)
    text = _EMPHASIS.sub(lambda match: match.group(2), text)
    return text.strip()


def prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Lines outside fenced code blocks, with their file line numbers."""
    lines = body.split("\n")
    if not _may_have_fences(body):
        yield from enumerate(lines, first_line)
        return
    for number, (line, is_code) in enumerate(zip(lines, _code_flags(lines)), first_line):
        if not is_code:
            yield number, line


def _may_have_fences(body: str) -> bool:
    # One character is looked for many times faster than three.
    return ("`" in body and "```" in body) or ("~" in body and "~~~" in body)


def _code_flags(lines: list[str]) -> Iterator[bool]:
    """For each line: whether it belongs to a fenced code block, fences included."""
    fence: str | None = None
    for line in lines:
        if fence is None:
            match = _FENCE.match(line)
            if match:
                fence = match.group(1)[0] * len(match.group(1))
            yield match is not None
            continue
        if line.strip().startswith(fence):
            fence = None
        yield True


def _prose_text(body: str) -> str:
    """``body`` with the lines of fenced code blocks emptied, so that line numbers stay."""
    if not _may_have_fences(body):
        return body
    lines = body.split("\n")
    return "\n".join("" if is_code else line for line, is_code in zip(lines, _code_flags(lines)))


def headings(body: str, first_line: int) -> list[Heading]:
    found: list[Heading] = []
    used: set[str] = set()
    for line_number, line in _lines_containing(_prose_text(body), "#", first_line):
        match = _ATX.match(line)
        if not match:
            continue
        text, explicit, slug = _heading(match.group(2))
        slug = explicit or _unique(slug, used)
        used.add(slug)
        found.append(Heading(len(match.group(1)), text, slug, line_number))
    return found


def _lines_containing(text: str, needle: str, first_line: int) -> Iterator[tuple[int, str]]:
    """The lines of ``text`` that contain ``needle``, with their file line numbers. A
    handful of lines in a document has a heading or a link: finding them with ``find``
    instead of testing every line is what makes the scans cheap. Each line is visited
    once, however often it repeats ``needle``."""
    line_number, counted_to = first_line, 0
    found = text.find(needle)
    while found >= 0:
        start = text.rfind("\n", 0, found) + 1
        end = text.find("\n", found)
        end = len(text) if end < 0 else end
        line_number += text.count("\n", counted_to, start)
        counted_to = start
        yield line_number, text[start:end]
        found = text.find(needle, end)


def _heading(raw: str) -> tuple[str, str | None, str]:
    """Text, explicit anchor (``{#id}``) and slug of a heading's raw text. Handbooks
    repeat the same headings (Syfte, Ansvar …) in every document, so short ones are
    worked out once."""
    return _short_heading(raw) if len(raw) <= 200 else _heading_parts(raw)


def _heading_parts(raw: str) -> tuple[str, str | None, str]:
    explicit = _ATTR_ID.search(raw)
    text = plain_heading_text(raw)
    return text, explicit.group(1) if explicit else None, slugify(text)


_short_heading = lru_cache(maxsize=4096)(_heading_parts)


def explicit_anchors(body: str) -> set[str]:
    return set(_HTML_ANCHOR.findall(body))


def links(body: str, first_line: int) -> list[Link]:
    found: list[Link] = []
    # Both an inline link and a reference definition need a "[".
    for line_number, line in _lines_containing(_prose_text(body), "[", first_line):
        definition = _REFERENCE_DEFINITION.match(line)
        if definition:
            found.append(Link(definition.group(2), definition.group(1), line_number))
            continue
        without_code = _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), line) if "`" in line else line
        for _, _, text, url, is_image in inline_links(without_code):
            if url:
                found.append(Link(url, text, line_number, is_image=is_image))
    return found


def inline_links(line: str) -> list[tuple[int, int, str, str, bool]]:
    """``[text](url "title")`` links in one line as (start, end, text, url, is_image).

    A scanner rather than one regular expression: each ``](`` looks back only as far as
    the previous link's end, and the end of an address is found once for all the
    candidates that share it, so a pasted 2 MB line full of brackets costs one pass
    where a backtracking pattern was quadratic (34 s for 80 kB).
    """
    found = []
    previous_end = 0
    address_end = -1  # index of the first whitespace or ")" at or after the last address start
    position = line.find("](")
    while position >= 0:
        start_of_address = position + 2
        link = None
        if start_of_address > address_end:
            match = _ADDRESS_END.search(line, start_of_address)
            address_end = match.start() if match else len(line)
        if start_of_address < len(line) and line[start_of_address] == "<":
            close_angle = line.find(">", start_of_address, start_of_address + 2000)
            if close_angle > 0 and line.startswith(")", close_angle + 1):
                link = (start_of_address + 1, close_angle, close_angle + 2)
        elif address_end < len(line):
            # Indices only: slicing here would copy the rest of the line for every candidate.
            if line[address_end] == ")":
                link = (start_of_address, address_end, address_end + 1)
            else:
                title = _TITLE.match(line, address_end)
                if title:
                    link = (start_of_address, address_end, title.end())
        opening = _matching_open_bracket(line, position, previous_end) if link else None
        if link is None or opening is None:
            if opening is None and link is not None:
                # No unmatched "[" lies before this one: later links need not look back past it.
                previous_end = start_of_address
            position = line.find("](", start_of_address)
            continue
        url_start, url_end, end = link
        is_image = opening > 0 and line[opening - 1] == "!"
        found.append((opening - 1 if is_image else opening, end, line[opening + 1:position],
                      line[url_start:url_end], is_image))
        previous_end = end
        position = line.find("](", end)
    return found


def _matching_open_bracket(line: str, close_bracket: int, floor: int) -> int | None:
    depth = 0
    for index in range(close_bracket - 1, floor - 1, -1):
        character = line[index]
        if character == "]":
            depth += 1
        elif character == "[":
            if depth == 0:
                return index
            depth -= 1
    return None


def _replace_links(text: str) -> str:
    pieces, cursor = [], 0
    for start, end, link_text, _, _ in inline_links(text):
        pieces.append(text[cursor:start])
        pieces.append(link_text)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _unique(slug: str, used: set[str]) -> str:
    if slug not in used and slug:
        return slug
    match = _COUNTED.match(slug)
    base, count = (match.group(1), int(match.group(2))) if match else (slug, 0)
    count += 1
    while f"{base}_{count}" in used:
        count += 1
    return f"{base}_{count}"
