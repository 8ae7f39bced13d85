"""Status rules: what a withdrawn document needs, and what replaces it."""

from __future__ import annotations

from typing import Iterator

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook
from qms_tools.handbook.vocabulary import Status


def replacements(handbook: Handbook) -> Iterator[Finding]:
    for document in handbook.documents:
        if document.replaced_by is None:
            continue
        line = document.line_of("replaced_by")
        if document.status is not Status.WITHDRAWN:
            yield Finding(document.path, line, "status.replaced-by-not-withdrawn", Severity.ERROR,
                          "replaced_by används bara för upphävda dokument. Sätt status: upphävd eller ta bort "
                          "replaced_by.")
        replacement = handbook.by_id.get(document.replaced_by)
        if replacement is None:
            yield Finding(document.path, line, "status.replaced-by-unknown", Severity.ERROR,
                          f"Ersättaren '{document.replaced_by}' finns inte i handboken. Ange id för ett "
                          f"befintligt dokument.")
        elif replacement is document:
            yield Finding(document.path, line, "status.replaced-by-self", Severity.ERROR,
                          "Ett dokument kan inte ersätta sig självt. Ange id för det nya dokumentet.")
        elif replacement.status is Status.WITHDRAWN:
            yield Finding(document.path, line, "status.replaced-by-withdrawn", Severity.WARNING,
                          f"Ersättaren '{replacement.id}' är också upphävd. Peka på det dokument som gäller nu"
                          + (f" ('{replacement.replaced_by}')." if replacement.replaced_by else "."))


RULES = (replacements,)
