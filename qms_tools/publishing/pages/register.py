"""The document register: every document in one plain table.

Readable as it is; ``theme/register.js`` adds sorting and filtering in the browser, so
the site needs no server. One row per document and no per-row markup beyond the cells,
because the page grows with the handbook (about 200 bytes a document).
"""

from __future__ import annotations

from markupsafe import Markup

from qms_tools.handbook.model import Handbook
from qms_tools.handbook.vocabulary import DocumentType, ReviewState, Status
from qms_tools.publishing.pages import GeneratedPage
from qms_tools.publishing.pages.common import (
    area_title,
    count,
    document_link,
    id_key,
    join,
    render,
    review_badge,
    role_title,
    swedish_key,
)

SRC_URI = "register.md"
TITLE = "Dokumentregister"
COLUMNS = ("Id", "Titel", "Typ", "Status", "Ägare", "Område", "Granskas senast")
MISSING = "–"


def generate(handbook: Handbook) -> GeneratedPage:
    rows = []
    owners: set[str] = set()
    areas: set[str] = set()
    for document in sorted(handbook.documents, key=lambda d: (id_key(d.id), d.content_path)):
        owner = role_title(handbook, document.owner)
        area = area_title(handbook, document.area)
        owners.add(owner)
        areas.add(area)
        due = document.review.due   # only a document in force is due for review
        review = join(Markup(due.isoformat()), review_badge(document)) if due else MISSING
        rows.append({
            "id": document.id or MISSING, "link": document_link(SRC_URI, document),
            "type": document.type.label if document.type else MISSING,
            "status": document.status.label if document.status else MISSING,
            "owner": owner, "area": area, "review": review,
        })
    filters = [
        _filter("Typ", "Typ", [member.label for member in DocumentType]),
        _filter("Status", "Status", [member.label for member in Status]),
        _filter("Område", "Område", sorted(areas, key=swedish_key)),
        _filter("Ägare", "Ägare", sorted(owners, key=swedish_key)),
        _filter("Granskning", "Granskas senast", [ReviewState.OVERDUE.label, ReviewState.DUE_SOON.label],
                contains=True),
    ]
    markdown = render("register.md.j2", rows=rows, filters=filters,
                      total=count(len(rows), "dokument", "dokument"))
    return GeneratedPage(SRC_URI, markdown, TITLE)


def _filter(label: str, column: str, options: list[str], contains: bool = False) -> dict:
    return {"label": label, "column": COLUMNS.index(column), "options": options, "contains": contains}
