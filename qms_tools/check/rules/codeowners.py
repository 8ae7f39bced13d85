"""CODEOWNERS must match the owners in the handbook, or approval goes to the wrong people.

A project without ``.github/CODEOWNERS`` has chosen not to use it (a handbook not hosted
on GitHub); removing the file needs the quality unit's approval, because it owns the file.
"""

from __future__ import annotations

from typing import Iterator

from qms_tools.handbook import codeowners
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook


def codeowners_current(handbook: Handbook) -> Iterator[Finding]:
    current = codeowners.read_current(handbook.settings.root)
    if current is None:
        return
    line = codeowners.first_difference(current, codeowners.generate(handbook))
    if line is not None:
        yield Finding(codeowners.CODEOWNERS_PATH, line, "codeowners.stale", Severity.ERROR,
                      "CODEOWNERS stämmer inte med dokumentens ägare och rollregistret, så fel personer "
                      "skulle godkänna ändringar. Kör 'qms codeowners' och checka in "
                      f"{codeowners.CODEOWNERS_PATH}.")


RULES = (codeowners_current,)
