"""handbook.source.read_identity: the id and title of a document's bytes, read as the
loader reads them, for the Git history (blobs of documents that may since be deleted)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from hypothesis import given, settings, strategies as st

from conftest import FIXTURES, TODAY

from qms_tools.handbook.loader import load
from qms_tools.handbook.source import MAX_FRONT_MATTER_ITEMS, SourceFile, read_identity, split_front_matter
from qms_tools.handbook.yaml_reader import read_yaml


@pytest.mark.parametrize("text, expected", [
    ("---\nid: RUT-A-001\ntitle: Rutin\n---\n# Annan\n", ("RUT-A-001", "Rutin")),
    ("---\r\nid: RUT-A-001\r\ntitle: Rutin\r\n---\r\n", ("RUT-A-001", "Rutin")),
    ("\ufeff---\nid: RUT-A-001\n---\n# Med BOM\n", ("RUT-A-001", "Med BOM")),
    ("---\nid: RUT-A-001  # byts aldrig\n---\n# Rubrik\n", ("RUT-A-001", "Rubrik")),
    ("---\n\"id\": 'RUT-A-001'\n'title': \"Citerad\"\n---\n", ("RUT-A-001", "Citerad")),
    ("---\n{id: RUT-A-001, title: Flödesmappning}\n---\n", ("RUT-A-001", "Flödesmappning")),
    ("---\nid: RUT-A-001\ntitle: >-\n  En lång titel\n  på två rader\n---\n", ("RUT-A-001", "En lång titel på två rader")),
    ("---\nid: RUT-A-001\n---\n```\n# Kod, ingen rubrik\n```\n\n# Riktig rubrik\n", ("RUT-A-001", "Riktig rubrik")),
    ("---\nid: RUT-A-001\n---\n## Bara nivå två\n", ("RUT-A-001", None)),
    ("---\nid: RUT-A-001\ntitle: \"  \"\n---\n# Rubrik i texten\n", ("RUT-A-001", "Rubrik i texten")),
    ("---\nid: RUT-A-001\r---\r# Gamla Mac-radslut\r", ("RUT-A-001", "Gamla Mac-radslut")),
    ("---\nid: RUT-A-001\n...\n# Slutar med tre punkter\n", ("RUT-A-001", "Slutar med tre punkter")),
], ids=["plain", "crlf", "bom", "comment", "quoted-keys", "flow-mapping", "folded-title", "heading-in-fence",
        "no-title", "blank-title", "cr", "dots"])
def test_id_and_title_as_the_loader_reads_them(text, expected):
    assert read_identity(text.encode("utf-8")) == expected


def test_without_title_the_body_is_not_read():
    text = "---\nid: RUT-A-001\ntitle: Rutin\n---\n# Annan\n"
    assert read_identity(text.encode("utf-8"), title=False) == ("RUT-A-001", None)
    assert read_identity("---\nid: RUT-A-001\n---\n# Rubrik\n".encode("utf-8"), title=False) == ("RUT-A-001", None)
    assert read_identity("---\nid: rut-a-001\n---\n".encode("utf-8"), title=False) is None


@pytest.mark.parametrize("text", [
    "# Ingen front-matter\n\nid: RUT-A-001\n",
    "---\nid: rut-a-001\n---\n",                   # the loader reports id.format: never published
    "---\nid: RUT-A-001\n# rubrik men inget slut\n",  # unclosed front-matter
    "---\n- id: RUT-A-001\n---\n",                 # a list, not keys
    "---\ntitle: [RUT-A-001\n---\n",                # a YAML syntax error
    "---\ntitle: Utan id\n---\n",
], ids=["no-front-matter", "lower-case", "unclosed", "list", "syntax-error", "no-id"])
def test_no_identity_where_the_loader_finds_no_valid_id(text):
    assert read_identity(text.encode("utf-8")) is None


@pytest.mark.parametrize("raw", [b"\xff\xfe-\x00-\x00-\x00", b"---\nid: R\xe4TT\n---\n", b"\x00\x01\x02" * 50, b""],
                         ids=["utf-16", "latin-1", "binary", "empty"])
def test_undecodable_bytes_have_no_identity(raw):
    assert read_identity(raw) is None


def test_agrees_with_the_loader_on_every_fixture_document(tmp_path):
    """The same answer as the loader on the fixture projects' documents, broken ones included."""
    compared = 0
    for project in ("minimal", "broken", "review-lifecycle"):
        root = tmp_path / project
        shutil.copytree(FIXTURES / project, root)
        handbook = load(root, dt.date.fromisoformat(TODAY)).handbook
        for document in handbook.documents:
            identity = read_identity((root / document.path).read_bytes())
            expected = (document.id, document.title) if document.id else None
            assert identity == expected, document.path
            compared += 1
    assert compared > 20


_ID = st.from_regex(r"[A-Z]{2,4}-[A-Z]{2,3}-[0-9]{3}", fullmatch=True)
_WORDS = st.lists(st.sampled_from(["Rutin", "för", "orosanmälan", "Åtgärd", "#1", "a: b", "'citat'", "\"två\"",
                                   "--", "ö"]), min_size=1, max_size=6).map(" ".join)


def _scalar(value: str, style: str) -> str:
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@settings(max_examples=300, deadline=None)
@given(document_id=_ID, title=_WORDS, in_front_matter=st.booleans(), key_quote=st.sampled_from(["", "'", '"']),
       value_style=st.sampled_from(["single", "double", "folded"]), flow=st.booleans(),
       comment=st.booleans(), newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans(),
       fenced_heading=st.booleans())
def test_generated_documents(document_id, title, in_front_matter, key_quote, value_style, flow, comment, newline,
                             bom, fenced_heading):
    """Ids and titles written in the ways YAML and editors allow come back as written."""
    key = f"{key_quote}id{key_quote}"
    title_key = f"{key_quote}title{key_quote}"
    if flow:
        pairs = [f"{key}: {document_id}", "type: rutin"]
        if in_front_matter:
            pairs.append(f"{title_key}: {_scalar(title, 'double')}")
        lines = ["{" + ", ".join(pairs) + "}" + ("  # kommentar" if comment else "")]
    else:
        lines = [f"{key}: {document_id}" + ("  # kommentar" if comment else ""), "type: rutin"]
        if in_front_matter and value_style == "folded":
            lines += [f"{title_key}: >-", *(f"  {word}" for word in title.split(" "))]
        elif in_front_matter:
            lines.append(f"{title_key}: {_scalar(title, value_style)}")
    body = ["", "```markdown", "# Inte titeln", "```", ""] if fenced_heading else [""]
    body += [f"# {title}" if not in_front_matter else "# Rubriken i texten", "", "Text."]
    text = newline.join(["---", *lines, "---", *body, ""])
    raw = ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")
    expected_title = " ".join(title.split()) if in_front_matter and value_style == "folded" else title
    assert read_identity(raw) == (document_id, expected_title)


_LINES = st.sampled_from(["---", "--- ", "---\t", "...", "... ", "....", "---x", "----", " ---", "---\xa0",
                          "id: RUT-A-001", "title: T", "", " ", "# Rubrik", "text", "- a", "a: [b", "\u2028"])


@settings(max_examples=2000, deadline=None)
@given(lines=st.lists(_LINES, min_size=1, max_size=12))
def test_front_matter_and_body_are_where_the_lines_put_them(lines):
    """split_front_matter finds the closing line without splitting the whole text; the
    parts must be those of the text split into lines."""
    text = "\n".join(lines)
    source = SourceFile("x.md", text=text)
    split_front_matter(source)
    if not text.strip() or lines[0].rstrip() != "---":
        assert source.front_matter is None
        return
    closing = next((index for index in range(1, len(lines)) if lines[index].rstrip() in ("---", "...")), None)
    if closing is None:
        assert (source.body, source.body_line) == ("\n".join(lines[1:]), 2)
        assert [problem.code for problem in source.problems] == ["frontmatter.unclosed"]
        return
    assert (source.body, source.body_line) == ("\n".join(lines[closing + 1:]), closing + 2)
    expected = read_yaml("\n".join(lines[1:closing]), first_line=2, max_items=MAX_FRONT_MATTER_ITEMS)
    assert source.front_matter.data == (expected.data if isinstance(expected.data, dict) else None)
    assert source.front_matter.lines == expected.lines
