"""What `mkdocs build` can do on the machine's other core: the blocks each document page
adds around its text, the search index and the standalone files (permanent links
d/<ID>/, QR codes and posters qr/…).

None of them needs anything MkDocs makes after the files are known: the blocks and the
index come from the document model, not from the HTML, and the standalone files are
text of their own. So a forked child makes them from ``on_files`` on while MkDocs
renders the pages. No copy of the handbook is sent: the child is a fork of the build
and exits straight after.

The page blocks go first and come back in the order MkDocs renders the pages, in
chunks: each chunk is a file in a folder of the build's own, announced by a short
message on the pipe, so the child never waits for the build to read (a pipe holds only
kilobytes) and the build waits only when it gets ahead of the child, at the first
pages. ``blocks`` answers None for a page the child does not make (then the caller
makes it, as without a child).

``finish`` waits for the child and raises its failure as the build's; ``cancel`` stops
and reaps it when a build fails or starts again. Where a fork is not safe (no fork on the
platform, or other threads running, whose locks a fork would copy held), ``finish``
does the same work in the build process, as it was done before.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import shutil
import tempfile
import traceback
from multiprocessing.connection import Connection
from typing import Callable, Iterable, Sequence

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from ..forking import fork_is_safe
from ..model import Document, Handbook
from ..pages.document import PageBlocks
from ..posters import save_codes
from ..static_site import StaticFile
from . import search
from .preview import PreviewFile

log = get_plugin_logger("qms")


PageMaker = Callable[[], PageBlocks]

FIRST_CHUNK = 8
"""Pages in the first chunk of blocks: the build renders its first pages meanwhile."""
CHUNK = 128


class ChildWrittenFile(PreviewFile):
    """A standalone file of a site build that the worker writes, with MkDocs' own
    writing code; MkDocs' copy step passes it by. Its content is made by whoever reads
    it first: the worker, when nothing else asks."""

    static: StaticFile

    @classmethod
    def of(cls, config, static: StaticFile, **options) -> "ChildWrittenFile":
        file = cls(static.dest_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls,
                   **options)
        file.generated_by = config.plugins._current_plugin or "<unknown>"
        file.static = static
        return file

    @property
    def _content(self) -> str:
        return self.static.content

    @_content.setter
    def _content(self, value: object) -> None:
        pass  # the content is the static file's

    def copy_file(self, dirty: bool = False) -> None:
        pass

    def write(self) -> None:
        File.copy_file(self)


class BuildWorker:
    def __init__(self) -> None:
        self.process: multiprocessing.process.BaseProcess | None = None
        self.connection: Connection | None = None
        self.job: _Job | None = None
        self.frozen = False
        self.chunks: str | None = None
        """The folder the child leaves the page blocks in."""
        self.coming: set[str] = set()
        """Pages whose blocks the child makes and the build has not taken yet."""
        self.received: dict[str, PageBlocks] = {}
        self.outcome: object = None
        """The child's last word (succeeded, text, details), when it came while the
        build waited for blocks; ``_SILENT`` when the child ended without one."""

    def start(self, handbook: Handbook, documents: Iterable[tuple[File, Document]] | None, site_dir: str,
              files: Iterable[ChildWrittenFile], pages: Sequence[tuple[str, PageMaker]] = ()) -> None:
        """Begin making the blocks of ``pages`` (src_uri, how to make them), in the
        order the build will ask for them; then writing ``files`` and, unless
        ``documents`` is None, the search index of those documents."""
        self.cancel()
        job = _Job(handbook, None if documents is None else list(documents), site_dir, list(files))
        if not fork_is_safe():
            self.job = job
            return
        self.chunks = tempfile.mkdtemp(prefix="qms-sidblock-")
        self.coming = {src_uri for src_uri, _ in pages}
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_run_in_child, args=(sender, job, list(pages), self.chunks),
                                       name="qms-build-worker", daemon=True)
        # While the child lives, parent and child share the heap until either writes to
        # a page. A cycle collection writes to every object it visits, which would copy
        # the whole heap (gigabytes at 10,000 documents): the objects made so far sit
        # out of collection until the child is done (gc.freeze, as Python advises
        # before a fork).
        gc.freeze()
        self.frozen = True
        self.process.start()
        sender.close()
        self.connection = receiver

    def blocks(self, src_uri: str) -> PageBlocks | None:
        """The blocks the child made for this page, waiting for them if need be; None
        when the child does not make them (no child, another page, or the child failed:
        ``finish`` reports that)."""
        if src_uri not in self.coming:
            return None
        self.coming.discard(src_uri)
        while src_uri not in self.received and self.outcome is None:
            try:
                kind, value = self.connection.recv()
            except EOFError:  # the child died without a word; finish reports it
                self.outcome = _SILENT
                break
            if kind == "blocks":
                with open(value, "rb") as chunk:
                    self.received.update(pickle.load(chunk))
                os.unlink(value)
            else:
                self.outcome = value
        return self.received.pop(src_uri, None)

    def finish(self) -> str | None:
        """Wait until everything is written; the search index's summary line, if any."""
        if self.process is None:
            if self.job is None:
                raise PluginError("Sökindexet och QR-filerna skrevs aldrig: bygget startade dem inte.")
            job, self.job = self.job, None
            try:
                return job.run()
            except Exception as error:
                log.debug(traceback.format_exc())
                raise PluginError(f"{_FAILED}: {type(error).__name__}: {error}") from error
        process, connection, outcome = self.process, self.connection, self.outcome
        self.process = self.connection = None
        try:
            while outcome is None:
                kind, value = connection.recv()
                if kind == "done":
                    outcome = value
        except EOFError:  # the child died without a word (killed, out of memory)
            outcome = _SILENT
        finally:
            connection.close()
            process.join()
            self._clear()
        if outcome is _SILENT:
            raise PluginError(f"{_FAILED}: processen som skrev dem avslutades med kod {process.exitcode}.")
        succeeded, text, details = outcome
        if not succeeded:
            log.debug(details)
            raise PluginError(f"{_FAILED}: {text}")
        return text

    def cancel(self) -> None:
        """Stop a running child (the build failed or starts again) and reap it."""
        process, connection = self.process, self.connection
        self.process = self.connection = self.job = None
        if process is not None:
            process.terminate()
            process.join()
            connection.close()
        self._clear()

    def _clear(self) -> None:
        if self.frozen:
            self.frozen = False
            gc.unfreeze()
        if self.chunks is not None:
            shutil.rmtree(self.chunks, ignore_errors=True)
        self.chunks, self.coming, self.received, self.outcome = None, set(), {}, None


_SILENT = object()
"""The outcome of a child that ended without sending one."""
_FAILED = "Sökindexet eller permanenta länkar och QR-filer kunde inte skrivas"


class _Job:
    def __init__(self, handbook: Handbook, documents: list[tuple[File, Document]] | None, site_dir: str,
                 files: list[ChildWrittenFile]):
        self.handbook = handbook
        self.documents = documents
        self.site_dir = site_dir
        self.files = files

    def run(self) -> str | None:
        for file in self.files:
            file.write()
        if self.files:
            save_codes(self.handbook)
        if self.documents is None:
            return None
        return search.write_search(self.handbook, self.documents, self.site_dir)


def _run_in_child(connection: Connection, job: _Job, pages: list[tuple[str, PageMaker]], folder: str) -> None:
    try:
        _send_blocks(connection, pages, folder)
        outcome = (True, job.run(), "")
    except BaseException as error:  # every failure goes back to the build, which reports it
        outcome = (False, f"{type(error).__name__}: {error}", traceback.format_exc())
    connection.send(("done", outcome))
    connection.close()


def _send_blocks(connection: Connection, pages: list[tuple[str, PageMaker]], folder: str) -> None:
    start, size = 0, FIRST_CHUNK
    while start < len(pages):
        chunk = {src_uri: make() for src_uri, make in pages[start:start + size]}
        path = os.path.join(folder, f"{start}.pickle")
        with open(path + ".part", "wb") as output:
            pickle.dump(chunk, output, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(path + ".part", path)
        connection.send(("blocks", path))
        start, size = start + size, CHUNK
