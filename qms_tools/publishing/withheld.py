"""What a site shows where a published page points at a document its audience may not
read (``Handbook.withheld``): the reason in parentheses, as plain text.

The link's own text is dropped with its address: editors write the target's title
there ("[Larmrutin för Ekens boende](…)"), which is exactly what must not reach the
public site. ``qms check`` warns about such links (``links.withheld``), so the editor
knows the sentence reads "(internt dokument)" on the public site.
"""

from __future__ import annotations

from qms_tools.handbook import markdown_scan
from qms_tools.handbook.model import Document, Handbook, resolve_link


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


WITHHELD_MESSAGE = "(ändringen rör också ett dokument som inte publiceras här)"


def shown_message(handbook: Handbook, message: str) -> str:
    """A commit subject as a page's history shows it: not at all when it names a
    withheld document by id or title (one commit often changes several documents, and
    its subject names them)."""
    return WITHHELD_MESSAGE if handbook.names_withheld(message) else message


def shown_body(handbook: Handbook, document: Document) -> str:
    """``document``'s body as its published page reads: each ``[text](link)`` to a
    withheld document is its reason in parentheses, as the page shows it
    (``withheld_link``). For what reads the Markdown rather than the page (the search
    index, the leak gate's list of what is published). A line whose link the
    inline scanner does not see (a reference-style link) is left out whole, never kept
    with the target's title in it. Lines keep their numbers."""
    if not handbook.withheld:
        return document.body
    lines_with = {link.line for link in document.internal_links if link.target in handbook.withheld}
    if not lines_with:
        return document.body
    lines = document.body.split("\n")
    for number in sorted(lines_with):
        index = number - document.body_line
        if not 0 <= index < len(lines):
            continue
        kept, rewritten = _shown_line(handbook, document.content_path, lines[index])
        still_linked = any(link.line == number and link.target in handbook.withheld and link.link.url in kept
                           for link in document.internal_links)
        lines[index] = "" if still_linked or not rewritten else kept
    return "\n".join(lines)


def shown_text(handbook: Handbook, content_path: str, body: str) -> str:
    """An earlier version's ``body`` (of the document now at ``content_path``) with each
    inline link to a withheld document as its reason, as ``shown_body`` reads a document."""
    if not handbook.withheld:
        return body
    return "\n".join(_shown_line(handbook, content_path, line)[0] for line in body.split("\n"))


def _shown_line(handbook: Handbook, content_path: str, line: str) -> tuple[str, bool]:
    """``line`` with each inline link to a withheld document replaced by its reason;
    whether any was."""
    if "](" not in line:
        # No inline link or image without it: most lines, and the reader is a parser.
        return line, False
    rewritten, pieces, position = False, [], 0
    for start, end, _, url, _ in markdown_scan.inline_links(line):
        if start < position:
            continue  # inside a link already replaced
        label = withheld_link(handbook, content_path, url)
        if label is not None:
            pieces += [line[position:start], label]
            position, rewritten = end, True
    return "".join(pieces) + line[position:], rewritten
