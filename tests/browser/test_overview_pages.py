"""The generated overview pages in a real browser: the register's sort and filter
script by keyboard and after instant navigation, the register without JavaScript, the
start page's search prompt, and no horizontal scrolling on a 360-px phone.

The fixture handbook of the page tests (tests/fixtures/pages_handbook) is built by the
real plugin, non-strict: its deliberately broken documents are held back."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, REPOSITORY

from .conftest import NARROW, PHONE, Device, serve

pytestmark = pytest.mark.browser
PROJECT = FIXTURES / "pages_handbook"
SMALL_PHONE = Device("liten telefon", NARROW, 740, touch=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from mkdocs_plugin.test_build import build_site

    project = tmp_path_factory.mktemp("pages") / "handbok"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("golden"))
    shutil.copyfile(REPOSITORY / "mkdocs.yml", project / "mkdocs.yml")
    # Publish the process (an unknown routine would hold it back) so its map is on the area page.
    process = project / "processes/omsorg/process.md"
    process.write_text(process.read_text(encoding="utf-8").replace(", RUT-OMS-404", ""), encoding="utf-8")
    (project / "docs").mkdir()
    with serve(project / "site") as url:
        # The editors' preview: the register's filters are tried on every status, drafts too
        # (the readers' site has none; tests/publishing/test_leak_gate.py checks that).
        built = build_site(project, project / "site", strict=False, site_url=url, publicering="förhandsgranskning")
        assert (built.site / "register" / "index.html").exists(), built.messages(40)
        yield url


def _open(browser, site, path="", device=SMALL_PHONE, javascript=True):
    context = browser.new_context(java_script_enabled=javascript, **device.context_options())
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(site + path, wait_until="load")
    return context, page


def _register(browser, site, javascript=True):
    return _open(browser, site, "register/", javascript=javascript)


def _visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(".qms-register tbody tr:not([hidden])",
                                     "rows => rows.map(row => row.cells[0].textContent.trim())")


def test_register_filters_by_select_and_text_and_resets(browser, site):
    context, page = _register(browser, site)
    count = page.locator("[data-qms-register-count]")
    total = page.locator(".qms-register tbody tr").count()
    assert total >= 8
    assert count.inner_text() == f"Alla {total} dokument visas."
    page.get_by_label("Status").select_option("Utkast")
    assert _visible_ids(page) == ["RUT-OMS-002"]
    assert count.inner_text() == f"Visar 1 av {total} dokument."
    page.get_by_label("Status").select_option("")
    page.get_by_label("Granskning").select_option("Granskning försenad")
    assert _visible_ids(page) == ["RUT-OMS-001"]
    page.get_by_role("button", name="Rensa filter").press("Enter")
    page.get_by_label("Sök i registret").fill("inskrivning papper")
    page.wait_for_function("document.querySelector('[data-qms-register-count]').textContent.startsWith('Visar 1')")
    assert _visible_ids(page) == ["RUT-OMS-009"]
    context.close()


def test_register_sorts_by_keyboard_and_says_so(browser, site):
    context, page = _register(browser, site)
    ids = _visible_ids(page)
    header = page.locator(".qms-register th").first
    button = header.get_by_role("button", name="Id")
    button.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    assert _visible_ids(page) == sorted(ids)
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    assert _visible_ids(page) == sorted(ids, reverse=True)
    assert page.locator("[data-qms-register-count]").inner_text() == "Sorterat efter id, fallande."
    page.locator(".qms-register th").nth(6).get_by_role("button").click()
    dates = page.eval_on_selector_all(".qms-register tbody tr", "rows => rows.map(r => r.cells[6].textContent)")
    due = [date for date in dates if date != "–"]
    assert dates == sorted(due) + ["–"] * (len(dates) - len(due))
    context.close()


def test_register_reads_without_javascript(browser, site):
    context, page = _register(browser, site, javascript=False)
    assert not page.locator("[data-qms-register-filter]").is_visible()
    rows = page.locator(".qms-register tbody tr")
    assert rows.count() >= 8 and rows.first.locator("a").count() == 1
    assert page.evaluate("document.scrollingElement.scrollWidth") <= NARROW
    context.close()


def test_generated_pages_fit_a_360_px_phone(browser, site):
    context, page = _open(browser, site)
    too_wide = {}
    for path in ("", "register/", "omraden/omsorg/", "regelverk/sosfs-2011-9/", "roller/", "granskning/",
                 "upphavda/"):
        page.goto(site + path, wait_until="domcontentloaded")
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > NARROW:
            too_wide[path] = width
    assert too_wide == {}
    page.goto(site + "omraden/omsorg/", wait_until="domcontentloaded")
    steps = page.eval_on_selector_all(".qms-process-map > ol > li",
                                      "steps => steps.map(step => step.getBoundingClientRect().left)")
    assert len(steps) == 3 and len(set(steps)) == 1, "the process map's steps are one vertical column"
    context.close()


def test_search_prompt_opens_the_site_search_from_the_keyboard(browser, site):
    context, page = _open(browser, site, device=PHONE)
    prompt = page.get_by_role("button", name="Sök rutin, process eller blankett")
    assert prompt.bounding_box()["height"] >= 44
    prompt.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    context.close()


def test_register_script_sets_up_each_page_material_swaps_in(browser, site):
    """Material's instant navigation announces each new page on document$ instead of
    reloading scripts; a page it swaps in gets the filters too, once."""
    context, page = _register(browser, site)
    page.evaluate("""() => {
        const table = document.querySelector('.qms-register table');
        const fresh = table.cloneNode(true);        // a fresh table, as a swapped-in page has
        fresh.removeAttribute('data-qms-ready');
        table.replaceWith(fresh);
        document.querySelector('[data-qms-register-filter]').hidden = true;
        window.document$.next(document);
    }""")
    assert page.locator("[data-qms-register-filter]").is_visible()
    assert page.locator(".qms-register th button.qms-sort").count() == 7
    page.get_by_label("Status").select_option("Utkast")
    assert _visible_ids(page) == ["RUT-OMS-002"]
    context.close()


def test_register_works_when_reached_by_instant_navigation(browser, site):
    context, page = _open(browser, site, device=PHONE)
    page.evaluate("window.__samePage = true")
    page.locator(".md-content a[href$='/register/']").first.click()
    page.wait_for_url("**/register/")
    page.wait_for_selector("[data-qms-register-filter]:not([hidden])")
    assert page.evaluate("window.__samePage === true"), "Material's instant navigation did not keep the page"
    page.get_by_label("Typ").select_option("Checklista")
    assert _visible_ids(page) == ["CHK-OMS-001"]
    context.close()
