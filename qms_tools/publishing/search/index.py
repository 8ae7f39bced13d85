"""The static search index: small files a phone fetches only as a query needs them.

Layout under the output folder (the site's ``search/``)::

    index.json        manifest: where each term shard starts, filters, synonyms, stop words
    t/<n>.txt         term shards: ``term<TAB>document count<TAB>postings`` per line,
                      terms in sorted order, each shard about SHARD_BYTES
    d/<n>.json        result lines of documents 2n and 2n+1: address, title, id, status,
                      type, headings (with the anchor only where the browser cannot
                      derive it from the heading with ``markdown_scan.slugify``)
    f/<key>-<n>.txt   the documents of one filter value (area, type, SOSFS chapter, law)
    id/<n>.json       exact document id -> address, in buckets by a hash of the id
    s/<n>.txt         the sentences of document n (``section<TAB>sentence``), for the
                      snippet under its result
    v/<n>.txt         every word a query may be corrected to, with its document count,
                      sorted, about VOCABULARY_BYTES each
    r/<n>.txt         the same words spelt backwards, sorted: the words that end alike

A query of two words therefore costs the manifest, two shards and two small files per
result shown, whatever the size of the handbook; a misspelt word adds a few vocabulary
parts. Documents are numbered in force, drafts, withdrawn, so "leave withdrawn out" and
"is a draft" are numbers in the manifest, not files.

Scores are computed here (BM25 with field weights, and the tier of the field, see
RANK), so the browser only adds them up.
"""

from __future__ import annotations

import gc
import json
import math
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from itertools import groupby
from operator import itemgetter
from typing import Iterable, Iterator

from qms_tools.handbook.markdown_scan import slugify
from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.vocabulary import DocumentType, Status
from qms_tools.language.compounds import Lexicon
from qms_tools.language.synonyms import SynonymTable
from qms_tools.publishing.withheld import shown_body
from qms_tools.language.text import STOP_WORDS, plain_sentences, sections, stem, words

FORMAT_VERSION = 1
SHARD_BYTES = 12_000
RESULT_BLOCK = 2
"""Result lines per file: one file per document made the build write ten thousand files;
two lines are about a kilobyte per result shown, and a query typed letter by letter
fetches result lines several times."""
ID_BUCKET_SIZE = 256
"""Ids per id bucket, roughly: a bucket stays a few kilobytes at any handbook size."""

WEIGHT_ID = 12
WEIGHT_TITLE = 10
WEIGHT_HEADING = 4
WEIGHT_LAW = 3
WEIGHT_FACT = 2
"""Document type and verksamhetsområde, as words: "checklista äldreomsorg" finds them."""
WEIGHT_BODY = 1
"""Field weights are whole numbers: the builder counts a field's words that many times."""
QUOTED_UNITS = 1
"""A word in quotation marks in the body counts a fifth of a body word: "skriv till
exempel "fall" eller "läkemedel"" mentions words, it is not about them."""
PART_FACTOR = 0.4
"""A compound's part counts less than a whole word: "plan" ranks a "Plan för …" above
a "Genomförandeplan", and both above a body that only mentions a plan."""

TIER_BODY, TIER_HEADING, TIER_TITLE_PART, TIER_TITLE_START, TIER_TITLE = range(5)
"""Where a term stands in a document, best first from the end: the title (or id), the
first part of a compound in the title (avvikelse in Avvikelsehantering), another part
of a title compound, a heading (or an activity, a law), the body only. The tier is the
first thing the browser ranks by; BM25 only orders documents of one tier."""
TIER_LEVELS = 12
"""Score levels within a tier: five tiers of twelve fit the 64 values of one character."""
RANK = {
    "tiers": [1, 4, 5, 7, 10],
    "synonym": 0.35,
    "prefix": 0.8,
    "correction": 0.9,
    "draft": 0.8,
    "rarity": 0.9,
    "weakest": 1,
    "together": 2,
}
"""How the browser adds up a query word's best posting (engine.js reads this from the
manifest): the weight of its tier plus its BM25 level scaled below 1, times

- ``synonym`` when it was found through the synonym list (a synonym's title, 3.5,
  weighs less than the word itself in a heading, 4; where the word itself is nowhere
  in the handbook its synonyms count as a ``correction``),
- ``prefix`` when the term only begins with the word typed (a title then counts as a
  title start); the noun of a verb typed (placera -> placering) counts as the word,
- ``correction`` when it was found through a spelling correction,
- ``draft`` for a document not yet in force,
- the term's rarity: ``rarity`` of the weight is the term's inverse document frequency
  against the rarest term's, so in "placera barn" the rarer word counts for more.

Over the words of a query: documents with every word first, then the sum, plus
``weakest`` times the weakest word's score (strong in all words before strong in one)
and ``together`` when every word is at its best in one section under a heading.
The values were set on the judged queries (tests/publishing/search/judged_queries.yml,
benchmarks/search_relevance.py); there is no separate held-out set."""
K1 = 2.0
B = 0.5
MAX_POSTINGS = 1000
"""A term keeps its best-scoring documents only. A word in thousands of documents would
otherwise cost a phone tens of kilobytes per query; documents below its top thousand
rarely reach the ten results shown. Its true document count is kept for ranking."""
MAX_SECTION = 63

VOCABULARY_BYTES = 4_000
"""Size of a vocabulary part: a misspelt word fetches the parts of its first and its
last letters, a few kilobytes each."""
SNIPPET_BYTES = 2_000
"""Text kept per document for its snippet; a longer document keeps its sentences that
fit, in order, and the snippet then comes from those."""

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
"""64 URL-safe characters: a posting is a few characters of plain text."""

FILTERS = (("omrade", "Verksamhetsområde"), ("typ", "Dokumenttyp"), ("kapitel", "SOSFS-kapitel"), ("lag", "Lag"))


@dataclass(frozen=True)
class IndexedPage:
    document: Document
    url: str
    """Address relative to the site root, as the site links it (``barn-och-unga/placering/``)."""


@dataclass
class IndexSummary:
    documents: int
    terms: int
    shards: int
    bytes: int
    files: int


@dataclass
class _Prepared:
    page: IndexedPage
    fields: list[tuple[int, int, list[str]]]
    """(weight in UNITS, section number, words) of everything indexed."""
    tiered: list[tuple[tuple[int, int, int], list[str]]]
    """(tiers of the whole words, of their compound parts, of their first parts; words)
    of the fields above the body: id, title, headings, activities, laws."""
    snippets: list[tuple[int, str]]
    """(section number, sentence) of the body, for the result's snippet."""
    headings: list[tuple[str, str]]
    length: int
    filters: dict[str, list[str]]


def build_index(handbook: Handbook, pages: Iterable[IndexedPage], out_dir: Path,
                synonyms: SynonymTable = SynonymTable()) -> IndexSummary:
    """Write the index of ``pages`` into ``out_dir`` (replacing an older index there)."""
    # Hundreds of thousands of small tuples and dicts, none in a reference cycle: the
    # cycle collector would walk the whole site build's heap again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_index(handbook, pages, out_dir, synonyms)
    finally:
        if collecting:
            gc.enable()


def _build_index(handbook: Handbook, pages: Iterable[IndexedPage], out_dir: Path,
                 synonyms: SynonymTable) -> IndexSummary:
    ordered = sorted(pages, key=lambda page: (_STANDING.get(page.document.status, 1), page.url))
    regulations = {regulation.id: regulation for regulation in handbook.regulations.regulations}
    prepared = [_prepare(handbook, page, regulations) for page in ordered]
    vocabulary: set[str] = set()
    for item in prepared:
        for _, _, field_words in item.fields:
            vocabulary.update(field_words)
    lexicon = Lexicon(vocabulary)
    terms = _Terms({word: _analyse(word, lexicon) for word in vocabulary},
                   {word: _leading(word, lexicon) for word in vocabulary})
    average_length = max(1.0, sum(item.length for item in prepared) / max(1, len(prepared)))

    postings: dict[str, list[tuple[int, int, int]]] = {}
    for number, item in enumerate(prepared):
        normaliser = K1 * (1 - B + B * item.length / average_length)
        levels: dict[tuple[int, int], int] = {}
        totals, sections = _weighted_terms(item, terms)
        tiers = _tiers(item, terms)
        for term, units in totals.items():
            tier = tiers.get(term, TIER_BODY)
            level = levels.get((units, tier))
            if level is None:
                weight = units / UNITS
                score = weight * (K1 + 1) / (weight + normaliser)
                within = max(0, min(TIER_LEVELS - 1, round(score / (K1 + 1) * (TIER_LEVELS - 1))))
                level = levels[units, tier] = tier * TIER_LEVELS + within
            found = postings.get(term)
            if found is None:
                found = postings[term] = []
            found.append((number, level, min(sections[term], MAX_SECTION)))

    for folder in ("t", "d", "f", "id", "v", "r", "s"):
        shutil.rmtree(out_dir / folder, ignore_errors=True)
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    written = _Written()
    shard_starts = _write_shards(postings, out_dir, written)
    for block in range(0, len(prepared), RESULT_BLOCK):
        written.json(out_dir / "d" / f"{block // RESULT_BLOCK}.json",
                     [_result_line(item) for item in prepared[block:block + RESULT_BLOCK]])
    for number, item in enumerate(prepared):
        written.text(out_dir / "s" / f"{number}.txt", _snippet_text(item.snippets))
    filters = _write_filters(prepared, out_dir, written)
    id_buckets = _write_ids(prepared, out_dir, written)
    counts = _word_counts(prepared, lexicon)
    vocabulary_starts = _write_vocabulary(counts, out_dir / "v", lambda word: word, written)
    reversed_starts = _write_vocabulary(counts, out_dir / "r", lambda word: word[::-1], written)
    live = sum(1 for item in prepared if not item.page.document.is_withdrawn)
    in_force = sum(1 for item in prepared if item.page.document.status is Status.IN_FORCE)
    manifest = {
        "version": FORMAT_VERSION,
        "documents": len(prepared),
        "live": live,
        "inForce": in_force,
        "shards": shard_starts,
        "vocabulary": vocabulary_starts,
        "reversed": reversed_starts,
        "idBuckets": id_buckets,
        "stop": sorted(STOP_WORDS),
        "synonyms": synonyms.as_data(),
        "filters": filters,
        "rank": {**RANK, "levels": TIER_LEVELS},
        "example": _example_id(prepared),
    }
    written.json(out_dir / "index.json", manifest)
    return IndexSummary(len(prepared), len(postings), len(shard_starts), written.bytes, written.files)


UNITS = 5
"""Weights are summed in fifths, as integers: every field weight is a whole number and
a part counts PART_FACTOR (2/5) of it, so sums are exact whatever their order."""
_PART_UNITS = round(PART_FACTOR * UNITS)
if _PART_UNITS != PART_FACTOR * UNITS:
    raise ValueError("PART_FACTOR must be a whole number of 1/UNITS")


class _Terms:
    """The terms of each word of the vocabulary: its own (None for a stop word), the
    compound parts of the few words that have them, and which of those parts lead."""

    def __init__(self, analysed: dict[str, tuple[str, ...]], leading: dict[str, tuple[str, ...]]):
        self.whole = {word: terms[0] for word, terms in analysed.items() if terms}
        self.parts = {word: terms[1:] for word, terms in analysed.items() if len(terms) > 1}
        self.leading = {word: terms for word, terms in leading.items() if terms}
        self.has_parts = frozenset(self.parts)


def _tiers(item: _Prepared, terms: _Terms) -> dict[str, int]:
    """Term -> its best tier in the document, for the terms above the body."""
    tiers: dict[str, int] = {}

    def raise_to(term: str, tier: int) -> None:
        if tiers.get(term, -1) < tier:
            tiers[term] = tier

    for (whole_tier, part_tier, leading_tier), field_words in item.tiered:
        for word in field_words:
            whole = terms.whole.get(word)
            if whole is None:
                continue
            raise_to(whole, whole_tier)
            for part in terms.parts.get(word, ()):
                raise_to(part, part_tier)
            for part in terms.leading.get(word, ()):
                raise_to(part, leading_tier)
    return tiers


def _weighted_terms(item: _Prepared, terms: _Terms) -> tuple[dict[str, int], dict[str, int]]:
    """The weight of each term of a document (in UNITS, summed over its fields), and
    the section where most of it is; on a tie, the section where the term came first
    (sections in order, section 0 last when only the fields after the body reach it).

    Words are counted by C code, per run of fields of one section; Python visits each
    term of a section once.
    """
    totals: dict[str, int] = {}
    best: dict[str, int] = {}
    sections: dict[str, int] = {}
    first: dict[str, int] = {}
    """Units of the fields before the body's first heading (section 0)."""
    for section, fields in groupby(item.fields, key=itemgetter(1)):
        units = _units(fields, terms)
        if not totals:
            totals, best, first = dict(units), dict(units), units
            sections = dict.fromkeys(units, section)
            continue
        for term, term_units in units.items():
            top = best.get(term)
            if top is None:
                totals[term] = best[term] = term_units
                sections[term] = section
                continue
            totals[term] += term_units
            if section == 0 and term in first:
                # Facts after the body add to section 0, which came first: it wins a tie.
                term_units += first[term]
                if term_units >= top:
                    best[term] = term_units
                    sections[term] = 0
            elif term_units > top:
                best[term] = term_units
                sections[term] = section
    return totals, sections


def _units(fields: Iterable[tuple[int, int, list[str]]], terms: _Terms) -> dict[str, int]:
    """Term -> weight in UNITS over ``fields``: whole words at the field's weight, compound
    parts at PART_FACTOR of it."""
    counted: Counter = Counter()
    part_units: dict[str, int] = {}
    whole_term = terms.whole.get
    rest_units: Counter = Counter()
    for field_units, _, field_words in fields:
        # Heavier fields are short (an id, a title, headings): counting their words
        # ``weight`` times keeps the counting in C.
        weight, rest = divmod(field_units, UNITS)
        if weight:
            counted.update(map(whole_term, field_words * weight if weight > 1 else field_words))
        if rest:
            rest_units.update(map(whole_term, field_words * rest))
        part_share = max(1, field_units * _PART_UNITS // UNITS)
        if not terms.has_parts.isdisjoint(field_words):
            for word in filter(terms.has_parts.__contains__, field_words):
                for part in terms.parts[word]:
                    part_units[part] = part_units.get(part, 0) + part_share
    counted.pop(None, None)  # stop words
    rest_units.pop(None, None)
    units = {term: count * UNITS for term, count in counted.items()}
    for term, extra in rest_units.items():
        units[term] = units.get(term, 0) + extra
    for term, extra in part_units.items():
        units[term] = units.get(term, 0) + extra
    return units


def _analyse(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The term of a word, then the terms of its compound parts; () for a stop word."""
    if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
        return ()
    whole = stem(word)
    parts = dict.fromkeys(stem(part) for part in lexicon.split(word) if part not in STOP_WORDS)
    parts.pop(whole, None)
    return (whole, *parts)


def _leading(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The terms of a compound's leading parts (``Lexicon.leading``)."""
    if word in STOP_WORDS or len(word) < 2:
        return ()
    return tuple(dict.fromkeys(stem(part) for part in lexicon.leading(word) if part not in STOP_WORDS))


_TITLE_TIERS = (TIER_TITLE, TIER_TITLE_PART, TIER_TITLE_START)
_ID_TIERS = (TIER_TITLE, TIER_TITLE, TIER_TITLE)
_HEADING_TIERS = (TIER_HEADING, TIER_HEADING, TIER_HEADING)


_STANDING = {Status.IN_FORCE: 0, Status.DRAFT: 1, Status.WITHDRAWN: 2}
"""Order of document numbers: in force, drafts, withdrawn (so that the manifest's
``inForce`` and ``live`` say what a document number is)."""


def _prepare(handbook: Handbook, page: IndexedPage, regulations: dict) -> _Prepared:
    document = page.document
    fields: list[tuple[int, int, list[str]]] = []
    tiered: list[tuple[tuple[int, int, int], list[str]]] = []

    def add(weight: int, section: int, field_words: list[str], tiers: tuple[int, int, int] | None = None) -> None:
        fields.append((weight * UNITS, section, field_words))
        if tiers:
            tiered.append((tiers, field_words))

    if document.id:
        add(WEIGHT_ID, 0, words(document.id), _ID_TIERS)
    add(WEIGHT_TITLE, 0, words(document.display_title), _TITLE_TIERS)
    headings: list[tuple[str, str]] = []
    snippets: list[tuple[int, str]] = []
    length = 0
    body_text = shown_body(handbook, document)  # a withheld document's title stays out of search
    for number, section in enumerate(sections(body_text, document.body_line, document.headings)):
        if number:
            headings.append((section.anchor or "", section.heading or ""))
            add(WEIGHT_HEADING, number, words(section.heading or ""), _HEADING_TIERS)
        quoted = words(" ".join(_QUOTED.findall(section.text)))
        body = words(_QUOTED.sub(" ", section.text))
        length += len(body) + len(quoted)
        fields.append((WEIGHT_BODY * UNITS, number, body))
        if quoted:
            fields.append((QUOTED_UNITS, number, quoted))
        snippets.extend((number, sentence) for sentence in plain_sentences(section.text))
    for activity in document.activities:
        add(WEIGHT_HEADING, 0, words(activity.name), _HEADING_TIERS)
    for law in document.laws:
        add(WEIGHT_LAW, 0, words(law), _HEADING_TIERS)
    filters = _filter_values(handbook, document, regulations)
    for value in filters["omrade"] + filters["typ"]:
        add(WEIGHT_FACT, 0, words(value))
    return _Prepared(page, fields, tiered, snippets, headings, length, filters)


_QUOTES = "\"“”„«»"
_QUOTED = re.compile(f"[{_QUOTES}]([^{_QUOTES}\n]{{1,60}})[{_QUOTES}]")
"""A short stretch in quotation marks on one line: an example, a term being explained."""


def _filter_values(handbook: Handbook, document: Document, regulations: dict) -> dict[str, list[str]]:
    area = handbook.organisation.areas.get(document.area or "")
    chapters: list[str] = []
    for reference in document.references:
        regulation = regulations.get(reference.regulation)
        label = f"{regulation.short_title if regulation else reference.regulation} {reference.chapter} kap."
        if label not in chapters:
            chapters.append(label)
    return {
        "omrade": [area.title] if area else [],
        "typ": [document.type.label] if document.type else [],
        "kapitel": chapters,
        "lag": list(dict.fromkeys(document.laws)),
    }


def _snippet_text(snippets: list[tuple[int, str]]) -> str:
    """``section<TAB>sentence`` per line, up to SNIPPET_BYTES."""
    lines: list[str] = []
    size = 0
    for section, sentence in snippets:
        line = f"{min(section, MAX_SECTION)}\t{sentence}"
        size += len(line.encode("utf-8")) + 1
        if size > SNIPPET_BYTES:
            break
        lines.append(line)
    return "\n".join(lines)


def _word_counts(prepared: list[_Prepared], lexicon: Lexicon) -> Counter:
    """Document count of every word a query may be corrected to: each word of the
    handbook that can be searched, and the parts of its compounds (counted as the most
    common compound they are part of, or as a word of their own if that is more: the
    count only breaks ties between corrections)."""
    counts: Counter = Counter()
    for item in prepared:
        present: set[str] = set()
        for _, _, field_words in item.fields:
            present.update(field_words)
        counts.update(present)
    for word in list(counts):
        if word in STOP_WORDS or len(word) < 3 or not word.isalpha():
            del counts[word]
    for word, count in list(counts.items()):
        for part in lexicon.split(word):
            if part not in STOP_WORDS and len(part) >= 3 and counts.get(part, 0) < count:
                counts[part] = count
    return counts


def _write_vocabulary(counts: Counter, folder: Path, key, written: _Written) -> list[str]:
    """``key(word)<TAB>document count`` per line in sorted order, in parts of about
    VOCABULARY_BYTES; the first key of each part."""
    starts: list[str] = []
    lines: list[str] = []
    size = 0
    for word, line_key in sorted(((word, key(word)) for word in counts), key=itemgetter(1)):
        line = f"{line_key}\t{counts[word]}"
        if lines and size + len(line) > VOCABULARY_BYTES:
            written.text(folder / f"{len(starts) - 1}.txt", "\n".join(lines))
            lines.clear()
            size = 0
        if not lines:
            starts.append(line_key)
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
    if lines:
        written.text(folder / f"{len(starts) - 1}.txt", "\n".join(lines))
    return starts


def _example_id(prepared: list[_Prepared]) -> str:
    """An id of this handbook to show in the search hint: the first routine in force."""
    for item in prepared:
        document = item.page.document
        if document.id and document.type is DocumentType.ROUTINE and document.status is Status.IN_FORCE:
            return document.id
    return next((item.page.document.id for item in prepared if item.page.document.id), "")


def _result_line(item: _Prepared) -> dict:
    document = item.page.document
    line = {"u": item.page.url, "t": document.display_title, "i": document.id or "",
            "s": document.status.label if document.status else "", "y": document.type.label if document.type else ""}
    if item.headings:
        # engine.js derives a heading's anchor with the site's slugify; where the page's
        # anchor is another (repeated headings, explicit ids), the line carries it.
        line["h"] = [text if slugify(text) == anchor else [text, anchor]
                     for anchor, text in item.headings[:MAX_SECTION]]
    return line


class _Written:
    def __init__(self) -> None:
        self.bytes = 0
        self.files = 0

    def text(self, path: Path, text: str) -> None:
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.bytes += len(data)
        self.files += 1

    def json(self, path: Path, data) -> None:
        self.text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def encode_number(value: int) -> str:
    """Five bits per character, the sixth says another character follows."""
    if value < len(_SMALL_NUMBERS):
        return _SMALL_NUMBERS[value]
    return _encode_number(value)


def _encode_number(value: int) -> str:
    characters = []
    while True:
        low, value = value & 31, value >> 5
        characters.append(ALPHABET[low | (32 if value else 0)])
        if not value:
            return "".join(characters)


_SMALL_NUMBERS = tuple(_encode_number(value) for value in range(1 << 10))
"""Gaps between document numbers are mostly small: looked up, not computed."""
_LEVEL_AND_SECTION = tuple(level + section for level in ALPHABET for section in ALPHABET)


def readable_text(relative: str, text: str) -> str:
    """The text a person could read in the index file at ``relative`` (a path under the
    index folder): the terms and the counts. Postings (``t/``, third column) and filter
    lists (``f/``) are numbers written in ``ALPHABET``, whose digits are digits by chance;
    the final gate reads this instead, or a run of them that happens to have a personal
    identity number's shape and check digit would stop a build (one did, at 1,500
    generated documents)."""
    folder = relative.split("/", 1)[0]
    if folder == "f":
        return ""
    if folder == "t":
        return "\n".join("\t".join(line.split("\t", 2)[:2]) for line in text.split("\n"))
    return text


def encode_postings(postings: list[tuple[int, int, int]]) -> str:
    """Per posting: the document number as a gap from the one before, its score level
    and its section, one character each."""
    encoded = []
    previous = 0
    for document, level, section in postings:
        encoded.append(encode_number(document - previous))
        encoded.append(_LEVEL_AND_SECTION[level * 64 + section])
        previous = document
    return "".join(encoded)


def encode_documents(documents: Iterable[int]) -> str:
    encoded = []
    previous = 0
    for document in documents:
        encoded.append(encode_number(document - previous))
        previous = document
    return "".join(encoded)


def _best(postings: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The MAX_POSTINGS best-scoring postings, in document order."""
    if len(postings) <= MAX_POSTINGS:
        return postings
    return sorted(sorted(postings, key=lambda posting: (-posting[1], posting[0]))[:MAX_POSTINGS])


def _write_shards(postings: dict[str, list[tuple[int, int, int]]], out_dir: Path, written: _Written) -> list[str]:
    starts: list[str] = []
    lines: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal size
        if lines:
            written.text(out_dir / "t" / f"{len(starts) - 1}.txt", "\n".join(lines))
            lines.clear()
            size = 0

    for term in sorted(postings):
        line = f"{term}\t{len(postings[term])}\t{encode_postings(_best(postings[term]))}"
        if not lines or size + len(line) > SHARD_BYTES:
            flush()
            starts.append(term)
        lines.append(line)
        size += len(line) + 1
    flush()
    return starts


def _write_filters(prepared: list[_Prepared], out_dir: Path, written: _Written) -> list[dict]:
    manifest = []
    for key, label in FILTERS:
        members: dict[str, list[int]] = {}
        for number, item in enumerate(prepared):
            for value in item.filters[key]:
                members.setdefault(value, []).append(number)
        values = []
        for position, value in enumerate(sorted(members, key=_natural)):
            written.text(out_dir / "f" / f"{key}-{position}.txt", encode_documents(members[value]))
            values.append([value, len(members[value])])
        if values:
            manifest.append({"key": key, "label": label, "values": values})
    return manifest


def _natural(value: str) -> tuple:
    """Sort order of filter values: "SOSFS 2011:9 10 kap." after "… 9 kap."."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower()) for part in re.findall(r"\d+|\D+", value))


def id_bucket(document_id: str, buckets: int) -> int:
    """FNV-1a of the upper-case id; engine.js computes the same."""
    value = 0x811C9DC5
    for character in document_id.upper():
        value ^= ord(character)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value % buckets


def _write_ids(prepared: list[_Prepared], out_dir: Path, written: _Written) -> int:
    ids = {item.page.document.id.upper(): item.page.url for item in prepared if item.page.document.id}
    buckets = 1 << max(0, math.ceil(math.log2(max(1, len(ids)) / ID_BUCKET_SIZE)))
    grouped: dict[int, dict[str, str]] = {}
    for document_id, url in sorted(ids.items()):
        grouped.setdefault(id_bucket(document_id, buckets), {})[document_id] = url
    for bucket, entries in grouped.items():
        written.json(out_dir / "id" / f"{bucket}.json", entries)
    return buckets
