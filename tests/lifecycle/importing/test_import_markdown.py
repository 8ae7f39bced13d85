"""The HTML → Markdown step, judged by what Python-Markdown (the site's renderer, with the
site's extensions) makes of its output, on mammoth's and pandoc's ways of writing HTML."""

from __future__ import annotations

import html as html_module
import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from qms_tools.lifecycle.importing.html_tree import parse
from qms_tools.lifecycle.importing.markdown_writer import to_markdown

EXTENSIONS = ["tables", "footnotes", "attr_list", "md_in_html", "admonition"]


def convert(html: str) -> str:
    return to_markdown(parse(html)).markdown


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def test_headings_paragraphs_and_emphasis_survive_rendering():
    text = convert("<h2>Ansvar</h2><p>Handläggaren <strong>dokumenterar </strong>samma <em>dag</em>.</p>")
    assert text == "## Ansvar\n\nHandläggaren **dokumenterar** samma *dag*.\n"
    assert render(text) == ("<h2>Ansvar</h2>\n<p>Handläggaren <strong>dokumenterar</strong> samma "
                            "<em>dag</em>.</p>")


def test_nested_lists_are_indented_four_spaces_as_python_markdown_needs():
    text = convert("<ol><li>Boka<ol><li>Ring</li><li>Skriv<ul><li>brev</li></ul></li></ol></li><li>Besök</li></ol>")
    assert text == "1. Boka\n    1. Ring\n    1. Skriv\n        - brev\n1. Besök\n"
    rendered = render(text)
    assert re.sub(r"\s", "", rendered) == ("<ol><li>Boka<ol><li>Ring</li><li>Skriv<ul><li>brev</li></ul></li></ol>"
                                           "</li><li>Besök</li></ol>")


def test_pandoc_list_items_with_paragraphs_nest_too():
    text = convert("<ul>\n<li><p>Ett</p>\n<ul>\n<li><p>Ett a</p></li>\n</ul></li>\n<li><p>Två</p></li>\n</ul>")
    assert "<ul>\n<li>Ett a</li>\n</ul>" in render(text)


def test_a_simple_table_becomes_a_markdown_table_with_its_first_row_as_header():
    text = convert("<table><tr><td><p>Roll</p></td><td><p>Ansvar</p></td></tr>"
                   "<tr><td><p>Enhetschef</p></td><td><p>Fastställer | beslutar</p></td></tr></table>")
    assert text.splitlines()[:2] == ["| Roll | Ansvar |", "| --- | --- |"]
    rendered = render(text)
    assert "<th>Roll</th>" in rendered and "<td>Fastställer | beslutar</td>" in rendered


def test_a_table_whose_cells_hold_lists_or_paragraphs_becomes_an_html_table():
    conversion = to_markdown(parse(
        "<table><tr><td><p>Steg</p></td><td><ul><li>ett</li><li>två</li></ul></td></tr>"
        "<tr><td colspan=\"2\"><p>Första stycket</p><p>Andra <script>x</script>stycket</p></td></tr></table>"))
    assert conversion.html_tables == 1
    rendered = render(conversion.markdown)
    assert "<ul><li>ett</li><li>två</li></ul>" in rendered
    assert '<td colspan="2"><p>Första stycket</p><p>Andra xstycket</p></td>' in rendered
    assert "<script" not in rendered


def test_links_that_work_on_the_web_stay_and_others_keep_only_their_text():
    conversion = to_markdown(parse(
        '<p><a href="https://www.socialstyrelsen.se/">Socialstyrelsen</a>, <a href="file:///G:/rutin.docx">'
        'gamla rutinen</a>, <a href="javascript:alert(1)">klicka</a> och <a href="#_Toc1">avsnitt 2</a>.</p>'))
    assert conversion.markdown == ("[Socialstyrelsen](https://www.socialstyrelsen.se/), gamla rutinen, klicka och "
                                   "avsnitt 2.\n")
    assert conversion.dropped_links == ["file:///G:/rutin.docx", "javascript:alert(1)"]


def test_mammoth_footnotes_become_python_markdown_footnotes():
    text = convert('<p>Se lagen<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup>.</p>'
                   '<ol><li id="footnote-1"><p> SoL 2025:400 <a href="#footnote-ref-1">↑</a></p></li></ol>')
    assert text == "Se lagen[^1].\n\n[^1]: SoL 2025:400\n"
    rendered = render(text)
    assert 'class="footnote"' in rendered and "SoL 2025:400" in rendered and "↑" not in rendered


def test_pandoc_footnotes_become_python_markdown_footnotes():
    text = convert('<p>Se lagen<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup>'
                   '</a>.</p><section id="footnotes" class="footnotes" role="doc-endnotes"><hr /><ol>'
                   '<li id="fn1"><p>SoL 2025:400<a href="#fnref1" class="footnote-back">↩︎</a></p></li></ol>'
                   '</section>')
    assert text == "Se lagen[^1].\n\n[^1]: SoL 2025:400\n"


def test_empty_headings_are_left_out_and_named_by_the_heading_above():
    conversion = to_markdown(parse("<h1></h1><h2>Syfte</h2><p>Text</p><h2> </h2><p>Mer</p>"))
    assert conversion.markdown == "## Syfte\n\nText\n\nMer\n"
    assert conversion.empty_headings == ["", "Syfte"]


def test_pictures_keep_their_description():
    assert convert('<p><img src="qms-bild:1" alt="Flödet [steg 1]" /></p>') == "![Flödet \\[steg 1\\]](qms-bild:1)\n"


def test_markup_in_the_text_stays_text():
    text = convert("<p># inte rubrik</p><p>1. inte lista</p><p>&lt;script&gt;alert(1)&lt;/script&gt; "
                   "*inte kursiv* {: .klass} [inte länk](x)</p>")
    rendered = render(text)
    assert "<h1>" not in rendered and "<ol>" not in rendered and "<script>" not in rendered
    assert "<em>" not in rendered and "<a " not in rendered and 'class="klass"' not in rendered


WORDS = st.text(alphabet=st.sampled_from(list("abcåäö ABC123-_*#[](){}<>&|`!.:;+=\\\"'~^%")), min_size=1,
                max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=4))
def test_any_text_renders_as_the_same_text(paragraphs):
    """Whatever characters Word text holds, the published paragraph shows exactly them."""
    paragraphs = [" ".join(paragraph.split()) for paragraph in paragraphs]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if not paragraphs:
        return
    source = "".join(f"<p>{html_module.escape(paragraph)}</p>" for paragraph in paragraphs)
    rendered = render(convert(source))
    shown = [html_module.unescape(re.sub(r"<[^>]+>", "", block)) for block in re.findall(r"<p>(.*?)</p>", rendered,
                                                                                        re.S)]
    assert shown == paragraphs


def test_a_link_inside_a_footnote_keeps_its_text():
    text = convert('<h2><a id="_Toc1"></a>Ansvar</h2><p>Se<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a>'
                   '</sup>.</p><ol><li id="footnote-1"><p>Läs <a href="#_Toc1">avsnittet om ansvar</a>. '
                   '<a href="#footnote-ref-1">↑</a></p></li></ol>')
    assert text.endswith("[^1]: Läs avsnittet om ansvar.\n")


def test_word_check_boxes_stay_visible():
    assert convert('<ul><li><input type="checkbox" checked="checked" /> Samtycke</li>'
                   '<li><input type="checkbox" /> Intyg</li></ul>') == "- ☒ Samtycke\n- ☐ Intyg\n"
