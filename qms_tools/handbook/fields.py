"""The front-matter keys, defined once in ``FIELDS``: each entry says how its value is
read into the document model, whether it is required, how ``qms schema`` describes it
for editors' IDEs and, by its place, where ``qms fix`` and ``qms new`` put it. Adding a
key is one entry here, plus a ``Document`` field for its value."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Activity
from qms_tools.handbook.regulations import LawReference, LawVocabulary, Reference, Regulation, RegulationSet
from qms_tools.handbook.vocabulary import DocumentType, Publicity, Status

ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_MONTH_NAME = re.compile(r"^(\d{1,2})\s+([a-zåäö]{3,9})\.?\s+(\d{4})$", re.IGNORECASE)
LAW_REFERENCE_PATTERN = r"^.+ (\(?\d{4}:\d+\)? )?(\d+ kap\.( \d+( [a-z])? §)?|\d+( [a-z])? §)$"
_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

ALWAYS, IN_FORCE, OPTIONAL = "alltid", "för gällande dokument", "nej"


@dataclass(frozen=True)
class SchemaContext:
    """What a key's JSON Schema may name from the project: laws, roles and areas."""

    laws: LawVocabulary
    roles: list[str]
    areas: list[str]


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter key: whether it is required, what it means, how its value is
    read into the document model and how ``qms schema`` describes it.

    The order of ``FIELDS`` is the order editors see: `qms fix` sorts keys into it and
    `qms new` writes them in it.
    """

    key: str
    required: str
    description: str
    read: Callable[[_Validator, str], Any]
    """The typed value of ``key`` (the validator reports what is wrong with it)."""
    schema: Callable[[SchemaContext], dict]
    example: str = ""
    """A line an editor can copy, shown when the key is missing or wrong."""
    attribute: str | None = None
    """The ``Document`` field the value fills; the key itself when None."""

    @property
    def document_attribute(self) -> str:
        return self.attribute or self.key


_DATE_SCHEMA = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_ID_SCHEMA = {"type": "string", "pattern": ID_PATTERN}


def _text(check: _Validator, key: str) -> str | None:
    return check.text(key)


def _date(check: _Validator, key: str) -> dt.date | None:
    return check.date(key)


def _choice(enum_type) -> Callable[[_Validator, str], Any]:
    return lambda check, key: check.choice(key, enum_type)


def _enum(enum_type) -> Callable[[SchemaContext], dict]:
    return lambda _: {"enum": [member.value for member in enum_type]}


def _known_or_text(values: list[str]) -> dict:
    return {"enum": values} if values else {"type": "string"}


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", ALWAYS, "Dokumentets beständiga id, t.ex. RUT-BOU-014. Versaler, siffror och bindestreck; "
                            "börjar med en bokstav. Byts aldrig och återanvänds aldrig.",
              read=lambda check, key: check.document_id(key), schema=lambda _: dict(_ID_SCHEMA),
              example="id: RUT-BOU-014"),
    FieldSpec("title", OPTIONAL, "Titel. Utelämnas den används dokumentets första rubrik (# …).",
              read=_text, schema=lambda _: {"type": "string", "minLength": 1},
              example="title: Mottagande av orosanmälan"),
    FieldSpec("type", ALWAYS, "Dokumenttyp.", read=_choice(DocumentType), schema=_enum(DocumentType),
              example="type: rutin"),
    FieldSpec("status", ALWAYS, "utkast, gällande eller upphävd.", read=_choice(Status), schema=_enum(Status),
              example="status: gällande"),
    FieldSpec("publicering", OPTIONAL, "offentlig (på den publika webbplatsen) eller intern (bara på den interna, "
                                       "t.ex. säkerhetsrutiner och sekretessbelagda delar). Utelämnas den gäller "
                                       "publicering i qms.yml (annars offentlig).",
              read=_choice(Publicity), schema=_enum(Publicity), example="publicering: intern"),
    FieldSpec("owner", ALWAYS, "Den roll (id i rollregistret) som äger och fastställer dokumentet.",
              read=_text, schema=lambda project: _known_or_text(project.roles),
              example="owner: enhetschef-bou-mottagning"),
    FieldSpec("area", OPTIONAL, "Verksamhetsområde (id i rollregistret).",
              read=_text, schema=lambda project: _known_or_text(project.areas), example="area: barn-och-unga"),
    FieldSpec("reviewed", OPTIONAL, "Datum (ÅÅÅÅ-MM-DD) för senaste granskning.",
              read=_date, schema=lambda _: dict(_DATE_SCHEMA), example="reviewed: 2026-11-30"),
    FieldSpec("review_date", IN_FORCE, "Datum (ÅÅÅÅ-MM-DD) då nästa granskning senast ska vara gjord.",
              read=_date, schema=lambda _: dict(_DATE_SCHEMA), example="review_date: 2027-11-30"),
    # The regulations' keys (sosfs …) go here, in qms.yml's order: see all_fields.
    FieldSpec("laws", OPTIONAL, "Lagar och föreskrifter som dokumentet bygger på: lagens förkortning (SoL) "
                                "eller en bestämmelse i den (\"SoL 11 kap. 1 §\", \"LSS 9 §\").",
              read=lambda check, key: check.laws(key),
              schema=lambda project: {"type": "array", "uniqueItems": True, "items": {"anyOf": [
                  {"enum": sorted(project.laws.laws)},
                  {"type": "string", "pattern": LAW_REFERENCE_PATTERN}]}},
              example="laws: [SoL, OSL, \"SoL 11 kap. 1 §\"]", attribute="law_references"),
    FieldSpec("replaced_by", OPTIONAL, "För upphävda dokument: id för dokumentet som ersätter det.",
              read=_text, schema=lambda _: dict(_ID_SCHEMA), example="replaced_by: RUT-BOU-015"),
    FieldSpec("activities", OPTIONAL, "Endast för processer: aktiviteterna i ordning, var och en med de rutiner "
                                      "som styr den (SOSFS 2011:9 4 kap. 2–4 §).",
              read=lambda check, key: check.activities(key),
              schema=lambda _: {"type": "array", "items": {
                  "type": "object", "additionalProperties": False, "required": ["name"],
                  "properties": {"name": {"type": "string"},
                                 "routines": {"type": "array", "items": dict(_ID_SCHEMA)}}}},
              example="activities: [{name: Utredning, routines: [RUT-BOU-003]}]"),
    FieldSpec("source_sha256", OPTIONAL, "Sätts av qms import: SHA-256 av Word-filen som dokumentet importerades "
                                         "från, så att samma fil inte importeras två gånger.",
              read=lambda check, key: _sha256(check, key),
              schema=lambda _: {"type": "string", "pattern": _SHA256.pattern},
              example="source_sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
)
_REGULATIONS_BEFORE = "laws"


def _sha256(check: _Validator, key: str) -> str | None:
    value = check.text(key)
    if value is not None and not _SHA256.match(value):
        check.report(check.line_of(key), "frontmatter.type",
                     f"'{key}' ska vara 64 hexadecimala tecken (sätts av qms import). Ta bort raden om du inte "
                     f"vet vad den ska vara.")
        return None
    return value


def regulation_field(regulation: Regulation) -> FieldSpec:
    """The key of one regulation (``sosfs``): its references all go to ``Document.references``."""
    # A paragraph documents fulfil: the chapters before coverage_from_chapter are scope and definitions.
    example = next((paragraph.ref for chapter in regulation.chapters
                    if chapter.number >= regulation.coverage_from_chapter for paragraph in chapter.paragraphs),
                   regulation.references[0] if regulation.references else "1")
    return FieldSpec(regulation.front_matter_key, IN_FORCE if regulation.required_for_in_force else OPTIONAL,
                     f"Hänvisningar till {regulation.short_title}: kapitel (\"5\") eller kapitel:paragraf (\"5:3\") "
                     f"som dokumentet uppfyller.",
                     read=lambda check, key: check.references(key, regulation),
                     schema=lambda _: {"type": "array", "items": {"enum": regulation.references},
                                       "uniqueItems": True},
                     example=f"{regulation.front_matter_key}: [\"{example}\"]", attribute="references")


def all_fields(regulations: RegulationSet) -> list[FieldSpec]:
    """Every key of this project's front-matter, in the order editors see."""
    fields = list(FIELDS)
    position = [spec.key for spec in fields].index(_REGULATIONS_BEFORE)
    fields[position:position] = [regulation_field(regulation) for regulation in regulations.regulations]
    return fields


def key_order(regulations: RegulationSet) -> list[str]:
    return [spec.key for spec in all_fields(regulations)]


@dataclass
class FieldContext:
    regulations: RegulationSet
    laws: LawVocabulary

    @cached_property
    def fields(self) -> list[FieldSpec]:
        return all_fields(self.regulations)

    @cached_property
    def known_keys(self) -> list[str]:
        return [spec.key for spec in self.fields]

    @cached_property
    def examples(self) -> dict[str, str]:
        return {spec.key: spec.example for spec in self.fields if spec.example}


class _Validator:
    """Turns one document's raw front-matter into typed values, collecting findings."""

    def __init__(self, path: str, data: dict, lines: Callable[..., int], examples: dict[str, str],
                 laws: LawVocabulary | None = None):
        self.path = path
        self.data = data
        self.line_of = lines
        self.examples = examples
        self.vocabulary = laws
        self.values: dict[str, Any] = {}
        """What has been read so far, by ``Document`` attribute."""
        self.findings: list[Finding] = []

    def report(self, line: int, rule: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.findings.append(Finding(self.path, line, rule, severity, message))

    def example(self, key: str) -> str:
        return f", t.ex. {self.examples[key]}" if key in self.examples else ""

    def wrong_type(self, key: str, expected: str, value: Any) -> None:
        shown = repr(value) if not isinstance(value, str) else f"\"{value}\""
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        example = self.example(key) or f", t.ex. {key}: …"
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
        suggestion = reformat_date(text)
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

    def document_id(self, key: str) -> str | None:
        raw_id = self.text(key)
        if raw_id is None or _ID.match(raw_id):
            return raw_id
        suggestion = re.sub(r"[^A-Z0-9-]", "", raw_id.upper().replace(" ", "-").replace("_", "-"))
        hint = f" Till exempel '{suggestion}'." if suggestion and _ID.match(suggestion) else ""
        self.report(self.line_of(key), "id.format",
                    f"Id '{raw_id}' har fel form: bara versaler A–Z, siffror och bindestreck, och det ska "
                    f"börja med en bokstav.{hint}")
        return None

    def references(self, key: str, regulation: Regulation) -> list[Reference]:
        """Adds to the references of the regulations read before this one."""
        references = list(self.values.get("references", []))
        for raw, line in self.text_list(key):
            reference, problem = regulation.parse(raw, line)
            if reference:
                references.append(reference)
            else:
                self.report(line, f"{key}.unknown", problem or "")
        return references

    def laws(self, key: str) -> list[LawReference]:
        references = []
        vocabulary = self.vocabulary
        assert vocabulary is not None, "laws are read with a FieldContext"
        for raw, line in self.text_list(key):
            reference, problem = vocabulary.reference(raw, line)
            if reference:
                references.append(reference)
            else:
                self.report(line, "laws.unknown", problem or f"Okänd lag '{raw}'.")
        return references

    def activities(self, key: str) -> list[Activity]:
        value = self.data.get(key)
        if value is None:
            return []
        document_type = self.values.get("type")
        if document_type is not DocumentType.PROCESS and document_type is not None:
            self.report(self.line_of(key), "process.activities-not-process",
                        "Bara dokument av typen process har aktiviteter. Ta bort 'activities' eller ändra typ.")
        if not isinstance(value, list):
            self.wrong_type(key, "en lista av aktiviteter med name och routines", value)
            return []
        activities = []
        for index, item in enumerate(value):
            line = self.line_of(key, index)
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                self.report(line, "frontmatter.type", "Varje aktivitet ska ha 'name' (text) och 'routines' (lista "
                                                      "med id), t.ex. - {name: Utredning, routines: [RUT-BOU-003]}.")
                continue
            for extra in item:
                if extra not in ("name", "routines"):
                    self.report(self.line_of(key, index, extra), "frontmatter.unknown-key",
                                f"Okänd nyckel '{extra}' i aktiviteten. En aktivitet har bara name och routines.")
            routines = item.get("routines") or []
            if isinstance(routines, str):
                routines = [routines]
            if not isinstance(routines, list):
                self.report(line, "frontmatter.type", "'routines' ska vara en lista med dokument-id.")
                routines = []
            activities.append(Activity(item["name"], tuple(str(r) for r in routines), line))
        return activities


def read_fields(path: str, data: dict, lines: Callable[..., int],
                context: FieldContext) -> tuple[dict[str, Any], list[Finding]]:
    """The typed values of ``data`` by ``Document`` attribute (a key that is missing or
    wrong has none), and the findings about it."""
    check = _Validator(path, data, lines, context.examples, context.laws)
    known_keys = context.known_keys
    for key in data:
        if key not in known_keys:
            nearest = difflib.get_close_matches(str(key), known_keys, n=1, cutoff=0.6)
            hint = f" Menade du '{nearest[0]}'?" if nearest else f" Kända nycklar: {', '.join(known_keys)}."
            check.report(lines(key), "frontmatter.unknown-key", f"Okänd nyckel '{key}'.{hint}")
    for spec in context.fields:
        check.values[spec.document_attribute] = spec.read(check, spec.key)
    in_force = check.values.get("status") is Status.IN_FORCE
    for spec in context.fields:
        missing = spec.key not in data or data.get(spec.key) in (None, "", [])
        if missing and (spec.required == ALWAYS or (spec.required == IN_FORCE and in_force)):
            condition = "" if spec.required == ALWAYS else " för gällande dokument"
            check.report(1, "frontmatter.required", f"Nyckeln '{spec.key}' saknas men krävs{condition}. Lägg till "
                                                    f"den i front-matter{check.example(spec.key)}.")
    check.values["key_lines"] = {key: lines(key) for key in data if isinstance(key, str)}
    return check.values, check.findings


_IDENTITY = {spec.key: spec for spec in FIELDS if spec.key in ("id", "title")}


def identity(data: dict) -> tuple[str | None, str | None]:
    """The id and the front-matter title of ``data``, read as ``read_fields`` reads them
    (an id of the wrong form is no id); what the Git history keeps of every version."""
    check = _Validator("", data, lambda *path: 1, {})
    return _IDENTITY["id"].read(check, "id"), _IDENTITY["title"].read(check, "title")


_REVIEW_DATES = {spec.key: spec for spec in FIELDS if spec.key in ("reviewed", "review_date")}


def review_dates(data: dict) -> dict[str, dt.date | None]:
    """The ``reviewed`` and ``review_date`` of ``data`` by ``Document`` attribute, read
    as ``read_fields`` reads them; for the yearly report, whose versions mostly differ
    in these two keys alone."""
    check = _Validator("", data, lambda *path: 1, {})
    return {spec.document_attribute: spec.read(check, key) for key, spec in _REVIEW_DATES.items()}


def reformat_date(text: str) -> dt.date | None:
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
    project = SchemaContext(laws, roles, areas)
    fields = all_fields(regulations)
    properties = {spec.key: {**spec.schema(project), "description": spec.description} for spec in fields}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Front-matter för dokument i kvalitetshandboken",
        "type": "object",
        "additionalProperties": False,
        "required": [spec.key for spec in fields if spec.required == ALWAYS],
        "properties": properties,
        "if": {"properties": {"status": {"const": Status.IN_FORCE.value}}},
        "then": {"required": [spec.key for spec in fields if spec.required == IN_FORCE]},
    }
