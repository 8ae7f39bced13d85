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

from qms_tools.handbook import markdown_scan

_WORD = re.compile(r"[0-9a-zåäö]+")

FOLDED = {"é": "e", "è": "e", "ê": "e", "ë": "e", "á": "a", "à": "a", "â": "a", "í": "i", "ì": "i",
          "ï": "i", "ó": "o", "ò": "o", "ô": "o", "ú": "u", "ù": "u", "ü": "u", "ý": "y", "ç": "c",
          "ñ": "n", "æ": "ä", "ø": "ö"}
"""Letters a Swedish reader takes for another letter with an accent (idé, Müller), or
the Danish and Norwegian spelling of ä and ö: searched as that letter, so "avvikelsé"
finds "avvikelse". Å, ä and ö are letters of their own and are never folded.
``engine.js`` folds a query with the same table (``FOLDED`` there; a test compares)."""
_FOLD = str.maketrans(FOLDED)

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
    """Lower-case words of a text, accents folded (``FOLDED``); hyphens and punctuation
    separate words."""
    return _WORD.findall(normalise(text).translate(_FOLD))


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


def sections(body: str, first_line: int, headings: list[markdown_scan.Heading]) -> list[Section]:
    """The body split at its headings (the document's ``headings``), as text to take
    words from: link targets, HTML tags and attribute lists removed. The first level-1
    heading is the title and is left to the caller; text under it joins section 0."""
    starts = {heading.line: heading for heading in headings}
    found: list[Section] = []
    heading: markdown_scan.Heading | None = None
    lines: list[str] = []

    def close() -> None:
        found.append(Section(heading.text if heading else None, heading.slug if heading else None,
                             heading.level if heading else 0, not_words_removed("\n".join(lines))))
        lines.clear()

    for number, line in markdown_scan.prose_lines(body, first_line):
        start = starts.get(number)
        if start is None:
            lines.append(line)
        elif start.level == 1 and not found and heading is None:
            continue
        else:
            close()
            heading = start
    close()
    return found


def not_words_removed(text: str) -> str:
    """``text`` with link targets, reference definitions, HTML tags, attribute lists and
    list numbers replaced by a space.

    Two passes that each let the regular expression engine skip ahead to a likely
    start (a line break; one of ``]``, ``<``, ``{``) instead of trying every position:
    four times faster than one pattern of all five, and the same matches, since no
    match crosses a line break except a list number's leading blank lines, and a line
    can only start one kind of match (the first characters differ).
    """
    at_line_starts = _LINE_START_NOT_WORDS.sub("\n ", "\n" + text)[1:]
    return _INLINE_NOT_WORDS.sub(" ", at_line_starts)


_LINE_START_NOT_WORDS = re.compile(
    r"\n(?: {0,3}\[[^\]\n]+\]:.*$"  # a reference definition
    r"|\s*\d+[.)](?=\s))",           # numbers of list items
    re.MULTILINE)
_INLINE_NOT_WORDS = re.compile(
    r"\]\([^)\n]*\)"          # a link's target, after its text
    r"|</?[a-zA-Z][^>\n]*>"     # HTML tags
    r"|\{[:#.][^}\n]*\}")       # attribute lists


def plain_sentences(text: str, longest: int = 240) -> list[str]:
    """The sentences of a section's text (``Section.text``) as a reader sees them: list
    items, table cells and paragraphs apart, emphasis and admonition markers removed,
    one sentence per entry, cut at ``longest`` characters at a word boundary."""
    blocks: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped or _RULE_LINE.fullmatch(stripped):
            close()
            continue
        if "|" in stripped:
            close()
            blocks.extend(cell for cell in (cell.strip() for cell in stripped.strip("|").split("|")) if cell)
            continue
        marker = _BLOCK_START.match(stripped)
        if marker:
            close()
            stripped = stripped[marker.end():]
        current.append(stripped)
    close()
    sentences: list[str] = []
    for block in blocks:
        block = _SPACE_BEFORE_STOP.sub("", _SPACES.sub(" ", _MARKUP.sub("", block))).strip()
        for sentence in _SENTENCE_END.split(block):
            sentence = sentence.strip()
            if len(sentence) > longest:
                sentence = sentence[:longest].rsplit(" ", 1)[0] + " …"
            if any(character.isalnum() for character in sentence):
                sentences.append(sentence)
    return sentences


_RULE_LINE = re.compile(r"[-=*_: |]{3,}")
_BLOCK_START = re.compile(r"(?:[-*+>]\s+|#{1,6}\s+|!!!\s*\w+(?:\s+\"[^\"]*\")?\s*|\?\?\?\+?\s*\w+\s*)+")
_MARKUP = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`|\[|\]")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ\"“(])")
_SPACE_BEFORE_STOP = re.compile(r" (?=[.,;:!?)])")
"""Where a link's target was taken out: "se [Lex Sarah](…)." became "se Lex Sarah ."."""
