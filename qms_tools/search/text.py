"""Words as search sees them: Markdown to plain sections, tokens, stems and stop words.

The browser applies the same normalisation to a query (``theme/search/engine.js``): the
stop words travel in the index manifest, and the JavaScript port of the Swedish Snowball
stemmer is checked against this one by the browser tests.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from .. import markdown_scan

_WORD = re.compile(r"[0-9a-zåäöéüæø]+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*\w+(?:\s+\"([^\"]*)\")?\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_ATTRIBUTE_LIST = re.compile(r"\{:?[^}]*\}")

STOP_WORDS = frozenset("""
alla allt andra annan annat att av blev bli blir de dem den denna dess dessa det detta dig din dina ditt
du där då efter ej eller en er era ert ett från för genom ha hade han har hen hon hos hur här i inga ingen inget
inom inte jag ju kan man med mellan men mig min mina mitt mot mycket ni nu någon något några när och om
oss på samt sedan sig sin sina sitt ska skall som så till under upp ut utan vad var vara vars vem vi vid
vilka vilken vilket våra vår vårt än är även över
""".split())
"""Words too common to find anything. Kept short: a word left out here costs index
bytes, a word wrongly here can never be found."""

_stemmer = snowballstemmer.stemmer("swedish")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def words(text: str) -> list[str]:
    """Lower-case words of a text; hyphens and punctuation separate words."""
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=None)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


@dataclass(frozen=True)
class Section:
    """A stretch of a document under one heading (``heading`` is None before the first)."""

    heading: str | None
    anchor: str | None
    level: int
    text: str


def sections(body: str, first_line: int = 1) -> list[Section]:
    """The body as plain text, split at its headings. The first (level 1) heading is the
    title and is left to the caller; its section still collects the text under it."""
    headings = {heading.line: heading for heading in markdown_scan.headings(body, first_line)}
    found: list[Section] = [Section(None, None, 0, "")]
    lines: list[str] = []

    def close() -> None:
        last = found[-1]
        found[-1] = Section(last.heading, last.anchor, last.level, " ".join(lines))
        lines.clear()

    for number, line in markdown_scan.prose_lines(body, first_line):
        heading = headings.get(number)
        if heading is not None:
            if heading.level == 1 and len(found) == 1:
                continue
            close()
            found.append(Section(heading.text, heading.slug, heading.level, ""))
            continue
        plain = _plain_line(line)
        if plain:
            lines.append(plain)
    close()
    return found


def _plain_line(line: str) -> str:
    if _TABLE_RULE.match(line):
        return ""
    admonition = _ADMONITION.match(line)
    if admonition:
        return admonition.group(1) or ""
    line = _LIST_MARKER.sub("", line.lstrip("> "))
    line = _HTML_TAG.sub(" ", line).replace("|", " ")
    line = _ATTRIBUTE_LIST.sub(" ", markdown_scan.plain_heading_text(line))
    return " ".join(line.split())
