"""Reading one Markdown file: bytes to text, and text to front-matter plus body.

Editors paste from Word and save from Notepad, so every encoding accident becomes a
problem with a line number and a way to fix it, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .yaml_reader import LocatedYaml, YamlProblem, read_yaml

# A routine is a few pages; anything this large is a mistake (a pasted export, an
# attachment saved as .md) and reading it whole would slow every check.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FRONT_MATTER_LINES = 400

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
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            source.problems.append(YamlProblem(
                1, f"Filen är {size / 1024 / 1024:.1f} MB, större än gränsen "
                   f"{MAX_FILE_BYTES // 1024 // 1024} MB. Dela upp dokumentet eller lägg bilagan "
                   "utanför processes/.", "file.too-large"))
            return source
        raw = file.read_bytes()
    except OSError as error:
        source.problems.append(YamlProblem(1, f"Filen kunde inte läsas ({error.strerror}). "
                                              "Kontrollera att den finns och är läsbar.", "file.unreadable"))
        return source
    text = decode(raw, source.problems)
    if text is None:
        return source
    source.text = text
    split_front_matter(source)
    return source


def decode(raw: bytes, problems: list[YamlProblem]) -> str | None:
    if raw.startswith(_UTF16_BOMS):
        problems.append(YamlProblem(1, "Filen är sparad som UTF-16. Spara den som UTF-8 "
                                       "(i Anteckningar: Spara som → Kodning: UTF-8).", "file.encoding"))
        return None
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM):]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        problems.append(YamlProblem(line, "Filen innehåller NUL-tecken och ser ut att vara en binärfil, "
                                          "inte Markdown. Ta bort filen eller spara innehållet som text.",
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


def split_front_matter(source: SourceFile) -> None:
    text = source.text
    if not text.strip():
        source.problems.append(YamlProblem(1, "Filen är tom. Lägg till front-matter och innehåll, "
                                              "eller ta bort filen.", "file.empty"))
        return
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        source.body = text
        source.body_line = 1
        source.problems.append(YamlProblem(1, "Dokumentet saknar front-matter. Börja filen med en rad "
                                              "'---', nycklarna (id, type, status, owner …) och en "
                                              "avslutande rad '---'.", "frontmatter.missing"))
        return
    closing = None
    for index in range(1, min(len(lines), MAX_FRONT_MATTER_LINES + 1)):
        if lines[index].rstrip() in ("---", "..."):
            closing = index
            break
    source.front_matter_line = 1
    if closing is None:
        source.problems.append(YamlProblem(1, "Front-matter avslutas aldrig: lägg till en rad med bara "
                                              "'---' efter sista nyckeln (före rubriken).",
                                           "frontmatter.unclosed"))
        source.front_matter = LocatedYaml(lines={(): 2})
        source.body = "\n".join(lines[1:])
        source.body_line = 2
        return
    yaml_text = "\n".join(lines[1:closing])
    source.front_matter = read_yaml(yaml_text, first_line=2)
    source.problems.extend(source.front_matter.problems)
    source.body = "\n".join(lines[closing + 1:])
    source.body_line = closing + 2
    if source.front_matter.data is None and not source.front_matter.problems:
        source.problems.append(YamlProblem(1, "Front-matter är tom. Fyll i minst id, type, status och "
                                              "owner.", "frontmatter.empty"))
    elif source.front_matter.data is not None and not isinstance(source.front_matter.data, dict):
        source.problems.append(YamlProblem(2, "Front-matter ska bestå av nycklar med värden "
                                              "(nyckel: värde), inte en lista eller ett ensamt värde.",
                                           "frontmatter.not-mapping"))
        source.front_matter.data = None
