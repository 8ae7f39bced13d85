"""The approval record: `qms approvals --fetch` on a real Git repository, asking a stand-in
`gh` that serves recorded answers of GitHub's REST API (the shapes of
`GET /repos/{owner}/{repo}/commits/{sha}/pulls` and `GET /repos/{owner}/{repo}/pulls/{n}/reviews`,
trimmed to the fields GitHub documents), then the built site's document headers and the
report.

One history holds every case: a change approved by the owner whose approver has since
left, one approved by someone without the owner role, one the author approved with a
second account, one merged without approval (an administrator's bypass), commits pushed
with no pull request; and the same history with no network.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, git
from github_stand_in import FakeGitHub
from mkdocs_plugin.test_build import build_site

from qms_tools.handbook.approvals import LEDGER_FILE, read_ledger

REPOSITORY = "testby/handbok"
MISSING = "Fastställd: uppgift saknas"


def pull(number: int, author: str, merge_commit: str, merged_at: str) -> dict:
    return {"url": f"https://api.github.com/repos/{REPOSITORY}/pulls/{number}", "id": 1000 + number,
            "html_url": f"https://github.com/{REPOSITORY}/pull/{number}", "number": number, "state": "closed",
            "title": f"Ändring {number}", "user": {"login": author, "type": "User"},
            "created_at": "2026-03-01T08:00:00Z", "closed_at": merged_at, "merged_at": merged_at,
            "merge_commit_sha": merge_commit, "base": {"ref": "main"}, "head": {"ref": f"andring-{number}"}}


def review(login: str, state: str, submitted_at: str, commit: str) -> dict:
    return {"id": abs(hash((login, submitted_at))) % 10**8, "user": {"login": login, "type": "User"},
            "body": "", "state": state, "submitted_at": submitted_at, "commit_id": commit,
            "author_association": "MEMBER"}


def commit_change(project: Path, path: str, line: str, message: str) -> str:
    file = project / path
    file.write_text(file.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", message)
    return git(project, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def handbook_history(tmp_path_factory):
    """The small handbook with six commits and GitHub's recorded answers for them."""
    project = tmp_path_factory.mktemp("godkannanden") / "handbok"
    shutil.copytree(FIXTURES / "site_small", project)
    registry = project / "processes/organisation.yml"
    # Anna has a second account: an approval from it is her own.
    registry.write_text(registry.read_text(encoding="utf-8").replace("github: [anna-a]",
                                                                     "github: [anna-a, anna-andersson]"),
                        encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Första versionen")
    first = git(project, "rev-parse", "HEAD").strip()
    owner_approved = commit_change(project, "processes/omsorg/mottagning.md", "Ring tillbaka samma dag.",
                                   "Förtydliga mottagningen")
    other_role = commit_change(project, "processes/omsorg/lakemedel.md", "Signera varje given dos.",
                               "Signering av läkemedel")
    self_approved = commit_change(project, "processes/omsorg/hemtjanst.md", "Följ upp varje kvartal.",
                                  "Uppföljning i processen")
    bypassed = commit_change(project, "processes/stod/diarieforing.md", "Diarieför inom en dag.",
                             "Diarieföring inom en dag")
    # Bo Berg leaves; Dana Dahl becomes the unit's manager (pushed directly, no pull request).
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "name: Bo Berg\n      github: [bo-b]", "name: Dana Dahl\n      github: [dana-d]"), encoding="utf-8")
    git(project, "commit", "-q", "-am", "Ny enhetschef i hemtjänsten")
    registry_change = git(project, "rev-parse", "HEAD").strip()
    api = {
        f"repos/{REPOSITORY}/commits/{first}/pulls": [],
        f"repos/{REPOSITORY}/commits/{registry_change}/pulls": [],
        f"repos/{REPOSITORY}/commits/{owner_approved}/pulls": [
            pull(11, "anna-a", owner_approved, "2026-03-02T10:15:00Z")],
        f"repos/{REPOSITORY}/pulls/11/reviews?per_page=100": [
            review("bo-b", "CHANGES_REQUESTED", "2026-03-01T15:00:00Z", owner_approved),
            review("bo-b", "APPROVED", "2026-03-02T09:58:00Z", owner_approved)],
        f"repos/{REPOSITORY}/commits/{other_role}/pulls": [
            pull(12, "bo-b", other_role, "2026-04-10T12:00:00Z")],
        f"repos/{REPOSITORY}/pulls/12/reviews?per_page=100": [
            review("anna-a", "APPROVED", "2026-04-10T11:00:00Z", other_role)],
        f"repos/{REPOSITORY}/commits/{self_approved}/pulls": [
            pull(13, "anna-a", self_approved, "2026-05-05T09:00:00Z")],
        f"repos/{REPOSITORY}/pulls/13/reviews?per_page=100": [
            review("anna-andersson", "APPROVED", "2026-05-05T08:30:00Z", self_approved)],
        f"repos/{REPOSITORY}/commits/{bypassed}/pulls": [
            pull(14, "cc", bypassed, "2026-06-01T16:00:00Z")],
        f"repos/{REPOSITORY}/pulls/14/reviews?per_page=100": [
            review("bo-b", "COMMENTED", "2026-06-01T15:00:00Z", bypassed)],
    }
    return project, api


def stand_in(project: Path, api: dict, folder: Path, offline: bool = False) -> tuple[Path, FakeGitHub]:
    """A copy of the project and the stand-in gh serving ``api``."""
    target = folder / "handbok"
    shutil.copytree(project, target)
    github = FakeGitHub(folder)
    github.write({"labels": [], "issues": [], "api": api, "offline": offline})
    return target, github


def fetched(project: Path, api: dict, tmp_path: Path, qms, offline: bool = False):
    target, github = stand_in(project, api, tmp_path, offline)
    result = qms("approvals", str(target), "--fetch", "--format", "json", env=github.environment())
    return target, result, github


def header(built, path: str) -> str:
    page = built.page(path)
    found = re.search(r'<p class="qms-approval">(.*?)</p>', page, re.DOTALL)
    assert found, f"no approval line on {path}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip()


@pytest.fixture(scope="module")
def built_with_ledger(handbook_history, tmp_path_factory, request):
    from click.testing import CliRunner
    from qms_tools.cli import main

    project, api = handbook_history
    target, github = stand_in(project, api, tmp_path_factory.mktemp("hamtat"))
    result = CliRunner().invoke(main, ["approvals", str(target), "--fetch", "--all", "--format", "json"],
                                env=github.environment(), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return target, json.loads(result.stdout), github, build_site(target, target / "site", strict=True)


def test_the_owner_approval_names_the_role_and_the_holder_then(built_with_ledger):
    *_, built = built_with_ledger
    # Bo Berg has left since; he held the owner role when he approved.
    assert header(built, "omsorg/mottagning") == "Fastställd av Enhetschef hemtjänst (Bo Berg), 2026-03-02"
    assert f'href="https://github.com/{REPOSITORY}/pull/11"' in built.page("omsorg/mottagning")


def test_an_approval_by_another_role_is_flagged(built_with_ledger):
    *_, built = built_with_ledger
    assert header(built, "omsorg/lakemedel") == (
        "Fastställd av Processägare omsorg (Anna Andersson), 2026-04-10 "
        "Godkänd av någon som inte hade ägarrollen när ändringen godkändes.")


def test_the_author_approving_with_a_second_account_is_flagged(built_with_ledger):
    *_, built = built_with_ledger
    assert header(built, "omsorg/hemtjanst") == (
        "Fastställd av Processägare omsorg (Anna Andersson), 2026-05-05 Författaren godkände sin egen ändring.")


def test_a_merge_without_approval_and_a_direct_push_are_flagged(built_with_ledger):
    *_, built = built_with_ledger
    bypass = "Ändringen kom in utan godkännande (en administratör gick förbi granskningen)."
    assert header(built, "stod/diarieforing") == f"Fastställd: inget godkännande (pull request 14) {bypass}"
    assert header(built, "omsorg/nyckelhantering") == f"Fastställd: inget godkännande {bypass}"


def test_the_report_lists_every_flag(built_with_ledger):
    _, rows, github, _ = built_with_ledger
    by_id = {row["id"]: row for row in rows}
    assert by_id["RUT-OMS-001"]["flags"] == [] and by_id["RUT-OMS-001"]["approver"] == "bo-b"
    assert by_id["RUT-OMS-001"]["roles"] == ["enhetschef-hemtjanst"]
    assert by_id["RUT-OMS-002"]["flags"] == ["not-owner"]
    assert by_id["PROC-OMS-001"]["flags"] == ["self-approved"]
    assert by_id["RUT-STO-001"]["flags"] == ["unapproved"]
    assert by_id["RUT-STO-001"]["pull"] == f"https://github.com/{REPOSITORY}/pull/14"
    assert by_id["RUT-OMS-003"]["flags"] == ["unapproved"] and by_id["RUT-OMS-003"]["pull"] is None
    # One question per commit and one per pull request, read-only.
    endpoints = [call[3] for call in github.calls()]
    assert len(endpoints) == 6 + 4 and len(set(endpoints)) == len(endpoints)
    assert all(call[:3] == ["api", "--method", "GET"] for call in github.calls())


def test_a_second_fetch_asks_nothing_it_knows(built_with_ledger, qms):
    target, _, github, _ = built_with_ledger
    github.log.write_text("", encoding="utf-8")
    result = qms("approvals", str(target), "--fetch", env=github.environment())
    assert result.exit_code == 0
    assert github.calls() == []
    # Not the draft (approved by nobody yet), nor the owner's approval.
    assert result.output.startswith("Godkännanden: 6 versioner flaggade, 0 utan uppgift.")
    assert "RUT-OMS-004" not in result.output and "RUT-OMS-001" not in result.output
    assert "processes/omsorg/lakemedel.md: RUT-OMS-002 – Fastställd av Processägare omsorg (Anna Andersson), " \
           f"2026-04-10 (https://github.com/{REPOSITORY}/pull/12)" in result.output


def test_without_network_the_build_succeeds_and_says_the_fact_is_missing(handbook_history, tmp_path, qms):
    project, api = handbook_history
    target, result, _ = fetched(project, api, tmp_path, qms, offline=True)
    assert result.exit_code == 0
    assert "Varning: gh api --method misslyckades" in result.stderr and "error connecting to api.github.com" in result.stderr
    assert all(row["known"] is False for row in json.loads(result.output))
    assert read_ledger(target).commits == {}
    built = build_site(target, target / "site", strict=True)
    assert not built.aborted
    assert header(built, "omsorg/mottagning") == MISSING


def test_a_fetch_cut_short_keeps_what_it_learnt_and_goes_on_next_time(handbook_history, tmp_path, qms):
    target, github = stand_in(*handbook_history, tmp_path)
    first = qms("approvals", str(target), "--fetch", "--max-requests", "3", env=github.environment())
    assert first.exit_code == 0
    assert "kvar" in first.stderr
    assert len(github.calls()) == 3
    assert (target / LEDGER_FILE).is_file()
    known = set(read_ledger(target).commits)
    assert 1 <= len(known) < 6
    github.log.write_text("", encoding="utf-8")
    qms("approvals", str(target), "--fetch", env=github.environment())
    assert set(read_ledger(target).commits) > known
    assert len(read_ledger(target).commits) == 6
    assert not any(call[3].endswith(tuple(known)) for call in github.calls() if "/commits/" in call[3])


@pytest.mark.parametrize("workflow_name", ["deploy.yml", "publicera.yml"])
def test_the_deploy_workflow_step_fills_the_ledger(handbook_history, tmp_path, workflow_name):
    from test_workflows import HANDBOOK_WORKFLOWS, WORKFLOWS, steps, workflow

    project, api = handbook_history
    target, github = stand_in(project, api, tmp_path)
    folder = WORKFLOWS if workflow_name == "deploy.yml" else HANDBOOK_WORKFLOWS
    step = next(step for step in steps(workflow(folder / workflow_name)) if step.get("name") == "Hämta godkännanden")
    assert step["env"] == {"GH_TOKEN": "${{ github.token }}", "GH_REPO": "${{ github.repository }}"}
    result = github.run_step(step["run"], target, GH_REPO=REPOSITORY)
    assert result.returncode == 0, result.stderr
    assert len(read_ledger(target).commits) == 6
    # Without network the step still passes, so the site is built.
    github.write({"labels": [], "issues": [], "api": api, "offline": True})
    shutil.rmtree(target / ".cache")
    result = github.run_step(step["run"], target, GH_REPO=REPOSITORY)
    assert result.returncode == 0 and "uppgift saknas" in result.stderr
