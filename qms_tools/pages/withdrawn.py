"""The withdrawn documents (upphävda), each with what replaced it. Out of the main
navigation: the documents stay readable, but nobody should land on them by browsing."""

from __future__ import annotations

from ..model import Handbook
from . import GeneratedPage
from .common import area_title, document_entry, render, sorted_documents

SRC_URI = "upphavda.md"
TITLE = "Upphävda dokument"


def generate(handbook: Handbook) -> GeneratedPage:
    rows = []
    for document in sorted_documents(document for document in handbook.documents if document.is_withdrawn):
        note = "" if document.replaced_by else " – ingen ersättare angiven"
        rows.append({"entry": document_entry(SRC_URI, document, handbook), "id": document.id or "–",
                     "area": area_title(handbook, document.area), "note": note})
    return GeneratedPage(SRC_URI, render("withdrawn.md.j2", rows=rows), TITLE)
