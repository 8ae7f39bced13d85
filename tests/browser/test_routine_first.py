"""The routine first on a phone (issue 19): at 390x844 the document's first section
starts on the first screen, under a compact facts box whose details are one tap away,
and the first step of "Gör så här" is one tap from the first screen. Measured on the
built sample handbook."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

ROUTINES = ("barn-och-unga/orosanmalan/", "vuxen/lvm/", "aldreomsorg/delegering/")


def _top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


@pytest.mark.parametrize("path", ROUTINES)
def test_the_first_section_starts_on_the_first_screen(open_page, path):
    page = open_page(path)
    first_heading = page.locator("article .qms-document ~ h2").first
    box = first_heading.bounding_box()
    # The heading and two lines of its text are on the first screen.
    assert box["y"] + box["height"] + 2 * 24 <= PHONE.height, f"first section starts at {box['y']:.0f} px"
    # The facts past the first few are folded, one tap away.
    more = page.locator("[data-qms-more-facts]")
    assert more.get_attribute("open") is None
    more.locator("summary").tap()
    assert page.locator("[data-qms-more-facts] dt", has_text="Senast granskad").is_visible()


@pytest.mark.parametrize("path", ROUTINES)
def test_the_first_step_of_gor_sa_har_is_one_tap_away(open_page, path):
    page = open_page(path)
    jump = page.locator(".qms-header-actions a.md-button")
    box = jump.bounding_box()
    assert box["y"] + box["height"] <= PHONE.height and box["height"] >= 44
    jump.tap()
    page.wait_for_function("() => location.hash.length > 1")
    page.wait_for_function("""() => new Promise(done => { const y = scrollY;
        requestAnimationFrame(() => requestAnimationFrame(() => done(scrollY === y && y > 0))); })""")
    anchor = page.evaluate("() => decodeURIComponent(location.hash.slice(1))")
    heading = page.locator(f"article h2[id='{anchor}']")
    assert heading.inner_text().strip(" ¶\n").lower() in ("gör så här", "så här gör du")
    # The heading and the first step under it are on the screen after the tap.
    first_step = page.locator(f"article h2[id='{anchor}'] ~ :is(ol, ul, h3, p)").first
    step = first_step.bounding_box()
    assert 0 <= heading.bounding_box()["y"] and step["y"] + min(step["height"], 48) <= PHONE.height


def test_a_wide_screen_shows_every_fact(open_page):
    page = open_page(ROUTINES[0], DESKTOP)
    page.wait_for_function("document.querySelector('[data-qms-more-facts]').open")
    assert page.locator("[data-qms-more-facts] a[href*='regelverk']").first.is_visible()


def test_the_breadcrumb_leads_to_the_area_and_the_process(open_page):
    page = open_page(ROUTINES[0])
    trail = page.get_by_role("navigation", name="Här finns dokumentet")
    assert trail.locator("li").all_inner_texts() == ["Barn och unga", "Utredning och insatser för barn och unga",
                                                      "Aktualisering och orosanmälan, Skyddsbedömning"]
    # It sits above the title and does not push the text off the first screen (see above).
    assert trail.bounding_box()["y"] < page.locator("article h1").bounding_box()["y"]
    trail.get_by_role("link", name="Utredning och insatser för barn och unga").tap()
    page.wait_for_url("**/barn-och-unga/utredning-och-insatser/")
