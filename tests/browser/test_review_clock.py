"""Overview pages say what the document pages say on the reader's day (issue 19): the
register, the area page, the process map and the review page classify each listed
document with the reader's clock, as a document's own header does, not with the build
date. The sample handbook is built as of 2026-11-22; the browser's clock is then set
to later days with Playwright's clock API."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.browser

ROUTINE = "barn-och-unga/orosanmalan/"        # RUT-BOU-001, review due 2027-01-31, 30 days' notice
CHECKLIST = "barn-och-unga/skyddsbedomning/"  # CHK-BOU-001, review due 2026-12-01: due soon at the build
OVERVIEWS = ("register/", "omraden/barn-och-unga/", "barn-och-unga/utredning-och-insatser/")

LISTED_STATE = """target => {
    const link = [...document.querySelectorAll('article a')].find(a => a.pathname.endsWith(target));
    const badge = link && link.closest('li, tr').querySelector('[data-qms-due]');
    return badge ? [badge.getAttribute('data-review-state'), badge.hidden ? '' : badge.textContent.trim()] : null;
}"""


def _document_state(page, site: str, path: str) -> str:
    page.goto(site + path, wait_until="load")
    page.wait_for_selector(".qms-document[data-review-state]", state="attached")
    return page.get_attribute(".qms-document", "data-review-state")


@pytest.mark.parametrize(("today", "state", "label"), [
    (dt.datetime(2026, 11, 22, 12), "current", ""),
    (dt.datetime(2027, 1, 10, 12), "due-soon", "Granskning snart"),
    (dt.datetime(2027, 2, 15, 12), "overdue", "Granskning försenad"),
])
def test_overview_pages_agree_with_the_document_page_on_the_readers_day(phone, sample_site, today, state, label):
    phone.clock.set_fixed_time(today)
    assert _document_state(phone, sample_site, ROUTINE) == state
    for overview in OVERVIEWS:
        phone.goto(sample_site + overview, wait_until="load")
        phone.wait_for_selector("[data-qms-due][data-review-state]", state="attached")
        assert phone.evaluate(LISTED_STATE, ROUTINE) == [state, label], overview


def test_the_register_filter_finds_what_is_overdue_on_the_readers_day(phone, sample_site):
    phone.clock.set_fixed_time(dt.datetime(2027, 2, 15, 12))
    phone.goto(sample_site + "register/", wait_until="load")
    phone.locator("[data-qms-filter-column]").last.select_option("Granskning försenad")
    shown = phone.eval_on_selector_all(".qms-register tbody tr:not([hidden])",
                                       "rows => rows.map(row => row.cells[0].textContent.trim())")
    assert "RUT-BOU-001" in shown   # not overdue at the build, overdue on the reader's day


def test_the_review_page_relabels_its_documents_and_says_when_it_was_built(phone, sample_site):
    phone.clock.set_fixed_time(dt.datetime(2026, 12, 5, 12))
    assert _document_state(phone, sample_site, CHECKLIST) == "overdue"
    phone.goto(sample_site + "granskning/", wait_until="load")
    assert phone.evaluate(LISTED_STATE, CHECKLIST) == ["overdue", "Granskning försenad"]
    note = phone.locator("[data-qms-built]")
    assert note.is_visible() and "Sidan byggdes 2026-11-22" in note.inner_text()


def test_on_the_build_day_the_review_page_needs_no_note(phone, sample_site):
    phone.clock.set_fixed_time(dt.datetime(2026, 11, 22, 12))
    phone.goto(sample_site + "granskning/", wait_until="load")
    phone.wait_for_selector("[data-qms-due][data-review-state]", state="attached")
    assert not phone.locator("[data-qms-built]").is_visible()
    assert phone.evaluate(LISTED_STATE, CHECKLIST) == ["due-soon", "Granskning snart"]



REVIEW_COUNTS = """() => {
    const visible = element => !!element.getClientRects().length;
    const items = [...document.querySelectorAll('div[data-qms-owner] li')].filter(visible);
    const states = items.map(item => item.querySelector('[data-qms-due]')?.getAttribute('data-review-state'));
    const number = selector => parseInt(document.querySelector(selector).textContent, 10);
    const sum = (selector) => [...document.querySelectorAll(selector)].filter(visible)
        .reduce((total, cell) => total + parseInt(cell.textContent, 10), 0);
    return {overdue: states.filter(s => s === 'overdue').length, dueSoon: states.filter(s => s === 'due-soon').length,
            current: states.filter(s => s === 'current').length,
            summary: [number("[data-qms-review-page] [data-qms-count='overdue']"),
                      number("[data-qms-review-page] [data-qms-count='due-soon']")],
            units: [sum("tr[data-qms-unit] [data-qms-count='overdue']"), sum("tr[data-qms-unit] [data-qms-count='due-soon']")],
            owners: [sum("tr[data-qms-owner] [data-qms-count='overdue']"), sum("tr[data-qms-owner] [data-qms-count='due-soon']")],
            day: document.querySelector('[data-qms-review-day]').textContent};
}"""


def _review_counts(phone, sample_site, today: dt.datetime) -> dict:
    phone.clock.set_fixed_time(today)
    phone.goto(sample_site + "granskning/", wait_until="load")
    phone.wait_for_selector("[data-qms-due][data-review-state]", state="attached")
    return phone.evaluate(REVIEW_COUNTS)


def test_the_review_pages_counts_follow_the_readers_day(phone, sample_site):
    build_day = _review_counts(phone, sample_site, dt.datetime(2026, 11, 22, 12))
    later = _review_counts(phone, sample_site, dt.datetime(2027, 2, 15, 12))
    assert later["day"] == "2027-02-15" and build_day["day"] == "2026-11-22"
    for counts in (build_day, later):
        # The text, the chart and the owners' table all count what the list shows.
        shown = [counts["overdue"], counts["dueSoon"]]
        assert counts["summary"] == shown and counts["units"] == shown and counts["owners"] == shown, counts
    # RUT-BOU-001 (due 2027-01-31) is current at the build and overdue on the later day:
    # listed then, and counted, although the build day's page left it out.
    assert later["overdue"] > build_day["overdue"]
    assert phone.evaluate(LISTED_STATE, ROUTINE) == ["overdue", "Granskning försenad"]
    assert phone.locator("div[data-qms-owner] li", has=phone.locator(f"a[href$='{ROUTINE}']")).first.is_visible()
    phone.clock.set_fixed_time(dt.datetime(2026, 11, 22, 12))
    phone.goto(sample_site + "granskning/", wait_until="load")
    phone.wait_for_selector("[data-qms-due][data-review-state]", state="attached")
    assert not phone.locator("div[data-qms-owner] li", has=phone.locator(f"a[href$='{ROUTINE}']")).first.is_visible()
