"""The withdrawn documents (upphävda), each with what replaced it. Out of the main
navigation: the documents stay readable, but nobody should land on them by browsing."""

from __future__ import annotations

from qms_tools.handbook.model import Handbook
from qms_tools.publishing.pages import GeneratedPage
from qms_tools.publishing.pages.common import (
    area_title,
    badges,
    document_link,
    join,
    muted,
    render,
    replacement_note,
    sorted_documents,
)

SRC_URI = "upphavda.md"
TITLE = "Upphävda dokument"


def generate(handbook: Handbook) -> GeneratedPage:
    entries = []
    for document in sorted_documents(document for document in handbook.documents if document.is_withdrawn):
        details = f"{document.id or '–'}, {area_title(handbook, document.area)}"
        if not document.replaced_by:
            details += " – ingen ersättare angiven"
        # The withdrawn document's own id stands beside its own title; the replacement
        # follows with its id in brackets, so neither id reads as the other's.
        entries.append(join(document_link(SRC_URI, document), badges(document), muted(details),
                            replacement_note(SRC_URI, document, handbook, with_id=True)))
    return GeneratedPage(SRC_URI, render("withdrawn.md.j2", entries=entries), TITLE)
