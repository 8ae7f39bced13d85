"""What a site shows where a published page points at a document its audience may not
read (``Handbook.withheld``): the reason in parentheses, as plain text.

The link's own text is dropped with its address: editors write the target's title
there ("[Larmrutin för Ekens boende](…)"), which is exactly what must not reach the
public site. ``qms check`` warns about such links (``links.withheld``), so the editor
knows the sentence reads "(internt dokument)" on the public site.
"""

from __future__ import annotations

from qms_tools.handbook import markdown_scan
from qms_tools.handbook.model import Handbook, resolve_link


def withheld_link(handbook: Handbook, page_src_uri: str, href: str) -> str | None:
    """The text "(internt dokument)" or "(utkast)" when ``href`` on the page at
    ``page_src_uri`` leads to a withheld document; None for any other link."""
    if not handbook.withheld or not href:
        return None
    resolved = resolve_link(page_src_uri, markdown_scan.Link(href, "", 0))
    if resolved is None or resolved.target is None:
        return None
    reason = handbook.withheld.get(resolved.target)
    return f"({reason})" if reason else None
