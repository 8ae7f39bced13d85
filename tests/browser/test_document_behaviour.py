"""What the document pages do in a real browser beyond layout (which test_phone_layout.py
photographs and measures at 390x844 and 360 px): the review banner follows the reader's
clock, also after Material's instant navigation; a printed routine carries its permanent
link; and no page asks another host for anything."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import FIXTURES

from mkdocs_plugin.test_build import build_site

from .conftest import KEY_PAGES, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("small") / "handbok"
    shutil.copytree(FIXTURES / "site_small", project)
    with serve(project / "site") as url:
        built = build_site(project, project / "site", strict=True, site_url=url)
        assert not built.aborted
        yield url


@pytest.mark.parametrize(("today", "visible"), [
    (dt.datetime(2026, 11, 22, 12), None),
    (dt.datetime(2027, 3, 15, 12), "due-soon"),
    (dt.datetime(2027, 5, 1, 12), "overdue"),
])
def test_review_banner_follows_the_readers_clock_not_the_build(phone, small_site, today, visible):
    # Built on 2026-11-22 with the review due 2027-04-01: the build itself shows no banner.
    phone.clock.set_fixed_time(today)
    phone.goto(small_site + "omsorg/mottagning/", wait_until="load")
    shown = phone.eval_on_selector_all("[data-qms-review]",
                                       "banners => banners.filter(b => !b.hidden).map(b => b.dataset.qmsReview)")
    assert shown == ([visible] if visible else [])


def test_banner_is_recomputed_after_instant_navigation(phone, sample_site):
    phone.clock.set_fixed_time(dt.datetime(2031, 1, 1, 12))
    phone.goto(sample_site + KEY_PAGES["process"], wait_until="networkidle")
    phone.evaluate("window.__samePage = true")
    phone.locator(".qms-activity-routines a[href$='orosanmalan/']").first.click()
    phone.wait_for_url("**/orosanmalan/")
    phone.wait_for_selector("[data-qms-review='overdue']:not([hidden])")
    assert phone.evaluate("window.__samePage === true"), "Material's instant navigation did not keep the page"


def test_printed_routine_carries_its_permanent_link(phone, sample_site):
    phone.goto(sample_site + KEY_PAGES["routine"], wait_until="load")
    phone.emulate_media(media="print")
    text = phone.locator(".qms-print-note").inner_text()
    assert text.startswith("RUT-BOU-001 · Version ")
    # The permanent link outlives renames and moves of the file.
    assert text.endswith(f"Utskriven kopia – kontrollera att den är gällande: {sample_site}d/RUT-BOU-001/")
    # Whom to ask and the editors' buttons are for the screen.
    for block in phone.locator(".qms-actions, .qms-ask, .qms-editors, .qms-header-actions").all():
        assert not block.is_visible()


def test_pages_load_nothing_from_other_hosts(phone, sample_site):
    requested: list[str] = []
    phone.on("request", lambda request: requested.append(request.url))
    for name in ("start", "routine", "coverage"):
        phone.goto(sample_site + KEY_PAGES[name], wait_until="networkidle")
    assert requested and [url for url in requested if not url.startswith(sample_site)] == []
