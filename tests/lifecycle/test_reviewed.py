"""`qms reviewed ID`: one honest commit that changes exactly `reviewed` and `review_date`,
on a real temporary Git repository."""

from __future__ import annotations

import pytest

from conftest import TODAY, git, read_only

from qms_tools.lifecycle.reviewed import edited_text

CASE = "review-lifecycle"


@pytest.fixture
def repository(project):
    root = project(CASE)
    git(root, "init", "-q")
    git(root, "config", "user.name", "Redaktör Test")
    git(root, "config", "user.email", "redaktor@example.invalid")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "config", "core.autocrlf", "false")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Handboken")
    return root


def changed_lines(root, path):
    """(removed, added) lines of the last commit, for one file."""
    diff = git(root, "show", "--format=", "--unified=0", "HEAD", "--", path).splitlines()
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


def test_one_commit_with_the_message_and_exactly_two_lines_changed(repository, qms):
    before = (repository / "processes/omr/forsenad.md").read_text(encoding="utf-8")
    result = qms("reviewed", "RUT-OMR-001", str(repository), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert "Granskad utan ändringar: RUT-OMR-001 (nästa granskning 2027-11-22)" in result.output
    assert git(repository, "log", "-1", "--format=%s") .strip() == \
        "Granskad utan ändringar: RUT-OMR-001 (nästa granskning 2027-11-22)"
    assert git(repository, "rev-list", "--count", "HEAD").strip() == "2"
    assert git(repository, "show", "--format=", "--name-only", "HEAD").split() == ["processes/omr/forsenad.md"]
    assert changed_lines(repository, "processes/omr/forsenad.md") == (
        ["reviewed: 2025-10-01", "review_date: 2026-10-01   # granskas varje höst"],
        ["reviewed: 2026-11-22", "review_date: 2027-11-22   # granskas varje höst"])
    after = (repository / "processes/omr/forsenad.md").read_text(encoding="utf-8")
    assert [pair for pair in zip(before.splitlines(), after.splitlines()) if pair[0] != pair[1]] == [
        ("reviewed: 2025-10-01", "reviewed: 2026-11-22"),
        ("review_date: 2026-10-01   # granskas varje höst", "review_date: 2027-11-22   # granskas varje höst")]
    assert git(repository, "status", "--porcelain") == ""
    # The review shows in the check: no longer overdue.
    check = qms("check", str(repository), "--today", TODAY, "--format", "json").json()
    assert not [f for f in check["findings"] if f["path"] == "processes/omr/forsenad.md"]


def test_interval_by_type_and_a_missing_reviewed_line(repository, qms):
    assert qms("reviewed", "CHK-OMR-001", str(repository), "--today", TODAY).exit_code == 0
    assert git(repository, "log", "-1", "--format=%s").strip() == \
        "Granskad utan ändringar: CHK-OMR-001 (nästa granskning 2027-05-22)"  # checklista: 6 months
    assert qms("reviewed", "RUT-OMR-002", str(repository), "--today", TODAY).exit_code == 0
    # No `reviewed` line yet: it is added above review_date, and the quotes stay.
    assert changed_lines(repository, "processes/omr/snart.md") == (
        ['review_date: "2026-12-10"'], ["reviewed: 2026-11-22", 'review_date: "2027-11-22"'])


def test_windows_line_endings_stay(repository, qms):
    path = repository / "processes/omr/process.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    git(repository, "commit", "-q", "-am", "CRLF")
    assert qms("reviewed", "PROC-OMR-001", str(repository), "--today", TODAY).exit_code == 0
    raw = path.read_bytes()
    assert b"reviewed: 2026-11-22\r\nreview_date: 2027-11-22\r\n" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")


@pytest.mark.parametrize("document_id, message", [
    ("RUT-OMR-005", "RUT-OMR-005 är utkast, inte gällande"),
    ("RUT-OMR-006", "RUT-OMR-006 är upphävd, inte gällande"),
    ("RUT-OMR-01", "inget dokument med id 'RUT-OMR-01' i processes/. Menade du 'RUT-OMR-001'?"),
])
def test_refuses_documents_that_are_not_in_force_or_unknown(repository, qms, document_id, message):
    head = git(repository, "rev-parse", "HEAD")
    result = qms("reviewed", document_id, str(repository), "--today", TODAY)
    assert result.exit_code == 2 and message in result.stderr
    assert git(repository, "rev-parse", "HEAD") == head


def test_refuses_when_the_file_has_other_changes(repository, qms):
    path = repository / "processes/omr/forsenad.md"
    head = git(repository, "rev-parse", "HEAD")
    path.write_text(path.read_text(encoding="utf-8") + "\nEn ny mening.\n", encoding="utf-8")
    git(repository, "add", "processes/omr/forsenad.md")
    staged = qms("reviewed", "RUT-OMR-001", str(repository), "--today", TODAY)
    assert staged.exit_code == 2 and "köade för incheckning" in staged.stderr
    git(repository, "restore", "--staged", "processes/omr/forsenad.md")
    unstaged = qms("reviewed", "RUT-OMR-001", str(repository), "--today", TODAY)
    assert unstaged.exit_code == 2 and "inte är incheckade" in unstaged.stderr
    assert git(repository, "rev-parse", "HEAD") == head
    assert path.read_text(encoding="utf-8").endswith("En ny mening.\n")


def test_other_staged_files_stay_out_of_the_commit(repository, qms):
    other = repository / "processes/omr/snart.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nÄndrat.\n", encoding="utf-8")
    git(repository, "add", "processes/omr/snart.md")
    assert qms("reviewed", "RUT-OMR-001", str(repository), "--today", TODAY).exit_code == 0
    assert git(repository, "show", "--format=", "--name-only", "HEAD").split() == ["processes/omr/forsenad.md"]
    assert git(repository, "diff", "--cached", "--name-only").split() == ["processes/omr/snart.md"]


def test_a_failed_commit_leaves_the_file_as_it_was(repository, qms):
    hook = repository / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'stoppad av krok' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    path = repository / "processes/omr/forsenad.md"
    before = path.read_bytes()
    result = qms("reviewed", "RUT-OMR-001", str(repository), "--today", TODAY)
    assert result.exit_code == 2 and "Incheckningen misslyckades och dokumentet är återställt" in result.stderr
    assert path.read_bytes() == before
    assert git(repository, "status", "--porcelain") == ""


def test_outside_git_and_twice_the_same_day(project, repository, qms):
    plain = project("minimal")
    result = qms("reviewed", "RUT-OMR-001", str(plain), "--today", TODAY)
    assert result.exit_code == 2 and "är inget Git-arkiv" in result.stderr
    assert qms("reviewed", "RUT-OMR-001", str(repository), "--today", TODAY).exit_code == 0
    again = qms("reviewed", "RUT-OMR-001", str(repository), "--today", TODAY)
    assert again.exit_code == 2 and "redan registrerad i dag" in again.stderr


def test_a_value_that_cannot_be_edited_safely_is_refused(repository, qms):
    path = repository / "processes/omr/forsenad.md"
    path.write_text(path.read_text(encoding="utf-8").replace("review_date: 2026-10-01   # granskas varje höst",
                                                             "review_date: [2026-10-01]"), encoding="utf-8")
    git(repository, "commit", "-q", "-am", "Konstigt datum")
    result = qms("reviewed", "RUT-OMR-001", str(repository), "--today", TODAY)
    assert result.exit_code == 2
    assert "processes/omr/forsenad.md:8: raden för 'review_date' har en form som inte kan ändras" in result.stderr
    assert git(repository, "status", "--porcelain") == ""


def test_edited_text_keeps_everything_else():
    from qms_tools.handbook.model import Document, ReviewPolicy
    import datetime as dt
    text = "---\nid: X\nreviewed: '2025-01-01'  # senast\nreview_date: 2026-01-01\n---\n# X\n"
    document = Document("p.md", "p.md", ReviewPolicy(dt.date(2026, 11, 22)), key_lines={"id": 2, "reviewed": 3, "review_date": 4})
    assert edited_text(text, document, dt.date(2026, 11, 22), dt.date(2027, 11, 22)) == \
        "---\nid: X\nreviewed: '2026-11-22'  # senast\nreview_date: 2027-11-22\n---\n# X\n"


def test_a_review_date_written_on_the_next_line(repository, qms):
    path = repository / "processes/omr/forsenad.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "review_date: 2026-10-01   # granskas varje höst", "review_date:   # granskas varje höst\n  2026-10-01"),
        encoding="utf-8")
    git(repository, "commit", "-q", "-am", "Datumet på egen rad")
    result = qms("reviewed", "RUT-OMR-001", str(repository), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert changed_lines(repository, "processes/omr/forsenad.md") == (
        ["reviewed: 2025-10-01", "  2026-10-01"], ["reviewed: 2026-11-22", "  2027-11-22"])


def test_a_value_that_would_change_meaning_is_not_committed(repository, qms):
    """A plain value continued on the next line: replacing the first line alone would
    have committed review_date "2027-11-22 2026" (the old code did)."""
    path = repository / "processes/omr/forsenad.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "review_date: 2026-10-01   # granskas varje höst", "review_date: 2026-10-01\n  2026"), encoding="utf-8")
    git(repository, "commit", "-q", "-am", "Datum över två rader")
    head = git(repository, "rev-parse", "HEAD")
    before = path.read_bytes()
    result = qms("reviewed", "RUT-OMR-001", str(repository), "--today", TODAY)
    assert result.exit_code == 2
    assert ("processes/omr/forsenad.md: granskningen kunde inte skrivas in utan att något annat i front-matter "
            "ändrades.") in result.stderr
    assert git(repository, "rev-parse", "HEAD") == head and path.read_bytes() == before


def test_an_unwritable_file_is_named_in_swedish(repository, qms):
    path = repository / "processes/omr/forsenad.md"
    head = git(repository, "rev-parse", "HEAD")
    before = path.read_bytes()
    with read_only(path):
        result = qms("reviewed", "RUT-OMR-001", str(repository), "--today", TODAY)
    assert result.exit_code == 2
    assert result.stderr.startswith("qms: processes/omr/forsenad.md kunde inte skrivas: ")
    assert "behörighet saknas" in result.stderr and "Traceback" not in result.stderr + result.output
    assert git(repository, "rev-parse", "HEAD") == head and path.read_bytes() == before
