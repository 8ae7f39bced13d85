"""The document register: every document in one plain table that reads without
JavaScript; theme/register.js sorts and filters it in a real browser."""

from __future__ import annotations

import re

import pytest

from page_checks import assert_golden, front_matter, handbook, to_html, visible_text  # noqa: F401 - fixture

from qms_tools.publishing.pages import register


@pytest.fixture(scope="module")
def page(handbook):
    return register.generate(handbook)


@pytest.fixture(scope="module")
def rows(page):
    page_html = to_html(page.markdown)
    table = page_html[page_html.index("<tbody>"):page_html.index("</tbody>")]
    return [[visible_text(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def test_register_matches_golden(page):
    assert (page.src_uri, page.title) == ("register.md", "Dokumentregister")
    assert_golden("register.md", page.markdown)


def test_one_row_per_document_in_id_order(handbook, rows):
    assert len(rows) == len(handbook.documents) == 12
    assert [row[0] for row in rows][:4] == ["CHK-OMS-001", "INS-OMS-001", "MALL-OMS-001", "PROC-OMS-001"]


def test_a_row_shows_id_title_type_status_owner_area_and_review_date(rows):
    by_id = {row[0]: row for row in rows}
    assert by_id["RUT-OMS-001"] == ["RUT-OMS-001", "Inskrivning i hemtjänsten", "Rutin", "Gällande",
                                    "Enhetschef hemtjänst", "Omsorg", "2026-10-01 Granskning försenad"]
    assert by_id["CHK-OMS-001"][6] == "2026-12-10 Granskning snart"
    assert by_id["MALL-OMS-001"][6] == "2027-06-01"


def test_missing_facts_are_a_dash_never_a_blank(rows):
    by_id = {row[0]: row for row in rows}
    assert by_id["RIK-LED-001"][5] == "–"                   # no area
    assert by_id["RUT-OMS-002"][6] == "–"                   # a draft is not due for review
    assert by_id["RUT-OMS-009"][6] == "–"                   # nor is a withdrawn document
    assert by_id["INS-OMS-001"][4] == "enhetschef-natt"     # an owner missing from the registry


def test_filters_offer_every_value_in_the_table(page):
    options = re.findall(r'<select data-qms-filter-column="(\d)"[^>]*>(.*?)</select>', page.markdown, re.S)
    values = {int(column): re.findall(r"<option>([^<]+)</option>", body) for column, body in options}
    assert values[2] == ["Process", "Rutin", "Instruktion", "Checklista", "Mall", "Riktlinje", "Styrdokument"]
    assert values[3] == ["Utkast", "Gällande", "Upphävd"]
    assert values[4] == ["Enhetschef Ekgården", "Enhetschef hemtjänst", "enhetschef-natt", "Kvalitetschef",
                         "Verksamhetschef omsorg (processägare)"]
    assert values[5] == ["Ledning och kvalitet", "Omsorg", "–"]
    assert values[6] == ["Granskning försenad", "Granskning snart"]


def test_the_filter_form_waits_for_the_script_and_the_page_stays_out_of_search(page):
    assert "<form class=\"qms-register-filter\" data-qms-register-filter hidden>" in page.markdown
    assert front_matter(page.markdown)["search"] == {"exclude": True}


def test_markup_stays_lean(handbook, page):
    table = page.markdown[page.markdown.index("| --- |"):]
    assert len(table.encode()) / len(handbook.documents) < 260
