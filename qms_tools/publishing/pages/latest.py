""""Senaste ändringar": every change of the last 90 days, with its kind, filterable by
area, unit and type, and the Atom feeds to subscribe to.

The table is the register's (``theme/register.js`` filters it in the browser, no
server): one row per change and nothing per row beyond its cells.
"""

from __future__ import annotations

from markupsafe import Markup

from qms_tools.handbook.model import Handbook
from qms_tools.handbook.vocabulary import DocumentType
from qms_tools.publishing import feeds
from qms_tools.publishing.changes import KINDS, WINDOW_DAYS, RecentChange
from qms_tools.publishing.pages import GeneratedPage
from qms_tools.publishing.pages.common import area_title, count, document_link, render, swedish_key, text

SRC_URI = "andringar.md"
TITLE = "Senaste ändringar"
COLUMNS = ("Datum", "Ändring", "Dokument", "Typ", "Område", "Enhet")
MISSING = "–"


def generate(handbook: Handbook, changes: list[RecentChange]) -> GeneratedPage:
    rows = []
    areas: set[str] = set()
    units: set[str] = set()
    for item in changes:
        document, facts = item.document, item.facts
        unit = handbook.organisation.unit_of(facts.owner) if facts else None
        area = area_title(handbook, facts.area) if facts and facts.area else MISSING
        unit_title = unit.title if unit else MISSING
        areas.add(area)
        units.add(unit_title)
        rows.append({
            "date": item.change.date.date().isoformat(), "kind": item.kind,
            "link": (Markup(f"{document_link(SRC_URI, document)} ({text(item.document_id)})") if document
                     else Markup(f"{text(item.title)} ({text(item.document_id)})")),
            "type": facts.type.label if facts and facts.type else MISSING,
            "area": area, "unit": unit_title,
        })
    filters = [
        _filter("Ändring", "Ändring", list(KINDS)),
        _filter("Typ", "Typ", [member.label for member in DocumentType]),
        _filter("Område", "Område", sorted(areas - {MISSING}, key=swedish_key)),
        _filter("Enhet", "Enhet", sorted(units - {MISSING}, key=swedish_key)),
    ]
    # Full addresses: they are for copying into a feed reader, and the feeds are files
    # the build writes beside the pages, not pages a generator links by source path.
    # Without site_url there are no feeds (an Atom id must be absolute).
    site_url = handbook.settings.site_url
    subscriptions = ([(title, site_url.rstrip("/") + "/" + uri) for title, uri in feeds.feed_index(handbook)]
                     if site_url else [])
    markdown = render("andringar.md.j2", title=TITLE, rows=rows, filters=filters, days=WINDOW_DAYS,
                      total=count(len(rows), "ändring", "ändringar"), subscriptions=subscriptions)
    return GeneratedPage(SRC_URI, markdown, TITLE)


def _filter(label: str, column: str, options: list[str]) -> dict:
    return {"label": label, "column": COLUMNS.index(column), "options": options, "contains": False}
