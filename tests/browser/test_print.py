"""A routine on paper: a print button on the page; printed, the routine's text with only
the line saying which copy it is and its permanent address added; a one-screen routine
on one A4 page; headings kept with what follows; poster links and history left out."""

from __future__ import annotations

import pytest

from scanning import pdf_pages

from .conftest import PHONE

pytestmark = pytest.mark.browser

SHORT_ROUTINE = "stodprocesser/attest/"
SHORT_ROUTINE_ID = "INS-STOD-001"
A4 = (595.92, 842.88)


def test_the_print_button_opens_the_print_dialog(open_page):
    page = open_page(SHORT_ROUTINE, PHONE)
    # The operating system's dialog cannot open in a headless browser: record the call.
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="Skriv ut").tap()
    assert page.evaluate("window.__printed") == 1


def test_a_short_routine_prints_on_one_a4_page(open_page):
    page = open_page(SHORT_ROUTINE, PHONE)
    pages = pdf_pages(page.pdf(format="A4", print_background=True))
    assert len(pages) == 1
    assert pages[0] == pytest.approx(A4, abs=1)


def test_printed_adds_only_the_copy_line_and_the_permanent_address(open_page):
    page = open_page(SHORT_ROUTINE, PHONE)
    assert not page.locator(".qms-qr").is_visible()   # on screen the reader has the page
    page.emulate_media(media="print")
    assert page.locator(".qms-print-note").is_visible()
    assert page.locator(".qms-qr svg").is_visible()
    assert f"d/{SHORT_ROUTINE_ID}/" in page.locator(".qms-qr").inner_text()
    for left_out in (".qms-facts", ".qms-history", ".qms-qr-posters", ".qms-qr h2", ".qms-print-button",
                     ".qms-actions", ".qms-context"):
        assert not page.locator(left_out).first.is_visible(), f"{left_out} is printed"


def test_printed_headings_stay_with_what_follows(open_page):
    page = open_page(SHORT_ROUTINE, PHONE)
    page.emulate_media(media="print")
    breaks = page.eval_on_selector_all("article h2, article h3",
                                       "headings => headings.map(h => getComputedStyle(h).breakAfter)")
    assert breaks and set(breaks) == {"avoid-page"}
