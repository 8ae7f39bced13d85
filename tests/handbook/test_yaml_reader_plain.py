"""yaml_reader.read_plain_mapping, the parser-free path of ``source.read_identity``,
gives exactly what the YAML parser gives, or nothing: compared with ``read_yaml`` on
generated front-matter built from every form that makes a line not plain, and, through
``read_identity``, on every version in the Git history of a generated handbook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from qms_tools.handbook import markdown_scan
from qms_tools.handbook.fields import identity
from qms_tools.handbook.model import heading_title
from qms_tools.handbook.source import MAX_FRONT_MATTER_ITEMS, parse_source, read_identity
from qms_tools.handbook.yaml_reader import read_plain_mapping, read_yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import generate_handbook as generator  # noqa: E402


def read_by_parser(data: bytes, title: bool) -> tuple[str, str | None] | None:
    """The reference: the id and title as the loader reads them (``parse_source``, every
    front-matter through the YAML parser, the title from the headings)."""
    source = parse_source(data, "", plain=False)
    if source.front_matter is None or not isinstance(source.front_matter.data, dict):
        return None
    document_id, declared_title = identity(source.front_matter.data)
    if document_id is None:
        return None
    if declared_title or not title:
        return document_id, declared_title if title else None
    return document_id, heading_title(markdown_scan.headings(source.body, source.body_line))

KEYS = ("id", "title")

# Pieces that YAML reads in some other way than as the plain text they look like.
TRICKY = ["'", '"', "#", " #", ": ", ":", "-", "- ", "? ", "[", "]", "{", "}", ",", "&a", "*a", "!", "!!str ",
          "|", ">", "%", "@", "`", "~", "null", "Null", "true", "yes", "No", "on", "0x1F", "0o17", "012",
          "1_000", "3.5", ".inf", "-.NaN", "1e3", "5:3", "=", "<<", "\t", "\r", "\ufeff", "\u00a0", "\u0085",
          "\u2028", "\u3000", "\x07", "\\", "\\n", " ", "  ", "---", "...", "å", "§", "😀"]
words = st.one_of(
    st.sampled_from(["RUT-ALD-0001", "rutin", "gällande", "2026-11-22", "SoL", "LSS 9 §", "4:4", "Titel",
                     "enhetschef-hemtjansten", "a", "x y"]),
    st.sampled_from(TRICKY),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6),
)
scalars = st.lists(words, min_size=0, max_size=4).map("".join)
keys = st.one_of(st.sampled_from(["id", "title", "type", "status", "laws", "sosfs", "owner", "true", "null",
                                  "on", "<<", "'id'", '"title"', "? id", "_x", "a-b", "id ", " id"]),
                 scalars)
flow_lists = st.lists(st.one_of(scalars, scalars.map(lambda text: f'"{text}"')), max_size=4).map(
    lambda items: "[" + ", ".join(items) + "]")
lines = st.one_of(
    st.tuples(keys, st.sampled_from([": ", ":", ":  ", " : ", ": " * 2]), st.one_of(scalars, flow_lists)).map(
        "".join),
    st.sampled_from(["", " ", "# kommentar", "  - a", "  fortsättning", "- a", "id: a\n  b", "title: |",
                     "activities:", "laws:", "  - name: Aktivitet", "    routines: [RUT-A-001, RUT-A-002]",
                     "    name: x", "   - a", "  -  a", "  - - a", "  - a: b: c", "      - a", "  - 'a'",
                     "{id: RUT-A-001}", "id: &a RUT-A-001", "title: *a", "%YAML 1.1", "---", "? id\n: x"]),
    scalars,
)
texts = st.lists(lines, max_size=8).map("\n".join)


def parsed(text: str) -> dict | None:
    """What the parser reads of ``text`` as front-matter: the mapping, or None."""
    located = read_yaml(text, first_line=2, max_items=MAX_FRONT_MATTER_ITEMS, plain=False)
    return located.data if isinstance(located.data, dict) else None


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_the_plain_path_reads_what_the_parser_reads_or_leaves_the_text_to_it(text):
    found = read_plain_mapping(text, KEYS, MAX_FRONT_MATTER_ITEMS)
    if found is None:
        return
    data = parsed(text)
    assert data is not None, text
    assert found == {key: data[key] for key in KEYS if key in data}, text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["id", "title", "type", "laws", "owner", "x"]),
                          st.one_of(scalars, flow_lists)), max_size=6))
def test_plain_looking_key_value_lines_agree_with_the_parser(pairs):
    """Mostly lines of the plain form, so the comparison covers the path itself and not
    only its refusals."""
    text = "\n".join(f"{key}: {value}" for key, value in pairs)
    found = read_plain_mapping(text, KEYS, MAX_FRONT_MATTER_ITEMS)
    if found is not None:
        data = parsed(text)
        assert data is not None and found == {key: data[key] for key in KEYS if key in data}, text


# Mostly values the list path reads, so that it is compared and not only refused.
item_values = st.one_of(st.sampled_from(["Ta emot", "RUT-A-001", "[RUT-A-001, RUT-A-002]", "[]", "SoL"]),
                        scalars, flow_lists)
item_lines = st.one_of(
    st.tuples(st.sampled_from(["  - ", "    ", "  - ", "    "]),
              st.sampled_from(["name", "routines", "name", "routines", "id", "null", "<<", "x"]),
              st.sampled_from([": ", ": ", ":"]), item_values).map("".join),
    st.tuples(st.just("  - "), item_values).map("".join))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(
    st.tuples(st.sampled_from(["id", "title", "type", "laws", "owner", "x"]), item_values).map(
        lambda pair: f"{pair[0]}: {pair[1]}"),
    st.tuples(st.sampled_from(["activities", "laws", "id", "x"]), st.lists(item_lines, max_size=5)).map(
        lambda pair: "\n".join([pair[0] + ":", *pair[1]]))), max_size=6))
def test_plain_looking_lists_agree_with_the_parser(blocks):
    """Lines of the plain form with lists under ``key:`` lines, a process's
    ``activities`` among them, so that the list path itself is compared."""
    text = "\n".join(blocks)
    found = read_plain_mapping(text, KEYS, MAX_FRONT_MATTER_ITEMS)
    if found is not None:
        data = parsed(text)
        assert data is not None and found == {key: data[key] for key in KEYS if key in data}, text


@pytest.mark.parametrize("text, expected", [
    ("id: RUT-ALD-0001\ntype: rutin\nsosfs: [\"4:4\", \"5:1\"]\nlaws: [SoL, LSS 9 §]", {"id": "RUT-ALD-0001"}),
    ("id: RUT-A-001\nlaws:\n  - SoL\n\n  - LSS 9 §", {"id": "RUT-A-001"}),
    ("id: PROC-A-001\nactivities:\n  - name: Ta emot\n    routines: [RUT-A-001, RUT-A-002]\n  - name: Utreda\n"
     "title: Process", {"id": "PROC-A-001", "title": "Process"}),
    ("id: RUT-A-001\n\ntitle: Mottagande av orosanmälan", {"id": "RUT-A-001", "title": "Mottagande av orosanmälan"}),
    ("type: rutin", {}),
])
def test_plain_front_matter_is_read_without_the_parser(text, expected):
    assert read_plain_mapping(text, KEYS, MAX_FRONT_MATTER_ITEMS) == expected


@pytest.mark.parametrize("text", [
    "id: RUT-A-001 # kommentar", "id: 'RUT-A-001'", "id: RUT-A-001\nid: RUT-A-002", "id: 2026",
    "id: null", "id: RUT-A-001\n  fortsättning", "title: Rutin: mottagande", "true: x\nid: RUT-A-001",
    "id: RUT-A-001 ", "id:\tRUT-A-001", "id: RUT\u2028A", "",
    "id: RUT-A-001\nlaws:", "laws:\nid: RUT-A-001", "id:\n  - RUT-A-001", "id: A\nx:\n  - a\n    b: c",
    "id: A\nx:\n  - a: b\n    a: c", "id: A\nx:\n   - a", "id: A\nx:\n- a", "id: A\nx:\n  - a\n      b",
    "id: A\nx:\n  - true: b", "id: A\nx:\n  - a # kommentar", "  - a\nid: A",
])
def test_anything_else_is_left_to_the_parser(text):
    assert read_plain_mapping(text, KEYS, MAX_FRONT_MATTER_ITEMS) is None


@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from(["\n# Rubrik\n", "\n## Två\n# Ett\n", "", "\n```\n# kod\n```\n"]),
       st.sampled_from(["\n", "\r\n"]), st.booleans(), st.booleans())
def test_read_identity_agrees_with_the_parser_on_whole_files(front_matter, body, newline, bom, title):
    text = f"---\n{front_matter}\n---{body}".replace("\n", newline)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    assert read_identity(data, title) == read_by_parser(data, title)


def test_every_version_in_a_generated_history_is_read_as_the_parser_reads_it(tmp_path):
    handbook = generator.generate(tmp_path / "handbok", 60, 80, seed=7).out
    log = subprocess.run(["git", "log", "--raw", "--no-abbrev", "--format=", "--", "processes"], cwd=handbook,
                         capture_output=True, text=True, check=True).stdout
    blobs = sorted({line.split()[3] for line in log.splitlines()
                    if line.startswith(":") and line.endswith(".md") and line.split()[3].strip("0")})
    plain = 0
    for blob in blobs:
        data = subprocess.run(["git", "cat-file", "blob", blob], cwd=handbook, capture_output=True,
                              check=True).stdout
        for title in (True, False):
            assert read_identity(data, title) == read_by_parser(data, title), blob
        front_matter = data.decode("utf-8").split("\n---", 1)[0].removeprefix("---\n")
        plain += read_plain_mapping(front_matter, KEYS, MAX_FRONT_MATTER_ITEMS) is not None
    assert len(blobs) > 100
    assert plain > len(blobs) // 2  # the path is taken, not only refused


def located_by_both(text: str) -> tuple:
    with_path = read_yaml(text, first_line=2, max_items=MAX_FRONT_MATTER_ITEMS)
    by_parser = read_yaml(text, first_line=2, max_items=MAX_FRONT_MATTER_ITEMS, plain=False)
    return ((with_path.data, list(with_path.lines.items()), with_path.problems),
            (by_parser.data, list(by_parser.lines.items()), by_parser.problems))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(texts, st.lists(st.one_of(
    st.tuples(st.sampled_from(["id", "title", "type", "laws", "owner", "review_date", "x"]),
              st.one_of(item_values, st.sampled_from(["2026-11-22", "012", "0x1F", "1e3", "3.5", "yes", "~",
                                                      "[1, 2.5, true, null]", '["4:4", "5:1"]']))).map(
        lambda pair: f"{pair[0]}: {pair[1]}"),
    st.tuples(st.sampled_from(["activities", "laws", "x"]), st.lists(item_lines, max_size=5)).map(
        lambda pair: "\n".join([pair[0] + ":", *pair[1]]))), max_size=8).map("\n".join)))
def test_read_yaml_reads_plain_front_matter_as_the_parser_does(text):
    """The loader's front-matter: every value built and every line, in the parser's
    order, so that fields and findings cannot tell which way it was read."""
    with_path, by_parser = located_by_both(text)
    assert with_path == by_parser, text


def test_the_sample_handbooks_front_matter_takes_the_plain_path_and_agrees():
    files = sorted((ROOT / "processes").rglob("*.md"))
    plain = 0
    for file in files:
        text = file.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n")
        with_path, by_parser = located_by_both(text)
        assert with_path == by_parser, file
        plain += read_plain_mapping(text, KEYS, MAX_FRONT_MATTER_ITEMS) is not None
    assert plain > len(files) // 2
