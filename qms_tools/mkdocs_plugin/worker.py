"""What `mkdocs build` can do on the machine's other core: the blocks each document page
adds around its text, the Markdown of the overview pages, the search index and the
standalone files (permanent links d/<ID>/, QR codes and posters qr/…).

None of them needs anything MkDocs makes after the files are known: the blocks, the
overview pages and the index come from the document model, not from the HTML, and the
standalone files are text of their own. So a forked child makes them from ``on_files``
on while MkDocs renders the pages. No copy of the handbook is sent: the child is a fork
of the build and exits straight after.

What the build takes back (page blocks, overview pages) comes first, in the order
MkDocs renders the pages, in chunks: each chunk is a file in a folder of the build's
own, announced by a short message on the pipe, so the child never waits for the build
to read (a pipe holds only kilobytes) and the build waits only when it gets ahead of
the child, at the first pages. ``take`` answers None for what the child does not make
(then the caller makes it, as without a child).

MkDocs learns of them through its public API only: an overview page is a
``File.generated`` without text whose Markdown ``on_page_read_source`` gives it; the
standalone files are no MkDocs files at all, the child writes them into the site folder
as it writes the search index (MkDocs has nothing to copy, the pages link to them from
their HTML blocks, which MkDocs does not check).

``finish`` waits for the child and raises its failure as the build's; ``cancel`` stops
and reaps it when a build fails or starts again. The child is one of
``runtime.forking``, so no wait for it lasts longer than ``forking.PATIENCE`` and it is
forked only where that is safe and a second core runs it; elsewhere ``finish`` does the
same work in the build process, as it was done before.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import traceback
import weakref
from typing import Any, Callable, Iterable, Sequence

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from qms_tools.runtime import forking
from qms_tools.runtime.forking import Child, ChildFailed, ChildLost, fork_is_safe
from qms_tools.handbook.model import Document, Handbook
from qms_tools.publishing.pages import PlannedPage
from qms_tools.publishing.posters import save_caches
from qms_tools.publishing.static_site import StaticFile, write_files
from qms_tools.mkdocs_plugin import search

log = get_plugin_logger("qms")


Maker = Callable[[], Any]
"""Makes one value the build takes back: picklable, from the document model only."""

FIRST_CHUNK = 8
"""Values in the first chunk: the build renders its first pages meanwhile."""
CHUNK = 128


class BuildWorker:
    def __init__(self) -> None:
        self.child: Child[str | None] | None = None
        self.job: _Job | None = None
        self.chunks: str | None = None
        """The folder the child leaves what it made in."""
        self.remove_chunks: weakref.finalize | None = None
        """Removes that folder once: when the build is done with it, or when Python exits
        (an interrupted build)."""
        self.coming: set[str] = set()
        """Keys of what the child makes and the build has not taken yet."""
        self.received: dict[str, Any] = {}
        self.outcome: tuple[bool, Any] | BaseException | None = None
        """The child's last word when it came while the build waited for a value: (True,
        its answer), or the ``ChildFailed`` or ``ChildLost`` it ended with."""

    def start(self, handbook: Handbook, documents: Iterable[tuple[File, Document]] | None, site_dir: str,
              files: Iterable[StaticFile], made: Sequence[tuple[str, Maker]] = ()) -> None:
        """Begin making the values of ``made`` (key, how to make it), in the order the
        build will take them; then writing ``files`` into the site folder and, unless
        ``documents`` is None, the search index of those documents."""
        self.cancel()
        job = _Job(handbook, None if documents is None else list(documents), site_dir, list(files))
        if not fork_is_safe():
            self.job = job
            return
        self.chunks = tempfile.mkdtemp(prefix="qms-sidblock-")
        self.remove_chunks = weakref.finalize(self, shutil.rmtree, self.chunks, ignore_errors=True)
        # keep_heap: the handbook and the pages so far are shared with the child until
        # either writes to them; a cycle collection would write to all of them (gigabytes
        # copied at 10,000 documents).
        try:
            self.child = Child(_run_in_child, job, list(made), self.chunks, keep_heap=True)
        except OSError:
            self.job = job
            self._clear()
            return
        self.coming = {key for key, _ in made}

    @property
    def process(self):
        """The child's process while it runs (for tests and logs)."""
        return self.child.process if self.child is not None else None

    def take(self, key: str) -> Any:
        """What the child made for ``key``, waiting for it if need be; None when the
        child does not make it (no child, another key, taken already, or the child
        failed: ``finish`` reports that)."""
        if key not in self.coming:
            return None
        self.coming.discard(key)
        while key not in self.received and self.outcome is None:
            try:
                done, value = self.child.receive()
            except (ChildFailed, ChildLost) as error:
                self.outcome = error
                break
            if done:
                self.outcome = (True, value)
            else:
                with open(value, "rb") as chunk:
                    self.received.update(pickle.load(chunk))
                os.unlink(value)
        return self.received.pop(key, None)

    def finish(self) -> str | None:
        """Wait until everything is written; the search index's summary line, if any."""
        if self.child is None:
            if self.job is None:
                raise PluginError("Sökindexet och QR-filerna skrevs aldrig: bygget startade dem inte.")
            job, self.job = self.job, None
            try:
                return job.run()
            except Exception as error:
                log.debug(traceback.format_exc())
                raise PluginError(f"{_FAILED}: {type(error).__name__}: {error}") from error
        child, outcome = self.child, self.outcome
        try:
            if outcome is None:
                outcome = (True, child.result())
        except (ChildFailed, ChildLost) as error:
            outcome = error
        finally:
            self._clear()
        if isinstance(outcome, ChildFailed):
            log.debug(outcome.details)
            raise PluginError(f"{_FAILED}: {outcome}")
        if isinstance(outcome, ChildLost):
            raise PluginError(f"{_FAILED}: {outcome}.")
        return outcome[1]

    def cancel(self) -> None:
        """Stop a running child (the build failed or starts again) and reap it."""
        self.job = None
        self._clear()

    def _clear(self) -> None:
        if self.child is not None:
            self.child.stop()
        if self.remove_chunks is not None:
            self.remove_chunks()
        self.child, self.chunks, self.remove_chunks, self.coming, self.received, self.outcome = \
            None, None, None, set(), {}, None


_FAILED = ("Sökindexet eller dokumentsidornas block, översiktssidorna, permanenta länkar och QR-filer kunde inte "
           "skrivas")


class _Job:
    def __init__(self, handbook: Handbook, documents: list[tuple[File, Document]] | None, site_dir: str,
                 files: list[StaticFile]):
        self.handbook = handbook
        self.documents = documents
        self.site_dir = site_dir
        self.files = files

    def run(self) -> str | None:
        write_files(self.site_dir, self.files)
        if self.files:
            save_caches(self.handbook)
        if self.documents is None:
            return None
        return search.write_search(self.handbook, self.documents, self.site_dir)


def _run_in_child(job: _Job, made: list[tuple[str, Maker]], folder: str) -> str | None:
    _send_made(made, folder)
    return job.run()


def _send_made(made: list[tuple[str, Maker]], folder: str) -> None:
    start, size = 0, FIRST_CHUNK
    while start < len(made):
        chunk = {key: make() for key, make in made[start:start + size]}
        path = os.path.join(folder, f"{start}.pickle")
        with open(path + ".part", "wb") as output:
            pickle.dump(chunk, output, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(path + ".part", path)
        forking.send(path)
        start, size = start + size, CHUNK
