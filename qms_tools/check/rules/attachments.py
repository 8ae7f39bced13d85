"""Attachments the site refuses to publish (see ``handbook.attachments``): each one a
finding naming the file and why, so the editor learns it before the site is built."""

from __future__ import annotations

from typing import Iterator

from qms_tools.handbook.attachments import read_attachments
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook


def refused_attachments(handbook: Handbook) -> Iterator[Finding]:
    settings = handbook.settings
    if not settings.content_root.is_dir():
        return
    for attachment in read_attachments(settings.content_root):
        if attachment.refusal:
            yield Finding(f"{settings.content_dir}/{attachment.path}", 1, "attachment.refused", Severity.ERROR,
                          f"Filen publiceras inte. {attachment.refusal}")


RULES = (refused_attachments,)
