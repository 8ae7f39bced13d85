"""Who answers for a role today: its holder, or the quality unit when nobody can.

CODEOWNERS, the review report and the reminder issues all need the same answer, and
the audit's complaint was exactly that nobody took over when an owner left; so the
fallback is decided here once.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from qms_tools.handbook.organisation import Holder, Organisation, Role


class Gap(str, enum.Enum):
    """Why a role's own holder cannot answer for it."""

    NO_OWNER = "ingen-ägare"
    UNKNOWN = "okänd"
    VACANT = "vakant"
    DEPARTED = "slutat"
    NO_ACCOUNT = "inget-konto"


@dataclass(frozen=True)
class Responsible:
    """The person to contact for a role, and why it is not the role's holder when it is not."""

    role_id: str | None
    role: Role | None
    acting_role: Role | None
    """The role whose holder answers: the role itself, or the quality role standing in."""
    gap: Gap | None
    """None when the role's own holder answers."""
    reason: str | None
    """Swedish explanation of the gap, for comments, reports and issues."""

    @property
    def holder(self) -> Holder | None:
        return self.acting_role.holder if self.acting_role else None

    @property
    def handles(self) -> tuple[str, ...]:
        return self.holder.github if self.holder else ()

    @property
    def mentions(self) -> tuple[str, ...]:
        # CODEOWNERS names users and teams with "@" and e-mail owners without it.
        return tuple(handle if "@" in handle else f"@{handle}" for handle in self.handles)

    @property
    def contact_label(self) -> str:
        """'Name (@handle)', or a Swedish note that nobody can be reached."""
        if self.holder is None:
            return "ingen (kvalitetsrollen är inte tillsatt)"
        handles = " ".join(self.mentions)
        return f"{self.holder.name} ({handles})" if handles else self.holder.name


def role_label(role: Role | None, role_id: str | None) -> str:
    if role is not None:
        return f"{role.title} ({role.id})"
    return f"'{role_id}'" if role_id else "ingen ägare"


def gap_of(role: Role | None, role_id: str | None, today: dt.date,
           needs_account: bool = True) -> tuple[Gap | None, str | None]:
    if not role_id:
        return Gap.NO_OWNER, "Dokumentet saknar ägare"
    if role is None:
        return Gap.UNKNOWN, f"Rollen '{role_id}' finns inte i rollregistret"
    if role.is_vacant():
        return Gap.VACANT, f"{role_label(role, role_id)} är vakant"
    if role.has_departed(today):
        assert role.holder is not None and role.holder.until is not None
        return Gap.DEPARTED, f"{role_label(role, role_id)}: innehavaren slutade {role.holder.until.isoformat()}"
    if needs_account and (not role.holder or not role.holder.github):
        return Gap.NO_ACCOUNT, f"{role_label(role, role_id)} har inget GitHub-konto i rollregistret"
    return None, None


def responsible_for(organisation: Organisation, role_id: str | None, today: dt.date,
                    quality_role: str, needs_account: bool = True) -> Responsible:
    """Who answers for ``role_id``. ``needs_account`` is for the GitHub side (approving,
    reminder issues); a reader asking by mail or phone needs no account, so for the
    readers' site a holder without one still answers."""
    role = organisation.roles.get(role_id or "")
    gap, reason = gap_of(role, role_id, today, needs_account)
    if gap is None:
        return Responsible(role_id, role, role, None, None)
    stand_in = organisation.roles.get(quality_role)
    stand_in_gap, _ = gap_of(stand_in, quality_role, today, needs_account)
    if stand_in_gap is not None:
        stand_in = None
    return Responsible(role_id, role, stand_in, gap, reason)


@dataclass(frozen=True)
class RoleGap:
    """A role nobody holds today: vacant, or its holder has left."""

    role: Role
    gap: Gap
    reason: str


def role_gaps(organisation: Organisation, today: dt.date) -> list[RoleGap]:
    """Vacant roles and roles whose holder has left, in registry order."""
    gaps = []
    for role in organisation.roles.values():
        gap, reason = gap_of(role, role.id, today)
        if gap in (Gap.VACANT, Gap.DEPARTED):
            gaps.append(RoleGap(role, gap, reason or ""))
    return gaps
