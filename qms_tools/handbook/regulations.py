"""Regulations and laws as data: SOSFS 2011:9 ships as a YAML file, and another
regulation (HSLF-FS 2017:40, say) is one more file, with no code change."""

from __future__ import annotations

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


@dataclass(frozen=True)
class Law:
    id: str
    title: str
    aliases: tuple[str, ...] = ()


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


def load_laws() -> LawVocabulary:
    data = yaml.load(_data_file("laws.yml"), Loader=_FAST_LOADER)
    return LawVocabulary({entry["id"]: Law(entry["id"], entry["title"], tuple(entry.get("aliases") or ()))
                          for entry in data["laws"]})
