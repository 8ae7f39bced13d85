"""The metadata table that municipal Word templates put first ("Fastställd av", "Giltig till" …).

Such a table is the document's old front-matter: what matches the handbook's model
(owner role, dates) moves into the new front-matter, the rest into the import report,
and the table leaves the body. Labels sit beside their values or above them; a cell may
also hold "Etikett: värde".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from qms_tools.handbook.fields import reformat_date
from qms_tools.handbook.organisation import Organisation
from qms_tools.lifecycle.importing.html_tree import Element

APPROVED_BY = "Fastställd av"
APPROVED_ON = "Fastställd datum"
VALID_UNTIL = "Giltig till"
RESPONSIBLE = "Dokumentansvarig"
CASE_NUMBER = "Diarienummer"

LABELS = {
    # How templates write a label (lower case, without ':') -> the label the report uses.
    "fastställd av": APPROVED_BY, "fastställt av": APPROVED_BY, "beslutad av": APPROVED_BY,
    "beslutat av": APPROVED_BY, "godkänd av": APPROVED_BY,
    "fastställd datum": APPROVED_ON, "fastställt datum": APPROVED_ON, "fastställd": APPROVED_ON,
    "fastställt": APPROVED_ON, "datum för fastställande": APPROVED_ON, "beslutsdatum": APPROVED_ON,
    "fastställelsedatum": APPROVED_ON,
    "giltig till": VALID_UNTIL, "giltigt till": VALID_UNTIL, "gäller till": VALID_UNTIL,
    "gäller till och med": VALID_UNTIL, "giltig t.o.m.": VALID_UNTIL, "revideras senast": VALID_UNTIL,
    "nästa revidering": VALID_UNTIL,
    "dokumentansvarig": RESPONSIBLE, "dokumentägare": RESPONSIBLE, "ansvarig": RESPONSIBLE,
    "diarienummer": CASE_NUMBER, "diarienr": CASE_NUMBER, "dnr": CASE_NUMBER,
    "version": "Version", "giltig från": "Giltig från", "gäller från": "Giltig från",
    "upprättad av": "Upprättad av", "framtagen av": "Upprättad av", "senast reviderad": "Senast reviderad",
    "reviderad": "Senast reviderad", "dokumenttyp": "Dokumenttyp", "gäller för": "Gäller för",
    "målgrupp": "Målgrupp",
}
_CORE = {APPROVED_BY, APPROVED_ON, VALID_UNTIL, RESPONSIBLE, CASE_NUMBER}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Metadata:
    entries: tuple[tuple[str, str], ...]
    """(label, value) in the table's order, the label as ``LABELS`` names it."""

    def value(self, label: str) -> str | None:
        return next((value for name, value in self.entries if name == label and value), None)


def _label(text: str) -> str | None:
    key = " ".join(text.lower().replace("\u00a0", " ").split()).rstrip(":").strip()
    return LABELS.get(key)


def _cells(table: Element) -> list[list[str]]:
    rows = []
    for row in table.iter("tr"):
        rows.append([" ".join(cell.text().split()) for cell in row.elements() if cell.tag in ("td", "th")])
    return rows


def read_table(table: Element) -> Metadata | None:
    """The metadata of ``table`` if at least two of its cells are metadata labels, one of them a core one."""
    rows = _cells(table)
    entries: list[tuple[str, str]] = []
    labels_seen: set[str] = set()
    for row_index, row in enumerate(rows):
        for column, text in enumerate(row):
            label = _label(text)
            if label is None and ":" in text:
                head, _, tail = text.partition(":")
                label = _label(head)
                if label:
                    entries.append((label, tail.strip()))
                    labels_seen.add(label)
                continue
            if label is None:
                continue
            labels_seen.add(label)
            beside = row[column + 1] if column + 1 < len(row) else ""
            below_row = rows[row_index + 1] if row_index + 1 < len(rows) else []
            below = below_row[column] if column < len(below_row) else ""
            if beside and _label(beside) is None:
                entries.append((label, beside))
            elif below and _label(below) is None:
                entries.append((label, below))
            else:
                entries.append((label, ""))
    if len(labels_seen) < 2 or not labels_seen & _CORE:
        return None
    return Metadata(tuple(entries))


def take_metadata_table(root: Element) -> Metadata | None:
    """Remove and return the leading metadata table: the first table, before any heading
    other than the title and before more than two paragraphs of text."""
    paragraphs_before = 0
    headings_before = 0
    for element in root.elements():
        if element.tag == "table":
            metadata = read_table(element)
            if metadata:
                element.remove()
            return metadata
        if not element.text().strip():
            continue
        if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            headings_before += 1
        else:
            paragraphs_before += 1
        if headings_before > 1 or paragraphs_before > 2:
            return None
    return None


def parse_date(text: str | None) -> dt.date | None:
    """A date in the forms Word templates use: 2025-03-01, 1/3/2025, 1 mars 2025, 20250301."""
    if not text:
        return None
    text = " ".join(text.split()).rstrip(".")
    if _ISO.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    return reformat_date(text)


def role_for(responsible: str | None, organisation: Organisation, today: dt.date) -> str | None:
    """The role a "Dokumentansvarig" cell names: its id, its title, or the name of its current holder."""
    if not responsible:
        return None
    wanted = " ".join(responsible.lower().split())
    for role in organisation.roles.values():
        if wanted in (role.id.lower(), role.title.lower()):
            return role.id
    held = [role.id for role in organisation.roles.values()
            if role.holder and " ".join(role.holder.name.lower().split()) == wanted and role.is_staffed(today)]
    return held[0] if len(held) == 1 else None
