"""Review status: overdue and due-soon documents by unit and owner, with counts and a
bar chart that is a table underneath (the numbers are its text equivalent).

The page lists every document with a review date and says what is due as of the build;
the reader's browser (``theme/assets/qms/qms.js``) classifies each again with the reader's
clock, as a document's own header does, shows what is overdue or due soon on that day and
counts it again. What is current on the build day is hidden by the stylesheet, so the
page reads the same without the script.

The grouping and the person to contact come from ``review_report`` (the same facts as
``qms review`` and the reminder issues); this module only lays them out.
"""

from __future__ import annotations

from markupsafe import Markup

from qms_tools.handbook.model import Handbook
from qms_tools.lifecycle.review_report import SUSPECT_LABEL, OwnerGroup, ReviewReport, build_report
from qms_tools.handbook.vocabulary import Status
from qms_tools.publishing.pages import GeneratedPage
from qms_tools.publishing.pages.laws import act_uri
from qms_tools.publishing.pages.common import (
    badge,
    count,
    document_entry,
    holder_state,
    join,
    link,
    muted,
    render,
    role_title,
    text,
)

SRC_URI = "granskning.md"
TITLE = "Granskning"
NO_UNIT = "utan-enhet"


def generate(handbook: Handbook) -> GeneratedPage:
    report = build_report(handbook, verified_only=True, every_due=True)
    units: list[dict] = []
    for group in report.groups:
        unit_id = group.unit.id if group.unit else NO_UNIT
        if not units or units[-1]["id"] != unit_id:
            units.append({"id": unit_id, "anchor": f"enhet-{unit_id}",
                          "title": group.unit.title if group.unit else "Utan enhet",
                          "owners": [], "overdue": 0, "due_soon": 0})
        owner = _owner(group, handbook, report)
        units[-1]["owners"].append(owner)
        for key in ("overdue", "due_soon"):
            units[-1][key] += owner[key]
    units = [unit for unit in units if any(owner["entries"] for owner in unit["owners"])]
    largest = max((unit["overdue"] + unit["due_soon"] for unit in units), default=0) or 1
    for unit in units:
        unit["overdue_width"] = _percent(unit["overdue"], largest)
        unit["due_soon_width"] = _percent(unit["due_soon"], largest)
    in_force = sum(1 for document in handbook.documents if document.status is Status.IN_FORCE)
    markdown = render(
        "review_status.md.j2", today=handbook.today.isoformat(), units=units,
        overdue=count(len(report.overdue), "försenad", "försenade"), overdue_count=len(report.overdue),
        due_soon=count(len(report.due_soon), "som snart ska granskas", "som snart ska granskas"),
        due_soon_count=len(report.due_soon),
        shown=len(report.overdue) + len(report.due_soon) + len(report.suspect),
        due_soon_days=handbook.settings.review.due_soon_days,
        suspect=count(len(report.suspect), "dokument", "dokument") if report.suspect else None,
        in_force=count(in_force, "gällande dokument", "gällande dokument"))
    return GeneratedPage(SRC_URI, markdown, TITLE)


def _owner(group: OwnerGroup, handbook: Handbook, report: ReviewReport) -> dict:
    responsible = group.responsible
    entries = []
    overdue = due_soon = shown = 0
    for document in group.documents:
        review = document.review
        overdue += review.is_overdue
        due_soon += review.is_due_soon
        shown += review.is_overdue or review.is_due_soon or document.path in report.suspicions
        # No "in 9 days": that is true on the build's day only; the badge follows the reader's.
        details = f"{document.id or '–'}, senast {review.due.isoformat()}"
        entry = join(document_entry(SRC_URI, document, handbook), muted(details))
        for suspicion in report.suspicions.get(document.path, []):
            entry = join(entry, Markup("<br>"), badge(SUSPECT_LABEL, "suspect"),
                         text(suspicion.summary + "."), Markup(f"[Om lagen]({link(SRC_URI, act_uri(suspicion.law))})"))
        entries.append(entry)
    return {"anchor": f"agare-{responsible.role_id or 'saknas'}", "title": role_title(handbook, responsible.role_id) if responsible.role_id else "Ingen ägare",
            "contact": _contact(group, handbook), "entries": entries,
            "overdue": overdue, "due_soon": due_soon, "shown": shown}


def _contact(group: OwnerGroup, handbook: Handbook) -> Markup:
    """The holder; when nobody holds the role, the flag and who stands in."""
    responsible = group.responsible
    role = responsible.role
    flag = holder_state(role, handbook) if responsible.role_id else badge("Ingen ägare", "unknown-role")
    if role is not None and role.is_staffed(handbook.today):
        return flag
    stand_in = responsible.acting_role
    if stand_in is None or stand_in.holder is None:
        return join(flag, Markup("– ingen ersättare är utsedd"))
    return join(flag, Markup("– kontakta"), text(f"{stand_in.holder.name} ({stand_in.title})"))


def _percent(value: int, largest: int) -> str:
    return f"{100 * value / largest:.0f}"

