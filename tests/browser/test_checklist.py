"""Checklists on a phone: real checkboxes named by their text, ticked by a tap on the
text too, kept on the device for the visit only, emptied by a button, printed empty."""

from __future__ import annotations

import pytest

from .conftest import PHONE, screenshot

pytestmark = pytest.mark.browser

CHECKLIST = "aldreomsorg/start-hemtjanst/"
ITEM = "Fråga om trygghetslarm finns och testa det."
ITEMS = 12


def _open(context, sample_site):
    page = context.new_page()
    page.goto(sample_site + CHECKLIST, wait_until="load")
    page.wait_for_selector("[data-qms-checklist-status]")
    return page


# Where Material draws an item's box (its indicator's ::before, left of the item's text).
BOX_CENTRE = """item => { const r = item.getBoundingClientRect();
    const em = parseFloat(getComputedStyle(item).fontSize);
    return [r.left - 1.5 * em + 0.625 * em, r.top + 0.15 * em + 0.625 * em]; }"""


def _tap_box(page, item: str | None = None) -> None:
    """Tap a box where a finger would: on the box Material draws over the hidden input."""
    items = page.locator(".task-list-item", has_text=item) if item else page.locator(".task-list-item")
    items.first.scroll_into_view_if_needed()
    x, y = items.first.evaluate(BOX_CENTRE)
    page.touchscreen.tap(x, y)


@pytest.fixture
def context(browser):
    context = browser.new_context(**PHONE.context_options())
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_items_are_checkboxes_named_by_their_text_with_no_brackets_shown(context, sample_site):
    page = _open(context, sample_site)
    boxes = page.get_by_role("checkbox")
    assert boxes.count() == ITEMS
    assert all(box.is_enabled() for box in boxes.all())
    assert page.get_by_role("checkbox", name=ITEM, exact=True).count() == 1
    assert "[ ]" not in page.locator("article").inner_text()


def test_a_tap_on_the_text_ticks_the_box_and_the_count_follows(context, sample_site):
    page = _open(context, sample_site)
    page.locator(".task-list-item", has_text=ITEM).tap(position={"x": 120, "y": 10})
    assert page.get_by_role("checkbox", name=ITEM).is_checked()
    _tap_box(page)
    assert page.get_by_role("status").inner_text() == f"2 av {ITEMS} punkter avbockade"


def test_ticks_last_the_visit_and_the_next_visit_starts_empty(browser, context, sample_site):
    page = _open(context, sample_site)
    _tap_box(page, ITEM)
    page.reload(wait_until="load")
    page.wait_for_selector("[data-qms-checklist-status]")
    assert page.get_by_role("checkbox", name=ITEM).is_checked()
    other = browser.new_context(**PHONE.context_options())
    try:
        again = _open(other, sample_site)
        assert not any(box.is_checked() for box in again.get_by_role("checkbox").all())
    finally:
        other.close()


def test_the_button_empties_the_checklist(context, sample_site):
    page = _open(context, sample_site)
    for item in ("Kontaktman är utsedd", "Nyckel eller digitalt lås", ITEM):
        _tap_box(page, item)
    assert page.get_by_role("status").inner_text() == f"3 av {ITEMS} punkter avbockade"
    page.get_by_role("button", name="Töm checklistan").tap()
    assert not any(box.is_checked() for box in page.get_by_role("checkbox").all())
    assert page.get_by_role("status").inner_text() == f"0 av {ITEMS} punkter avbockade"
    page.reload(wait_until="load")
    page.wait_for_selector("[data-qms-checklist-status]")
    assert not any(box.is_checked() for box in page.get_by_role("checkbox").all())


def test_a_printed_checklist_has_empty_boxes_and_no_buttons(context, sample_site):
    page = _open(context, sample_site)
    _tap_box(page, ITEM)
    assert page.get_by_role("checkbox", name=ITEM).is_checked()
    page.emulate_media(media="print")
    indicator = page.locator(".task-list-item", has_text=ITEM).locator(".task-list-indicator")
    drawn = indicator.evaluate("e => { const s = getComputedStyle(e, '::before');"
                               " return [s.backgroundColor, s.borderTopStyle, s.maskImage || s.webkitMaskImage]; }")
    assert drawn == ["rgba(0, 0, 0, 0)", "solid", "none"]
    assert not page.get_by_role("button", name="Töm checklistan").is_visible()


# WCAG contrast ratios of what draws a box, read from the computed styles: the unticked
# box's border against its fill and against the page; the ticked box's fill against the
# page and its check mark against the fill. Colours are opaque here (the stylesheet gives
# no alpha), so the ratios are exact.
BOX_CONTRASTS = """item => {
    const luminance = colour => {
        const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(v => {
            v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
                              return (x + 0.05) / (y + 0.05); };
    const indicator = item.querySelector('.task-list-indicator');
    const box = getComputedStyle(indicator, '::before');
    const mark = getComputedStyle(indicator, '::after');
    const page = getComputedStyle(document.body).backgroundColor;
    const ticked = item.querySelector('input').checked;
    return {ticked, mask: box.maskImage || box.webkitMaskImage, alpha: [box.backgroundColor, box.borderTopColor, page]
                .some(c => /rgba\\(.*, 0(\\.\\d+)?\\)$/.test(c)),
            border: parseFloat(box.borderTopWidth), mark: mark.content,
            edge: ticked ? ratio(box.backgroundColor, page) : Math.min(ratio(box.borderTopColor, page),
                                                                       ratio(box.borderTopColor, box.backgroundColor)),
            inside: ticked ? ratio(mark.borderRightColor, box.backgroundColor) : ratio(box.backgroundColor, page)}; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_unticked_box_is_clearly_empty_and_a_ticked_one_clearly_ticked(open_page, scheme):
    page = open_page(CHECKLIST, scheme=scheme)
    page.wait_for_selector("[data-qms-checklist-status]")
    _tap_box(page, ITEM)
    unticked = page.locator(".task-list-item", has_text="Kontaktman är utsedd").evaluate(BOX_CONTRASTS)
    ticked = page.locator(".task-list-item", has_text=ITEM).evaluate(BOX_CONTRASTS)
    assert not unticked["ticked"] and ticked["ticked"]
    for drawn in (unticked, ticked):
        # A square drawn with a border, not Material's check-circle icon in a grey.
        assert drawn["mask"] == "none" and drawn["border"] >= 2 and not drawn["alpha"], drawn
        # WCAG 1.4.11: the parts that show the state at 3:1 or more against what is next to them.
        assert drawn["edge"] >= 3, drawn
    assert unticked["mark"] == "none", "an unticked box has no check mark"
    # Empty means no fill that stands out from the page: at most a faint difference.
    assert unticked["inside"] < 1.5, unticked
    assert ticked["mark"] != "none" and ticked["inside"] >= 3, ticked
    page.locator(".task-list-item", has_text=ITEM).scroll_into_view_if_needed()
    screenshot(page, f"telefon-checklista-{scheme}")
