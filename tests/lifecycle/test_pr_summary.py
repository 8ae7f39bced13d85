"""`qms pr-summary` on a real temporary Git repository with a fixture change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, git

GOLDEN = FIXTURES / "pr_summary" / "expected.md"
# Fixed commit dates make the commit ids, which findings quote, the same on every run.
FIXED_DATES = {**os.environ, "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+01:00",
               "GIT_COMMITTER_DATE": "2026-11-20T10:00:00+01:00"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def pull_request(project, qms) -> Path:
    """The editor fixture on main, and a branch 'forslag' that adds, changes, withdraws,
    renames and deletes documents and touches the role registry."""
    root = project("editor")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Handboken", env=FIXED_DATES)
    git(root, "checkout", "-qb", "forslag")
    content = root / "processes"
    assert qms("new", "rutin", "--process", "PROC-BOU-001", "--title", "Hembesök", "--project", str(root),
               "--today", TODAY).exit_code == 0
    routine = content / "barn-och-unga/orosanmalan.md"
    edit(routine, "registrera den samma dag", "registrera den i verksamhetssystemet samma dag")
    edit(routine, "reviewed: 2026-03-31", "reviewed: 2026-11-20")
    edit(routine, "review_date: 2027-03-31", "review_date: 2027-11-30")
    withdrawn = content / "barn-och-unga/skyddsbedomning.md"
    edit(withdrawn, "status: gällande", "status: upphävd")
    edit(withdrawn, "review_date: 2027-01-31", "replaced_by: RUT-BOU-004")
    git(root, "mv", "processes/ledning/ledningssystem.md", "processes/ledning/ledningssystem-for-kvalitet.md")
    git(root, "rm", "-q", "processes/barn-och-unga/mall-anteckning.md")
    edit(content / "organisation.yml", "name: Eva Ek", "name: Eva Ek Lund")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Förslag", env=FIXED_DATES)
    return root


def test_summary_of_the_working_tree_matches_golden(pull_request, qms):
    result = qms("pr-summary", str(pull_request), "--base", "main", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.output == GOLDEN.read_text(encoding="utf-8")


def test_summary_of_a_head_revision_matches_golden(pull_request, qms):
    git(pull_request, "checkout", "-q", "main")
    result = qms("pr-summary", str(pull_request), "--base", "main", "--head", "forslag", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.output == GOLDEN.read_text(encoding="utf-8")


def test_golden_covers_every_kind_of_change():
    golden = GOLDEN.read_text(encoding="utf-8")
    for heading in ("### Nya dokument", "### Ändrade dokument", "### Upphävda dokument",
                    "### Flyttade eller omdöpta dokument", "### Borttagna dokument", "### Godkännande som behövs",
                    "### Resultat av kontrollen"):
        assert heading in golden
    assert "@eva-ek" in golden and "@kim-kvist" in golden
    assert "process.withdrawn-routine" in golden      # caused in a file the PR did not touch


def test_no_document_changes(pull_request, qms):
    git(pull_request, "checkout", "-q", "main")
    git(pull_request, "checkout", "-qb", "bara-readme")
    (pull_request / "README.md").write_text("Läs mig\n")
    git(pull_request, "add", "README.md")
    git(pull_request, "commit", "-qm", "README")
    result = qms("pr-summary", str(pull_request), "--base", "main", "--today", TODAY)
    assert result.exit_code == 0
    assert "Jämfört med `main`: Inga dokument i handboken ändras." in result.output
    assert "- `README.md`" in result.output
    assert "Utan särskild godkännare (ingen rad i CODEOWNERS): `README.md`." in result.output


def test_unknown_base_is_one_swedish_line(pull_request, qms):
    result = qms("pr-summary", str(pull_request), "--base", "origin/finns-inte", "--today", TODAY)
    assert result.exit_code == 2
    assert "Revisionen 'origin/finns-inte' finns inte" in result.stderr
    assert "fetch-depth: 0" in result.stderr
