"""Pages without their template indentation.

Material's templates indent every line; on a routine page that is about a sixth of the
HTML a phone downloads. Each run of whitespace that contains a line break becomes one
line break, which renders the same (it is still whitespace) except inside ``<pre>`` and
``<textarea>``, which are left as they are.
"""

from __future__ import annotations

import re

_PRESERVED = re.compile(r"<(pre|textarea)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_BREAK_AND_INDENT = re.compile(r"\n\s*")
_TRAILING = re.compile(r"[ \t]+\n")


def compact_html(html: str) -> str:
    parts = []
    start = 0
    for preserved in _PRESERVED.finditer(html):
        parts.append(_compact(html[start:preserved.start()]))
        parts.append(preserved.group(0))
        start = preserved.end()
    parts.append(_compact(html[start:]))
    return "".join(parts)


def _compact(text: str) -> str:
    """Every ``[ \\t]*\\n\\s*`` as one line break, in two passes: a pattern that starts
    with a line break lets the regular expression engine jump from one to the next
    (one that may start with a space is tried at every character, four times slower);
    the spaces before a break, rare in templates, go in a second pass only when there
    are any. A plain replacement, no Python call per line break."""
    text = _BREAK_AND_INDENT.sub("\n", text)
    if " \n" in text or "\t\n" in text:
        text = _TRAILING.sub("\n", text)
    return text
