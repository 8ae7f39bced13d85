"""One page per verksamhetsområde: its processes, each as a process map, and the
area's other documents by type."""

from __future__ import annotations

from markupsafe import Markup

from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.organisation import Area
from qms_tools.handbook.vocabulary import DocumentType
from qms_tools.publishing.pages import GeneratedPage, process_map
from qms_tools.publishing.pages.common import (
    area_uri,
    count,
    document_entry,
    link,
    process_entry,
    render,
    sorted_documents,
)
from qms_tools.publishing.pages.withdrawn import SRC_URI as WITHDRAWN_URI


def generate(handbook: Handbook) -> list[GeneratedPage]:
    by_area = documents_by_area(handbook)
    return [page(handbook, area, by_area[area.id]) for area in handbook.organisation.areas.values()]


def documents_by_area(handbook: Handbook) -> dict[str, list[Document]]:
    """Each area's documents (every area of the registry, with or without any)."""
    by_area: dict[str, list[Document]] = {area_id: [] for area_id in handbook.organisation.areas}
    for document in handbook.documents:
        if document.area in by_area:
            by_area[document.area].append(document)
    return by_area


def page(handbook: Handbook, area: Area, documents: list[Document]) -> GeneratedPage:
    src_uri = area_uri(area.id)
    current = [document for document in documents if not document.is_withdrawn]
    processes = sorted_documents(document for document in current if document.is_process)
    in_maps = {routine_id for process in processes for routine_id in process.routine_ids}
    others = [document for document in current if not document.is_process and document.id not in in_maps]
    by_type: dict[DocumentType | None, list[Document]] = {}
    for document in others:
        by_type.setdefault(document.type, []).append(document)
    groups = [{"title": document_type.plural if document_type else "Utan typ",
               "entries": [document_entry(src_uri, document, handbook) for document in sorted_documents(of_type)]}
              for document_type in (*DocumentType, None) if (of_type := by_type.get(document_type))]
    summary = f"{count(len(processes), 'process', 'processer')} och {count(len(current), 'dokument', 'dokument')}"
    markdown = render(
        "area.md.j2", area=area, organisation=handbook.organisation.name or "handboken", summary=summary,
        processes=[{"heading": process_entry(src_uri, process),
                    "map": Markup(process_map.render(process, handbook, src_uri))} for process in processes],
        groups=groups, withdrawn=len(documents) - len(current), withdrawn_link=link(src_uri, WITHDRAWN_URI))
    return GeneratedPage(src_uri, markdown, area.title)
