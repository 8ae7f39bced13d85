"""The page blocks, search index and standalone files of `mkdocs build`, made by a forked
child while pages render: the same blocks and files as made in the build process, its
failure is the build's failure, and no child outlives the build (finished, failed or
cancelled)."""

from __future__ import annotations

import datetime as dt
import filecmp
import functools
import gc
import multiprocessing
import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from conftest import REPOSITORY, git
from test_build import build_site, copy_fixture
from qms_tools.check.run import check_project
from qms_tools.handbook.history import History
from qms_tools.mkdocs_plugin import search
from qms_tools.runtime import forking
from qms_tools.mkdocs_plugin.search import SITE_FOLDER, write_search
from qms_tools.mkdocs_plugin import worker as worker_module
from qms_tools.mkdocs_plugin.worker import BuildWorker
from qms_tools.publishing.pages.document import DocumentView, PageAddress, page_blocks
from qms_tools.publishing.posters import site_files
from qms_tools.publishing.qr import CACHE_FILE as QR_CACHE
from qms_tools.publishing.publication import publish


@pytest.fixture(scope="module")
def sample():
    publication = publish(check_project(REPOSITORY, dt.date(2026, 11, 22)))
    handbook = publication.handbook
    documents = [(File(document.content_path, str(handbook.settings.content_root), "site", True), document)
                 for document in handbook.documents]
    return handbook, documents, site_files(publication)


@pytest.fixture(params=[True, False], ids=["forked child", "build process"])
def forks(request, monkeypatch) -> bool:
    """Both ways of writing, whatever threads earlier tests left running (a browser
    test's web server would otherwise keep the worker from forking for the rest of
    the session); the child never touches those threads' locks."""
    monkeypatch.setattr(worker_module, "fork_is_safe", lambda: request.param)
    return request.param


def _same_tree(left, right) -> bool:
    comparison = filecmp.dircmp(left, right)
    stack = [comparison]
    while stack:
        current = stack.pop()
        if current.left_only or current.right_only or current.diff_files or current.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(current.left, current.right, current.common_files, shallow=False)
        if mismatch or errors:
            return False
        stack.extend(current.subdirs.values())
    return True


def test_worker_writes_the_same_files_as_the_build_process(sample, tmp_path, forks):
    handbook, documents, statics = sample
    write_search(handbook, documents, str(tmp_path / "here"))
    for static in statics:
        File.copy_file(File.generated(_Config(tmp_path / "here"), static.dest_uri, content=static.content))
    worker = BuildWorker()
    worker.start(handbook, documents, str(tmp_path / "child"), statics)
    assert (worker.process is not None) == forks
    summary = worker.finish()
    assert summary.startswith(f"Sökindex: {len(documents)} dokument")
    assert {"d", "qr", SITE_FOLDER} <= {path.name for path in (tmp_path / "child").iterdir()}
    assert _same_tree(tmp_path / "here", tmp_path / "child")
    assert multiprocessing.active_children() == []
    assert gc.get_freeze_count() == 0  # the build's objects are collectable again


def test_without_search_only_the_standalone_files_are_written(sample, tmp_path, forks):
    handbook, _, statics = sample
    worker = BuildWorker()
    worker.start(handbook, None, str(tmp_path), statics)
    assert worker.finish() is None
    assert (tmp_path / statics[0].dest_uri).read_text(encoding="utf-8") == statics[0].content
    assert not (tmp_path / SITE_FOLDER).exists()


class _Config:
    """What MkDocs' File.generated reads of its config (MkDocs reads the private
    attribute; the plugin never does)."""

    def __init__(self, site_dir):
        self.site_dir = str(site_dir)
        self.use_directory_urls = True
        self.plugins = SimpleNamespace(_current_plugin="qms")


def test_a_failure_in_the_child_fails_the_build_with_its_reason(sample, tmp_path, forks):
    handbook, documents, statics = sample
    blocked = tmp_path / "site"
    blocked.write_text("a file where the site folder should be", encoding="utf-8")
    worker = BuildWorker()
    worker.start(handbook, documents, str(blocked), statics)
    with pytest.raises(PluginError, match=r"^Sökindexet eller .* kunde inte skrivas: (FileExistsError|NotADirectoryError)"):
        worker.finish()
    assert multiprocessing.active_children() == []


def _never_done(*arguments):
    time.sleep(600)


def _writing_forever(sample, tmp_path, monkeypatch) -> BuildWorker:
    """A worker whose forked child is still writing, whatever the machine's speed."""
    handbook, documents, _ = sample
    monkeypatch.setattr(worker_module, "fork_is_safe", lambda: True)
    monkeypatch.setattr(search, "write_search", _never_done)
    worker = BuildWorker()
    worker.start(handbook, documents, str(tmp_path / "site"), [])
    return worker


def test_a_killed_child_fails_the_build_with_its_exit_code(sample, tmp_path, monkeypatch):
    worker = _writing_forever(sample, tmp_path, monkeypatch)
    worker.process.kill()
    with pytest.raises(PluginError, match="avslutades med kod -9"):
        worker.finish()
    assert multiprocessing.active_children() == []


def test_cancel_stops_and_reaps_the_child(sample, tmp_path, monkeypatch):
    worker = _writing_forever(sample, tmp_path, monkeypatch)
    worker.cancel()
    assert worker.process is None and multiprocessing.active_children() == []
    assert gc.get_freeze_count() == 0
    with pytest.raises(PluginError, match="skrevs aldrig"):
        worker.finish()


def _pages(handbook, documents) -> list:
    """Each document page's blocks, as the plugin asks the worker to make them."""
    def make(document):
        address = PageAddress(lambda target: f"/{target}", f"https://example.invalid/{document.content_path}")
        return page_blocks(DocumentView(document, handbook, handbook.history or History(), address))

    return [(file.src_uri, functools.partial(make, document)) for file, document in documents]


def test_the_child_makes_each_pages_blocks_as_the_build_would(sample, tmp_path, forks):
    handbook, documents, _ = sample
    pages = _pages(handbook, documents)
    worker = BuildWorker()
    worker.start(handbook, None, str(tmp_path), [], pages)
    chunks = worker.chunks
    # The last page first: the build may ask in another order than the child makes them.
    asked = {src_uri: worker.take(src_uri) for src_uri, _ in [pages[-1], *pages[:-1]]}
    if forks:
        assert asked == {src_uri: make() for src_uri, make in pages}
        assert len(pages) > worker_module.FIRST_CHUNK + 1  # more than one chunk came back
    else:  # without a child the build makes them itself
        assert set(asked.values()) == {None}
    assert worker.take(pages[0][0]) is None  # handed over once
    worker.finish()
    assert chunks is None or not os.path.exists(chunks)


def test_a_page_the_child_cannot_make_fails_the_build_and_the_build_makes_the_rest(sample, tmp_path, monkeypatch):
    handbook, documents, _ = sample
    monkeypatch.setattr(worker_module, "fork_is_safe", lambda: True)
    pages = _pages(handbook, documents)[:20]

    def broken():
        raise ValueError("trasig sida")

    pages[12] = (pages[12][0], broken)
    worker = BuildWorker()
    worker.start(handbook, None, str(tmp_path), [], pages)
    chunks = worker.chunks
    assert worker.take(pages[0][0]) == pages[0][1]()
    assert worker.take(pages[15][0]) is None
    with pytest.raises(PluginError, match="ValueError: trasig sida"):
        worker.finish()
    assert multiprocessing.active_children() == [] and not os.path.exists(chunks)


def test_a_child_killed_while_making_blocks_fails_the_build(sample, tmp_path, monkeypatch):
    handbook, documents, _ = sample
    monkeypatch.setattr(worker_module, "fork_is_safe", lambda: True)
    pages = [(src_uri, _never_done) for src_uri, _ in _pages(handbook, documents)[:3]]
    worker = BuildWorker()
    worker.start(handbook, None, str(tmp_path), [], pages)
    worker.process.kill()
    assert worker.take(pages[0][0]) is None
    with pytest.raises(PluginError, match="avslutades med kod -9"):
        worker.finish()
    assert multiprocessing.active_children() == []


def test_a_silent_child_keeps_no_page_waiting_beyond_the_patience(sample, tmp_path, monkeypatch):
    handbook, documents, _ = sample
    monkeypatch.setattr(worker_module, "fork_is_safe", lambda: True)
    monkeypatch.setattr(forking, "PATIENCE", 1.0)
    pages = [(src_uri, _never_done) for src_uri, _ in _pages(handbook, documents)[:3]]
    worker = BuildWorker()
    worker.start(handbook, None, str(tmp_path), [], pages)
    started = time.monotonic()
    assert worker.take(pages[0][0]) is None  # the build makes the page itself
    assert worker.take(pages[1][0]) is None
    assert time.monotonic() - started < 30
    with pytest.raises(PluginError, match="tyst i 1 s"):
        worker.finish()
    assert multiprocessing.active_children() == []


def test_a_build_with_the_worker_makes_the_same_site_as_without(tmp_path, monkeypatch):
    project = copy_fixture(tmp_path / "handbok")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Första versionen")
    codes = project / QR_CACHE
    for forked in (True, False):
        codes.unlink(missing_ok=True)
        monkeypatch.setattr(worker_module, "fork_is_safe", lambda: forked)
        assert not build_site(project, tmp_path / f"site-{forked}", strict=True).aborted
        assert codes.is_file()  # the codes made are kept for the next build, by the child too
    assert (tmp_path / "site-True/d/RUT-OMS-001/index.html").is_file()
    assert (tmp_path / "site-True/qr/RUT-OMS-001/kod.svg").is_file()
    assert _same_tree(tmp_path / "site-True", tmp_path / "site-False")
    assert multiprocessing.active_children() == []


INTERRUPTED_BUILD = """
import sys, time
from qms_tools.mkdocs_plugin import worker
worker.fork_is_safe = lambda: True
build = worker.BuildWorker()
build.start(None, None, sys.argv[1], [], [("a.md", lambda: time.sleep(600))])
print(build.chunks, build.process.pid, flush=True)
sys.exit(3)  # as an interrupted build leaves: no finish, no cancel
"""


def test_an_interrupted_build_leaves_no_child_and_no_folder(tmp_path):
    done = subprocess.run([sys.executable, "-c", INTERRUPTED_BUILD, str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 3, done.stderr
    folder, pid = done.stdout.split()
    assert not os.path.exists(folder)
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid), 0)
