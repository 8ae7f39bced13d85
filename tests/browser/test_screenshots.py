"""The built handbooks in a real browser (Debian's Chromium through Playwright) at phone
size: no horizontal scrolling, 44-px tap targets, the review banner recomputed from
the reader's clock, the print stylesheet, and screenshots for a person to look at."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from conftest import FIXTURES, REPOSITORY

from mkdocs_plugin.test_build import build_site

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = REPOSITORY / "test-artifacts"
PHONE = {"width": 390, "height": 844}
NARROW = 360
SAMPLE_PAGES = {
    "rutin": "barn-och-unga/orosanmalan/",
    "start": "",
    "regelverk": "regelverk/sosfs-2011-9/",
}
TAP_TARGETS = ".qms-actions a, .qms-facts dd a, .qms-links li > a, .qms-process-map li li > a"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} saknas: installera Debians chromium (apt-get install chromium).")
        pytest.skip(f"{CHROMIUM} saknas")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("sample") / "site"
    server, url = _serve(site)
    # Built for the address it is served from: Material's instant navigation only
    # takes over links to pages its sitemap lists under site_url.
    build_site(REPOSITORY, site, strict=False, site_url=url)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("small") / "handbok"
    shutil.copytree(FIXTURES / "site_small", project)
    built = build_site(project, project / "site", strict=True)
    server, url = _serve(built.site)
    yield url
    server.shutdown()
    server.server_close()


def _phone(browser, width: int = PHONE["width"]):
    context = browser.new_context(viewport={"width": width, "height": PHONE["height"]}, is_mobile=True,
                                  has_touch=True, device_scale_factor=1, locale="sv-SE")
    context.set_default_timeout(10_000)
    return context


@pytest.mark.parametrize("name", sorted(SAMPLE_PAGES))
def test_sample_page_fits_a_phone_without_horizontal_scroll(browser, sample_site, name):
    context = _phone(browser)
    page = context.new_page()
    page.goto(sample_site + SAMPLE_PAGES[name], wait_until="load")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": NARROW, "height": PHONE["height"]})
    assert page.evaluate("document.scrollingElement.scrollWidth") <= NARROW
    context.close()


def test_pages_load_nothing_from_other_hosts(browser, sample_site):
    context = _phone(browser)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in SAMPLE_PAGES.values():
        page.goto(sample_site + path, wait_until="networkidle")
    assert requested and [url for url in requested if not url.startswith(sample_site)] == []
    context.close()


def test_routine_tap_targets_are_at_least_44_px(browser, sample_site):
    context = _phone(browser)
    page = context.new_page()
    page.goto(sample_site + SAMPLE_PAGES["rutin"], wait_until="load")
    heights = page.eval_on_selector_all(
        TAP_TARGETS, "elements => elements.map(e => [e.textContent.trim(), e.getBoundingClientRect().height])")
    assert len(heights) >= 4
    assert [entry for entry in heights if entry[1] < 44] == []
    context.close()


@pytest.mark.parametrize(("today", "visible"), [
    (dt.datetime(2026, 11, 22, 12), None),
    (dt.datetime(2027, 3, 15, 12), "due-soon"),
    (dt.datetime(2027, 5, 1, 12), "overdue"),
])
def test_review_banner_follows_the_readers_clock_not_the_build(browser, small_site, today, visible):
    context = _phone(browser)
    page = context.new_page()
    page.clock.set_fixed_time(today)
    page.goto(small_site + "omsorg/mottagning/", wait_until="load")
    shown = page.eval_on_selector_all("[data-qms-review]", "banners => banners.filter(b => !b.hidden)"
                                                             ".map(b => b.dataset.qmsReview)")
    assert shown == ([visible] if visible else [])
    context.close()


def test_banner_is_recomputed_after_instant_navigation(browser, sample_site):
    context = _phone(browser)
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2031, 1, 1, 12))
    page.goto(sample_site + "barn-och-unga/utredning-och-insatser/", wait_until="networkidle")
    page.evaluate("window.__samePage = true")
    page.locator(".qms-process-map a[href$='orosanmalan/']").first.click()
    page.wait_for_url("**/orosanmalan/")
    page.wait_for_selector("[data-qms-review='overdue']:not([hidden])")
    assert page.evaluate("window.__samePage === true"), "Material's instant navigation did not keep the page"
    context.close()


def test_printed_routine_names_itself_and_hides_the_buttons(browser, sample_site):
    context = _phone(browser)
    page = context.new_page()
    page.goto(sample_site + SAMPLE_PAGES["rutin"], wait_until="load")
    page.emulate_media(media="print")
    note = page.locator(".qms-print-note")
    assert note.is_visible()
    text = note.inner_text()
    assert text.startswith("RUT-BOU-001 · Version ")
    # The permanent link, which outlives renames and moves of the file.
    assert text.endswith(f"Utskriven kopia – kontrollera att den är gällande: {sample_site}d/RUT-BOU-001/")
    assert not page.locator(".qms-actions").is_visible()
    page.pdf(path=str(ARTIFACTS / "rutin-utskrift.pdf"))
    context.close()
