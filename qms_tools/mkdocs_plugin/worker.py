"""What `mkdocs build` can do on the machine's other core: the search index and the
standalone files (permanent links d/<ID>/, QR codes and posters qr/…).

Neither needs anything MkDocs makes after the files are known: the index comes from the
document model, not from the HTML, and the standalone files are finished text. So a
forked child writes them from ``on_files`` on while MkDocs renders the pages (writing
thousands of small files is mostly the kernel's time, and the index is the largest of
our costs). No copy of the handbook is sent: the child is a fork of the build and exits
straight after.

``finish`` waits for the child and raises its failure as the build's; ``cancel`` stops
and reaps it when a build fails or starts again. Where a fork is not safe (no fork on the
platform, or other threads running, whose locks a fork would copy held), ``finish``
does the same work in the build process, as it was done before.
"""

from __future__ import annotations

import gc
import multiprocessing
import traceback
from multiprocessing.connection import Connection
from typing import Iterable

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from ..forking import fork_is_safe
from ..model import Document, Handbook
from . import search
from .preview import PreviewFile

log = get_plugin_logger("qms")


class ChildWrittenFile(PreviewFile):
    """A standalone file of a site build that the worker writes, with MkDocs' own
    writing code; MkDocs' copy step passes it by."""

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

    def start(self, handbook: Handbook, documents: Iterable[tuple[File, Document]] | None, site_dir: str,
              files: Iterable[ChildWrittenFile]) -> None:
        """Begin writing ``files`` and, unless ``documents`` is None, the search index
        of those documents."""
        self.cancel()
        job = _Job(handbook, None if documents is None else list(documents), site_dir, list(files))
        if not fork_is_safe():
            self.job = job
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_run_in_child, args=(sender, job), name="qms-build-worker",
                                       daemon=True)
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
        process, connection = self.process, self.connection
        self.process = self.connection = None
        try:
            outcome = connection.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            outcome = None
        finally:
            connection.close()
            process.join()
            self._thaw()
        if outcome is None:
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
        self._thaw()

    def _thaw(self) -> None:
        if self.frozen:
            self.frozen = False
            gc.unfreeze()


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
        if self.documents is None:
            return None
        return search.write_search(self.handbook, self.documents, self.site_dir)


def _run_in_child(connection: Connection, job: _Job) -> None:
    try:
        outcome = (True, job.run(), "")
    except BaseException as error:  # every failure goes back to the build, which reports it
        outcome = (False, f"{type(error).__name__}: {error}", traceback.format_exc())
    connection.send(outcome)
    connection.close()
