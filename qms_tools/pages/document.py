"""A document's page: the header block above its text and the blocks below it.

Plain Python and Jinja, no site generator: the caller says how this page addresses other
pages (``PageAddress``), so the same HTML serves MkDocs with or without directory URLs.
Every fact comes from the model (review state, owner, backlinks) or the Git history;
this module only chooses what to show and in which words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup

from ..history import Change, History
from ..model import Activity, Document, Handbook
from ..organisation import Unit
from ..posters import document_code_block
from ..regulations import LawVocabulary, Reference, load_laws
from ..vocabulary import ReviewState
from .common import holder_state, role_title

HISTORY_ROWS = 10
"""Rows of change history shown on the page; the full log is one link away. Keeps a
routine page small however long its history grows."""
BACKLINKS_SHOWN = 25
"""Entries per backlink list before "och N till": a much-linked document stays light."""
ISSUE_TEMPLATE = "rapportera-fel.yml"


@dataclass(frozen=True)
class PageAddress:
    """How the page being rendered reaches other pages and the outside world."""

    resolve: Callable[[str], str | None]
    """Site source path, optionally with ``#anchor`` (``regelverk/sosfs-2011-9.md#p-5-3``)
    -> href from this page, or None when that page is not published."""
    page_url: str | None = None
    """Absolute address of this page, for the error report and the printed copy."""
    print_url: str | None = None
    """Address printed on paper copies: the permanent link when the site has one."""


@dataclass(frozen=True)
class Owner:
    title: str
    holder: Markup
    """The holder's name, or a flag when the role is vacant or its holder has left."""
    unit: Unit | None


@dataclass(frozen=True)
class LinkedDocument:
    document: Document
    href: str | None


@dataclass(frozen=True)
class Usage:
    process: LinkedDocument
    activities: tuple[str, ...]


@dataclass(frozen=True)
class RegulationLinks:
    short_title: str
    references: tuple[tuple[Reference, str | None], ...]


@dataclass(frozen=True)
class Capped:
    """The first entries of a list, and how many more there are."""

    shown: tuple
    more: int

    def __bool__(self) -> bool:
        return bool(self.shown)


def _capped(items: list, limit: int) -> Capped:
    return Capped(tuple(items[:limit]), max(0, len(items) - limit))


class DocumentView:
    """The facts one document's page shows, ready for the templates. Each fact is
    worked out once per page, however often the templates read it."""

    def __init__(self, document: Document, handbook: Handbook, history: History, address: PageAddress):
        self.document = document
        self.handbook = handbook
        self.address = address
        self.settings = handbook.settings
        self.changes = history.changes(document.path)
        self.review = document.review

    def _linked(self, document: Document) -> LinkedDocument:
        return LinkedDocument(document, self.address.resolve(document.content_path))

    @functools.cached_property
    def owner(self) -> Owner | None:
        if not self.document.owner:
            return None
        organisation = self.handbook.organisation
        role = organisation.roles.get(self.document.owner)
        return Owner(role_title(self.handbook, self.document.owner), holder_state(role, self.handbook),
                     organisation.unit_of(self.document.owner))

    @functools.cached_property
    def regulations(self) -> list[RegulationLinks]:
        grouped = []
        for regulation in self.handbook.regulations.regulations:
            references = [reference for reference in self.document.references if reference.regulation == regulation.id]
            if references:
                grouped.append(RegulationLinks(regulation.short_title, tuple(
                    (reference, self.address.resolve(f"regelverk/{regulation.id}.md#{coverage_anchor(reference)}"))
                    for reference in references)))
        return grouped

    @functools.cached_property
    def laws(self) -> list[tuple[str, str | None]]:
        vocabulary = _laws()
        return [(law, vocabulary.laws[law].title if law in vocabulary.laws else None) for law in self.document.laws]

    @property
    def review_state(self) -> ReviewState:
        return self.review.state

    @functools.cached_property
    def replacement(self) -> LinkedDocument | None:
        replacement = self.handbook.by_id.get(self.document.replaced_by or "")
        return self._linked(replacement) if replacement else None

    @functools.cached_property
    def used_in(self) -> Capped:
        by_process: dict[str, tuple[Document, list[str]]] = {}
        uses: list[tuple[Document, Activity]] = self.handbook.processes_using.get(self.document.id or "", [])
        for process, activity in uses:
            if process is self.document:
                continue
            names = by_process.setdefault(process.path, (process, []))[1]
            if activity.name not in names:
                names.append(activity.name)
        return _capped([Usage(self._linked(process), tuple(names)) for process, names in by_process.values()],
                       BACKLINKS_SHOWN)

    @functools.cached_property
    def links_to(self) -> Capped:
        """Documents this one links to, less those the page already lists: the processes
        using it and, on a process, the routines of its process map."""
        targets: dict[str, Document] = {}
        listed = self._using_processes
        in_map = set(self.document.routine_ids)
        for link in self.document.internal_links:
            target = self.handbook.by_content_path.get(link.target or "")
            if (target is not None and target is not self.document and target.path not in listed
                    and target.id not in in_map):
                targets.setdefault(target.path, target)
        return _capped([self._linked(target) for target in targets.values()], BACKLINKS_SHOWN)

    @functools.cached_property
    def _using_processes(self) -> set[str]:
        return {usage.process.document.path for usage in self.used_in.shown}

    @functools.cached_property
    def linked_from(self) -> Capped:
        """Documents linking here, less the processes already listed as using it."""
        processes = self._using_processes
        sources = [source for source in self.handbook.linked_from.get(self.document.content_path, [])
                   if source.path not in processes]
        return _capped([self._linked(source) for source in sources], BACKLINKS_SHOWN)

    @functools.cached_property
    def history(self) -> Capped:
        return _capped(self.changes, HISTORY_ROWS)

    @functools.cached_property
    def version_date(self) -> str | None:
        """The date of the last change, or of the last review when there is no history."""
        if self.changes:
            return self.changes[0].date.date().isoformat()
        return self.document.reviewed.isoformat() if self.document.reviewed else None

    @property
    def history_url(self) -> str | None:
        if not self.settings.repo_url:
            return None
        return f"{self.settings.repo_url.rstrip('/')}/commits/{self.settings.edit_branch}/{self.document.path}"

    @property
    def edit_url(self) -> str | None:
        if not self.settings.repo_url:
            return None
        return f"{self.settings.repo_url.rstrip('/')}/edit/{self.settings.edit_branch}/{self.document.path}"

    @functools.cached_property
    def report_url(self) -> str | None:
        if not self.settings.repo_url:
            return None
        identifier = self.document.id or self.document.path
        fields = {"template": ISSUE_TEMPLATE, "dokument": identifier}
        if self.address.page_url:
            fields["sida"] = self.address.page_url
        fields["title"] = f"Fel i {identifier}: {self.document.display_title}"
        return f"{self.settings.repo_url.rstrip('/')}/issues/new?{urlencode(fields, quote_via=quote)}"


def coverage_anchor(reference: Reference) -> str:
    """The anchor of a chapter or paragraph on the coverage page (see SITE.md)."""
    if reference.paragraph is None:
        return f"kap-{reference.chapter}"
    return f"p-{reference.chapter}-{reference.paragraph}"


@functools.cache
def _laws() -> LawVocabulary:
    return load_laws()


@functools.cache
def _template(name: str) -> jinja2.Template:
    """Compiled once per process: the templates are package files that do not change
    while a site is built (no modification check per page)."""
    environment = jinja2.Environment(loader=jinja2.PackageLoader("qms_tools", "templates/document"),
                                     autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                     undefined=jinja2.StrictUndefined, auto_reload=False)
    environment.filters["day"] = _day
    return environment.get_template(name)


def _day(change: Change) -> str:
    return change.date.date().isoformat()


_BLANK_LINES = re.compile(r"\n\s*\n+")


def _render(template: str, view: DocumentView) -> str:
    html = _template(template).render(view=view, document=view.document, ReviewState=ReviewState)
    # One HTML block without blank lines: Markdown then passes it through untouched.
    return _BLANK_LINES.sub("\n", html).strip()


def render_header(view: DocumentView) -> str:
    return _render("header.html", view)


def render_footer(view: DocumentView) -> str:
    return _render("footer.html", view)


_ATX_H1 = re.compile(r"^ {0,3}#(?!#)[ \t]")
_HTML_H1 = re.compile(r"\s*<h1\b.*?</h1>", re.DOTALL | re.IGNORECASE)


def render_page(markdown: str, view: DocumentView, process_map: str = "") -> str:
    """The document's Markdown with the header after its title heading (or first, when
    the title comes from front-matter), the process map for a process, and the
    belonging, history and action blocks last."""
    before, after = _split_title(markdown)
    return _join([before, render_header(view), process_map.strip(), after.strip("\n"), *_below(view)])


def page_markdown(markdown: str, process_map: str = "") -> str:
    """The first of two steps that make the same page as ``render_page`` for a site
    generator with a hook after Markdown: only the process map (Markdown) goes into the
    Markdown; ``page_html`` adds the HTML blocks to the rendered page."""
    if not process_map.strip():
        return markdown
    before, after = _split_title(markdown)
    return _join([before, process_map.strip(), after.strip("\n")])


def page_html(html: str, view: DocumentView) -> str:
    """The rendered page with the header after its title heading (or first) and the code,
    belonging, history and action blocks last. Added after Markdown, not in it: Markdown
    would parse their 7 kB of HTML twice per page (md_in_html, then MkDocs' own pass), a
    third of the Markdown time of a whole build."""
    title = _HTML_H1.match(html)
    split = title.end() if title else 0
    return _join([html[:split].strip("\n"), render_header(view), html[split:].strip("\n"), *_below(view)])


def _split_title(markdown: str) -> tuple[str, str]:
    lines = markdown.split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is not None and _ATX_H1.match(lines[first]):
        return "\n".join(lines[:first + 1]), "\n".join(lines[first + 1:])
    return "", markdown


def _below(view: DocumentView) -> list[str]:
    return [document_code_block(view.document, view.settings.site_url, view.address.resolve), render_footer(view)]


def _join(parts: list[str]) -> str:
    return "\n\n".join(part for part in parts if part) + "\n"
