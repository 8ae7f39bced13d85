"""History on real temporary git repositories."""

from __future__ import annotations

from conftest import git

from qms_tools.history import read_history


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


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
