"""The front-matter keys: defined once, used to validate documents and to publish the
JSON Schema (``qms schema``) that editors' IDEs read."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Activity, Document
from qms_tools.handbook.regulations import LawVocabulary, Regulation, RegulationSet
from qms_tools.handbook.vocabulary import DocumentType, Status

ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_MONTH_NAME = re.compile(r"^(\d{1,2})\s+([a-zåäö]{3,9})\.?\s+(\d{4})$", re.IGNORECASE)
_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

ALWAYS, IN_FORCE, OPTIONAL = "alltid", "för gällande dokument", "nej"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    required: str
    description: str


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", ALWAYS, "Dokumentets beständiga id, t.ex. RUT-BOU-014. Versaler, siffror och bindestreck; "
                            "börjar med en bokstav. Byts aldrig och återanvänds aldrig."),
    FieldSpec("title", OPTIONAL, "Titel. Utelämnas den används dokumentets första rubrik (# …)."),
    FieldSpec("type", ALWAYS, "Dokumenttyp."),
    FieldSpec("status", ALWAYS, "utkast, gällande eller upphävd."),
    FieldSpec("owner", ALWAYS, "Den roll (id i rollregistret) som äger och fastställer dokumentet."),
    FieldSpec("review_date", IN_FORCE, "Datum (ÅÅÅÅ-MM-DD) då nästa granskning senast ska vara gjord."),
    FieldSpec("reviewed", OPTIONAL, "Datum (ÅÅÅÅ-MM-DD) för senaste granskning."),
    FieldSpec("laws", OPTIONAL, "Lagar och föreskrifter som dokumentet bygger på."),
    FieldSpec("area", OPTIONAL, "Verksamhetsområde (id i rollregistret)."),
    FieldSpec("replaced_by", OPTIONAL, "För upphävda dokument: id för dokumentet som ersätter det."),
    FieldSpec("activities", OPTIONAL, "Endast för processer: aktiviteterna i ordning, var och en med de rutiner "
                                      "som styr den (SOSFS 2011:9 4 kap. 2–4 §)."),
)


def regulation_field(key: str, short_title: str, required: bool) -> FieldSpec:
    return FieldSpec(key, IN_FORCE if required else OPTIONAL,
                     f"Hänvisningar till {short_title}: kapitel (\"5\") eller kapitel:paragraf (\"5:3\") som "
                     f"dokumentet uppfyller.")


def all_fields(regulations: RegulationSet) -> list[FieldSpec]:
    fields = list(FIELDS)
    position = [spec.key for spec in fields].index("laws")
    for regulation in regulations.regulations:
        fields.insert(position, regulation_field(regulation.front_matter_key, regulation.short_title,
                                                 regulation.required_for_in_force))
        position += 1
    return fields


@dataclass
class FieldContext:
    regulations: RegulationSet
    laws: LawVocabulary

    @cached_property
    def known_keys(self) -> list[str]:
        return [spec.key for spec in all_fields(self.regulations)]

    @cached_property
    def required(self) -> dict[str, str]:
        return {spec.key: spec.required for spec in all_fields(self.regulations)}

    @cached_property
    def regulation_keys(self) -> dict[str, Regulation]:
        return self.regulations.by_key()


class _Validator:
    """Turns one document's raw front-matter into typed fields, collecting findings."""

    def __init__(self, document: Document, data: dict, lines: Callable[..., int], context: FieldContext):
        self.document = document
        self.data = data
        self.line_of = lines
        self.context = context
        self.findings: list[Finding] = []

    def report(self, line: int, rule: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.findings.append(Finding(self.document.path, line, rule, severity, message))

    def wrong_type(self, key: str, expected: str, value: Any) -> None:
        shown = repr(value) if not isinstance(value, str) else f"\"{value}\""
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        example = _EXAMPLES.get(key, f", t.ex. {key}: …")
        self.report(self.line_of(key), "frontmatter.type",
                    f"'{key}' ska vara {expected}, men är {shown}. Skriv om raden{example}.")

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key in ("title", "owner"):
            return str(value)
        if not isinstance(value, str):
            self.wrong_type(key, "en text", value)
            return None
        return value.strip() or None

    def choice(self, key: str, enum_type) -> Any:
        value = self.text(key)
        if value is None:
            return None
        try:
            return enum_type(value)
        except ValueError:
            known = [member.value for member in enum_type]
            folded = {k.replace("ä", "a").replace("å", "a").replace("ö", "o"): k for k in known}
            nearest = difflib.get_close_matches(value.lower(), known, n=1, cutoff=0.5) or \
                [folded[v] for v in difflib.get_close_matches(value.lower(), list(folded), n=1, cutoff=0.5)]
            hint = f" Menade du '{nearest[0]}'?" if nearest else ""
            self.report(self.line_of(key), f"{key}.unknown",
                        f"Okänt värde '{value}' för {key}.{hint} Tillåtna värden: {', '.join(known)}.")
            return None

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.wrong_type(key, "ett datum (ÅÅÅÅ-MM-DD)", value)
            return None
        text = str(value).strip()
        if _ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                self.report(self.line_of(key), "date.invalid",
                            f"{key}: datumet {text} finns inte i kalendern. Kontrollera dag och månad.")
                return None
        suggestion = _reformat_date(text)
        if suggestion:
            self.report(self.line_of(key), "date.format",
                        f"{key}: '{text}' ska skrivas ÅÅÅÅ-MM-DD, alltså {suggestion.isoformat()}.")
            return suggestion
        self.report(self.line_of(key), "date.invalid",
                    f"{key}: '{text}' är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2027-03-31.")
        return None

    def text_list(self, key: str) -> list[tuple[str, int]]:
        """Items with their lines. A lone value is accepted after reporting it."""
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            self.report(self.line_of(key), "frontmatter.type",
                        f"'{key}' ska vara en lista, t.ex. {key}: [\"{value}\"] eller en rad per värde med "
                        f"'- ' framför.")
            return [(str(value), self.line_of(key))]
        if not isinstance(value, list):
            self.wrong_type(key, "en lista", value)
            return []
        items = []
        for index, item in enumerate(value):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                items.append((str(item), self.line_of(key, index)))
            else:
                self.report(self.line_of(key, index), "frontmatter.type",
                            f"Värdena i '{key}' ska vara texter, inte {type(item).__name__}.")
        return items


def validate(document: Document, data: dict, lines: Callable[..., int], context: FieldContext) -> list[Finding]:
    """Fill ``document``'s fields from ``data``; return the findings."""
    check = _Validator(document, data, lines, context)
    known_keys = context.known_keys
    document.key_lines = {key: lines(key) for key in data if isinstance(key, str)}

    for key in data:
        if key not in known_keys:
            nearest = difflib.get_close_matches(str(key), known_keys, n=1, cutoff=0.6)
            hint = f" Menade du '{nearest[0]}'?" if nearest else f" Kända nycklar: {', '.join(known_keys)}."
            check.report(lines(key), "frontmatter.unknown-key", f"Okänd nyckel '{key}'.{hint}")

    raw_id = check.text("id")
    if raw_id is not None:
        if _ID.match(raw_id):
            document.id = raw_id
        else:
            suggestion = re.sub(r"[^A-Z0-9-]", "", raw_id.upper().replace(" ", "-").replace("_", "-"))
            hint = f" Till exempel '{suggestion}'." if suggestion and _ID.match(suggestion) else ""
            check.report(lines("id"), "id.format",
                         f"Id '{raw_id}' har fel form: bara versaler A–Z, siffror och bindestreck, och det ska "
                         f"börja med en bokstav.{hint}")
    document.title = check.text("title")
    document.type = check.choice("type", DocumentType)
    document.status = check.choice("status", Status)
    document.owner = check.text("owner")
    document.area = check.text("area")
    document.review_date = check.date("review_date")
    document.reviewed = check.date("reviewed")
    replaced_by = check.text("replaced_by")
    document.replaced_by = replaced_by

    for key, regulation in context.regulation_keys.items():
        for raw, line in check.text_list(key):
            reference, problem = regulation.parse(raw, line)
            if reference:
                document.references.append(reference)
            else:
                check.report(line, f"{key}.unknown", problem or "")
    for raw, line in check.text_list("laws"):
        law, suggestion = context.laws.resolve(raw)
        if law:
            document.laws.append(law)
        else:
            hint = f" Menade du '{suggestion}'?" if suggestion else \
                f" Kända: {', '.join(sorted(context.laws.laws))}."
            check.report(line, "laws.unknown", f"Okänd lag '{raw}'.{hint}")
    document.activities = _activities(check)

    for key, when in context.required.items():
        missing = key not in data or data.get(key) in (None, "", [])
        if missing and (when == ALWAYS or (when == IN_FORCE and document.status is Status.IN_FORCE)):
            condition = "" if when == ALWAYS else " för gällande dokument"
            example = _EXAMPLES.get(key, "")
            check.report(1, "frontmatter.required",
                         f"Nyckeln '{key}' saknas men krävs{condition}. Lägg till den i front-matter{example}.")
    if not document.title:
        document.title = next((h.text for h in document.headings if h.level == 1), None)
        if not document.title:
            check.report(document.body_line, "title.missing",
                         "Dokumentet saknar titel: lägg till en rubrik '# Titel' först i texten eller 'title:' "
                         "i front-matter.")
    return check.findings


_EXAMPLES = {
    "id": ", t.ex. id: RUT-BOU-014",
    "type": ", t.ex. type: rutin",
    "status": ", t.ex. status: gällande",
    "owner": ", t.ex. owner: enhetschef-bou-mottagning",
    "review_date": ", t.ex. review_date: 2027-11-30",
    "sosfs": ", t.ex. sosfs: [\"4:4\"]",
    "title": ", t.ex. title: Mottagande av orosanmälan",
    "area": ", t.ex. area: barn-och-unga",
    "reviewed": ", t.ex. reviewed: 2026-11-30",
    "replaced_by": ", t.ex. replaced_by: RUT-BOU-015",
    "laws": ", t.ex. laws: [SoL, OSL]",
    "activities": ", t.ex. activities: [{name: Utredning, routines: [RUT-BOU-003]}]",
}


def _activities(check: _Validator) -> list[Activity]:
    value = check.data.get("activities")
    if value is None:
        return []
    if check.document.type is not DocumentType.PROCESS and check.document.type is not None:
        check.report(check.line_of("activities"), "process.activities-not-process",
                     "Bara dokument av typen process har aktiviteter. Ta bort 'activities' eller ändra typ.")
    if not isinstance(value, list):
        check.wrong_type("activities", "en lista av aktiviteter med name och routines", value)
        return []
    activities = []
    for index, item in enumerate(value):
        line = check.line_of("activities", index)
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            check.report(line, "frontmatter.type", "Varje aktivitet ska ha 'name' (text) och 'routines' (lista "
                                                   "med id), t.ex. - {name: Utredning, routines: [RUT-BOU-003]}.")
            continue
        for extra in item:
            if extra not in ("name", "routines"):
                check.report(check.line_of("activities", index, extra), "frontmatter.unknown-key",
                             f"Okänd nyckel '{extra}' i aktiviteten. En aktivitet har bara name och routines.")
        routines = item.get("routines") or []
        if isinstance(routines, str):
            routines = [routines]
        if not isinstance(routines, list):
            check.report(line, "frontmatter.type", "'routines' ska vara en lista med dokument-id.")
            routines = []
        activities.append(Activity(item["name"], tuple(str(r) for r in routines), line))
    return activities


def _reformat_date(text: str) -> dt.date | None:
    """An unambiguous non-ISO date (Swedish day-first, "22 nov 2026", or compact) as a date."""
    named = _MONTH_NAME.match(text)
    if named and named.group(2).lower()[:3] in _MONTHS:
        text = f"{named.group(1)}/{_MONTHS.index(named.group(2).lower()[:3]) + 1}/{named.group(3)}"
    for pattern, order in ((_DAY_FIRST, "dmy"), (_COMPACT, "ymd"), (_YEAR_FIRST, "ymd")):
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(group) for group in match.groups())))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None


def json_schema(regulations: RegulationSet, laws: LawVocabulary, roles: list[str], areas: list[str]) -> dict:
    """JSON Schema (2020-12) of the front-matter, with this project's roles and areas."""
    properties: dict[str, Any] = {}
    descriptions = {spec.key: spec.description for spec in all_fields(regulations)}
    date = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    properties["id"] = {"type": "string", "pattern": ID_PATTERN}
    properties["title"] = {"type": "string", "minLength": 1}
    properties["type"] = {"enum": [member.value for member in DocumentType]}
    properties["status"] = {"enum": [member.value for member in Status]}
    properties["owner"] = {"enum": roles} if roles else {"type": "string"}
    properties["review_date"] = dict(date)
    properties["reviewed"] = dict(date)
    for regulation in regulations.regulations:
        properties[regulation.front_matter_key] = {
            "type": "array", "items": {"enum": regulation.references}, "uniqueItems": True}
    properties["laws"] = {"type": "array", "items": {"enum": sorted(laws.laws)}, "uniqueItems": True}
    properties["area"] = {"enum": areas} if areas else {"type": "string"}
    properties["replaced_by"] = {"type": "string", "pattern": ID_PATTERN}
    properties["activities"] = {"type": "array", "items": {
        "type": "object", "additionalProperties": False, "required": ["name"],
        "properties": {"name": {"type": "string"},
                       "routines": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}}}}}
    for key, schema in properties.items():
        schema["description"] = descriptions[key]
    in_force_required = [spec.key for spec in all_fields(regulations) if spec.required == IN_FORCE]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Front-matter för dokument i kvalitetshandboken",
        "type": "object",
        "additionalProperties": False,
        "required": [spec.key for spec in FIELDS if spec.required == ALWAYS],
        "properties": properties,
        "if": {"properties": {"status": {"const": Status.IN_FORCE.value}}},
        "then": {"required": in_force_required},
    }
