"""A process map: the process's activities in order, numbered, each with its routines.

Rendered as a vertical flow (an ordered list; the arrows are CSS), which reads the same
on a 360-px phone as on a desktop. Used on the area pages and, by the site adapter, on
each process document's own page.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from qms_tools.handbook.model import Document, Handbook
from qms_tools.publishing.pages.common import badge, document_entry, join, render as render_template, text


@dataclass(frozen=True)
class Step:
    name: str
    entries: tuple[Markup, ...]


def steps(process: Document, handbook: Handbook, page: str) -> list[Step]:
    result = []
    for activity in process.activities:
        entries = []
        for routine_id in activity.routines:
            routine = handbook.by_id.get(routine_id)
            if routine is None:
                entries.append(join(text(routine_id), badge("Finns inte i handboken", "missing")))
            else:
                entries.append(document_entry(page, routine, handbook))
        result.append(Step(activity.name, tuple(entries)))
    return result


def render(process: Document, handbook: Handbook, page: str | None = None) -> str:
    """The map as Markdown, with links relative to ``page`` (the src uri of the page it
    is placed on; by default the process document's own page)."""
    return render_template("process_map.md.j2", steps=steps(process, handbook, page or process.content_path))
