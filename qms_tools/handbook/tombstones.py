"""The tombstone registry: documents deleted from the handbook whose ids live on.

A deleted document's permanent address (and every QR code printed for it) must still
lead somewhere true. The Git history knows every id ever published, but not what
replaced a document or why it went, and a shallow clone does not know the history at
all; the registry, a YAML file in the content folder, records both::

    - id: RUT-OMR-003
      title: Mottagning av ärenden per fax
      replaced_by: RUT-OMR-001        # valfritt
      reason: Faxen är avvecklad.     # valfritt
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qms_tools.handbook.fields import ID_PATTERN
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.settings import Settings
from qms_tools.handbook.source import decode
from qms_tools.handbook.yaml_reader import read_yaml

FILE_NAME = "borttagna.yml"
_ID = re.compile(ID_PATTERN)
_KEYS = ("id", "title", "replaced_by", "reason")


@dataclass(frozen=True)
class Tombstone:
    id: str
    title: str
    replaced_by: str | None = None
    reason: str | None = None
    line: int = 1


@dataclass
class TombstoneRegistry:
    path: str
    """Project-relative path of the registry file (it need not exist)."""
    entries: dict[str, Tombstone] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def registry_path(settings: Settings) -> str:
    return f"{settings.content_dir.strip('/')}/{FILE_NAME}"


def load_tombstones(settings: Settings) -> TombstoneRegistry:
    registry = TombstoneRegistry(registry_path(settings))

    def error(line: int, message: str) -> None:
        registry.findings.append(Finding(registry.path, line, "tombstone.invalid", Severity.ERROR, message))

    file = settings.root / registry.path
    if not file.is_file():
        return registry
    problems: list = []
    text = decode(file.read_bytes(), problems)
    for problem in problems:
        error(problem.line, problem.message)
    if text is None:
        return registry
    located = read_yaml(text)
    for problem in located.problems:
        error(problem.line, problem.message)
    data = located.data
    if data is None:
        return registry
    if not isinstance(data, list):
        error(1, "Registret över borttagna dokument ska vara en lista med en post per dokument: "
                 "'- id: …', 'title: …' och gärna 'replaced_by: …' och 'reason: …'.")
        return registry
    for index, item in enumerate(data):
        line = located.line_of(index)
        if not isinstance(item, dict):
            error(line, "Varje post ska ha id och title, till exempel '- id: RUT-OMR-003' och på nästa rad "
                        "'  title: Rutinens titel'.")
            continue
        for key in item:
            if key not in _KEYS:
                error(located.line_of(index, key), f"Okänd nyckel '{key}'. Tillåtna: {', '.join(_KEYS)}.")
        document_id, title = item.get("id"), item.get("title")
        if not isinstance(document_id, str) or not _ID.match(document_id):
            error(located.line_of(index, "id"), f"'{document_id}' är inget giltigt id. Ange dokumentets id "
                                                f"precis som det stod i dokumentet, t.ex. RUT-OMR-003.")
            continue
        if document_id in registry.entries:
            error(line, f"{document_id} finns redan på rad {registry.entries[document_id].line}. "
                        f"Ta bort den ena posten.")
            continue
        if not isinstance(title, str) or not title.strip():
            error(line, f"{document_id} saknar title. Skriv dokumentets sista titel, så att den som skannar "
                        f"en gammal QR-kod ser vad det var.")
            title = document_id
        replaced_by = item.get("replaced_by")
        if replaced_by is not None and (not isinstance(replaced_by, str) or not _ID.match(replaced_by)):
            error(located.line_of(index, "replaced_by"), f"replaced_by '{replaced_by}' är inget giltigt id.")
            replaced_by = None
        reason = item.get("reason")
        registry.entries[document_id] = Tombstone(document_id, title.strip(), replaced_by,
                                                  str(reason).strip() if reason else None, line)
    return registry
