"""The static search index: small files a phone fetches only as a query needs them.

Layout under the output folder (the site's ``search/``)::

    index.json        manifest: where each term shard starts, filters, synonyms, stop words
    t/<n>.txt         term shards: ``term<TAB>document count<TAB>postings`` per line,
                      terms in sorted order, each shard about SHARD_BYTES
    d/<n>.json        result lines of documents 2n and 2n+1: address, title, id, status,
                      type, headings (with the anchor only where the browser cannot
                      derive it from the heading, see ``browser_slug``)
    f/<key>-<n>.txt   the documents of one filter value (area, type, SOSFS chapter, law)
    id/<n>.json       exact document id -> address, in buckets by a hash of the id

A query of two words therefore costs the manifest, two shards and one small file per
result shown, whatever the size of the handbook. Withdrawn documents get the highest
document numbers, so "leave them out" is one number in the manifest, not a file.

Scores are computed here (BM25 with field weights), so the browser only adds them up.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..model import Document, Handbook
from .compounds import Lexicon
from .synonyms import SynonymTable
from .text import STOP_WORDS, sections, stem, words

FORMAT_VERSION = 1
SHARD_BYTES = 12_000
RESULT_BLOCK = 2
"""Result lines per file: one file per document made the build write ten thousand files;
two lines are about a kilobyte per result shown, and a query typed letter by letter
fetches result lines several times."""
ID_BUCKET_SIZE = 256
"""Ids per id bucket, roughly: a bucket stays a few kilobytes at any handbook size."""

WEIGHT_ID = 12.0
WEIGHT_TITLE = 10.0
WEIGHT_HEADING = 4.0
WEIGHT_LAW = 3.0
WEIGHT_FACT = 2.0
"""Document type and verksamhetsområde, as words: "checklista äldreomsorg" finds them."""
WEIGHT_BODY = 1.0
PART_FACTOR = 0.4
"""A compound's part counts less than a whole word: "plan" ranks a "Plan för …" above
a "Genomförandeplan", and both above a body that only mentions a plan."""
K1 = 2.0
B = 0.5
SCORE_LEVELS = 63
MAX_POSTINGS = 1000
"""A term keeps its best-scoring documents only. A word in thousands of documents would
otherwise cost a phone tens of kilobytes per query; documents below its top thousand
rarely reach the ten results shown. Its true document count is kept for ranking."""
MAX_SECTION = 63

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
    fields: list[tuple[float, int, list[str]]]
    """(weight, section number, words) of everything indexed."""
    headings: list[tuple[str, str]]
    length: int
    filters: dict[str, list[str]]


def build_index(handbook: Handbook, pages: Iterable[IndexedPage], out_dir: Path,
                synonyms: SynonymTable = SynonymTable()) -> IndexSummary:
    """Write the index of ``pages`` into ``out_dir`` (replacing an older index there)."""
    ordered = sorted(pages, key=lambda page: (page.document.is_withdrawn, page.url))
    prepared = [_prepare(handbook, page) for page in ordered]
    vocabulary: set[str] = set()
    for item in prepared:
        for _, _, field_words in item.fields:
            vocabulary.update(field_words)
    lexicon = Lexicon(vocabulary)
    average_length = max(1.0, sum(item.length for item in prepared) / max(1, len(prepared)))

    postings: dict[str, list[tuple[int, int, int]]] = {}
    analysed: dict[str, tuple[str, ...]] = {}
    for number, item in enumerate(prepared):
        # term -> {section: weighted count}; plain dicts, this loop runs for every word
        entries: dict[str, dict[int, float]] = {}
        for weight, section, field_words in item.fields:
            part_weight = weight * PART_FACTOR
            for word, count in Counter(field_words).items():
                terms = analysed.get(word)
                if terms is None:
                    terms = analysed[word] = _analyse(word, lexicon)
                for position, term in enumerate(terms):
                    if term:
                        by_section = entries.get(term)
                        if by_section is None:
                            by_section = entries[term] = {}
                        by_section[section] = by_section.get(section, 0.0) + count * (weight if position == 0
                                                                                      else part_weight)
        normaliser = K1 * (1 - B + B * item.length / average_length)
        for term, by_section in entries.items():
            weight = sum(by_section.values())
            score = weight * (K1 + 1) / (weight + normaliser)
            level = max(1, min(SCORE_LEVELS, round(score / (K1 + 1) * SCORE_LEVELS)))
            section = next(iter(by_section)) if len(by_section) == 1 else max(by_section, key=by_section.__getitem__)
            postings.setdefault(term, []).append((number, level, min(section, MAX_SECTION)))

    for folder in ("t", "d", "f", "id"):
        shutil.rmtree(out_dir / folder, ignore_errors=True)
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    written = _Written()
    shard_starts = _write_shards(postings, out_dir, written)
    for block in range(0, len(prepared), RESULT_BLOCK):
        written.json(out_dir / "d" / f"{block // RESULT_BLOCK}.json",
                     [_result_line(item) for item in prepared[block:block + RESULT_BLOCK]])
    filters = _write_filters(prepared, out_dir, written)
    id_buckets = _write_ids(prepared, out_dir, written)
    live = sum(1 for item in prepared if not item.page.document.is_withdrawn)
    manifest = {
        "version": FORMAT_VERSION,
        "documents": len(prepared),
        "live": live,
        "shards": shard_starts,
        "idBuckets": id_buckets,
        "stop": sorted(STOP_WORDS),
        "synonyms": synonyms.as_data(),
        "filters": filters,
    }
    written.json(out_dir / "index.json", manifest)
    return IndexSummary(len(prepared), len(postings), len(shard_starts), written.bytes, written.files)


def _analyse(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The term of a word, then the terms of its compound parts; () for a stop word."""
    if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
        return ()
    whole = stem(word)
    parts = dict.fromkeys(stem(part) for part in lexicon.split(word) if part not in STOP_WORDS)
    parts.pop(whole, None)
    return (whole, *parts)


def _prepare(handbook: Handbook, page: IndexedPage) -> _Prepared:
    document = page.document
    fields: list[tuple[float, int, list[str]]] = []
    if document.id:
        fields.append((WEIGHT_ID, 0, words(document.id)))
    fields.append((WEIGHT_TITLE, 0, words(document.display_title)))
    headings: list[tuple[str, str]] = []
    length = 0
    for number, section in enumerate(sections(document.body, document.body_line, document.headings)):
        if number:
            headings.append((section.anchor or "", section.heading or ""))
            fields.append((WEIGHT_HEADING, number, words(section.heading or "")))
        body = words(section.text)
        length += len(body)
        fields.append((WEIGHT_BODY, number, body))
    for activity in document.activities:
        fields.append((WEIGHT_HEADING, 0, words(activity.name)))
    for law in document.laws:
        fields.append((WEIGHT_LAW, 0, words(law)))
    filters = _filter_values(handbook, document)
    for value in filters["omrade"] + filters["typ"]:
        fields.append((WEIGHT_FACT, 0, words(value)))
    return _Prepared(page, fields, headings, length, filters)


def _filter_values(handbook: Handbook, document: Document) -> dict[str, list[str]]:
    area = handbook.organisation.areas.get(document.area or "")
    regulations = {regulation.id: regulation for regulation in handbook.regulations.regulations}
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


def _result_line(item: _Prepared) -> dict:
    document = item.page.document
    line = {"u": item.page.url, "t": document.display_title, "i": document.id or "",
            "s": document.status.label if document.status else "", "y": document.type.label if document.type else ""}
    if item.headings:
        line["h"] = [text if browser_slug(text) == anchor else [text, anchor]
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
    characters = []
    while True:
        low, value = value & 31, value >> 5
        characters.append(ALPHABET[low | (32 if value else 0)])
        if not value:
            return "".join(characters)


def encode_postings(postings: list[tuple[int, int, int]]) -> str:
    """Per posting: the document number as a gap from the one before, its score level
    and its section, one character each."""
    return _gaps((document, ALPHABET[level] + ALPHABET[section]) for document, level, section in postings)


def encode_documents(documents: Iterable[int]) -> str:
    return _gaps((document, "") for document in documents)


def _gaps(items: Iterable[tuple[int, str]]) -> str:
    encoded = []
    previous = 0
    for document, extra in items:
        encoded.append(encode_number(document - previous) + extra)
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


def browser_slug(text: str) -> str:
    """The anchor engine.js derives from a heading: the site's slugify (pymdownx,
    case lower) for plain headings. Where the page's anchor differs (repeated headings,
    explicit ids), the index carries the anchor itself."""
    return _NOT_IN_SLUG.sub("", unicodedata.normalize("NFC", text).strip().lower()).replace(" ", "-")


_NOT_IN_SLUG = re.compile(r"[^\w\- ]")


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
