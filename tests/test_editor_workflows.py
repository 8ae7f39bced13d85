"""The browser-editing workflows, run as GitHub would run them: each workflow's own `run:`
step, with its own environment, in a real clone of a real handbook repository (made by
`qms init`, pushed to a bare repository standing in for GitHub's), and the stand-in `gh`
recording what would be sent to GitHub. Every workflow is run twice: the second run must
send nothing that changes anything.

The handbook's copies (what `qms init` writes) are the ones run; this repository's differ
only in how they install the tool (test_this_repository_runs_the_same_workflows).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPOSITORY, git
from github_stand_in import FakeGitHub
from test_workflows import HANDBOOK_WORKFLOWS, WORKFLOWS, workflow

from qms_tools.check.run import check_project
from qms_tools.lifecycle import init

TODAY = "2026-12-07"
REPOSITORY_NAME = "exempel/handbok"
QUALITY = "kim-kvalitet"
EDITOR_WORKFLOWS = ["forslag.yml"]
READ_ONLY = (["pr", "list"], ["pr", "view"], ["issue", "view"], ["issue", "list"], ["label", "list"], ["pr", "diff"])


def changing(calls: list[list[str]]) -> list[list[str]]:
    return [call[:2] for call in calls if call[:2] not in [list(pair) for pair in READ_ONLY]]


class Repository:
    """A handbook on a stand-in GitHub: the bare `origin`, and the workflow's checkout of it."""

    def __init__(self, folder: Path):
        self.folder = folder
        seed = folder / "seed"
        init.create(seed, init.Organisation("Exempelby kommun", "https://exempel.github.io/handbok/",
                                            f"https://github.com/{REPOSITORY_NAME}", "Kim Kvalitet", QUALITY),
                    dt.date.fromisoformat(TODAY))
        git(seed, "init", "-q", "-b", "main")
        git(seed, "add", "-A")
        git(seed, "commit", "-q", "-m", "Ny kvalitetshandbok")
        self.origin = folder / "origin.git"
        git(folder, "clone", "-q", "--bare", str(seed), str(self.origin))
        self.github = FakeGitHub(folder)
        self.github.write({"labels": [], "issues": [], "pull_requests": []})

    def checkout(self, name: str = "checkout", ref: str = "main") -> Path:
        """What actions/checkout leaves: a clone of `origin` on ``ref``."""
        target = self.folder / name
        git(self.folder, "clone", "-q", "--branch", ref, str(self.origin), str(target))
        return target

    def run(self, name: str, step: str, event: dict, cwd: Path | None = None) -> subprocess.CompletedProcess:
        """The step of the handbook's workflow ``name``, with the job's and step's environment."""
        data = workflow(HANDBOOK_WORKFLOWS / name)
        job = next(iter(data["jobs"].values()))
        found = next(item for item in job["steps"] if item.get("name") == step)
        environment = {**job.get("env", {}), **found.get("env", {})}
        values = {"github.token": "testtoken", "github.repository": REPOSITORY_NAME}
        for key, value in environment.items():
            environment[key] = re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda match: values[match.group(1)], str(value))
        event_file = self.folder / "event.json"
        event_file.write_text(json.dumps(event), encoding="utf-8")
        self.github.log.write_text("", encoding="utf-8")
        cwd = cwd or self.checkout(f"checkout-{len(list(self.folder.glob('checkout*')))}")
        return self.github.run_step(found["run"], cwd, GITHUB_EVENT_PATH=str(event_file), QMS_TODAY=TODAY,
                                    **environment)

    def branch_tree(self, branch: str) -> Path:
        return self.checkout(f"tree-{branch.replace('/', '-')}", branch)


@pytest.fixture
def repository(tmp_path):
    return Repository(tmp_path)


def form_body(answers: dict[str, str]) -> str:
    """An issue body as GitHub writes it from the form: '### label', then the answer."""
    form = yaml.safe_load((REPOSITORY / ".github/ISSUE_TEMPLATE/forslag-ny-rutin.yml").read_text(encoding="utf-8"))
    parts = []
    for item in form["body"]:
        if "id" in item:
            parts.append(f"### {item['attributes']['label']}\n\n{answers.get(item['id']) or '_No response_'}")
    return "\n\n".join(parts)


def proposal_event(repository: Repository, answers: dict[str, str], association: str = "MEMBER",
                   author: str = "ulla-u") -> dict:
    state = repository.github.read()
    number = len(state["issues"]) + len(state["pull_requests"]) + 1
    body = form_body(answers)
    state["issues"].append({"number": number, "title": f"Förslag: {answers.get('titel')}", "body": body,
                            "state": "OPEN", "labels": [{"name": "förslag på ny rutin"}], "assignees": []})
    repository.github.write(state)
    return {"action": "opened", "repository": {"full_name": REPOSITORY_NAME, "default_branch": "main"},
            "issue": {"number": number, "title": f"Förslag: {answers.get('titel')}", "body": body,
                      "user": {"login": author}, "author_association": association,
                      "labels": [{"name": "förslag på ny rutin"}]}}


def test_a_proposal_becomes_a_branch_a_draft_that_passes_the_check_and_a_pull_request(repository):
    event = proposal_event(repository, {"titel": "Hembesök vid orosanmälan", "typ": "rutin",
                                        "process": "PROC-LED-001 Avvikelsehantering"})
    result = repository.run("forslag.yml", "Skapa utkastet", event)
    assert result.returncode == 0, result.stdout + result.stderr
    state, calls = repository.github.read(), repository.github.calls()
    assert changing(calls) == [["pr", "create"], ["pr", "edit"], ["pr", "edit"], ["pr", "comment"],
                               ["issue", "comment"], ["workflow", "run"]]
    (pull,) = state["pull_requests"]
    assert (pull["head"], pull["base"]) == ("forslag/1", "main")
    assert pull["title"] == "Hembesök vid orosanmälan (RUT-LED-002, nytt utkast)"
    assert pull["assignees"] == ["ulla-u", QUALITY]
    assert "closes #1" in pull["body"]
    (steps,) = pull["comments"]
    assert "`processes/ledning/hembesok-vid-orosanmalan.md`" in steps and "routines: [RUT-LED-001, RUT-LED-002]" in steps
    assert state["issues"][0]["comments"] == [f"Utkastet RUT-LED-002 finns i {pull['url']}.\n\n"
                                              "<!-- qms:forslag-pr:2 -->\n"]
    assert state["dispatched"] == [{"workflow": "kontroll.yml", "ref": "forslag/1"}]

    tree = repository.branch_tree("forslag/1")
    document = tree / "processes/ledning/hembesok-vid-orosanmalan.md"
    assert "id: RUT-LED-002" in document.read_text(encoding="utf-8")
    assert "/processes/ledning/hembesok-vid-orosanmalan.md @kim-kvalitet" in \
        (tree / ".github/CODEOWNERS").read_text(encoding="utf-8")
    checked = check_project(tree, dt.date.fromisoformat(TODAY))
    assert checked.errors == [], [(f.path, f.line, f.message) for f in checked.errors]
    assert git(tree, "log", "--format=%an|%s", "-1").strip() == \
        "github-actions[bot]|Nytt utkast RUT-LED-002: Hembesök vid orosanmälan"

    again = repository.run("forslag.yml", "Skapa utkastet", event)
    assert again.returncode == 0, again.stdout + again.stderr
    assert changing(repository.github.calls()) == []
    assert repository.github.read() == state
    assert "Inget ändrades" in again.stdout


def test_a_proposal_that_cannot_become_a_draft_gets_one_comment_saying_what_to_change(repository):
    event = proposal_event(repository, {"titel": "Hembesök", "typ": "rutin", "process": "PROC-LED-01"})
    result = repository.run("forslag.yml", "Skapa utkastet", event)
    assert result.returncode == 0, result.stdout + result.stderr
    (comment,) = repository.github.read()["issues"][0]["comments"]
    assert "'PROC-LED-01' finns inte. Menade du 'PROC-LED-001'?" in comment
    assert changing(repository.github.calls()) == [["issue", "comment"]]
    assert git(repository.folder, "--git-dir", str(repository.origin), "branch", "--format=%(refname:short)").split() == ["main"]
    repository.run("forslag.yml", "Skapa utkastet", event)
    assert changing(repository.github.calls()) == []

    unknown = proposal_event(repository, {"titel": "Hembesök", "typ": "vet inte", "process": "PROC-LED-001"})
    repository.run("forslag.yml", "Skapa utkastet", unknown)
    assert "typen är \"vet inte\"" in repository.github.read()["issues"][1]["comments"][0]


def test_a_proposal_from_someone_without_write_access_gets_a_comment_only(repository):
    event = proposal_event(repository, {"titel": "Hembesök", "typ": "rutin", "process": "PROC-LED-001"},
                           association="NONE")
    result = repository.run("forslag.yml", "Skapa utkastet", event)
    assert result.returncode == 0, result.stdout + result.stderr
    assert changing(repository.github.calls()) == [["issue", "comment"]]
    assert repository.github.read()["pull_requests"] == []
