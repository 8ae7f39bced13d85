"""What a routine page of the sample handbook weighs besides its own text: the template
around the article (header, menus, table of contents, footer), built with the theme
(qms_tools/theme/) and compacted (compact.py). Every routine page carries it, so it
decides whether the largest routine pages stay under 40 kB (issue 6).

The budget is counted in bytes of the built pages: everything outside the <article>,
less the texts of the page the template repeats (the title in <title>, the header and
the skip link, the page's path in its canonical address, each heading in the table of
contents), must stay under a constant plus a fixed amount per table-of-contents entry.
Counted so, the sample's routine pages had 15.5 to 17.1 kB of template before it was
slimmed (issue 6) and 11.6 to 11.7 kB after.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import sample_routine_paths

from qms_tools.mkdocs_plugin.plugin import THEME_DIR

TEMPLATE_BUDGET = 12_000
"""Bytes of template around the article of a routine page, its repeated texts aside."""
TOC_ENTRY_BUDGET = 120
"""Bytes of markup per table-of-contents entry (a nested entry also names its heading)."""
THEME_CSS = THEME_DIR / "assets/qms/qms.css"


@pytest.fixture(scope="module")
def routine_pages(sample_build, audience) -> dict[str, str]:
    """Site path -> HTML of every routine page of the sample handbook's site."""
    paths = sample_routine_paths(audience)
    assert len(paths) > 10
    return {path: sample_build.page(path) for path in paths}


def _template(html: str) -> str:
    return html[:html.index("<article")] + html[html.index("</article>"):]


def _size(text: str) -> int:
    return len(text.encode())


def test_template_around_a_routine_stays_within_its_budget(routine_pages):
    over = {}
    for path, html in routine_pages.items():
        template = _template(html)
        toc = template[template.index('data-md-component="toc"'):]
        toc_titles = [title.strip() for title in re.findall(r'<span class="md-ellipsis">(.*?)</span>', toc, re.S)]
        heading_id, title = re.search(r'<h1 id="([^"]*)">(.*?)<a', html).groups()
        repeated = _size(path) + _size(heading_id) + 2 * _size(title) + sum(map(_size, toc_titles))
        budget = TEMPLATE_BUDGET + TOC_ENTRY_BUDGET * len(toc_titles) + repeated
        if _size(template) > budget:
            over[path] = (_size(template), budget)
    assert over == {}


def test_icons_are_drawn_by_the_stylesheet_not_repeated_in_every_page(routine_pages):
    stylesheet = THEME_CSS.read_text(encoding="utf-8")
    for path, html in routine_pages.items():
        template = _template(html)
        # No icon's drawing in the page: only empty boxes the stylesheet paints.
        assert "<path" not in template, path
        icons = re.findall(r"<svg[^>]*>(.*?)</svg>", template)
        assert len(icons) >= 8 and set(icons) == {""}, path
        for name in re.findall(r'<svg class="qms-icon qms-icon--([\w-]+)"', template):
            assert f".qms-icon--{name} {{\n  --qms-icon: url(" in stylesheet, name


def test_material_gets_its_settings_without_the_unused_search_plugin_texts(routine_pages):
    html = routine_pages["barn-och-unga/orosanmalan"]
    settings = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html).group(1))
    assert settings["base"] == "../.."
    assert "navigation.instant" in settings["features"]
    assert set(settings["translations"]) == {"clipboard.copy", "clipboard.copied"}
    assert "search" not in settings
    # Nor the script for content tabs, which the handbook does not use.
    assert "__tabbed_" not in html


def test_search_results_panel_comes_with_the_script_not_the_page(routine_pages):
    html = routine_pages["barn-och-unga/orosanmalan"]
    assert "data-qms-search" in html and 'id="qms-search-input"' in html
    assert "qms-search-results" not in _template(html).replace('aria-controls="qms-search-results"', "")
