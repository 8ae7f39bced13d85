"""The GitHub workflows, this repository's and those `qms init` writes for a handbook: they
pass actionlint, they do what the editor guide says, the review workflow's shell steps
apply an issue plan so that a second run changes nothing, and the pull request check
annotates only the files the pull request changes.

GitHub itself cannot be reached here, so the steps run against a stand-in `gh` that keeps
issues and labels in a JSON file, knows the files of one pull request, and refuses options
the real one lacks; the steps' own shell, jq and `qms` are the real ones.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPOSITORY, TODAY, required_tool
from github_stand_in import FakeGitHub

WORKFLOWS = REPOSITORY / ".github" / "workflows"
HANDBOOK_WORKFLOWS = REPOSITORY / "qms_tools" / "templates" / "init" / "dot-github" / "workflows"
LABELS = REPOSITORY / ".github" / "labels.json"
CASE = "review-lifecycle"
REVIEW_WORKFLOWS = [WORKFLOWS / "review.yml", HANDBOOK_WORKFLOWS / "granskning.yml"]
CHECK_WORKFLOWS = [WORKFLOWS / "pr.yml", HANDBOOK_WORKFLOWS / "kontroll.yml"]


def workflow(name: str | Path) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job["steps"]]


def uses(data: dict) -> list[str]:
    return [step["uses"] for step in steps(data) if "uses" in step]


def run_commands(data: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(data))


def test_workflows_pass_actionlint():
    actionlint = required_tool("actionlint")
    files = sorted(str(path) for path in [*WORKFLOWS.glob("*.yml"), *HANDBOOK_WORKFLOWS.glob("*.yml")])
    assert [Path(file).name for file in files] == [
        "agare.yml", "deploy.yml", "forslag.yml", "granskad.yml", "nyaste.yml", "pr.yml", "rattningar.yml",
        "release.yml", "review.yml",
        "agare.yml", "forslag.yml", "granskad.yml", "granskning.yml", "kontroll.yml", "publicera.yml",
        "rattningar.yml"]
    result = subprocess.run([actionlint, "-no-color", *files], cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


ALL_WORKFLOWS = sorted([*WORKFLOWS.glob("*.yml"), *HANDBOOK_WORKFLOWS.glob("*.yml")])
UNTRUSTED_EVENTS = {"pull_request_target", "issues", "issue_comment"}
"""Events whose runs get a token that can write while what they act on comes from anyone."""


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_every_workflow_is_least_privilege_and_says_why_it_is_safe(path):
    data = workflow(path)
    text = path.read_text(encoding="utf-8")
    header = text[:text.index("\nname:")]
    assert "# Säkerhet:" in header, "the comment at the top explains the safety model"
    # Nothing is written with the workflow-wide token: each job names what it may write.
    assert all(value == "read" for value in data["permissions"].values()), data["permissions"]
    for name, job in data["jobs"].items():
        for step in job["steps"]:
            # Values reach a script through env:, never pasted into it (no script injection).
            assert "${{" not in step.get("run", ""), f"{name}: {step.get('name')}"
    assert "secrets." not in text or not UNTRUSTED_EVENTS & set(data["on"])


@pytest.mark.parametrize("path", [path for path in ALL_WORKFLOWS
                                  if UNTRUSTED_EVENTS & set(workflow(path)["on"])], ids=lambda path: path.name)
def test_workflows_with_a_write_token_never_check_out_what_a_pull_request_contains(path):
    data = workflow(path)
    for job in data["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout"):
                assert "ref" not in step.get("with", {}), "the default branch's files, never the pull request's"
        commands = "\n".join(step.get("run", "") for step in job["steps"])
        assert re.fullmatch(r"qms github [a-z-]+ --event \"\$GITHUB_EVENT_PATH\"",
                            job["steps"][-1]["run"].strip()), "the work is one qms command reading the event"
        assert "pip install" in commands and "refs/pull" not in commands
    assert data["concurrency"]["cancel-in-progress"] in (True, False)


@pytest.mark.parametrize("name", ["forslag.yml", "agare.yml", "granskad.yml", "rattningar.yml"])
def test_this_repository_runs_the_same_editor_workflows_as_a_handbook(name):
    """Only the install step and the name of the check workflow differ."""
    ours, theirs = workflow(WORKFLOWS / name), workflow(HANDBOOK_WORKFLOWS / name)
    assert ours["jobs"][next(iter(ours["jobs"]))]["env"].get("QMS_CHECK_WORKFLOW") in (None, "pr.yml")
    for data in (ours, theirs):
        for job in data["jobs"].values():
            job.get("env", {}).pop("QMS_CHECK_WORKFLOW", None)
            for step in job["steps"]:
                if step.get("name") == "Installera qms" or step.get("uses", "").startswith("actions/setup-python"):
                    step.clear()
    assert ours == theirs


def test_check_workflows_can_be_started_on_a_branch_the_editor_workflows_made():
    """A branch pushed with the workflow token starts no pull_request run; the editor
    workflows start the check by workflow_dispatch instead."""
    for path in CHECK_WORKFLOWS:
        assert "workflow_dispatch" in workflow(path)["on"]
    for name in ["forslag.yml", "agare.yml", "granskad.yml"]:
        assert workflow(HANDBOOK_WORKFLOWS / name)["jobs"][next(iter(workflow(HANDBOOK_WORKFLOWS / name)["jobs"]))][
            "env"]["QMS_CHECK_WORKFLOW"] == "kontroll.yml"
        assert (HANDBOOK_WORKFLOWS / "kontroll.yml").exists() and (WORKFLOWS / "pr.yml").exists()


def test_actions_are_on_current_majors():
    """Node 20 leaves GitHub's runners; these majors run on Node 24."""
    current = {"actions/checkout": "v5", "actions/setup-python": "v6", "actions/cache": "v5",
               "actions/configure-pages": "v6", "actions/upload-pages-artifact": "v5", "actions/deploy-pages": "v5",
               "actions/upload-artifact": "v7", "actions/download-artifact": "v8",
               "pypa/gh-action-pypi-publish": "release/v1"}
    for path in [*WORKFLOWS.glob("*.yml"), *HANDBOOK_WORKFLOWS.glob("*.yml")]:
        for action in uses(workflow(path)):
            name, version = action.split("@")
            assert current.get(name) == version, f"{path.name}: {action}"


def test_pip_cache_is_keyed_on_the_lock():
    for path in [*WORKFLOWS.glob("*.yml"), *HANDBOOK_WORKFLOWS.glob("*.yml")]:
        for step in steps(workflow(path)):
            if step.get("uses", "").startswith("actions/setup-python"):
                assert step["with"]["cache"] == "pip"
                assert step["with"]["cache-dependency-path"].startswith("requirements/"), path.name


def test_actionlint_really_reports_problems(tmp_path):
    actionlint = required_tool("actionlint")
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.nonexistent_context_value }}\n", encoding="utf-8")
    result = subprocess.run([actionlint, "-no-color", str(broken)], capture_output=True, text=True)
    assert result.returncode == 1 and "broken.yml:6" in result.stdout


def test_pull_request_workflow_checks_summarises_builds_and_tests():
    data = workflow("pr.yml")
    assert "pull_request" in data["on"]
    commands = run_commands(data)
    assert 'qms check --format github --changed "$changed" --summary "$GITHUB_STEP_SUMMARY"' in commands
    assert 'qms pr-summary --base "$BASE_SHA" >> "$GITHUB_STEP_SUMMARY"' in commands
    assert "mkdocs build --strict" in commands
    # The three generators of issue 23 build the site on every change.
    assert "properdocs build --strict" in commands
    assert 'qms export "$RUNNER_TEMP/zensical"' in commands and "zensical build --clean" in commands
    assert 'qms export "$RUNNER_TEMP/zensical" --finish' in commands
    assert "python -m pytest" in commands
    assert "python -m pip install --require-hashes -r requirements/lock.txt" in commands
    # Branch protection names these checks; renaming them silently unprotects main.
    assert [job["name"] for job in data["jobs"].values()] == ["Kontroll", "Webbplats", "Ändrade delar", "Tester"]
    assert data["permissions"] == {"contents": "read"}
    # A content-only pull request skips the tool's tests (a skipped required check passes).
    assert data["jobs"]["tests"]["if"] == "${{ needs.changes.outputs.tool == 'true' }}"


def test_handbook_check_installs_the_pinned_tool_and_runs_no_tool_tests():
    data = workflow(HANDBOOK_WORKFLOWS / "kontroll.yml")
    assert [job["name"] for job in data["jobs"].values()] == ["Kontroll", "Webbplats"]
    commands = run_commands(data)
    assert "pytest" not in commands and "pip install -e" not in commands
    for job in data["jobs"].values():
        install = next(step["run"] for step in job["steps"] if step.get("name") == "Installera qms")
        assert install.split("\n")[:2] == [
            "python -m pip install --require-hashes --no-deps -r requirements/lock.txt",
            "python -m pip install --no-deps -r requirements/qms.txt"]


@pytest.mark.parametrize("name", ["deploy.yml", HANDBOOK_WORKFLOWS / "publicera.yml"])
def test_deploy_workflow_publishes_nightly_with_the_permissions_each_step_needs(name):
    data = workflow(name)
    assert data["on"]["push"]["branches"] == ["main"]
    assert [entry["cron"] for entry in data["on"]["schedule"]] == ["23 2 * * *"]
    assert "actions/upload-pages-artifact@v5" in uses(data) and "actions/deploy-pages@v5" in uses(data)
    assert "mkdocs build --strict" in run_commands(data)
    # configure-pages reads the Pages settings: on a private repository that needs pages: read.
    # pull-requests: read lets `qms approvals --fetch` read who approved each version.
    assert data["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read", "pull-requests": "read"}
    names = [step.get("name") for step in data["jobs"]["build"]["steps"]]
    assert names.index("Hämta godkännanden") < names.index("Bygg webbplatsen")
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert data["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    # GitHub disables a schedule after 60 days without activity; enabling it again keeps it.
    keepalive = data["jobs"]["keepalive"]
    assert keepalive["permissions"] == {"actions": "write"}
    assert keepalive["if"] == "${{ github.event_name == 'schedule' }}"
    enabled = re.search(r"for workflow in ([^;]+); do", keepalive["steps"][0]["run"]).group(1).split()
    folder = WORKFLOWS if name == "deploy.yml" else HANDBOOK_WORKFLOWS
    scheduled = sorted(path.name for path in folder.glob("*.yml") if "schedule" in workflow(path)["on"])
    assert sorted(enabled) == scheduled


def test_release_workflow_builds_checks_and_publishes_by_trusted_publishing():
    data = workflow("release.yml")
    assert data["on"]["push"]["tags"] == ["v*"]
    commands = run_commands(data)
    assert "python -m build" in commands and "python -m twine check --strict dist/*" in commands
    assert data["jobs"]["pypi"]["permissions"] == {"id-token": "write"}
    assert data["jobs"]["pypi"]["environment"]["name"] == "pypi"
    assert "pypa/gh-action-pypi-publish@release/v1" in uses(data)


@pytest.mark.parametrize("path", REVIEW_WORKFLOWS, ids=lambda path: path.name)
def test_review_workflow_runs_daily_and_by_hand(path):
    data = workflow(path)
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    assert data["jobs"]["reminders"]["permissions"]["issues"] == "write"
    assert "qms review --plan-issues issues.json" in run_commands(data)


def test_the_review_workflows_differ_only_in_how_they_install_the_tool():
    ours, theirs = (workflow(path) for path in REVIEW_WORKFLOWS)
    for data in (ours, theirs):
        for step in data["jobs"]["reminders"]["steps"]:
            if step.get("name") == "Installera qms" or step.get("uses", "").startswith("actions/setup-python"):
                step.clear()
    assert ours == theirs


def test_labels_have_fixed_colours():
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    assert LABELS.read_text(encoding="utf-8") == \
        (REPOSITORY / "qms_tools/templates/init/dot-github/labels.json").read_text(encoding="utf-8")
    assert all(re.fullmatch(r"[0-9A-F]{6}", label["color"]) for label in labels)
    from qms_tools.lifecycle import issue_plan
    named = {label["name"] for label in labels}
    assert {issue_plan.LABEL, issue_plan.OVERDUE_LABEL, issue_plan.ROLE_LABEL, "kan-inte-tilldelas"} <= named
    forms = (REPOSITORY / ".github" / "ISSUE_TEMPLATE").glob("*.yml")
    form_labels = {label for form in forms
                   for label in yaml.safe_load(form.read_text(encoding="utf-8")).get("labels", [])}
    assert form_labels <= named


@pytest.fixture
def review_run(project, tmp_path):
    """Run the review workflow's planning and applying steps, as GitHub's bash would. The
    handbook's copy: this repository's differs only in how it installs the tool
    (test_the_review_workflows_differ_only_in_how_they_install_the_tool)."""
    root = project(CASE)
    (root / ".github").mkdir(exist_ok=True)
    shutil.copy(LABELS, root / ".github" / "labels.json")
    github = FakeGitHub(tmp_path)
    scripts = {step["name"]: step["run"] for step in steps(workflow(REVIEW_WORKFLOWS[1])) if "run" in step}

    def run(today: str = TODAY) -> tuple[dict, list[list[str]]]:
        github.log.write_text("", encoding="utf-8")
        for name in ("Planera ärenden", "Genomför planen"):
            result = github.run_step(scripts[name], root, QMS_TODAY=today)
            assert result.returncode == 0, f"{name}:\n{result.stdout}\n{result.stderr}"
            run.output = result.stdout
        return github.read(), github.calls()

    run.root = root
    return run


def changing_calls(calls):
    return [call[:2] for call in calls if call[:2] not in (["issue", "list"], ["label", "list"])]


def test_review_workflow_applies_the_plan_and_a_second_run_changes_nothing(review_run):
    github, calls = review_run()
    issues = {issue["title"]: issue for issue in github["issues"]}
    assert len(issues) == 4 and all(issue["state"] == "OPEN" for issue in issues.values())
    overdue = issues["Granskning försenad: Mottagning; telefon, e-post och besök (RUT-OMR-001)"]
    assert [label["name"] for label in overdue["labels"]] == ["granskning", "försenad"]
    assert [assignee["login"] for assignee in overdue["assignees"]] == ["bo-b"]
    assert overdue["body"].endswith("<!-- qms:overdue:RUT-OMR-001 -->")
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    assert changing_calls(calls) == [["label", "create"]] * len(labels) + [["issue", "create"]] * 4

    github_again, calls_again = review_run()
    assert changing_calls(calls_again) == []
    assert github_again == github


def test_labels_are_created_once_with_their_fixed_colours(review_run):
    github, _ = review_run()
    expected = {label["name"]: label["color"] for label in json.loads(LABELS.read_text(encoding="utf-8"))}
    assert {label["name"]: label["color"] for label in github["labels"]} == expected
    github, calls = review_run()
    assert [call for call in calls if call[:2] == ["label", "create"]] == []


def test_review_workflow_closes_updates_and_reopens(review_run):
    github, _ = review_run()
    document = review_run.root / "processes/omr/forsenad.md"
    original = document.read_text(encoding="utf-8")
    document.write_text(original.replace("review_date: 2026-10-01", "review_date: 2027-11-22"), encoding="utf-8")
    registry = review_run.root / "processes/organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("github: [kim-kvist]", "github: [kim-k2]"),
                        encoding="utf-8")
    github, calls = review_run()
    closed = [issue for issue in github["issues"] if issue["state"] == "CLOSED"]
    assert [issue["title"] for issue in closed] == [
        "Granskning försenad: Mottagning; telefon, e-post och besök (RUT-OMR-001)"]
    assert "nästa granskning senast 2027-11-22" in closed[0]["comments"][0]
    reassigned = [issue for issue in github["issues"] if issue["state"] == "OPEN"]
    assert all([a["login"] for a in issue["assignees"]] == ["kim-k2"] for issue in reassigned)
    # Three reassigned issues: the text once, the assignees once, each.
    assert sorted(changing_calls(calls)) == [["issue", "close"]] + [["issue", "edit"]] * 6

    document.write_text(original, encoding="utf-8")
    github, calls = review_run()
    assert changing_calls(calls) == [["issue", "reopen"], ["issue", "edit"]]
    assert all(issue["state"] == "OPEN" for issue in github["issues"]) and len(github["issues"]) == 4
    assert changing_calls(review_run()[1]) == []


def test_an_owner_who_cannot_be_assigned_gets_the_reminder_unassigned_with_a_note_and_the_job_stays_green(
        review_run):
    registry = review_run.root / "processes/organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("[bo-b]", "[ej-medlem]"), encoding="utf-8")
    github, _ = review_run()
    assert len(github["issues"]) == 4
    reminder = next(issue for issue in github["issues"] if "RUT-OMR-001" in issue["title"])
    assert reminder["assignees"] == [] and reminder["state"] == "OPEN"
    assert "kan-inte-tilldelas" in [label["name"] for label in reminder["labels"]]
    assert len(reminder["comments"]) == 1 and "kunde inte tilldelas ej-medlem" in reminder["comments"][0]
    assert "::warning::Ärende #" in review_run.output
    # Every run tries the assignment again, but the note is written once.
    github, calls = review_run()
    reminder = next(issue for issue in github["issues"] if "RUT-OMR-001" in issue["title"])
    assert len(reminder["comments"]) == 1
    assert ["issue", "comment"] not in changing_calls(calls)


def test_an_owner_replaced_by_one_who_cannot_be_assigned_leaves_the_issue_unassigned(review_run):
    github, _ = review_run()
    registry = review_run.root / "processes/organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("[bo-b]", "[ej-medlem]"), encoding="utf-8")
    github, _ = review_run()
    reminder = next(issue for issue in github["issues"] if "RUT-OMR-001" in issue["title"])
    assert reminder["assignees"] == []  # the old holder is removed even so
    assert len(reminder["comments"]) == 1


@pytest.mark.parametrize("path", CHECK_WORKFLOWS, ids=lambda path: path.name)
def test_pull_request_check_annotates_only_the_changed_files(path, project, tmp_path):
    """The check step of the pull request workflow, with gh telling which files pull request 7
    changes: annotations for those, the rest in the job summary, and an error in a file the
    pull request does not touch still fails it."""
    root = project(CASE)
    unchanged_error = root / "processes/omr/snart.md"
    unchanged_error.write_text(unchanged_error.read_text(encoding="utf-8").replace(
        "owner: enhetschef-a", "owner: okand-roll"), encoding="utf-8")
    github = FakeGitHub(tmp_path)
    changed = ["processes/omr/forsenad.md", "processes/omr/vakant.md", "README.md"]
    github.write({"labels": [], "issues": [], "pulls": {"7": changed}})
    script = next(step["run"] for step in steps(workflow(path)) if step.get("name") == "Kontrollera handboken")
    summary, runner_temp = tmp_path / "summary.md", tmp_path / "runner"
    runner_temp.mkdir()
    summary.write_text("", encoding="utf-8")

    result = github.run_step(script, root, PR_NUMBER="7", BASE_SHA="", GITHUB_STEP_SUMMARY=str(summary),
                             RUNNER_TEMP=str(runner_temp), QMS_TODAY=TODAY)
    annotated = re.findall(r"^::(?:error|warning) file=([^,]+),", result.stdout, re.MULTILINE)
    assert sorted(set(annotated)) == ["processes/omr/forsenad.md", "processes/omr/vakant.md"]
    assert len(annotated) == 3  # forsenad: overdue; vakant: vacant owner and overdue
    assert result.returncode == 1  # the unknown owner in snart.md
    assert github.calls() == [["pr", "diff", "7", "--name-only"]]
    text = summary.read_text(encoding="utf-8")
    assert "| `processes/omr/snart.md` | 5 | fel | `owner.unknown` |" in text
    assert "processes/omr/forsenad.md" not in text and "processes/omr/vakant.md" not in text

    # On main (no pull request): every finding is annotated, and gh is not asked.
    github.log.write_text("", encoding="utf-8")
    result = github.run_step(script, root, PR_NUMBER="", BASE_SHA="", GITHUB_STEP_SUMMARY=str(summary),
                             RUNNER_TEMP=str(runner_temp), QMS_TODAY=TODAY)
    assert len(re.findall(r"^::(?:error|warning) ", result.stdout, re.MULTILINE)) == 7
    assert github.calls() == []
