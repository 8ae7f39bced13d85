"""The one place where the Swedish domain words users see map to identifiers in code."""

from __future__ import annotations

import enum


class DocumentType(str, enum.Enum):
    PROCESS = "process"
    ROUTINE = "rutin"
    INSTRUCTION = "instruktion"
    CHECKLIST = "checklista"
    TEMPLATE = "mall"
    GUIDELINE = "riktlinje"
    GOVERNING = "styrdokument"

    @property
    def label(self) -> str:
        return TYPE_LABELS[self]

    @property
    def plural(self) -> str:
        return TYPE_PLURALS[self]


class Status(str, enum.Enum):
    DRAFT = "utkast"
    IN_FORCE = "gällande"
    WITHDRAWN = "upphävd"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


class Publicity(str, enum.Enum):
    """Who may read a document: everyone (the public site) or the organisation's staff
    only (the internal site). Front-matter key ``publicering``; qms.yml sets the default."""

    PUBLIC = "offentlig"
    INTERNAL = "intern"


class ReviewState(str, enum.Enum):
    NOT_SCHEDULED = "ingen"
    CURRENT = "aktuell"
    DUE_SOON = "snart"
    OVERDUE = "försenad"

    @property
    def label(self) -> str:
        return REVIEW_LABELS[self]


TYPE_LABELS = {
    DocumentType.PROCESS: "Process",
    DocumentType.ROUTINE: "Rutin",
    DocumentType.INSTRUCTION: "Instruktion",
    DocumentType.CHECKLIST: "Checklista",
    DocumentType.TEMPLATE: "Mall",
    DocumentType.GUIDELINE: "Riktlinje",
    DocumentType.GOVERNING: "Styrdokument",
}

TYPE_PLURALS = {
    DocumentType.PROCESS: "Processer",
    DocumentType.ROUTINE: "Rutiner",
    DocumentType.INSTRUCTION: "Instruktioner",
    DocumentType.CHECKLIST: "Checklistor",
    DocumentType.TEMPLATE: "Mallar",
    DocumentType.GUIDELINE: "Riktlinjer",
    DocumentType.GOVERNING: "Styrdokument",
}

STATUS_LABELS = {
    Status.DRAFT: "Utkast",
    Status.IN_FORCE: "Gällande",
    Status.WITHDRAWN: "Upphävd",
}

REVIEW_LABELS = {
    ReviewState.NOT_SCHEDULED: "Ingen granskning planerad",
    ReviewState.CURRENT: "Aktuell",
    ReviewState.DUE_SOON: "Granskning snart",
    ReviewState.OVERDUE: "Granskning försenad",
}

SEVERITY_LABELS = {"error": "fel", "warning": "varning"}
