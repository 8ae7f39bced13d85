"""Ids over time: an id once published keeps leading somewhere true, and never comes to
mean another document. Printed QR codes and saved links depend on both.

The published ids come from the Git history (``Handbook.history``); the tombstone
registry (``tombstones``) records the ids deleted on purpose.
"""

from __future__ import annotations

from typing import Iterator

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.history import History, PublishedId
from qms_tools.handbook.model import Handbook
from qms_tools.handbook.tombstones import TombstoneRegistry, load_tombstones


def published_ids(handbook: Handbook) -> Iterator[Finding]:
    registry = load_tombstones(handbook.settings)
    yield from registry.findings
    yield from _tombstone_replacements(handbook, registry)
    yield from _tombstoned_ids_in_use(handbook, registry)
    history = handbook.history
    if history is not None and history.is_repository:
        yield from _vanished(handbook, history, registry)
        yield from _reused(handbook, history, registry)


def _tombstone_replacements(handbook: Handbook, registry: TombstoneRegistry) -> Iterator[Finding]:
    for tombstone in registry.entries.values():
        if tombstone.replaced_by and tombstone.replaced_by not in handbook.by_id:
            yield Finding(registry.path, tombstone.line, "tombstone.replaced-by-unknown", Severity.ERROR,
                          f"{tombstone.id}: ersättaren '{tombstone.replaced_by}' finns inte i handboken. Ange id "
                          f"för ett befintligt dokument eller ta bort replaced_by.")


def _tombstoned_ids_in_use(handbook: Handbook, registry: TombstoneRegistry) -> Iterator[Finding]:
    for document in handbook.documents:
        tombstone = registry.entries.get(document.id or "")
        if tombstone is not None:
            yield Finding(document.path, document.line_of("id"), "id.reused", Severity.ERROR,
                          f"Id '{document.id}' är registrerat som borttaget i {registry.path} (rad {tombstone.line}, "
                          f"»{tombstone.title}«). Ett id återanvänds aldrig: ge dokumentet ett nytt id. Har det "
                          f"borttagna dokumentet återställts, ta i stället bort posten i {registry.path}.")


def _vanished(handbook: Handbook, history: History, registry: TombstoneRegistry) -> Iterator[Finding]:
    by_path = {document.path: document for document in handbook.documents}
    for published in history.ids.values():
        if published.id in handbook.by_id or published.id in registry.entries:
            continue
        current = [by_path[lineage] for lineage in sorted(published.lineages) if lineage in by_path]
        if any(document.id is None for document in current):
            continue  # The file is still there but its id cannot be read: its own finding says why.
        if current:
            document = current[0]
            yield Finding(document.path, document.line_of("id"), "id.vanished", Severity.ERROR,
                          f"Dokumentet hade tidigare id '{published.id}' men har nu '{document.id}'. Ett id byts "
                          f"aldrig: utskrivna QR-koder och sparade länkar pekar på {published.id}. Sätt tillbaka "
                          f"id: {published.id}. Är det ett nytt dokument, låt det gamla finnas kvar med status: "
                          f"upphävd eller registrera {published.id} i {registry.path}.")
            continue
        # Reported on the registry, where the fix goes: the old file is gone.
        yield Finding(registry.path, 1, "id.vanished", Severity.ERROR,
                      f"Id '{published.id}'{_title(published)} publicerades senast i {published.path} "
                      f"({_change(published)}) men finns inte längre i handboken, så utskrivna QR-koder och "
                      f"sparade länkar till det leder ingenstans. Återställ dokumentet med status: upphävd "
                      f"(och replaced_by), eller lägg till id, title och replaced_by för det i {registry.path}.")


def _reused(handbook: Handbook, history: History, registry: TombstoneRegistry) -> Iterator[Finding]:
    for document in handbook.documents:
        published = history.ids.get(document.id or "")
        if published is None:
            continue
        # A file deleted and later restored at the same path is the same document.
        earlier = [path for path in published.deleted_lineages if path != document.path]
        if earlier:
            yield Finding(document.path, document.line_of("id"), "id.reused", Severity.ERROR,
                          f"Id '{document.id}' har använts av ett annat dokument, {', '.join(earlier)}, som har "
                          f"tagits bort. Ett id återanvänds aldrig: gamla QR-koder och länkar till det dokumentet "
                          f"skulle nu leda hit. Ge det här dokumentet ett nytt id och lägg till {document.id} med "
                          f"det borttagna dokumentets titel i {registry.path}.")


def _title(published: PublishedId) -> str:
    return f" (»{published.title}«)" if published.title else ""


def _change(published: PublishedId) -> str:
    change = published.last_seen
    return f"ändring {change.short} {change.date.date().isoformat()}"


RULES = (published_ids,)
