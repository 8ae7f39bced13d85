"""Fill the approvals ledger from GitHub, and report the versions whose approval is
flagged (``qms approvals``). The ledger's format and its reader are in
``handbook/approvals.py``.

A fetch asks only about the content commits the ledger does not know yet, newest first,
so that the versions in force are answered first: one request per commit
(``commits/<sha>/pulls``, which finds the pull request whatever the merge method) and
one per new pull request (its reviews). ``max_requests`` keeps a first fill of a long
history within the token's hourly allowance (1,000 requests for a workflow's token); the
next nightly run goes on where this one stopped. When GitHub cannot be reached, what was
learnt is kept and the rest stays "uppgift saknas": the site is built all the same.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Callable

from qms_tools.handbook.approvals import (
    FLAG_TEXTS,
    MISSING_TEXT,
    Approval,
    Ledger,
    Pull,
    Review,
    parse_time,
    read_ledger,
    roles_of,
    write_ledger,
)
from qms_tools.handbook.history import file_at
from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.organisation import Organisation, organisation_from_bytes
from qms_tools.handbook.vocabulary import Status
from qms_tools.runtime import git
from qms_tools.runtime.github import GitHubError, json_of

MAX_REQUESTS = 900


def api(endpoint: str) -> object:
    """GitHub's answer to a GET of ``endpoint``, read-only."""
    return json_of("api", "--method", "GET", endpoint)
_REPOSITORY = re.compile(r"^https?://github\.com/([^/\s]+/[^/\s]+?)(?:\.git)?/?$")


@dataclass(frozen=True)
class FetchResult:
    asked: int
    """Commits answered in this run."""
    pulls: int
    """Pull requests read in this run."""
    remaining: int
    """Content commits still without an answer."""
    failure: str | None = None


def repository_of(handbook: Handbook) -> str | None:
    """``owner/name`` of the handbook's GitHub repository, from ``repo_url``."""
    found = _REPOSITORY.match(handbook.settings.repo_url or "")
    return found.group(1) if found else None


def fetch(handbook: Handbook, repository: str, ask: Callable[[str], object] = api,
          max_requests: int = MAX_REQUESTS) -> FetchResult:
    root = handbook.settings.root
    ledger = read_ledger(root)
    if ledger.repository not in (None, repository):
        ledger = Ledger()  # another repository's answers say nothing of this one
    ledger.repository = repository
    history = handbook.history
    unknown = [change.commit for change in (history.log if history else []) if change.commit not in ledger.commits]
    registries: dict[str, Organisation] = {}
    requests = asked = pulls = 0
    failure = None
    try:
        for commit in unknown:
            if requests >= max_requests:
                break
            answer = ask(f"repos/{repository}/commits/{commit}/pulls")
            requests += 1
            merged = [pull for pull in answer if isinstance(pull, dict) and pull.get("merged_at")
                      and (pull.get("base") or {}).get("ref") == handbook.settings.edit_branch] \
                if isinstance(answer, list) else []
            for pull in merged:
                number = int(pull["number"])
                if number in ledger.pulls:
                    continue
                reviews = ask(f"repos/{repository}/pulls/{number}/reviews?per_page=100")
                requests += 1
                registry = _registry_then(handbook, str(pull.get("merge_commit_sha") or commit), registries)
                ledger.pulls[number] = _pull(pull, reviews if isinstance(reviews, list) else [], registry)
                pulls += 1
            ledger.commits[commit] = [int(pull["number"]) for pull in merged]
            asked += 1
    except GitHubError as error:
        failure = str(error)
    finally:
        write_ledger(root, ledger)
    return FetchResult(asked, pulls, len(unknown) - asked, failure)


def _registry_then(handbook: Handbook, commit: str, registries: dict[str, Organisation]) -> Organisation:
    """The role registry as ``commit`` left it; today's when Git does not have it (a
    shallow clone) or it could not be read."""
    if commit not in registries:
        settings = handbook.settings
        try:
            raw = file_at(settings.root, commit, settings.organisation_file)
        except git.GitError:
            raw = None
        organisation = None
        if raw is not None:
            organisation, findings = organisation_from_bytes(raw, settings.organisation_file)
            if not organisation.roles and findings:
                organisation = None
        registries[commit] = organisation or handbook.organisation
    return registries[commit]


def _pull(pull: dict, reviews: list, registry: Organisation) -> Pull:
    merged_at = parse_time(pull.get("merged_at"))
    author = str((pull.get("user") or {}).get("login") or "ghost")
    on = (merged_at or dt.datetime.now(dt.timezone.utc)).date()
    kept = []
    for review in reviews:
        if not isinstance(review, dict):
            continue
        login = str((review.get("user") or {}).get("login") or "ghost")
        submitted = parse_time(review.get("submitted_at"))
        roles, name = roles_of(login, registry, (submitted or merged_at or dt.datetime.now(dt.timezone.utc)).date())
        kept.append(Review(login, str(review.get("state") or ""), submitted, name, roles))
    return Pull(int(pull["number"]), str(pull.get("html_url") or ""), author, roles_of(author, registry, on)[1],
                merged_at, str(pull.get("merge_commit_sha") or ""), tuple(kept))


@dataclass(frozen=True)
class VersionApproval:
    document: Document
    commit: str | None
    approval: Approval


def versions(handbook: Handbook, ledger: Ledger | None = None) -> list[VersionApproval]:
    """The approval of each document's current version, by id; drafts are approved by
    nobody yet and left out."""
    ledger = read_ledger(handbook.settings.root) if ledger is None else ledger
    found = []
    for document in sorted(handbook.documents, key=lambda document: (document.id or "", document.path)):
        if document.status is Status.DRAFT:
            continue
        change = handbook.history.last_change(document.path) if handbook.history else None
        approval = ledger.approval(change.commit, document.owner) if change else Approval(known=False)
        found.append(VersionApproval(document, change.commit if change else None, approval))
    return found


def approver_words(approval: Approval, role_title: Callable[[str], str]) -> str | None:
    """"<roll> (<namn>)" of the approval shown, the role held then; None without one."""
    approver = approval.approver
    if approver is None:
        return None
    name = approver.name or approver.login
    role = next(iter(approver.roles), None)
    return f"{role_title(role)} ({name})" if role else name


def approval_line(approval: Approval, role_title: Callable[[str], str]) -> str:
    """"Fastställd av <roll> (<namn>), <datum>", or why it cannot be said."""
    if not approval.known:
        return f"Fastställd: {MISSING_TEXT}"
    who = approver_words(approval, role_title)
    if who is None:
        return "Fastställd: inget godkännande"
    return f"Fastställd av {who}, {approval.date.isoformat() if approval.date else MISSING_TEXT}"


def report(handbook: Handbook, output_format: str = "text", only_flagged: bool = True) -> str:
    rows = [row for row in versions(handbook) if not only_flagged or row.approval.flags or not row.approval.known]

    def title(role: str) -> str:
        found = handbook.organisation.roles.get(role)
        return found.title if found else role

    if output_format == "json":
        return json.dumps([{
            "id": row.document.id, "path": row.document.path, "commit": row.commit,
            "known": row.approval.known,
            "pull": row.approval.pull.url if row.approval.pull else None,
            "approver": row.approval.approver.login if row.approval.approver else None,
            "roles": list(row.approval.approver.roles) if row.approval.approver else [],
            "date": row.approval.date.isoformat() if row.approval.date else None,
            "flags": list(row.approval.flags)} for row in rows], ensure_ascii=False, indent=2)
    flagged = sum(1 for row in rows if row.approval.flags)
    missing = sum(1 for row in rows if not row.approval.known)
    lines = [f"Godkännanden: {flagged} versioner flaggade, {missing} utan uppgift."]
    for row in rows:
        lines.append(f"{row.document.path}: {row.document.id or '–'} – {approval_line(row.approval, title)}"
                     + (f" ({row.approval.pull.url})" if row.approval.pull else ""))
        lines.extend(f"  - {FLAG_TEXTS[flag]}" for flag in row.approval.flags)
    return "\n".join(lines)
