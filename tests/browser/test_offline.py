"""The handbook on a phone without a connection (issue 25), in the real Chromium.

A copy of the sample handbook is built for a project path (``/kvalitetshandbok/``, as
GitHub Pages serves a repository) with a storage budget of 0.7 MB, small enough that
the sample's pages fill it, and served from a thread. Going offline is Playwright's
``context.set_offline(True)``: the browser's network fails as on a phone in a basement.
A deploy is a new build into the served folder.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from browser.conftest import PHONE, serve
from conftest import REPOSITORY
from scanning import CHROMIUM, CHROMIUM_ARGS

PROJECT_PATH = "kvalitetshandbok/"
BUDGET_MB = 0.7
ROUTINE = "barn-och-unga/orosanmalan/"
ROUTINE_SOURCE = "processes/barn-och-unga/orosanmalan.md"
AFTER_REVIEW_DATE = "2027-02-15"
"""The routine's review date is 2027-01-31; the sample is built for 2026-11-22."""
UNIT = "Utredningsenheten barn och unga"


def _copy_project(target: Path) -> Path:
    for name in ("processes", "docs"):
        shutil.copytree(REPOSITORY / name, target / name)
    for name in ("qms.yml",):
        shutil.copy(REPOSITORY / name, target / name)
    settings = (REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - qms\n" in settings
    settings = settings.replace("\n  - qms\n", f"\n  - qms:\n      offline_budget: {BUDGET_MB}\n")
    (target / "mkdocs.yml").write_text(settings, encoding="utf-8")
    return target


class Deployment:
    def __init__(self, project: Path, site: Path, url: str):
        self.project, self.site, self.url = project, site, url

    def build(self) -> None:
        from mkdocs_plugin.test_build import build_site

        built = build_site(self.project, self.site, strict=False, site_url=self.url)
        assert not built.aborted and (self.site / "sw.js").exists()

    def contents(self) -> dict:
        return json.loads((self.site / "offline/innehall.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    work = tmp_path_factory.mktemp("offline")
    project = _copy_project(work / "projekt")
    public = work / "www"
    (public / PROJECT_PATH).mkdir(parents=True)
    with serve(public) as root:
        deployed = Deployment(project, public / PROJECT_PATH, root + PROJECT_PATH)
        deployed.build()
        yield deployed


@pytest.fixture
def phone(browser):
    """A fresh phone: its own browser context (own caches and service workers)."""
    contexts = []

    def open_():
        context = browser.new_context(**PHONE.context_options())
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield open_
    for context in contexts:
        context.close()


def _kept(page, url: str) -> None:
    """Wait until the service worker has stored the page at ``url``."""
    page.wait_for_function("""async url => {
        const names = await caches.keys();
        for (const name of names) {
            if (name !== "qms-tillstand" && await (await caches.open(name)).match(url)) return true;
        }
        return false;
    }""", arg=url)


def _opened_once(phone, url: str):
    """A fresh phone that opened ``url`` once, online, and kept it."""
    context = phone()
    page = context.new_page()
    page.goto(url)
    _controlled(page)
    _kept(page, url)
    return context, page


def _controlled(page) -> None:
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def _stored_bytes(page) -> int:
    """Every byte in the handbook's caches, counted from the bodies themselves."""
    return page.evaluate("""async () => {
        let total = 0;
        for (const name of await caches.keys()) {
            if (!name.startsWith("qms-") || name === "qms-tillstand") continue;
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
                total += (await (await cache.match(request)).arrayBuffer()).byteLength;
            }
        }
        return total;
    }""")


def test_routine_opened_once_reloads_offline_with_its_date_and_the_phones_review_state(deployment, phone):
    context, page = _opened_once(phone, deployment.url + ROUTINE)
    context.set_offline(True)
    # The phone's clock is past the routine's review date; the build's today was not.
    page.clock.set_fixed_time(f"{AFTER_REVIEW_DATE}T12:00:00")
    page.reload()
    assert page.locator("h1").first.inner_text().startswith("Orosanmälan")
    notice = page.locator("[data-qms-notice=offline]")
    assert re.fullmatch(r"Du är offline – sidan sparades \d{1,2} \w+ \d{4} kl\. \d\d:\d\d", notice.locator(
        ".admonition-title").inner_text())
    header = page.locator("[data-review-date][data-status]").first
    assert header.get_attribute("data-review-state") == "overdue"


def test_offline_search_finds_the_kept_routine_says_it_is_limited_and_opens_it(deployment, phone):
    context, page = _opened_once(phone, deployment.url + ROUTINE)
    page.goto(deployment.url)
    _kept(page, deployment.url)
    context.set_offline(True)
    page.reload()
    page.locator("[data-qms-search-open]").click()
    page.locator("#qms-search-input").fill("orosanmälan")
    status = page.locator("[data-qms-search-status]")
    status.filter(has_text="på enheten").wait_for()
    assert "Du är offline: sökningen gäller bara den sida som är sparad" in status.inner_text()
    result = page.locator("#qms-search-results a[role=option]").first
    assert "Orosanmälan" in result.inner_text()
    result.click()
    page.wait_for_url(deployment.url + ROUTINE)
    assert page.locator("h1").first.inner_text().startswith("Orosanmälan")
    # A page never opened is not there, and the phone says so instead of failing.
    page.goto(deployment.url + "register/")
    assert "Sidan är inte sparad på den här enheten" in page.content()


def test_saved_unit_opens_a_routine_never_visited_offline(deployment, phone):
    group = next(group for group in deployment.contents()["groups"] if group["title"] == UNIT)
    pages = [deployment.contents()["pages"][position] for position in group["pages"]]
    never_visited = next(path for path in pages if path != ROUTINE)
    context = phone()
    page = context.new_page()
    page.goto(deployment.url + "utan-uppkoppling/")
    _controlled(page)
    page.locator("#qms-offline-group").select_option(group["key"])
    space = page.locator(".qms-offline__space")
    assert re.search(r"av 0,7 MB används", space.inner_text())
    page.get_by_role("button", name="Spara min enhets rutiner").click()
    page.locator(".qms-offline__progress").filter(has_text="Klart").wait_for()
    assert f"Sparat på enheten: {UNIT}" in page.locator(".qms-offline__state").inner_text()
    context.set_offline(True)
    page.goto(deployment.url + never_visited)
    assert "inte sparad" not in page.content()
    assert page.locator("[data-qms-notice=offline]").inner_text().startswith("Du är offline – sidan sparades")
    assert page.locator("[data-review-date]").count() == 1


def test_storage_stays_within_the_budget_and_an_area_too_large_is_refused(deployment, phone):
    contents = deployment.contents()
    assert contents["budget"] == int(BUDGET_MB * 1_000_000)
    context = phone()
    page = context.new_page()
    page.goto(deployment.url)
    _controlled(page)
    visited = contents["pages"][:25]
    assert sum(contents["sizes"][:25]) + contents["shell"] > contents["budget"], "the visits must overflow it"
    for path in visited:
        page.goto(deployment.url + path)
    _kept(page, deployment.url + visited[-1])
    page.wait_for_timeout(500)  # the last page's bookkeeping
    assert _stored_bytes(page) <= contents["budget"]
    # The oldest opened pages went first; the newest stayed.
    assert not page.evaluate("async url => !!(await (await caches.open('qms-sidor')).match(url))",
                             deployment.url + visited[0])
    too_large = next(group for group in contents["groups"] if contents["shell"] + group["bytes"] > contents["budget"])
    page.goto(deployment.url + "utan-uppkoppling/")
    option = page.locator(f"#qms-offline-group option[value='{too_large['key']}']")
    assert option.is_disabled()


def test_a_new_deploy_is_announced_and_no_stale_page_is_shown_online(deployment, phone):
    context, page = _opened_once(phone, deployment.url + ROUTINE)
    old_build = deployment.contents()["build"]
    source = deployment.project / ROUTINE_SOURCE
    sentence = "Den här meningen kom med den nya versionen."
    source.write_text(source.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    deployment.build()
    new_build = deployment.contents()["build"]
    assert new_build != old_build
    # Back in coverage: the page checks for a new version and says there is one.
    context.set_offline(True)
    context.set_offline(False)
    page.locator("[data-qms-notice=ny]").wait_for()
    assert "Det finns en nyare version av handboken" in page.locator("[data-qms-notice=ny]").inner_text()
    page.reload()
    assert sentence in page.locator("article").inner_text()
    shells = page.evaluate("async () => (await caches.keys()).filter(name => name.endsWith('-skal'))")
    assert shells == [f"qms-{new_build}-skal"]
    stored = page.evaluate("""async url => (await (await caches.open('qms-sidor')).match(url))
        .headers.get('X-Qms-Bygge')""", deployment.url + ROUTINE)
    assert stored == new_build


def test_chromium_finds_the_site_installable(deployment, browser, tmp_path):
    # A browser profile on disk: Chromium never offers to install from an incognito one,
    # which every new_context() is.
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profil", executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, **PHONE.context_options())
    try:
        page = context.new_page()
        page.goto(deployment.url)
        _controlled(page)
        session = context.new_cdp_session(page)
        assert session.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = session.send("Page.getAppManifest")
        assert manifest["errors"] == []
        assert manifest["url"] == deployment.url + "manifest.json"
        assert json.loads(manifest["data"])["start_url"] == "./"
        icon = page.evaluate("""async () => {
            const image = new Image();
            image.src = document.querySelector('link[rel=apple-touch-icon]').href;
            await image.decode();
            return [image.naturalWidth, image.naturalHeight];
        }""")
        assert icon == [180, 180]
    finally:
        context.close()


def test_mkdocs_serve_under_the_project_path_works_offline(deployment, phone, tmp_path):
    """`mkdocs serve` serves the site under the path of mkdocs.yml's site_url and injects
    its live-reload script: the worker must register there and leave the live-reload
    requests alone."""
    import os
    import subprocess
    import sys

    from benchmarks.run import free_port, stop_server, wait_for

    port = free_port()
    url = f"http://127.0.0.1:{port}/{PROJECT_PATH}"
    settings = deployment.project / "mkdocs-serve.yml"
    settings.write_text(f"INHERIT: mkdocs.yml\nsite_url: {url}\n", encoding="utf-8")
    log = tmp_path / "serve.log"
    environment = {**os.environ, "QMS_TODAY": "2026-11-22", "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", settings.name,
                                   "-a", f"127.0.0.1:{port}"],
                                  cwd=deployment.project, env=environment, stdout=output, stderr=output,
                                  start_new_session=True)
    try:
        assert wait_for(url + ROUTINE, lambda text: "Orosanmälan" in text, server, 120), log.read_text()
        context, page = _opened_once(phone, url + ROUTINE)
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == url + "sw.js"
        context.set_offline(True)
        page.reload()
        assert page.locator("h1").first.inner_text().startswith("Orosanmälan")
        assert page.locator("[data-qms-notice=offline]").inner_text().startswith("Du är offline – sidan sparades")
    finally:
        stop_server(server)


def test_save_control_and_offline_notice_have_no_wcag_21_aa_violations(deployment, phone):
    from browser.test_accessibility import _axe_violations

    context = phone()
    page = context.new_page()
    page.goto(deployment.url + "utan-uppkoppling/")
    _controlled(page)
    page.locator(".qms-offline__space").filter(has_text="Utrymme").wait_for()
    assert _axe_violations(page) == {}
    _kept(page, deployment.url + "utan-uppkoppling/")
    context.set_offline(True)
    page.reload()
    page.locator("[data-qms-notice=offline]").wait_for()
    assert _axe_violations(page) == {}
