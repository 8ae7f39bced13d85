"""Document ids: unique across the handbook."""

from __future__ import annotations

from typing import Iterator

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook


def duplicate_ids(handbook: Handbook) -> Iterator[Finding]:
    for document in handbook.documents:
        first = handbook.by_id.get(document.id or "")
        if first is not None and first is not document:
            yield Finding(document.path, document.line_of("id"), "id.duplicate", Severity.ERROR,
                          f"Id '{document.id}' används redan av {first.path}. Ett id får bara finnas en gång: "
                          f"ge det här dokumentet ett nytt, oanvänt id.")


RULES = (duplicate_ids,)
