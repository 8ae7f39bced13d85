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
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPOSITORY, git
from github_stand_in import FakeGitHub
from test_workflows import HANDBOOK_WORKFLOWS, workflow

from qms_tools.check.run import check_project
from qms_tools.lifecycle import init
from qms_tools.lifecycle.issue_plan import marker

TODAY = "2026-12-07"
REPOSITORY_NAME = "exempel/handbok"
QUALITY = "kim-kvalitet"
EDITOR_WORKFLOWS = ["forslag.yml", "agare.yml", "granskad.yml", "rattningar.yml"]
READ_ONLY = (["pr", "list"], ["pr", "view"], ["issue", "view"], ["issue", "list"], ["label", "list"], ["pr", "diff"])


def changing(calls: list[list[str]]) -> list[list[str]]:
    """The calls that would change something on GitHub (``gh api`` without --method only reads)."""
    return [call[:2] for call in calls if call[:2] not in [list(pair) for pair in READ_ONLY]
            and not (call[0] == "api" and "--method" not in call)]


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
        self.github.write({"labels": [], "issues": [], "pull_requests": [],
                           "permissions": {"ulla-u": "write", QUALITY: "admin"}})

    def checkout(self, name: str = "checkout", ref: str = "main") -> Path:
        """What actions/checkout leaves: a clone of `origin` on ``ref``."""
        target = self.folder / name
        git(self.folder, "clone", "-q", "--branch", ref, str(self.origin), str(target))
        return target

    def run(self, name: str, step: str, event: dict, cwd: Path | None = None,
            today: str = TODAY) -> subprocess.CompletedProcess:
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
        return self.github.run_step(found["run"], cwd, GITHUB_EVENT_PATH=str(event_file), QMS_TODAY=today,
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


def proposal_event(repository: Repository, answers: dict[str, str], author: str = "ulla-u") -> dict:
    state = repository.github.read()
    number = len(state["issues"]) + len(state["pull_requests"]) + 1
    body = form_body(answers)
    state["issues"].append({"number": number, "title": f"Förslag: {answers.get('titel')}", "body": body,
                            "state": "OPEN", "labels": [{"name": "förslag på ny rutin"}], "assignees": []})
    repository.github.write(state)
    return {"action": "opened", "repository": {"full_name": REPOSITORY_NAME, "default_branch": "main"},
            "issue": {"number": number, "title": f"Förslag: {answers.get('titel')}", "body": body,
                      "user": {"login": author}, "author_association": "MEMBER",
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
                           author="utan-behorighet")
    result = repository.run("forslag.yml", "Skapa utkastet", event)
    assert result.returncode == 0, result.stdout + result.stderr
    assert changing(repository.github.calls()) == [["issue", "comment"]]
    assert repository.github.read()["pull_requests"] == []


def pull_request_event(repository: Repository, number: int, branch: str, head_sha: str,
                       head_repository: str = REPOSITORY_NAME) -> dict:
    base_sha = git(repository.folder, "--git-dir", str(repository.origin), "rev-parse", "main").strip()
    state = repository.github.read()
    state["pull_requests"].append({"number": number, "url": f"https://github.com/{REPOSITORY_NAME}/pull/{number}",
                                   "state": "OPEN", "head": branch, "base": "main", "title": "Ändring",
                                   "body": "", "assignees": [], "comments": [], "reviews": []})
    repository.github.write(state)
    return {"action": "opened", "number": number, "repository": {"full_name": REPOSITORY_NAME},
            "pull_request": {"number": number,
                             "base": {"ref": "main", "sha": base_sha, "repo": {"full_name": REPOSITORY_NAME}},
                             "head": {"ref": branch, "sha": head_sha, "repo": {"full_name": head_repository}}}}


def propose_change(repository: Repository, number: int, branch: str, edit, fork: bool = False) -> str:
    """An editor's pull request: ``edit(tree)`` committed on ``branch``, pushed where GitHub keeps
    it (the branch, unless from a fork, and refs/pull/N/head); returns the head commit."""
    tree = repository.checkout(f"editor-{number}")
    git(tree, "switch", "-q", "-c", branch)
    edit(tree)
    git(tree, "commit", "-q", "-a", "-m", "Redaktörens ändring")
    if not fork:
        git(tree, "push", "-q", "origin", f"HEAD:refs/heads/{branch}")
    git(tree, "push", "-q", "origin", f"HEAD:refs/pull/{number}/head")
    return git(tree, "rev-parse", "HEAD").strip()


def new_role_owns_the_routine(tree: Path) -> None:
    registry = tree / "processes/organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + (
        "  - id: enhetschef-stod\n    title: Enhetschef stöd\n    unit: kvalitetsenheten\n"
        "    holder:\n      name: Sam Stöd\n      github: [sam-s]\n"), encoding="utf-8")
    routine = tree / "processes/ledning/rapportera-avvikelse.md"
    routine.write_text(routine.read_text(encoding="utf-8").replace("owner: kvalitetschef", "owner: enhetschef-stod"),
                       encoding="utf-8")


def origin_head(repository: Repository, branch: str) -> str:
    return git(repository.folder, "--git-dir", str(repository.origin), "rev-parse", f"refs/heads/{branch}").strip()


def test_a_registry_change_gets_a_codeowners_commit_on_its_branch(repository):
    head = propose_change(repository, 5, "ny-roll", new_role_owns_the_routine)
    event = pull_request_event(repository, 5, "ny-roll", head)
    result = repository.run("agare.yml", "Uppdatera CODEOWNERS", event)
    assert result.returncode == 0, result.stdout + result.stderr
    assert changing(repository.github.calls()) == [["workflow", "run"]]
    assert repository.github.read()["dispatched"] == [{"workflow": "kontroll.yml", "ref": "ny-roll"}]
    pushed = origin_head(repository, "ny-roll")
    assert git(repository.folder, "--git-dir", str(repository.origin), "rev-parse", f"{pushed}~1").strip() == head
    assert git(repository.folder, "--git-dir", str(repository.origin), "diff", "--name-only", head, pushed).split() \
        == [".github/CODEOWNERS"]
    tree = repository.branch_tree("ny-roll")
    assert "/processes/ledning/rapportera-avvikelse.md @sam-s" in (tree / ".github/CODEOWNERS").read_text("utf-8")
    assert [f.rule for f in check_project(tree, dt.date.fromisoformat(TODAY)).errors] == []

    # The same event again (a re-run) and the next push's event: nothing more.
    state = repository.github.read()
    for again in (event, pull_request_event(repository, 5, "ny-roll", pushed)):
        result = repository.run("agare.yml", "Uppdatera CODEOWNERS", again)
        assert result.returncode == 0, result.stdout + result.stderr
        assert changing(repository.github.calls()) == [], result.stdout + result.stderr
        assert origin_head(repository, "ny-roll") == pushed
    assert repository.github.read()["dispatched"] == state["dispatched"]


def test_a_fork_gets_the_exact_codeowners_change_as_a_comment_and_nothing_pushed(repository):
    head = propose_change(repository, 6, "ny-roll", new_role_owns_the_routine, fork=True)
    event = pull_request_event(repository, 6, "ny-roll", head, head_repository="ulla-u/handbok")
    before = git(repository.folder, "--git-dir", str(repository.origin), "for-each-ref")
    result = repository.run("agare.yml", "Uppdatera CODEOWNERS", event)
    assert result.returncode == 0, result.stdout + result.stderr
    assert changing(repository.github.calls()) == [["pr", "comment"]]
    (comment,) = repository.github.read()["pull_requests"][0]["comments"]
    assert "+/processes/ledning/rapportera-avvikelse.md @sam-s" in comment
    assert "-/processes/ledning/rapportera-avvikelse.md @kim-kvalitet" in comment
    assert git(repository.folder, "--git-dir", str(repository.origin), "for-each-ref") == before

    # Applying the comment's diff to the fork's files gives exactly the generated file.
    tree = repository.folder / "editor-6"
    patch = comment[comment.index("```diff\n") + 8:comment.rindex("```")]
    subprocess.run(["git", "apply", "-"], input=patch, cwd=tree, check=True, text=True)
    assert [f.rule for f in check_project(tree, dt.date.fromisoformat(TODAY)).errors] == []

    repository.run("agare.yml", "Uppdatera CODEOWNERS", event)
    assert changing(repository.github.calls()) == []


LATER = "2027-11-20"


def review_issue(repository: Repository, document_id: str) -> int:
    state = repository.github.read()
    number = len(state["issues"]) + len(state["pull_requests"]) + 1
    state["issues"].append({"number": number, "title": f"Granskning försenad ({document_id})", "state": "OPEN",
                            "body": f"Granska dokumentet.\n\n{marker('overdue', document_id)}",
                            "labels": [{"name": "granskning"}], "assignees": []})
    repository.github.write(state)
    return number


def comment_event(issue: int, body: str, author: str = "kim-kvalitet") -> dict:
    return {"action": "created", "repository": {"full_name": REPOSITORY_NAME, "default_branch": "main"},
            "issue": {"number": issue, "body": marker("overdue", "RUT-LED-001")},
            # MEMBER says nothing of write access: GitHub is asked (the stand-in's "permissions").
            "comment": {"body": body, "user": {"login": author}, "author_association": "MEMBER"},
            "sender": {"login": author}}


def test_granskad_on_a_review_issue_gives_a_two_line_change_in_a_pull_request_for_the_owner(repository):
    issue = review_issue(repository, "RUT-LED-001")
    event = comment_event(issue, "/granskad")
    result = repository.run("granskad.yml", "Registrera granskningen", event, today=LATER)
    assert result.returncode == 0, result.stdout + result.stderr
    state = repository.github.read()
    (pull,) = state["pull_requests"]
    assert pull["head"] == "granskad/RUT-LED-001" and pull["assignees"] == [QUALITY]
    assert pull["title"] == "Granskad utan ändringar: RUT-LED-001 (nästa granskning 2028-11-20)"
    assert state["issues"][0]["comments"][0].startswith(f"Granskningen väntar på ägarens godkännande i {pull['url']}")
    assert state["dispatched"] == [{"workflow": "kontroll.yml", "ref": "granskad/RUT-LED-001"}]
    diff = git(repository.folder, "--git-dir", str(repository.origin), "diff", "--unified=0", "main",
               "granskad/RUT-LED-001")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["-reviewed: 2026-12-07", "-review_date: 2027-12-07",
                       "+reviewed: 2027-11-20", "+review_date: 2028-11-20"]

    again = repository.run("granskad.yml", "Registrera granskningen", event, today=LATER)
    assert again.returncode == 0 and changing(repository.github.calls()) == []
    assert repository.github.read() == state


def test_granskad_by_hand_with_an_id_and_refusals_as_comments(repository):
    result = repository.run("granskad.yml", "Registrera granskningen",
                            {"inputs": {"id": "PROC-LED-001"}, "sender": {"login": "kim-kvalitet"},
                             "repository": {"default_branch": "main"}}, today=LATER)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [pull["head"] for pull in repository.github.read()["pull_requests"]] == ["granskad/PROC-LED-001"]

    issue = review_issue(repository, "RUT-LED-001")
    repository.run("granskad.yml", "Registrera granskningen", comment_event(issue, "/granskad", author="bara-lasare"))
    repository.run("granskad.yml", "Registrera granskningen", comment_event(issue, "/granskad RUT-LED-9"))
    comments = repository.github.read()["issues"][0]["comments"]
    assert comments[0].startswith("Bara den som har skrivbehörighet")
    assert "Menade du 'RUT-LED-001'?" in comments[1] and len(comments) == 2

    # Not a command, or on a pull request: nothing at all.
    for event in (comment_event(issue, "Jag har granskat den."),
                  {**comment_event(issue, "/granskad"), "issue": {"number": 1, "pull_request": {"url": "x"}}}):
        result = repository.run("granskad.yml", "Registrera granskningen", event)
        assert result.returncode == 0 and changing(repository.github.calls()) == []


ROUTINE = "processes/ledning/rapportera-avvikelse.md"
NEW_DOCUMENT = """---
title: Ta emot synpunkter
id: RUT-LED-002
type: Rutin
owner: kvalitetschef
status: utkast
area: ledning
---

Synpunkter tas emot av den som får dem.  \t
"""


def apply(text: str, comments: list[dict]) -> str:
    """The file after every suggestion is committed, as GitHub does it: the lines
    start_line..line replaced by the suggestion's lines (last first, so numbers hold)."""
    lines = text.split("\n")
    for comment in sorted(comments, key=lambda comment: -comment["line"]):
        replacement = re.search(r"`{3,}suggestion\n(.*?)`{3,}$", comment["body"], re.DOTALL).group(1)
        start = comment.get("start_line", comment["line"])
        lines[start - 1:comment["line"]] = replacement.split("\n")[:-1]
    return "\n".join(lines)


def test_fix_suggestions_land_on_the_lines_they_repair(repository):
    # An old blemish on main, far from what the pull request changes.
    main = repository.checkout("main-before")
    routine = main / ROUTINE
    routine.write_text(routine.read_text(encoding="utf-8") + "Sista raden.   \n", encoding="utf-8")
    git(main, "commit", "-q", "-a", "-m", "Sista raden")
    git(main, "push", "-q", "origin", "main")

    def edit(tree: Path) -> None:
        text = (tree / ROUTINE).read_text(encoding="utf-8")
        (tree / ROUTINE).write_text(text.replace("status: gällande", "status: Gällande")
                                    .replace("review_date: 2027-12-07", "review_date: 2027/12/07"), encoding="utf-8")
        (tree / "processes/ledning/synpunkter.md").write_text(NEW_DOCUMENT, encoding="utf-8")
        git(tree, "add", "-A")

    head = propose_change(repository, 8, "rattningar", edit, fork=True)
    event = pull_request_event(repository, 8, "rattningar", head, head_repository="ulla-u/handbok")
    result = repository.run("rattningar.yml", "Föreslå rättningar", event)
    assert result.returncode == 0, result.stdout + result.stderr
    assert changing(repository.github.calls()) == [["api", "--method"]]
    (review,) = repository.github.read()["pull_requests"][0]["reviews"]
    assert review["commit_id"] == head and review["event"] == "COMMENT"
    by_file = {}
    for comment in review["comments"]:
        by_file.setdefault(comment["path"], []).append(comment)

    routine_comments = by_file[ROUTINE]
    # The front-matter's repairs are one suggestion: accepted in part, a key order could break.
    (front_matter,) = routine_comments
    assert (front_matter["start_line"], front_matter["line"]) == (4, 8)
    assert "```suggestion\nstatus: gällande\nowner: kvalitetschef\narea: ledning\nreviewed: 2026-12-07\n" \
           "review_date: 2027-12-07\n```" in front_matter["body"]
    # The old blemish is outside the diff: named in the review's text, not suggested.
    assert f"`{ROUTINE}` rad 31:" in review["body"] and "-Sista raden.   \n+Sista raden." in review["body"]

    assert [(c.get("start_line"), c["line"]) for c in by_file["processes/ledning/synpunkter.md"]] == [(1, 6), (None, 10)]
    # Every suggestion of the new file committed gives exactly what `qms fix` writes.
    tree = repository.folder / "editor-8"
    new_file = tree / "processes/ledning/synpunkter.md"
    accepted = apply(new_file.read_text(encoding="utf-8"), by_file["processes/ledning/synpunkter.md"])
    fixed = subprocess.run([sys.executable, "-m", "qms_tools", "fix", str(new_file)], cwd=tree,
                           capture_output=True, text=True, env=repository.github.environment())
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert accepted == new_file.read_text(encoding="utf-8")
    assert accepted.startswith("---\nid: RUT-LED-002\ntitle: Ta emot synpunkter\ntype: rutin\nstatus: utkast\n")
    assert "---\n\n# Ta emot synpunkter\n\nSynpunkter tas emot av den som får dem.\n" in accepted

    again = repository.run("rattningar.yml", "Föreslå rättningar", event)
    assert again.returncode == 0 and changing(repository.github.calls()) == []
    assert "inget skickades" in again.stdout


def test_a_pull_request_without_repairs_gets_no_review(repository):
    def edit(tree: Path) -> None:
        text = (tree / ROUTINE).read_text(encoding="utf-8")
        (tree / ROUTINE).write_text(text.replace("samma dag", "samma arbetsdag"), encoding="utf-8")

    head = propose_change(repository, 9, "ren", edit)
    result = repository.run("rattningar.yml", "Föreslå rättningar", pull_request_event(repository, 9, "ren", head))
    assert result.returncode == 0, result.stdout + result.stderr
    assert changing(repository.github.calls()) == [] and "Inget att rätta" in result.stdout


@pytest.mark.parametrize("name", EDITOR_WORKFLOWS)
def test_qms_init_writes_the_workflows_these_tests_run(repository, name):
    assert (repository.folder / "seed/.github/workflows" / name).read_text(encoding="utf-8") == \
        (HANDBOOK_WORKFLOWS / name).read_text(encoding="utf-8")


def test_the_handbook_editor_guide_leads_to_these_workflows(repository):
    guide = (repository.folder / "seed/docs/guide/redaktorer.md").read_text(encoding="utf-8")
    for name in EDITOR_WORKFLOWS:
        assert f"*{workflow(HANDBOOK_WORKFLOWS / name)['name']}*" in guide, name
    assert "`/granskad`" in guide and f"https://codespaces.new/{REPOSITORY_NAME}?quickstart=1" in guide
    assert f"https://github.com/{REPOSITORY_NAME}/issues/new?template=forslag-ny-rutin.yml" in guide


def test_a_fork_cannot_make_a_comment_repeat_a_file_outside_its_pull_request(repository):
    """CODEOWNERS as a link to the checkout's Git configuration (where actions/checkout keeps
    the token): the workflow refuses the pull request's files and sends nothing."""
    secret = repository.folder / "hemlig.txt"
    secret.write_text("AUTHORIZATION: basic hemligt\n", encoding="utf-8")

    def edit(tree: Path) -> None:
        new_role_owns_the_routine(tree)
        (tree / ".github/CODEOWNERS").unlink()
        (tree / ".github/CODEOWNERS").symlink_to(secret)
        git(tree, "add", "-A")

    head = propose_change(repository, 11, "lank", edit, fork=True)
    event = pull_request_event(repository, 11, "lank", head, head_repository="ulla-u/handbok")
    for name, step in (("agare.yml", "Uppdatera CODEOWNERS"), ("rattningar.yml", "Föreslå rättningar")):
        result = repository.run(name, step, event)
        assert result.returncode == 2 and "symbolisk länk ut ur arkivet" in result.stderr, result.stderr
        assert changing(repository.github.calls()) == []
    assert "hemligt" not in repository.github.state.read_text(encoding="utf-8")
