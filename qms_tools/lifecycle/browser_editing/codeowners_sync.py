"""CODEOWNERS kept in step by the pull request itself.

A pull request that changes the role registry or adds documents needs a new CODEOWNERS,
or `qms check` fails (``codeowners.stale``). The file is generated from the pull request's
own files, read as data in a separate work tree; on a branch of this repository it is
committed to the pull request's branch, and the check is started again. A fork's branch
cannot be pushed to (and must not be: its code is not trusted), so its pull request gets
a comment with the exact change, once per change.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

from qms_tools.handbook import codeowners
from qms_tools.handbook.loader import load
from qms_tools.lifecycle.browser_editing import pull_requests
from qms_tools.lifecycle.browser_editing.pull_requests import Report, marker
from qms_tools.runtime import git

COMMIT_MESSAGE = ("Uppdatera CODEOWNERS efter ändringen\n\n"
                  "Skapad av `qms github codeowners` från rollregistret och dokumentens ägare, så att rätt ägare "
                  "godkänner ändringen.")


def fork_comment(diff: str) -> str:
    return ("Ändringen gör att `.github/CODEOWNERS` behöver uppdateras. Pull requesten kommer från en kopia "
            "(fork) av arkivet, så arbetsflödet kan inte checka in ändringen åt dig. Gör den här ändringen i "
            "`.github/CODEOWNERS` på din gren (eller kör `qms codeowners`):\n\n```diff\n" + diff + "```")


def sync(root: Path, event: dict, today: dt.date, check_workflow: str) -> Report:
    report = Report()
    number, _, head_sha, head_ref, fork = pull_requests.pull_request_facts(event)
    with pull_requests.pull_request_tree(root, number, head_sha) as tree:
        current = codeowners.read_current(tree)
        if current is None:
            report.say(f"{codeowners.CODEOWNERS_PATH} finns inte i handboken; inget att göra.")
            return report
        handbook = load(tree, today).handbook
        expected = codeowners.generate(handbook)
        if current == expected:
            report.say(f"{codeowners.CODEOWNERS_PATH} är redan aktuell i pull request #{number}.")
            return report
        if fork:
            diff = "".join(difflib.unified_diff(current.splitlines(keepends=True), expected.splitlines(keepends=True),
                                                f"a/{codeowners.CODEOWNERS_PATH}", f"b/{codeowners.CODEOWNERS_PATH}"))
            if pull_requests.comment_once("pr", number, marker("codeowners", pull_requests.fingerprint(expected)),
                                          fork_comment(diff)):
                report.say(f"Pull request #{number} kommer från en fork: kommenterade ändringen av CODEOWNERS.")
            else:
                report.say(f"Ändringen av CODEOWNERS är redan kommenterad i pull request #{number}.")
            return report
        tip = pull_requests.remote_tip(tree, head_ref)
        if tip is not None and tip != head_sha:
            # A re-run of an older event, or the branch moved on (perhaps by this
            # workflow's own commit): the run for the branch's newest commit decides. A
            # commit made again here could even equal the one already pushed, byte for
            # byte, within the same second, and start the check twice.
            report.say(f"Grenen {head_ref} har nyare ändringar än den här körningen gäller; körningen för den "
                       f"senaste ändringen uppdaterar CODEOWNERS om det behövs.")
            return report
        codeowners.write(handbook)
        pull_requests.commit(tree, COMMIT_MESSAGE, codeowners.CODEOWNERS_PATH)
        try:
            pull_requests.push(tree, head_ref)
        except git.GitError as error:
            # The branch moved on while this ran: the run for the newer commit does it.
            report.say(f"Grenen {head_ref} har ändrats sedan körningen startade; nästa körning uppdaterar "
                       f"CODEOWNERS ({error.reason}).")
            return report
    pull_requests.start_check(check_workflow, head_ref)
    report.say(f"Checkade in en uppdaterad {codeowners.CODEOWNERS_PATH} på grenen {head_ref} och startade kontrollen.")
    return report
