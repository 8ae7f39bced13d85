"""The audit questions file (``revisionsfragor.yml``) reads without problems, so no
question page is silently left out of the site."""

from __future__ import annotations

from typing import Iterator

from qms_tools.handbook.audit_questions import load_audit
from qms_tools.handbook.findings import Finding
from qms_tools.handbook.model import Handbook


def audit_questions(handbook: Handbook) -> Iterator[Finding]:
    settings = handbook.settings
    yield from load_audit(settings.content_root, settings.content_dir)[1]


RULES = (audit_questions,)
