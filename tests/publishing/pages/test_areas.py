"""Area pages: the area's processes as process maps, then its other documents by type."""

from __future__ import annotations

import re

import pytest

from page_checks import assert_golden, handbook, to_html, visible_text  # noqa: F401 - fixture

from qms_tools.publishing.pages import areas


@pytest.fixture(scope="module")
def pages(handbook):
    return {page.src_uri: page for page in areas.generate(handbook)}


def test_one_page_per_area_in_registry_order(pages):
    assert list(pages) == ["omraden/omsorg.md", "omraden/ledning.md", "omraden/tomt.md"]


@pytest.mark.parametrize("src_uri", ["omraden/omsorg.md", "omraden/ledning.md", "omraden/tomt.md"])
def test_area_page_matches_golden(pages, src_uri):
    assert_golden(src_uri, pages[src_uri].markdown)


def test_processes_are_shown_as_process_maps_linking_from_the_area_page(pages):
    markdown = pages["omraden/omsorg.md"].markdown
    assert "### [Hemtjänstprocessen](../omsorg/process.md)\n" in markdown
    assert '<div class="qms-process-map" markdown>' in markdown
    assert "](../omsorg/inskrivning.md)" in markdown


def test_other_documents_are_those_no_process_of_the_area_names(pages):
    page_html = to_html(pages["omraden/omsorg.md"].markdown)
    others = page_html[page_html.index('id="övriga-dokument"'):]
    assert "Mall för anteckning" in others and "Nattpatrullens nycklar" in others
    for in_a_process in ("Inskrivning i hemtjänsten", "Genomförandeplan", "Checklista vid första besöket"):
        assert in_a_process not in others
    assert re.findall(r'<h3 id="[^"]+">([^<]+)', others) == ["Rutiner", "Instruktioner", "Mallar"]


def test_withdrawn_documents_are_left_to_the_withdrawn_page(pages):
    text = visible_text(to_html(pages["omraden/omsorg.md"].markdown))
    assert "Upphävda dokument från området (1) finns under Upphävda dokument." in text
    others = text[text.index("Övriga dokument"):]
    assert "Inskrivning på papper" not in others
    assert "](../upphavda.md)" in pages["omraden/omsorg.md"].markdown


def test_counts_and_an_empty_area(pages):
    assert "med 1 process och 7 dokument." in pages["omraden/omsorg.md"].markdown
    empty = pages["omraden/tomt.md"].markdown
    assert empty.startswith("# Nytt område\n")
    assert "med 0 processer och 0 dokument." in empty
    assert "## " not in empty


def test_a_document_without_area_is_on_no_area_page(pages):
    assert not any("Riktlinje för klarspråk" in page.markdown for page in pages.values())
