"""Processes name their activities' routines by id (SOSFS 2011:9 4 kap. 2–4 §)."""

from __future__ import annotations

import difflib
from typing import Iterator

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook
from qms_tools.handbook.vocabulary import DocumentType, Status


def activity_routines(handbook: Handbook) -> Iterator[Finding]:
    for process in handbook.documents:
        if not process.is_process:
            continue
        for activity in process.activities:
            for routine_id in activity.routines:
                routine = handbook.by_id.get(routine_id)
                if routine is None:
                    nearest = difflib.get_close_matches(routine_id, list(handbook.by_id), n=1, cutoff=0.7)
                    hint = f" Menade du '{nearest[0]}'?" if nearest else " Kontrollera id:t eller skapa rutinen."
                    yield Finding(process.path, activity.line, "process.unknown-routine", Severity.ERROR,
                                  f"Aktiviteten '{activity.name}' hänvisar till '{routine_id}', som inte finns."
                                  f"{hint}")
                elif routine is process:
                    yield Finding(process.path, activity.line, "process.cycle", Severity.ERROR,
                                  f"Aktiviteten '{activity.name}' hänvisar till processen själv. Ta bort "
                                  f"'{routine_id}' ur listan.")
                elif routine.status is Status.WITHDRAWN and process.status is Status.IN_FORCE:
                    replacement = f" Byt till '{routine.replaced_by}'." if routine.replaced_by else ""
                    yield Finding(process.path, activity.line, "process.withdrawn-routine", Severity.WARNING,
                                  f"Aktiviteten '{activity.name}' hänvisar till '{routine_id}', som är "
                                  f"upphävd.{replacement}")


def process_cycles(handbook: Handbook) -> Iterator[Finding]:
    """A process that (through sub-processes) contains itself can never be drawn."""
    graph = {document.id: [r for r in document.routine_ids if r != document.id
                           and (target := handbook.by_id.get(r)) is not None and target.type is DocumentType.PROCESS]
             for document in handbook.documents if document.is_process and document.id}
    reported: set[frozenset[str]] = set()
    for start in sorted(graph):
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for child in graph.get(node, []):
                if child == start:
                    cycle = frozenset(path)
                    if cycle not in reported:
                        reported.add(cycle)
                        process = handbook.by_id[start]
                        yield Finding(process.path, process.line_of("activities"), "process.cycle", Severity.ERROR,
                                      f"Processerna hänvisar till varandra i en cirkel: "
                                      f"{' → '.join(path + [start])}. Bryt cirkeln i någon av dem.")
                elif child not in path and len(path) < 50:
                    stack.append((child, path + [child]))


RULES = (activity_routines, process_cycles)
