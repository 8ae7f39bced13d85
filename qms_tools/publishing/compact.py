"""Pages without their template indentation.

Material's templates indent every line; on a routine page that is about a sixth of the
HTML a phone downloads. Each run of whitespace that contains a line break becomes one
line break, which renders the same (it is still whitespace) except inside ``<pre>`` and
``<textarea>``, which are left as they are.

Outside the page's ``<article>`` (the template: header, menus, footer) the line break
also goes before the tag of a block such as ``<div>``, ``<li>`` or ``<nav>``: whitespace
at the end of a block's line, or between blocks, is not rendered.
Inside the article, a document's own HTML may have made such a tag an inline box (an
``inline-block`` badge), where the space would show, so its text keeps its breaks.
"""

from __future__ import annotations

import re
from typing import Callable

_PRESERVED = re.compile(r"<(pre|textarea)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_BREAK_AND_INDENT = re.compile(r"\n[ \t\r\n\f\v]*")  # not \s: a no-break space is text
_TRAILING = re.compile(r"[ \t]+\n")
_BLOCKS = ("html|head|body|meta|link|title|script|style|noscript|div|nav|header|footer|main|section|aside|"
           "form|details|summary|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|th|td|p|h[1-6]")
# Starts with the line break (see _compact); Material's templates write tags in lower case.
_BREAK_BEFORE_BLOCK = re.compile(rf"\n(?=</?(?:{_BLOCKS})[\s/>])")


def compact_html(html: str) -> str:
    opening = html.find("<article")
    closing = html.rfind("</article>")
    if opening < 0 or closing < opening:
        return _outside_preserved(html, _template)
    return (_outside_preserved(html[:opening], _template) + _outside_preserved(html[opening:closing], _compact)
            + _outside_preserved(html[closing:], _template))


def _outside_preserved(html: str, compact: Callable[[str], str]) -> str:
    """``compact`` applied to all but ``<pre>`` and ``<textarea>``, which stay as they are."""
    parts = []
    start = 0
    for preserved in _PRESERVED.finditer(html):
        parts.append(compact(html[start:preserved.start()]))
        parts.append(preserved.group(0))
        start = preserved.end()
    parts.append(compact(html[start:]))
    return "".join(parts)


def _template(html: str) -> str:
    """The template's text compacted and its line breaks before a block's tag removed.
    (Those after a block's tag too would save a sixth more, at four times the time: a
    pattern that must look back at the tag cannot jump from line break to line break.)"""
    return _BREAK_BEFORE_BLOCK.sub("", _compact(html))


def _compact(text: str) -> str:
    """Every line break with the spaces, tabs and line breaks around it as one line
    break, in two passes: a pattern that starts
    with a line break lets the regular expression engine jump from one to the next
    (one that may start with a space is tried at every character, four times slower);
    the spaces before a break, rare in templates, go in a second pass only when there
    are any. A plain replacement, no Python call per line break."""
    text = _BREAK_AND_INDENT.sub("\n", text)
    if " \n" in text or "\t\n" in text:
        text = _TRAILING.sub("\n", text)
    return text
