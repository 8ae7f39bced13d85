"""`qms import`: Word files (.docx) become drafts in the handbook, with a report per file.

Each file becomes one draft (status utkast) with the next never-used id for its type and
area and the front-matter `qms new` writes (``lifecycle.new_document``), plus
``source_sha256``, the hash of the Word file: importing the same file again finds it and
makes no second document. A leading metadata table moves into the front-matter where it
matches the registry and into the report otherwise.

Conversion (mammoth and the Markdown step) is pure Python: with many files it runs in
forked children on every core, and only the planning of ids and paths, which must see
every earlier file, runs in order. 1,500 generated routines import in the time
``benchmarks/import_benchmark.py`` reports (docs/teknik/prestanda.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from qms_tools.handbook.personal_ids import is_personal_id
from qms_tools.handbook import codeowners
from qms_tools.handbook.loader import load
from qms_tools.handbook.model import Handbook
from qms_tools.handbook.vocabulary import DocumentType, Publicity
from qms_tools.lifecycle.importing import metadata as metadata_table
from qms_tools.lifecycle.importing.docx_reader import PICTURE_PLACEHOLDER, Picture, Refused, read_docx, \
    refuse_by_name
from qms_tools.lifecycle.importing.html_tree import Element, parse
from qms_tools.lifecycle.importing.markdown_writer import HEADINGS, escape_text, to_markdown
from qms_tools.lifecycle.new_document import area_code, area_folder, check_area_and_owner, filename_slug, \
    ids_ever_used, next_id, render_front_matter
from qms_tools.runtime.forking import fork_is_safe

WORD_SUFFIXES = (".docx", ".docm")
REFUSED_SUFFIXES = (".doc", ".dot", ".rtf", ".pdf", ".odt")
"""Found in a folder, these are reported as refused; other files there are not documents."""

_ANY_PERSONAL_ID = re.compile(r"(?<![0-9])(?P<date>(?:18|19|20)?[0-9]{6})(?P<separator>[ \u00a0]?"
                              r"[-+\u2010\u2011\u2012\u2013\u2014\u2212]?[ \u00a0]?)(?P<serial>[0-9]{4})(?![0-9])")
_PARALLEL_FROM = 8
"""Fewer files convert faster in this process than a pool of children starts."""


@dataclass
class Converted:
    """One Word file turned into Markdown, before it has an id or a place."""

    source: str
    sha256: str
    title: str
    body: str
    pictures: list[Picture] = field(default_factory=list)
    metadata: metadata_table.Metadata | None = None
    attention: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class FileReport:
    source: str
    outcome: str  # IMPORTED, ALREADY_IMPORTED or REFUSED
    reason: str = ""
    path: str | None = None
    id: str | None = None
    title: str | None = None
    attention: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pictures: int = 0


IMPORTED, ALREADY_IMPORTED, REFUSED = "importerad", "fanns redan", "vägrad"


@dataclass
class ImportRun:
    reports: list[FileReport]
    updated_codeowners: bool = False

    @property
    def refused(self) -> list[FileReport]:
        return [report for report in self.reports if report.outcome == REFUSED]

    def count(self, outcome: str) -> int:
        return sum(1 for report in self.reports if report.outcome == outcome)


# --- finding the files -------------------------------------------------------------------

def word_files(paths: Iterable[Path]) -> tuple[list[tuple[Path, str]], list[FileReport]]:
    """The Word files named or found in folders (recursively), and reports for what cannot be imported."""
    found: list[tuple[Path, str]] = []
    refused: list[FileReport] = []
    seen: set[Path] = set()
    for given in paths:
        if given.is_dir():
            for directory, subdirectories, names in os.walk(given):
                subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
                for name in sorted(names):
                    file = Path(directory) / name
                    suffix = file.suffix.lower()
                    if name.startswith(("~$", ".")) or suffix not in WORD_SUFFIXES + REFUSED_SUFFIXES:
                        continue  # Word's lock files, and files that are no documents
                    if suffix in REFUSED_SUFFIXES:
                        refused.append(FileReport(str(file), REFUSED, refuse_by_name(file) or ""))
                    elif file.resolve() not in seen:
                        seen.add(file.resolve())
                        found.append((file, str(file)))
        elif given.is_file():
            reason = refuse_by_name(given)
            if reason:
                refused.append(FileReport(str(given), REFUSED, reason))
            elif given.resolve() not in seen:
                seen.add(given.resolve())
                found.append((given, str(given)))
        else:
            refused.append(FileReport(str(given), REFUSED, "Filen eller mappen finns inte. Kontrollera sökvägen."))
    return found, refused


# --- converting one file ------------------------------------------------------------------

def convert_file(path: Path, source: str, reader=read_docx) -> Converted | FileReport:
    """``path`` as Markdown with everything the report needs; a refused report if it cannot be read.
    (``reader``: another converter's reading, for benchmarks/import_benchmark.py --compare.)"""
    try:
        word = reader(path)
    except Refused as refusal:
        return FileReport(source, REFUSED, str(refusal))
    root = parse(word.html)
    found_metadata = metadata_table.take_metadata_table(root)
    title, notes = _title(root, word.title_property, path)
    conversion = to_markdown(root)
    body = f"# {escape_text(title)}\n\n{conversion.markdown}"
    converted = Converted(source, word.sha256, title, body, word.pictures, found_metadata, notes=notes)
    attention = converted.attention
    if word.tracked_changes:
        attention.append(f"{word.tracked_changes} spårade ändringar godkändes: texten är som om alla ändringar "
                         f"hade accepterats. Jämför med Word-filen om någon ändring inte skulle godtas.")
    if word.comments:
        attention.append(f"{word.comments} kommentarer togs bort; kommentarer kommer aldrig med i texten. Läs dem "
                         f"i Word-filen om något i dem ska in i dokumentet.")
    for name, count in sorted(word.unsupported.items()):
        attention.append(f"{count} × {name} kunde inte tas med. För in innehållet för hand, t.ex. som text, "
                         f"tabell eller bild.")
    for picture in word.pictures_left_out:
        attention.append(f"Utelämnad bild: {picture}.")
    for above in conversion.empty_headings:
        where = f"efter rubriken \"{above}\"" if above else "i början av dokumentet"
        attention.append(f"En tom rubrik {where} togs bort. Kontrollera att ingen text saknas där.")
    for target in dict.fromkeys(conversion.dropped_links):
        attention.append(f"Länken till {target} fungerar inte på webbplatsen och togs bort (texten finns kvar). "
                         f"Länka till dokumentet i handboken, eller lägg filen bredvid dokumentet och länka dit.")
    if word.headers_and_footers:
        notes.append("Sidhuvud och sidfot togs bort; står där något som ska vara kvar, skriv in det i texten.")
    if conversion.html_tables:
        notes.append(f"{conversion.html_tables} tabeller med listor eller flera stycken i cellerna skrevs som "
                     f"HTML-tabeller.")
    return converted


def _title(root: Element, title_property: str | None, path: Path) -> tuple[str, list[str]]:
    """The title, with the heading that held it taken out of the body and the other headings
    moved below it: a leading heading that stands alone at its level (Word's Title style, a
    single Heading 1), else Word's title property, else the file name.
    A leading heading wins over the property, which templates often leave at the template's name."""
    notes: list[str] = []
    first = next((element for element in root.elements() if element.text().strip()), None)
    headings = [element for element in root.iter(*HEADINGS) if element.text().strip()]
    leading = first if first is not None and first.tag in HEADINGS else None
    alone = leading is not None and (leading.attributes.get("class") == "title"  # Word's Title style
                                     or sum(1 for heading in headings if heading.tag == leading.tag) == 1)
    if leading is not None and (alone or title_property and _same(leading.text(), title_property)):
        title = " ".join(leading.text().split())
        leading.remove()
        headings.remove(leading)
    elif title_property:
        title = title_property
    else:
        title = " ".join(path.stem.replace("_", " ").split())
        notes.append(f"Dokumentet saknar titel; titeln blev filnamnet \"{title}\". Ändra den vid behov.")
    if any(heading.tag == "h1" for heading in headings):
        for heading in root.iter(*HEADINGS):
            heading.tag = f"h{min(HEADINGS[heading.tag] + 1, 6)}"
        notes.append("Rubrikerna flyttades ned en nivå så att titeln är dokumentets enda huvudrubrik.")
    return title, notes


def _same(text: str, title: str) -> bool:
    return " ".join(text.split()).casefold() == " ".join(title.split()).casefold()


def _convert_safely(path: Path, source: str) -> Converted | FileReport:
    """One file that breaks the converter in a way nobody foresaw is refused, not the whole run."""
    try:
        return convert_file(path, source)
    except Exception as error:  # noqa: BLE001 - reported per file, the other files go on
        return FileReport(source, REFUSED, f"Filen kunde inte omvandlas ({type(error).__name__}: {error}). "
                                           f"Öppna den i Word, spara den på nytt som .docx och försök igen; "
                                           f"hjälper det inte, skicka filen till kvalitetsenheten.")


def _convert_pair(pair: tuple[Path, str]) -> Converted | FileReport:
    return _convert_safely(*pair)


def _convert_each(files: list[tuple[Path, str]]) -> Iterator[Converted | FileReport]:
    """The files converted, in order; in children on every core when there are many, so that
    ids are planned and files written here while the next ones convert."""
    if len(files) < _PARALLEL_FROM or (os.cpu_count() or 1) < 2 or not fork_is_safe():
        yield from (_convert_safely(path, source) for path, source in files)
        return
    with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
        yield from pool.imap(_convert_pair, files, chunksize=4)


# --- personal identity numbers --------------------------------------------------------------

def personal_ids(text: str, first_line: int) -> tuple[str, list[str]]:
    """``text`` with every personal identity number written with a plain hyphen, so that
    `qms check` finds it, and a report line for each (masked)."""
    found: list[str] = []

    def normalise(match: re.Match) -> str:
        separator = match.group("separator").strip(" \u00a0")
        plain = "+" if separator == "+" else ("-" if separator or match.group("separator") else "")
        number = f"{match.group('date')}{plain}{match.group('serial')}"
        if not is_personal_id(number):
            return match.group(0)
        line = first_line + text.count("\n", 0, match.start())
        found.append(f"Rad {line}: ett personnummer eller samordningsnummer ({number[:-4]}****). Dokumentet "
                     f"skapades, men qms check hindrar att det publiceras tills numret är borttaget.")
        return number

    return _ANY_PERSONAL_ID.sub(normalise, text), found


# --- planning and writing ---------------------------------------------------------------------

def import_word(start: Path, today: dt.date, paths: Iterable[Path], area: str, owner: str,
                document_type: DocumentType = DocumentType.ROUTINE, publicity: Publicity | None = None) -> ImportRun:
    """Import every Word file in ``paths``; raises ProjectError when area or owner is unknown."""
    loaded = load(start, today)
    handbook = loaded.handbook
    check_area_and_owner(handbook, area, owner)
    files, reports = word_files(paths)
    imported_by_hash = {document.source_sha256: document for document in handbook.documents
                        if document.source_sha256}
    to_convert: list[tuple[Path, str]] = []
    for path, source in files:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as error:
            reports.append(FileReport(source, REFUSED, f"Filen går inte att läsa ({error.strerror or error})."))
            continue
        existing = imported_by_hash.get(digest)
        if existing is not None:
            reports.append(FileReport(source, ALREADY_IMPORTED, path=existing.path, id=existing.id,
                                      title=existing.display_title,
                                      reason=f"Filen är redan importerad som {existing.id} ({existing.path}); "
                                             f"inget nytt dokument skapades."))
            continue
        to_convert.append((path, source))

    planner = _Planner(handbook, area, owner, document_type, publicity)
    for result in _convert_each(to_convert):
        if isinstance(result, FileReport):
            reports.append(result)
        else:
            reports.append(planner.write(result))
    order = {source: index for index, (_, source) in enumerate(files)}
    reports.sort(key=lambda report: (order.get(report.source, -1), report.source))
    run = ImportRun(reports)
    if planner.written and codeowners.read_current(handbook.settings.root) is not None:
        # A project that uses CODEOWNERS must list the new files, or `qms check` fails.
        codeowners.write(load(start, today).handbook)
        run.updated_codeowners = True
    return run


class _Planner:
    """Ids, paths and front-matter for converted files, in order, and the files written."""

    def __init__(self, handbook: Handbook, area: str, owner: str, document_type: DocumentType,
                 publicity: Publicity | None = None):
        self.handbook = handbook
        self.publicity = publicity
        self.area = area
        self.owner = owner
        self.document_type = document_type
        self.code = area_code(handbook, area, None)
        self.folder = area_folder(handbook, area)
        self.taken_ids = ids_ever_used(handbook)
        self.last_id: str | None = None
        self.hashes: dict[str, FileReport] = {}
        self.paths: set[str] = set()
        self.written = 0

    def write(self, converted: Converted) -> FileReport:
        earlier = self.hashes.get(converted.sha256)
        if earlier is not None:
            return FileReport(converted.source, ALREADY_IMPORTED, path=earlier.path, id=earlier.id,
                              title=earlier.title, reason=f"Filen har samma innehåll som {earlier.source}, som "
                                                          f"importerades som {earlier.id}; inget nytt dokument "
                                                          f"skapades.")
        organisation = self.handbook.organisation
        today = self.handbook.today
        notes = list(converted.notes)
        attention = list(converted.attention)
        owner, reviewed, review_date = self.owner, None, None
        if converted.metadata:
            found = converted.metadata
            responsible = found.value(metadata_table.RESPONSIBLE)
            role = metadata_table.role_for(responsible, organisation, today)
            if role:
                owner = role
                notes.append(f"Ägare: {role} ({organisation.roles[role].title}), från Dokumentansvarig "
                             f"\"{responsible}\".")
            elif responsible:
                attention.append(f"Dokumentansvarig \"{responsible}\" finns inte i rollregistret; ägare blev "
                                 f"{owner}. Byt owner om en annan roll ska äga dokumentet.")
            approved = metadata_table.parse_date(found.value(metadata_table.APPROVED_ON))
            if approved and approved <= today:
                reviewed = approved
            valid_until = metadata_table.parse_date(found.value(metadata_table.VALID_UNTIL))
            if valid_until and valid_until > (reviewed or today):
                review_date = valid_until
            used = {metadata_table.RESPONSIBLE} if role else set()
            if reviewed:
                used.add(metadata_table.APPROVED_ON)
            if review_date:
                used.add(metadata_table.VALID_UNTIL)
            for label, value in found.entries:
                if label not in used and value:
                    notes.append(f"Ur metadatatabellen: {label}: {value}")

        self.last_id = next_id(self.handbook, self.document_type, self.code,
                               [*self.taken_ids, *([self.last_id] if self.last_id else [])])
        slug = filename_slug(converted.title) or filename_slug(Path(converted.source).stem) or "dokument"
        path = self._free_path(slug)
        picture_folder = posixpath.splitext(posixpath.basename(path))[0] + "-bilder"
        body = converted.body
        for picture in converted.pictures:
            body = body.replace(f"({PICTURE_PLACEHOLDER}{picture.number})",
                                f"({picture_folder}/bild-{picture.number}.{picture.extension})")
            body = body.replace(f'src="{PICTURE_PLACEHOLDER}{picture.number}"',
                                f'src="{picture_folder}/bild-{picture.number}.{picture.extension}"')
        front_matter = render_front_matter(self.handbook, self.document_type, self.last_id, owner, self.area,
                                           reviewed, review_date, self.publicity,
                                           source_sha256=f"\"{converted.sha256}\"")
        body, found_ids = personal_ids(body, front_matter.count("\n") + 2)
        attention.extend(found_ids)
        root = self.handbook.settings.root
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if converted.pictures:
            (target.parent / picture_folder).mkdir(exist_ok=True)
            for picture in converted.pictures:
                (target.parent / picture_folder / f"bild-{picture.number}.{picture.extension}").write_bytes(
                    picture.data)
        with open(target, "x", encoding="utf-8", newline="\n") as file:
            file.write(f"{front_matter}\n{body}")
        self.written += 1
        report = FileReport(converted.source, IMPORTED, path=path, id=self.last_id, title=converted.title,
                            attention=attention, notes=notes, pictures=len(converted.pictures))
        self.hashes[converted.sha256] = report
        return report

    def _free_path(self, slug: str) -> str:
        root = self.handbook.settings.root
        number = 1
        while True:
            name = f"{slug}.md" if number == 1 else f"{slug}-{number}.md"
            path = posixpath.join(self.folder, name)
            picture_folder = root / self.folder / (name[:-3] + "-bilder")
            if path not in self.paths and not (root / path).exists() and not picture_folder.exists():
                self.paths.add(path)
                return path
            number += 1


def report_lines(run: ImportRun) -> list[str]:
    """The Swedish report: one block per file, then a summary line."""
    lines: list[str] = []
    for report in run.reports:
        if report.outcome == IMPORTED:
            pictures = f", {report.pictures} bilder" if report.pictures else ""
            lines.append(f"Importerad: {report.source} -> {report.path} ({report.id}, utkast{pictures})")
            if report.attention:
                lines.append("  Behöver åtgärdas:")
                lines.extend(f"  - {item}" for item in report.attention)
            if report.notes:
                lines.append("  Bra att känna till:")
                lines.extend(f"  - {item}" for item in report.notes)
        elif report.outcome == ALREADY_IMPORTED:
            lines.append(f"Fanns redan: {report.source}: {report.reason}")
        else:
            lines.append(f"Kunde inte importeras: {report.source}: {report.reason}")
    attention = sum(1 for report in run.reports if report.outcome == IMPORTED and report.attention)
    lines.append(f"Sammanfattning: {len(run.reports)} filer: {run.count(IMPORTED)} importerade "
                 f"({attention} behöver åtgärdas), {run.count(ALREADY_IMPORTED)} fanns redan, "
                 f"{run.count(REFUSED)} kunde inte importeras.")
    return lines

