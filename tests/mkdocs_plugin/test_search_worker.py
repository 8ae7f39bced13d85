"""The search index of `mkdocs build`, written by a forked child while pages render: the
same files as written in the build process, its failure is the build's failure, and no
child outlives the build (finished, failed or cancelled)."""

from __future__ import annotations

import datetime as dt
import filecmp
import multiprocessing
import threading
import time

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from conftest import REPOSITORY
from qms_tools.check import check_project
from qms_tools.mkdocs_plugin import search
from qms_tools.mkdocs_plugin.search import SITE_FOLDER, IndexWorker, write_search
from qms_tools.publication import publish


@pytest.fixture(scope="module")
def sample():
    handbook = publish(check_project(REPOSITORY, dt.date(2026, 11, 22))).handbook
    documents = [(File(document.content_path, str(handbook.settings.content_root), "site", True), document)
                 for document in handbook.documents]
    return handbook, documents


def _forks() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


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


def test_worker_writes_the_same_index_as_the_build_process(sample, tmp_path):
    handbook, documents = sample
    write_search(handbook, documents, str(tmp_path / "here"))
    worker = IndexWorker()
    worker.start(handbook, documents, str(tmp_path / "child"))
    assert (worker.process is not None) == _forks()
    summary = worker.finish()
    assert summary.startswith(f"Sökindex: {len(documents)} dokument")
    assert _same_tree(tmp_path / "here" / SITE_FOLDER, tmp_path / "child" / SITE_FOLDER)
    assert multiprocessing.active_children() == []


def test_a_failure_in_the_child_fails_the_build_with_its_reason(sample, tmp_path):
    handbook, documents = sample
    blocked = tmp_path / "site"
    blocked.write_text("a file where the site folder should be", encoding="utf-8")
    worker = IndexWorker()
    worker.start(handbook, documents, str(blocked))
    with pytest.raises(PluginError, match=r"^Sökindexet kunde inte skrivas: (FileExistsError|NotADirectoryError)"):
        worker.finish()
    assert multiprocessing.active_children() == []


def _never_done(*arguments):
    time.sleep(600)


def test_a_killed_child_fails_the_build_with_its_exit_code(sample, tmp_path, monkeypatch):
    handbook, documents = sample
    if not _forks():
        pytest.skip("no fork here: the index is written in the build process")
    # A child that is still writing when it dies, whatever the machine's speed.
    monkeypatch.setattr(search, "write_search", _never_done)
    worker = IndexWorker()
    worker.start(handbook, documents, str(tmp_path / "site"))
    worker.process.kill()
    with pytest.raises(PluginError, match="avslutades med kod -9"):
        worker.finish()
    assert multiprocessing.active_children() == []


def test_cancel_stops_and_reaps_the_child(sample, tmp_path, monkeypatch):
    handbook, documents = sample
    monkeypatch.setattr(search, "write_search", _never_done)
    worker = IndexWorker()
    worker.start(handbook, documents, str(tmp_path / "site"))
    worker.cancel()
    assert worker.process is None and multiprocessing.active_children() == []
    with pytest.raises(PluginError, match="skrevs aldrig"):
        worker.finish()
