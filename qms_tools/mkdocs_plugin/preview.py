"""Rebuilds while an editor previews (`mkdocs serve`): redo only what an edit changed.

MkDocs' dirty build (`mkdocs serve --dirty`) keeps the site folder between rebuilds and
re-renders a page only when its source is newer than its output (``File.is_modified``),
but it always rewrites a generated file: every overview page and every permanent link
and QR poster, thousands of files in a large handbook. It also never re-renders a page
whose source is unchanged but which shows facts of an edited document (a process map
lists its routines' titles, a footer lists the documents linking here), and never
removes the page of a document that was deleted, renamed or held back.

The plugin instance lives as long as the server (it defines ``on_startup``), so it keeps
what the last successful build published and decides per file of ours:
- after an edit of text only, the overview pages, permanent links and QR posters are
  not even made again: they show every fact of a document but its text;
- a generated file whose content is what the last build wrote is kept;
- a document page is redone when its source changed (MkDocs' own rule) or when a
  document whose facts it shows changed;
- outputs of our files that the new build no longer has are removed;
- the search index is written after the build, while the edited page is already
  served, and only when something it holds has changed.
A fresh ``mkdocs build`` never asks ``is_modified`` and writes the index itself; it is
unaffected.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from qms_tools.handbook.history import History
from qms_tools.handbook.model import Document, Handbook
from qms_tools.publishing.pages import GeneratedPage, PlannedPage
from qms_tools.publishing.publication import Publication
from qms_tools.language.synonyms import FILE_NAME as SYNONYMS_FILE
from qms_tools.publishing.static_site import StaticFile
from qms_tools.mkdocs_plugin.search import SITE_FOLDER, write_search

log = get_plugin_logger("qms")

SEARCH_MANIFEST = "index.json"
"""The part of the index that names all others: moved into place last."""


class PreviewFile(File):
    """A file the plugin adds; a dirty rebuild asks it whether its output must be redone."""

    output_current = False
    """A generated file with the same content as the output the last build wrote."""
    must_render = False
    """A document page that shows facts of a changed document, or whose history changed."""

    def is_modified(self) -> bool:
        if self.must_render:
            return True
        if self.output_current and os.path.isfile(self.abs_dest_path):
            return False
        return super().is_modified()


@dataclass
class Overview:
    """The overview pages and standalone files of a build, with what they were made from."""

    inputs: tuple | None
    planned: list[PlannedPage]
    standalone: list[StaticFile]
    standalone_files: list[PreviewFile] = field(default_factory=list)
    """The standalone files as MkDocs files, made once: tens of thousands in a large
    handbook, and a preview reuses them as they are."""
    made: list[GeneratedPage] = field(default_factory=list)

    def pages(self) -> list[GeneratedPage]:
        """The overview pages, made once (a build leaves that to its worker)."""
        if not self.made:
            self.made = [planned.make() for planned in self.planned]
        return self.made

    def files(self, config: MkDocsConfig) -> list[PreviewFile]:
        if not self.standalone_files:
            self.standalone_files = [PreviewFile.generated(config, static.dest_uri, content=static.content)
                                     for static in self.standalone]
        return self.standalone_files


def overview_inputs(publication: Publication, use_directory_urls: bool) -> tuple:
    """Everything the overview pages and standalone files are made from: every fact of
    the published and held-back documents but their text (pages.generate_all and
    posters.site_files never read it, unless the site withholds documents), and the
    handbook around them."""
    handbook = publication.handbook
    # A site that leaves documents out shows an earlier version only when it does not
    # point to one of them, judged against what the site publishes (versions.py): then
    # the standalone files depend on the published texts too.
    texts = tuple(document.body for document in handbook.documents) if publication.withheld_documents else ()
    return (texts, tuple(_facts(document) for document in handbook.documents),
            tuple(_facts(document) for document in publication.rejected_documents.values()),
            publication.rejected, handbook.settings, handbook.organisation, handbook.regulations, handbook.today,
            handbook.history, use_directory_urls)


@dataclass
class Published:
    """What one successful build published, as far as later rebuilds need to know."""

    handbook: Handbook
    history: History
    navigation: object
    overview: Overview
    generated: dict[str, str | bytes] = field(default_factory=dict)
    """Content of each generated file, by src_uri."""
    outputs: set[str] = field(default_factory=set)
    """Absolute output paths of every file the plugin added."""


def _handbook_wide(handbook: Handbook, navigation: object) -> tuple:
    """What every document page shows besides its own document and its neighbours."""
    return handbook.settings, handbook.organisation, handbook.regulations, handbook.today, navigation


def neighbours(document: Document, handbook: Handbook, replaced_by: dict[str, list[Document]]) -> list[Document]:
    """The documents whose pages show facts of this one, and those this one's page shows
    (pages.document.DocumentView, pages.process_map): link targets and sources, the
    processes naming it, the routines of its process map, its replacement and what it
    replaces."""
    found = [handbook.by_content_path[link.target] for link in document.internal_links
             if link.target in handbook.by_content_path]
    found += handbook.linked_from.get(document.content_path, [])
    found += [process for process, _ in handbook.processes_using.get(document.id or "", [])]
    found += [handbook.by_id[routine] for routine in document.routine_ids if routine in handbook.by_id]
    if document.replaced_by in handbook.by_id:
        found.append(handbook.by_id[document.replaced_by])
    found += replaced_by.get(document.id or "", [])
    return found


def _facts(document: Document) -> Document:
    """The document without its text."""
    return dataclasses.replace(document, body="", body_line=0)


def _shown_to_others(document: Document) -> tuple:
    """What other document pages can show of a document: every fact but its text, and
    the documents its text links to (their "linked from" lists)."""
    return _facts(document), frozenset(link.target for link in document.internal_links)


def _replacing(handbook: Handbook) -> dict[str, list[Document]]:
    index: dict[str, list[Document]] = {}
    for document in handbook.documents:
        if document.replaced_by:
            index.setdefault(document.replaced_by, []).append(document)
    return index


def pages_to_redo(last: Published | None, handbook: Handbook, history: History, navigation: object) -> set[str] | None:
    """Project-relative paths of the documents whose pages must be rendered again although
    their source may be unchanged; None for every document."""
    if last is None or _handbook_wide(last.handbook, last.navigation) != _handbook_wide(handbook, navigation):
        return None
    before = {document.path: document for document in last.handbook.documents}
    after = {document.path: document for document in handbook.documents}
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    # Text edits stay on their own page; a new title, status or link reaches the neighbours.
    seen_by_others = {path for path in changed if path not in before or path not in after
                      or _shown_to_others(before[path]) != _shown_to_others(after[path])}
    redo = set(changed)
    for version, documents in ((last.handbook, before), (handbook, after)):
        replacing = _replacing(version)
        for path in seen_by_others:
            if path in documents:
                redo.update(neighbour.path for neighbour in neighbours(documents[path], version, replacing))
    # A commit changes the footer (last change, history link) of the documents it touched.
    redo.update(path for path in after if last.history.changes(path) != history.changes(path))
    return redo & after.keys()


def remove_stale_outputs(last: Published, files: Files, site_dir: str) -> list[str]:
    """Remove what the last build of ours wrote and this build no longer has (a deleted,
    renamed or held-back document, an overview page that no longer exists), with the
    folders that become empty. The files of this build, ours or not, are never touched."""
    current = {file.abs_dest_path for file in files}
    removed = []
    root = Path(site_dir).resolve()
    for path in sorted(last.outputs - current):
        output = Path(path)
        if not output.is_file():
            continue
        output.unlink()
        removed.append(path)
        folder = output.parent
        while folder != root and root in folder.parents and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return removed


class BackgroundSearch:
    """The search index of a preview, written by one thread after the builds.

    A build hands over its documents and goes on; an index that is still being written
    when the next build ends is followed by the newest one only. So a save right after
    another never waits for the index of the first."""

    def __init__(self) -> None:
        self.written: tuple | None = None
        """What the index in the site holds, or will hold when the thread is done
        (documents with their addresses, settings, organisation, regulations, synonyms)."""
        self._lock = threading.Lock()
        self._next: tuple | None = None
        self._thread: threading.Thread | None = None

    def start(self, handbook: Handbook, documents: list[tuple[File, Document]], site_dir: str) -> None:
        synonyms = handbook.settings.content_root / SYNONYMS_FILE
        holds = (tuple((file.url, document) for file, document in documents), handbook.settings,
                 handbook.organisation, handbook.regulations,
                 synonyms.read_bytes() if synonyms.is_file() else None, site_dir)
        with self._lock:
            if holds == self.written and (self._thread is not None
                                          or (Path(site_dir) / SITE_FOLDER / SEARCH_MANIFEST).is_file()):
                return
            self.written = holds
            self._next = (handbook, documents, site_dir)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="qms-search")
                self._thread.start()

    def finish(self) -> None:
        """Wait until the index of the last build is written (before a build that cleans
        the site folder, and when the server stops)."""
        while True:
            with self._lock:
                thread = self._thread
            if thread is None:
                return
            thread.join()

    def forget(self) -> None:
        with self._lock:
            self.written = None

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._next = self._next, None
                if job is None:
                    self._thread = None
                    return
            self._write(*job)

    def _write(self, handbook: Handbook, documents: list[tuple[File, Document]], site_dir: str) -> None:
        """Write the index into a hidden folder of the site and move each of its parts
        into place whole, the manifest last: the server never hands a reader half an
        index. The search folder also holds the theme's search.js, which stays."""
        staging = Path(tempfile.mkdtemp(prefix=".qms-search-", dir=site_dir))
        try:
            summary = write_search(handbook, documents, str(staging))
            target = Path(site_dir) / SITE_FOLDER
            target.mkdir(exist_ok=True)
            replaced = staging / "replaced"
            replaced.mkdir()
            for part in sorted((staging / SITE_FOLDER).iterdir(), key=lambda part: (part.name == SEARCH_MANIFEST,
                                                                                      part.name)):
                if (target / part.name).exists():
                    (target / part.name).rename(replaced / part.name)
                part.rename(target / part.name)
            log.info(summary)
        except OSError as error:
            self.forget()
            log.error(f"Sökindexet kunde inte skrivas till {site_dir}: {error}")
        finally:
            shutil.rmtree(staging, ignore_errors=True)
