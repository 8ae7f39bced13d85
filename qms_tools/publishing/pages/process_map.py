"""A process map: the process's activities in order, numbered, each with its routines.

Rendered as a vertical flow (an ordered list; the arrows are CSS), which reads the same
on a 360-px phone as on a desktop. Used on the area pages and, by the site adapter, on
each process document's own page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from qms_tools.handbook.model import Document, Handbook
from qms_tools.publishing.pages.common import badge, document_entry, join, muted, render as render_template, text
from qms_tools.publishing.pages.document import page_markdown


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
            if routine is None and routine_id in handbook.withheld_ids:
                # Shown, not left out: an activity that seems to have no routine would
                # mislead; its title or id could say what the site must not.
                entries.append(muted(handbook.withheld_ids[routine_id].capitalize()))
            elif routine is None:
                entries.append(join(text(routine_id), badge("Finns inte i handboken", "missing")))
            else:
                entries.append(document_entry(page, routine, handbook))
        result.append(Step(activity.name, tuple(entries)))
    return result


def render(process: Document, handbook: Handbook, page: str | None = None) -> str:
    """The map as Markdown, with links relative to ``page`` (the src uri of the page it
    is placed on; by default the process document's own page)."""
    return render_template("process_map.md.j2", steps=steps(process, handbook, page or process.content_path))


_NUMBERED = re.compile(r"^\d+[.)]?\s+")
_ATX_H3 = re.compile(r"^ {0,3}###[ \t]")
ACTIVITIES_HEADING = "aktiviteter"


def _activity_headings(process: Document) -> list | None:
    """The level-3 headings of the text's "Aktiviteter" section, one per activity in the
    front-matter's order of activities, or None when the text does not describe each
    activity under a heading of its name ("1. Aktualisering" matches "Aktualisering")."""
    headings = process.headings
    start = next((index for index, heading in enumerate(headings)
                  if heading.level == 2 and heading.text.strip().casefold() == ACTIVITIES_HEADING), None)
    if start is None or not process.activities:
        return None
    by_name = {}
    for heading in headings[start + 1:]:
        if heading.level <= 2:
            break
        if heading.level == 3:
            by_name.setdefault(_NUMBERED.sub("", heading.text.strip()).casefold(), heading)
    matched = [by_name.get(activity.name.strip().casefold()) for activity in process.activities]
    return None if None in matched else matched


def process_page_markdown(process: Document, handbook: Handbook) -> str:
    """A process's page as Markdown, each activity listed once: when its text describes
    every activity under a heading of the activity's name, the activity's routines go
    under that heading; otherwise the map goes above the text (``page_markdown``)."""
    body = process.body
    matched = _activity_headings(process)
    lines = body.split("\n")
    indexes = [heading.line - process.body_line for heading in matched] if matched else []
    if not matched or not all(0 <= index < len(lines) and _ATX_H3.match(lines[index]) for index in indexes):
        return page_markdown(body.lstrip("\n"), render(process, handbook))
    for index, step in sorted(zip(indexes, steps(process, handbook, process.content_path)), reverse=True,
                              key=lambda pair: pair[0]):
        lines[index + 1:index + 1] = ["", render_template("activity_routines.md.j2", entries=step.entries).rstrip("\n")]
    return "\n".join(lines).lstrip("\n")
