"""The one way the package runs git: one error type whose Swedish message names the
command and the repository, and git's messages in English whatever the locale."""

from __future__ import annotations

import os
import pickle

import pytest
from conftest import git as git_for_test, write

from qms_tools.runtime import git


@pytest.fixture
def repository(tmp_path):
    write(tmp_path / "a.md", "---\nid: RUT-A-001\n---\n")
    git_for_test(tmp_path, "init", "-q")
    git_for_test(tmp_path, "add", "-A")
    git_for_test(tmp_path, "commit", "-q", "-m", "Första")
    return tmp_path


def test_a_failure_names_the_command_the_repository_and_what_git_said(repository, monkeypatch):
    # A locale in which git speaks Swedish ("ödesdigert: …"): here it must speak English.
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("LANGUAGE", "sv")
    with pytest.raises(git.GitError) as raised:
        git.run(repository, "rev-parse", "--verify", "finns-inte^{commit}")
    error = raised.value
    assert (error.command, error.repository) == ("rev-parse", repository)
    assert str(error) == f"git rev-parse misslyckades i {repository}: {error.reason}"
    assert error.reason == "fatal: Needed a single revision"
    assert pickle.loads(pickle.dumps(error)).args == error.args  # crosses from a forked child whole


def test_run_status_and_stream(repository):
    head = git.run(repository, "rev-parse", "HEAD").decode().strip()
    assert git.status(repository, "diff", "--quiet") == 0
    write(repository / "a.md", "ändrad\n")
    assert git.status(repository, "diff", "--quiet") == 1
    with git.stream(repository, "log", "--format=%H") as output:
        assert output.read().decode().split() == [head]
    with pytest.raises(git.GitError, match="git log misslyckades"):
        with git.stream(repository, "log", "finns-inte") as output:
            output.read()


def test_blobs_are_answered_in_the_order_asked_and_unknown_names_passed_over(repository):
    blob = git.run(repository, "rev-parse", "HEAD:a.md").decode().strip()
    stream = git.BlobStream(repository)
    stream.ask([blob, "0" * 40, blob])
    stream.close()
    assert list(stream.answers()) == [(blob, b"---\nid: RUT-A-001\n---\n")] * 2
    stream.finish()


def test_where_there_is_no_repository_or_no_commit(tmp_path):
    assert git.head(tmp_path) == git.Head(None, None)
    git_for_test(tmp_path, "init", "-q")
    assert git.head(tmp_path) == git.Head(tmp_path.resolve(), None)


def test_a_missing_folder_is_never_read_as_the_current_one(tmp_path):
    with pytest.raises(git.GitError, match="mappen finns inte"):
        git.run(tmp_path / "saknas", "status")


def test_git_missing_is_a_git_error(repository, monkeypatch):
    monkeypatch.setenv("PATH", str(repository))  # no git there
    monkeypatch.setattr("git.Git.GIT_PYTHON_GIT_EXECUTABLE", "git")
    with pytest.raises(git.GitError) as raised:
        git.run(repository, "status")
    assert raised.value.reason == git.NO_GIT
    assert os.environ["PATH"] == str(repository)
