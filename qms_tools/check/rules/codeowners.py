"""CODEOWNERS must match the owners in the handbook, or approval goes to the wrong people.

A project without ``.github/CODEOWNERS`` has chosen not to use it (a handbook not hosted
on GitHub); removing the file needs the quality unit's approval, because it owns the file.

Time is not a commit. CODEOWNERS depends on the date as well as on the files: the day
after a holder's ``until:`` their documents go to the quality role. Were that an error,
`main`, the nightly build and every unrelated pull request would turn red overnight with
nobody having changed anything. So (the editor guide, "Datum är ingen ändring", says the
same to editors):

- A file that matches what ``qms codeowners`` wrote on an earlier date, the last day
  before a holder's ``until:`` passed, differs only by the calendar: a warning
  (``codeowners.stale`` on CODEOWNERS). A change that itself touches the role registry or
  CODEOWNERS must leave the file right, so there it is an error (``for_change``).
- A file that matches no date differs by the content: always an error.
- A holder whose ``until:`` comes within ``NOTICE_DAYS`` gets a warning on that line of
  the registry, so that a successor is entered before the file goes stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Iterable, Iterator

from qms_tools.handbook import codeowners
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook

NOTICE_DAYS = 30
RULE = "codeowners.stale"


def _on(handbook: Handbook, day: dt.date) -> str:
    return codeowners.generate(dataclasses.replace(handbook, today=day))


def _ends(handbook: Handbook) -> list[tuple[dt.date, str]]:
    """(last day, role id) of every holder with an ``until:``, earliest first."""
    return sorted((role.holder.until, role.id) for role in handbook.organisation.roles.values()
                  if role.holder is not None and role.holder.until is not None)


def codeowners_current(handbook: Handbook) -> Iterator[Finding]:
    current = codeowners.read_current(handbook.settings.root)
    if current is None:
        return
    today = handbook.today
    expected = codeowners.generate(handbook)
    if current != expected:
        line = codeowners.first_difference(current, expected) or 1
        # Latest first: a file written before the most recent departure is the usual case,
        # and each try generates the whole file once.
        passed = sorted({until for until, _ in _ends(handbook) if until < today}, reverse=True)
        # The file is right for the last day before some until: passed: only the calendar moved.
        if any(current == _on(handbook, until) for until in passed):
            yield Finding(codeowners.CODEOWNERS_PATH, line, RULE, Severity.WARNING,
                          "CODEOWNERS är inaktuell sedan en innehavare i rollregistret slutade "
                          "(until: har passerat), så godkännandet går fortfarande till den som slutat. Ange "
                          f"ny innehavare i {handbook.organisation.path or handbook.settings.organisation_file}, "
                          f"kör 'qms codeowners' och checka in {codeowners.CODEOWNERS_PATH}. Det är en varning "
                          "tills en ändring rör rollregistret eller CODEOWNERS.")
        else:
            yield Finding(codeowners.CODEOWNERS_PATH, line, RULE, Severity.ERROR,
                          "CODEOWNERS stämmer inte med dokumentens ägare och rollregistret, så fel personer "
                          "skulle godkänna ändringar. Kör 'qms codeowners' och checka in "
                          f"{codeowners.CODEOWNERS_PATH}.")
        return
    for until, role_id in _ends(handbook):
        if today <= until <= today + dt.timedelta(days=NOTICE_DAYS) and _on(handbook, until + dt.timedelta(days=1)) \
                != expected:
            role = handbook.organisation.roles[role_id]
            assert role.holder is not None
            days = (until - today).days
            yield Finding(handbook.organisation.path or handbook.settings.organisation_file, role.line, RULE,
                          Severity.WARNING,
                          f"{role.holder.name} slutar som {role.title} {until.isoformat()} (om {days} dagar). "
                          "Ange ny innehavare före dess och kör 'qms codeowners'; annars går godkännandet av "
                          "rollens dokument till kvalitetsrollen från dagen efter.")


def for_change(findings: Iterable[Finding], handbook: Handbook, changed: frozenset[str]) -> list[Finding]:
    """A change that touches the registry or CODEOWNERS must leave CODEOWNERS right: there a
    CODEOWNERS gone stale by the calendar blocks, as any other stale file does."""
    touches = {handbook.settings.organisation_file, codeowners.CODEOWNERS_PATH} & changed
    return [dataclasses.replace(finding, severity=Severity.ERROR)
            if touches and finding.rule == RULE and finding.path == codeowners.CODEOWNERS_PATH else finding
            for finding in findings]


RULES = (codeowners_current,)
