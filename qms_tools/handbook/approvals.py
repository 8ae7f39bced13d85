"""The approvals ledger: who approved each version on the main branch, as GitHub recorded
it, and what the page and the report say about it.

Git knows who wrote a change, not who approved it: that is in the pull request's reviews
on GitHub. The deploy workflow asks GitHub (``qms approvals --fetch``, read-only token)
and keeps the answers in the ledger, ``.cache/qms/godkannanden.json``, which the
workflow's cache carries from one deploy to the next. The build itself never reaches
the network: a version the ledger does not know reads "uppgift saknas". The ledger can
be deleted; the next fetch asks GitHub again (the role then is read from Git, below).

This module is the one reader of the ledger; ``lifecycle/approvals.py`` writes it.

Format (JSON, one object, UTF-8)::

    {"version": "godkannanden 1",
     "repository": "ekebro-kommun/kvalitetshandbok",
     "commits": {"<40-hex commit>": [12], "<commit pushed without pull request>": []},
     "pulls": {"12": {
         "url": "https://github.com/ekebro-kommun/kvalitetshandbok/pull/12",
         "author": "snyberg-ekebro",                 # the pull request's author (login)
         "author_name": "Sara Nyberg" | null,        # from the role registry then
         "merged_at": "2026-03-02T10:15:00+00:00",
         "merge_commit": "<40-hex>",
         "reviews": [{"login": "kbjork-ekebro", "state": "APPROVED",
                      "submitted_at": "2026-03-02T09:58:00+00:00",
                      "name": "Karin Björk" | null,  # holder's name in the registry then
                      "roles": ["socialchef"]}]}}}   # roles the login held then

``commits`` names every content commit GitHub was asked about, with the merged pull
requests that brought it to the branch (an empty list: none, e.g. an administrator
pushed it directly). ``reviews`` are GitHub's, in its order; only a reviewer's last
APPROVED, CHANGES_REQUESTED or DISMISSED review before the merge counts. "Then" is the
role registry as it was in the pull request's merge commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qms_tools.runtime import cache

if TYPE_CHECKING:
    from qms_tools.handbook.organisation import Organisation

LEDGER_FILE = ".cache/qms/godkannanden.json"
"""Relative to the project root."""
LEDGER_VERSION = "godkannanden 1"

NOT_OWNER = "not-owner"
SELF_APPROVED = "self-approved"
UNAPPROVED = "unapproved"
FLAG_TEXTS = {
    NOT_OWNER: "Godkänd av någon som inte hade ägarrollen när ändringen godkändes.",
    SELF_APPROVED: "Författaren godkände sin egen ändring.",
    UNAPPROVED: "Ändringen kom in utan godkännande (en administratör gick förbi granskningen).",
}
"""What each flag says, on the page and in the report."""
MISSING_TEXT = "uppgift saknas"
_DECIDING = {"APPROVED", "CHANGES_REQUESTED", "DISMISSED"}


@dataclass(frozen=True)
class Review:
    login: str
    state: str
    submitted_at: dt.datetime | None
    name: str | None
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Pull:
    number: int
    url: str
    author: str
    author_name: str | None
    merged_at: dt.datetime | None
    merge_commit: str
    reviews: tuple[Review, ...]

    def approvals(self) -> list[Review]:
        """Reviewers whose last deciding review before the merge approved, in the order
        they approved."""
        last: dict[str, Review] = {}
        for review in self.reviews:
            if review.state not in _DECIDING:
                continue
            if self.merged_at and review.submitted_at and review.submitted_at > self.merged_at:
                continue
            last.pop(review.login, None)
            last[review.login] = review
        return [review for review in last.values() if review.state == "APPROVED"]


@dataclass(frozen=True)
class Approval:
    """What is known of how one version (a commit) came to the branch."""

    known: bool
    """False: the ledger has no answer for the commit ("uppgift saknas")."""
    pull: Pull | None = None
    approver: Review | None = None
    """The approval shown: the owner's when there is one, else the first."""
    flags: tuple[str, ...] = ()

    @property
    def date(self) -> dt.date | None:
        if self.approver and self.approver.submitted_at:
            return self.approver.submitted_at.date()
        return None


@dataclass
class Ledger:
    repository: str | None = None
    commits: dict[str, list[int]] = field(default_factory=dict)
    pulls: dict[int, Pull] = field(default_factory=dict)

    def approval(self, commit: str, owner_role: str | None) -> Approval:
        """How ``commit`` was approved, judged for a document owned by ``owner_role``."""
        numbers = self.commits.get(commit)
        if numbers is None:
            return Approval(known=False)
        pulls = [self.pulls[number] for number in numbers if number in self.pulls]
        if len(pulls) != len(numbers):
            return Approval(known=False)
        if not pulls:
            return Approval(known=True, flags=(UNAPPROVED,))
        # A commit brought in by several pull requests: the first merged is the one
        # that made it a version.
        pull = min(pulls, key=lambda found: found.merged_at or dt.datetime.max.replace(tzinfo=dt.timezone.utc))
        approvals = pull.approvals()
        if not approvals:
            return Approval(known=True, pull=pull, flags=(UNAPPROVED,))
        by_owner = [review for review in approvals if owner_role and owner_role in review.roles]
        approver = (by_owner or approvals)[0]
        flags = []
        if not by_owner:
            flags.append(NOT_OWNER)
        if _same_person(pull, approver):
            flags.append(SELF_APPROVED)
        return Approval(known=True, pull=pull, approver=approver, flags=tuple(flags))


def _same_person(pull: Pull, review: Review) -> bool:
    """The author approved: the same account, or two accounts the registry gave one
    holder (GitHub itself refuses an author's own approval, not a second account's)."""
    if review.login.lower() == pull.author.lower():
        return True
    return bool(review.name and pull.author_name and review.name == pull.author_name)


def roles_of(login: str, organisation: Organisation, on: dt.date) -> tuple[tuple[str, ...], str | None]:
    """The roles ``login`` held on ``on`` in ``organisation`` and the holder's name."""
    held, name = [], None
    wanted = login.lower()
    for role in organisation.roles.values():
        holder = role.holder
        if holder is None or wanted not in (account.lower() for account in holder.github):
            continue
        name = holder.name
        if holder.until is None or holder.until >= on:
            held.append(role.id)
    return tuple(held), name


def read_ledger(root: Path) -> Ledger:
    """The ledger of the project at ``root``; an empty one when there is none or it is
    not as ``write_ledger`` writes it (every commit then reads "uppgift saknas")."""
    data = cache.read(Path(root) / LEDGER_FILE, LEDGER_VERSION)
    if data is None:
        return Ledger()
    try:
        commits = {str(commit): [int(number) for number in numbers]
                   for commit, numbers in dict(data.get("commits") or {}).items()}
        pulls = {int(number): _pull(int(number), entry) for number, entry in dict(data.get("pulls") or {}).items()}
    except (TypeError, ValueError, KeyError, AttributeError):
        return Ledger()
    repository = data.get("repository")
    return Ledger(repository if isinstance(repository, str) else None, commits, pulls)


def write_ledger(root: Path, ledger: Ledger) -> None:
    pulls = {str(number): {
        "url": pull.url, "author": pull.author, "author_name": pull.author_name,
        "merged_at": _iso(pull.merged_at), "merge_commit": pull.merge_commit,
        "reviews": [{"login": review.login, "state": review.state, "submitted_at": _iso(review.submitted_at),
                     "name": review.name, "roles": list(review.roles)} for review in pull.reviews]}
        for number, pull in sorted(ledger.pulls.items())}
    cache.write(Path(root) / LEDGER_FILE, LEDGER_VERSION, repository=ledger.repository,
                commits=ledger.commits, pulls=pulls)


def _pull(number: int, entry: dict) -> Pull:
    reviews = tuple(Review(str(review["login"]), str(review["state"]), _time(review.get("submitted_at")),
                           _optional(review.get("name")), tuple(str(role) for role in review.get("roles") or ()))
                    for review in entry.get("reviews") or ())
    return Pull(number, str(entry["url"]), str(entry["author"]), _optional(entry.get("author_name")),
                _time(entry.get("merged_at")), str(entry.get("merge_commit") or ""), reviews)


def parse_time(value: object) -> dt.datetime | None:
    """GitHub's time stamps (``2026-03-02T09:58:00Z``), timezone-aware."""
    return _time(value)


def _time(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _optional(value: object) -> str | None:
    return None if value is None else str(value)
