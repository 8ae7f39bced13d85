"""One browser, one built handbook per audience, one server each for all the browser tests.

Every browser test shares a single Debian Chromium driven by Playwright and one build
of the sample handbook per audience (`mkdocs build` with QMS_TODAY=2026-11-22: the
public site, and the internal one with QMS_PUBLICERING=intern), each served from a
thread on 127.0.0.1. A test of the sample site runs on both (conftest.audience). A test
opens pages through `open_page`, which gives it a fresh browser context (viewport, touch,
colour scheme) and closes it afterwards.

Under CI=true a missing Chromium fails the tests instead of skipping them: a CI run that
silently skipped the browser would pass without ever looking at the site.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPOSITORY
from scanning import CHROMIUM, CHROMIUM_ARGS, QuietHandler, missing

ARTIFACTS = REPOSITORY / "test-artifacts"


@dataclass(frozen=True)
class Device:
    name: str
    width: int
    height: int
    touch: bool

    def context_options(self) -> dict:
        return {"viewport": {"width": self.width, "height": self.height}, "is_mobile": self.touch,
                "has_touch": self.touch, "device_scale_factor": 1, "locale": "sv-SE"}


PHONE = Device("telefon", 390, 844, touch=True)
DESKTOP = Device("dator", 1280, 900, touch=False)
DEVICES = {"phone": PHONE, "desktop": DESKTOP}
NARROW = 360
"""The narrowest phone the handbook promises to fit without horizontal scrolling."""

# The pages every reader passes through, by role: the site paths of the sample handbook.
KEY_PAGES = {
    "start": "",
    "process": "barn-och-unga/utredning-och-insatser/",
    "routine": "barn-och-unga/orosanmalan/",
    "register": "register/",
    "coverage": "regelverk/sosfs-2011-9/",
    "review": "granskning/",
    "law": "lagar/sol-2025-400/",
    "statement": "tillganglighet/",
}


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a folder over HTTP on 127.0.0.1 from a thread; yields the base URL. The
    folder may still be empty: a site can be built for the address it is served from."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=directory))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="package")
def browser():
    """One Chromium for every test in tests/browser. Package-scoped, not session-scoped:
    Playwright's sync API runs one driver per thread, and tests outside this folder
    (tests/scanning.py) start their own after this one has stopped."""
    if not CHROMIUM.exists():
        missing(str(CHROMIUM), "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Python-paketet playwright", "pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _served(tmp_path_factory, audience: str) -> Iterator[tuple[str, Path]]:
    from mkdocs_plugin.test_build import build_site

    site = tmp_path_factory.mktemp(f"sample-{audience}") / "site"
    with serve(site) as url:
        # Built for the address it is served from: Material's instant navigation only
        # takes over links to pages its sitemap lists under site_url.
        built = build_site(REPOSITORY, site, strict=False, site_url=url,
                           publicering=None if audience == "offentlig" else audience)
        assert not built.aborted and (site / "index.html").exists(), f"the sample handbook ({audience}) did not build"
        yield url, site


@pytest.fixture(scope="session")
def served_public(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The sample's public site (a plain build), built once, served over HTTP."""
    yield from _served(tmp_path_factory, "offentlig")


@pytest.fixture(scope="session")
def served_internal(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The sample's internal site (QMS_PUBLICERING=intern), built once, served over HTTP."""
    yield from _served(tmp_path_factory, "intern")


@pytest.fixture(scope="session")
def served_sample(audience, request) -> tuple[str, Path]:
    """The sample handbook's site for ``audience`` (conftest.audience: every test runs on
    the public and the internal site), served over HTTP: the base URL and the folder.
    Each site is built once; a test of the other audience does not rebuild this one."""
    return request.getfixturevalue("served_public" if audience == "offentlig" else "served_internal")


@pytest.fixture(scope="session")
def sample_site(served_sample) -> str:
    """The base URL of the served sample handbook (of the test's audience)."""
    return served_sample[0]


@pytest.fixture
def phone(browser):
    """A phone-sized page whose clock the test may set before the first page loads."""
    context = browser.new_context(**PHONE.context_options())
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def open_page(browser, sample_site):
    """open_page(path, device=PHONE, scheme="light") -> a loaded Playwright page of the
    sample handbook in its own browser context, closed after the test."""
    contexts = []

    def open_(path: str = "", device: Device = PHONE, scheme: str = "light", wait_until: str = "load"):
        context = browser.new_context(color_scheme=scheme, **device.context_options())
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(sample_site + path, wait_until=wait_until)
        expected = "slate" if scheme == "dark" else "default"
        page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{expected}'")
        return page

    yield open_
    for context in contexts:
        context.close()


def photo_name(name: str, audience: str) -> str:
    """A screenshot's name: the public site's as it always was, the internal site's
    marked, so that neither run overwrites the other's."""
    return name if audience == "offentlig" else f"{name}-{audience}"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot to test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
