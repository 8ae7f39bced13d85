"""History on real temporary git repositories."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess

import pytest
from conftest import git, write

from qms_tools.runtime import forking
from qms_tools.check.run import check_project
from qms_tools.handbook.findings import Severity
from qms_tools.handbook.history import CACHE_FILE, read_history


def document(document_id: str, title: str) -> str:
    return f"---\nid: {document_id}\ntype: rutin\n---\n# {title}\n"


def test_changes_follow_renames_and_ids_survive_deletion(tmp_path):
    content = tmp_path / "processes"
    write(content / "a.md", document("RUT-A-001", "Första rutinen"))
    write(content / "b.md", document("RUT-B-001", "Andra rutinen"))
    write(tmp_path / "README.md", "not content\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Första versionen")
    (content / "omr").mkdir()
    git(tmp_path, "mv", "processes/a.md", "processes/omr/a-ny.md")
    git(tmp_path, "commit", "-q", "-m", "Flytta rutinen")
    write(content / "omr/a-ny.md", document("RUT-A-001", "Första rutinen, ny titel"))
    git(tmp_path, "commit", "-q", "-am", "Ändra titel")
    git(tmp_path, "rm", "-q", "processes/b.md")
    git(tmp_path, "commit", "-q", "-m", "Ta bort B")
    write(content / "c.md", document("RUT-B-001", "Något helt annat"))
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Återanvänd id")
    write(tmp_path / "README.md", "changed\n")
    git(tmp_path, "commit", "-q", "-am", "Utanför innehållet")

    history = read_history(tmp_path, "processes")

    assert history.commits == 5  # the README-only commit does not touch the content
    assert [c.message for c in history.changes("processes/omr/a-ny.md")] == [
        "Ändra titel", "Flytta rutinen", "Första versionen"]
    assert history.changes("processes/b.md") == []
    assert history.last_change("processes/c.md").author == "Test Testsson"
    first = history.ids["RUT-A-001"]
    assert first.title == "Första rutinen, ny titel"
    assert first.path == "processes/omr/a-ny.md"
    assert first.lineages == {"processes/omr/a-ny.md"}
    reused = history.ids["RUT-B-001"]
    assert reused.lineages == {"processes/c.md", "deleted:processes/b.md"}
    assert reused.deleted_lineages == ["processes/b.md"]
    assert reused.first_seen.message == "Första versionen"


def test_project_in_a_subfolder_of_the_repository(tmp_path):
    write(tmp_path / "handbok/processes/a.md", document("RUT-A-001", "A"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Start")
    history = read_history(tmp_path / "handbok", "processes")
    assert [c.message for c in history.changes("processes/a.md")] == ["Start"]
    assert history.ids["RUT-A-001"].path == "processes/a.md"


def test_not_a_repository_and_empty_repository(tmp_path):
    assert read_history(tmp_path, "processes").is_repository is False
    git(tmp_path, "init", "-q")
    empty = read_history(tmp_path, "processes")
    assert empty.is_repository and empty.commits == 0 and empty.ids == {}


def test_move_and_rewrite_in_one_commit_is_not_a_deleted_lineage(tmp_path):
    content = tmp_path / "processes"
    write(content / "gammal.md", document("RUT-A-001", "Kort") + "Några ord.\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Start")
    (content / "gammal.md").unlink()
    write(content / "ny/plats.md", document("RUT-A-001", "Helt omskriven") + "Allt är nytt här.\n" * 20)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Flytta och skriv om")
    log = git(tmp_path, "log", "-1", "--name-status", "-M", "--format=")
    assert "D\tprocesses/gammal.md" in log  # git itself sees no rename here

    published = read_history(tmp_path, "processes").ids["RUT-A-001"]
    assert published.lineages == {"processes/ny/plats.md"}
    assert published.deleted_lineages == []


# --- The history kept in .cache/qms/ ----------------------------------------------------

@pytest.fixture
def git_calls(tmp_path_factory, monkeypatch):
    """The git subcommands run from here on, through a logging `git` first on PATH."""
    folder = tmp_path_factory.mktemp("git-shim")
    log = folder / "calls.txt"
    shim = folder / "git"
    shim.write_text(f"#!/bin/sh\necho \"$1\" >> '{log}'\nexec '{shutil.which('git')}' \"$@\"\n")
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim.parent}{os.pathsep}{os.environ['PATH']}")

    def calls() -> list[str]:
        found = log.read_text().split() if log.exists() else []
        log.unlink(missing_ok=True)
        return found

    return calls


def handbook_with_history(root):
    content = root / "processes"
    write(root / ".gitignore", ".cache/\n")
    write(content / "a.md", document("RUT-A-001", "Första rutinen"))
    write(content / "b.md", document("RUT-B-001", "Andra rutinen"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Första versionen")
    git(root, "mv", "processes/a.md", "processes/a-ny.md")
    git(root, "commit", "-q", "-m", "Flytta")
    git(root, "rm", "-q", "processes/b.md")
    git(root, "commit", "-q", "-m", "Ta bort B")
    return content


def commit_change(root, name, document_id, title, message):
    write(root / "processes" / name, document(document_id, title))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def assert_as_read_afresh(root):
    kept = read_history(root, "processes")
    assert kept == read_history(root, "processes", use_cache=False)
    return kept


def test_kept_history_is_what_a_full_read_gives_and_saves_git_the_work(tmp_path, git_calls):
    handbook_with_history(tmp_path)
    git_calls()
    first = assert_as_read_afresh(tmp_path)
    assert first.ids["RUT-B-001"].deleted_lineages == ["processes/b.md"]
    assert (tmp_path / CACHE_FILE).is_file()
    git_calls()
    assert read_history(tmp_path, "processes") == first
    assert git_calls() == ["rev-parse"]  # neither the log nor a single blob read again

    commit_change(tmp_path, "c.md", "RUT-C-001", "Tredje", "Lägg till C")
    commit_change(tmp_path, "a-ny.md", "RUT-A-001", "Ny titel", "Byt titel")
    git_calls()
    later = read_history(tmp_path, "processes")
    # Only the two new commits are logged, and only their two new blobs read.
    assert git_calls() == ["rev-parse", "rev-list", "log", "cat-file"]
    assert later == read_history(tmp_path, "processes", use_cache=False)
    assert later.ids["RUT-A-001"].title == "Ny titel" and later.commits == 5


def test_a_rewritten_or_merged_history_is_read_in_full(tmp_path, git_calls):
    handbook_with_history(tmp_path)
    assert_as_read_afresh(tmp_path)
    commit_change(tmp_path, "c.md", "RUT-C-001", "Tredje", "Lägg till C")
    assert_as_read_afresh(tmp_path)

    git(tmp_path, "reset", "-q", "--hard", "HEAD~2")  # back before the kept head
    assert_as_read_afresh(tmp_path)
    commit_change(tmp_path, "d.md", "RUT-D-001", "Fjärde", "Lägg till D")
    git_calls()
    assert_as_read_afresh(tmp_path).ids.keys() == {"RUT-A-001", "RUT-B-001", "RUT-D-001"}
    assert "log" in git_calls()

    git(tmp_path, "commit", "-q", "--amend", "-m", "Lägg till D, omskriven")  # a rebase in small
    assert [change.message for change in assert_as_read_afresh(tmp_path).changes("processes/d.md")] == [
        "Lägg till D, omskriven"]

    # A merge brings in a commit older than the kept head: git lists it after that head.
    body = document("RUT-A-001", "Första rutinen") + "".join(f"Rad {number}.\n" for number in range(12))
    write(tmp_path / "processes/a-ny.md", body)
    git(tmp_path, "commit", "-q", "-am", "Längre text")
    git(tmp_path, "checkout", "-q", "-b", "sido")
    write(tmp_path / "processes/a-ny.md", body.replace("Första rutinen", "Sidogrenens titel"))
    git(tmp_path, "commit", "-q", "-am", "På sidogren", env=dated("2030-01-01T10:00:00"))
    git(tmp_path, "checkout", "-q", "main")
    write(tmp_path / "processes/a-ny.md", body.replace("Rad 11.", "Sista raden."))
    git(tmp_path, "commit", "-q", "-am", "På huvudgren", env=dated("2030-01-02T10:00:00"))
    assert_as_read_afresh(tmp_path)
    git(tmp_path, "merge", "-q", "--no-ff", "-m", "Slå ihop", "sido", env=dated("2030-01-03T10:00:00"))
    merged = assert_as_read_afresh(tmp_path)
    assert [change.message for change in merged.changes("processes/a-ny.md")][:2] == ["På huvudgren", "På sidogren"]


def dated(moment: str) -> dict[str, str]:
    return {**os.environ, "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment}


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b'{"version": "historik 1", "pathspec": "processes", "head": "--output=x", "commits": []}',
    b'{"version": "historik 1", "pathspec": "processes", "head": "HEAD", "commits": [[1, 2, 3]], "blobs": {}}',
    "commits-wrong-types", "head-of-another-history"])
def test_a_damaged_or_foreign_cache_is_read_afresh(tmp_path, damage):
    handbook_with_history(tmp_path)
    expected = read_history(tmp_path, "processes", use_cache=False)
    cache_file = tmp_path / CACHE_FILE
    read_history(tmp_path, "processes")
    kept = json.loads(cache_file.read_text(encoding="utf-8"))
    head = kept["head"]
    if damage == "commits-wrong-types":
        kept["commits"][0][4] = [[None, 7, ["x"]]]
        kept["blobs"] = {"abc": [1, 2]}
        damage = json.dumps(kept).encode()
    elif damage == "head-of-another-history":
        kept["head"] = "1" * 40
        damage = json.dumps(kept).encode()
    elif b"HEAD" in damage:
        damage = damage.replace(b'"HEAD"', f'"{head}"'.encode())
    cache_file.write_bytes(damage)
    assert read_history(tmp_path, "processes") == expected
    assert json.loads(cache_file.read_text(encoding="utf-8"))["head"] == head  # and it is mended


def test_history_git_cannot_read_is_a_warning_and_the_documents_are_still_checked(tmp_path):
    write(tmp_path / "qms.yml", "content_dir: processes\n")
    handbook_with_history(tmp_path)
    oldest = git(tmp_path, "rev-list", "--max-parents=0", "HEAD").strip()
    (tmp_path / ".git" / "objects" / oldest[:2] / oldest[2:]).unlink()  # a damaged repository

    result = check_project(tmp_path, dt.date(2026, 11, 22))

    (warning,) = [finding for finding in result.findings if finding.rule == "history.unreadable"]
    assert warning.severity is Severity.WARNING and oldest in warning.message
    assert {document.id for document in result.handbook.documents} == {"RUT-A-001"}


def long_history(root, commits: int, documents: int) -> None:
    """``commits`` commits with long messages, each rewriting one of ``documents``
    documents with a new title, made in one go by git fast-import."""
    stream = []
    for number in range(commits):
        text = document(f"RUT-L-{number % documents:03}", f"Titel {number}").encode()
        message = f"Ändring {number}: {'lång förklaring ' * 20}".encode()
        stream += [b"commit refs/heads/main", f"mark :{number + 1}".encode(),
                   f"committer Test Testsson <test@example.invalid> {1_700_000_000 + number * 60} +0100".encode(),
                   b"data %d" % len(message), message]
        if number:
            stream.append(f"from :{number}".encode())
        stream += [f"M 100644 inline processes/{number % documents:03}.md".encode(), b"data %d" % len(text), text, b""]
    git(root, "init", "-q")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"\n".join(stream) + b"\n", check=True)
    git(root, "checkout", "-q", "main")


def test_a_long_log_read_as_git_writes_it_misses_no_commit_and_no_blob(tmp_path):
    # A log of many reads from the pipe, and more blob names than the pipe to git
    # cat-file holds while its answers are read.
    long_history(tmp_path, commits=1300, documents=25)
    history = read_history(tmp_path, "processes", use_cache=False)
    assert history.commits == 1300
    for number in range(25):
        published = history.ids[f"RUT-L-{number:03}"]
        assert published.title == f"Titel {1275 + number}"
        assert published.first_seen.message.startswith(f"Ändring {number}:")
        assert len(history.changes(f"processes/{number:03}.md")) == 52


def test_the_history_read_in_a_child_is_the_one_read_in_a_thread(tmp_path, monkeypatch):
    write(tmp_path / "qms.yml", "content_dir: processes\n")
    handbook_with_history(tmp_path)
    commit_change(tmp_path, "c.md", "RUT-B-001", "Återanvänt id", "Nytt dokument med gammalt id")
    today = dt.date(2026, 11, 22)
    # Forked even where a test run earlier left a thread behind (a browser test's web
    # server): reading the history takes no lock that such a thread holds.
    monkeypatch.setattr(forking, "fork_is_safe", lambda: hasattr(os, "fork"))
    made, children = forking.Child, []

    def forked(*arguments, **options):
        children.append(made(*arguments, **options))
        return children[-1]

    monkeypatch.setattr(forking, "Child", forked)
    in_child = check_project(tmp_path, today)
    assert len(children) == int(hasattr(os, "fork"))
    assert (tmp_path / CACHE_FILE).is_file()  # kept by the child for the next run
    kept = check_project(tmp_path, today)
    assert len(children) == int(hasattr(os, "fork"))  # read from the kept file in a thread: no child
    assert kept.findings == in_child.findings
    (tmp_path / CACHE_FILE).unlink()
    monkeypatch.setattr(forking, "fork_is_safe", lambda: False)
    in_thread = check_project(tmp_path, today)
    assert in_child.handbook.history == in_thread.handbook.history
    assert in_child.findings == in_thread.findings
    assert any(finding.path == "processes/c.md" for finding in in_child.findings)  # the reused id


def test_an_older_version_that_becomes_the_newest_gets_its_title_read(tmp_path):
    """Only the newest version of an id has its title read; a reset that makes an older
    version the newest, one kept without its title, has that title read then."""
    write(tmp_path / "processes" / "a.md", document("RUT-A-001", "Gammal titel"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Första versionen")
    commit_change(tmp_path, "a.md", "RUT-A-001", "Ny titel", "Byt titel")
    assert assert_as_read_afresh(tmp_path).ids["RUT-A-001"].title == "Ny titel"
    kept = json.loads((tmp_path / CACHE_FILE).read_text(encoding="utf-8"))
    assert sorted(kept["blobs"].values(), key=str) == [["RUT-A-001", "Ny titel"], ["RUT-A-001", False]]

    git(tmp_path, "reset", "-q", "--hard", "HEAD~1")
    assert assert_as_read_afresh(tmp_path).ids["RUT-A-001"].title == "Gammal titel"
