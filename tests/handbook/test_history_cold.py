"""History read without the cache, on real temporary git repositories.

The newest version of a document is read from the working tree where the file there
holds exactly that blob; every other version from git. Each case is therefore also read
in a clone without a checkout, where git answers for every blob, and both must be equal.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest
from conftest import git, write

from qms_tools.runtime import git as runtime_git
from qms_tools.check.run import check_project
from qms_tools.handbook.history import read_history

TODAY = dt.date(2026, 11, 22)


def document(document_id: str, title: str, body: str = "Text.\n") -> str:
    return f"---\nid: {document_id}\ntype: rutin\n---\n# {title}\n\n{body}"


def commit(root, message: str, env: dict | None = None) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message, env=env)


def read_by_git_alone(root, tmp_path_factory):
    """The history as git alone tells it: a clone with nothing checked out."""
    clone = tmp_path_factory.mktemp("utan-utcheckning") / "klon"
    git(root.parent, "clone", "-q", "--no-checkout", str(root), str(clone))
    return read_history(clone, "processes", use_cache=False)


def assert_as_git_alone(root, tmp_path_factory):
    history = read_history(root, "processes", use_cache=False)
    assert history == read_by_git_alone(root, tmp_path_factory)
    return history


@pytest.fixture
def repository(tmp_path):
    root = tmp_path / "handbok"
    root.mkdir()
    git(root, "init", "-q")
    return root


def test_id_title_and_path_changes_are_all_published(repository, tmp_path_factory):
    content = repository / "processes"
    write(content / "a.md", document("RUT-A-001", "Första titeln"))
    commit(repository, "Första")
    write(content / "a.md", document("RUT-A-001", "Andra titeln"))
    commit(repository, "Ny titel")
    write(content / "a.md", document("RUT-A-002", "Andra titeln"))
    commit(repository, "Nytt id")
    git(repository, "mv", "processes/a.md", "processes/b.md")
    commit(repository, "Flytta")
    write(content / "b.md", "---\nid: RUT-A-002\ntitle: 'Titel i front matter'\n---\n# Rubrik\n")
    commit(repository, "Titel i front matter")

    history = assert_as_git_alone(repository, tmp_path_factory)

    old, new = history.ids["RUT-A-001"], history.ids["RUT-A-002"]
    assert (old.title, old.path, old.last_seen.message, old.first_seen.message) == (
        "Andra titeln", "processes/a.md", "Ny titel", "Första")
    assert (new.title, new.path, new.last_seen.message, new.first_seen.message) == (
        "Titel i front matter", "processes/b.md", "Titel i front matter", "Nytt id")
    assert old.lineages == new.lineages == {"processes/b.md"}
    assert [change.message for change in history.changes("processes/b.md")] == [
        "Titel i front matter", "Flytta", "Nytt id", "Ny titel", "Första"]


def test_the_newest_versions_are_read_from_the_working_tree_not_from_git(repository, monkeypatch):
    content = repository / "processes"
    write(content / "a.md", document("RUT-A-001", "Första titeln"))
    commit(repository, "Första")
    write(content / "a.md", document("RUT-A-001", "Andra titeln"))
    write(content / "b.md", document("RUT-B-001", "Andra rutinen"))
    commit(repository, "Andra")
    asked_of_git: list[str] = []
    ask = runtime_git.BlobStream.ask
    monkeypatch.setattr(runtime_git.BlobStream, "ask",
                        lambda reader, blobs: (asked_of_git.extend(blobs), ask(reader, blobs))[1])

    history = read_history(repository, "processes", use_cache=False)

    def blob(revision: str) -> str:
        return git(repository, "rev-parse", revision).strip()

    assert history.ids["RUT-A-001"].title == "Andra titeln"
    assert asked_of_git == [blob("HEAD~1:processes/a.md")]  # the checked-out files were read as they are


def test_deleted_and_restored_file(repository, tmp_path_factory):
    content = repository / "processes"
    write(content / "a.md", document("RUT-A-001", "Rutinen"))
    write(content / "b.md", document("RUT-B-001", "Borttagen"))
    commit(repository, "Första")
    git(repository, "rm", "-q", "processes/a.md", "processes/b.md")
    commit(repository, "Ta bort båda")
    git(repository, "checkout", "HEAD~1", "--", "processes/a.md")
    commit(repository, "Återställ A")

    history = assert_as_git_alone(repository, tmp_path_factory)

    assert history.ids["RUT-A-001"].path == "processes/a.md"
    assert history.ids["RUT-A-001"].last_seen.message == "Återställ A"
    assert history.ids["RUT-B-001"].deleted_lineages == ["processes/b.md"]
    assert history.ids["RUT-B-001"].last_seen.message == "Första"


def test_merge_with_a_resolution_of_its_own(repository, tmp_path_factory):
    content = repository / "processes"
    body = "".join(f"Rad {number}.\n" for number in range(10))
    write(content / "a.md", document("RUT-A-001", "Start", body))
    commit(repository, "Start")
    git(repository, "checkout", "-q", "-b", "sido")
    write(content / "a.md", document("RUT-A-001", "Sidogrenens titel", body))
    write(content / "c.md", document("RUT-C-001", "Från sidogrenen"))
    commit(repository, "På sidogren")
    git(repository, "checkout", "-q", "main")
    write(content / "a.md", document("RUT-A-001", "Huvudgrenens titel", body))
    commit(repository, "På huvudgren")
    subprocess.run(["git", "merge", "-q", "sido"], cwd=repository, capture_output=True)  # a conflict
    write(content / "a.md", document("RUT-A-001", "Löst i sammanslagningen", body))
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "--no-edit")

    history = assert_as_git_alone(repository, tmp_path_factory)

    # git log names no blob of a merge: the resolution is no version of its own.
    assert history.ids["RUT-A-001"].title in {"Sidogrenens titel", "Huvudgrenens titel"}
    assert history.ids["RUT-C-001"].path == "processes/c.md"
    assert history.commits == 4


def test_versions_that_are_not_front_matter_are_read_without_failing(repository, tmp_path_factory):
    content = repository / "processes"
    versions = [b"\xff\xfe inte text", b"---\nid: [oavslutad\n", b"---\nid: RUT-A-001\nutan slut\n# R\n",
                b"Ingen front matter\n", b"", b"---\r\nid: RUT-A-002\r\n---\r\n# Windows\r\n",
                document("RUT-A-003", "Giltig").encode()]
    for number, version in enumerate(versions):
        write(content / "a.md", version)
        commit(repository, f"Version {number}")
    write(repository / "qms.yml", "content_dir: processes\n")
    commit(repository, "Inställningar")

    history = assert_as_git_alone(repository, tmp_path_factory)

    # As the loader reads them: front-matter that never ends has no id; CRLF is read.
    assert set(history.ids) == {"RUT-A-002", "RUT-A-003"}
    assert history.ids["RUT-A-002"].title == "Windows"
    result = check_project(repository, TODAY)
    assert [document.id for document in result.handbook.documents] == ["RUT-A-003"]
    assert result.handbook.history.ids.keys() == {"RUT-A-002", "RUT-A-003"}


def test_a_commit_of_many_files(repository, tmp_path_factory):
    content = repository / "processes"
    for number in range(400):
        write(content / f"omr-{number % 7}" / f"{number:03}.md", document(f"RUT-M-{number:03}", f"Rutin {number}"))
    commit(repository, "Importera")
    for number in range(0, 400, 3):
        write(content / f"omr-{number % 7}" / f"{number:03}.md", document(f"RUT-M-{number:03}", f"Ny {number}"))
    commit(repository, "Ändra var tredje")

    history = assert_as_git_alone(repository, tmp_path_factory)

    assert len(history.ids) == 400
    assert history.ids["RUT-M-003"].title == "Ny 3" and history.ids["RUT-M-004"].title == "Rutin 4"
    assert history.ids["RUT-M-003"].first_seen.message == "Importera"


def test_a_working_tree_that_differs_from_the_commit_is_not_read(repository, tmp_path_factory):
    content = repository / "processes"
    for name in ("andrad", "mapp", "lank", "rad", "ror"):
        write(content / f"{name}.md", document(f"RUT-{name.upper()}-001", f"Incheckad {name}"))
    commit(repository, "Första")
    write(content / "andrad.md", document("RUT-OINCHECKAD-001", "Inte incheckad"))
    (content / "mapp.md").unlink()
    (content / "mapp.md").mkdir()
    (content / "lank.md").unlink()
    (content / "lank.md").symlink_to("andrad.md")
    if hasattr(os, "mkfifo"):
        (content / "ror.md").unlink()
        os.mkfifo(content / "ror.md")  # must not keep the reading waiting
    # Line endings converted at checkout: the file is no longer the blob git keeps.
    write(repository / ".gitattributes", "*.md text eol=crlf\n")
    (content / "rad.md").unlink()
    git(repository, "checkout", "--", "processes/rad.md")
    assert (content / "rad.md").read_bytes().count(b"\r\n") > 3

    history = assert_as_git_alone(repository, tmp_path_factory)

    assert {published.title for published in history.ids.values()} == {
        f"Incheckad {name}" for name in ("andrad", "mapp", "lank", "rad", "ror")}


def test_kept_history_after_a_read_from_the_working_tree_grows_as_a_full_read(repository):
    content = repository / "processes"
    write(repository / ".gitignore", ".cache/\n")
    write(content / "a.md", document("RUT-A-001", "Första"))
    commit(repository, "Första")
    read_history(repository, "processes")  # kept, partly read from the working tree
    write(content / "a.md", document("RUT-A-001", "Andra"))
    write(content / "b.md", document("RUT-B-001", "Ny"))
    commit(repository, "Andra")
    assert read_history(repository, "processes") == read_history(repository, "processes", use_cache=False)
    git(repository, "reset", "-q", "--hard", "HEAD~1")
    assert read_history(repository, "processes") == read_history(repository, "processes", use_cache=False)
    write(content / "a.md", document("RUT-A-009", "Omskriven"))
    commit(repository, "Omskriven")
    git(repository, "commit", "-q", "--amend", "-m", "Omskriven igen")  # a rebase in small
    kept = read_history(repository, "processes")
    assert kept == read_history(repository, "processes", use_cache=False)
    assert set(kept.ids) == {"RUT-A-001", "RUT-A-009"}
    assert kept.ids["RUT-A-009"].last_seen.message == "Omskriven igen"
