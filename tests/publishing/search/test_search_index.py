"""The static index of the sample handbook: which files exist, what each holds, and the
promises the browser relies on (withdrawn documents last, ids in their hash bucket,
compound parts and stems indexed as terms)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPOSITORY
from qms_tools.check.run import check_project
from qms_tools.publishing.publication import publish
from qms_tools.language.synonyms import read_synonyms
from qms_tools.publishing.search.index import IndexedPage, build_index
from qms_tools.publishing.search.index import (
    ALPHABET,
    MAX_POSTINGS,
    RESULT_BLOCK,
    _best,
    encode_number,
    id_bucket,
)
from qms_tools.language.text import stem


def _decode(text: str, extra: int) -> list[tuple[int, str]]:
    """The documents of an encoded list and the characters after each (the reader in
    engine.js does the same; the browser tests run that one)."""
    found, position, document = [], 0, 0
    while position < len(text):
        value, shift = 0, 0
        while True:
            digit = ALPHABET.index(text[position])
            position += 1
            value += (digit & 31) << shift
            shift += 5
            if not digit & 32:
                break
        document += value
        found.append((document, text[position:position + extra]))
        position += extra
    return found


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    handbook = publish(check_project(REPOSITORY, dt.date(2026, 11, 22))).handbook
    synonyms, _ = read_synonyms(handbook.settings.content_root / "synonymer.yml", "processes/synonymer.yml")
    pages = [IndexedPage(document, document.content_path.removesuffix(".md") + "/") for document in handbook.documents]
    out = tmp_path_factory.mktemp("index")
    summary = build_index(handbook, pages, out, synonyms)
    return out, handbook, summary


def _manifest(out):
    return json.loads((out / "index.json").read_text(encoding="utf-8"))


def _lines(out):
    lines = []
    for block in range(len(list((out / "d").iterdir()))):
        lines.extend(json.loads((out / "d" / f"{block}.json").read_text(encoding="utf-8")))
    return lines


def _postings(out, term):
    manifest = _manifest(out)
    shard = max(number for number, start in enumerate(manifest["shards"]) if start <= term)
    for line in (out / "t" / f"{shard}.txt").read_text(encoding="utf-8").split("\n"):
        name, count, encoded = line.split("\t")
        if name == term:
            return int(count), _decode(encoded, 2)
    return 0, []


def _number(out, document_id):
    return next(number for number, line in enumerate(_lines(out)) if line["i"] == document_id)


def test_every_published_document_has_a_result_line(index):
    out, handbook, summary = index
    lines = _lines(out)
    assert summary.documents == len(lines) == len(handbook.documents)
    placering = lines[_number(out, "RUT-BOU-005")]
    assert placering["u"] == "barn-och-unga/placering/"
    assert placering["t"].startswith("Placering")
    assert (placering["s"], placering["y"]) == ("Gällande", "Rutin")
    assert "Syfte" in placering["h"]  # its anchor is derived: syfte
    assert len(list((out / "d").iterdir())) == -(-len(lines) // RESULT_BLOCK)


def test_withdrawn_documents_come_last_so_one_number_leaves_them_out(index):
    out, handbook, _ = index
    live = _manifest(out)["live"]
    statuses = [line["s"] for line in _lines(out)]
    assert live == sum(1 for document in handbook.documents if not document.is_withdrawn) < len(statuses)
    assert set(statuses[live:]) == {"Upphävd"} and "Upphävd" not in statuses[:live]


def test_exact_id_is_found_in_its_bucket(index):
    out, _, _ = index
    buckets = _manifest(out)["idBuckets"]
    ids = json.loads((out / "id" / f"{id_bucket('RUT-BOU-005', buckets)}.json").read_text(encoding="utf-8"))
    assert ids["RUT-BOU-005"] == "barn-och-unga/placering/"


def test_inflected_forms_share_one_term_and_the_title_scores_highest(index):
    out, _, _ = index
    assert stem("placeringen") == stem("placeringar") == "placering"
    count, postings = _postings(out, "placering")
    assert count == len(postings) >= 3
    best = max(postings, key=lambda posting: ALPHABET.index(posting[1][0]))
    assert best[0] == _number(out, "RUT-BOU-005")


def test_compound_parts_are_terms_of_their_document(index):
    out, _, _ = index
    _, plan = _postings(out, "plan")
    assert _number(out, "RUT-ALD-003") in [document for document, _ in plan]  # Genomförandeplan i hemtjänsten
    _, kris = _postings(out, "kris")
    assert _number(out, "RUT-STOD-006") in [document for document, _ in kris]  # Krisberedskap och kontinuitet


def test_filter_files_hold_the_documents_of_each_value(index):
    out, handbook, _ = index
    filters = {entry["key"]: entry for entry in _manifest(out)["filters"]}
    assert set(filters) == {"omrade", "typ", "kapitel", "lag"}
    areas = [value for value, _ in filters["omrade"]["values"]]
    position = areas.index("Barn och unga")
    members = [document for document, _ in _decode((out / "f" / f"omrade-{position}.txt").read_text(), 0)]
    lines = _lines(out)
    expected = {line["i"] for line in lines if handbook.by_id[line["i"]].area == "barn-och-unga"}
    assert {lines[number]["i"] for number in members} == expected
    assert any(value == "LVU" for value, _ in filters["lag"]["values"])
    assert any(value == "SOSFS 2011:9 5 kap." for value, _ in filters["kapitel"]["values"])


def test_manifest_carries_the_synonyms_and_stop_words_the_browser_needs(index):
    out, _, _ = index
    manifest = _manifest(out)
    keys, groups = manifest["synonyms"]["keys"], manifest["synonyms"]["groups"]
    assert ["bruk"] in groups[keys["klient"]]
    assert "och" in manifest["stop"]


def test_numbers_take_five_bits_a_character():
    # 1025 = 1 + 0·32 + 1·32²: low groups first, the sixth bit says "more follows".
    assert [encode_number(value) for value in (0, 31, 32, 1025)] == ["0", "V", "W1", "XW1"]


def test_a_common_term_keeps_only_its_best_documents_in_document_order():
    postings = [(document, 1 + document % 7, 0) for document in range(MAX_POSTINGS + 50)]
    kept = _best(postings)
    assert len(kept) == MAX_POSTINGS
    assert kept == sorted(kept)
    assert min(level for _, level, _ in kept) >= max(level for _, level, _ in set(postings) - set(kept))


def _weights_field_by_field(fields, terms_of):
    """The builder's weights as first written: a dict per term of its sections in the
    order they came, summed field by field (exact fractions), the first largest wins."""
    from fractions import Fraction

    from qms_tools.publishing.search.index import PART_FACTOR
    entries: dict[str, dict[int, Fraction]] = {}
    for weight, section, field_words in fields:
        for word in field_words:
            for position, term in enumerate(terms_of.get(word, ())):
                factor = Fraction(weight) * (1 if position == 0 else Fraction(PART_FACTOR).limit_denominator())
                by_section = entries.setdefault(term, {})
                by_section[section] = by_section.get(section, 0) + factor
    return ({term: sum(by_section.values()) for term, by_section in entries.items()},
            {term: max(by_section, key=by_section.__getitem__) for term, by_section in entries.items()})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([1, 2, 3, 4, 10, 12]), st.integers(0, 3),
                          st.lists(st.sampled_from(["plan", "planen", "krisplan", "och", "kris", "vård"]),
                                   max_size=6)), max_size=8))
def test_weights_and_best_section_match_a_field_by_field_sum(fields):
    """Counting in C per run of one section's fields gives the same weights and, on a
    tie, the same section as summing field by field in order (including the facts after
    the body, which add to section 0)."""
    from fractions import Fraction

    from qms_tools.publishing.search.index import UNITS, _Prepared, _Terms, _weighted_terms
    terms_of = {"plan": ("plan",), "planen": ("plan",), "krisplan": ("krisplan", "kris", "plan"),
                "och": (), "kris": ("kris",), "vård": ("vård",)}
    # Fields come as the builder makes them: section 0 first, then sections in order,
    # then section-0 facts.
    ordered = sorted(fields, key=lambda field: field[1])
    ordered += [field for field in fields if field[1] == 0][:2]
    item = _Prepared(None, [(weight * UNITS, section, field_words) for weight, section, field_words in ordered],
                     [], [], [], 0, {})
    totals, sections = _weighted_terms(item, _Terms(terms_of, {}))
    expected_totals, expected_sections = _weights_field_by_field(ordered, terms_of)
    assert {term: Fraction(units, UNITS) for term, units in totals.items()} == expected_totals
    assert sections == expected_sections
