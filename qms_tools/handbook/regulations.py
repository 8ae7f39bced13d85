"""Regulations and laws as data: SOSFS 2011:9 ships as a YAML file, and another
regulation (HSLF-FS 2017:40, say) is one more file, with no code change.

The acts `laws:` cites (``data/laws.yml``, plus a project's ``law_files``) carry their
history: entry into force, amendments with the provisions they touch, repeal, successor
and where a repealed provision's content went, each with its source. A reference is an
act (``SoL``) or a provision in it (``SoL 2025:400 11 kap. 1 §``, ``LSS 9 §``); what a
change means for a document (``law.suspect``) is decided in ``model.Handbook.suspicions``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from qms_tools.handbook.settings import ProjectError

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_REFERENCE = re.compile(r"^\s*(\d+)\s*(?:kap\.?)?\s*(?:[:.]\s*(\d+)\s*§?)?\s*$")


@dataclass(frozen=True)
class Paragraph:
    chapter: int
    number: int
    title: str
    verified: bool

    @property
    def ref(self) -> str:
        return f"{self.chapter}:{self.number}"

    @property
    def label(self) -> str:
        return f"{self.chapter} kap. {self.number} §"


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def ref(self) -> str:
        return str(self.number)

    @property
    def label(self) -> str:
        return f"{self.number} kap."


@dataclass(frozen=True)
class Reference:
    """A document's claim to satisfy a chapter, or one paragraph, of a regulation."""

    regulation: str
    chapter: int
    paragraph: int | None
    line: int

    @property
    def ref(self) -> str:
        return f"{self.chapter}" if self.paragraph is None else f"{self.chapter}:{self.paragraph}"

    @property
    def label(self) -> str:
        return f"{self.chapter} kap." if self.paragraph is None else f"{self.chapter} kap. {self.paragraph} §"

    def covers(self, paragraph: Paragraph) -> bool:
        return self.chapter == paragraph.chapter and self.paragraph in (None, paragraph.number)


@dataclass(frozen=True)
class Regulation:
    id: str
    front_matter_key: str
    short_title: str
    title: str
    chapters: tuple[Chapter, ...]
    coverage_from_chapter: int = 1
    required_for_in_force: bool = False

    @property
    def references(self) -> list[str]:
        refs = []
        for chapter in self.chapters:
            refs.append(chapter.ref)
            refs.extend(paragraph.ref for paragraph in chapter.paragraphs)
        return refs

    def chapter(self, number: int) -> Chapter | None:
        return next((chapter for chapter in self.chapters if chapter.number == number), None)

    def parse(self, raw: object, line: int) -> tuple[Reference | None, str | None]:
        """A reference, or a Swedish message saying what is wrong and what is near."""
        text = str(raw)
        match = _REFERENCE.match(text)
        chapter = self.chapter(int(match.group(1))) if match else None
        paragraph_number = int(match.group(2)) if match and match.group(2) else None
        if chapter and (paragraph_number is None
                        or any(p.number == paragraph_number for p in chapter.paragraphs)):
            return Reference(self.id, chapter.number, paragraph_number, line), None
        nearest = difflib.get_close_matches(text.replace(" ", ""), self.references, n=1, cutoff=0.5)
        hint = f" Menade du \"{nearest[0]}\"?" if nearest else ""
        if chapter:
            numbers = ", ".join(str(p.number) for p in chapter.paragraphs)
            return None, (f"{self.short_title} {chapter.number} kap. har ingen {paragraph_number} §"
                          f" (paragrafer: {numbers}).{hint}")
        return None, (f"'{text}' är ingen hänvisning till {self.short_title}. Skriv kapitel (\"5\") eller "
                      f"kapitel:paragraf (\"5:3\").{hint}")


@dataclass
class RegulationSet:
    regulations: list[Regulation] = field(default_factory=list)

    def by_key(self) -> dict[str, Regulation]:
        return {regulation.front_matter_key: regulation for regulation in self.regulations}

    def get(self, regulation_id: str) -> Regulation | None:
        return next((r for r in self.regulations if r.id == regulation_id), None)


_PROVISION = re.compile(
    r"^(?:(?P<chapter>\d+)\s*kap\.?)?\s*(?:(?P<paragraph>\d+(?:\s?[a-z](?![a-zåäö]))?)\s*§{1,2})?\s*$",
    re.IGNORECASE)
_LAW_REFERENCE = re.compile(
    r"^(?P<name>.*?)\s*(?:\(?\s*(?P<number>\d{4}:\d+)\s*\)?)?\s*"
    r"(?P<provision>(?:\d+\s*kap\.?)?\s*(?:\d+(?:\s?[a-z](?![a-zåäö]))?\s*§{1,2})?)\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Provision:
    """A place in an act: a chapter (``11 kap.``), a paragraph of an act without chapters
    (``9 §``, ``24 a §``) or a paragraph in a chapter (``11 kap. 1 §``)."""

    chapter: int | None
    paragraph: str | None

    @property
    def label(self) -> str:
        parts = [f"{self.chapter} kap." if self.chapter is not None else "",
                 f"{self.paragraph} §" if self.paragraph is not None else ""]
        return " ".join(part for part in parts if part)

    @property
    def anchor(self) -> str:
        """Its address on the act's page (see docs/teknik/adresser.md)."""
        parts = ([f"kap-{self.chapter}"] if self.chapter is not None else []) + \
            ([f"p-{self.paragraph.replace(' ', '')}"] if self.paragraph is not None else [])
        return "-".join(parts)

    def overlaps(self, other: Provision) -> bool:
        """Whether one contains the other: a chapter holds its paragraphs."""
        if self.chapter != other.chapter and None not in (self.chapter, other.chapter):
            return False
        if self.chapter is None and other.chapter is not None and self.paragraph is not None:
            return False
        if other.chapter is None and self.chapter is not None and other.paragraph is not None:
            return False
        return self.paragraph is None or other.paragraph is None or self.paragraph == other.paragraph


def parse_provision(text: str) -> Provision | None:
    """``11 kap. 1 §``, ``9 §``, ``24 a §``, ``14 kap.``; None when it is none of those."""
    match = _PROVISION.match(" ".join(text.split()))
    if not match or not (match.group("chapter") or match.group("paragraph")):
        return None
    paragraph = match.group("paragraph")
    if paragraph:
        paragraph = re.sub(r"(\d)\s*([a-z])$", r"\1 \2", paragraph.lower())
    return Provision(int(match.group("chapter")) if match.group("chapter") else None, paragraph)


@dataclass(frozen=True)
class Change:
    """Something that happened to an act on a date: it came into force, or an amendment
    (SFS or FS number) changed or repealed some of its provisions. A document that cites a
    touched provision and was last reviewed before ``notice`` is suspect."""

    law_id: str
    number: str | None
    """The amending act: ``SFS 1997:723``, ``HSLF-FS 2017:12``; None when not known."""
    in_force: dt.date
    touches: tuple[Provision, ...]
    """Empty: the whole act (its entry into force)."""
    repeals: tuple[Provision, ...]
    source: str
    verified: bool
    published: dt.date | None = None
    """When it was published (utkom från trycket); a review from then on counts."""
    entry_into_force: bool = False

    @property
    def notice(self) -> dt.date:
        return self.published or self.in_force

    def touches_provision(self, provision: Provision | None) -> bool:
        touched = self.touches + self.repeals
        if not touched or provision is None:
            return True
        return any(provision.overlaps(place) for place in touched)

    @property
    def touched_label(self) -> str:
        places = [p.label for p in self.touches] + [f"upph. {p.label}" for p in self.repeals]
        return ", ".join(places) if places else "hela lagen"


@dataclass(frozen=True)
class Successor:
    """Where a repealed provision's content went, with the source that says so."""

    old: Provision
    law_id: str
    new: Provision | None
    source: str
    verified: bool


@dataclass(frozen=True)
class Law:
    id: str
    title: str
    aliases: tuple[str, ...] = ()
    short: str = ""
    """The abbreviation references begin with (``SoL``); the id when not given."""
    number: str | None = None
    """SFS or FS number, e.g. ``2025:400``."""
    in_force: dt.date | None = None
    repealed: dt.date | None = None
    successor: str | None = None
    """The id of the act that replaced it."""
    chapters: bool | int | None = None
    """True or a count when the act is divided into chapters, False when it is not, None
    when the data does not say (then any chapter is accepted)."""
    source: str = ""
    verified: bool = True
    amendments: tuple[Change, ...] = ()
    successors: tuple[Successor, ...] = ()

    @property
    def name(self) -> str:
        return self.short or self.id

    @property
    def label(self) -> str:
        """``SoL (2025:400)``, or the id of an act without a number."""
        return f"{self.name} ({self.number})" if self.number else self.id

    def cite(self, provision: Provision | None) -> str:
        return f"{self.label} {provision.label}" if provision else self.label

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", f"{self.name} {self.number or ''}".casefold()
                      .replace("å", "a").replace("ä", "a").replace("ö", "o")).strip("-")

    @property
    def changes(self) -> tuple[Change, ...]:
        """Its entry into force, then its amendments, in date order."""
        start = (Change(self.id, self.number, self.in_force, (), (), self.source, self.verified,
                        entry_into_force=True),) if self.in_force else ()
        return start + tuple(sorted(self.amendments, key=lambda change: change.in_force))

    def is_repealed(self, today: dt.date) -> bool:
        return self.repealed is not None and self.repealed <= today

    def repealing_change(self, provision: Provision) -> Change | None:
        return next((change for change in self.amendments
                     if any(provision.overlaps(place) and (place.paragraph is not None or provision.paragraph is None)
                            for place in change.repeals)), None)

    def successor_of(self, provision: Provision | None) -> Successor | None:
        if provision is None:
            return None
        # An exact mapping first; else the mapping of the chapter the provision is in.
        return next((s for s in self.successors if s.old == provision), None) or \
            next((s for s in self.successors if s.old.paragraph is None and provision.overlaps(s.old)), None)

    def check_provision(self, provision: Provision) -> str | None:
        """What is wrong with citing ``provision`` of this act, in Swedish; None if nothing."""
        if self.chapters is False and provision.chapter is not None:
            example = f"{self.name} {provision.paragraph} §" if provision.paragraph else f"{self.name} 9 §"
            return f"{self.label} är inte indelad i kapitel. Skriv bara paragrafen, t.ex. '{example}'."
        if self.chapters not in (None, False) and provision.chapter is None:
            return (f"{self.label} är indelad i kapitel. Skriv kapitlet före paragrafen, t.ex. "
                    f"'{self.name} 3 kap. {provision.paragraph} §'.")
        if isinstance(self.chapters, int) and not isinstance(self.chapters, bool) and provision.chapter is not None \
                and not 1 <= provision.chapter <= self.chapters:
            return f"{self.label} har {self.chapters} kapitel; {provision.chapter} kap. finns inte."
        return None


@dataclass(frozen=True)
class LawReference:
    """A document's citation of an act, or of one provision of it (``laws:``)."""

    law_id: str
    provision: Provision | None
    line: int
    text: str


@dataclass
class LawVocabulary:
    laws: dict[str, Law]

    def resolve(self, value: str) -> tuple[str | None, str | None]:
        """(law id, None) when known; (None, suggestion or None) otherwise."""
        if value in self.laws:
            return value, None
        folded = value.strip().casefold()
        for law in self.laws.values():
            if folded == law.id.casefold() or folded in (alias.casefold() for alias in law.aliases):
                return None, law.id
        names = {law.id.casefold(): law.id for law in self.laws.values()}
        nearest = difflib.get_close_matches(folded, list(names), n=1, cutoff=0.6)
        return None, names[nearest[0]] if nearest else None

    def _named(self, name: str) -> list[Law]:
        """The acts a name can mean: every act sharing the abbreviation it is a name of."""
        name = " ".join(name.split())
        if name in self.laws and self.laws[name].name != name:
            return [self.laws[name]]  # an id like "SoL 2001:453" means that act alone
        return [law for law in self.laws.values() if law.name == name]

    def reference(self, raw: str, line: int) -> tuple[LawReference | None, str | None]:
        """A reference, or (None, a Swedish message with "Menade du …?"). A name is an id or
        an act's abbreviation; an alias (the act's full name) is answered with the id."""
        text = " ".join(str(raw).split())
        law_id, _ = self.resolve(text)
        if law_id:
            return LawReference(law_id, None, line, text), None
        match = _LAW_REFERENCE.match(text)
        name, number, provision_text = (match.group("name"), match.group("number"), match.group("provision")) \
            if match else (text, None, "")
        provision = parse_provision(provision_text) if provision_text and provision_text.strip() else None
        candidates = self._named(f"{name} {number}") if number else []
        if candidates:
            number = None
        else:
            candidates = self._named(name)
        if not candidates:
            return None, self._unknown(text, name, number, provision)
        if number:
            chosen = [law for law in candidates if law.number == number]
            if not chosen:
                known = ", ".join(law.label for law in candidates)
                nearest = difflib.get_close_matches(number, [law.number or "" for law in candidates], n=1,
                                                    cutoff=0.5)
                hint = f" Menade du '{candidates[0].name} {nearest[0]}'?" if nearest else ""
                return None, f"'{text}': {candidates[0].name} har inget nummer {number}. Kända: {known}.{hint}"
        else:
            chosen = [law for law in candidates if law.repealed is None] or candidates
        law = chosen[0]
        if provision is not None:
            problem = law.check_provision(provision)
            if problem:
                return None, f"'{text}': {problem}"
        return LawReference(law.id, provision, line, text), None

    def _unknown(self, text: str, name: str, number: str | None, provision: Provision | None) -> str:
        _, nearest = self.resolve(name)
        if nearest is None:
            names = {n.casefold(): n for law in self.laws.values() for n in (law.id, law.name)}
            close = difflib.get_close_matches(name.casefold(), list(names), n=1, cutoff=0.6)
            nearest = names[close[0]] if close else None
        if nearest:
            law = self.laws.get(nearest) or next(law for law in self.laws.values() if law.name == nearest)
            rest = " ".join(part for part in (number, provision.label if provision else "") if part)
            hint = f" Menade du '{' '.join(part for part in (law.name, rest) if part)}'?"
        else:
            hint = f" Kända: {', '.join(sorted(self.laws))}."
        return f"Okänd lag '{text}'.{hint}"

    def law(self, law_id: str) -> Law | None:
        return self.laws.get(law_id)


def _data_file(name: str) -> str:
    return resources.files("qms_tools").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def parse_regulation(text: str, origin: str) -> Regulation:
    try:
        data = yaml.load(text, Loader=_FAST_LOADER)
        chapters = tuple(
            Chapter(int(chapter["number"]), str(chapter["title"]), tuple(
                Paragraph(int(chapter["number"]), int(p["number"]), str(p["title"]), bool(p.get("verified", False)))
                for p in chapter.get("paragraphs") or []))
            for chapter in data["chapters"])
        return Regulation(str(data["id"]), str(data["front_matter_key"]), str(data["short_title"]),
                          str(data["title"]), chapters, int(data.get("coverage_from_chapter", 1)),
                          bool(data.get("required_for_in_force", False)))
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise ProjectError(f"Regelverksfilen {origin} kunde inte läsas ({type(error).__name__}: {error}). "
                           "Jämför med sosfs-2011-9.yml.") from None


def load_regulations(names: tuple[str, ...], project_files: tuple[str, ...] = (), root: Path | None = None) -> RegulationSet:
    regulations = []
    for name in names:
        try:
            text = _data_file(f"regulations/{name}.yml")
        except FileNotFoundError:
            raise ProjectError(f"Okänt regelverk '{name}' i qms.yml. Kända: sosfs-2011-9, eller lägg en egen fil "
                               "under regulation_files.") from None
        regulations.append(parse_regulation(text, f"{name}.yml"))
    for relative in project_files:
        path = (root or Path.cwd()) / relative
        try:
            regulations.append(parse_regulation(path.read_text(encoding="utf-8"), relative))
        except OSError:
            raise ProjectError(f"Regelverksfilen {relative} i qms.yml finns inte.") from None
    return RegulationSet(regulations)


_LIST_KEYS = ("aliases", "amendments", "successors")
_LAW_KEYS = {"id", "title", "short", "number", "in_force", "repealed", "successor", "chapters", "source",
             "verified", *_LIST_KEYS}
_CHANGE_KEYS = {"number", "in_force", "published", "touches", "repeals", "source", "verified", "title"}


def _law_entries(text: str, origin: str) -> list[dict]:
    try:
        data = yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{origin}:{mark.line + 1}" if mark else origin
        raise ProjectError(f"{where}: lagfilen kunde inte läsas som YAML ({getattr(error, 'problem', error)}). "
                           "Jämför med qms_tools/data/laws.yml.") from None
    entries = data.get("laws") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) and entry.get("id") for entry in entries):
        raise ProjectError(f"{origin}: ska ha en lista 'laws:' där varje lag har minst 'id'. "
                           "Jämför med qms_tools/data/laws.yml.")
    for entry in entries:
        unknown = sorted(str(key) for key in entry if key not in _LAW_KEYS)
        if unknown:
            raise ProjectError(f"{origin}: lagen '{entry['id']}' har okända nycklar: {', '.join(unknown)}. "
                               f"Kända: {', '.join(sorted(_LAW_KEYS))}.")
    return entries


def _merged(entries: list[tuple[dict, str]]) -> dict[str, tuple[dict, str]]:
    """One entry per id: a project file adds acts, or adds amendments and facts to a shipped one."""
    merged: dict[str, tuple[dict, str]] = {}
    for entry, origin in entries:
        law_id = str(entry["id"])
        if law_id not in merged:
            merged[law_id] = (dict(entry), origin)
            continue
        base, _ = merged[law_id]
        for key, value in entry.items():
            if key in _LIST_KEYS:
                base[key] = list(base.get(key) or []) + list(value or [])
            else:
                base[key] = value
        merged[law_id] = (base, origin)
    return merged


def _number(value: object, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}:\d+", value.strip()):
        raise ProjectError(f"{where}: numret ska vara en text som \"2025:400\" (inom citattecken, annars läser "
                           f"YAML det som ett tal), inte {value!r}.")
    return value.strip()


def _amending_number(value: object, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-ZÅÄÖ][A-ZÅÄÖ-]* \d{4}:\d+", value.strip()):
        raise ProjectError(f"{where}: number ska vara författningens beteckning som text, t.ex. "
                           f"\"SFS 1997:723\" eller \"HSLF-FS 2017:12\", inte {value!r}. Är numret okänt: "
                           f"utelämna number och skriv verified: false.")
    return value.strip()


def _day(value: object, where: str, key: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ProjectError(f"{where}: {key} ska vara ett datum ÅÅÅÅ-MM-DD, inte {value!r}.") from None


def _provisions(values: object, where: str, key: str) -> tuple[Provision, ...]:
    if values is None:
        return ()
    if not isinstance(values, list):
        values = [values]
    provisions = []
    for value in values:
        provision = parse_provision(str(value))
        if provision is None:
            raise ProjectError(f"{where}: '{value}' i {key} är ingen bestämmelse. Skriv t.ex. \"11 kap. 1 §\", "
                               f"\"9 §\" eller \"14 kap.\".")
        provisions.append(provision)
    return tuple(provisions)


def _law(entry: dict, origin: str) -> Law:
    law_id = str(entry["id"])
    where = f"{origin}, lagen '{law_id}'"
    amendments = []
    for index, change in enumerate(entry.get("amendments") or []):
        at = f"{where}, ändring {index + 1}"
        if not isinstance(change, dict) or "in_force" not in change:
            raise ProjectError(f"{at}: en ändring ska ha minst in_force (datum) och helst number, touches och "
                               f"source.")
        unknown = sorted(str(key) for key in change if key not in _CHANGE_KEYS)
        if unknown:
            raise ProjectError(f"{at}: okända nycklar {', '.join(unknown)}. Kända: {', '.join(sorted(_CHANGE_KEYS))}.")
        amendments.append(Change(law_id, _amending_number(change.get("number"), at), _day(change["in_force"], at, "in_force"),
                                 _provisions(change.get("touches"), at, "touches"),
                                 _provisions(change.get("repeals"), at, "repeals"),
                                 str(change.get("source") or ""), change.get("verified") is True,
                                 _day(change.get("published"), at, "published")))
    chapters = entry.get("chapters")
    if chapters is not None and not isinstance(chapters, (bool, int)):
        raise ProjectError(f"{where}: chapters ska vara true, false eller antalet kapitel.")
    return Law(law_id, str(entry.get("title") or law_id), tuple(str(a) for a in entry.get("aliases") or ()),
               str(entry.get("short") or ""), _number(entry.get("number"), where),
               _day(entry.get("in_force"), where, "in_force"), _day(entry.get("repealed"), where, "repealed"),
               str(entry["successor"]) if entry.get("successor") else None, chapters,
               str(entry.get("source") or ""), entry.get("verified", True) is not False, tuple(amendments))


def _with_successors(vocabulary: LawVocabulary, merged: dict[str, tuple[dict, str]]) -> LawVocabulary:
    """The mappings from repealed provisions, read once every act is known (they name acts)."""
    for law_id, (entry, origin) in merged.items():
        law = vocabulary.laws[law_id]
        where = f"{origin}, lagen '{law_id}'"
        if law.successor and law.successor not in vocabulary.laws:
            raise ProjectError(f"{where}: successor '{law.successor}' finns inte bland lagarna.")
        successors = []
        for item in entry.get("successors") or []:
            if not isinstance(item, dict) or "old" not in item or "new" not in item:
                raise ProjectError(f"{where}: varje rad i successors ska ha old och new, t.ex. "
                                   f"{{old: \"14 kap. 3 §\", new: \"SoL 27 kap. 1 §\", source: …}}.")
            old = _provisions(item["old"], where, "successors")[0]
            reference, problem = vocabulary.reference(str(item["new"]), 0)
            if reference is None:
                raise ProjectError(f"{where}: successors new '{item['new']}': {problem}")
            successors.append(Successor(old, reference.law_id, reference.provision, str(item.get("source") or ""),
                                        item.get("verified") is True))
        if successors:
            vocabulary.laws[law_id] = dataclasses.replace(law, successors=tuple(successors))
    return vocabulary


def load_laws(project_files: tuple[str, ...] = (), root: Path | None = None) -> LawVocabulary:
    """The shipped acts (``data/laws.yml``) with the project's own files (``law_files`` in
    qms.yml) on top: an act is added, or an amendment recorded, without a code change."""
    entries = [(entry, "qms_tools/data/laws.yml") for entry in _law_entries(_data_file("laws.yml"), "laws.yml")]
    for relative in project_files:
        path = (root or Path.cwd()) / relative
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise ProjectError(f"Lagfilen {relative} i qms.yml finns inte eller kunde inte läsas.") from None
        entries.extend((entry, relative) for entry in _law_entries(text, relative))
    merged = _merged(entries)
    vocabulary = LawVocabulary({law_id: _law(entry, origin) for law_id, (entry, origin) in merged.items()})
    return _with_successors(vocabulary, merged)
