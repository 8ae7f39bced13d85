"""Branches, pull requests and comments, shared by the browser-editing workflows.

Every step that sends something to GitHub first asks whether it was already sent: a
pull request for the branch, a comment with the same hidden marker. That is what makes a
re-run of a workflow change nothing.

A pull request opened or pushed to with the workflow's own token starts no other
workflow (GitHub's rule against loops), so the check that branch protection requires
would never run on it. ``start_check`` starts the check workflow on the branch by
``workflow_dispatch``, the one event that token may trigger; its jobs report on the
branch's newest commit under the names branch protection asks for.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from qms_tools.handbook.contacts import responsible_for
from qms_tools.handbook.model import Handbook
from qms_tools.handbook.settings import ProjectError
from qms_tools.lifecycle.issue_plan import marker
from qms_tools.runtime import git, github

__all__ = ["marker"]  # the reminder issues' hidden markers, one format for every comment

WRITERS = ("admin", "maintain", "write")
"""Permissions on the repository that may start a change from an issue."""

REMOTE = "origin"


@dataclass
class Report:
    """What a workflow run did, in Swedish, one line per step (printed to the job log)."""

    lines: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.lines.append(line)

    def __str__(self) -> str:
        return "\n".join(self.lines)


def read_event(path: Path) -> dict:
    """The webhook payload GitHub writes to ``$GITHUB_EVENT_PATH``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ProjectError(f"Händelsen {path} kunde inte läsas som JSON: {error}") from None
    if not isinstance(data, dict):
        raise ProjectError(f"Händelsen {path} är inget JSON-objekt.")
    return data


def required(event: dict, *path: str):
    """The value at ``path`` in the event (``"pull_request", "head", "sha"``), or a Swedish
    ProjectError naming what is missing: an event of another kind, or a broken file."""
    value = event
    for depth, key in enumerate(path):
        if not isinstance(value, dict) or value.get(key) in (None, ""):
            raise ProjectError(f"Händelsen saknar {'.'.join(path[:depth + 1])}: arbetsflödet startades av en "
                               "annan händelse än det är gjort för, eller händelsefilen är ofullständig.")
        value = value[key]
    return value


def default_branch(root: Path, event: dict) -> str:
    """The branch a new branch starts from and its pull request goes to."""
    return (event.get("repository") or {}).get("default_branch") or \
        git.run(root, "rev-parse", "--abbrev-ref", "HEAD").decode().strip()


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def owner_handles(handbook: Handbook, role_id: str | None) -> tuple[str, ...]:
    """The GitHub accounts that answer for a role today (the quality role stands in for a
    vacant one), as CODEOWNERS names them."""
    settings = handbook.settings
    return responsible_for(handbook.organisation, role_id, handbook.today, settings.quality_role).handles


def can_write(login: str) -> bool:
    """Whether ``login`` may push to the repository. Asked of GitHub, not read from the
    event's author association, which says MEMBER for an organisation member who may only
    read, and nothing about people with access through a team."""
    if not login:
        return False
    try:
        answer = github.json_of("api", f"repos/{{owner}}/{{repo}}/collaborators/{login}/permission")
    except github.GitHubError:  # not a collaborator at all
        return False
    return (answer or {}).get("permission") in WRITERS


def find_pull_request(branch: str, state: str = "open") -> dict | None:
    found = github.json_of("pr", "list", "--head", branch, "--state", state, "--json", "number,url,state")
    return found[0] if found else None


def comments(kind: str, number: int) -> list[str]:
    """The bodies of the comments (and, on a pull request, the reviews) of an issue or pull request."""
    fields = "comments,reviews" if kind == "pr" else "comments"
    data = github.json_of(kind, "view", str(number), "--json", fields) or {}
    return [entry.get("body") or "" for name in fields.split(",") for entry in data.get(name) or []]


def comment_once(kind: str, number: int, hidden: str, body: str) -> bool:
    """Comment ``body`` on issue or pull request ``number`` unless a comment with the
    marker ``hidden`` is there already; returns whether it commented."""
    if any(hidden in text for text in comments(kind, number)):
        return False
    github.with_file(f"{body}\n\n{hidden}\n", kind, "comment", str(number))
    return True


def create_pull_request(base: str, branch: str, title: str, body: str,
                        assignees: list[str]) -> tuple[int, str, list[str]]:
    """Open the pull request and assign it; returns (number, url, the accounts that could
    not be assigned). An account without access to the repository cannot be assigned;
    that must not leave the branch without its pull request."""
    url = github.with_file(body, "pr", "create", "--base", base, "--head", branch, "--title", title).strip()
    number = int(url.rstrip("/").rsplit("/", 1)[-1])
    unassigned = []
    for login in dict.fromkeys(assignees):
        try:
            github.run("pr", "edit", str(number), "--add-assignee", login)
        except github.GitHubError:
            unassigned.append(login)
    return number, url, unassigned


def start_check(workflow: str, branch: str) -> None:
    github.run("workflow", "run", workflow, "--ref", branch)


def start_branch(root: Path, branch: str) -> None:
    """Work on ``branch`` from what is checked out (the default branch), whatever it held."""
    git.run(root, "switch", "--quiet", "-C", branch)


def push(root: Path, branch: str, force: bool = False) -> None:
    git.run(root, "push", "--quiet", *(["--force"] if force else []), REMOTE, f"HEAD:refs/heads/{branch}")


def remote_tip(root: Path, branch: str) -> str | None:
    """The commit ``branch`` points at on the remote now; None when it has no such branch."""
    listed = git.run(root, "ls-remote", REMOTE, f"refs/heads/{branch}").decode("ascii").split()
    return listed[0] if listed else None


def commit(root: Path, message: str, *paths: str) -> str:
    git.run(root, "add", "--", *paths)
    git.run(root, "commit", "--quiet", "-m", message, "--", *paths)
    return git.run(root, "rev-parse", "HEAD").decode("ascii").strip()


@contextlib.contextmanager
def pull_request_tree(root: Path, number: int, head_sha: str) -> Iterator[Path]:
    """The pull request's files at ``head_sha`` in a separate work tree, to be read as data.

    The checkout (and the tool installed from it) stays the default branch's: nothing in
    this tree is ever run."""
    git.run(root, "fetch", "--quiet", "--no-tags", REMOTE, f"+refs/pull/{number}/head:refs/qms/pull/{number}")
    folder = Path(tempfile.mkdtemp(prefix="qms-pr-"))
    tree = folder / "tree"
    git.run(root, "worktree", "add", "--quiet", "--detach", str(tree), head_sha)
    try:
        _refuse_links_out(tree)
        yield tree
    finally:
        with contextlib.suppress(git.GitError):
            git.run(root, "worktree", "remove", "--force", str(tree))
        shutil.rmtree(folder, ignore_errors=True)


def _refuse_links_out(tree: Path) -> None:
    """A symbolic link in the pull request that leads out of it would make a data file
    (CODEOWNERS, the role registry) read whatever it points at on the runner, such as the
    checkout's own Git configuration, and a comment could repeat it: refuse the tree."""
    inside = tree.resolve()
    listing = git.run(tree, "ls-files", "-s", "-z").decode("utf-8", "surrogateescape")
    for entry in filter(None, listing.split("\0")):
        mode, _, rest = entry.partition(" ")
        path = rest.split("\t", 1)[1]
        if mode == "120000":
            try:
                target = (tree / path).resolve(strict=False)
            except (OSError, RuntimeError):
                target = None
            if target is None or not target.is_relative_to(inside):
                raise ProjectError(f"{path} i pull requesten är en symbolisk länk ut ur arkivet. Pull requestens "
                                   "filer lästes inte; ersätt länken med själva filen.")


def pull_request_facts(event: dict) -> tuple[int, str, str, str, bool]:
    """(number, base sha, head sha, head branch, from a fork) of a pull_request(_target) event."""
    pull = "pull_request"
    # A fork's repository may be gone (deleted after the pull request was opened): not ours.
    number, base_sha = int(required(event, pull, "number")), required(event, pull, "base", "sha")
    ours = required(event, pull, "base", "repo", "full_name")
    head_sha, head_ref = required(event, pull, "head", "sha"), required(event, pull, "head", "ref")
    fork = (event[pull]["head"].get("repo") or {}).get("full_name") != ours
    return number, base_sha, head_sha, head_ref, fork
