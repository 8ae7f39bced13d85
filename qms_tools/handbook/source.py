"""Reading one Markdown file: bytes to text, and text to front-matter plus body.

Editors paste from Word and save from Notepad, so every encoding accident becomes a
problem with a line number and a way to fix it, never an exception.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from qms_tools.handbook import markdown_scan
from qms_tools.handbook.fields import identity
from qms_tools.handbook.yaml_reader import LocatedYaml, YamlProblem, read_plain_mapping, read_yaml

# A routine is a few pages; anything this large is a mistake (a pasted export, an
# attachment saved as .md) and reading it whole would slow every check.
MAX_FILE_BYTES = 2 * 1024 * 1024
# A process with thirty activities needs about 150 lines and 5 kB of front-matter.
MAX_FRONT_MATTER_LINES = 400
MAX_FRONT_MATTER_CHARACTERS = 32 * 1024
MAX_FRONT_MATTER_ITEMS = 200
_SNIFF_BYTES = 8192
_HEADING = re.compile(r"^#{1,6} \S")

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class SourceFile:
    """The decoded text of a file and its front-matter, with every problem found."""

    path: str
    text: str = ""
    front_matter: LocatedYaml | None = None
    front_matter_line: int = 0  # line of the opening '---', 0 when there is none
    body: str = ""
    body_line: int = 1
    problems: list[YamlProblem] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return self.text != "" or not self.problems


def read_source(file: Path, relative_path: str) -> SourceFile:
    source = SourceFile(relative_path)
    try:
        status = file.stat()
        if not stat.S_ISREG(status.st_mode):
            source.problems.append(YamlProblem(1, "Det här är ingen vanlig fil (utan t.ex. en enhet eller en "
                                                  "namngiven rörledning) och kan inte läsas. Ta bort den.",
                                               "file.unreadable"))
            return source
        if status.st_size > MAX_FILE_BYTES:
            source.problems.append(YamlProblem(
                1, f"Filen är {status.st_size / 1024 / 1024:.1f} MB, större än gränsen "
                   f"{MAX_FILE_BYTES // 1024 // 1024} MB. Dela upp dokumentet eller lägg bilagan "
                   "utanför processes/.", "file.too-large"))
            return source
        raw = file.read_bytes()
    except FileNotFoundError:
        source.problems.append(YamlProblem(1, "Filen finns inte längre; troligen en symbolisk länk till en fil "
                                              "som har tagits bort. Ta bort länken eller ersätt den med "
                                              "dokumentet.", "file.unreadable"))
        return source
    except OSError:
        source.problems.append(YamlProblem(1, "Filen kunde inte läsas (saknar läsbehörighet eller är låst). "
                                              "Kontrollera behörigheterna på filen.", "file.unreadable"))
        return source
    return parse_source(raw, relative_path)


def parse_source(raw: bytes, relative_path: str, plain: bool = True) -> SourceFile:
    """The front-matter and body of a file's bytes: how every part of qms reads a
    document, from the working tree or from Git. ``plain`` False sends every
    front-matter to the YAML parser (``yaml_reader.read_yaml``)."""
    source = SourceFile(relative_path)
    text = decode(raw, source.problems)
    if text is None:
        return source
    source.text = text
    split_front_matter(source, plain)
    return source


def read_identity(data: bytes, title: bool = True, *, plain_path: bool = True) -> tuple[str, str | None] | None:
    """The id and title of a document's bytes (e.g. a blob from Git) as the loader
    would read them: the front-matter ``title``, else the first level-1 heading of the
    body. None when the loader would find no valid id; ``title=False`` leaves the title
    out (None) and the body unread, for versions whose title nobody asks for.

    A front-matter of plain ``key: value`` lines, as editors write them, is read by
    ``yaml_reader.read_plain_mapping``, which gives what the YAML parser gives without
    it; any other goes to the parser. On the 12,096 versions in the history of a
    generated 1,500-document handbook: 17 µs a version instead of 75 without the title,
    24 instead of 85 with it (``benchmarks/identity.py``, which also checks that both
    give the same answers; 2026-12-08).
    ``plain_path=False`` sends every front-matter to the parser: the reference that
    path is compared with (``tests/handbook/test_yaml_reader_plain.py``)."""
    text = decode(data, [])
    if text is None:
        return None
    source = SourceFile("", text)
    data_read = _plain_front_matter(source) if plain_path else None
    if data_read is None:
        split_front_matter(source, plain_path)
        located = source.front_matter
        if located is None or not isinstance(located.data, dict):
            return None
        data_read = located.data
    document_id, declared_title = identity(data_read)
    if document_id is None:
        return None
    if declared_title or not title:
        return document_id, declared_title if title else None
    return document_id, markdown_scan.first_title(source.body)


def _plain_front_matter(source: SourceFile) -> dict[str, str] | None:
    """The id and title keys of a front-matter that ``read_plain_mapping`` can read, as
    ``split_front_matter`` would have them, with the source's body and body line set;
    None (the source untouched) for any other, which ``split_front_matter`` reads."""
    text = source.text
    if not text.startswith("---\n"):
        return None
    closing, closing_start, closing_end = _closing_line(text, 3)
    if closing is None:
        return None
    yaml_text, body = _front_matter_and_body(text, 3, closing, closing_start, closing_end)
    if _front_matter_too_large(closing, yaml_text):
        return None
    found = read_plain_mapping(yaml_text, ("id", "title"), MAX_FRONT_MATTER_ITEMS)
    if found is not None:
        source.body, source.body_line = body, closing + 2
    return found


def _front_matter_and_body(text: str, first_end: int, closing: int, closing_start: int,
                           closing_end: int) -> tuple[str, str]:
    """The front-matter between the first line (ending at ``first_end``) and the closing
    line ``closing`` (from ``_closing_line``), and the body after it."""
    yaml_text = text[first_end + 1:closing_start - 1] if closing > 1 else ""
    return yaml_text, text[closing_end + 1:] if closing_end >= 0 else ""


def _front_matter_too_large(closing: int, yaml_text: str) -> bool:
    return closing - 1 > MAX_FRONT_MATTER_LINES or len(yaml_text) > MAX_FRONT_MATTER_CHARACTERS


def decode(raw: bytes, problems: list[YamlProblem]) -> str | None:
    has_nul = b"\x00" in raw  # UTF-16 without a byte-order mark has NULs, and so has a binary file
    if raw.startswith(_UTF16_BOMS) or (has_nul and _looks_like_utf16(raw)):
        problems.append(YamlProblem(1, "Filen är sparad som UTF-16. Spara den som UTF-8 "
                                       "(i Anteckningar: Spara som → Kodning: UTF-8).", "file.encoding"))
        return None
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM):]
    nul = raw.find(b"\x00") if has_nul else -1
    if nul >= 0:
        if _looks_binary(raw[:_SNIFF_BYTES]):
            problems.append(YamlProblem(1, "Filen är en binärfil (t.ex. en bild, ett Word- eller PDF-dokument) "
                                           "med ändelsen .md, inte Markdown. Ta bort den, eller lägg den som "
                                           "bilaga med rätt ändelse och länka till den.", "file.binary"))
        else:
            line = raw.count(b"\n", 0, nul) + 1
            problems.append(YamlProblem(line, "Raden innehåller ett osynligt NUL-tecken, ofta en följd av "
                                              "inklistring. Skriv om raden för hand i en texteditor.",
                                        "file.binary"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problems.append(YamlProblem(line, "Filen är inte UTF-8 (troligen Latin-1/Windows-1252, t.ex. "
                                          "å, ä eller ö från Word). Spara om den som UTF-8.", "file.encoding"))
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: text where every other byte is NUL."""
    sample = raw[:_SNIFF_BYTES]
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    pairs = len(sample) // 2
    for zero_at in (0, 1):
        if sample[zero_at::2].count(0) >= 0.9 * pairs and sample[1 - zero_at::2].count(0) == 0:
            return True
    return False


def _looks_binary(sample: bytes) -> bool:
    """Many control bytes, or bytes that are not UTF-8: not a text with a stray NUL."""
    control = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    if control > len(sample) // 20:
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start < len(sample) - 3  # a character cut off by the sample's end is fine
    return False


def split_front_matter(source: SourceFile, plain: bool = True) -> None:
    text = source.text
    if not text.strip():
        source.problems.append(YamlProblem(1, "Filen är tom. Lägg till front-matter och innehåll, "
                                              "eller ta bort filen.", "file.empty"))
        return
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != "---":
        lines = text.split("\n")
        source.body = text
        source.body_line = 1
        first = next(index for index, line in enumerate(lines) if line.strip())
        if lines[first].strip() == "---":
            source.problems.append(YamlProblem(1, f"Front-matter börjar först på rad {first + 1}. Den måste "
                                                  "börja på första raden: ta bort det som står före '---'.",
                                               "frontmatter.missing"))
        else:
            source.problems.append(YamlProblem(1, "Dokumentet saknar front-matter. Börja filen med en rad "
                                                  "'---', nycklarna (id, type, status, owner …) och en "
                                                  "avslutande rad '---'.", "frontmatter.missing"))
        return
    source.front_matter_line = 1
    closing, closing_start, closing_end = _closing_line(text, first_end)
    if closing is None:
        lines = text.split("\n")
        heading = _first_heading(lines)
        before = f", före rubriken på rad {heading + 1}" if heading else " (före rubriken)"
        source.problems.append(YamlProblem(1, "Front-matter avslutas aldrig: lägg till en rad med bara "
                                              f"'---' efter sista nyckeln{before}.", "frontmatter.unclosed"))
        source.front_matter = LocatedYaml(lines={(): 2})
        source.body = "\n".join(lines[1:])
        source.body_line = 2
        return
    yaml_text, body = _front_matter_and_body(text, first_end, closing, closing_start, closing_end)
    if _front_matter_too_large(closing, yaml_text):
        source.problems.append(YamlProblem(
            1, f"Front-matter är för stor ({closing - 1} rader, {len(yaml_text) // 1024} kB; gränsen är "
               f"{MAX_FRONT_MATTER_LINES} rader och {MAX_FRONT_MATTER_CHARACTERS // 1024} kB) och läses inte. "
               "Front-matter ska bara ha dokumentets nycklar; flytta texten under den avslutande '---'.",
            "frontmatter.too-long"))
        source.front_matter = LocatedYaml(lines={(): 2})
        source.body = body
        source.body_line = closing + 2
        return
    source.front_matter = read_yaml(yaml_text, first_line=2, max_items=MAX_FRONT_MATTER_ITEMS, plain=plain)
    if source.front_matter.problems:
        lines = text.split("\n")
        source.problems.extend(_with_closing_hint(problem, lines, closing)
                               for problem in source.front_matter.problems)
    source.body = body
    source.body_line = closing + 2
    if source.front_matter.data is None and not source.front_matter.problems:
        source.problems.append(YamlProblem(1, "Front-matter är tom. Fyll i minst id, type, status och "
                                              "owner.", "frontmatter.empty"))
    elif source.front_matter.data is not None and not isinstance(source.front_matter.data, dict):
        source.problems.append(YamlProblem(2, "Front-matter ska bestå av nycklar med värden "
                                              "(nyckel: värde), inte en lista eller ett ensamt värde.",
                                           "frontmatter.not-mapping"))
        source.front_matter.data = None


def _closing_line(text: str, first_end: int) -> tuple[int | None, int, int]:
    """The index, start and end offset (-1: the end of the text) of the line that closes
    the front-matter opened by the first line, which ends at ``first_end``: the first
    later line that is ``---`` or ``...`` with only whitespace after it. Only lines that
    start with either are looked at (found by ``str.find``), the index counted once: 2.8
    → 1.4 µs per version in the history of a generated 1,500-document handbook, where
    looking at every line in Python was a tenth of reading a version's id."""
    position = first_end
    while position >= 0:
        dashes = text.find("\n---", position)
        dots = text.find("\n...", position, len(text) if dashes < 0 else dashes + 3)
        found = dots if dots >= 0 else dashes
        if found < 0:
            break
        start = found + 1
        end = text.find("\n", start)
        if (text[start:] if end < 0 else text[start:end]).rstrip() in ("---", "..."):
            return text.count("\n", 0, start), start, end
        position = start
    return None, -1, -1


def _first_heading(lines: list[str]) -> int | None:
    """Index of the first line that looks like a Markdown heading (``# Titel``)."""
    return next((index for index, line in enumerate(lines) if _HEADING.match(line)), None)


def _with_closing_hint(problem: YamlProblem, lines: list[str], closing: int) -> YamlProblem:
    """A syntax error after a heading that follows a blank line means the closing '---'
    is missing and a later horizontal rule ended the front-matter instead."""
    if problem.code != "yaml.syntax":
        return problem
    for index in range(2, min(problem.line, closing)):
        if _HEADING.match(lines[index]) and not lines[index - 1].strip():
            return YamlProblem(problem.line, f"{problem.message} Front-matter fortsätter ända till '---' på rad "
                                             f"{closing + 1}: saknas den avslutande '---' före rubriken på rad "
                                             f"{index + 1}?", problem.code)
    return problem
