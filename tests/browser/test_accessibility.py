"""WCAG 2.1 A and AA by axe-core (and its best practices) on every page the build writes at
phone size, and on the pages readers use most in light and dark scheme, on a phone and a
desktop: zero violations. And the accessibility statement
(docs/tillganglighet.md) stays true: it claims what these tests show, lists exactly the
known defects that a test here demonstrates, and points to a form that exists.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import pytest
import yaml

from conftest import REPOSITORY, only_for
from scanning import CHROMIUM, CHROMIUM_ARGS

from .conftest import DEVICES, KEY_PAGES, PHONE, Device

pytestmark = pytest.mark.browser

# WCAG 2.1 A and AA, and axe's best practices, which Lighthouse's accessibility score
# also counts (a <label> with role=button is no WCAG failure, but costs points there).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SCHEMES = {"light": "default", "dark": "slate"}
AXE_PAGES = ("start", "process", "routine", "register", "coverage", "review", "statement")
SEARCH_QUERY = "avvikelsehanterng"
"""Misspelt on purpose: the results then show all the search adds (the correction,
the withdrawn notice, snippets with marked words), and axe checks all of it."""
STATEMENT = REPOSITORY / "docs" / "tillganglighet.md"



@dataclass(frozen=True)
class KnownDefect:
    rule: str
    """The axe-core rule that finds it."""
    where: str
    """Where it shows: "search" (the search results) or a KEY_PAGES name."""


# Defects the statement admits (its anchors `{#brist-…}`), each shown by
# test_known_defect_is_still_there. That test fails once a defect is fixed, and
# test_statement_lists_exactly_the_known_defects fails if the statement lists another:
# the statement can neither keep a defect that is gone nor leave out one that is known.
# Every other rule must pass everywhere.
KNOWN_DEFECTS: dict[str, KnownDefect] = {}


def _axe_violations(page) -> dict[str, str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now: rule -> description."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                       "resultTypes": ["violations"]})
    return {violation["id"]: f"{violation['impact']}: {violation['help']} — "
                             f"{[node['target'] for node in violation['nodes'][:5]]}"
            for violation in results.response["violations"]}


def _unexpected(violations: dict[str, str], where: str) -> dict[str, str]:
    known = {defect.rule for defect in KNOWN_DEFECTS.values() if defect.where == where}
    return {rule: text for rule, text in violations.items() if rule not in known}


def _show_search_results(page, device: Device):
    if device.touch:
        page.locator("[data-qms-search-open]").tap()
    else:
        page.locator("#qms-search-input").click()
    page.locator("#qms-search-input").fill(SEARCH_QUERY)
    page.locator(".qms-search__result").first.wait_for(state="visible")
    # One result highlighted, as when the arrow keys choose it.
    page.locator("#qms-search-input").press("ArrowDown")
    page.locator(".qms-search__result [aria-selected=true]").wait_for()


@pytest.fixture(scope="module", params=[(device, scheme) for device in DEVICES for scheme in SCHEMES],
                ids=lambda combination: "-".join(combination))
def themed(request, browser, sample_site):
    """One browser context per device and colour scheme; tests navigate its page."""
    device_name, scheme = request.param
    device: Device = DEVICES[device_name]
    context = browser.new_context(color_scheme=scheme, **device.context_options())
    context.set_default_timeout(10_000)
    page = context.new_page()

    def goto(path: str):
        page.goto(sample_site + path, wait_until="load")
        # Material's palette follows the reader's preferred scheme: slate when dark.
        page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{SCHEMES[scheme]}'")
        return page

    yield device, goto
    context.close()


REDIRECT = re.compile(r'<meta http-equiv="refresh"[^>]*>')


def test_every_page_of_the_sample_site_has_no_wcag_21_aa_violations(browser, served_sample):
    """Every HTML file the build writes, at phone size in the light scheme: documents,
    overview pages, help pages, the 404 page, permanent links and QR posters. A permanent
    link forwards at once; it is checked as shown to a reader whose browser does not."""
    url, site = served_sample
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert {"index.html", "404.html", "d/RUT-BOU-001/index.html", "qr/RUT-BOU-001/a4/index.html",
            "register/index.html"} <= set(pages)
    assert _pages_with_violations(browser, url, site, pages) == {}


def _pages_with_violations(browser, url: str, site, pages) -> dict[str, dict[str, str]]:
    """axe-core on each of ``pages`` (files of ``site`` served at ``url``) at phone size in
    the light scheme: page -> its violations. axe runs in the page's renderer, one core
    each: every other page is checked by a second Chromium in a thread of its own
    (Playwright's sync API drives one browser per thread), so two cores share the work."""
    from playwright.sync_api import sync_playwright

    failures: dict[str, dict[str, str]] = {}
    errors: list[BaseException] = []

    def second_half() -> None:
        try:
            with sync_playwright() as playwright:
                second = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                try:
                    failures.update(_check_pages(second, url, site, pages[1::2]))
                finally:
                    second.close()
        except BaseException as error:  # re-raised in the test's own thread
            errors.append(error)

    thread = threading.Thread(target=second_half)
    thread.start()
    try:
        failures.update(_check_pages(browser, url, site, pages[::2]))
    finally:
        thread.join()
    if errors:
        raise errors[0]
    return dict(sorted(failures.items()))


def _check_pages(browser, url: str, site, pages) -> dict[str, dict[str, str]]:
    # No service worker (issue 25): page.route never sees a request the worker answers,
    # so a permanent link would forward in the middle of the check.
    context = browser.new_context(color_scheme="light", service_workers="block", **PHONE.context_options())
    context.set_default_timeout(10_000)
    page = context.new_page()
    failures: dict[str, dict[str, str]] = {}
    try:
        for path in pages:
            html = (site / path).read_text(encoding="utf-8")
            if REDIRECT.search(html):
                page.route(url + path, lambda route, _, body=REDIRECT.sub("", html):
                           route.fulfill(body=body, content_type="text/html; charset=utf-8"))
            page.goto(url + path, wait_until="load")
            if "a11y.js" in html:  # the theme's pages: wait until scrolling regions are marked
                page.wait_for_function("document.documentElement.hasAttribute('data-qms-scrollers')")
            violations = _axe_violations(page)
            if violations:
                failures[path] = violations
    finally:
        context.close()
    return failures


@pytest.mark.parametrize("name", AXE_PAGES)
def test_page_has_no_wcag_21_aa_violations(themed, name):
    _, goto = themed
    page = goto(KEY_PAGES[name])
    assert _unexpected(_axe_violations(page), name) == {}


def test_search_results_have_no_wcag_21_aa_violations(themed):
    device, goto = themed
    page = goto(KEY_PAGES["routine"])
    _show_search_results(page, device)
    assert _unexpected(_axe_violations(page), "search") == {}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_navigation_drawer_has_no_wcag_21_aa_violations(open_page, scheme):
    page = open_page(KEY_PAGES["routine"], PHONE, scheme=scheme)
    page.locator(".md-header [data-qms-toggle='__drawer']").tap()
    page.wait_for_function("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'visible'")
    assert _axe_violations(page) == {}


def test_register_sort_buttons_are_named_by_their_column_alone(open_page):
    """The arrows drawn after each heading are decoration; the order is in aria-sort."""
    page = open_page(KEY_PAGES["register"], PHONE)
    for column in ("Id", "Titel", "Granskas senast"):
        assert page.get_by_role("button", name=column, exact=True).count() == 1, column
    page.get_by_role("button", name="Titel", exact=True).click()
    assert page.get_by_role("columnheader", name="Titel", exact=True).get_attribute("aria-sort") == "ascending"


@pytest.mark.parametrize("anchor", KNOWN_DEFECTS)
def test_known_defect_is_still_there(open_page, anchor):
    defect = KNOWN_DEFECTS[anchor]
    if defect.where == "search":
        page = open_page(KEY_PAGES["routine"], PHONE)
        _show_search_results(page, PHONE)
    else:
        page = open_page(KEY_PAGES[defect.where], PHONE)
    assert defect.rule in _axe_violations(page), (
        f"{anchor} is fixed: remove it from KNOWN_DEFECTS and from docs/tillganglighet.md, "
        f"and say there whether the site is now fully compliant")


# ---- The accessibility statement ------------------------------------------------------

def _statement() -> str:
    return STATEMENT.read_text(encoding="utf-8")


def test_statement_claims_what_the_tests_show():
    text = _statement()
    if KNOWN_DEFECTS:
        assert "delvis förenlig" in text and "helt förenlig" not in text
    else:
        assert "helt förenlig" in text and "delvis förenlig" not in text
    assert "WCAG 2.1" in text and "EN 301 549" in text
    # The claim covers every page because test_every_page_of_the_sample_site_… checks every page.
    assert "på alla sidor som webbplatsen består av" in text
    # DIGG is the supervisory authority; its complaint form is linked.
    assert "Myndigheten för digital förvaltning" in text and "digg.se" in text


def test_statement_lists_exactly_the_known_defects():
    listed = set(re.findall(r"\{#(brist-[a-z0-9-]+)\}", _statement()))
    assert listed == set(KNOWN_DEFECTS)


def test_statement_reports_defects_through_the_repositorys_issue_form():
    settings = yaml.safe_load((REPOSITORY / "qms.yml").read_text(encoding="utf-8"))
    links = re.findall(r"\((" + re.escape(settings["repo_url"]) + r"/issues/new\?[^)\s]+)\)", _statement())
    assert links, "the statement has no link to the repository's issue form"
    for link in links:
        template = re.search(r"template=([^&]+)", link).group(1)
        form = yaml.safe_load((REPOSITORY / ".github/ISSUE_TEMPLATE" / template).read_text(encoding="utf-8"))
        fields = {field.get("id") for field in form["body"]}
        prefilled = {key for key in re.findall(r"[?&]([a-z]+)=", link) if key not in ("template", "title", "labels")}
        assert prefilled <= fields, f"{template} has no fields {prefilled - fields}"
    # A way to report that needs no GitHub account: e-mail and telephone.
    assert re.search(r"\[[^]]+@[^]]+\]\(mailto:", _statement())
    assert re.search(r"[Tt]elefon", _statement())


def test_statement_is_in_the_site_navigation_and_footer(open_page):
    page = open_page(KEY_PAGES["start"], PHONE)
    footer_link = page.locator(".md-footer a[href$='tillganglighet/']")
    assert footer_link.count() == 1 and footer_link.inner_text().strip() == "Tillgänglighetsredogörelse"
    assert page.locator(".md-sidebar--primary a[href$='tillganglighet/']").count() == 1
    footer_link.click()
    page.wait_for_selector("article h1:has-text('Tillgänglighetsredogörelse')")


@only_for("offentlig")
def test_a_withheld_link_on_the_public_site_has_no_wcag_21_aa_violations(themed):
    _, goto = themed
    page = goto("stodprocesser/hot-och-vald/")
    assert page.locator(".qms-withheld").first.inner_text() == "(internt dokument)"
    assert _unexpected(_axe_violations(page), "routine") == {}
