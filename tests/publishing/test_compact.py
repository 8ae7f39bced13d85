"""Template indentation goes; what whitespace means (in text and in <pre>) stays. Outside
the article the line breaks before block tags go too; inside it a document's HTML keeps
them."""

from __future__ import annotations

from qms_tools.publishing.compact import compact_html


def article(html: str) -> str:
    return f"<article>{html}</article>"


def test_indentation_between_tags_becomes_one_line_break():
    assert compact_html(article("<ul>\n    <li>\n      <a href='x'>Ett</a>\n    </li>\n</ul>\n")) == \
        article("<ul>\n<li>\n<a href='x'>Ett</a>\n</li>\n</ul>\n")


def test_words_separated_by_a_line_break_stay_separated():
    assert compact_html("<p>Rapportera\n        samma arbetspass</p>") == "<p>Rapportera\nsamma arbetspass</p>"
    assert compact_html(article("<p>Rapportera\n        samma arbetspass</p>")) == \
        article("<p>Rapportera\nsamma arbetspass</p>")


def test_spaces_within_a_line_are_untouched():
    assert compact_html("<p>två  mellanslag</p>") == "<p>två  mellanslag</p>"


def test_preformatted_text_and_text_areas_keep_their_indentation():
    html = '<div>\n  <pre class="x"><code>def f():\n    return 1\n</code></pre>\n  <TEXTAREA>\n  a\n</TEXTAREA>\n</div>'
    assert compact_html(article(html)) == \
        article('<div>\n<pre class="x"><code>def f():\n    return 1\n</code></pre>\n<TEXTAREA>\n  a\n</TEXTAREA>\n</div>')
    # In the template too, where line breaks before block tags go.
    assert compact_html('<div>\n  <pre>\n  <div>x</div>\n</pre>\n</div>') == '<div>\n<pre>\n  <div>x</div>\n</pre></div>'


def test_spaces_and_tabs_before_a_line_break_go_with_it():
    assert compact_html(article("<p>Slut \t \n\n   <b>nästa</b>  \n</p>")) == article("<p>Slut\n<b>nästa</b>\n</p>")


def test_other_whitespace_before_a_line_break_stays():
    # Only spaces and tabs belong to the break before it; a no-break space is text.
    assert compact_html("<p>ett\u00a0 \n  två</p>") == "<p>ett\u00a0\ntvå</p>"


def test_template_line_breaks_before_block_tags_go():
    template = ('<nav class="md-nav">\n  <ul>\n    <li class="md-nav__item">\n      <a href="../x/">\n'
                '        <span class="md-ellipsis">\n          Rutiner\n        </span>\n      </a>\n'
                '    </li>\n  </ul>\n</nav>\n<script src="a.js"></script>\n')
    assert compact_html(template) == ('<nav class="md-nav"><ul><li class="md-nav__item">\n<a href="../x/">\n'
                                      '<span class="md-ellipsis">\nRutiner\n</span>\n</a></li></ul></nav>'
                                      '<script src="a.js"></script>\n')


def test_template_line_breaks_between_inline_boxes_stay():
    # A space between two buttons, links or labels shows: only block tags lose theirs.
    template = '<div class="qms-actions">\n<a class="md-button">Ett</a>\n<label>Två</label>\n<path d="M0">\n</div>'
    assert compact_html(template) == '<div class="qms-actions">\n<a class="md-button">Ett</a>\n<label>Två</label>\n' \
                                     '<path d="M0"></div>'


def test_article_keeps_line_breaks_before_block_tags():
    # A document's own HTML may make a <div> an inline box, where the space shows.
    page = '<main>\n  <article class="md-content__inner">\n<span>a</span>\n<div class="badge">b</div>\n</article>\n</main>'
    assert compact_html(page) == \
        '<main>\n<article class="md-content__inner">\n<span>a</span>\n<div class="badge">b</div>\n</article></main>'
