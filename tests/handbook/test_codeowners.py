"""CODEOWNERS from owners and the role registry, and `codeowners.stale` in `qms check`."""

from __future__ import annotations

import datetime as dt
import re

from conftest import FIXTURES, TODAY, git, read_only

from qms_tools.handbook import codeowners
from qms_tools.handbook.loader import load
from qms_tools.handbook.settings import load_settings

CASE = "review-lifecycle"
GOLDEN = FIXTURES / CASE / "CODEOWNERS.golden"


def handbook_of(path, today=TODAY):
    return load(path, dt.date.fromisoformat(today)).handbook


def test_generated_codeowners_matches_golden_file(project):
    assert codeowners.generate(handbook_of(project(CASE))) == GOLDEN.read_text(encoding="utf-8")


def test_owners_fallbacks_and_quality_files(project):
    lines = codeowners.generate(handbook_of(project(CASE))).splitlines()
    # Owners are separated by spaces; a space in a path is escaped with a backslash.
    owners = {fields[0]: fields[1:] for fields in (re.split(r"(?<!\\) ", line) for line in lines)
              if fields[0].startswith("/")}
    # The process document is approved by the process owner (both of the holder's accounts).
    assert owners["/processes/omr/process.md"] == ["@anna-a", "@anna-andersson"]
    assert owners["/processes/omr/forsenad.md"] == ["@bo-b"]
    # Vacant role, departed holder and a holder without account fall back to the quality role.
    for path in ("/processes/omr/vakant.md", "/processes/omr/checklista\\ uppföljning.md",
                 "/processes/omr/utan-konto.md"):
        assert owners[path] == ["@kim-kvist"], path
    for path in ("/processes/organisation.yml", "/qms.yml", "/qms_tools/data/", "/docs/", "/.github/CODEOWNERS",
                 "/.github/workflows/", "/.devcontainer/"):
        assert owners[path] == ["@kim-kvist"], path
    # The last matching line wins: the catch-all first, the quality unit's files last.
    paths = list(owners)
    assert paths[0] == "/processes/" and paths[-7:] == ["/processes/organisation.yml", "/qms.yml",
                                                        "/qms_tools/data/", "/docs/", "/.github/CODEOWNERS",
                                                        "/.github/workflows/", "/.devcontainer/"]
    vacant = lines.index("/processes/omr/vakant.md @kim-kvist")
    assert lines[vacant - 1] == ("# Enhetschef B (enhetschef-b) är vakant. Kvalitetssamordnare (kvalitetssamordnare) "
                                 "godkänner tills vidare.")


def test_quality_role_defaults_to_kvalitetschef_and_is_configurable(project):
    assert load_settings(project("minimal"))[0].quality_role == "kvalitetschef"
    assert load_settings(project(CASE))[0].quality_role == "kvalitetssamordnare"


def test_nobody_to_fall_back_to_is_said_and_leaves_the_path_without_owners(project):
    root = project(CASE)
    registry = root / "processes/organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "    holder:\n      name: Kim Kvist\n      github: [kim-kvist]\n", "    holder: null\n", 1), encoding="utf-8")
    lines = codeowners.generate(handbook_of(root)).splitlines()
    assert "/processes/omr/vakant.md" in lines
    assert "/.github/CODEOWNERS" in lines
    assert any("kvalitetsrollen är inte tillsatt: ingen kan godkänna ändringar" in line for line in lines)


def test_cli_writes_the_file_once(project, qms):
    root = project(CASE)
    first = qms("codeowners", str(root), "--today", TODAY)
    assert first.exit_code == 0 and "Skrev .github/CODEOWNERS" in first.output
    assert (root / ".github/CODEOWNERS").read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    second = qms("codeowners", str(root), "--today", TODAY)
    assert second.exit_code == 0 and "redan aktuell" in second.output


def test_cli_names_a_folder_it_cannot_write(project, qms):
    root = project(CASE)
    (root / ".github").mkdir()
    with read_only(root / ".github"):
        result = qms("codeowners", str(root), "--today", TODAY)
    assert result.exit_code == 2
    assert result.stderr.startswith("qms: .github/CODEOWNERS kunde inte skrivas: skrivbehörighet saknas")
    assert "Traceback" not in result.stderr + result.output


def check_findings(qms, root, today=TODAY):
    result = qms("check", str(root), "--today", today, "--format", "json")
    return result.exit_code, [f for f in result.json()["findings"] if f["rule"] == "codeowners.stale"]


def test_staleness_in_a_git_repository(project, qms):
    root = project(CASE)
    git(root, "init", "-q")
    assert qms("codeowners", str(root), "--today", TODAY).exit_code == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Handbok med CODEOWNERS")
    assert check_findings(qms, root) == (0, [])

    # A new holder for Enhetschef A: CODEOWNERS is now wrong, and check says where and what to do.
    registry = root / "processes/organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("[bo-b]", "[ny-chef]"), encoding="utf-8")
    exit_code, stale = check_findings(qms, root)
    assert exit_code == 1
    first_changed = GOLDEN.read_text(encoding="utf-8").splitlines().index("/processes/omr/forsenad.md @bo-b") + 1
    assert [(f["path"], f["line"], f["severity"]) for f in stale] == [(".github/CODEOWNERS", first_changed, "error")]
    assert "qms codeowners" in stale[0]["message"]

    assert qms("codeowners", str(root), "--today", TODAY).exit_code == 0
    assert check_findings(qms, root) == (0, [])
    changed = git(root, "diff", "--name-only").split()
    assert changed == [".github/CODEOWNERS", "processes/organisation.yml"]
    diff = git(root, "diff", "--unified=0", "--", ".github/CODEOWNERS")
    removed = [line for line in diff.splitlines() if line.startswith("-/")]
    assert removed == ["-/processes/omr/forsenad.md @bo-b", "-/processes/omr/snart.md @bo-b",
                       "-/processes/omr/upphavd.md @bo-b", "-/processes/omr/utkast.md @bo-b"]


def test_a_holder_leaving_makes_codeowners_stale_on_that_day_as_a_warning(project, qms):
    """The calendar alone never blocks (tests/check/rules/test_codeowners_calendar.py has the rest)."""
    root = project(CASE)
    registry = root / "processes/organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "      github: [bo-b]\n", "      github: [bo-b]\n      until: 2026-12-31\n"), encoding="utf-8")
    assert qms("codeowners", str(root), "--today", TODAY).exit_code == 0
    exit_code, notice = check_findings(qms, root, "2026-12-31")
    assert exit_code == 0 and [(f["path"], f["severity"]) for f in notice] == [("processes/organisation.yml", "warning")]
    exit_code, stale = check_findings(qms, root, "2027-01-01")
    assert exit_code == 0 and [(f["path"], f["severity"]) for f in stale] == [(".github/CODEOWNERS", "warning")]


def test_edited_by_hand_is_stale_and_missing_file_is_not_checked(project, qms):
    root = project(CASE)
    assert check_findings(qms, root) == (0, [])  # no CODEOWNERS: the project does not use it
    target = root / ".github/CODEOWNERS"
    target.parent.mkdir()
    target.write_text(GOLDEN.read_text(encoding="utf-8") + "/docs/ @someone\n", encoding="utf-8")
    exit_code, stale = check_findings(qms, root)
    assert exit_code == 1 and stale[0]["line"] == len(GOLDEN.read_text(encoding="utf-8").splitlines()) + 1
    # Windows line endings alone do not make it stale.
    target.write_bytes(GOLDEN.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    assert check_findings(qms, root) == (0, [])
