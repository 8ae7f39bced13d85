"""Review status: overdue and due-soon documents by unit and owner, with counts, a bar
chart whose numbers are its text equivalent, and whom to contact."""

from __future__ import annotations

import re

from page_checks import (assert_golden, handbook, load_handbook, page_fixtures, section, to_html,  # noqa: F401
                         visible_text)

from qms_tools.publishing.pages import review_status


page, page_html = page_fixtures(review_status.generate)


def test_review_status_page_matches_golden(page):
    assert page.src_uri == "granskning.md"
    assert_golden("granskning.md", page.markdown)


def test_counts_are_of_documents_in_force(page_html):
    assert "Läget 2026-11-22: 1 försenad och 1 som snart ska granskas (inom 30 dagar), av 9 gällande dokument." \
        in visible_text(page_html)


def test_the_chart_is_a_table_with_the_counts_and_hidden_bars(page_html):
    chart = page_html[page_html.index('<table class="qms-chart">'):page_html.index("</table>")]
    assert "<caption>" in chart
    rows = re.findall(r'<tr data-qms-unit="[^"]+"( hidden)?><th scope="row"><a href="#(enhet-[^"]+)">([^<]+)</a></th>'
                      r'<td data-qms-count="overdue">(\d+)</td><td data-qms-count="due-soon">(\d+)</td>'
                      r'<td class="qms-chart__bars" aria-hidden="true">(.*?)</td></tr>', chart)
    # Every unit with a document to review some day has a row; the script shows those with
    # something due on the reader's day, the build day's are shown without it.
    shown = [row for row in rows if not row[0]]
    assert [row[1:5] for row in shown] == [("enhet-hemtjanst", "Hemtjänsten Testby", "1", "0"),
                                           ("enhet-boende", "Boendet Ekgården", "0", "1")]
    assert len(rows) > len(shown)
    assert 'qms-bar--overdue" data-qms-bar="overdue" style="width: 100%"' in shown[0][5]
    assert 'qms-bar--due-soon" data-qms-bar="due-soon" style="width: 100%"' in shown[1][5]


def test_documents_are_listed_by_unit_then_owner_with_due_date(page_html):
    unit = visible_text(section(page_html, "enhet-hemtjanst"))
    assert "Enhetschef hemtjänst" in unit
    assert "Inskrivning i hemtjänsten Rutin Granskning försenad RUT-OMS-001, senast 2026-10-01" in unit
    soon = visible_text(section(page_html, "agare-enhetschef-boende"))
    # "om 18 dagar" would be true on the build's day only; the badge follows the reader's clock.
    assert "CHK-OMS-001, senast 2026-12-10" in soon and "dagar" not in soon
    assert 'data-qms-due="2026-11-10/2026-12-10"' in page_html


def test_an_owner_nobody_holds_names_who_stands_in(page_html):
    departed = visible_text(section(page_html, "agare-enhetschef-hemtjanst"))
    assert "Kontakt: Bo Lind Slutat 2026-09-30 – kontakta Alva Ek (Kvalitetschef)" in departed
    vacant = visible_text(section(page_html, "agare-enhetschef-boende"))
    assert "Kontakt: Vakant – kontakta Alva Ek (Kvalitetschef)" in vacant


def test_drafts_and_withdrawn_documents_are_never_due(page_html):
    text = visible_text(page_html)
    assert "Genomförandeplan" not in text and "Inskrivning på papper" not in text


def test_nothing_due_says_so():
    page_html = to_html(review_status.generate(load_handbook("2026-01-15")).markdown)
    text = visible_text(page_html)
    assert "Läget 2026-01-15: 0 försenade och 0 som snart ska granskas" in text
    assert "Inga dokument är försenade eller ska granskas inom 30 dagar." in text
    # The rows and sections are there for the reader's clock, hidden on the build's day.
    rows = re.findall(r'<tr data-qms-(?:unit|owner)=[^>]*>', page_html)
    sections = re.findall(r'<div class="qms-review-(?:unit|owner)"[^>]*>', page_html)
    assert rows and sections and all(" hidden" in tag for tag in rows + sections)
