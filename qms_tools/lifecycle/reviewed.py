"""`qms reviewed ID`: record a review that found nothing to change, honestly.

A review without changes still has to leave a trace: ``reviewed`` becomes today, the
``review_date`` moves one interval ahead, and one commit says so in its message. Only
those two lines of the file change (comments, key order and line endings stay), so the
commit shows exactly what was recorded and nothing else.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from qms_tools.handbook.dates import add_months
from qms_tools.runtime import git
from qms_tools.handbook.loader import load
from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.settings import ProjectError
from qms_tools.handbook.source import parse_source
from qms_tools.handbook.writing import read_bytes, write_bytes
from qms_tools.handbook.vocabulary import Status

_VALUE_LINE = r"^(?P<key>[ \t]*{key}[ \t]*:[ \t]*)(?P<quote>[\"']?)(?P<value>[0-9./-]*)(?P=quote)(?P<rest>[ \t]*(#.*)?)$"


@dataclass(frozen=True)
class RecordedReview:
    document: Document
    reviewed: dt.date
    next_review: dt.date
    commit: str
    message: str


def interval_months(handbook: Handbook, document: Document) -> int:
    review = handbook.settings.review
    type_name = document.type.value if document.type else ""
    return review.interval_months_by_type.get(type_name, review.interval_months)


def commit_message(document: Document, next_review: dt.date) -> str:
    return f"Granskad utan ändringar: {document.id} (nästa granskning {next_review.isoformat()})"


def find_document(handbook: Handbook, document_id: str) -> Document:
    document = handbook.by_id.get(document_id)
    if document is not None:
        return document
    nearest = difflib.get_close_matches(document_id.upper(), list(handbook.by_id), n=1, cutoff=0.6)
    hint = f" Menade du '{nearest[0]}'?" if nearest else ""
    raise ProjectError(f"Det finns inget dokument med id '{document_id}' i {handbook.settings.content_dir}/.{hint}")


_KEY_WITHOUT_VALUE = r"^[ \t]*{key}[ \t]*:[ \t]*(#.*)?$"
_VALUE_BELOW = r"^(?P<key>[ \t]+)(?P<quote>[\"']?)(?P<value>[0-9./-]+)(?P=quote)(?P<rest>[ \t]*(#.*)?)$"


def _set_value(lines: list[str], number: int, key: str, value: str, path: str) -> None:
    """Write ``value`` where the value of ``key`` (on line ``number``) stands: on that line,
    or on the next when the line has the key alone (``review_date:`` then ``  2026-10-01``)."""
    index = number - 1
    if re.match(_KEY_WITHOUT_VALUE.format(key=re.escape(key)), lines[index].rstrip("\r\n")):
        below = next((position for position in range(index + 1, len(lines))
                      if lines[position].strip() and not lines[position].strip().startswith("#")), None)
        if below is not None and lines[below][:1] in (" ", "\t"):
            lines[below] = _replaced(lines[below], _VALUE_BELOW, value, path, below + 1, key)
            return
    lines[index] = _replaced(lines[index], _VALUE_LINE.format(key=re.escape(key)), value, path, number, key)


def _replaced(line: str, pattern: str, value: str, path: str, number: int, key: str) -> str:
    ending = line[len(line.rstrip("\r\n")):]
    match = re.match(pattern, line.rstrip("\r\n"))
    if match is None:
        raise ProjectError(f"{path}:{number}: raden för '{key}' har en form som inte kan ändras automatiskt. "
                           f"Skriv den som '{key}: ÅÅÅÅ-MM-DD' och försök igen.")
    return f"{match['key']}{match['quote']}{value}{match['quote']}{match['rest']}{ending}"


def edited_text(text: str, document: Document, reviewed: dt.date, next_review: dt.date) -> str:
    """``text`` with the values of ``reviewed`` and ``review_date`` replaced, and nothing
    else changed; ``reviewed`` is added just above ``review_date`` when it is missing."""
    # Split where the reader counts lines (\n, \r\n or a lone \r), so key_lines match.
    lines = re.split(r"(?<=\n)|(?<=\r)(?!\n)", text)
    review_line = document.key_lines["review_date"]
    _set_value(lines, review_line, "review_date", next_review.isoformat(), document.path)
    if "reviewed" in document.key_lines:
        _set_value(lines, document.key_lines["reviewed"], "reviewed", reviewed.isoformat(), document.path)
    else:
        template = lines[review_line - 1]
        indent = template[:len(template) - len(template.lstrip(" \t"))]
        ending = template[len(template.rstrip("\r\n")):] or "\n"
        lines.insert(review_line - 1, f"{indent}reviewed: {reviewed.isoformat()}{ending}")
    return "".join(lines)


def _verified(raw: bytes, document: Document, expected: dict, problems: list[str] | None, what: str) -> list[str]:
    """Refuse unless ``raw`` reads as ``expected`` front-matter over the document's body,
    with the YAML ``problems`` (codes) given, if given: a review changes ``reviewed`` and
    ``review_date`` and nothing else. Returns the codes of the problems it has."""
    source = parse_source(raw, document.path)
    located = source.front_matter
    found = sorted(problem.code for problem in located.problems) if located is not None else []
    if located is None or located.data != expected or source.body != document.body or \
            problems not in (None, found):
        raise ProjectError(f"{document.path}: {what} Kör 'qms check', rätta det som behövs och försök igen; "
                           "ingenting checkades in.")
    return found


def _require_clean(root: Path, path: str) -> None:
    try:
        inside = git.run(root, "rev-parse", "--is-inside-work-tree").strip() == b"true"
    except git.GitError as error:
        if error.reason.startswith(git.NO_GIT):
            raise
        inside = False
    if not inside:
        raise ProjectError(f"{root} är inget Git-arkiv. Granskningen registreras som en incheckning, så "
                           "kör kommandot i handbokens Git-arkiv.")
    if git.status(root, "ls-files", "--error-unmatch", "--", path) != 0:
        raise ProjectError(f"{path} är inte incheckad i Git än. Checka in dokumentet först; en granskning "
                           "kan bara registreras för ett dokument som finns i historiken.")
    if git.status(root, "diff", "--cached", "--quiet", "--", path) != 0:
        raise ProjectError(f"{path} har ändringar som redan är köade för incheckning (git add). Checka in eller "
                           f"ta bort dem först (git restore --staged {path}), så att granskningen blir en egen "
                           "incheckning utan andra ändringar.")
    if git.status(root, "diff", "--quiet", "--", path) != 0:
        raise ProjectError(f"{path} har ändringar som inte är incheckade. Checka in eller ta bort dem först, så "
                           "att incheckningen för granskningen bara innehåller granskningen.")


def record_review(start: Path, document_id: str, today: dt.date) -> RecordedReview:
    handbook = load(start, today).handbook
    document = find_document(handbook, document_id)
    if document.status is not Status.IN_FORCE:
        state = document.status.value if document.status else "utan giltig status"
        raise ProjectError(f"{document.path}: {document.id} är {state}, inte gällande. Bara gällande dokument "
                           "granskas; ett utkast fastställs och ett upphävt dokument granskas inte.")
    if "review_date" not in document.key_lines:
        raise ProjectError(f"{document.path}: {document.id} saknar review_date. Lägg till nästa granskningsdatum "
                           "i front-matter och checka in det först.")
    months = interval_months(handbook, document)
    next_review = add_months(today, months)
    latest = add_months(today, handbook.settings.review.max_interval_months)
    if next_review > latest:
        raise ProjectError(f"Granskningsintervallet {months} månader för {document.type.value if document.type else ''}"
                           f" är längre än review.max_interval_months "
                           f"({handbook.settings.review.max_interval_months}) i qms.yml. Rätta inställningen.")
    if document.reviewed == today and document.review_date == next_review:
        raise ProjectError(f"Granskningen av {document.id} är redan registrerad i dag (nästa granskning "
                           f"{next_review.isoformat()}).")
    root = handbook.settings.root
    _require_clean(root, document.path)
    file = root / document.path
    original = read_bytes(file, document.path)
    # The file is read again, not taken from the load: it may have changed since.
    problems = _verified(original, document, document.front_matter, None,
                         "filen har ändrats sedan handboken lästes, eller läses inte som förut.")
    bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
    text = original[len(bom):].decode("utf-8")
    edited = bom + edited_text(text, document, today, next_review).encode("utf-8")
    expected = {**document.front_matter, "reviewed": today.isoformat(), "review_date": next_review.isoformat()}
    _verified(edited, document, expected, problems,
              "granskningen kunde inte skrivas in utan att något annat i front-matter ändrades.")
    write_bytes(file, edited, document.path)
    message = commit_message(document, next_review)
    body = (f"{message}\n\n{document.display_title} granskades {today.isoformat()} av ägaren utan att innehållet "
            f"ändrades.\nRegistrerad med 'qms reviewed {document.id}'.\n")
    # What is committed is what is on disk now: read once more. Changed by someone
    # else meanwhile, it is left as they wrote it.
    _verified(read_bytes(file, document.path), document, expected, problems,
              "filen ändrades medan granskningen skrevs in.")
    try:
        git.run(root, "commit", "--quiet", "--only", "-m", body, "--", document.path)
    except git.GitError as error:
        write_bytes(file, original, document.path)
        raise ProjectError(f"Incheckningen misslyckades och dokumentet är återställt: {error}") from None
    commit = git.run(root, "rev-parse", "HEAD").decode("ascii").strip()
    return RecordedReview(document, today, next_review, commit, message)
