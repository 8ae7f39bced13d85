from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings, strategies as st
from pymdownx.slugs import slugify as pymdownx_slugify

from qms_tools.handbook import markdown_scan

SITE_SLUGIFY = pymdownx_slugify(case="lower")


@pytest.mark.parametrize("heading", [
    "Gör så här", "Ansvar & roller", "Lex Sarah – rapportering", "Steg 1: Ta emot", "Vad är en 'rutin'?",
    "Åtgärder för äldre (65+)",
])
def test_slugs_match_the_sites_slugify(heading):
    assert markdown_scan.slugify(heading) == SITE_SLUGIFY(heading, "-")


def test_headings_skip_code_and_number_repeats():
    body = "# Titel\n\n## Ansvar\n\n```\n## Inte en rubrik\n```\n\n## Ansvar\n## Egen {#eget-ankare}\n"
    headings = markdown_scan.headings(body, first_line=10)
    assert [(h.level, h.slug, h.line) for h in headings] == [
        (1, "titel", 10), (2, "ansvar", 12), (2, "ansvar_1", 18), (2, "egen", 19)][:3] + [(2, "eget-ankare", 19)]


def test_links_with_titles_images_nesting_and_angle_brackets():
    line = ('Se [Lex Sarah](../a/lex-sarah.md#ansvar "titel") och ![bild](b.png), [x [y] z](c.md), '
            '[a](<d e.md>), `[k](kod.md)` och x](y [z](w)')
    links = markdown_scan.links(line, first_line=3)
    assert [(link.url, link.text, link.is_image) for link in links] == [
        ("../a/lex-sarah.md#ansvar", "Lex Sarah", False), ("b.png", "bild", True), ("c.md", "x [y] z", False),
        ("d e.md", "a", False), ("w", "z", False)]
    assert {link.line for link in links} == {3}
    assert links[0].path_part == "../a/lex-sarah.md" and links[0].anchor == "ansvar"


def test_reference_definitions_and_external_links():
    links = markdown_scan.links("[ref]: andra.md#del\n[extern](https://example.org)\n", first_line=1)
    assert [(link.url, link.line, link.is_external) for link in links] == [
        ("andra.md#del", 1, False), ("https://example.org", 2, True)]


@pytest.mark.parametrize("pattern", ["[x](", "a](b) ", "](", "[[[(", "!["])
def test_pathological_lines_are_scanned_whole(pattern):
    # A pasted 400 kB line of brackets: the scanner finishes and still finds a real link at the end.
    line = pattern * (400_000 // len(pattern)) + " [slut](mal.md)"
    assert markdown_scan.links(line, first_line=1)[-1].url == "mal.md"


def test_heading_text_drops_markup():
    assert markdown_scan.plain_heading_text("Se [Lex **Sarah**](x.md) och `kod`") == "Se Lex Sarah och kod"


NESTED = {
    "citat": lambda levels: ">" * levels + " Citat\n",
    "lista": lambda levels: "".join("    " * level + "- Punkt\n" for level in range(levels)),
    "ruta": lambda levels: "".join("    " * level + "!!! note\n" for level in range(levels)) + "    " * levels + "x\n",
    "HTML": lambda levels: "<div>\n" + "<span>" * (levels - 1) + "text" + "</span>" * (levels - 1) + "\n</div>\n",
}


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_nesting_past_the_limit_is_reported_where_it_passes(kind):
    body = "# Titel\n\nText.\n\n" + NESTED[kind](markdown_scan.MAX_NESTING)
    assert markdown_scan.scan(body).too_deep is None
    if kind != "HTML":
        assert markdown_scan.scan(body).depth == markdown_scan.MAX_NESTING
    deeper = markdown_scan.scan("# Titel\n\nText.\n\n" + NESTED[kind](markdown_scan.MAX_NESTING + 1)).too_deep
    assert deeper is not None and deeper.kind == kind and deeper.depth == markdown_scan.MAX_NESTING + 1
    # 0-based body line: the quote's only line, the 51st list item or admonition, the
    # line of the 51st element.
    assert deeper.line == {"citat": 4, "lista": 54, "ruta": 54, "HTML": 5}[kind]


def test_nesting_inside_code_is_not_nesting_of_the_text():
    fenced = "```\n" + NESTED["citat"](200) + NESTED["lista"](200) + "```\n"
    assert markdown_scan.scan(fenced).too_deep is None
    assert markdown_scan.scan(fenced).depth == 0


def test_a_list_in_a_quote_is_two_levels():
    assert markdown_scan.scan("> - punkt\n>\n>     > citat\n").depth == 3
    assert markdown_scan.scan("> - punkt\n").depth == 2


def test_a_code_span_around_a_fenced_block_keeps_its_links_as_code():
    # Found by the differential test. The admonition's fence is never closed, so the
    # line that ends the admonition opens no fence; superfences takes the next two
    # lines' fence, and the paragraph's ``` … ``` code span holds its placeholder and
    # the link, which Python-Markdown therefore shows as code.
    body = "!!! note\n    ```\n    x\n\n```\n```\n## Inte en rubrik\n```\n[inte](en-länk.md)\n```\n"
    assert markdown_scan.links(body, 1) == []
    assert markdown_scan.headings(body, 1) == []


# The fast paths for the commonest lines decide exactly as the patterns they stand in for.

@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="#\\ a\t{}!", max_size=12))
@example("######")
@example("###### a")
@example("# a ##")
@example("#\\#")
def test_heading_lines_are_split_as_the_heading_pattern_splits_them(text):
    text = "#" + text
    match = markdown_scan._ATX.match(text)
    expected = None if match is None else (len(match.group("level")), match.group("header"))
    assert markdown_scan._atx(text) == expected


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.text(alphabet=" <a>\t", max_size=5), max_size=5))
def test_a_line_starting_with_a_tag_is_found_as_the_multiline_pattern_finds_it(lines):
    text = "\n".join(lines)
    expected = re.search("^ *<", text, re.MULTILINE) is not None
    assert (markdown_scan._raw_html(lines, list(range(len(lines))), set())[0] is not lines) == expected
