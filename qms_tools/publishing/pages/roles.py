"""Roles and responsibilities: each role by unit, who holds it, and what it owns.

A vacant role, or one whose holder has left, is flagged, and listed first when it owns
documents: that is exactly the gap the audit found (nobody takes over).
"""

from __future__ import annotations

from qms_tools.handbook.model import Handbook
from qms_tools.handbook.organisation import Role
from qms_tools.publishing.pages import GeneratedPage
from qms_tools.publishing.pages.common import (
    area_title,
    count,
    document_entry,
    holder_state,
    render,
    sorted_documents,
    swedish_key,
)

SRC_URI = "roller.md"
TITLE = "Roller och ansvar"


def anchor(role_id: str) -> str:
    """The anchor of a role on this page, e.g. ``roller.md#roll-kvalitetschef``."""
    return f"roll-{role_id}"


def generate(handbook: Handbook) -> GeneratedPage:
    organisation = handbook.organisation
    owned = handbook.documents_by_owner
    current = {owner: sorted_documents(d for d in documents if not d.is_withdrawn)
               for owner, documents in owned.items()}

    def view(role: Role) -> dict:
        documents = current.get(role.id, [])
        return {"title": role.title, "anchor": anchor(role.id), "holder": holder_state(role, handbook),
                "flag": holder_state(role, handbook) if not role.is_staffed(handbook.today) else "",
                "owned": count(len(documents), "dokument", "dokument"),
                "entries": [document_entry(SRC_URI, document, handbook) for document in documents]}

    by_unit: dict[str | None, list[Role]] = {}
    for role in organisation.roles.values():
        by_unit.setdefault(role.unit if role.unit in organisation.units else None, []).append(role)
    units = [{"title": unit.title, "area": area_title(handbook, unit.area) if unit.area else None,
              "roles": [view(role) for role in by_unit[unit.id]]}
             for unit in organisation.units.values() if unit.id in by_unit]
    if None in by_unit:
        units.append({"title": "Roller utan enhet", "area": None, "roles": [view(role) for role in by_unit[None]]})

    unstaffed = [role for role in organisation.roles.values() if not role.is_staffed(handbook.today)]
    attention = [view(role) for role in unstaffed if current.get(role.id)]
    unknown = [{"id": owner, "entries": [document_entry(SRC_URI, document, handbook) for document in documents]}
               for owner, documents in sorted(current.items(), key=lambda item: swedish_key(item[0]))
               if owner not in organisation.roles and documents]
    vacant = sum(1 for role in unstaffed if role.is_vacant())
    summary = (f"Registret har {count(len(organisation.roles), 'roll', 'roller')}: "
               f"{count(vacant, 'vakant', 'vakanta')} och {len(unstaffed) - vacant} där innehavaren har slutat.")
    markdown = render("roles.md.j2", summary=summary, attention=attention, units=units, unknown=unknown)
    return GeneratedPage(SRC_URI, markdown, TITLE)


