"""The change view, an earlier version's banner and the date form, in Chromium at phone
size (the narrowest phone the handbook promises to fit, 360 px)."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, git
from browser.conftest import NARROW, PHONE, Device, serve
from mkdocs_plugin.test_build import build_site
from publishing.test_feeds import history_of_each_kind

SMALL_PHONE = Device("liten telefon", NARROW, 740, touch=True)
BANNER = "Detta är inte den gällande versionen – gällande version finns här."


@pytest.fixture(scope="module")
def versions_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("versioner") / "handbok"
    shutil.copytree(FIXTURES / "site_small", project)
    history_of_each_kind(project)
    commits = git(project, "log", "--format=%H", "--", "processes/omsorg/mottagning.md").split()
    with serve(project / "site") as url:
        built = build_site(project, project / "site", strict=False, site_url=url)
        assert not built.aborted
        yield url, commits


@pytest.fixture
def small_phone(browser):
    context = browser.new_context(**SMALL_PHONE.context_options())
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_an_earlier_version_shows_the_banner_first_and_leads_to_the_version_in_force(versions_site, small_phone):
    url, (_, first) = versions_site
    small_phone.goto(f"{url}versioner/RUT-OMS-001/{first[:10]}/")
    banner = small_phone.locator("[data-qms-version-banner]")
    assert banner.inner_text().strip() == BANNER
    box = banner.bounding_box()
    assert box["y"] < 200 and box["x"] >= 0 and box["x"] + box["width"] <= NARROW
    assert fits(small_phone)
    assert float(small_phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")) >= 16
    banner.get_by_role("link", name="gällande version finns här").click()
    small_phone.wait_for_url("**/omsorg/mottagning/")
    assert "Ring tillbaka samma dag." in small_phone.locator("article").inner_text()


def test_the_change_view_reads_on_a_phone(versions_site, small_phone):
    url, (newest, _) = versions_site
    small_phone.goto(f"{url}versioner/RUT-OMS-001/{newest[:10]}/andringar/")
    assert small_phone.get_by_role("heading", level=1).inner_text() == "Vad ändrades 2026-10-01"
    section = small_phone.locator("[data-qms-changed-section]")
    assert section.count() == 1
    assert section.get_by_role("heading", level=2).inner_text() == "Gör så här"
    added = section.locator("ins")
    assert added.inner_text().strip() == "Ring tillbaka samma dag."
    assert added.is_visible() and added.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    assert fits(small_phone)


def test_the_date_form_opens_the_version_in_force_that_day(versions_site, browser):
    url, (_, first) = versions_site
    context = browser.new_context(**PHONE.context_options())
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(f"{url}omsorg/mottagning/")
        form = page.locator("form.qms-version-form")
        form.get_by_label("Visa versionen som gällde").fill("2026-05-01")
        form.get_by_role("button", name="Visa").click()
        page.wait_for_url(f"**/versioner/RUT-OMS-001/{first[:10]}/")
        assert page.locator("[data-qms-version-banner]").is_visible()
        page.goto(f"{url}omsorg/mottagning/")
        page.locator("form.qms-version-form").get_by_label("Visa versionen som gällde").fill("2026-10-05")
        page.locator("form.qms-version-form").get_by_role("button", name="Visa").click()
        page.wait_for_url("**/omsorg/mottagning/")
        page.goto(f"{url}versioner/RUT-OMS-001/?datum=2025-01-01")
        assert "Dokumentet fanns inte 2025-01-01" in page.locator("[data-qms-version-answer]").inner_text()
    finally:
        context.close()
