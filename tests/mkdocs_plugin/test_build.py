"""The plugin in a real `mkdocs build` of the fixture handbook (tests/fixtures/site_small):
document pages, generated pages, history from a real Git repository, strict and
non-strict handling of a document with errors, and a routine page that does not grow
with the handbook."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import mkdocs
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from conftest import FIXTURES, REPOSITORY, TODAY, git

from qms_tools.check.run import check_project
from qms_tools.handbook.audience import Audience, for_audience
from qms_tools.handbook.vocabulary import DocumentType

ROUTINE_PAGE_LIMIT = 40_000
BROKEN_DOCUMENT = """---
id: RUT-OMS-009
type: rutin
status: gällande
owner: enhetschef-hemtjanst
area: omsorg
reviewed: 2026-04-01
review_date: 2027-04-01
sosfs: ["4:4"]
---

# Trasig rutin

Se [en rutin som inte finns](saknas.md).
"""
BROKEN_LINK_LINE = 14


@dataclass
class Built:
    site: Path
    records: list[logging.LogRecord]
    aborted: bool

    def page(self, url_path: str) -> str:
        return (self.site / url_path / "index.html").read_text(encoding="utf-8")

    def messages(self, level: int) -> list[str]:
        return [record.getMessage() for record in self.records if record.levelno == level]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _environment(name: str, value: str | None):
    previous = os.environ.get(name)
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


def _today(value: str):
    return _environment("QMS_TODAY", value)


def build_site(project: Path, site: Path, strict: bool, publicering: str | None = None,
               **overrides: object) -> Built:
    """``publicering``: the audience (QMS_PUBLICERING); None builds the public site."""
    handler = _Collect()
    # "mkdocs", or "properdocs" when ProperDocs stands in for MkDocs (test_properdocs.py).
    logger = logging.getLogger(mkdocs.__name__)
    logger.addHandler(handler)
    previous_level = logger.level
    logger.setLevel(logging.DEBUG)
    aborted = False
    try:
        # A fresh `mkdocs build` process each time: MkDocs keeps plugins with on_startup
        # for the whole process, and Material's search plugin keeps a dirty preview's index
        # (of another test, for another audience) in the next build's.
        MkDocsConfig.plugins.plugin_cache.clear()
        with _today(TODAY), _environment("QMS_PUBLICERING", publicering):
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=strict, **overrides)
            # As `mkdocs build` does: plugins with on_startup (Material's search, ours) are
            # kept between builds of one process, and must learn that this one is a build.
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
    except Abort:
        aborted = True
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
    return Built(site, handler.records, aborted)


def copy_fixture(target: Path) -> Path:
    shutil.copytree(FIXTURES / "site_small", target)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """The fixture handbook in a Git repository with two commits, built strictly."""
    project = copy_fixture(tmp_path_factory.mktemp("git") / "handbok")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Första versionen")
    routine = project / "processes/omsorg/mottagning.md"
    routine.write_text(routine.read_text(encoding="utf-8") + "3. Bekräfta beställningen till beställaren.\n",
                       encoding="utf-8")
    git(project, "-c", "user.name=Rut Redaktör", "commit", "-q", "-am", "Förtydliga mottagningen")
    return build_site(project, project / "site", strict=True)


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory) -> Path:
    project = copy_fixture(tmp_path_factory.mktemp("broken") / "handbok")
    (project / "processes/omsorg/trasig.md").write_text(BROKEN_DOCUMENT, encoding="utf-8")
    return project


def test_strict_build_of_a_clean_handbook_succeeds(built):
    assert not built.aborted, built.messages(logging.WARNING)
    assert built.messages(logging.WARNING) == []


def test_routine_header_shows_every_fact(built):
    html = built.page("omsorg/mottagning")
    assert '<div class="qms-document" data-document-id="RUT-OMS-001" data-status="gällande" ' \
           'data-review-date="2027-04-01"' in html
    for fact in ("<dt>Typ</dt><dd>Rutin</dd>", "<dt>Status</dt><dd>Gällande</dd>",
                 '<dt>Ägare</dt><dd>Enhetschef hemtjänst <span class="qms-holder">Bo Berg</span> '
                 '<a class="qms-ask-link" href="#qms-fraga">Frågor och fel</a></dd>', "<dt>Enhet</dt><dd>Hemtjänsten Testby</dd>",
                 "<dt>Senast granskad</dt><dd>2026-04-01</dd>", "<dt>Nästa granskning</dt><dd>2027-04-01 <span class=\"qms-badge qms-badge--due-soon\" data-qms-review=\"due-soon\" hidden>snart</span></dd>",
                 "<dt>Dokument-id</dt><dd><code>RUT-OMS-001</code></dd>"):
        assert fact in html
    # The header sits under the title, before the text.
    assert html.index('<h1 id="mottagning-av-beställning">') < html.index('class="qms-document"') < html.index('<h2 id="syfte">')


def test_regulation_links_reach_existing_anchors_on_the_coverage_page(built):
    html = built.page("omsorg/mottagning")
    assert '<a href="../../regelverk/sosfs-2011-9/#p-4-4">4 kap. 4 §</a>' in html
    assert '<a href="../../regelverk/sosfs-2011-9/#kap-5">5 kap.</a>' in html
    coverage = built.page("regelverk/sosfs-2011-9")
    assert 'id="p-4-4"' in coverage and 'id="kap-5"' in coverage


def test_banners_for_overdue_due_soon_draft_and_withdrawn(built):
    assert 'qms-banner--overdue" data-qms-review="overdue">' in built.page("omsorg/lakemedel")
    assert 'qms-badge--due-soon" data-qms-review="due-soon">' in built.page("omsorg/nyckelhantering")
    # A draft is out of the readers' site (its banner: test_leak_gate, the editors' preview).
    assert not (built.site / "omsorg/larm").exists()
    withdrawn = built.page("omsorg/gammal-mottagning")
    assert 'ersatts av <a href="../mottagning/">Mottagning av beställning</a> (RUT-OMS-001)' in withdrawn


def test_backlinks_name_processes_activities_and_links(built):
    html = built.page("omsorg/mottagning")
    assert '<a href="../hemtjanst/">Hemtjänstprocessen</a><span class="qms-used-activity">aktivitet: ' \
           'Ta emot beställning</span>' in html
    assert '<a href="../../stod/arendehantering/">Ärendehantering</a>' in html
    assert '<a href="../lakemedel/">Läkemedel i hemtjänsten</a>' in html
    assert '<a href="../../stod/diarieforing/">Diarieföring</a>' in html


def test_history_rows_come_from_the_git_repository(built):
    html = built.page("omsorg/mottagning")
    # The first row's change and the second row's version are links (publishing/versions.py).
    cells = re.findall(r"<tr><td>(.*?)</td><td>([^<]*)</td><td>(.*?)</td></tr>", html)
    rows = [tuple(re.sub(r"<[^>]+>", "", cell) for cell in row) for row in cells if re.search(r"\d{4}-\d{2}", row[0])]
    assert [(author, message) for _, author, message in rows] == [
        ("Rut Redaktör", "Ändrad"), ("Test Testsson", "Ny")]
    # Readers see the kind of change in Swedish, never a commit subject.
    assert "Förtydliga mottagningen" not in html
    assert "Bekräfta beställningen" in html


def test_edit_and_report_links(built):
    html = built.page("omsorg/mottagning")
    assert 'href="https://github.com/testby/handbok/edit/main/processes/omsorg/mottagning.md">Föreslå ändring' in html
    assert ("https://github.com/testby/handbok/issues/new?template=rapportera-fel.yml&amp;dokument=RUT-OMS-001"
            "&amp;sida=https%3A%2F%2Fexample.invalid%2Fhandbok%2Fomsorg%2Fmottagning%2F&amp;title=Fel%20i%20RUT-OMS-001"
            "%3A%20Mottagning%20av%20best%C3%A4llning") in html


def test_print_note_points_at_the_permanent_link(built):
    assert (built.site / "d/RUT-OMS-001/index.html").is_file()
    assert ("Utskriven kopia – kontrollera att den är gällande: https://example.invalid/handbok/d/RUT-OMS-001/"
            in built.page("omsorg/mottagning"))


def test_process_page_shows_its_process_map(built):
    html = built.page("omsorg/hemtjanst")
    assert 'class="qms-process-map"' in html
    assert html.index('class="qms-document"') < html.index('class="qms-process-map"')
    assert 'href="../mottagning/"' in html and 'href="../nyckelhantering/"' in html


def test_navigation_lists_overview_pages_not_documents(built):
    html = built.page("omsorg/mottagning")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("md-sidebar--secondary")]
    for title in ("Start", "Områden", "Omsorg", "Stöd", "Dokumentregister", "Regelverk", "Roller och ansvar",
                  "Granskning", "För redaktörer"):
        assert title in nav, title
    assert "nyckelhantering" not in html and "Nyckelhantering" not in html


def test_readers_help_comes_first_and_editor_pages_stand_apart(tmp_path):
    """Care staff see how to read the handbook first; the editors' guide is a section of
    its own; pages for IT staff (benchmarks) are published but in no menu."""
    project = tmp_path / "handbok"
    shutil.copytree(FIXTURES / "site_small", project)
    for page, heading in (("guide/index.md", "Redaktörsguide"), ("guide/andra-rutin.md", "Ändra en rutin"),
                          ("guide/lasa-handboken.md", "Läsa handboken"), ("tillganglighet.md", "Tillgänglighet"),
                          ("teknik/prestanda.md", "Prestanda")):
        (project / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / page).write_text(f"# {heading}\n", encoding="utf-8")
    built = build_site(project, tmp_path / "site", strict=True)
    html = built.page("omsorg/mottagning")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("md-sidebar--secondary")]
    order = [nav.index(text) for text in ("Hjälp", "Läsa handboken", "Tillgänglighet", "För redaktörer")]
    assert order == sorted(order)
    assert "Ändra en rutin" not in nav and "Prestanda" not in nav  # reached from the editors' guide
    assert 'href="../../guide/"' in nav
    assert (built.site / "teknik/prestanda/index.html").is_file()


def test_theme_assets_are_published_and_linked(built):
    assert (built.site / "assets/qms/qms.css").is_file()
    assert (built.site / "assets/qms/qms.js").is_file()
    html = built.page("")
    assert 'href="assets/qms/qms.css"' in html and 'src="assets/qms/qms.js"' in html


def test_warning_findings_are_logged_as_info_with_file_and_line(built):
    assert any(message.endswith("processes/omsorg/lakemedel.md:8: [review.overdue] Granskningen skulle ha gjorts "
                                "senast 2026-10-01 (52 dagar sedan). Granska dokumentet och flytta review_date, "
                                "eller registrera granskningen med 'qms reviewed RUT-OMS-002'.")
               for message in built.messages(logging.INFO))


def test_strict_build_fails_on_an_error_finding_with_file_and_line(broken_project, tmp_path):
    result = build_site(broken_project, tmp_path / "site", strict=True)
    assert result.aborted
    assert any(f"processes/omsorg/trasig.md:{BROKEN_LINK_LINE}: [link.broken]" in message
               for message in result.messages(logging.WARNING))


def test_non_strict_build_leaves_out_the_broken_document_and_lists_it(broken_project, tmp_path):
    result = build_site(broken_project, tmp_path / "site", strict=False)
    assert not result.aborted
    assert not (result.site / "omsorg/trasig").exists()
    listing = result.page("ej-publicerade")
    assert "Trasig rutin (RUT-OMS-009)" in listing and "processes/omsorg/trasig.md" in listing
    assert f"Rad {BROKEN_LINK_LINE}:" in listing
    assert "RUT-OMS-009" not in result.page("register")
    assert any("1 dokument publiceras inte" in message and "processes/omsorg/trasig.md" in message
               for message in result.messages(logging.WARNING))


def _grow(project: Path, copies: int) -> None:
    """Add ``copies`` copies of every document, ids and file names renamed so that each
    copy links only to its own copies: the handbook grows, the measured routine's
    neighbourhood does not."""
    originals = sorted((project / "processes").rglob("*.md"))
    ids = {re.search(r"^id: (\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE).group(1) for path in originals}
    for copy in range(1, copies + 1):
        for path in originals:
            text = path.read_text(encoding="utf-8")
            for identifier in ids:
                text = re.sub(rf"\b{identifier}\b", f"{identifier}-K{copy}", text)
            for other in originals:
                text = text.replace(f"{other.stem}.md", f"{other.stem}-k{copy}.md")
            path.with_name(f"{path.stem}-k{copy}.md").write_text(text, encoding="utf-8")


def test_routine_page_does_not_grow_with_the_handbook(tmp_path):
    small = build_site(copy_fixture(tmp_path / "liten"), tmp_path / "liten-site", strict=True)
    large_project = copy_fixture(tmp_path / "stor")
    _grow(large_project, copies=2)
    large = build_site(large_project, tmp_path / "stor-site", strict=True)
    assert not small.aborted and not large.aborted, large.messages(logging.WARNING)
    assert len(list((large.site).rglob("index.html"))) > 2 * len(list(small.site.rglob("index.html"))) - 10
    small_size = len(small.page("omsorg/mottagning").encode())
    large_size = len(large.page("omsorg/mottagning").encode())
    assert large_size == small_size
    assert large_size < ROUTINE_PAGE_LIMIT


def test_sample_handbook_builds_strictly_with_every_page(sample_build, audience):
    built = sample_build
    assert not built.aborted, built.messages(logging.WARNING)
    handbook = for_audience(check_project(REPOSITORY, dt.date.fromisoformat(TODAY)).handbook, Audience(audience))
    expected = ["", "register", "regelverk/sosfs-2011-9", "roller", "granskning", "upphavda",
                *(f"omraden/{area}" for area in handbook.organisation.areas),
                *(document.content_path.removesuffix(".md") for document in handbook.documents)]
    missing = [path for path in expected if not (built.site / path / "index.html").is_file()]
    assert missing == []
    withheld = [path.removesuffix(".md") for path in handbook.withheld]
    assert withheld and [path for path in withheld if (built.site / path).exists()] == []
    sizes = {document.content_path: len(built.page(document.content_path.removesuffix(".md")).encode())
             for document in handbook.documents if document.type is DocumentType.ROUTINE}
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] < ROUTINE_PAGE_LIMIT, f"{largest}: {sizes[largest]} bytes"
