"""`qms new`: a new document from its type's template, ready to pass `qms check`.

The id is the type's prefix, the area's code and the next number never used for that
prefix and code: not by a document in the tree, not by a reference to a planned
document, not by any document ever published in the Git history and not by one in the
registry of deleted documents, so an id is never reused even after its document was
deleted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import posixpath
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import jinja2

from qms_tools.handbook import codeowners
from qms_tools.handbook.dates import add_months
from qms_tools.handbook.fields import key_order
from qms_tools.handbook.history import read_history
from qms_tools.handbook.loader import load
from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.settings import ProjectError
from qms_tools.handbook.tombstones import load_tombstones
from qms_tools.handbook.vocabulary import DocumentType, Publicity, Status
from qms_tools.handbook.writing import write_failure

ID_PREFIXES = {
    DocumentType.PROCESS: "PROC",
    DocumentType.ROUTINE: "RUT",
    DocumentType.INSTRUCTION: "INS",
    DocumentType.CHECKLIST: "CHK",
    DocumentType.TEMPLATE: "MALL",
    DocumentType.GUIDELINE: "RIK",
    DocumentType.GOVERNING: "STY",
}

# References a new document of the type contributes to by definition (SOSFS 2011:9
# 4 kap.: processes and their activities are described, routines govern activities).
# The editor adds the rest before the document becomes gällande.
DEFAULT_REFERENCES = {
    "sosfs": {
        DocumentType.PROCESS: ["4:2", "4:3"],
        DocumentType.ROUTINE: ["4:4"],
        DocumentType.INSTRUCTION: ["4:4"],
    },
}

_NUMBERED_ID = re.compile(r"^([A-Z]+)-([A-Z0-9]+)-(\d+)$")
_PLAIN_SCALAR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

_templates = jinja2.Environment(
    loader=jinja2.PackageLoader("qms_tools", "templates/new"),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,  # Markdown and YAML, not HTML
)


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar: bare when that reads back unchanged, else quoted."""
    if _PLAIN_SCALAR.match(value) and value.lower() not in ("true", "false", "yes", "no", "on", "off", "null"):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"


@dataclass(frozen=True)
class NewDocument:
    path: str            # project-relative, POSIX
    id: str
    type: DocumentType
    text: str
    process: Document | None
    hint: str
    updated_codeowners: bool = False


def filename_slug(title: str) -> str:
    """A file name from a title: å, ä → a, ö → o, other accents dropped, words joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-")


def _numbered(document_id: str) -> tuple[str, str, int, int] | None:
    """(prefix, code, number, digits written) of an id like RUT-BOU-014."""
    match = _NUMBERED_ID.match(document_id)
    return (match.group(1), match.group(2), int(match.group(3)), len(match.group(3))) if match else None


def used_ids(handbook: Handbook, published: Iterable[str] = ()) -> set[str]:
    """Every id taken: documents, ids that processes or replacements name, and ids ever published."""
    ids = set(published)
    for document in handbook.documents:
        if document.id:
            ids.add(document.id)
        if document.replaced_by:
            ids.add(document.replaced_by)
        ids.update(document.routine_ids)
    return ids


def area_code(handbook: Handbook, area: str, process: Document | None) -> str:
    """The code the area's ids already use (BOU for barn-och-unga); for an area without
    numbered documents, the process's code or one derived from the area id."""
    codes_by_area: dict[str, Counter] = {}
    for document in handbook.documents:
        parts = _numbered(document.id or "")
        if parts and document.area:
            codes_by_area.setdefault(document.area, Counter())[parts[1]] += 1
    if area in codes_by_area:
        counts = codes_by_area[area]
        return min(counts, key=lambda code: (-counts[code], code))
    process_parts = _numbered(process.id or "") if process else None
    if process_parts:
        return process_parts[1]
    words = [word for word in filename_slug(area).split("-") if word]
    code = "".join(word[0] for word in words) if len(words) > 1 else "".join(words)[:3]
    code = code.upper()
    taken_by = {c: other for other, counts in codes_by_area.items() for c in counts}
    if not code or code in taken_by:
        clash = f" Koden {code} används redan av området '{taken_by[code]}'." if code in taken_by else ""
        raise ProjectError(f"Kan inte bilda en områdeskod för '{area}'.{clash} Skapa det första dokumentet i "
                           f"området för hand med ett id som visar koden, t.ex. RUT-XYZ-001.")
    return code


def next_id(handbook: Handbook, document_type: DocumentType, code: str, published: Iterable[str] = ()) -> str:
    prefix = ID_PREFIXES[document_type]
    taken = [parts for parts in map(_numbered, used_ids(handbook, published))
             if parts and parts[0] == prefix and parts[1] == code]
    number = max((parts[2] for parts in taken), default=0) + 1
    # Zero-padded as wide as the area's ids already are (RUT-BOU-014, or RUT-BOU-0014).
    width = max((parts[3] for parts in taken), default=3)
    return f"{prefix}-{code}-{number:0{width}d}"


def review_interval(handbook: Handbook, document_type: DocumentType) -> int:
    review = handbook.settings.review
    return review.interval_months_by_type.get(document_type.value, review.interval_months)


def _process(handbook: Handbook, process_id: str) -> Document:
    process = handbook.by_id.get(process_id)
    if process is None or not process.is_process:
        processes = [document.id for document in handbook.documents if document.is_process and document.id]
        nearest = difflib.get_close_matches(process_id, processes, n=1, cutoff=0.6)
        what = "är ingen process" if process else "finns inte"
        hint = f" Menade du '{nearest[0]}'?" if nearest else \
            (f" Processer: {', '.join(sorted(processes))}." if processes else "")
        raise ProjectError(f"'{process_id}' {what}.{hint}")
    return process


def area_folder(handbook: Handbook, area: str) -> str:
    folders = Counter(posixpath.dirname(document.path) for document in handbook.documents if document.area == area)
    if folders:
        return min(folders, key=lambda folder: (-folders[folder], folder))
    return posixpath.join(handbook.settings.content_dir, area)


def check_area_and_owner(handbook: Handbook, area: str | None, owner: str | None) -> None:
    """Raises ProjectError unless ``area`` and ``owner`` are in the role registry."""
    organisation = handbook.organisation
    if not area:
        raise ProjectError("Verksamhetsområdet går inte att avgöra: ange --process med en process som har area, "
                           "eller --area.")
    if area not in organisation.areas:
        nearest = organisation.suggest_area(area)
        hint = f" Menade du '{nearest}'?" if nearest else f" Kända områden: {', '.join(organisation.areas)}."
        raise ProjectError(f"Verksamhetsområdet '{area}' finns inte i rollregistret.{hint}")
    if not owner:
        raise ProjectError("Ägaren går inte att avgöra: ange --owner med ett roll-id ur rollregistret.")
    if owner not in organisation.roles:
        nearest = organisation.suggest_role(owner)
        hint = f" Menade du '{nearest}'?" if nearest else ""
        raise ProjectError(f"Rollen '{owner}' finns inte i rollregistret ({organisation.path}).{hint}")


def render_front_matter(handbook: Handbook, document_type: DocumentType, document_id: str, owner: str, area: str,
                        reviewed: dt.date | None = None, review_date: dt.date | None = None,
                        publicity: Publicity | None = None, **extra: str) -> str:
    """The front-matter block of a new draft, as `qms new` writes it; ``extra``: further keys
    of ``fields.FIELDS`` with their YAML values, such as ``source_sha256``."""
    return _templates.get_template("_front_matter.md.j2").render(
        **_front_matter_values(handbook, document_type, document_id, owner, area, reviewed, review_date, extra,
                               publicity))


def _front_matter_values(handbook: Handbook, document_type: DocumentType, document_id: str, owner: str, area: str,
                         reviewed: dt.date | None = None, review_date: dt.date | None = None,
                         extra: dict[str, str] | None = None, publicity: Publicity | None = None) -> dict:
    reviewed = reviewed or handbook.today
    review_date = review_date or add_months(reviewed, review_interval(handbook, document_type))
    regulation_keys = [regulation.front_matter_key for regulation in handbook.regulations.regulations]
    values = {
        "id": document_id, "type": document_type.value, "status": Status.DRAFT.value,
        # Written even when it is the project's default, so that the editor sees the choice.
        "publicering": (publicity or handbook.settings.publicering).value, "owner": yaml_scalar(owner),
        "area": yaml_scalar(area), "reviewed": reviewed.isoformat(), "review_date": review_date.isoformat(),
        **{key: yaml_list(DEFAULT_REFERENCES.get(key, {}).get(document_type, [])) for key in regulation_keys},
        "laws": "[]", **(extra or {}),
    }
    if document_type is DocumentType.PROCESS:
        values["activities"] = "[]"
    return dict(front_matter=[(key, values[key]) for key in key_order(handbook.regulations) if key in values],
                regulation_keys=regulation_keys, owner_title=handbook.organisation.roles[owner].title)


def plan_new_document(handbook: Handbook, document_type: DocumentType, title: str, process_id: str | None,
                      area: str | None = None, owner: str | None = None,
                      published_ids: Iterable[str] = (), publicity: Publicity | None = None) -> NewDocument:
    """What `qms new` would write; raises ProjectError for anything it cannot decide."""
    title = " ".join(title.split())
    if not title:
        raise ProjectError("Titeln är tom. Ange --title \"Dokumentets namn\".")
    process = _process(handbook, process_id) if process_id else None
    area = area or (process.area if process else None)
    owner = owner or (process.owner if process else None)
    check_area_and_owner(handbook, area, owner)

    document_id = next_id(handbook, document_type, area_code(handbook, area, process), published_ids)
    slug = filename_slug(title)
    if not slug:
        raise ProjectError(f"Titeln \"{title}\" ger inget filnamn. Använd bokstäver eller siffror i titeln.")
    folder = posixpath.dirname(process.path) if process else area_folder(handbook, area)
    path = posixpath.join(folder, f"{slug}.md")
    if (handbook.settings.root / path).exists():
        raise ProjectError(f"Filen {path} finns redan. Välj en annan titel eller ändra det befintliga dokumentet.")

    content_path = posixpath.relpath(path, handbook.settings.content_dir)
    process_link = None
    if process:
        process_link = {"id": process.id, "title": process.display_title,
                        "href": posixpath.relpath(process.content_path, posixpath.dirname(content_path) or ".")}
    text = _templates.get_template(f"{document_type.value}.md.j2").render(
        title=title, process=process_link,
        **_front_matter_values(handbook, document_type, document_id, owner, area, publicity=publicity))
    return NewDocument(path, document_id, document_type, text, process, _hint(document_id, document_type, process))


def _hint(document_id: str, document_type: DocumentType, process: Document | None) -> str:
    lines = []
    if process:
        kind = "delprocess" if document_type is DocumentType.PROCESS else document_type.label.lower()
        lines.append(f"Lägg till {document_id} som {kind} under rätt aktivitet i processen {process.id} "
                     f"({process.path}), till exempel:")
        lines.append("  activities:")
        activity = process.activities[0] if process.activities else None
        name = activity.name if activity else "Aktivitetens namn"
        routines = [*(activity.routines if activity else ()), document_id]
        lines.append(f"    - name: {name}")
        lines.append(f"      routines: [{', '.join(routines)}]")
    lines.append("Dokumentet är ett utkast. Fyll i texten, kontrollera sosfs och laws, och sätt status: gällande "
                 "när dokumentet ska börja gälla. Skicka det som en pull request som ägaren godkänner.")
    return "\n".join(lines)


def ids_ever_used(handbook: Handbook) -> list[str]:
    """Ids published at any time in the Git history or deleted on purpose (besides those in the tree)."""
    history = handbook.history or read_history(handbook.settings.root, handbook.settings.content_dir)
    # The tombstone registry names deleted ids that a shallow clone's history cannot show.
    return [*history.ids, *load_tombstones(handbook.settings).entries]


def create_document(start: Path, today: dt.date, document_type: DocumentType, title: str, process_id: str | None,
                    area: str | None = None, owner: str | None = None,
                    publicity: Publicity | None = None) -> NewDocument:
    handbook = load(start, today).handbook
    planned = plan_new_document(handbook, document_type, title, process_id, area, owner, ids_ever_used(handbook),
                                publicity)
    target = handbook.settings.root / planned.path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as file:  # never over a file that appeared meanwhile
            file.write(planned.text.encode("utf-8"))
    except OSError as error:
        raise ProjectError(write_failure(planned.path, error)) from None
    if codeowners.read_current(handbook.settings.root) is not None:
        # A project that uses CODEOWNERS must list the new file, or `qms check` fails.
        try:
            codeowners.write(load(start, today).handbook)
        except ProjectError as error:
            raise ProjectError(f"Skapade {planned.path} ({planned.id}), men {error}") from None
        planned = dataclasses.replace(planned, updated_codeowners=True)
    return planned
