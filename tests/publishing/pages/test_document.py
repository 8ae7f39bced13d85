"""The document page renderer: header facts, banners, backlinks, history and actions,
from the real fixture handbook (tests/fixtures/site_small) and real History data."""

from __future__ import annotations

import dataclasses
import re
import datetime as dt
import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import FIXTURES, TODAY

from qms_tools.check.run import check_project
from qms_tools.handbook.history import Change, History
from qms_tools.handbook.model import Document, Handbook
from qms_tools.publishing.pages.common import link
from qms_tools.publishing.pages.document import (
    HISTORY_ROWS,
    DocumentView,
    PageAddress,
    page_blocks,
    page_html,
    page_markdown,
    render_footer,
    render_header,
    render_page,
)

GOLDEN = Path(__file__).parent / "golden"
PAGE_URL = "https://example.invalid/handbok/omsorg/mottagning/"


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    result = check_project(FIXTURES / "site_small", dt.date.fromisoformat(TODAY))
    assert result.errors == []
    return result.handbook


def changes(count: int) -> list[Change]:
    start = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.timezone.utc)
    return [Change(f"{index:040x}", start + dt.timedelta(days=count - index), f"Redaktör {index}",
                   f"Update mottagning.md ({index})", f"Ändring nummer {index}") for index in range(count)]


def view(handbook: Handbook, document_id: str, history: History | None = None, published: set[str] | None = None,
         page_url: str | None = PAGE_URL, print_url: str | None = None) -> DocumentView:
    document = handbook.by_id[document_id]

    def resolve(target: str) -> str | None:
        src_uri, _, anchor = target.partition("#")
        if published is not None and src_uri not in published:
            return None
        return str(link(document.content_path, src_uri, anchor or None))

    return DocumentView(document, handbook, history or History(), PageAddress(resolve, page_url, print_url))


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("QMS_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs; QMS_UPDATE_GOLDEN=1 rewrites it"


def test_header_of_a_current_routine_matches_golden(handbook):
    history = History(changes_by_path={"processes/omsorg/mottagning.md": changes(2)})
    assert_golden("header-mottagning.html", render_header(view(handbook, "RUT-OMS-001", history)) + "\n")


def test_footer_of_a_routine_used_by_two_processes_matches_golden(handbook):
    history = History(changes_by_path={"processes/omsorg/mottagning.md": changes(2)})
    assert_golden("footer-mottagning.html", render_footer(view(handbook, "RUT-OMS-001", history)) + "\n")


def test_header_carries_the_data_attributes_the_browser_script_reads(handbook):
    html = render_header(view(handbook, "RUT-OMS-001"))
    assert 'data-document-id="RUT-OMS-001"' in html
    assert 'data-status="gällande"' in html
    assert 'data-review-date="2027-04-01"' in html
    assert 'data-due-soon-days="30"' in html


def test_regulation_references_link_to_the_coverage_page_anchors(handbook):
    html = render_header(view(handbook, "RUT-OMS-001"))
    assert '<a href="../regelverk/sosfs-2011-9.md#p-4-4">4 kap. 4 §</a>' in html
    assert '<a href="../regelverk/sosfs-2011-9.md#kap-5">5 kap.</a>' in html
    # Written out: a tap on a phone shows no title attribute.
    assert '<abbr>OSL</abbr> – Offentlighets- och sekretesslagen (2009:400)' in html
    assert "<abbr title=" not in html


def test_overdue_routine_shows_the_overdue_banner_and_keeps_the_due_soon_one_hidden(handbook):
    html = render_header(view(handbook, "RUT-OMS-002"))
    assert '<p class="qms-banner qms-banner--overdue" data-qms-review="overdue">' in html
    assert 'data-qms-review="due-soon" hidden>' in html
    assert "senast 2026-10-01" in html
    # What a reader should do meanwhile.
    assert "Det gäller tills vidare: arbeta som det står." in html


def test_due_soon_routine_with_departed_owner(handbook):
    """Due soon is a badge beside the review date, not a banner above a routine in force."""
    html = render_header(view(handbook, "RUT-OMS-003"))
    assert '<span class="qms-badge qms-badge--due-soon" data-qms-review="due-soon">snart</span>' in html
    assert "qms-banner--due-soon" not in html
    assert 'data-qms-review="overdue" hidden>' in html
    assert 'Kanslichef <span class="qms-holder">Cecilia Ceder' in html
    assert "qms-badge--departed" in html and "Slutat 2026-06-30" in html


def test_current_routine_has_both_review_banners_hidden_for_the_script(handbook):
    html = render_header(view(handbook, "RUT-OMS-001"))
    assert html.count('data-qms-review="overdue" hidden>') == html.count('data-qms-review="due-soon" hidden>') == 1


def test_draft_with_vacant_owner(handbook):
    html = render_header(view(handbook, "RUT-OMS-004"))
    assert "qms-banner--draft" in html
    assert "data-review-date" not in html and "data-qms-review" not in html
    assert 'Samordnare <span class="qms-holder"><span class="qms-badge qms-badge--vacant">Vakant' in html


def test_withdrawn_document_links_to_its_replacement(handbook):
    html = render_header(view(handbook, "RUT-OMS-000"))
    assert "qms-banner--withdrawn" in html and "följ inte det här dokumentet" in html
    assert 'ersatts av <a href="mottagning.md">Mottagning av beställning</a> (RUT-OMS-001)' in html


def test_replacement_that_is_not_published_is_named_without_a_link(handbook):
    html = render_header(view(handbook, "RUT-OMS-000", published=set()))
    assert "ersatts av Mottagning av beställning (RUT-OMS-001)" in html
    banner = html[html.index('<p class="qms-banner qms-banner--withdrawn"'):]
    assert "<a " not in banner[:banner.index("</p>")]


def test_backlinks_name_each_related_document_once(handbook):
    html = render_footer(view(handbook, "RUT-OMS-001"))
    used_in = html[html.index("Används i"):html.index("Hänvisar hit")]
    assert '<a href="hemtjanst.md">Hemtjänstprocessen</a>' in used_in
    assert "aktivitet: Ta emot beställning" in used_in
    assert '<a href="../stod/arendehantering.md">Ärendehantering</a>' in used_in
    linked_from = html[html.index("Hänvisar hit"):html.index("Ändringshistorik")]
    assert '<a href="../stod/diarieforing.md">Diarieföring</a>' in linked_from
    # The text links to Läkemedel already: no generated list repeats it.
    assert "Läkemedel i hemtjänsten" not in html
    for title in ("Hemtjänstprocessen", "Ärendehantering", "Diarieföring"):
        assert html.count(f">{title}</a>") == 1, title


def test_a_document_linked_both_ways_is_not_listed_again(tmp_path):
    project = tmp_path / "handbok"
    shutil.copytree(FIXTURES / "site_small", project)
    routine = project / "processes/omsorg/mottagning.md"
    routine.write_text(routine.read_text(encoding="utf-8") + "\nSe även [diarieföringen](../stod/diarieforing.md).\n",
                       encoding="utf-8")
    handbook = check_project(project, dt.date.fromisoformat(TODAY)).handbook
    html = render_footer(view(handbook, "RUT-OMS-001"))
    assert "Diarieföring" not in html  # in the text, so not under "Hänvisar hit"


def test_history_shows_the_newest_rows_and_links_to_the_full_log(handbook):
    history = History(changes_by_path={"processes/omsorg/mottagning.md": changes(HISTORY_ROWS + 3)})
    html = render_footer(view(handbook, "RUT-OMS-001", history))
    assert html.count("</td></tr>") == HISTORY_ROWS
    # Each row links its version and its change (publishing/versions.py): read without the links.
    # No blobs in this history, so no kind read from the versions: "Ändrad", and the description.
    assert ("<tr><td>2026-01-14</td><td>Redaktör 0</td><td>Ändrad: Ändring nummer 0</td></tr>"
            in re.sub(r"</?a\b[^>]*>", "", html))
    assert "Update" not in html
    assert "Ändring nummer 12" not in html
    assert "Visar de 10 senaste ändringarna av 13." in html
    assert 'href="https://github.com/testby/handbok/commits/main/processes/omsorg/mottagning.md"' in html


def test_no_history_says_so(handbook):
    assert "Ingen ändringshistorik finns ännu." in render_footer(view(handbook, "RUT-OMS-001"))


def test_edit_and_report_links_follow_the_site_contract(handbook):
    html = render_footer(view(handbook, "RUT-OMS-001"))
    assert '<a class="md-button" href="https://github.com/testby/handbok/edit/main/processes/omsorg/mottagning.md">' \
           "Föreslå ändring</a>" in html
    start = html.index('href="https://github.com/testby/handbok/issues/new?') + len('href="')
    report = html[start:html.index('"', start)].replace("&amp;", "&")
    parts = urlsplit(report)
    assert parts.path == "/testby/handbok/issues/new"
    assert parse_qs(parts.query) == {"template": ["rapportera-fel.yml"], "dokument": ["RUT-OMS-001"],
                                     "sida": [PAGE_URL], "title": ["Fel i RUT-OMS-001: Mottagning av beställning"]}


def test_print_note_names_id_version_and_where_to_check(handbook):
    history = History(changes_by_path={"processes/omsorg/mottagning.md": changes(1)})
    html = render_header(view(handbook, "RUT-OMS-001", history, print_url="https://example.invalid/handbok/d/RUT-OMS-001/"))
    assert ('<p class="qms-print-note">RUT-OMS-001 · Version 2026-01-02 · Utskriven kopia – kontrollera att den är '
            "gällande: https://example.invalid/handbok/d/RUT-OMS-001/</p>") in html


def test_print_note_without_history_uses_the_review_date(handbook):
    html = render_header(view(handbook, "RUT-OMS-001"))
    assert "RUT-OMS-001 · Version 2026-04-01 · Utskriven kopia" in html


def _after_breadcrumb(page: str) -> str:
    assert page.startswith('<nav class="qms-breadcrumb"')
    return page.split("</nav>\n\n", 1)[1]


def test_breadcrumb_names_area_process_and_activity(handbook):
    trail = view(handbook, "RUT-OMS-001").breadcrumb()
    assert trail == (("../omraden/omsorg.md", "Omsorg"), ("hemtjanst.md", "Hemtjänstprocessen"),
                     (None, "Ta emot beställning"))
    html = page_blocks(view(handbook, "RUT-OMS-001")).breadcrumb
    assert '<nav class="qms-breadcrumb" aria-label="Här finns dokumentet">' in html
    assert '<li><a href="../omraden/omsorg.md">Omsorg</a></li>' in html and "<li>Ta emot beställning</li>" in html
    # A process: its area only; an unpublished area page: the name without a link.
    assert view(handbook, "PROC-OMS-001").breadcrumb() == (("../omraden/omsorg.md", "Omsorg"),)
    assert view(handbook, "RUT-OMS-001", published=set()).breadcrumb()[0] == (None, "Omsorg")


def test_header_goes_after_the_title_heading_and_footer_last(handbook):
    document: Document = handbook.by_id["RUT-OMS-001"]
    page = _after_breadcrumb(render_page(document.body, view(handbook, "RUT-OMS-001")))
    assert page.lstrip().startswith("# Mottagning av beställning\n\n<div class=\"qms-document\"")
    assert page.index("## Syfte") > page.index("</dl>")
    assert page.rstrip().endswith("</div>")
    assert page.index("Ändringshistorik") > page.index("Planera första besöket")


def test_header_comes_first_when_the_title_is_in_front_matter(handbook):
    document: Document = handbook.by_id["RUT-STO-001"]
    page = _after_breadcrumb(render_page(document.body, view(handbook, "RUT-STO-001")))
    assert page.startswith('<div class="qms-document"')
    assert "Registrera handlingen samma dag." in page


def test_process_map_goes_between_header_and_text(handbook):
    document: Document = handbook.by_id["PROC-OMS-001"]
    page = render_page(document.body, view(handbook, "PROC-OMS-001"), process_map="KARTA")
    assert page.index("</dl>") < page.index("KARTA") < page.index("Processen beskriver")


def test_the_two_step_page_for_site_generators_is_the_same_page(handbook):
    """page_markdown before Markdown, page_html after it: same order as render_page."""
    process = handbook.by_id["PROC-OMS-001"]
    markdown = page_markdown(process.body, process_map="KARTA")
    assert "qms-document" not in markdown and markdown.index("KARTA") < markdown.index("Processen beskriver")
    assert page_markdown(process.body) == process.body
    rendered = '<h1 id="t">Titel<a class="headerlink" href="#t">¶</a></h1>\n<p>KARTA</p>\n<p>Texten.</p>'
    page = _after_breadcrumb(page_html(rendered, page_blocks(view(handbook, "PROC-OMS-001"))))
    assert page.startswith('<h1 id="t">Titel<a class="headerlink" href="#t">¶</a></h1>\n\n<div class="qms-document"')
    assert page.index("</dl>") < page.index("KARTA") < page.index("Texten.") < page.index("Ändringshistorik")
    assert page.rstrip().endswith("</div>")
    untitled = _after_breadcrumb(page_html("<p>Registrera handlingen samma dag.</p>",
                                           page_blocks(view(handbook, "RUT-STO-001"))))
    assert untitled.startswith('<div class="qms-document"') and "Registrera handlingen" in untitled


def test_header_is_one_html_block_without_blank_lines(handbook):
    for document in handbook.documents:
        html = render_header(view(handbook, document.id))
        assert "\n\n" not in html and html.startswith("<div") and html.endswith("</div>")


def test_text_from_documents_is_escaped(handbook):
    document: Document = handbook.by_id["RUT-OMS-001"]
    original = document.title
    try:
        document.title = '<script>alert("x")</script>'
        html = render_footer(view(handbook, "RUT-OMS-002"))  # linked from RUT-OMS-001
    finally:
        document.title = original
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_process_lists_no_routine_of_its_process_map_as_linking_here(tmp_path):
    project = tmp_path / "handbok"
    shutil.copytree(FIXTURES / "site_small", project)
    for linking in ("omsorg/mottagning.md", "stod/diarieforing.md"):
        path = project / "processes" / linking
        path.write_text(path.read_text(encoding="utf-8") + "\nSe [hemtjänsten](../omsorg/hemtjanst.md).\n",
                        encoding="utf-8")
    handbook = check_project(project, dt.date.fromisoformat(TODAY)).handbook
    assert "RUT-OMS-001" in handbook.by_id["PROC-OMS-001"].routine_ids
    html = render_footer(view(handbook, "PROC-OMS-001"))
    hanvisar = html[html.index("Hänvisar hit"):]
    assert "Diarieföring" in hanvisar
    assert "Mottagning av beställning" not in hanvisar  # in the process map already


def test_each_handbook_gets_its_own_site_wide_facts(handbook):
    """The facts shared by all pages are worked out once per handbook: a page of another
    handbook (another build, other settings) never shows the first one's."""
    without_repository = dataclasses.replace(handbook, settings=dataclasses.replace(handbook.settings, repo_url=None))
    assert "Föreslå ändring" in render_footer(view(handbook, "RUT-OMS-001"))
    assert "Föreslå ändring" not in render_footer(view(without_repository, "RUT-OMS-001"))
    assert "Föreslå ändring" in render_footer(view(handbook, "RUT-OMS-001"))
