"""`qms fix`: safe, mechanical repairs that never change what a document says.

Every repair edits the text in place (comments, quoting and values stay as written; no
round trip through a YAML dumper), and every front-matter repair is verified by parsing
the result: if the data is not exactly what the repair intended, the repair is dropped
and the editor is told why. What needs a human decision (an ambiguous date like
03/04/2026, a misspelt key) is reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from qms_tools.handbook import markdown_scan
from qms_tools.handbook.fields import key_order
from qms_tools.handbook.loader import document_files
from qms_tools.handbook.regulations import load_regulations
from qms_tools.handbook.settings import ProjectError, Settings, load_settings
from qms_tools.handbook.source import SourceFile, decode, split_front_matter
from qms_tools.handbook.vocabulary import DocumentType, Status
from qms_tools.handbook.writing import reason, write_failure
from qms_tools.handbook.yaml_reader import LocatedYaml, read_yaml

DATE_KEYS = ("review_date", "reviewed")
CHOICE_KEYS = {"status": Status, "type": DocumentType}

_UTF8_BOM = b"\xef\xbb\xbf"
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_YEAR_LAST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class FileFix:
    """What `qms fix` did, or would do, to one file."""

    path: str
    before: str = ""
    after: str = ""
    raw_before: bytes = b""
    raw_after: bytes = b""
    changes: list[str] = field(default_factory=list)
    not_fixed: list[str] = field(default_factory=list)
    unwritten: str | None = None
    """Why the repaired text could not be written, when it could not."""

    @property
    def changed(self) -> bool:
        return self.raw_after != self.raw_before

    def diff(self) -> str:
        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True),
                                            self.after.splitlines(keepends=True),
                                            fromfile=f"a/{self.path}", tofile=f"b/{self.path}"))


def unambiguous_date(text: str) -> tuple[dt.date | None, bool]:
    """(date, False) when ``text`` can only mean one date; (None, True) when it can mean
    two (03/04/2026); (None, False) when it is no date at all."""

    def valid(year: int, month: int, day: int) -> dt.date | None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None

    for pattern in (_YEAR_FIRST, _COMPACT):
        match = pattern.match(text)
        if match:
            year, month, day = (int(group) for group in match.groups())
            return valid(year, month, day), False
    match = _YEAR_LAST.match(text)
    if not match:
        return None, False
    first, second, year = (int(group) for group in match.groups())
    readings = {reading for reading in (valid(year, second, first), valid(year, first, second)) if reading}
    if len(readings) == 1:
        return readings.pop(), False
    return None, len(readings) > 1


def _fold(value: str) -> str:
    return value.strip().lower().replace("å", "a").replace("ä", "a").replace("ö", "o")


def _scalar_on_line(line: str, key: str) -> re.Match | None:
    """The value written on a ``key: value  # comment`` line, quotes and comment apart."""
    return re.match(rf"^({re.escape(key)}[ \t]*:[ \t]*)([\"']?)([^\"'#]*?)(\2)([ \t]*(?:#.*)?)$", line)


def _lines(count: int) -> str:
    return "1 rad" if count == 1 else f"{count} rader"


def _loose(line: str) -> bool:
    """A blank line or a comment that belongs to no nested value."""
    return not line.strip() or line.startswith("#")


class _FrontMatter:
    """The front-matter lines of one file, edited only through verified repairs."""

    def __init__(self, lines: list[str], first_line: int, located: LocatedYaml, result: FileFix):
        self.lines = lines
        self.first_line = first_line
        self.located = located
        self.data: dict = located.data
        self.result = result

    def apply(self, new_lines: list[str], expected: dict, change: str, refusal: str) -> bool:
        parsed = read_yaml("\n".join(new_lines), first_line=self.first_line)
        if parsed.problems or parsed.data != expected:
            if refusal:
                self.result.not_fixed.append(refusal)
            return False
        self.lines, self.located, self.data = new_lines, parsed, parsed.data
        self.result.changes.append(change)
        return True

    def replace_value(self, key: str, new_value: str, change: str) -> None:
        line_number = self.located.line_of(key)
        index = line_number - self.first_line
        match = _scalar_on_line(self.lines[index], key)
        if not match or match.group(3).strip() != str(self.data[key]).strip():
            self.result.not_fixed.append(f"{key} (rad {line_number}) är skrivet på ett sätt som inte kan rättas "
                                         f"automatiskt. Skriv det som {key}: {new_value}.")
            return
        new_lines = list(self.lines)
        new_lines[index] = match.group(1) + match.group(2) + new_value + match.group(4) + match.group(5)
        expected = {**self.data, key: new_value}
        self.apply(new_lines, expected, change,
                   f"{key} (rad {line_number}) kunde inte rättas utan att ändra annat. Skriv det som "
                   f"{key}: {new_value}.")

    def fix_choices(self) -> None:
        for key, enum_type in CHOICE_KEYS.items():
            value = self.data.get(key)
            if not isinstance(value, str):
                continue
            known = [member.value for member in enum_type]
            matches = [candidate for candidate in known if _fold(candidate) == _fold(value)]
            if value.strip() not in known and len(matches) == 1:
                self.replace_value(key, matches[0], f"{key}: '{value}' → '{matches[0]}' (rad "
                                                    f"{self.located.line_of(key)}).")

    def fix_dates(self) -> None:
        for key in DATE_KEYS:
            value = self.data.get(key)
            if value is None or isinstance(value, bool) or not isinstance(value, (str, int)):
                continue
            text = str(value).strip()
            if _ISO.match(text):
                continue
            date, ambiguous = unambiguous_date(text)
            line = self.located.line_of(key)
            if date:
                self.replace_value(key, date.isoformat(), f"{key}: '{text}' → '{date.isoformat()}' (rad {line}).")
            elif ambiguous:
                self.result.not_fixed.append(f"{key}: '{text}' (rad {line}) kan läsas som två olika datum. Skriv "
                                             f"datumet som ÅÅÅÅ-MM-DD.")

    def strip_trailing_whitespace(self) -> None:
        candidates = [index for index, line in enumerate(self.lines) if line != line.rstrip()]
        if not candidates:
            return
        stripped = [line.rstrip() for line in self.lines]
        if self._parses_to(stripped, self.data):
            kept: list[int] = []
        else:
            # Some blanks belong to a value (a `|` block): strip the others one line at a time.
            stripped, kept = list(self.lines), []
            for index in candidates:
                attempt = stripped[:index] + [stripped[index].rstrip()] + stripped[index + 1:]
                if self._parses_to(attempt, self.data):
                    stripped = attempt
                else:
                    kept.append(index)
        count = len(candidates) - len(kept)
        if count:
            self.apply(stripped, self.data, f"Tog bort blanksteg i radslut på {_lines(count)} i front-matter.", "")
        if kept:
            lines = ", ".join(str(self.first_line + index) for index in kept)
            self.result.not_fixed.append(f"Blanksteg i radslut på rad {lines} lämnades kvar: de hör till ett värde.")

    def _parses_to(self, lines: list[str], expected: dict) -> bool:
        parsed = read_yaml("\n".join(lines), first_line=self.first_line)
        return not parsed.problems and parsed.data == expected

    def order_keys(self, canonical: list[str]) -> None:
        keys = [key for key in self.data if isinstance(key, str)]
        known = [key for key in keys if key in canonical]
        wanted = sorted(known, key=canonical.index) + [key for key in keys if key not in canonical]
        if wanted == keys:
            return
        starts = [self.located.line_of(key) - self.first_line for key in keys]
        # Comment and blank lines directly above a key travel with it.
        for position in range(1, len(starts)):
            while starts[position] - 1 > starts[position - 1] and _loose(self.lines[starts[position] - 1]):
                starts[position] -= 1
        # ... and those after the last key stay at the end.
        end = len(self.lines)
        while end - 1 > starts[-1] and _loose(self.lines[end - 1]):
            end -= 1
        blocks = {key: self.lines[start:stop] for key, start, stop in zip(keys, starts, [*starts[1:], end])}
        new_lines = self.lines[:starts[0]] + [line for key in wanted for line in blocks[key]] + self.lines[end:]
        self.apply(new_lines, self.data,
                   f"Ordnade nycklarna i front-matter i standardordningen ({', '.join(wanted)}).",
                   "Nycklarna i front-matter kunde inte ordnas om utan att värdena ändrades; de lämnades som de var.")


def _has_first_level_heading(body: str, body_line: int) -> bool:
    return any(heading.level == 1 for heading in markdown_scan.headings(body, body_line))


def _body_trailing_whitespace(body_lines: list[str], first_line: int) -> tuple[list[str], int]:
    """Strip trailing blanks, except two or more spaces that make a Markdown line break."""
    prose = {number for number, _ in markdown_scan.prose_lines("\n".join(body_lines), first_line)}
    result, count = [], 0
    for index, line in enumerate(body_lines):
        stripped = line.rstrip()
        following = body_lines[index + 1] if index + 1 < len(body_lines) else ""
        hard_break = (first_line + index in prose and stripped and line.endswith("  ")
                      and line[len(stripped):].strip(" ") == "" and following.strip())
        if stripped != line and not hard_break:
            count += 1
            line = stripped
        result.append(line)
    return result, count


def fix_text(raw: bytes, path: str, canonical: list[str]) -> FileFix:
    result = FileFix(path, raw_before=raw, raw_after=raw)
    problems: list = []
    text = decode(raw, problems)
    if text is None:
        result.not_fixed.extend(f"{problem.message} (rad {problem.line})" for problem in problems)
        return result
    result.before = text
    if raw.startswith(_UTF8_BOM):
        result.changes.append("Tog bort BOM (ett osynligt tecken först i filen).")
    if b"\r\n" in raw:
        result.changes.append("Bytte Windows-radslut (CRLF) mot LF.")
    elif b"\r" in raw:
        result.changes.append("Bytte gamla Mac-radslut (CR) mot LF.")

    source = SourceFile(path, text=text)
    split_front_matter(source)
    lines = text.split("\n")
    head: list[str] = []
    front_matter: list[str] = []
    body_start = 0
    located = source.front_matter
    if source.front_matter_line and located is not None and source.body_line > 2:
        closing = source.body_line - 2
        head, front_matter, body_start = [lines[0].rstrip()], lines[1:closing], closing
    if front_matter and located is not None and not located.problems and isinstance(located.data, dict):
        editor = _FrontMatter(front_matter, 2, located, result)
        editor.fix_choices()
        editor.fix_dates()
        editor.strip_trailing_whitespace()
        editor.order_keys(canonical)
        front_matter = editor.lines
        data = editor.data
    elif front_matter or source.front_matter_line:
        result.not_fixed.append("Front-matter har fel som måste rättas för hand (kör qms check); bara radslut och "
                                "blanksteg i texten rättades.")
        data = {}
    else:
        data = {}
    if head:
        body_lines = lines[body_start + 1:]
        closing_line = [lines[body_start].rstrip()]
    else:
        body_lines, closing_line = lines, []
    body_first_line = body_start + 2 if head else 1
    body_lines, count = _body_trailing_whitespace(body_lines, body_first_line)
    if count:
        result.changes.append(f"Tog bort blanksteg i radslut på {_lines(count)} i texten.")
    title = data.get("title") if isinstance(data.get("title"), str) else None
    if head and title and title.strip() and not _has_first_level_heading("\n".join(body_lines), body_first_line):
        while body_lines and not body_lines[0].strip():
            body_lines.pop(0)
        body_lines = ["", f"# {title.strip()}", "", *body_lines]
        result.changes.append(f"La till rubriken '# {title.strip()}' från title (dokumentet saknade rubrik).")
    after = "\n".join(head + front_matter + closing_line + body_lines)
    trimmed = after.rstrip("\n") + "\n" if after.strip() else after
    if trimmed != after:
        result.changes.append("Rättade radbrytningen i slutet av filen (exakt en).")
    result.after = trimmed
    result.raw_after = trimmed.encode("utf-8")
    return result


def canonical_keys(settings: Settings) -> list[str]:
    """The order editors see in every document: the order of ``fields.FIELDS``, with
    this project's regulation keys (sosfs …) in their place; keys the tool does not
    know keep their relative order at the end."""
    return key_order(load_regulations(settings.regulations, settings.regulation_files, settings.root))


def files_to_fix(target: Path) -> tuple[Settings, list[tuple[Path, str]]]:
    settings, _ = load_settings(target)
    files, _ = document_files(settings.content_root, settings.root)
    target = target.resolve()
    chosen = [(file, relative) for file, relative in files
              if file.resolve() == target or file.resolve().is_relative_to(target)]
    if target.is_file() and not chosen:
        raise ProjectError(f"{target.name} är inget dokument i handboken (bara .md-filer under "
                           f"{settings.content_dir}/ rättas).")
    return settings, chosen


def fix_files(target: Path, write: bool = True,
              on_file: Callable[[FileFix], Any] | None = None) -> list[FileFix]:
    """Repair every document under ``target`` (a project, folder or file)."""
    settings, files = files_to_fix(target)
    canonical = canonical_keys(settings)
    results = []
    for file, relative in files:
        try:
            raw = file.read_bytes()
        except OSError as error:
            result = FileFix(relative, not_fixed=[f"Filen kunde inte läsas: {reason(error, 'läs')}."])
        else:
            result = fix_text(raw, relative, canonical)
            if write and result.changed:
                try:
                    file.write_bytes(result.raw_after)
                except OSError as error:
                    # The other files are still repaired; this one is named at the end.
                    result.unwritten = write_failure(relative, error)
        results.append(result)
        if on_file:
            on_file(result)
    return results


def describe(results: Iterable[FileFix]) -> str:
    """The Swedish list of what changed (or would change), per file."""
    lines = []
    for result in results:
        if not result.changes and not result.not_fixed:
            continue
        lines.append(result.path)
        lines.extend(f"  - {change}" for change in result.changes if result.changed)
        lines.extend(f"  ! Rättas inte automatiskt: {note}" for note in result.not_fixed)
        if result.unwritten:
            lines.append(f"  ! Inget av detta sparades: {result.unwritten}")
    return "\n".join(lines)
