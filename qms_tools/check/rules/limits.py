"""Limits that keep every reader of a document fast and safe: nesting past
``markdown_scan.MAX_NESTING`` is refused, so the site build never meets it."""

from __future__ import annotations

from typing import Iterator

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.markdown_scan import MAX_NESTING
from qms_tools.handbook.model import Handbook

_BLOCKS = "citat (>), listor och rutor (!!!) i varandra"
KINDS = {"citat": _BLOCKS, "lista": _BLOCKS, "ruta": _BLOCKS, "HTML": "HTML-element i varandra (t.ex. <div>)"}


def nesting(handbook: Handbook) -> Iterator[Finding]:
    for document in handbook.documents:
        deepest = document.structure.too_deep
        if deepest is not None:
            yield Finding(document.path, document.body_line + deepest.line, "content.too-deep", Severity.ERROR,
                          f"Texten har {deepest.depth} nivåer av {KINDS[deepest.kind]}; högst {MAX_NESTING} går att "
                          f"publicera. Dela upp texten i enklare stycken eller rubriker.")


RULES = (nesting,)
