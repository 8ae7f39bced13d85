"""The search index and standalone files of `mkdocs build`, written by a forked child
while pages render: the same files as written in the build process, its failure is the
build's failure, and no child outlives the build (finished, failed or cancelled)."""

from __future__ import annotations

import datetime as dt
import filecmp
import gc
import multiprocessing
import time
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from conftest import REPOSITORY
from qms_tools.check import check_project
from qms_tools.mkdocs_plugin import search
from qms_tools.mkdocs_plugin.search import SITE_FOLDER, write_search
from qms_tools.mkdocs_plugin import worker as worker_module
from qms_tools.mkdocs_plugin.worker import BuildWorker, ChildWrittenFile
from qms_tools.posters import site_files
from qms_tools.publication import publish


@pytest.fixture(scope="module")
def sample():
    publication = publish(check_project(REPOSITORY, dt.date(2026, 11, 22)))
    handbook = publication.handbook
    documents = [(File(document.content_path, str(handbook.settings.content_root), "site", True), document)
                 for document in handbook.documents]
    return handbook, documents, site_files(publication)


def _standalone(statics, site_dir) -> list[ChildWrittenFile]:
    return [ChildWrittenFile.generated(_Config(site_dir), static.dest_uri, content=static.content)
            for static in statics]


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
    child_files = _standalone(statics, tmp_path / "child")
    worker.start(handbook, documents, str(tmp_path / "child"), child_files)
    assert (worker.process is not None) == forks
    summary = worker.finish()
    assert summary.startswith(f"Sökindex: {len(documents)} dokument")
    assert {"d", "qr", SITE_FOLDER} <= {path.name for path in (tmp_path / "child").iterdir()}
    assert _same_tree(tmp_path / "here", tmp_path / "child")
    assert multiprocessing.active_children() == []
    assert gc.get_freeze_count() == 0  # the build's objects are collectable again


def test_mkdocs_copy_step_leaves_the_files_to_the_worker(sample, tmp_path):
    _, _, statics = sample
    for file in _standalone(statics[:3], tmp_path):
        file.copy_file(dirty=False)
    assert list(tmp_path.iterdir()) == []


def test_without_search_only_the_standalone_files_are_written(sample, tmp_path, forks):
    handbook, _, statics = sample
    worker = BuildWorker()
    worker.start(handbook, None, str(tmp_path), _standalone(statics, tmp_path))
    assert worker.finish() is None
    assert (tmp_path / statics[0].dest_uri).read_text(encoding="utf-8") == statics[0].content
    assert not (tmp_path / SITE_FOLDER).exists()


class _Config:
    """What File.generated reads of a MkDocs config."""

    def __init__(self, site_dir):
        self.site_dir = str(site_dir)
        self.use_directory_urls = True
        self.plugins = SimpleNamespace(_current_plugin="qms")


def test_a_failure_in_the_child_fails_the_build_with_its_reason(sample, tmp_path, forks):
    handbook, documents, statics = sample
    blocked = tmp_path / "site"
    blocked.write_text("a file where the site folder should be", encoding="utf-8")
    worker = BuildWorker()
    worker.start(handbook, documents, str(blocked), _standalone(statics, blocked))
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
