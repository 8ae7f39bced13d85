"""CODEOWNERS from the handbook, so that a change to a document needs its owner's approval.

Each document file is owned by the GitHub accounts of its owner role's holder; a process
document by its process owner, since that is the process's owner role. The quality unit
owns what decides ownership itself: the role registry, the settings, the regulation data,
CODEOWNERS and the workflows. A role nobody can answer for falls back to the quality
role's holder, with a comment saying so, so that no document is ever left without an
approver.

Paths are relative to the project root, which is assumed to be the repository root
(GitHub reads ``.github/CODEOWNERS`` only there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qms_tools.handbook.contacts import Responsible, responsible_for, role_label
from qms_tools.handbook.model import Handbook
from qms_tools.handbook.settings import ProjectError
from qms_tools.handbook.writing import write_bytes, write_failure

CODEOWNERS_PATH = ".github/CODEOWNERS"
SETTINGS_FILE = "qms.yml"
SHIPPED_DATA = "qms_tools/data/"
WORKFLOWS = ".github/workflows/"
DEV_CONTAINER = ".devcontainer/"
"""The editing environment: it installs and runs code in every editor's Codespace."""

_SPECIAL = re.compile(r"([ *?\[\]\\])")


@dataclass(frozen=True)
class OwnerLine:
    path: str
    """Project-relative POSIX path; a trailing '/' means the whole folder."""
    owners: tuple[str, ...]

    @property
    def pattern(self) -> str:
        # Anchored at the root so that 'rutin.md' in one folder never matches another's.
        return "/" + _SPECIAL.sub(r"\\\1", self.path)

    def render(self) -> str:
        return " ".join((self.pattern, *self.owners))


@dataclass(frozen=True)
class Section:
    comments: tuple[str, ...]
    lines: tuple[OwnerLine, ...]

    def render(self) -> list[str]:
        return [f"# {comment}" for comment in self.comments] + [line.render() for line in self.lines]


def _stand_in_comment(responsible: Responsible, quality: Responsible) -> str:
    if responsible.acting_role is None:
        return f"{responsible.reason}, och kvalitetsrollen är inte tillsatt: ingen kan godkänna ändringar."
    return f"{responsible.reason}. {role_label(quality.acting_role, None)} godkänner tills vidare."


def sections(handbook: Handbook) -> list[Section]:
    """CODEOWNERS as data, in the order GitHub needs: the last matching line wins, so the
    catch-all comes first and the quality unit's files last."""
    settings = handbook.settings
    organisation = handbook.organisation

    def answer(role_id: str | None) -> Responsible:
        return responsible_for(organisation, role_id, handbook.today, settings.quality_role)

    quality = answer(settings.quality_role)
    result = [Section(
        (f"Nya filer och filer utan giltig ägare i {settings.content_dir}/: "
         f"{role_label(quality.acting_role, settings.quality_role)} godkänner.",),
        (OwnerLine(f"{settings.content_dir}/", quality.mentions),))]

    by_owner: dict[str | None, list[str]] = {}
    for document in handbook.documents:
        by_owner.setdefault(document.owner, []).append(document.path)
    registry_order = list(organisation.roles)
    ordered_owners = sorted(by_owner, key=lambda owner: (
        owner is None, owner not in organisation.roles,
        registry_order.index(owner) if owner in organisation.roles else 0, owner or ""))
    for owner in ordered_owners:
        responsible = answer(owner)
        comment = role_label(responsible.role, owner) if responsible.gap is None \
            else _stand_in_comment(responsible, quality)
        lines = tuple(OwnerLine(path, responsible.mentions) for path in sorted(by_owner[owner]))
        result.append(Section((comment,), lines))

    quality_paths = [settings.organisation_file, SETTINGS_FILE, *settings.regulation_files, SHIPPED_DATA,
                     f"{settings.docs_dir}/", CODEOWNERS_PATH, WORKFLOWS, DEV_CONTAINER]
    comment = (f"{role_label(quality.acting_role, settings.quality_role)} äger rollregistret, inställningarna, "
               f"regelverksdata, webbplatsens egna sidor, CODEOWNERS, arbetsflödena och redigeringsmiljön.")
    if quality.gap is not None:
        comment = _stand_in_comment(quality, quality)
    result.append(Section((comment,), tuple(OwnerLine(path, quality.mentions)
                                            for path in dict.fromkeys(quality_paths))))
    return result


HEADER = (
    "# Skapad av `qms codeowners` från dokumentens ägare (owner) och rollregistret.",
    "# Ändra inte för hand: ändra owner i dokumentet eller innehavaren i rollregistret",
    "# och kör `qms codeowners`. Den sista raden som matchar en fil gäller.",
)


def generate(handbook: Handbook) -> str:
    lines = list(HEADER)
    for section in sections(handbook):
        lines.append("")
        lines.extend(section.render())
    return "\n".join(lines) + "\n"


def read_current(root: Path) -> str | None:
    """The checked-in CODEOWNERS with line endings normalised, or None when there is none."""
    try:
        text = (root / CODEOWNERS_PATH).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""
    return text.replace("\r\n", "\n")


def first_difference(current: str, expected: str) -> int | None:
    """1-based line of the first difference, or None when the texts are the same."""
    if current == expected:
        return None
    current_lines, expected_lines = current.split("\n"), expected.split("\n")
    for number, (have, want) in enumerate(zip(current_lines, expected_lines), start=1):
        if have != want:
            return number
    return min(len(current_lines), len(expected_lines))


def write(handbook: Handbook) -> bool:
    """Write CODEOWNERS; return whether the file changed."""
    expected = generate(handbook)
    if read_current(handbook.settings.root) == expected:
        return False
    target = handbook.settings.root / CODEOWNERS_PATH
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ProjectError(write_failure(CODEOWNERS_PATH, error)) from None
    write_bytes(target, expected.encode("utf-8"), CODEOWNERS_PATH)
    return True
