"""Limits that keep every reader of a document fast and safe: nesting past
``handbook.nesting.MAX_DEPTH`` is refused, so the site build never meets it."""

from __future__ import annotations

from typing import Iterator

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook
from qms_tools.handbook.nesting import MAX_DEPTH, markdown_too_deep

KINDS = {"citat": "citat i citat (>)", "lista": "listor i listor", "HTML": "HTML-element i varandra (t.ex. <div>)"}


def nesting(handbook: Handbook) -> Iterator[Finding]:
    for document in handbook.documents:
        deepest = markdown_too_deep(document.body)
        if deepest is not None:
            yield Finding(document.path, document.body_line + deepest.line - 1, "content.too-deep", Severity.ERROR,
                          f"Texten har {deepest.depth} nivåer av {KINDS[deepest.kind]}; högst {MAX_DEPTH} går att "
                          f"publicera. Dela upp texten i enklare stycken eller rubriker.")


RULES = (nesting,)
