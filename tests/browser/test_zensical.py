"""The Zensical site built from `qms export` in a real browser (issue 23): the handbook's
own search in the header finds a routine and opens it, no page fetches Zensical's own
search index, and axe-core finds no WCAG 2.1 A/AA violation on the pages readers use most."""

from __future__ import annotations

import pytest

from .conftest import KEY_PAGES, PHONE, serve
from .test_accessibility import _axe_violations

pytestmark = pytest.mark.browser

AXE_PAGES = ("start", "routine", "process", "register", "statement")


@pytest.fixture(scope="module")
def zensical(browser, zensical_site):
    with serve(zensical_site) as url:
        context = browser.new_context(service_workers="block", **PHONE.context_options())
        context.set_default_timeout(10_000)
        yield url, context.new_page()
        context.close()


def test_search_in_the_header_finds_a_routine_and_opens_it(zensical):
    url, page = zensical
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(url + KEY_PAGES["process"], wait_until="load")
    assert "Zensical" in page.locator(".qms-generator").inner_text()
    page.locator("[data-qms-search-open]").tap()
    page.locator("#qms-search-input").fill("orosanmälningar")
    first = page.locator("#qms-search-results [role=option]").first
    first.wait_for(state="visible")
    assert "RUT-BOU-001" in first.inner_text()
    first.click()
    page.wait_for_url(url + KEY_PAGES["routine"])
    assert page.locator('[data-document-id="RUT-BOU-001"]').count() == 1
    assert not [address for address in fetched if address.endswith("/search.json")]  # Zensical's own index


@pytest.mark.parametrize("name", AXE_PAGES)
def test_key_pages_have_no_wcag_21_aa_violations(zensical, name):
    url, page = zensical
    page.goto(url + KEY_PAGES[name], wait_until="load")
    assert _axe_violations(page) == {}
