"""Content that must never be published: personal identity numbers and active HTML.

Personnummer and samordningsnummer are found in every accepted form and confirmed by
date and check digit, so that dates, phone numbers and case numbers pass. HTML that can
run code or pull in foreign content (``<script>``, ``onclick=``, ``javascript:`` links,
frames, forms) is reported outside code. Both are advice for the editor, who learns of
the problem where it was written; the site's guarantees are made on its output
(``publishing.safety``: an allowlist sanitizer on every page and a final gate over every
published file), so they hold when a pattern here misses what the renderer makes.

Every scan here is linear in the size of the text: the input is hostile by assumption.
"""

from __future__ import annotations

import bisect
import calendar
import html
import re
from dataclasses import dataclass
from typing import Iterator

from qms_tools.handbook import markdown_scan
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Document, Handbook
# The one matcher of the package; its names are re-exported for the rules' callers.
from qms_tools.handbook.personal_ids import (  # noqa: F401
    PersonalIdMatch,
    find_personal_ids,
    is_personal_id,
    lines_with_personal_ids,
    luhn_check_digit,
    mask_personal_ids,
)

# --- Personal identity numbers ------------------------------------------------------

def _personal_id_message(match: PersonalIdMatch, where: str) -> str:
    phone = (" Är det ett telefonnummer, skriv det med mellanslag och bindestreck, t.ex. 070-123 45 67."
             if match.could_be_phone_number else "")
    return (f"{where} innehåller ett personnummer eller samordningsnummer ({match.masked}). Personuppgifter får "
            f"aldrig stå i handboken: ta bort numret och skriv t.ex. \"den enskildes personnummer\" i stället. "
            f"Har ändringen redan sparats i Git, kontakta kvalitetsenheten så att den tas bort ur historiken."
            f"{phone}")


# --- Unsafe HTML --------------------------------------------------------------------

DANGEROUS_ELEMENTS = ("script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
                      "base", "meta", "link")
DANGEROUS_SCHEMES = ("javascript", "vbscript", "data")

_ELEMENT = re.compile(r"<(?P<name>" + "|".join(DANGEROUS_ELEMENTS) + r")(?![\w-])", re.IGNORECASE)
# A start tag up to its '>' (browsers allow '>' inside quoted values); linear because
# every alternative starts with a different character and '>?' always succeeds.
_TAG = re.compile(r"<(?P<name>[a-zA-Z][\w:-]*)(?P<attributes>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>?")
_ATTRIBUTE_LIST = re.compile(r"\{(?P<attributes>[^{}\n]*)\}")
_HANDLER = re.compile(r"(?:^|[\s/\"'])(?P<name>on[a-z]+)\s*=", re.IGNORECASE)
_ATTRIBUTE_VALUE = re.compile(r"=\s*(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>[^\s>\"']+))")
_INLINE_DESTINATION = re.compile(r"\]\(\s*<?(?P<head>[^\s)>]{0,80})")
_MARKDOWN_DESTINATION = re.compile(_INLINE_DESTINATION.pattern + r"|^ {0,3}\[[^\]\n]+\]:[ \t]*<?(?P<definition>"
                                                                r"[^\s>]{0,80})", re.MULTILINE)
# A pattern that starts with "](" is searched for; the one with reference definitions is
# tried at every position, so it only reads texts with a "]:".
# Browsers ignore leading control characters and tabs or line breaks inside a scheme.
_SCHEME = re.compile(r"^[\x00-\x20]*(?P<scheme>"
                     + "|".join("[\t\n\r]*".join(scheme) for scheme in DANGEROUS_SCHEMES)
                     + r")[\t\n\r]*:", re.IGNORECASE)

# Every unsafe construct needs one of these; most documents have none and skip the scan.
_MAY_BE_UNSAFE = re.compile(r"[<{&]|javascript|vbscript|data", re.IGNORECASE)
# The only characters besides a-z and A-Z that _MAY_BE_UNSAFE takes for a letter of its
# words: İ and ı for i, ſ for s.
_NON_ASCII_LETTERS = ("\u0130", "\u0131", "\u017f")


@dataclass(frozen=True)
class UnsafeSpan:
    """One construct that can run code, with its place in the scanned text."""

    start: int
    end: int
    line: int
    kind: str  # "element", "handler" or "url"
    name: str  # e.g. "script", "onclick", "javascript"

    @property
    def message(self) -> str:
        if self.kind == "element":
            return (f"HTML-elementet <{self.name}> får inte finnas i handboken: det kan köra kod eller bädda in "
                    f"främmande innehåll på sidan. Ta bort det, eller sätt det i ett kodblock (```) om det ska "
                    f"visas som exempel.")
        if self.kind == "handler":
            return (f"HTML-attributet '{self.name}' kör kod i läsarens webbläsare. Ta bort attributet, och hela "
                    f"taggen om den inte behövs.")
        return (f"Länken börjar med '{self.name}:', som kan köra kod eller dölja innehåll i stället för att öppna "
                f"en sida. Länka med en vanlig adress (https://…) eller till ett dokument i handboken.")


def unsafe_html_spans(body: str, first_line: int = 1, structure: markdown_scan.Structure | None = None
                      ) -> list[UnsafeSpan]:
    """Every construct in Markdown ``body`` that could run code in a reader's browser,
    ignoring what the site shows as code (``markdown_scan.code_mask``), sorted by
    position. ``structure``: the body's, when the caller has it."""
    if not _may_be_unsafe(body):
        return []
    return _unsafe_spans(body, first_line, markdown_scan.code_mask(body, structure))


def _may_be_unsafe(text: str) -> bool:
    """Whether ``_MAY_BE_UNSAFE`` matches in ``text``, ten times faster than it finds out:
    a case-insensitive pattern is tried at every d, j and v of the text, while an ASCII
    lower-casing of the UTF-8 bytes is searched like any string."""
    if "<" in text or "{" in text or "&" in text:
        return True
    if any(letter in text for letter in _NON_ASCII_LETTERS):
        return _MAY_BE_UNSAFE.search(text) is not None
    lowered = text.encode("utf-8", "surrogatepass").lower()
    return b"javascript" in lowered or b"vbscript" in lowered or b"data" in lowered


def _unsafe_spans(text: str, first_line: int, scanned: str) -> list[UnsafeSpan]:
    """Spans found in ``scanned`` (``text`` with code blanked out, same offsets)."""
    line_of = _line_counter(text, first_line)

    def span(start: int, end: int, kind: str, name: str) -> UnsafeSpan:
        return UnsafeSpan(start, end, line_of(start), kind, name.lower())

    spans = []
    for match in _ELEMENT.finditer(scanned):
        spans.append(span(match.start(), match.end(), "element", match.group("name")))
    for pattern in (_TAG, _ATTRIBUTE_LIST):
        for match in pattern.finditer(scanned):
            attributes = match.group("attributes")
            # A handler needs "on" and a scheme a ":" (or a reference hiding it): most
            # tags have neither, and 100,000 of them took 1.5 s without this test.
            lowered = attributes.lower()
            if "on" in lowered:
                for handler in _HANDLER.finditer(attributes):
                    spans.append(span(match.start(), match.end(), "handler", handler.group("name")))
            if ":" not in attributes and "&" not in attributes:
                continue
            for value in _ATTRIBUTE_VALUE.finditer(attributes):
                raw = value.group("double") or value.group("single") or value.group("bare") or ""
                scheme = _SCHEME.match(html.unescape(raw))
                if scheme:
                    spans.append(span(match.start(), match.end(), "url", _letters(scheme.group("scheme"))))
    for match in (_MARKDOWN_DESTINATION if "]:" in scanned else _INLINE_DESTINATION).finditer(scanned):
        group = "head" if match.group("head") is not None else "definition"
        scheme = _SCHEME.match(html.unescape(match.group(group)))
        if scheme:
            spans.append(span(match.start(group), match.end(group), "url", _letters(scheme.group("scheme"))))
    return sorted(spans, key=lambda found: (found.start, found.kind, found.name))


def _line_counter(text: str, first_line: int):
    """offset -> file line, in O(log n) per call once the line breaks are indexed."""
    newlines: list[int] = []

    def line_of(offset: int) -> int:
        if not newlines:
            newlines.extend(match.start() for match in re.finditer("\n", text))
            newlines.append(len(text) + 1)
        return first_line + bisect.bisect_left(newlines, offset)

    return line_of


def _letters(scheme: str) -> str:
    return re.sub(r"[^a-zA-Z]", "", scheme)


# --- The rules ------------------------------------------------------------------------

def front_matter_texts(document: Document) -> Iterator[tuple[int, str, str]]:
    """(line, key, text) of every front-matter value that is published as text. Values
    that fail validation are errors already and are never published."""
    for key in ("id", "title", "owner", "area", "replaced_by"):
        value = getattr(document, key)
        if value and key in document.key_lines:
            yield document.line_of(key), key, value
    for activity in document.activities:
        yield activity.line, "activities", activity.name
        for routine in activity.routines:
            yield activity.line, "activities", routine


# A pasted export can hold thousands of numbers or tags; past this many the rest of a
# document's findings of one rule are summed up in one, so the report stays readable.
MAX_FINDINGS_PER_DOCUMENT = 20


def _capped(findings: Iterator[Finding]) -> Iterator[Finding]:
    rest = []
    for count, finding in enumerate(findings):
        if count < MAX_FINDINGS_PER_DOCUMENT:
            yield finding
        else:
            rest.append(finding)
    if rest:
        yield Finding(rest[0].path, rest[0].line, rest[0].rule, Severity.ERROR,
                      f"Samma problem finns på ytterligare {len(rest)} ställen från och med den här raden (till rad "
                      f"{rest[-1].line}). Rätta dem på samma sätt och kör kontrollen igen.")


def personal_ids(handbook: Handbook) -> Iterator[Finding]:
    for document in handbook.documents:
        yield from _capped(_personal_ids_in(document))


def _personal_ids_in(document: Document) -> Iterator[Finding]:
    for match in find_personal_ids(document.content_path):
        yield Finding(document.path, 1, "content.personal-id", Severity.ERROR,
                      _personal_id_message(match, "Filnamnet"))
    for line, key, text in front_matter_texts(document):
        for match in find_personal_ids(text):
            yield Finding(document.path, line, "content.personal-id", Severity.ERROR,
                          _personal_id_message(match, f"Värdet för '{key}'"))
    # Code blocks too: they are published like any other text. Read as written and as a
    # reader sees it: "&#8209;" or a zero-width space between the digits hides nothing.
    for line, match in lines_with_personal_ids(document.body, document.body_line):
        yield Finding(document.path, line, "content.personal-id", Severity.ERROR,
                      _personal_id_message(match, "Texten"))


def unsafe_html(handbook: Handbook) -> Iterator[Finding]:
    for document in handbook.documents:
        yield from _capped(_unsafe_html_in(document))


def _unsafe_html_in(document: Document) -> Iterator[Finding]:
    for line, key, text in front_matter_texts(document):
        for span in _unsafe_spans(text, line, text) if _may_be_unsafe(text) else ():
            yield Finding(document.path, line, "content.unsafe-html", Severity.ERROR,
                          f"Värdet för '{key}': {span.message}")
    for span in unsafe_html_spans(document.body, document.body_line, document.structure):
        yield Finding(document.path, span.line, "content.unsafe-html", Severity.ERROR, span.message)


RULES = (personal_ids, unsafe_html)
