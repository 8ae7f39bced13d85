"""Template indentation goes; what whitespace means (in text and in <pre>) stays."""

from __future__ import annotations

from qms_tools.mkdocs_plugin.compact import compact_html


def test_indentation_between_tags_becomes_one_line_break():
    assert compact_html("<ul>\n    <li>\n      <a href='x'>Ett</a>\n    </li>\n</ul>\n") == \
        "<ul>\n<li>\n<a href='x'>Ett</a>\n</li>\n</ul>\n"


def test_words_separated_by_a_line_break_stay_separated():
    assert compact_html("<p>Rapportera\n        samma arbetspass</p>") == "<p>Rapportera\nsamma arbetspass</p>"


def test_spaces_within_a_line_are_untouched():
    assert compact_html("<p>två  mellanslag</p>") == "<p>två  mellanslag</p>"


def test_preformatted_text_and_text_areas_keep_their_indentation():
    html = '<div>\n  <pre class="x"><code>def f():\n    return 1\n</code></pre>\n  <TEXTAREA>\n  a\n</TEXTAREA>\n</div>'
    assert compact_html(html) == \
        '<div>\n<pre class="x"><code>def f():\n    return 1\n</code></pre>\n<TEXTAREA>\n  a\n</TEXTAREA>\n</div>'


def test_spaces_and_tabs_before_a_line_break_go_with_it():
    assert compact_html("<p>Slut \t \n\n   <b>nästa</b>  \n</p>") == "<p>Slut\n<b>nästa</b>\n</p>"


def test_other_whitespace_before_a_line_break_stays():
    # Only spaces and tabs belong to the break before it; a no-break space is text.
    assert compact_html("<p>ett\u00a0 \n  två</p>") == "<p>ett\u00a0\ntvå</p>"
