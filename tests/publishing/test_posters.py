"""QR posters and sheets: what they hold, that they print from a real browser on one
page of their paper size, and that the printed code scans to the permanent address."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from conftest import TODAY
from scanning import browser, decode, pdf_pages  # noqa: F401 - browser is a fixture

from qms_tools.check.run import check_project
from qms_tools.publishing.posters import document_code_block, poster_files, process_sheets, unit_sheets
from qms_tools.handbook.settings import ProjectError

A4 = (595.0, 842.0)
A5 = (420.0, 595.0)
EXTRA_ROUTINE = """---
id: {id}
type: rutin
status: gällande
owner: enhetschef
area: omr
reviewed: 2026-05-01
review_date: 2027-05-01
sosfs: ["4:4"]
---
# Extra rutin {number} med en titel som är lång nog att behöva två rader på arket
"""


def load(project):
    result = check_project(project, dt.date.fromisoformat(TODAY))
    assert result.errors == []
    return result.handbook


@pytest.fixture
def handbook(project):
    copy = project("permalinks")
    blankett = copy / "processes/omr/blankett.md"
    blankett.write_text(blankett.read_text(encoding="utf-8").replace(
        "status: gällande", "status: upphävd\nreplaced_by: RUT-OMR-004"), encoding="utf-8")
    process = copy / "processes/omr/process.md"
    process.write_text(process.read_text(encoding="utf-8").replace("[RUT-OMR-002]", "[RUT-OMR-004, RUT-OMR-001]"),
                       encoding="utf-8")
    for number in range(5, 10):
        (copy / f"processes/omr/extra-{number}.md").write_text(
            EXTRA_ROUTINE.format(id=f"RUT-OMR-00{number}", number=number), encoding="utf-8")
    return load(copy)


@pytest.fixture
def site(handbook, tmp_path):
    root = tmp_path / "site"
    for file in poster_files(handbook):
        target = root / file.dest_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.content, encoding="utf-8")
    return root


def close_to(size: tuple[float, float], paper: tuple[float, float]) -> bool:
    return abs(size[0] - paper[0]) < 1 and abs(size[1] - paper[1]) < 1


def test_sheets_per_unit_and_per_process(handbook):
    [unit] = unit_sheets(handbook)
    assert (unit.dest_uri, unit.title) == ("qr/enhet/mottagningen/index.html", "Mottagningsenheten")
    ids = [document.id for document in unit.documents]
    assert "RUT-OMR-002" not in ids  # withdrawn: never on a wall
    assert sorted(ids) == ["PROC-OMR-001", "RUT-OMR-001", "RUT-OMR-003", "RUT-OMR-004", "RUT-OMR-005",
                           "RUT-OMR-006", "RUT-OMR-007", "RUT-OMR-008", "RUT-OMR-009"]
    [process] = process_sheets(handbook)
    assert process.dest_uri == "qr/process/PROC-OMR-001/index.html"
    # The process first, then its routines in activity order, each once.
    assert [document.id for document in process.documents] == ["PROC-OMR-001", "RUT-OMR-001", "RUT-OMR-003",
                                                               "RUT-OMR-004"]


def test_files_and_their_links(handbook, site):
    assert sorted(path.relative_to(site).as_posix() for path in (site / "qr/RUT-OMR-001").rglob("*")
                  if path.is_file()) == ["qr/RUT-OMR-001/a4/index.html", "qr/RUT-OMR-001/a5/index.html",
                                         "qr/RUT-OMR-001/kod.svg"]
    assert not (site / "qr/RUT-OMR-002").exists()
    poster = (site / "qr/RUT-OMR-001/a4/index.html").read_text(encoding="utf-8")
    for text in ('<html lang="sv">', "<style>@page { size: A4 portrait; margin: 15mm; }</style>",
                 '<link rel="stylesheet" href="../../../qr/affisch.css">', "<h1 class=\"clamp\">Mottagning av ärende</h1>",
                 '<img class="code" src="../../../qr/RUT-OMR-001/kod.svg" alt="QR-kod till Mottagning av ärende, '
                 'https://example.invalid/handbok/d/RUT-OMR-001/">', '<p class="scan">Skanna för gällande version</p>',
                 '<span class="id">RUT-OMR-001</span> · Ägare: Enhetschef mottagningen',
                 '<a href="../../../omr/mottagning/">Till dokumentet</a>',
                 '<a href="../../../qr/RUT-OMR-001/a5/">Samma affisch i A5</a>'):
        assert text in poster
    index = (site / "qr/index.html").read_text(encoding="utf-8")
    assert '<a href="../qr/enhet/mottagningen/">Mottagningsenheten</a> (9 dokument)' in index
    assert '<a href="../qr/process/PROC-OMR-001/">Mottagningsprocessen</a> (4 dokument)' in index


@pytest.mark.browser
def test_posters_and_sheets_print_on_their_paper_and_scan(site, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1000, "height": 1200})
    try:
        printed = {}
        for name, path in (("a4", "qr/RUT-OMR-001/a4/index.html"), ("a5", "qr/RUT-OMR-001/a5/index.html"),
                           ("unit", "qr/enhet/mottagningen/index.html")):
            page.goto((site / path).as_uri())
            if name != "unit":
                page.locator("main img.code").screenshot(path=str(tmp_path / f"{name}.png"))
            page.emulate_media(media="print")
            assert page.locator(".toolbar").is_hidden()
            printed[name] = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
            page.emulate_media(media="screen")
    finally:
        page.close()
    assert [close_to(size, A4) for size in printed["a4"]] == [True]
    assert [close_to(size, A5) for size in printed["a5"]] == [True]
    # Nine cards, six to an A4 page.
    assert [close_to(size, A4) for size in printed["unit"]] == [True, True]
    for name in ("a4", "a5"):
        assert decode(tmp_path / f"{name}.png") == ["https://example.invalid/handbok/d/RUT-OMR-001/"]


def test_document_code_block(handbook):
    def resolve(src_uri: str) -> str | None:
        return f"../{src_uri}"

    block = document_code_block(handbook.by_id["RUT-OMR-001"], handbook.settings.site_url, resolve)
    assert block.startswith('<section class="qms-qr" aria-labelledby="qms-qr-kod">\n'
                            '<h2 id="qms-qr-kod">QR-kod och permanent adress</h2>\n'
                            '<svg class="qms-qr-code" width="180" height="180" role="img" ')
    assert "<title>QR-kod till Mottagning av ärende</title>" in block
    assert ('<a href="../d/RUT-OMR-001/index.html">https://example.invalid/handbok/d/RUT-OMR-001/</a>' in block)
    assert '<a href="../qr/RUT-OMR-001/a4/index.html">affisch i A4</a>' in block
    assert "\n\n" not in block  # one HTML block for Markdown
    withdrawn = document_code_block(handbook.by_id["RUT-OMR-002"], handbook.settings.site_url, resolve)
    assert "<svg" in withdrawn and "affisch" not in withdrawn
    assert document_code_block(handbook.by_id["RUT-OMR-001"], None, resolve) == ""


def test_building_codes_without_site_url_is_a_clear_error(project):
    copy = project("permalinks")
    settings = copy / "qms.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("site_url:", "# site_url:"), encoding="utf-8")
    with pytest.raises(ProjectError, match=r"^site_url saknas i qms\.yml\."):
        poster_files(load(copy))

    environment = {**os.environ, "QMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=copy, env=environment,
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 1
    assert "site_url saknas i qms.yml. QR-koderna pekar på dokumentens permanenta adresser" in build.stderr
    assert "Traceback" not in build.stderr
