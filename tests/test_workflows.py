"""The GitHub workflows: they pass actionlint, they do what the editor guide says, and the
review workflow's shell steps apply an issue plan so that a second run changes nothing.

GitHub itself cannot be reached here, so the review workflow's steps run against a
stand-in `gh` that keeps issues in a JSON file and refuses options the real one lacks;
the steps' own shell, jq and `qms` are the real ones.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPOSITORY, TODAY

WORKFLOWS = REPOSITORY / ".github" / "workflows"
CASE = "review-lifecycle"


def required_tool(name: str) -> str:
    """A tool the test needs: missing fails under CI=true, and skips elsewhere."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} saknas: installera testberoendena (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job["steps"]]


def run_commands(data: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(data))


def test_workflows_pass_actionlint():
    actionlint = required_tool("actionlint")
    files = sorted(str(path) for path in WORKFLOWS.glob("*.yml"))
    assert [Path(file).name for file in files] == ["deploy.yml", "pr.yml", "review.yml"]
    result = subprocess.run([actionlint, "-no-color", *files], cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


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
    assert "qms check --format github" in commands
    assert 'qms pr-summary --base "$BASE_SHA" >> "$GITHUB_STEP_SUMMARY"' in commands
    assert "mkdocs build --strict" in commands
    assert "python -m pytest" in commands
    # Branch protection names these checks; renaming them silently unprotects main.
    assert [job["name"] for job in data["jobs"].values()] == ["Kontroll", "Webbplats", "Tester"]
    assert data["permissions"] == {"contents": "read"}


def test_deploy_workflow_publishes_to_pages():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "").split("@")[0] for step in steps(data)]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    assert "mkdocs build --strict" in run_commands(data)
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert data["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_review_workflow_runs_daily_and_by_hand():
    data = workflow("review.yml")
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    assert data["permissions"]["issues"] == "write"
    assert "qms review --plan-issues issues.json" in run_commands(data)


FAKE_GH = r'''#!/usr/bin/env python3
"""Stand-in for the gh commands the review workflow uses; issues live in $FAKE_GH_STATE."""
import json, os, sys
state_file = os.environ["FAKE_GH_STATE"]
state = json.load(open(state_file)) if os.path.exists(state_file) else {"labels": [], "issues": []}
args = sys.argv[1:]
with open(os.environ["FAKE_GH_LOG"], "a") as log:
    log.write(json.dumps(args) + "\n")

def parse(rest, single, repeated=(), flags=()):
    values = {name: [] for name in repeated}
    positional = []
    while rest:
        item = rest.pop(0)
        if item in flags:
            values[item] = True
        elif item in single:
            values[item] = rest.pop(0)
        elif item in repeated:
            values[item].append(rest.pop(0))
        elif item.startswith("-"):
            sys.exit(f"fake gh: unknown option {item}")
        else:
            positional.append(item)
    return positional, values

def unassignable(logins):
    # Like GitHub: an account without access to the repository cannot be assigned.
    for login in logins:
        if login.startswith("ej-"):
            sys.exit(f"fake gh: could not assign user: '{login}' not found")

def issue(number):
    return next(i for i in state["issues"] if i["number"] == int(number))

group, command, rest = args[0], args[1], args[2:]
if (group, command) == ("label", "create"):
    (name,), _ = parse(rest, {"--color", "--description"}, flags={"--force"})
    if name not in state["labels"]:
        state["labels"].append(name)
elif (group, command) == ("issue", "list"):
    _, options = parse(rest, {"--state", "--label", "--limit", "--json"})
    fields = options["--json"].split(",")
    wanted = [i for i in state["issues"] if options["--label"] in [l["name"] for l in i["labels"]]]
    print(json.dumps([{field: i[field] for field in fields} for i in wanted]))
elif (group, command) == ("issue", "create"):
    _, options = parse(rest, {"--title", "--body-file"}, {"--label", "--assignee"})
    unassignable(options["--assignee"])
    for label in options["--label"]:
        if label not in state["labels"]:
            sys.exit(f"fake gh: could not add label: '{label}' not found")
    number = len(state["issues"]) + 1
    state["issues"].append({"number": number, "title": options["--title"], "state": "OPEN",
                            "body": open(options["--body-file"]).read().rstrip("\n"),
                            "labels": [{"name": l} for l in options["--label"]],
                            "assignees": [{"login": a} for a in options["--assignee"]]})
elif (group, command) == ("issue", "edit"):
    (number,), options = parse(rest, {"--title", "--body-file"},
                               {"--add-label", "--add-assignee", "--remove-assignee"})
    unassignable(options["--add-assignee"])
    found = issue(number)
    found["title"] = options.get("--title", found["title"])
    if "--body-file" in options:
        found["body"] = open(options["--body-file"]).read().rstrip("\n")
    found["labels"] += [{"name": l} for l in options["--add-label"]]
    found["assignees"] = [a for a in found["assignees"] if a["login"] not in options["--remove-assignee"]]
    found["assignees"] += [{"login": a} for a in options["--add-assignee"]]
elif (group, command) == ("issue", "close"):
    (number,), options = parse(rest, {"--comment"})
    issue(number)["state"] = "CLOSED"
    issue(number).setdefault("comments", []).append(options["--comment"])
elif (group, command) == ("issue", "reopen"):
    (number,), _ = parse(rest, set())
    issue(number)["state"] = "OPEN"
else:
    sys.exit(f"fake gh: unknown command {group} {command}")
json.dump(state, open(state_file, "w"))
'''


@pytest.fixture
def review_run(project, tmp_path):
    """Run the review workflow's planning and applying steps, as GitHub's bash would."""
    required_tool("jq")
    root = project(CASE)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH.replace("/usr/bin/env python3", sys.executable), encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    state, log = tmp_path / "github.json", tmp_path / "gh.log"
    scripts = {step["name"]: step["run"] for step in steps(workflow("review.yml")) if "run" in step}

    def run(today: str = TODAY, apply_succeeds: bool = True) -> tuple[dict, list[list[str]]]:
        log.write_text("", encoding="utf-8")
        env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}"
                                    f"{os.environ['PATH']}",
                   FAKE_GH_STATE=str(state), FAKE_GH_LOG=str(log), QMS_TODAY=today)
        for name in ("Planera ärenden", "Genomför planen"):
            result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", scripts[name]],
                                    cwd=root, env=env, capture_output=True, text=True)
            expected = 0 if apply_succeeds or name != "Genomför planen" else 1
            assert result.returncode == expected, f"{name}:\n{result.stdout}\n{result.stderr}"
        calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        return json.loads(state.read_text(encoding="utf-8")), calls

    run.root = root
    return run


def changing_calls(calls):
    return [call[:2] for call in calls if call[:2] not in (["issue", "list"], ["label", "create"])]


def test_review_workflow_applies_the_plan_and_a_second_run_changes_nothing(review_run):
    github, calls = review_run()
    issues = {issue["title"]: issue for issue in github["issues"]}
    assert len(issues) == 4 and all(issue["state"] == "OPEN" for issue in issues.values())
    overdue = issues["Granskning försenad: Mottagning; telefon, e-post och besök (RUT-OMR-001)"]
    assert [label["name"] for label in overdue["labels"]] == ["granskning", "försenad"]
    assert [assignee["login"] for assignee in overdue["assignees"]] == ["bo-b"]
    assert overdue["body"].endswith("<!-- qms:overdue:RUT-OMR-001 -->")
    assert changing_calls(calls) == [["issue", "create"]] * 4

    github_again, calls_again = review_run()
    assert changing_calls(calls_again) == []
    assert github_again == github


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


def test_an_account_that_cannot_be_assigned_still_gets_the_reminder_and_fails_the_run(review_run):
    registry = review_run.root / "processes/organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("[bo-b]", "[ej-medlem]"), encoding="utf-8")
    github, _ = review_run(apply_succeeds=False)
    assert len(github["issues"]) == 4
    reminder = next(issue for issue in github["issues"] if "RUT-OMR-001" in issue["title"])
    assert reminder["assignees"] == [] and reminder["state"] == "OPEN"
    # Until the registry is corrected, every run tries the assignment again and says so.
    _, calls = review_run(apply_succeeds=False)
    assert changing_calls(calls) == [["issue", "edit"], ["issue", "edit"]]
