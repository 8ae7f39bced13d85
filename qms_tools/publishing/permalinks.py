"""Permanent links: ``d/<ID>/`` leads to the document with that id, wherever its file
lives now, and keeps leading somewhere true after it is withdrawn or deleted.

Every id the site has ever had gets a page (the ids come from the documents, the Git
history and the tombstone registry):

- a document published now: a redirect that works without JavaScript (meta refresh,
  canonical link and a visible link to follow by hand);
- a withdrawn document: a page saying so, with links to what replaced it and to the
  withdrawn text;
- a document held back from this build because of errors: a page saying it cannot be
  shown right now;
- a deleted document: a tombstone, "Dokumentet finns inte längre", with its last title,
  why it went and what replaced it, when the registry says.

Links are relative to ``d/<ID>/``, so the pages work under any ``site_url`` and with the
development server. No site_url is needed here; QR codes need one (``qr``).
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Iterable

from qms_tools.handbook.history import History
from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.personal_ids import mask_personal_ids
from qms_tools.publishing.qr import permanent_path
from qms_tools.publishing.static_site import StaticFile, page_url, relative_url, render
from qms_tools.handbook.tombstones import TombstoneRegistry, load_tombstones
from qms_tools.handbook.vocabulary import Status

START_PAGE = "index.md"
REGISTER_PAGE = "register.md"
HELD_BACK_PAGE = "ej-publicerade.md"


class Kind(enum.Enum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    HELD_BACK = "held-back"
    GONE = "gone"


@dataclass(frozen=True)
class Permalink:
    id: str
    kind: Kind
    title: str
    document: Document | None = None
    """The document with this id now (not for GONE)."""
    replacement: Document | None = None
    """For WITHDRAWN and GONE: the document to read instead, following replacements
    that were themselves withdrawn."""
    replaced_by: str | None = None
    """The id named as replacement, even when no such document is published."""
    reason: str | None = None
    """For GONE: why it was removed, from the tombstone registry."""

    @property
    def dest_uri(self) -> str:
        return permanent_path(self.id) + "index.html"


def permalinks(handbook: Handbook, history: History | None = None, tombstones: TombstoneRegistry | None = None,
               held_back: Iterable[Document] = ()) -> list[Permalink]:
    """One permanent link per id ever published, sorted by id. ``handbook`` holds the
    published documents; ``held_back`` those a build left out because of errors."""
    history = history if history is not None else (handbook.history or History())
    tombstones = tombstones if tombstones is not None else load_tombstones(handbook.settings)
    links: dict[str, Permalink] = {}
    for document in handbook.documents:
        if not document.id or document.id in links:
            continue
        if document.is_withdrawn:
            links[document.id] = Permalink(document.id, Kind.WITHDRAWN, document.display_title, document,
                                           _in_force(handbook, document.replaced_by), _shown(handbook, document.replaced_by))
        else:
            links[document.id] = Permalink(document.id, Kind.PUBLISHED, document.display_title, document)
    for document in held_back:
        if document.id and document.id not in links:
            links[document.id] = Permalink(document.id, Kind.HELD_BACK, document.display_title, document)
    for tombstone in tombstones.entries.values():
        if tombstone.id not in links and tombstone.id not in handbook.withheld_ids:
            links[tombstone.id] = Permalink(tombstone.id, Kind.GONE, tombstone.title, None,
                                            _in_force(handbook, tombstone.replaced_by),
                                            _shown(handbook, tombstone.replaced_by),
                                            tombstone.reason)
    for published in history.ids.values():
        # A document this build withholds has no permanent link on its site at all: the
        # address answers as any unknown one does (the 404 page).
        if published.id not in links and published.id not in handbook.withheld_ids:
            # A title from the Git history cannot be corrected by an editor: masked.
            links[published.id] = Permalink(published.id, Kind.GONE, mask_personal_ids(published.title or published.id))
    return [links[key] for key in sorted(links)]


def _shown(handbook: Handbook, document_id: str | None) -> str | None:
    return handbook.shown_id(document_id) if document_id else None


def _in_force(handbook: Handbook, document_id: str | None) -> Document | None:
    """The document to read instead: ``document_id``, or what replaced it in turn."""
    seen: set[str] = set()
    while document_id and document_id not in seen:
        seen.add(document_id)
        document = handbook.by_id.get(document_id)
        if document is None:
            return None
        if document.status is not Status.WITHDRAWN:
            return document
        document_id = document.replaced_by
    return None


def render_permalink(link: Permalink, use_directory_urls: bool = True) -> StaticFile:
    """The page at ``d/<ID>/``, made when its content is first read."""
    return StaticFile(link.dest_uri, make=functools.partial(_permalink_html, link, use_directory_urls))


def _permalink_html(link: Permalink, use_directory_urls: bool) -> str:
    def href(src_uri: str) -> str:
        return relative_url(link.dest_uri, page_url(src_uri, use_directory_urls))

    context = {
        "link": link,
        "Kind": Kind,
        "document_href": href(link.document.content_path) if link.document else None,
        "replacement_href": href(link.replacement.content_path) if link.replacement else None,
        "start_href": href(START_PAGE),
        "register_href": href(REGISTER_PAGE),
        "held_back_href": href(HELD_BACK_PAGE),
    }
    template = "redirect.html" if link.kind is Kind.PUBLISHED else "notice.html"
    return render(f"permalinks/{template}", **context)


def permalink_files(handbook: Handbook, held_back: Iterable[Document] = (),
                    use_directory_urls: bool = True) -> list[StaticFile]:
    return [render_permalink(link, use_directory_urls) for link in permalinks(handbook, held_back=held_back)]
