"""`qms import` on Word files made by other people and programs (Word, LibreOffice, Google
Docs, Apple Pages); source and licence in files/README.md. Then the drafts, completed,
build strictly into the site."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import word_documents as word
from conftest import TODAY, git
from qms_tools.check.run import check_project
from qms_tools.handbook.loader import load
from qms_tools.lifecycle.importing.word_import import convert_file

FILES = Path(__file__).parent / "files"
REAL_FILES = sorted(FILES.glob("*.docx"))


def today() -> dt.date:
    return dt.date.fromisoformat(TODAY)


def body(name: str) -> str:
    converted = convert_file(FILES / name, name)
    assert not hasattr(converted, "outcome"), converted
    return converted.body


def test_word_footnotes_and_endnotes():
    assert body("mammoth-footnotes.docx").endswith("Ouch[^1].[^2]\n\n[^1]: A tachyon walks into a bar.\n\n"
                                                   "[^2]: Fin.\n")
    assert "[^1]: [Example](http://www.example.com)" in body("mammoth-footnote-hyperlink.docx")


def test_word_tables_and_merged_cells():
    assert "| Top left | Top right |\n| --- | --- |\n| Bottom left | Bottom right |" in body("mammoth-tables.docx")
    merged = body("docx2python-merged_cells.docx")
    assert '<td colspan="2"><p>0-12</p></td>' in merged and '<td rowspan="2"><p>12-0</p></td>' in merged
    assert '<td colspan="3" rowspan="2"><p>34-123</p></td>' in merged


def test_word_text_box_picture_and_comments():
    assert "Datum plane" in body("mammoth-text-box.docx")
    assert re.search(r"!\[[^\]]*\]\(qms-bild:1\)", body("mammoth-tiny-picture.docx"))
    converted = convert_file(FILES / "mammoth-comments.docx", "c")
    assert "Ouch." in converted.body and "tachyon" not in converted.body and "Fin." not in converted.body
    assert converted.attention[0].startswith("2 kommentarer togs bort")


def test_apple_pages_nested_list():
    pages = body("docx2python-created-in-pages-bulleted-lists.docx")
    assert ("1. Why did the chicken cross the road?\n    1. Just because\n    1. Don't know\n"
            "    1. To get to the other side\n1. What's the meaning") in pages


def test_libreoffice_document_with_tables_pictures_and_text_boxes():
    converted = convert_file(FILES / "docx2python-libreoffice_conversion.docx", "lo")
    assert converted.title == "东阳市八家单位信息网络安全"
    assert converted.body.count("<table>") == 8
    assert any("tom rubrik" in item for item in converted.attention)


def test_a_linked_picture_is_reported_not_lost():
    converted = convert_file(FILES / "mammoth-external-picture.docx", "x")
    assert converted.attention == ["Utelämnad bild: en länkad bild som inte finns i dokumentet (utan "
                                   "alternativtext): lägg in bilden för hand."]


def test_an_empty_document_is_refused():
    assert convert_file(FILES / "mammoth-empty.docx", "tom").reason.startswith("Dokumentet innehåller ingen text")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every real file imported into the small site fixture, in a Git repository."""
    root = tmp_path_factory.mktemp("riktiga") / "handbok"
    shutil.copytree(Path(__file__).parents[2] / "fixtures" / "site_small", root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Första versionen")
    from qms_tools.lifecycle.importing.word_import import import_word
    constructs = word.constructs(root.parent / "word" / "hembesok.docx")
    run = import_word(root, today(), [FILES, constructs], "omsorg", "enhetschef-hemtjanst")
    return root, run


def test_every_real_file_is_imported_or_refused_with_a_reason(imported):
    _, run = imported
    outcomes = {Path(report.source).name: report.outcome for report in run.reports}
    assert outcomes == {**{path.name: ("vägrad" if path.name == "mammoth-empty.docx" else "importerad")
                           for path in REAL_FILES}, "hembesok.docx": "importerad"}


def test_the_drafts_pass_check(imported):
    root, run = imported
    paths = {report.path for report in run.reports if report.path}
    findings = [f for f in check_project(root, today()).findings if f.path in paths]
    assert findings == []


def test_the_completed_drafts_build_strictly(imported, tmp_path):
    """Once an editor completes them (status gällande, references), the site builds with --strict
    and shows their footnotes, tables and pictures."""
    from mkdocs_plugin.test_build import build_site

    root, run = imported
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - tables\n", "  - tables\n  - footnotes\n"))
    for report in run.reports:
        if report.path:
            file = root / report.path
            file.write_text(file.read_text(encoding="utf-8").replace("status: utkast", "status: gällande", 1),
                            encoding="utf-8")
    handbook = load(root, today()).handbook
    assert all(d.status.value == "gällande" for d in handbook.documents if d.source_sha256)
    errors = [f for f in check_project(root, today()).findings if f.severity.value == "error"]
    assert errors == []
    built = build_site(root, tmp_path / "site", strict=True)
    assert not built.aborted, [record.getMessage() for record in built.records]
    footnotes = next(r for r in run.reports if r.path and "mammoth-footnotes" in r.source)
    page = (tmp_path / "site" / footnotes.path.removeprefix("processes/").removesuffix(".md") / "index.html")
    html = page.read_text(encoding="utf-8")
    assert 'class="footnote"' in html and "A tachyon walks into a bar." in html
    picture = next(r for r in run.reports if r.path and r.source.endswith("mammoth-tiny-picture.docx"))
    folder = picture.path.removeprefix("processes/").removesuffix(".md")
    assert (tmp_path / "site" / f"{folder}-bilder" / "bild-1.png").exists()
    constructs = next(r for r in run.reports if r.source.endswith("hembesok.docx"))
    page = tmp_path / "site" / constructs.path.removeprefix("processes/").removesuffix(".md") / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "<td><p>Första stycket</p><p>Andra stycket</p></td>" in html
    assert re.search(r'<img alt="Karta över området" src="[^"]*hembesok-hos-familj-bilder/bild-1.png"', html)
    assert re.search(r"<li>Boka tid\s*<ol>\s*<li>Ring vårdnadshavare", html)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=4000), junk=st.binary(max_size=40))
def test_a_damaged_word_file_is_refused_or_imported_never_a_crash(tmp_path, cut, junk):
    """A real Word file with its document part cut short or spliced with junk."""
    original = FILES / "mammoth-tables.docx"
    damaged = tmp_path / "skadad.docx"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[:cut] + junk + data[cut:][len(junk):]
            target.writestr(item, data)
    result = convert_file(damaged, "skadad.docx")
    assert hasattr(result, "body") or result.reason
