"""The review report: what is overdue or due soon, who must act, and which roles nobody holds.

Grouped by unit and owner role, because a reminder goes to a person: the holder of the
owner role, or the quality unit when the role is vacant or its holder has left. The
facts come from the document model (``Document.review``) and ``contacts``; the output
formats below only render them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from typing import Callable

from qms_tools.handbook.contacts import Gap, Responsible, RoleGap, responsible_for, role_gaps, role_label
from qms_tools.handbook.model import Document, Handbook, Suspicion
from qms_tools.handbook.organisation import Role, Unit
from qms_tools.handbook.settings import Settings
from qms_tools.handbook.vocabulary import ReviewState

GAP_LABELS = {Gap.VACANT: "Vakant roll", Gap.DEPARTED: "Innehavaren har slutat"}
SUSPECT_LABEL = "Lagändring"


def permanent_url(settings: Settings, document: Document) -> str | None:
    """The document's permanent address (``d/<ID>/``, see docs/teknik/adresser.md), else its source file."""
    if settings.site_url and document.id:
        return f"{settings.site_url.rstrip('/')}/d/{document.id}/"
    if settings.repo_url:
        return f"{settings.repo_url.rstrip('/')}/blob/{settings.edit_branch}/{document.path}"
    return None


def days_text(days: int) -> str:
    if days == 0:
        return "i dag"
    count = f"{abs(days)} dag" + ("" if abs(days) == 1 else "ar")
    return f"{count} sedan" if days < 0 else f"om {count}"


@dataclass
class OwnerGroup:
    """The documents one owner role must review, and whom to contact about them."""

    unit: Unit | None
    responsible: Responsible
    documents: list[Document] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return role_label(self.responsible.role, self.responsible.role_id)


@dataclass
class RoleProblem:
    """A role nobody holds, with what it owns and who stands in."""

    gap: RoleGap
    unit: Unit | None
    documents: list[Document]
    responsible: Responsible


@dataclass
class ReviewReport:
    today: dt.date
    groups: list[OwnerGroup]
    role_problems: list[RoleProblem]
    suspicions: dict[str, list[Suspicion]] = field(default_factory=dict)
    """By document path: the changes to cited acts since its last review (``law.suspect``)."""

    def state_label(self, document: Document) -> str:
        if document.review.is_overdue or document.review.is_due_soon:
            return document.review.state.label
        return SUSPECT_LABEL

    @property
    def suspect(self) -> list[Document]:
        return [document for group in self.groups for document in group.documents
                if document.path in self.suspicions]

    @property
    def overdue(self) -> list[Document]:
        return [document for group in self.groups for document in group.documents if document.review.is_overdue]

    @property
    def due_soon(self) -> list[Document]:
        return [document for group in self.groups for document in group.documents if document.review.is_due_soon]


def build_report(handbook: Handbook, *, verified_only: bool = False, every_due: bool = False) -> ReviewReport:
    """``verified_only`` for readers: a change to an act whose facts are not verified is
    shown to editors (``qms review``), never on the site. ``every_due``: the groups hold
    every document with a review date, current ones too, for a page that classifies them
    with the reader's clock (the site's review page)."""
    organisation = handbook.organisation
    quality_role = handbook.settings.quality_role
    groups: dict[str | None, OwnerGroup] = {}
    suspicions = {document.path: found for document in handbook.documents
                  if (found := handbook.suspicions_of(document, verified_only=verified_only))}
    for document in handbook.documents:
        if document.review.state not in (ReviewState.OVERDUE, ReviewState.DUE_SOON) \
                and document.path not in suspicions and not (every_due and document.review.due is not None):
            continue
        group = groups.get(document.owner)
        if group is None:
            group = groups[document.owner] = OwnerGroup(
                organisation.unit_of(document.owner),
                responsible_for(organisation, document.owner, handbook.today, quality_role))
        group.documents.append(document)
    unit_order = list(organisation.units)
    role_order = list(organisation.roles)

    def group_key(group: OwnerGroup) -> tuple:
        unit, role_id = group.unit, group.responsible.role_id
        return (unit is None, unit_order.index(unit.id) if unit else 0,
                role_order.index(role_id) if role_id in organisation.roles else len(role_order), role_id or "")

    ordered = sorted(groups.values(), key=group_key)
    for group in ordered:
        group.documents.sort(key=lambda document: (document.review.due, document.id or document.path))
    problems = [RoleProblem(gap, organisation.unit_of(gap.role.id),
                            sorted(handbook.owned_by(gap.role.id), key=lambda document: document.id or document.path),
                            responsible_for(organisation, gap.role.id, handbook.today, quality_role))
                for gap in role_gaps(organisation, handbook.today)]
    return ReviewReport(handbook.today, ordered, problems, suspicions)


def _unit_title(unit: Unit | None) -> str:
    return unit.title if unit else "Utan enhet"


def _summary(report: ReviewReport) -> str:
    suspect = f"lagändring sedan granskningen {len(report.suspect)}, " if report.suspect else ""
    return (f"Granskningsläge {report.today.isoformat()}: försenade {len(report.overdue)}, "
            f"snart dags {len(report.due_soon)}, {suspect}roller utan innehavare {len(report.role_problems)}.")


def _contact_line(responsible: Responsible) -> str:
    if responsible.gap is None:
        return f"kontakt: {responsible.contact_label}"
    return f"kontakt: {responsible.contact_label}, eftersom: {responsible.reason}"


def as_text(report: ReviewReport) -> str:
    lines = [_summary(report)]
    current_unit: object = ()
    for group in report.groups:
        if group.unit != current_unit:
            current_unit = group.unit
            lines += ["", _unit_title(group.unit)]
        lines.append(f"  {group.role_label} — {_contact_line(group.responsible)}")
        for document in group.documents:
            review = document.review
            lines.append(f"    {report.state_label(document)}: {document.id} {document.display_title} — granskas "
                         f"senast {review.due.isoformat()} ({days_text(review.days_left)}) — {document.path}")
            lines.extend(f"      Lagändring: {suspicion.summary}" for suspicion in report.suspicions.get(document.path, []))
    if report.role_problems:
        lines += ["", "Roller utan innehavare"]
        for problem in report.role_problems:
            owned = ", ".join(document.id or document.path for document in problem.documents) or "inga dokument"
            lines.append(f"  {problem.gap.reason}. Äger: {owned}. Kontakt: {problem.responsible.contact_label}.")
    return "\n".join(lines)


def _cell(value: str) -> str:
    return " ".join(value.split()).replace("|", "\\|")


def as_markdown(report: ReviewReport) -> str:
    lines = ["## Granskning", "", _summary(report)]
    current_unit: object = ()
    for group in report.groups:
        if group.unit != current_unit:
            current_unit = group.unit
            lines += ["", f"### {_cell(_unit_title(group.unit))}"]
        lines += ["", f"**{_cell(group.role_label)}** — {_cell(_contact_line(group.responsible))}", "",
                  "| Läge | Dokument | Titel | Granskas senast |", "|---|---|---|---|"]
        for document in group.documents:
            review = document.review
            changes = "".join(f"<br>Lagändring: {_cell(suspicion.summary)}"
                              for suspicion in report.suspicions.get(document.path, []))
            lines.append(f"| {report.state_label(document)} | {_cell(document.id or '')} | "
                         f"{_cell(document.display_title)}{changes} | "
                         f"{review.due.isoformat()} ({days_text(review.days_left)}) |")
    if report.role_problems:
        lines += ["", "### Roller utan innehavare", "",
                  "| Roll | Enhet | Läge | Äger | Kontakta |", "|---|---|---|---|---|"]
        for problem in report.role_problems:
            owned = ", ".join(document.id or document.path for document in problem.documents) or "–"
            lines.append(f"| {_cell(role_label(problem.gap.role, None))} | {_cell(_unit_title(problem.unit))} | "
                         f"{_cell(problem.gap.reason)} | {_cell(owned)} | "
                         f"{_cell(problem.responsible.contact_label)} |")
    return "\n".join(lines)


def _role_json(role: Role | None, role_id: str | None) -> dict:
    return {"id": role.id if role else role_id, "title": role.title if role else None}


def _responsible_json(responsible: Responsible) -> dict:
    holder = responsible.holder
    return {"name": holder.name if holder else None, "github": list(responsible.handles),
            "role": responsible.acting_role.id if responsible.acting_role else None,
            "stand_in_reason": responsible.reason}


def _unit_json(unit: Unit | None) -> dict | None:
    return {"id": unit.id, "title": unit.title} if unit else None


def _suspicion_json(suspicion: Suspicion) -> dict:
    change = suspicion.change
    return {"law": suspicion.law.id, "change": change.number, "in_force": change.in_force.isoformat(),
            "entry_into_force": change.entry_into_force, "cited": suspicion.reference.text,
            "verified": suspicion.verified, "message": suspicion.summary}


def as_json(report: ReviewReport) -> str:
    return json.dumps({
        "today": report.today.isoformat(),
        "overdue": len(report.overdue),
        "due_soon": len(report.due_soon),
        "suspect": len(report.suspect),
        "groups": [{
            "unit": _unit_json(group.unit),
            "role": _role_json(group.responsible.role, group.responsible.role_id),
            "contact": _responsible_json(group.responsible),
            "documents": [{"id": document.id, "title": document.display_title, "path": document.path,
                           "review_date": document.review.due.isoformat(), "days_left": document.review.days_left,
                           "state": document.review.state.value,
                           "law_changes": [_suspicion_json(suspicion)
                                           for suspicion in report.suspicions.get(document.path, [])]}
                          for document in group.documents],
        } for group in report.groups],
        "role_problems": [{
            "role": _role_json(problem.gap.role, None),
            "unit": _unit_json(problem.unit),
            "problem": problem.gap.gap.value,
            "message": problem.gap.reason,
            "documents": [document.id or document.path for document in problem.documents],
            "contact": _responsible_json(problem.responsible),
        } for problem in report.role_problems],
    }, ensure_ascii=False, indent=2)


CSV_COLUMNS = ("läge", "enhet", "roll", "kontakt", "github", "dokument", "titel", "granskas_senast", "dagar_kvar",
               "fil", "lagändring")


def as_csv(report: ReviewReport) -> str:
    """One row per document, then one per role nobody holds, for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for group in report.groups:
        holder = group.responsible.holder
        for document in group.documents:
            review = document.review
            writer.writerow((report.state_label(document), _unit_title(group.unit), group.role_label,
                             holder.name if holder else "", " ".join(group.responsible.handles), document.id or "",
                             document.display_title, review.due.isoformat(), review.days_left, document.path,
                             " | ".join(suspicion.summary for suspicion in report.suspicions.get(document.path, []))))
    for problem in report.role_problems:
        holder = problem.responsible.holder
        writer.writerow((GAP_LABELS[problem.gap.gap], _unit_title(problem.unit), role_label(problem.gap.role, None),
                         holder.name if holder else "", " ".join(problem.responsible.handles),
                         " ".join(document.id or document.path for document in problem.documents), "", "", "", "", ""))
    return buffer.getvalue().rstrip("\n")


FORMATS: dict[str, Callable[[ReviewReport], str]] = {
    "text": as_text, "json": as_json, "markdown": as_markdown, "csv": as_csv}
