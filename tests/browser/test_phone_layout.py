"""What a reader does with the handbook, on a phone (390x844, touch) and a desktop:
from the start page to a routine in three taps, search, filter the register, print a
routine; and what a phone needs: no horizontal scrolling at 360 px, 44-px tap targets,
text readable without zooming.

Tap targets. Every control is at least 44 x 44 CSS px (WCAG 2.5.5, the handbook's own
requirement): header buttons, the drawer's links, search, the process map's links, the
register's fields and sort buttons, the document header's links and buttons. Links
inside running text (a sentence in a paragraph) are exempt, as both WCAG 2.5.5 and
2.5.8 exempt inline targets whose size the line of text decides.
"""

from __future__ import annotations

import re

import pytest

from .conftest import DEVICES, KEY_PAGES, NARROW, PHONE, photo_name, screenshot

pytestmark = pytest.mark.browser

TAP = 44
# The controls of each page that must be full-size tap targets (see the module docstring).
CONTROLS = {
    "start": ".qms-search-prompt__button, .qms-area li > a:first-child",
    "process": ".qms-activity-routines li > a:first-child, .qms-facts dd a, .qms-actions a",
    "routine": ".qms-facts dd a, .qms-actions a, .qms-links li > a:first-child",
    "register": ".qms-register-filter input, .qms-register-filter select, .qms-register-filter button, "
                ".qms-sort, .qms-register tbody td:nth-child(2) a",
}
HEADER_CONTROLS = ".md-header__button:not(.md-logo)"
RUNNING_TEXT = ".md-content article p, .md-content article li"
REFLOW = 320
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
                     word-spacing: 0.16em !important; }
                 p { margin-bottom: 2em !important; }"""
# Text cut off by a box that keeps its height (overflow hidden) when lines grow taller.
# Material's header title is one line by design and ends in an ellipsis; text for screen
# readers only is a 1-px box on purpose.
CLIPPED_TEXT = """() => [...document.querySelectorAll('.md-main *, .md-header *')]
    .filter(e => e.getClientRects().length && !e.closest('.md-header__title, .md-search, .md-sidebar')
                 && ['hidden', 'clip'].includes(getComputedStyle(e).overflowY)
                 && e.clientHeight > 1 && e.scrollHeight > e.clientHeight + 1 && e.textContent.trim())
    .map(e => e.className || e.tagName)"""
SMALLEST_TEXT = 12
"""No visible text smaller than this (badges, labels, table cells); running text is 16 px."""


def _tap(page, device, locator) -> None:
    if device.touch:
        locator.tap()
    else:
        locator.click()


def _visible_sizes(page, selector: str) -> list[tuple[str, float, float]]:
    return page.eval_on_selector_all(selector, """elements => elements
        .filter(e => e.getClientRects().length && getComputedStyle(e).visibility === 'visible')
        .map(e => { const r = e.getBoundingClientRect();
                    return [(e.getAttribute('aria-label') || e.textContent).trim().slice(0, 40), r.width, r.height]; })""")


@pytest.mark.parametrize("device", DEVICES.values(), ids=DEVICES.keys())
def test_a_routine_is_at_most_three_taps_from_the_start_page(open_page, device):
    page = open_page(KEY_PAGES["start"], device)
    taps = 0
    _tap(page, device, page.locator(".qms-area a[href*='utredning-och-insatser']").first)
    taps += 1
    # The process page lists each activity once, with its routines under it.
    page.wait_for_selector(".qms-activity-routines")
    _tap(page, device, page.locator(".qms-activity-routines a[href*='orosanmalan']").first)
    taps += 1
    # Material's instant navigation changes the address before it swaps the page.
    page.wait_for_selector(".qms-document[data-document-id='RUT-BOU-001']")
    assert page.url.endswith("/barn-och-unga/orosanmalan/")
    assert page.locator("article h1").inner_text().startswith("Orosanmälan")
    assert taps <= 3


@pytest.mark.parametrize("device", DEVICES.values(), ids=DEVICES.keys())
def test_search_finds_a_routine_and_opens_it(open_page, device):
    page = open_page(KEY_PAGES["start"], device)
    if device.touch:
        # On a phone the search field hides behind the header's magnifier.
        _tap(page, device, page.locator("[data-qms-search-open]"))
    field = page.locator("#qms-search-input")
    field.click()
    field.fill("orosanmälan")
    result = page.locator(".qms-search__result a[href*='orosanmalan']").first
    result.wait_for(state="visible")
    # Material slides the search panel open: the result settles on screen, 44 px high.
    page.wait_for_function("""() => { const box = document.querySelector(
        ".qms-search__result a[href*='orosanmalan']").getBoundingClientRect();
        return box.left >= 0 && box.right <= innerWidth && box.height >= 44; }""")
    _tap(page, device, result)
    page.wait_for_selector(".qms-document[data-document-id='RUT-BOU-001']")
    assert "/barn-och-unga/orosanmalan/" in page.url


@pytest.mark.parametrize("device", DEVICES.values(), ids=DEVICES.keys())
def test_register_filters_by_type_and_by_text(open_page, device):
    page = open_page(KEY_PAGES["register"], device)
    rows = page.locator(".qms-register tbody tr")
    total = rows.count()
    assert total > 20
    page.locator("select[data-qms-filter-column='2']").select_option("Checklista")
    visible_types = page.eval_on_selector_all(
        ".qms-register tbody tr:not([hidden])", "rows => rows.map(row => row.cells[2].textContent.trim())")
    assert visible_types and set(visible_types) == {"Checklista"} and len(visible_types) < total
    count = page.locator("[data-qms-register-count]")
    assert count.inner_text() == f"Visar {len(visible_types)} av {total} dokument."

    page.locator("select[data-qms-filter-column='2']").select_option("")
    page.locator("[data-qms-filter-text]").fill("orosanmälan")
    page.wait_for_function("document.querySelector('[data-qms-register-count]').textContent.startsWith('Visar')")
    shown = page.locator(".qms-register tbody tr:not([hidden])")
    assert 0 < shown.count() < total
    assert any("RUT-BOU-001" in text for text in shown.all_inner_texts())
    # The matching rows are on screen, not beside it.
    assert page.evaluate("document.scrollingElement.scrollWidth") <= device.width


@pytest.mark.parametrize("device", DEVICES.values(), ids=DEVICES.keys())
def test_a_printed_routine_says_what_it_is_and_leaves_out_the_navigation(open_page, device):
    page = open_page(KEY_PAGES["routine"], device)
    assert not page.locator(".qms-print-note").is_visible()
    page.emulate_media(media="print")
    note = page.locator(".qms-print-note")
    assert note.is_visible()
    text = note.inner_text()
    assert "RUT-BOU-001" in text
    assert re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert "Utskriven kopia" in text
    for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.locator(hidden).is_visible(), f"{hidden} is printed"
    assert page.locator("article h1").is_visible()


@pytest.fixture(scope="module")
def phone_pages(browser, sample_site):
    """The key pages loaded once each at phone size, for tests that only look at them."""
    context = browser.new_context(**PHONE.context_options())
    context.set_default_timeout(10_000)
    pages = {}

    def get(name: str):
        if name not in pages:
            pages[name] = context.new_page()
            pages[name].goto(sample_site + KEY_PAGES[name], wait_until="load")
        return pages[name]

    yield get
    context.close()


def _overflow_at(page, width: int) -> list[int]:
    """[content width, window width] at a window width; the page is put back afterwards."""
    page.set_viewport_size({"width": width, "height": PHONE.height})
    try:
        return page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    finally:
        page.set_viewport_size({"width": PHONE.width, "height": PHONE.height})


@pytest.mark.parametrize("name", KEY_PAGES)
def test_key_page_fits_a_narrow_phone_and_is_photographed(phone_pages, name, audience):
    page = phone_pages(name)
    screenshot(page, photo_name(f"telefon-{name}", audience))
    # 360 px: the narrowest common phone. 320 px: WCAG 1.4.10, a 1280-px window at 400 %.
    for width in (NARROW, REFLOW):
        content, window = _overflow_at(page, width)
        assert content <= window, f"{name}: {content} px of content in a {window}-px window"


@pytest.mark.parametrize("name", KEY_PAGES)
def test_key_page_survives_wider_text_spacing(phone_pages, name):
    """WCAG 1.4.12: a reader's own style sheet spacing lines, paragraphs, letters and
    words further apart loses nothing and needs no sideways scrolling."""
    page = phone_pages(name)
    spacing = page.add_style_tag(content=TEXT_SPACING)
    try:
        content, window = _overflow_at(page, NARROW)
        clipped = page.evaluate(CLIPPED_TEXT)
    finally:
        spacing.evaluate("style => style.remove()")
    assert content <= window, f"{name}: {content} px of content in a {window}-px window"
    assert clipped == []


# The page's background as relative luminance (WCAG), read where the reader sees it.
BACKGROUND_LUMINANCE = """() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).slice(0, 3)
        .map(v => { v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; }"""


def test_key_pages_are_dark_in_the_dark_scheme_and_photographed(open_page, sample_site, audience):
    page = open_page(KEY_PAGES["start"], PHONE, scheme="dark")
    for name in ("start", "routine", "register"):
        if name != "start":
            page.goto(sample_site + KEY_PAGES[name], wait_until="load")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", name
        assert page.evaluate(BACKGROUND_LUMINANCE) < 0.05, f"{name}: the background is not dark"
        assert screenshot(page, photo_name(f"telefon-morkt-{name}", audience)).stat().st_size > 0


@pytest.mark.parametrize("name", CONTROLS)
def test_controls_are_44_px_tap_targets(phone_pages, name):
    page = phone_pages(name)
    sizes = _visible_sizes(page, CONTROLS[name]) + _visible_sizes(page, HEADER_CONTROLS)
    assert len(sizes) >= 4
    assert [entry for entry in sizes if entry[1] < TAP or entry[2] < TAP] == []


def test_drawer_and_search_controls_are_44_px_tap_targets(open_page):
    page = open_page(KEY_PAGES["routine"], PHONE)
    page.locator(".md-header [data-qms-toggle='__drawer']").tap()
    page.wait_for_function("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'visible'")
    drawer = _visible_sizes(page, ".md-sidebar--primary .md-nav__link, .md-sidebar--primary .md-nav__title")
    assert len(drawer) >= 8
    assert [entry for entry in drawer if entry[2] < TAP] == []
    page.locator(".md-overlay").tap(position={"x": 370, "y": 400})
    page.locator("[data-qms-search-open]").tap()
    page.locator("#qms-search-input").fill("placering")
    page.locator(".qms-search__result").first.wait_for()
    search = _visible_sizes(page, ".md-search__icon[for='__search'], .md-search__options button, "
                                  ".qms-search__filters summary, .qms-search__link")
    assert len(search) >= 4
    assert [entry for entry in search if entry[1] < TAP or entry[2] < TAP] == []


@pytest.mark.parametrize("name", ("start", "routine", "register", "coverage"))
def test_text_is_readable_without_zooming(phone_pages, name):
    page = phone_pages(name)
    viewport = page.get_attribute("meta[name=viewport]", "content")
    assert "width=device-width" in viewport
    assert not re.search(r"maximum-scale|user-scalable\s*=\s*(no|0)", viewport)
    running = page.eval_on_selector_all(RUNNING_TEXT, """elements => elements
        .filter(e => e.getClientRects().length && !e.closest('.qms-facts, .qms-breadcrumb, .qms-register, .md-footer'))
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert running and min(running) >= 16
    smallest = page.evaluate("""() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let smallest = [Infinity, ''];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const element = node.parentElement;
            if (!node.textContent.trim() || !element.getClientRects().length) continue;
            const style = getComputedStyle(element);
            if (style.visibility !== 'visible' || element.closest('[aria-hidden=true]')) continue;
            const size = parseFloat(style.fontSize);
            if (size < smallest[0]) smallest = [size, node.textContent.trim().slice(0, 40)];
        }
        return smallest; }""")
    assert smallest[0] >= SMALLEST_TEXT, f"{name}: {smallest[1]!r} is {smallest[0]} px"

