"""The role registry: areas, units and roles with their current holders.

Documents are owned by roles, not people, so that when someone leaves, their documents
stay with the role and the registry shows who must take over.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from qms_tools.handbook.contact_details import ContactDetails, parse_contact
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.plain_text import (
    MAX_ID_LENGTH,
    has_control_characters,
    is_email_owner,
    is_github_owner,
    printable,
)
from qms_tools.handbook.source import decode
from qms_tools.handbook.yaml_reader import read_yaml

ROLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Area:
    id: str
    title: str


@dataclass(frozen=True)
class Unit:
    id: str
    title: str
    area: str | None = None


@dataclass(frozen=True)
class Holder:
    name: str
    github: tuple[str, ...] = ()
    until: dt.date | None = None


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    unit: str | None
    holder: Holder | None
    line: int = 1
    contact: ContactDetails | None = None
    """The role's functional mailbox and phone: staff without a GitHub account ask here."""

    def is_vacant(self) -> bool:
        return self.holder is None

    def has_departed(self, today: dt.date) -> bool:
        return self.holder is not None and self.holder.until is not None and self.holder.until < today

    def is_staffed(self, today: dt.date) -> bool:
        return not self.is_vacant() and not self.has_departed(today)


@dataclass
class Organisation:
    name: str = ""
    areas: dict[str, Area] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    path: str = ""

    def unit_of(self, role_id: str | None) -> Unit | None:
        role = self.roles.get(role_id or "")
        return self.units.get(role.unit or "") if role else None

    def suggest_role(self, wrong: str) -> str | None:
        return _nearest(wrong, self.roles)

    def suggest_area(self, wrong: str) -> str | None:
        return _nearest(wrong, self.areas)


def _nearest(wrong: str, known) -> str | None:
    matches = difflib.get_close_matches(str(wrong).lower(), list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def load_organisation(file: Path, relative_path: str) -> tuple[Organisation, list[Finding]]:
    try:
        raw = file.read_bytes()
    except OSError:
        return Organisation(path=relative_path), [Finding(
            relative_path, 1, "organisation.missing", Severity.ERROR,
            f"Rollregistret {relative_path} saknas. Skapa filen med areas, units och roles (se redaktörsguiden).")]
    return organisation_from_bytes(raw, relative_path)


def organisation_from_bytes(raw: bytes, relative_path: str) -> tuple[Organisation, list[Finding]]:
    """The registry in ``raw`` (the file's bytes, from the working tree or from Git at
    some commit), read as ``load_organisation`` reads the file."""
    organisation = Organisation(path=relative_path)
    findings: list[Finding] = []

    def error(line: int, rule: str, message: str) -> None:
        findings.append(Finding(relative_path, line, rule, Severity.ERROR, message))

    problems: list = []
    text = decode(raw, problems)
    if text is None:
        for problem in problems:
            error(problem.line, problem.code, problem.message)
        return organisation, findings
    located = read_yaml(text)
    for problem in located.problems:
        error(problem.line, problem.code, problem.message)
    data = located.data
    if not isinstance(data, dict):
        if not located.problems:
            error(1, "organisation.structure", "Rollregistret ska ha nycklarna organisation, areas, units "
                                               "och roles.")
        return organisation, findings
    organisation.name = str(data.get("organisation") or "")

    def entries(key: str) -> list[tuple[int, int, dict]]:
        value = data.get(key) or []
        if not isinstance(value, list):
            error(located.line_of(key), "organisation.structure", f"'{key}' ska vara en lista.")
            return []
        result = []
        for index, item in enumerate(value):
            line = located.line_of(key, index)
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item.get("id"):
                error(line, "organisation.structure", f"Varje post i '{key}' behöver ett id och en title.")
                continue
            if not isinstance(item.get("title"), str) or not item["title"].strip():
                error(line, "organisation.structure", f"'{item['id']}' i '{key}' saknar title (svensk benämning).")
            result.append((index, line, item))
        return result

    listed = {key: entries(key) for key in ("areas", "units", "roles")}
    for key, items in listed.items():
        for index, line, item in items:
            for field_name in ("id", "title"):
                if isinstance(item.get(field_name), str) and has_control_characters(item[field_name]):
                    error(located.line_of(key, index, field_name), "organisation.control-character",
                          f"'{printable(item['id'])}' i '{key}': {field_name} innehåller ett osynligt styrtecken "
                          f"(t.ex. en radbrytning eller tabb). Skriv om värdet för hand.")
            if isinstance(item.get("id"), str) and len(item["id"]) > MAX_ID_LENGTH:
                error(line, "organisation.id-length", f"Id '{printable(item['id'][:20])}…' i '{key}' är längre än "
                                                      f"{MAX_ID_LENGTH} tecken. Välj ett kortare id.")
    for _, line, item in listed["areas"]:
        if item["id"] in organisation.areas:
            error(line, "organisation.duplicate", f"Verksamhetsområdet '{item['id']}' finns redan.")
        organisation.areas[item["id"]] = Area(item["id"], str(item.get("title") or item["id"]))
    for _, line, item in listed["units"]:
        area = item.get("area")
        if area is not None and area not in organisation.areas:
            error(line, "organisation.unknown-area", f"Enheten '{item['id']}' anger okänt område '{area}'.")
        if item["id"] in organisation.units:
            error(line, "organisation.duplicate", f"Enheten '{item['id']}' finns redan.")
        organisation.units[item["id"]] = Unit(item["id"], str(item.get("title") or item["id"]), area)
    for index, line, item in listed["roles"]:
        role_id = item["id"]
        if not ROLE_ID.match(role_id):
            error(line, "organisation.role-id", f"Roll-id '{role_id}' får bara innehålla små bokstäver a–z, "
                                                "siffror och bindestreck.")
        if role_id in organisation.roles:
            error(line, "organisation.duplicate", f"Rollen '{role_id}' finns redan.")
        unit = item.get("unit")
        if unit is not None and unit not in organisation.units:
            hint = _nearest(str(unit), organisation.units)
            error(located.line_of("roles", index, "unit"), "organisation.unknown-unit",
                  f"Rollen '{role_id}' anger okänd enhet '{unit}'." + (f" Menade du '{hint}'?" if hint else ""))
        holder = _holder(item.get("holder"), located, index, role_id, error)
        contact = parse_contact(
            item.get("contact"),
            lambda keys, message, index=index: error(located.line_of("roles", index, "contact", *keys),
                                                     "organisation.contact", message),
            f"Rollen '{printable(role_id)}'")
        organisation.roles[role_id] = Role(role_id, str(item.get("title") or role_id), unit, holder, line, contact)
    return organisation, findings


def _holder(value, located, index: int, role_id: str, error) -> Holder | None:
    if value is None:
        return None
    line = located.line_of("roles", index, "holder")
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        error(line, "organisation.holder", f"Rollen '{role_id}': holder ska ha name (och github), eller vara "
                                           "null om rollen är vakant.")
        return None
    github = value.get("github") or []
    if isinstance(github, str):
        github = [github]
    handles = []
    for handle in github:
        handle = str(handle).strip()
        handle = handle if is_email_owner(handle) else handle.lstrip("@")
        if is_github_owner(handle):
            handles.append(handle)
        else:
            error(located.line_of("roles", index, "holder", "github"), "organisation.github",
                  f"Rollen '{role_id}': '{printable(handle)}' är inget GitHub-namn. Skriv användarnamnet "
                  f"(bokstäver a–z, siffror och enkla bindestreck, högst 39 tecken, t.ex. anna-a), ett team som "
                  f"organisation/team eller en e-postadress som är kopplad till ett GitHub-konto.")
    handles = tuple(handles)
    for key, text in (("name", value["name"]),):
        if has_control_characters(text):
            error(line, "organisation.control-character",
                  f"Rollen '{role_id}': {key} innehåller ett osynligt styrtecken. Skriv om värdet för hand.")
    until = value.get("until")
    until_date = None
    if until is not None:
        try:
            until_date = dt.date.fromisoformat(str(until))
        except ValueError:
            error(located.line_of("roles", index, "holder", "until"), "organisation.holder",
                  f"Rollen '{role_id}': until '{until}' är inget giltigt datum (ÅÅÅÅ-MM-DD).")
    return Holder(value["name"], handles, until_date)
