"""The site's search: the index and its engine, written while or after MkDocs builds.

A thin adapter over ``qms_tools.search``: MkDocs knows each document's address, the
core knows what to index. The engine script is written beside the index, not linked
from every page: pages load only the small ``search/search.js`` of the theme, which
fetches the engine when someone opens search, and an engine from the same build as the
index can never read an index of another format.
"""

from __future__ import annotations

import multiprocessing
import shutil
import threading
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Iterable

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from ..model import Document, Handbook
from ..search import IndexedPage, build_index, read_synonyms
from ..search.synonyms import FILE_NAME

log = get_plugin_logger("qms")

ENGINE = Path(__file__).resolve().parent.parent / "search" / "engine.js"
SITE_FOLDER = "search"


def write_search(handbook: Handbook, documents: Iterable[tuple[File, Document]], site_dir: str) -> str:
    """Write the index and engine into the site; a one-line summary for the build log.
    Problems of the synonym list are findings of the check (rules/search.py), logged
    with the others; a broken list is searched as if it had no broken groups."""
    started = time.perf_counter()
    settings = handbook.settings
    synonyms, _ = read_synonyms(settings.content_root / FILE_NAME, f"{settings.content_dir}/{FILE_NAME}")
    pages = [IndexedPage(document, file.url) for file, document in documents]
    out_dir = Path(site_dir) / SITE_FOLDER
    summary = build_index(handbook, pages, out_dir, synonyms)
    shutil.copyfile(ENGINE, out_dir / ENGINE.name)
    return (f"Sökindex: {summary.documents} dokument, {summary.terms} sökord i {summary.shards} delar, "
            f"{summary.bytes / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s.")


class IndexWorker:
    """The index of a site build, written by a child process on the other core while
    MkDocs renders the pages: it comes from the document model, not from the HTML, so
    it needs nothing MkDocs makes after the files are known.

    The child is a fork of the build (no copy of the handbook is sent) and exits
    straight after; ``finish`` waits for it and raises its error as the build's,
    ``cancel`` stops it when the build fails. Where a fork is not safe (no fork on the
    platform, or other threads running, whose locks a fork would copy held), the index
    is written by ``finish`` in this process, as before.
    """

    def __init__(self) -> None:
        self.process: multiprocessing.process.BaseProcess | None = None
        self.connection: Connection | None = None
        self.job: tuple[Handbook, list[tuple[File, Document]], str] | None = None

    def start(self, handbook: Handbook, documents: Iterable[tuple[File, Document]], site_dir: str) -> None:
        self.cancel()
        job = (handbook, list(documents), site_dir)
        if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
            self.job = job
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_write_in_child, args=(sender, *job), name="qms-search-index",
                                       daemon=True)
        self.process.start()
        sender.close()
        self.connection = receiver

    def finish(self) -> str:
        """The index's one-line summary, once it is written."""
        if self.process is None:
            if self.job is None:
                raise PluginError("Sökindexet skrevs aldrig: bygget startade det inte.")
            job, self.job = self.job, None
            try:
                return write_search(*job)
            except Exception as error:
                log.debug(traceback.format_exc())
                raise PluginError(f"Sökindexet kunde inte skrivas: {type(error).__name__}: {error}") from error
        process, connection = self.process, self.connection
        self.process = self.connection = None
        try:
            outcome = connection.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            outcome = None
        finally:
            connection.close()
            process.join()
        if outcome is None:
            raise PluginError(f"Sökindexet kunde inte skrivas: processen som skrev det avslutades med kod "
                              f"{process.exitcode}.")
        succeeded, text, details = outcome
        if not succeeded:
            log.debug(details)
            raise PluginError(f"Sökindexet kunde inte skrivas: {text}")
        return text

    def cancel(self) -> None:
        """Stop a running child (the build failed or starts again) and reap it."""
        process, connection = self.process, self.connection
        self.process = self.connection = self.job = None
        if process is not None:
            process.terminate()
            process.join()
            connection.close()


def _write_in_child(connection: Connection, handbook: Handbook, documents: list[tuple[File, Document]],
                    site_dir: str) -> None:
    try:
        outcome = (True, write_search(handbook, documents, site_dir), "")
    except BaseException as error:  # every failure goes back to the build, which reports it
        outcome = (False, f"{type(error).__name__}: {error}", traceback.format_exc())
    connection.send(outcome)
    connection.close()
