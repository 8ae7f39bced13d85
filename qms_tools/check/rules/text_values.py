"""One-line front-matter values that are unsafe to pass on: a control character or a
bidirectional override in a title, an owner or an activity (it breaks the calendar feed
and CODEOWNERS, and reads differently from what it is), and ids longer than any real one.
The registry and qms.yml are checked the same way where they are read."""

from __future__ import annotations

from typing import Iterator

from qms_tools.check.rules.content import front_matter_texts
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook
from qms_tools.handbook.plain_text import MAX_ID_LENGTH, has_control_characters, printable


def control_characters(handbook: Handbook) -> Iterator[Finding]:
    for document in handbook.documents:
        for line, key, text in front_matter_texts(document):
            if has_control_characters(text):
                yield Finding(document.path, line, "content.control-character", Severity.ERROR,
                              f"Värdet för '{key}' innehåller ett osynligt styrtecken ('{printable(text)[:80]}'). "
                              f"Det bryter kalenderflödet och kan visa något annat än det som står. Skriv om "
                              f"värdet för hand.")


def id_length(handbook: Handbook) -> Iterator[Finding]:
    for document in handbook.documents:
        if document.id and len(document.id) > MAX_ID_LENGTH:
            yield Finding(document.path, document.line_of("id"), "id.too-long", Severity.ERROR,
                          f"Id '{document.id[:20]}…' har {len(document.id)} tecken; högst {MAX_ID_LENGTH} är "
                          f"tillåtet (id:t står i adresser, filnamn och QR-koder). Välj ett kortare id.")


RULES = (control_characters, id_length)
