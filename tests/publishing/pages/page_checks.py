"""Shared by the generated-page tests: the fixture handbook, golden files, and the
generated Markdown rendered to HTML the way the site renders it (the Markdown
extensions configured in the repository's mkdocs.yml)."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from functools import cache

import markdown
import pytest
from mkdocs.utils import yaml_load
from mkdocs.utils.meta import get_data

from conftest import FIXTURES, REPOSITORY, TODAY

from qms_tools.handbook.loader import load
from qms_tools.handbook.model import Handbook

PROJECT = FIXTURES / "pages_handbook"
GOLDEN = PROJECT / "golden"
HOSTILE_TITLE = "<script>alert('x')</script> & [länk](https://example.invalid) *fet* | kolumn {#id}"


def load_handbook(today: str = TODAY) -> Handbook:
    return load(PROJECT, dt.date.fromisoformat(today)).handbook


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return load_handbook()


def page_fixtures(generate):
    """Module fixtures ``page`` (``generate(handbook)``) and ``page_html`` (its HTML)."""

    @pytest.fixture(scope="module")
    def page(handbook):
        return generate(handbook)

    @pytest.fixture(scope="module")
    def page_html(page):
        return to_html(page.markdown)

    return page, page_html


def assert_golden(name: str, actual: str) -> None:
    """Compare with ``golden/<name>``; ``QMS_UPDATE_GOLDEN=1`` rewrites the file."""
    path = GOLDEN / name
    if os.environ.get("QMS_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} saknas; QMS_UPDATE_GOLDEN=1 skapar den"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs; QMS_UPDATE_GOLDEN=1 rewrites it"


@cache
def _extensions() -> tuple[list, dict]:
    with open(REPOSITORY / "mkdocs.yml", encoding="utf-8") as file:
        configured = yaml_load(file)["markdown_extensions"]
    names, options = [], {}
    for entry in configured:
        if isinstance(entry, dict):
            (name, settings), = entry.items()
            names.append(name)
            options[name] = settings or {}
        else:
            names.append(entry)
    return names, options


def to_html(text: str) -> str:
    """The page's HTML body as the site's Markdown renders it (front-matter removed)."""
    body, _ = get_data(text)
    names, options = _extensions()
    return markdown.Markdown(extensions=names, extension_configs=options).convert(body)


def front_matter(text: str) -> dict:
    return get_data(text)[1]


_INLINE_TAG = re.compile(r"</?(?:a|abbr|code|em|span|strong)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def visible_text(page_html: str) -> str:
    """What a reader sees: tags removed, character references decoded, spaces folded."""
    return " ".join(html.unescape(_TAG.sub(" ", _INLINE_TAG.sub("", page_html))).split())


def hrefs(page_html: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'<a [^>]*href="([^"]*)"', page_html)]


def ids(page_html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page_html))


def section(page_html: str, anchor: str) -> str:
    """The HTML from the heading with id ``anchor`` to the next heading of the same or
    a higher level."""
    match = re.search(rf'<h([1-6]) id="{re.escape(anchor)}"', page_html)
    assert match, f"ingen rubrik med id {anchor}"
    level = int(match.group(1))
    end = re.compile(rf"<h[1-{level}][ >]").search(page_html, match.end())
    return page_html[match.start():end.start() if end else len(page_html)]
