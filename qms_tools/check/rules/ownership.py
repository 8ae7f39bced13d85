"""Owners are roles in the registry, and a role must have someone in it."""

from __future__ import annotations

from typing import Iterator

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook


def owners(handbook: Handbook) -> Iterator[Finding]:
    organisation = handbook.organisation
    for document in handbook.documents:
        if document.owner is None:
            continue
        line = document.line_of("owner")
        role = organisation.roles.get(document.owner)
        if role is None:
            nearest = organisation.suggest_role(document.owner)
            hint = f" Menade du '{nearest}'?" if nearest else " Lägg till rollen i rollregistret eller välj en " \
                                                               "befintlig roll."
            yield Finding(document.path, line, "owner.unknown", Severity.ERROR,
                          f"Ägaren '{document.owner}' finns inte i rollregistret ({organisation.path}).{hint}")
        elif role.is_vacant():
            yield Finding(document.path, line, "owner.vacant", Severity.WARNING,
                          f"Rollen '{role.id}' ({role.title}) är vakant: ingen kan fastställa eller granska "
                          f"dokumentet. Tillsätt rollen i {organisation.path} eller flytta ägarskapet.")
        elif role.has_departed(handbook.today):
            assert role.holder is not None
            yield Finding(document.path, line, "owner.departed", Severity.WARNING,
                          f"{role.holder.name}, som innehar rollen '{role.id}', slutade "
                          f"{role.holder.until.isoformat() if role.holder.until else ''}. Ange ny innehavare i "
                          f"{organisation.path}.")


def areas(handbook: Handbook) -> Iterator[Finding]:
    organisation = handbook.organisation
    for document in handbook.documents:
        if document.area is not None and document.area not in organisation.areas:
            nearest = organisation.suggest_area(document.area)
            hint = f" Menade du '{nearest}'?" if nearest else \
                f" Kända områden: {', '.join(organisation.areas)}."
            yield Finding(document.path, document.line_of("area"), "area.unknown", Severity.ERROR,
                          f"Verksamhetsområdet '{document.area}' finns inte i rollregistret.{hint}")


RULES = (owners, areas)
