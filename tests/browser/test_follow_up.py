"""The follow-up and audit question pages in the browser: axe-core finds no WCAG 2.1
A/AA violation (nor best-practice one) on a phone and a desktop, light and dark; on a
phone the page does not scroll sideways and each chart's table sits under the chart,
on a desktop beside it. Checked on the site of a repository with two years of history
(tests/publishing/follow_up_history.py) and on the sample handbook's own pages.
"""

from __future__ import annotations

import pytest
from mkdocs_plugin.test_build import build_site
from publishing.follow_up_history import make_history

from .conftest import DESKTOP, NARROW, PHONE, serve
from .test_accessibility import SCHEMES, _axe_violations

pytestmark = pytest.mark.browser

PAGES = ("uppfoljning/", "uppfoljning/fraga-1/", "uppfoljning/fraga-2/")
SAMPLE_PAGES = ("uppfoljning/", "uppfoljning/fraga-5/", "uppfoljning/fraga-10/")


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """The two-year history's site, served: its base URL."""
    root = make_history(tmp_path_factory.mktemp("uppfoljning-webb") / "handbok", site=True)
    site = root / "site"
    with serve(site) as url:
        built = build_site(root, site, strict=False, site_url=url)
        assert not built.aborted
        yield url


def _open(browser, url: str, device, scheme: str):
    context = browser.new_context(color_scheme=scheme, **device.context_options())
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_function("document.documentElement.hasAttribute('data-qms-scrollers')")
    return context, page


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["telefon", "dator"])
def test_no_wcag_21_aa_violations(browser, two_years, sample_site, device, scheme):
    failures = {}
    for base, paths in ((two_years, PAGES), (sample_site, SAMPLE_PAGES)):
        for path in paths:
            context, page = _open(browser, base + path, device, scheme)
            try:
                assert page.locator("figure.qms-figure svg[role=img]").count() > 0
                violations = _axe_violations(page)
            finally:
                context.close()
            if violations:
                failures[base + path] = violations
    assert failures == {}


def _layout(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('figure.qms-figure')].map(figure => {
        const chart = figure.querySelector('svg').getBoundingClientRect();
        const table = figure.querySelector('table').getBoundingClientRect();
        return {chartBottom: chart.bottom, chartRight: chart.right, chartHeight: chart.height,
                tableTop: table.top, tableLeft: table.left};
    })""")


def test_on_a_phone_the_table_is_under_the_chart_and_nothing_scrolls_sideways(browser, two_years):
    narrow = PHONE.__class__("smal", NARROW, 760, touch=True)
    for path in PAGES:
        context, page = _open(browser, two_years + path, narrow, "light")
        try:
            assert page.evaluate("document.scrollingElement.scrollWidth") <= NARROW
            for figure in _layout(page):
                assert figure["chartHeight"] > 80  # drawn, not squeezed away
                assert figure["tableTop"] >= figure["chartBottom"] - 1
        finally:
            context.close()


def test_on_a_desktop_the_table_is_beside_the_chart(browser, two_years):
    context, page = _open(browser, two_years + PAGES[0], DESKTOP, "light")
    try:
        for figure in _layout(page):
            assert figure["tableLeft"] >= figure["chartRight"] - 1
            assert figure["tableTop"] < figure["chartBottom"]
    finally:
        context.close()
