"""The handbook with the keyboard alone, on a phone-sized and a desktop window.

Tab reaches every visible control, and whatever has the focus is on screen and looks
different from when it has not (its outline or box-shadow changes). Nothing hidden is
in the tab order: not the closed navigation drawer, not the closed search. The drawer
(a checkbox behind a <label> in Material) opens with Enter and Space and closes with
Escape, the light/dark switch switches, search is reached and used, and after
Material's instant navigation the new page's heading has the focus.

A visually hidden native control (Material's light/dark radio button) shows its focus
on the label that follows it; that label is what is checked.
"""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, DEVICES, KEY_PAGES, PHONE

pytestmark = pytest.mark.browser

# Every key page on a phone; on a desktop the routine, which has all of the desktop's own
# parts (navigation and contents beside the text, the header's search field).
WALKS = [("start", PHONE), ("routine", PHONE), ("register", PHONE), ("routine", DESKTOP)]
AREA_PAGE = "omraden/barn-och-unga/"
MAX_STOPS = 400
TABS_AT_A_TIME = 25

# Records every focus as it happens: where the focused element is, whether it can be
# seen, and the focus styles of the element that shows the focus. Recording in the page
# keeps the walk to one round trip per Tab.
RECORD_FOCUS = """() => {
    window.__tabStops = [];
    const settled = (node, property) => {
        // Material fades some controls in on focus (the skip link): read where the fade ends.
        if (!node.getAnimations().length) return getComputedStyle(node)[property];
        const transition = node.style.transition;
        node.style.transition = 'none';
        const value = getComputedStyle(node)[property];
        node.style.transition = transition;
        return value;
    };
    document.addEventListener('focusin', event => {
        const element = event.target;
        if (!(element instanceof Element)) return;
        const repeat = element.hasAttribute('data-tab-stop');
        if (!repeat) element.setAttribute('data-tab-stop', window.__tabStops.length);
        const size = element.getBoundingClientRect();
        const shown = size.width && size.height ? element
            : (element.nextElementSibling && element.nextElementSibling.tagName === 'LABEL' ? element.nextElementSibling : element);
        const box = shown.getBoundingClientRect();
        let visible = true;
        for (let node = shown; node; node = node.parentElement) {
            if (parseFloat(settled(node, 'opacity')) < 0.1 || settled(node, 'visibility') !== 'visible') visible = false;
        }
        const style = getComputedStyle(shown);
        window.__tabStops.push({
            repeat,
            stop: element.getAttribute('data-tab-stop'),
            name: (element.getAttribute('aria-label') || element.textContent || element.name || '').trim().slice(0, 40),
            tag: element.tagName,
            onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
                      && box.left < innerWidth && box.top < innerHeight,
            visible,
            focusStyle: [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(' | '),
        });
    }, true);
}"""

# Marks every control a reader can see before the walk (data-expected).
MARK_VISIBLE_CONTROLS = """() => [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(element => {
        if (element.disabled || element.tabIndex < 0 || element.closest('[inert], [hidden]')) return false;
        // The content of a closed <details> is not shown (only its summary is).
        const closed = element.closest('details:not([open])');
        if (closed && !closed.querySelector(':scope > summary').contains(element)) return false;
        const box = element.getBoundingClientRect();
        if (!box.width || !box.height) return false;
        for (let node = element; node; node = node.parentElement) {
            const style = getComputedStyle(node);
            if (style.visibility !== 'visible' || parseFloat(style.opacity) < 0.1) return false;
        }
        return true;
    })
    .map(element => element.setAttribute('data-expected', '')).length"""
UNREACHED = """() => [...document.querySelectorAll('[data-expected]:not([data-tab-stop])')]
    .map(element => (element.getAttribute('aria-label') || element.textContent).trim().slice(0, 40))"""

UNFOCUSED_STYLES = """(stops) => stops.map(stop => {
    const element = document.querySelector(`[data-tab-stop="${stop}"]`);
    const size = element.getBoundingClientRect();
    const shown = size.width && size.height ? element : element.nextElementSibling;
    const style = getComputedStyle(shown);
    return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(' | ');
})"""


def _walk(page) -> list[dict]:
    """Press Tab until the focus comes round again; every stop on the way."""
    page.evaluate(RECORD_FOCUS)
    stops: list[dict] = []
    while len(stops) < MAX_STOPS:
        for _ in range(TABS_AT_A_TIME):
            page.keyboard.press("Tab")
        stops = page.evaluate("window.__tabStops")
        if any(stop["repeat"] for stop in stops):
            return stops[:next(index for index, stop in enumerate(stops) if stop["repeat"])]
    return stops


@pytest.mark.parametrize(("name", "device"), WALKS, ids=[f"{name}-{device.name}" for name, device in WALKS])
def test_tab_reaches_every_control_and_shows_where_it_is(open_page, name, device):
    page = open_page(KEY_PAGES[name], device)
    assert page.evaluate(MARK_VISIBLE_CONTROLS) >= 10
    stops = _walk(page)
    assert len(stops) >= 10
    hidden = [(stop["tag"], stop["name"]) for stop in stops if not (stop["onScreen"] and stop["visible"])]
    assert hidden == [], "the focus went where it cannot be seen"
    page.evaluate("document.activeElement.blur()")
    # Closing what the walk opened (search) puts the page back as it was.
    page.keyboard.press("Escape")
    unfocused = page.evaluate(UNFOCUSED_STYLES, [stop["stop"] for stop in stops])
    unchanged = [(stop["tag"], stop["name"]) for stop, style in zip(stops, unfocused) if style == stop["focusStyle"]]
    assert unchanged == [], "focused and unfocused look the same"
    assert page.evaluate(UNREACHED) == [], "controls Tab never reaches"


def _open_drawer_with(page, key: str):
    """Tab to the menu button as a keyboard user would and press the key."""
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.qmsToggle") == "__drawer"
    page.keyboard.press(key)


@pytest.mark.parametrize("key", ["Enter", " "], ids=["Enter", "Space"])
def test_navigation_drawer_is_a_button_that_opens_with_the_keyboard(open_page, key):
    page = open_page(AREA_PAGE, PHONE)
    menu = page.locator(".md-header [data-qms-toggle='__drawer']")
    drawer = page.locator(".md-sidebar--primary")
    # A real button (ARIA allows no role=button on Material's <label>), with a name.
    assert menu.evaluate("m => m.tagName") == "BUTTON" and menu.get_attribute("aria-label") == "Meny"
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.get_attribute("aria-controls") == drawer.get_attribute("id")
    # Closed, none of its links can take the focus.
    assert drawer.evaluate("d => getComputedStyle(d).visibility") == "hidden"
    _open_drawer_with(page, key)
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert menu.get_attribute("aria-expanded") == "true"
    assert drawer.evaluate("d => d.contains(document.activeElement)"), "the focus did not move into the drawer"


def test_tab_walks_every_link_of_the_open_drawer_on_screen(open_page):
    # An area page: the drawer has sections (Områden, Hjälp) and the page's own contents.
    page = open_page(AREA_PAGE, PHONE)
    _open_drawer_with(page, "Enter")
    page.wait_for_function("document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    links = page.eval_on_selector_all(".md-sidebar--primary a[href]", "links => links.length")
    page.evaluate(RECORD_FOCUS)
    for _ in range(links + 1):
        page.keyboard.press("Tab")
    stops = page.evaluate("window.__tabStops")
    in_drawer = stops[:links - 1]  # the first link had the focus when the drawer opened
    assert all(stop["tag"] == "A" for stop in in_drawer)
    hidden = [stop["name"] for stop in in_drawer if not (stop["onScreen"] and stop["visible"])]
    assert hidden == [], "the focus went where it cannot be seen"
    # Past the last link the focus leaves the drawer, and the drawer closes behind it.
    assert not page.evaluate("document.getElementById('__drawer').checked")


def test_escape_closes_the_drawer_and_returns_to_the_menu_button(open_page):
    page = open_page(AREA_PAGE, PHONE)
    _open_drawer_with(page, "Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.locator(".md-header [data-qms-toggle='__drawer']").get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.dataset.qmsToggle") == "__drawer"


def test_drawer_link_is_followed_with_enter(open_page):
    page = open_page(KEY_PAGES["routine"], PHONE)
    page.locator(".md-header [data-qms-toggle='__drawer']").focus()
    page.keyboard.press("Enter")
    page.locator(".md-sidebar--primary a[href$='register/']").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".qms-register")
    # After Material's instant navigation the new page's heading has the focus.
    page.wait_for_function("document.activeElement.tagName === 'H1'")
    assert page.evaluate("document.activeElement.textContent").startswith("Dokumentregister")
    assert not page.evaluate("document.getElementById('__drawer').checked")


@pytest.mark.parametrize("device", DEVICES.values(), ids=DEVICES.keys())
def test_search_is_reached_and_used_with_the_keyboard(open_page, device):
    page = open_page(KEY_PAGES["routine"], device)
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-qms-search-open], #qms-search-input')"):
            break
    else:
        pytest.fail("Tab never reached the search")
    if device is PHONE:
        page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'qms-search-input'")
    assert page.locator("#qms-search-input").is_visible()
    page.keyboard.type("placering")
    page.locator(".qms-search__result").first.wait_for(state="visible")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector(".qms-document[data-document-id='RUT-BOU-005']")


def test_light_dark_switch_works_with_the_keyboard(open_page):
    page = open_page(KEY_PAGES["start"], DESKTOP)
    page.locator("input.md-option:checked").focus()
    label = page.locator("input.md-option:checked + label")
    assert label.evaluate("l => getComputedStyle(l).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.keyboard.press(" ")
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")


def test_skip_link_is_first_and_visible(open_page):
    page = open_page(KEY_PAGES["routine"], PHONE)
    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] >= 20
    page.keyboard.press("Enter")
    assert page.evaluate("decodeURIComponent(location.hash)") == "#" + page.locator("article h1").get_attribute("id")
