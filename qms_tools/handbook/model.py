"""The document model: what a handbook document is, with the facts computed once.

Generators and rules read these properties; none of them recomputes review state,
headings or links on its own.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from qms_tools.handbook import markdown_scan
from qms_tools.handbook.vocabulary import DocumentType, Publicity, ReviewState, Status

if TYPE_CHECKING:
    from qms_tools.handbook.history import History
    from qms_tools.handbook.organisation import Organisation
    from qms_tools.handbook.regulations import Change, Law, LawReference, LawVocabulary, Reference, RegulationSet
    from qms_tools.handbook.settings import Settings


@dataclass(frozen=True)
class Activity:
    name: str
    routines: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class InternalLink:
    """A link from one document to a file in the content folder (or to itself)."""

    link: markdown_scan.Link
    target: str | None  # content path of the target; None when it escapes the content folder
    anchor: str | None

    @property
    def line(self) -> int:
        return self.link.line


@dataclass(frozen=True)
class ReviewPolicy:
    today: dt.date
    due_soon_days: int = 30
    max_interval_months: int = 36
    interval_months: int = 12


@dataclass(frozen=True)
class Review:
    """When a document is next due for review, and what that means today."""

    due: dt.date | None
    last: dt.date | None
    today: dt.date
    due_soon_days: int

    @property
    def days_left(self) -> int | None:
        return None if self.due is None else (self.due - self.today).days

    @property
    def state(self) -> ReviewState:
        if self.due is None:
            return ReviewState.NOT_SCHEDULED
        if self.due < self.today:
            return ReviewState.OVERDUE
        if self.days_left is not None and self.days_left <= self.due_soon_days:
            return ReviewState.DUE_SOON
        return ReviewState.CURRENT

    @property
    def is_overdue(self) -> bool:
        return self.state is ReviewState.OVERDUE

    @property
    def is_due_soon(self) -> bool:
        return self.state is ReviewState.DUE_SOON


def resolve_link(content_path: str, link: markdown_scan.Link) -> InternalLink | None:
    """Where ``link`` on the page of ``content_path`` leads in the content folder; None
    for an external link."""
    if link.is_external:
        return None
    if link.url.startswith("#"):
        return InternalLink(link, content_path, link.anchor)
    path = link.path_part
    if path.startswith("/"):
        return InternalLink(link, None, link.anchor)
    if path.endswith("/"):
        path += "index.md"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(content_path), path))
    escapes = target == ".." or target.startswith("../")
    return InternalLink(link, None if escapes else target, link.anchor)


def heading_title(headings: list[markdown_scan.Heading]) -> str | None:
    """The title a document without ``title:`` has: its first level-1 heading."""
    return next((heading.text for heading in headings if heading.level == 1), None)


@dataclass
class Document:
    """One handbook document, made from its validated front-matter (``Document.read``).
    Fields are ``None`` where the front-matter was invalid; the findings say why."""

    path: str                      # relative to the project root, POSIX
    content_path: str              # relative to the content folder: the site path
    review_policy: ReviewPolicy
    id: str | None = None
    title: str | None = None       # the front-matter title, else the first level-1 heading
    type: DocumentType | None = None
    status: Status | None = None
    publicering: Publicity | None = None
    """As written; None: the project's default (``Handbook.publicity``)."""
    owner: str | None = None
    area: str | None = None
    review_date: dt.date | None = None
    reviewed: dt.date | None = None
    references: list[Reference] = field(default_factory=list)
    law_references: list[LawReference] = field(default_factory=list)
    replaced_by: str | None = None
    source_sha256: str | None = None  # the Word file `qms import` made the document from
    activities: list[Activity] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict)
    front_matter: dict = field(default_factory=dict, compare=False, repr=False)
    """The front-matter as read (plain values, dates as text): what a site generator is
    handed as the page's metadata, so that it never reads the file itself."""

    @classmethod
    def read(cls, *, body: str, body_line: int, title: str | None = None,
             structure: markdown_scan.Structure | None = None, **fields) -> Document:
        """A document whose title falls back to its first level-1 heading; ``structure``:
        its body's, where it was kept from an earlier run."""
        document = cls(body=body, body_line=body_line, title=title, **fields)
        if structure is not None:
            document.__dict__["structure"] = structure  # where cached_property keeps its value
        if not title:
            document.title = heading_title(document.headings)
        return document

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    @cached_property
    def review(self) -> Review:
        policy = self.review_policy
        due = self.review_date if self.status is Status.IN_FORCE else None
        return Review(due=due, last=self.reviewed, today=policy.today, due_soon_days=policy.due_soon_days)

    @cached_property
    def structure(self) -> markdown_scan.Structure:
        """The body as ``markdown_scan`` reads it, once: headings, links, code, nesting."""
        return markdown_scan.scan(self.body)

    @cached_property
    def headings(self) -> list[markdown_scan.Heading]:
        return self.structure.located_headings(self.body_line)

    @cached_property
    def anchors(self) -> set[str]:
        """Heading anchors and ids declared in raw HTML (``<a id="…">``)."""
        return {heading.slug for heading in self.headings} | self.structure.anchors

    @cached_property
    def links(self) -> list[markdown_scan.Link]:
        return self.structure.located_links(self.body_line)

    @cached_property
    def internal_links(self) -> list[InternalLink]:
        return [resolved for link in self.links if (resolved := resolve_link(self.content_path, link)) is not None]

    @property
    def laws(self) -> list[str]:
        """The acts it cites (ids in ``data/laws.yml``), each once, in the order written."""
        return list(dict.fromkeys(reference.law_id for reference in self.law_references))

    @property
    def display_title(self) -> str:
        return self.title or self.id or self.content_path

    @property
    def is_withdrawn(self) -> bool:
        return self.status is Status.WITHDRAWN

    @property
    def is_process(self) -> bool:
        return self.type is DocumentType.PROCESS

    @property
    def routine_ids(self) -> list[str]:
        """Ids this process names in its activities, in order, without repeats."""
        seen: dict[str, None] = {}
        for activity in self.activities:
            for routine in activity.routines:
                seen.setdefault(routine, None)
        return list(seen)


@dataclass(frozen=True)
class Suspicion:
    """A document last reviewed before a change to an act it cites (``law.suspect``)."""

    document: Document
    law: Law
    change: Change
    reference: LawReference

    @property
    def verified(self) -> bool:
        return self.law.verified and self.change.verified

    @property
    def summary(self) -> str:
        """Swedish, one line: what changed, when, and what the document cites."""
        change, law = self.change, self.law
        if change.entry_into_force:
            what = f"{law.label} trädde i kraft {change.in_force.isoformat()}"
        else:
            what = (f"{law.label} ändrades genom {change.number or 'en ändring'} ({change.touched_label}), i kraft "
                    f"{change.in_force.isoformat()}")
        cited = self.reference.text
        note = "" if self.verified else " [uppgiften är inte verifierad]"
        return f"{what}; dokumentet hänvisar till {cited}{note}"


@dataclass
class Handbook:
    """Every document of a project, with its organisation and regulations."""

    settings: Settings
    organisation: Organisation
    regulations: RegulationSet
    documents: list[Document]
    today: dt.date
    history: History | None = None
    """The Git history of the content (every id ever published), read once by the loader;
    None when it was not read."""
    laws: LawVocabulary | None = None
    """The acts ``laws:`` cites, with the project's ``law_files``; the shipped ones when None."""

    @cached_property
    def acts(self) -> LawVocabulary:
        if self.laws is not None:
            return self.laws
        from qms_tools.handbook.regulations import load_laws
        return load_laws()

    @cached_property
    def suspicions(self) -> dict[str, list[Suspicion]]:
        """For each document in force (by path): the changes to acts it cites that came
        after its last review (``reviewed``), oldest first. Reviewing it clears them."""
        found: dict[str, list[Suspicion]] = {}
        for document in self.documents:
            last = document.reviewed
            if document.status is not Status.IN_FORCE or last is None:
                continue
            seen: set[Change] = set()
            for reference in document.law_references:
                law = self.acts.law(reference.law_id)
                if law is None:
                    continue
                for change in law.changes:
                    if last < change.notice <= self.today and change not in seen \
                            and change.touches_provision(reference.provision):
                        seen.add(change)
                        found.setdefault(document.path, []).append(Suspicion(document, law, change, reference))
        for suspicions in found.values():
            suspicions.sort(key=lambda suspicion: (suspicion.change.notice, suspicion.law.id))
        return found

    def suspicions_of(self, document: Document, *, verified_only: bool = False) -> list[Suspicion]:
        """``verified_only`` for what readers see: an unverified fact is shown to editors only."""
        return [suspicion for suspicion in self.suspicions.get(document.path, [])
                if suspicion.verified or not verified_only]

    withheld: dict[str, str] = field(default_factory=dict)
    """Content path -> why a site build leaves that document of the project out for its
    readers ("internt dokument", "utkast"): set by ``publishing.publication`` on the
    handbook it publishes, so that every page can name a link or routine it does not
    show without its title or id. Empty for the handbook as read."""

    withheld_ids: dict[str, str] = field(default_factory=dict)
    """The same by id."""
    withheld_names: tuple[str, ...] = ()
    """The withheld documents' ids and titles: what a published text must not name."""

    def publicity(self, document: Document) -> Publicity:
        return document.publicering or self.settings.publicering

    def names_withheld(self, text: str) -> bool:
        """Whether ``text`` (a commit message, say) names a withheld document."""
        folded = text.casefold()
        return any(name in folded for name in self._folded_withheld_names)

    @cached_property
    def _folded_withheld_names(self) -> tuple[str, ...]:
        # Asked of every earlier version and commit subject: 3.8 million casefolds of the
        # same names at 1,500 documents when each call folded them again.
        return tuple(name.casefold() for name in self.withheld_names)

    def shown_id(self, document_id: str) -> str:
        """How a page names the document ``document_id``: its id, or for a withheld one
        only why it is not shown."""
        return self.withheld_ids.get(document_id, document_id)

    @cached_property
    def by_id(self) -> dict[str, Document]:
        """First document for each id; duplicates are reported by the identity rules."""
        index: dict[str, Document] = {}
        for document in self.documents:
            if document.id and document.id not in index:
                index[document.id] = document
        return index

    @cached_property
    def by_content_path(self) -> dict[str, Document]:
        return {document.content_path: document for document in self.documents}

    @cached_property
    def processes_using(self) -> dict[str, list[tuple[Document, Activity]]]:
        """For each document id: the processes and activities that name it."""
        users: dict[str, list[tuple[Document, Activity]]] = {}
        for process in self.documents:
            if not process.is_process:
                continue
            for activity in process.activities:
                for routine in activity.routines:
                    users.setdefault(routine, []).append((process, activity))
        return users

    @cached_property
    def linked_from(self) -> dict[str, list[Document]]:
        """For each content path: the documents whose body links to it."""
        sources: dict[str, list[Document]] = {}
        for document in self.documents:
            targets = {link.target for link in document.internal_links}
            for target in sorted(target for target in targets if target and target != document.content_path):
                sources.setdefault(target, []).append(document)
        return sources

    @cached_property
    def documents_by_owner(self) -> dict[str, list[Document]]:
        owners: dict[str, list[Document]] = {}
        for document in self.documents:
            if document.owner:
                owners.setdefault(document.owner, []).append(document)
        return owners

    def owned_by(self, role_id: str) -> list[Document]:
        return self.documents_by_owner.get(role_id, [])
