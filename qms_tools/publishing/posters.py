"""Printable QR posters: one per document in A4 and A5, and a sheet per unit and per
process with all its codes. Each code comes with the document's title, id and owner and
"Skanna för gällande version", and encodes the document's permanent address.

They are standalone HTML files (``static_site.StaticFile``), not theme pages: a poster
must print without the site's header, navigation and search around it, with an
``@page`` size the browser obeys; and at 10,000 documents 20,000 poster pages through
Markdown and the theme would double the build and fill the search index, while these
are written as they are. The code itself is one SVG file per document
(``qr/<ID>/kod.svg``) that the poster, the A5 poster and the sheets all show, so a
large handbook ships each code once.

Posters exist for documents in force only: a draft or withdrawn document must not be
put on a wall.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Callable

from markupsafe import Markup

from qms_tools.handbook.model import Document, Handbook
from qms_tools.publishing.changes import published_changes
from qms_tools.publishing.feeds import feed_files
from qms_tools.publishing.versions import save_renderings, version_files
from qms_tools.publishing.pages.common import id_key, role_title, sorted_documents, swedish_key
from qms_tools.publishing.permalinks import permalink_files
from qms_tools.publishing.publication import Publication
from qms_tools.publishing.qr import (
    CACHE_FILE,
    load_cache,
    permanent_address,
    permanent_path,
    require_site_url,
    save_cache,
    svg,
    svg_file,
)
from qms_tools.publishing.static_site import StaticFile, page_url, relative_url, render, render_block
from qms_tools.handbook.vocabulary import Status

PAPER_SIZES = {"a4": "A4", "a5": "A5"}
INDEX_URI = "qr/index.html"
STYLESHEET_URI = "qr/affisch.css"
SCAN_TEXT = "Skanna för gällande version"
SCREEN_CODE_PIXELS = 180
"""Size of the code on a document's page: about 3 CSS pixels a module, enough to scan
it off a laptop screen."""


def has_poster(document: Document) -> bool:
    return bool(document.id) and document.status is Status.IN_FORCE


def code_image_uri(document_id: str) -> str:
    return f"qr/{document_id}/kod.svg"


def poster_uri(document_id: str, paper: str = "a4") -> str:
    return f"qr/{document_id}/{paper}/index.html"


def unit_sheet_uri(unit_id: str) -> str:
    return f"qr/enhet/{unit_id}/index.html"


def process_sheet_uri(process_id: str) -> str:
    return f"qr/process/{process_id}/index.html"


@dataclass(frozen=True)
class Code:
    """One code as a poster or sheet shows it."""

    document: Document
    address: str
    owner: str
    image: str
    """Relative link to the code's SVG from the file being rendered."""
    href: str
    """Relative link to the document's page."""


@dataclass(frozen=True)
class Sheet:
    dest_uri: str
    title: str
    documents: tuple[Document, ...]


class _Posters:
    def __init__(self, handbook: Handbook, use_directory_urls: bool):
        self.handbook = handbook
        self.site_url = require_site_url(handbook.settings.site_url)
        self.use_directory_urls = use_directory_urls
        self.organisation = handbook.organisation.name or handbook.settings.site_url

    def href(self, from_uri: str, to_src_uri: str) -> str:
        return relative_url(from_uri, page_url(to_src_uri, self.use_directory_urls))

    def code(self, document: Document, from_uri: str) -> Code:
        return Code(document, permanent_address(self.site_url, document.id or ""), self.owner(document),
                    self.href(from_uri, code_image_uri(document.id or "")),
                    self.href(from_uri, document.content_path))

    def owner(self, document: Document) -> str:
        # The role, not its holder: a poster hangs for years, people change jobs.
        return role_title(self.handbook, document.owner)

    def render(self, dest_uri: str, template: str, **context: object) -> str:
        return render(f"posters/{template}", organisation=self.organisation,
                      stylesheet=self.href(dest_uri, STYLESHEET_URI), index_href=self.href(dest_uri, INDEX_URI),
                      scan_text=SCAN_TEXT, **context)

    def poster(self, document: Document, paper: str) -> StaticFile:
        return StaticFile(poster_uri(document.id or "", paper), make=functools.partial(self._poster, document, paper))

    def _poster(self, document: Document, paper: str) -> str:
        dest = poster_uri(document.id or "", paper)
        other = "a5" if paper == "a4" else "a4"
        return self.render(dest, "poster.html", code=self.code(document, dest), paper=paper,
                           paper_name=PAPER_SIZES[paper], other_paper_name=PAPER_SIZES[other],
                           other_href=self.href(dest, poster_uri(document.id or "", other)))

    def sheet(self, sheet: Sheet) -> StaticFile:
        return StaticFile(sheet.dest_uri, make=functools.partial(self._sheet, sheet))

    def _sheet(self, sheet: Sheet) -> str:
        return self.render(sheet.dest_uri, "sheet.html", title=sheet.title,
                           codes=[self.code(document, sheet.dest_uri) for document in sheet.documents])

    def index(self, units: list[Sheet], processes: list[Sheet]) -> StaticFile:
        return StaticFile(INDEX_URI, make=functools.partial(self._index, units, processes))

    def _index(self, units: list[Sheet], processes: list[Sheet]) -> str:
        def entries(sheets: list[Sheet]) -> list[tuple[str, str, int]]:
            return [(sheet.title, self.href(INDEX_URI, sheet.dest_uri), len(sheet.documents)) for sheet in sheets]

        return self.render(INDEX_URI, "index.html", units=entries(units), processes=entries(processes))


def unit_sheets(handbook: Handbook) -> list[Sheet]:
    """Per unit: the documents in force that its roles own."""
    by_unit: dict[str, list[Document]] = {}
    for document in handbook.documents:
        unit = handbook.organisation.unit_of(document.owner)
        if unit is not None and has_poster(document):
            by_unit.setdefault(unit.id, []).append(document)
    units = sorted((handbook.organisation.units[unit_id] for unit_id in by_unit),
                   key=lambda unit: swedish_key(unit.title))
    return [Sheet(unit_sheet_uri(unit.id), unit.title, tuple(sorted_documents(by_unit[unit.id])))
            for unit in units]


def process_sheets(handbook: Handbook) -> list[Sheet]:
    """Per process in force: the process and, in activity order, the routines it names."""
    sheets = []
    for process in sorted_documents(document for document in handbook.documents if document.is_process):
        if not has_poster(process):
            continue
        routines = [handbook.by_id[routine_id] for routine_id in process.routine_ids if routine_id in handbook.by_id]
        documents = [process, *(routine for routine in routines if has_poster(routine) and routine is not process)]
        sheets.append(Sheet(process_sheet_uri(process.id or ""), process.display_title, tuple(documents)))
    return sheets


def poster_files(handbook: Handbook, use_directory_urls: bool = True) -> list[StaticFile]:
    """Every code image, poster and sheet; raises ``ProjectError`` without ``site_url``.
    Each file's content is made when it is first read."""
    posters = _Posters(handbook, use_directory_urls)
    documents = sorted((document for document in handbook.documents if has_poster(document)),
                       key=lambda document: id_key(document.id))
    files = [StaticFile(STYLESHEET_URI, resources.files("qms_tools").joinpath(
        "templates/posters/affisch.css").read_text(encoding="utf-8"))]
    for document in documents:
        address = permanent_address(posters.site_url, document.id or "")
        files.append(StaticFile(code_image_uri(document.id or ""), make=functools.partial(
            svg_file, address, f"QR-kod till {document.display_title} ({document.id})")))
        files.extend(posters.poster(document, paper) for paper in PAPER_SIZES)
    units, processes = unit_sheets(handbook), process_sheets(handbook)
    files.extend(posters.sheet(sheet) for sheet in units + processes)
    files.append(posters.index(units, processes))
    return files


def site_files(publication: Publication, use_directory_urls: bool = True) -> list[StaticFile]:
    """The standalone files of a site build: permanent links, code images, posters, the
    Atom feeds of the latest changes and the earlier versions of each document, each made when its content is first read. The codes come from the project's code
    cache (``qr.CACHE_FILE``); ``save_caches`` keeps them for the next build."""
    handbook = publication.handbook
    load_cache(handbook.settings.root / CACHE_FILE)
    return [*permalink_files(handbook, publication.rejected_documents.values(), use_directory_urls),
            *poster_files(handbook, use_directory_urls),
            *feed_files(handbook, functools.partial(published_changes, handbook)),
            *version_files(handbook, list(publication.withheld_documents.values()))]


def save_caches(handbook: Handbook) -> None:
    """Keep every document's code in the project's code cache, if any was made anew
    (makes those not made yet), and what the version files rendered."""
    save_renderings(handbook)
    save_cache(handbook.settings.root / CACHE_FILE,
               [permanent_address(handbook.settings.site_url, document.id or "")
                for document in handbook.documents if document.id])


def document_code_block(document: Document, site_url: str | None, resolve: Callable[[str], str | None]) -> str:
    """The QR block on a document's page: the code, the permanent address and links to
    the posters. ``resolve`` turns a site source path into a link from that page (None
    when the site has no such file). Empty without ``site_url``: the build itself
    requires it (``poster_files``), a page renderer on its own does not."""
    if not document.id or not site_url:
        return ""
    address = permanent_address(site_url, document.id)
    return render_block("posters/block.html", {
        "address": address,
        "svg": Markup(svg(address, f"QR-kod till {document.display_title}", SCREEN_CODE_PIXELS)),
        "permanent_href": resolve(permanent_path(document.id) + "index.html"),
        "a4_href": resolve(poster_uri(document.id, "a4")) if has_poster(document) else None,
        "a5_href": resolve(poster_uri(document.id, "a5")) if has_poster(document) else None})
