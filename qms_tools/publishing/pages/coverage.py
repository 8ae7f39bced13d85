"""Coverage of a regulation (SOSFS 2011:9): every chapter and paragraph, the documents
that address it, and the gaps.

Only documents in force (gällande) cover anything; drafts are shown as work in
progress. A reference to a whole chapter covers each of its paragraphs
(``Reference.covers``). Chapters before ``coverage_from_chapter`` (scope, definitions)
are shown but never counted as gaps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.regulations import Chapter, Paragraph, Reference, Regulation
from qms_tools.handbook.vocabulary import Status
from qms_tools.publishing.pages import GeneratedPage
from qms_tools.publishing.pages.common import count, document_entry, id_key, join, muted, render

GAP = "Saknas – inget gällande dokument"
COLLAPSE_AFTER = 12
"""A longer list of documents under a paragraph is folded away (details/summary), so
that a large handbook's coverage page can still be scanned on a phone."""


def src_uri(regulation: Regulation) -> str:
    return f"regelverk/{regulation.id}.md"


def anchor(chapter: int, paragraph: int | None = None) -> str:
    """The anchor of a chapter (``kap-4``) or paragraph (``p-4-4``); see docs/teknik/adresser.md."""
    return f"kap-{chapter}" if paragraph is None else f"p-{chapter}-{paragraph}"


@dataclass(frozen=True)
class Addressing:
    """A document's reference to a requirement."""

    document: Document
    reference: Reference


@dataclass
class Requirement:
    """What a document can cover: a paragraph, or a chapter that lists no paragraphs."""

    chapter: Chapter
    paragraph: Paragraph | None
    counted: bool
    in_force: list[Addressing] = field(default_factory=list)
    drafts: list[Addressing] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return anchor(self.chapter.number, self.paragraph.number if self.paragraph else None)

    @property
    def label(self) -> str:
        return self.paragraph.label if self.paragraph else self.chapter.label

    @property
    def title(self) -> str:
        return self.paragraph.title if self.paragraph else self.chapter.title

    @property
    def verified(self) -> bool:
        return self.paragraph.verified if self.paragraph else True

    @property
    def is_gap(self) -> bool:
        return self.counted and not self.in_force


@dataclass
class ChapterCoverage:
    chapter: Chapter
    counted: bool
    requirements: list[Requirement]

    @property
    def covered(self) -> int:
        return sum(1 for requirement in self.requirements if requirement.in_force)


@dataclass
class RegulationCoverage:
    regulation: Regulation
    chapters: list[ChapterCoverage]

    @property
    def counted(self) -> list[Requirement]:
        return [requirement for chapter in self.chapters if chapter.counted for requirement in chapter.requirements]

    @property
    def gaps(self) -> list[Requirement]:
        return [requirement for requirement in self.counted if requirement.is_gap]


def coverage(regulation: Regulation, handbook: Handbook) -> RegulationCoverage:
    by_chapter: dict[int, list[Addressing]] = {}
    for document in handbook.documents:
        if document.status not in (Status.IN_FORCE, Status.DRAFT):
            continue
        for reference in document.references:
            if reference.regulation == regulation.id:
                by_chapter.setdefault(reference.chapter, []).append(Addressing(document, reference))
    chapters = []
    for chapter in regulation.chapters:
        counted = chapter.number >= regulation.coverage_from_chapter
        addressing = by_chapter.get(chapter.number, [])
        if chapter.paragraphs:
            requirements = [_requirement(chapter, paragraph, counted,
                                         [a for a in addressing if a.reference.covers(paragraph)])
                            for paragraph in chapter.paragraphs]
        else:
            requirements = [_requirement(chapter, None, counted, addressing)]
        chapters.append(ChapterCoverage(chapter, counted, requirements))
    return RegulationCoverage(regulation, chapters)


def _requirement(chapter: Chapter, paragraph: Paragraph | None, counted: bool,
                 addressing: list[Addressing]) -> Requirement:
    requirement = Requirement(chapter, paragraph, counted)
    seen: set[int] = set()
    # A paragraph reference says more than a chapter reference: list it first, once.
    for item in sorted(addressing, key=lambda a: (a.reference.paragraph is None, id_key(a.document.id))):
        if id(item.document) in seen:
            continue
        seen.add(id(item.document))
        target = requirement.in_force if item.document.status is Status.IN_FORCE else requirement.drafts
        target.append(item)
    requirement.in_force.sort(key=lambda a: id_key(a.document.id))
    requirement.drafts.sort(key=lambda a: id_key(a.document.id))
    return requirement


def page(facts: RegulationCoverage, handbook: Handbook, collapse_after: int = COLLAPSE_AFTER) -> GeneratedPage:
    regulation = facts.regulation
    uri = src_uri(regulation)

    def entry(item: Addressing) -> Markup:
        note = f"hela {item.reference.label}" if item.reference.paragraph is None else None
        details = ", ".join(part for part in (item.document.id, note) if part)
        return join(document_entry(uri, item.document, handbook), muted(details))

    chapters = []
    for chapter in facts.chapters:
        if not chapter.counted:
            summary = "Kapitlet räknas inte i täckningen."
        elif not chapter.chapter.paragraphs:
            summary = "Kapitlet har minst ett gällande dokument." if chapter.covered else \
                "Kapitlet har inget gällande dokument."
        elif chapter.covered == len(chapter.requirements):
            summary = "Alla paragrafer har minst ett gällande dokument."
        else:
            summary = (f"{chapter.covered} av {count(len(chapter.requirements), 'paragraf', 'paragrafer')} "
                       f"har minst ett gällande dokument.")
        chapters.append({
            "anchor": anchor(chapter.chapter.number), "label": chapter.chapter.label, "title": chapter.chapter.title,
            "summary": summary, "whole": not chapter.chapter.paragraphs,
            "requirements": [{
                "anchor": requirement.anchor, "label": requirement.label, "title": requirement.title,
                "gap": requirement.is_gap,
                "in_force": [entry(item) for item in requirement.in_force],
                "drafts": [entry(item) for item in requirement.drafts],
            } for requirement in chapter.requirements],
        })
    counted = facts.counted
    not_counted = [chapter.chapter.number for chapter in facts.chapters if not chapter.counted]
    markdown = render(
        "coverage.md.j2", regulation=regulation, chapters=chapters, gap_text=GAP,
        # Which paragraph numbers nobody has checked against the regulation is the
        # editors' business: named once, folded under "För redaktörer", never beside a
        # requirement a reader is looking up.
        unverified=[requirement.label for chapter in facts.chapters for requirement in chapter.requirements
                    if not requirement.verified],
        collapse_after=collapse_after,
        counted=count(len(counted), "paragraf", "paragrafer") if all(r.paragraph for r in counted)
        else f"{len(counted)} krav",
        covered=len(counted) - len(facts.gaps), gaps=[{"label": g.label, "anchor": g.anchor} for g in facts.gaps],
        counted_chapters=_chapter_range([c.chapter.number for c in facts.chapters if c.counted]),
        not_counted_chapters=_chapter_range(not_counted))
    return GeneratedPage(uri, markdown, regulation.short_title)


def _chapter_range(numbers: list[int]) -> str:
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"{numbers[0]} kap."
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]} kap."
    return ", ".join(str(number) for number in numbers) + " kap."
