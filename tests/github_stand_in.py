"""A stand-in for GitHub's `gh` command: what the workflows would send to GitHub, kept in a
JSON file and logged call by call, with options the real `gh` lacks refused. Shared by the
workflow tests (tests/test_workflows.py, tests/test_editor_workflows.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import required_tool

FAKE_GH = r"""#!/usr/bin/env python3
'Stand-in for the gh commands the workflows use; issues and labels live in $FAKE_GH_STATE.'
import json, os, re, sys
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

def next_number():
    return max([0, *(i["number"] for i in state["issues"]), *(p["number"] for p in state.get("pull_requests", []))]) + 1

def pull(number):
    return next(p for p in state["pull_requests"] if p["number"] == int(number))

def issue(number):
    return next(i for i in state["issues"] if i["number"] == int(number))

def label_names():
    return [label["name"] for label in state["labels"]]

group, command, rest = args[0], args[1], args[2:]
if (group, command) == ("label", "create"):
    (name,), options = parse(rest, {"--color", "--description"}, flags={"--force"})
    if name in label_names() and not options.get("--force"):
        sys.exit(f"fake gh: label with name \"{name}\" already exists; use `--force` to update")
    state["labels"] = [l for l in state["labels"] if l["name"] != name]
    state["labels"].append({"name": name, "color": options.get("--color"),
                            "description": options.get("--description", "")})
elif (group, command) == ("label", "list"):
    _, options = parse(rest, {"--limit", "--json"})
    print(json.dumps([{field: l[field] for field in options["--json"].split(",")} for l in state["labels"]]))
elif (group, command) == ("pr", "diff"):
    (number,), options = parse(rest, set(), flags={"--name-only"})
    assert options.get("--name-only"), "the workflow asks for names only"
    print("\n".join(state["pulls"][number]))
elif (group, command) == ("issue", "list"):
    _, options = parse(rest, {"--state", "--label", "--limit", "--json"})
    fields = options["--json"].split(",")
    wanted = [i for i in state["issues"] if options["--label"] in [l["name"] for l in i["labels"]]]
    print(json.dumps([{field: i[field] for field in fields} for i in wanted]))
elif (group, command) == ("issue", "create"):
    _, options = parse(rest, {"--title", "--body-file"}, {"--label", "--assignee"})
    unassignable(options["--assignee"])
    for label in options["--label"]:
        if label not in label_names():
            sys.exit(f"fake gh: could not add label: '{label}' not found")
    number = next_number()
    state["issues"].append({"number": number, "title": options["--title"], "state": "OPEN",
                            "body": open(options["--body-file"]).read().rstrip("\n"),
                            "labels": [{"name": l} for l in options["--label"]],
                            "assignees": [{"login": a} for a in options["--assignee"]]})
    print(f"https://github.com/exempel/handbok/issues/{number}")
elif (group, command) == ("issue", "edit"):
    (number,), options = parse(rest, {"--title", "--body-file"},
                               {"--add-label", "--add-assignee", "--remove-assignee"})
    unassignable(options["--add-assignee"])
    for label in options["--add-label"]:
        if label not in label_names():
            sys.exit(f"fake gh: could not add label: '{label}' not found")
    found = issue(number)
    found["title"] = options.get("--title", found["title"])
    if "--body-file" in options:
        found["body"] = open(options["--body-file"]).read().rstrip("\n")
    found["labels"] += [{"name": l} for l in options["--add-label"]]
    found["assignees"] = [a for a in found["assignees"] if a["login"] not in options["--remove-assignee"]]
    found["assignees"] += [{"login": a} for a in options["--add-assignee"]]
elif (group, command) == ("issue", "comment"):
    (number,), options = parse(rest, {"--body", "--body-file"})
    text = options["--body"] if "--body" in options else open(options["--body-file"]).read()
    issue(number).setdefault("comments", []).append(text)
elif (group, command) == ("issue", "view"):
    (number,), options = parse(rest, {"--json"})
    found = issue(number)
    print(json.dumps({field: [{"body": c} for c in found.get(field, [])] if field == "comments" else found[field]
                      for field in options["--json"].split(",")}))
elif (group, command) == ("pr", "list"):
    _, options = parse(rest, {"--head", "--state", "--json", "--limit"})
    wanted = [p for p in state.get("pull_requests", []) if p["head"] == options["--head"]
              and options.get("--state", "open") in ("all", p["state"].lower())]
    print(json.dumps([{field: p[field] for field in options["--json"].split(",")} for p in wanted]))
elif (group, command) == ("pr", "create"):
    _, options = parse(rest, {"--base", "--head", "--title", "--body-file"})
    assert all(name in options for name in ("--base", "--head", "--title", "--body-file")), options
    if any(p["head"] == options["--head"] and p["state"] == "OPEN" for p in state.get("pull_requests", [])):
        sys.exit(f"fake gh: a pull request for branch \"{options['--head']}\" already exists")
    number = next_number()
    url = f"https://github.com/exempel/handbok/pull/{number}"
    state.setdefault("pull_requests", []).append({
        "number": number, "url": url, "state": "OPEN", "head": options["--head"], "base": options["--base"],
        "title": options["--title"], "body": open(options["--body-file"]).read(), "assignees": [],
        "comments": [], "reviews": []})
    print(url)
elif (group, command) == ("pr", "edit"):
    (number,), options = parse(rest, set(), {"--add-assignee"})
    unassignable(options["--add-assignee"])
    pull(number)["assignees"] += options["--add-assignee"]
elif (group, command) == ("pr", "comment"):
    (number,), options = parse(rest, {"--body-file"})
    pull(number)["comments"].append(open(options["--body-file"]).read())
elif (group, command) == ("pr", "view"):
    (number,), options = parse(rest, {"--json"})
    found = pull(number)
    print(json.dumps({field: [{"body": body} for body in found[field]] if field == "comments" else found[field]
                      for field in options["--json"].split(",")}))
elif (group, command) == ("workflow", "run"):
    (name,), options = parse(rest, {"--ref"})
    state.setdefault("dispatched", []).append({"workflow": name, "ref": options["--ref"]})
elif group == "api" and command == "--method" and rest[0] == "GET":
    # Recorded answers of GitHub's REST API, by endpoint; "offline" is a runner without network.
    (path,), _ = parse([command, *rest], {"--method"})
    if state.get("offline"):
        sys.exit("error connecting to api.github.com\ncheck your internet connection or https://githubstatus.com")
    if path not in state.get("api", {}):
        sys.exit("gh: Not Found (HTTP 404)")
    print(json.dumps(state["api"][path]))
elif group == "api" and command.endswith("/permission"):
    # Like GitHub: a collaborator's permission; anyone else may only read a public repository.
    login = re.fullmatch(r"repos/\{owner\}/\{repo\}/collaborators/([^/]+)/permission", command).group(1)
    print(json.dumps({"permission": state.get("permissions", {}).get(login, "read")}))
elif group == "api":
    (path,), options = parse([command, *rest], {"--method", "--input"})
    match = re.fullmatch(r"repos/\{owner\}/\{repo\}/pulls/(\d+)/reviews", path)
    assert match and options.get("--method") == "POST", (path, options)
    review = json.load(open(options["--input"]))
    assert set(review) <= {"commit_id", "event", "body", "comments"}, review
    for comment in review.get("comments", []):
        assert set(comment) <= {"path", "line", "side", "start_line", "start_side", "body"}, comment
    pull(match.group(1))["reviews"].append(review)
    print(json.dumps({"id": len(pull(match.group(1))["reviews"])}))
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
"""


class FakeGitHub:
    """The stand-in `gh` first on PATH, its state file and its log of calls."""

    def __init__(self, folder: Path):
        required_tool("jq")
        self.bin = folder / "bin"
        self.bin.mkdir()
        (self.bin / "gh").write_text(FAKE_GH.replace("/usr/bin/env python3", sys.executable), encoding="utf-8")
        (self.bin / "gh").chmod(0o755)
        self.state, self.log = folder / "github.json", folder / "gh.log"

    def environment(self, **extra: str) -> dict:
        return dict(os.environ, PATH=f"{self.bin}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}"
                                     f"{os.environ['PATH']}",
                    FAKE_GH_STATE=str(self.state), FAKE_GH_LOG=str(self.log), **extra)

    def run_step(self, script: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess:
        """A `run:` step as GitHub's bash runs it (bash -e {0}, with pipefail by default)."""
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                              cwd=cwd, env=self.environment(**extra), capture_output=True, text=True)

    def calls(self) -> list[list[str]]:
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]

    def read(self) -> dict:
        return json.loads(self.state.read_text(encoding="utf-8"))

    def write(self, state: dict) -> None:
        self.state.write_text(json.dumps(state), encoding="utf-8")


