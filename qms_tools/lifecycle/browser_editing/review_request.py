"""``/granskad`` on a review issue (or the manual workflow with an id) records a review
without changes, in a pull request that the document's owner approves.

The change is what `qms reviewed` makes (``reviewed`` today, ``review_date`` one interval
on: two lines, one commit), on the branch ``granskad/<id>``; approving the pull request
is the owner's review in Git, as before. The reminder issue names its document in its
hidden marker, so ``/granskad`` alone is enough there; ``/granskad RUT-…`` names one.
While the branch has an open pull request, a new request changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from qms_tools.handbook.loader import load
from qms_tools.handbook.settings import ProjectError
from qms_tools.lifecycle.browser_editing import pull_requests
from qms_tools.lifecycle.browser_editing.pull_requests import Report, comment_once, marker
from qms_tools.lifecycle.issue_plan import OVERDUE, ExistingIssue
from qms_tools.lifecycle.reviewed import find_document, record_review

COMMAND = re.compile(r"/granskad(?:[ \t]+(?P<id>\S+))?[ \t]*(?:\r?\n|$)")
"""At the very start of the comment, as the workflow's condition (startsWith) asks."""


def branch_name(document_id: str) -> str:
    return f"granskad/{document_id}"


def requested(event: dict) -> tuple[str | None, int | None, str, bool]:
    """(document id, issue number, who asked, whether a manual run) from a comment or a manual
    run (which only people with write access can start)."""
    sender = (event.get("sender") or {}).get("login", "")
    if "comment" not in event:
        return ((event.get("inputs") or {}).get("id") or "").strip() or None, None, sender, True
    comment, issue = pull_requests.required(event, "comment"), pull_requests.required(event, "issue")
    number = int(pull_requests.required(event, "issue", "number"))
    sender = (comment.get("user") or {}).get("login", sender)
    match = COMMAND.match(comment.get("body") or "")
    document_id = match.group("id") if match and match.group("id") else None
    if document_id is None:
        key = ExistingIssue(number, "", issue.get("body") or "", True, (), ()).key
        document_id = key.split(":", 1)[1] if key and key.startswith(OVERDUE + ":") else None
    return document_id, number, sender, False


def request_review(root: Path, event: dict, today: dt.date, check_workflow: str) -> Report:
    report = Report()
    document_id, issue, requester, manual = requested(event)
    if issue is not None and (not COMMAND.match((event.get("comment") or {}).get("body") or "")
                              or "pull_request" in event["issue"]):
        report.say("Kommentaren är inget /granskad-kommando i ett ärende; inget att göra.")
        return report
    problem = None
    if not manual and not pull_requests.can_write(requester):
        problem = "Bara den som har skrivbehörighet till handboken kan registrera en granskning."
    elif not document_id:
        problem = "Ärendet säger inte vilket dokument som granskats. Skriv `/granskad` följt av dokumentets id, " \
                  "till exempel `/granskad RUT-BOU-001`."
    if problem is None:
        branch = branch_name(document_id)
        existing = pull_requests.find_pull_request(branch)
        if existing:
            report.say(f"Granskningen av {document_id} väntar redan på godkännande i {existing['url']}. "
                       "Inget ändrades.")
            return report
        base = pull_requests.default_branch(root, event)
        try:
            document_id = find_document(load(root, today).handbook, document_id).id
            branch = branch_name(document_id)
            pull_requests.start_branch(root, branch)
            recorded = record_review(root, document_id, today)
        except ProjectError as error:
            problem = str(error)
    if problem is not None:
        if issue is None:
            raise ProjectError(problem)
        comment_once("issue", issue, marker("granskad-fel", pull_requests.fingerprint(problem)), problem)
        report.say(f"Kommenterade #{issue}: {problem}")
        return report

    # No open pull request for the branch (asked above): what is there is an old, closed one's.
    pull_requests.push(root, branch, force=True)
    handbook = load(root, today).handbook
    document = handbook.by_id[document_id]
    owners = list(pull_requests.owner_handles(handbook, document.owner))
    role = handbook.organisation.roles.get(document.owner or "")
    asked = f" i #{issue}" if issue is not None else ""
    body = (f"{document.display_title} ({document.id}) är granskad utan ändringar, enligt @{requester}{asked}.\n\n"
            f"- `reviewed` blir {recorded.reviewed.isoformat()} och `review_date` {recorded.next_review.isoformat()}"
            " (två rader, inget annat ändras).\n"
            f"- Ägaren ({role.title if role else document.owner}: "
            f"{', '.join('@' + login for login in owners) or 'ingen innehavare'}) godkänner med **Review changes** "
            "→ **Approve**. Godkännandet är granskningen; därefter **Merge pull request**.\n")
    number, url, _ = pull_requests.create_pull_request(base, branch, recorded.message, body,
                                                       [*owners, *([requester] if requester else [])])
    if issue is not None:
        comment_once("issue", issue, marker("granskad-pr", str(number)),
                     f"Granskningen väntar på ägarens godkännande i {url}. Ärendet stängs av sig självt när "
                     "granskningen är inne.")
    pull_requests.start_check(check_workflow, branch)
    report.say(f"Registrerade granskningen av {document.id} på grenen {branch}: {url}.")
    return report
