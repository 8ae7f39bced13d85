"""The start page: search up front, the areas with their processes, what changed
lately, and where the whole system stands."""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from qms_tools.handbook.model import Document, Handbook
from qms_tools.publishing.pages import GeneratedPage, coverage, latest, register, review_status, roles
from qms_tools.publishing.pages.common import (
    area_uri,
    count,
    document_entry,
    link,
    process_entry,
    render,
    sorted_documents,
)

if TYPE_CHECKING:
    from qms_tools.handbook.history import History

SRC_URI = "index.md"
RECENT = 10
"""Documents listed under "Senast ändrade"."""


def generate(handbook: Handbook, history: History | None = None,
             coverages: list[coverage.RegulationCoverage] | None = None) -> GeneratedPage:
    """``coverages``: each regulation's coverage, when the caller has it already."""
    organisation = handbook.organisation
    title = f"Kvalitetshandbok – {organisation.name}" if organisation.name else "Kvalitetshandbok"
    by_area: dict[str, list[Document]] = {area_id: [] for area_id in organisation.areas}
    for document in handbook.documents:
        if document.area in by_area and not document.is_withdrawn:
            by_area[document.area].append(document)
    areas = []
    for area in organisation.areas.values():
        documents = by_area[area.id]
        processes = sorted_documents(document for document in documents if document.is_process)
        areas.append({
            "title": area.title, "link": link(SRC_URI, area_uri(area.id)),
            "processes": [{"entry": process_entry(SRC_URI, process),
                           "chain": " → ".join(activity.name for activity in process.activities)}
                          for process in processes],
            "summary": f"{count(len(processes), 'process', 'processer')}, "
                       f"{count(len(documents), 'dokument', 'dokument')}.",
        })
    markdown = render("start.md.j2", title=title, areas=areas, recent=_recent(handbook, history),
                      latest_link=link(SRC_URI, latest.SRC_URI),
                      overview=_overview(handbook, coverages), register_link=link(SRC_URI, register.SRC_URI))
    return GeneratedPage(SRC_URI, markdown, "Start")


def _recent(handbook: Handbook, history: History | None) -> list[dict]:
    if history is None:
        return []
    changed = []
    for document in handbook.documents:
        change = history.last_change(document.path)
        if change is not None:
            changed.append((change.date, document.id or document.path, document))
    newest = heapq.nlargest(RECENT, changed, key=lambda item: (item[0], item[1]))
    return [{"date": changed_at.date().isoformat(), "entry": document_entry(SRC_URI, document, handbook)}
            for changed_at, _, document in newest]


def _overview(handbook: Handbook, coverages: list[coverage.RegulationCoverage] | None) -> list[dict]:
    items = [{"title": register.TITLE, "link": link(SRC_URI, register.SRC_URI),
              "summary": f"alla {count(len(handbook.documents), 'dokument', 'dokument')}, sortera och filtrera"}]
    if coverages is None:
        coverages = [coverage.coverage(regulation, handbook) for regulation in handbook.regulations.regulations]
    for facts in coverages:
        regulation = facts.regulation
        gaps = len(facts.gaps)
        covered = len(facts.counted) - gaps
        items.append({"title": f"Täckning av {regulation.short_title}",
                      "link": link(SRC_URI, coverage.src_uri(regulation)),
                      "summary": f"{covered} av {count(len(facts.counted), 'paragraf', 'paragrafer')} har "
                                 f"gällande dokument, {gaps} saknas"})
    today = handbook.today
    roles_list = handbook.organisation.roles.values()
    vacant = sum(1 for role in roles_list if role.is_vacant())
    departed = sum(1 for role in roles_list if role.has_departed(today))
    items.append({"title": roles.TITLE, "link": link(SRC_URI, roles.SRC_URI),
                  "summary": f"{count(vacant, 'vakant roll', 'vakanta roller')}, "
                             f"{count(departed, 'innehavare', 'innehavare')} som har slutat"})
    overdue = sum(1 for document in handbook.documents if document.review.is_overdue)
    due_soon = sum(1 for document in handbook.documents if document.review.is_due_soon)
    items.append({"title": review_status.TITLE, "link": link(SRC_URI, review_status.SRC_URI),
                  "summary": f"{count(overdue, 'försenad', 'försenade')}, {due_soon} snart dags"})
    return items
