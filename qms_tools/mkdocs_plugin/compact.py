"""Pages without their template indentation.

Material's templates indent every line; on a routine page that is about a sixth of the
HTML a phone downloads. Each run of whitespace that contains a line break becomes one
line break, which renders the same (it is still whitespace) except inside ``<pre>`` and
``<textarea>``, which are left as they are.
"""

from __future__ import annotations

import re

_PRESERVED_OR_INDENT = re.compile(r"(<(pre|textarea)\b.*?</\2\s*>)|[ \t]*\n\s*", re.DOTALL | re.IGNORECASE)


def compact_html(html: str) -> str:
    return _PRESERVED_OR_INDENT.sub(lambda match: match.group(1) or "\n", html)
