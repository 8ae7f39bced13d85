"""The synonym list in the content (``synonymer.yml``), for query-time expansion.

The quality unit keeps the list with the handbook, so it is reviewed like any document::

    grupper:
      - [brukare, klient, kund, patient, den enskilde]

A query word (or phrase) found in a group is searched as any member of the group. The
table is built here, in stems, so that "klienterna" and "brukarens" hit the same group
as "klient" and "brukare"; the browser only looks stems up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.yaml_reader import read_yaml
from qms_tools.language.text import STOP_WORDS, stem, words

FILE_NAME = "synonymer.yml"
RULE = "search.synonyms"


@dataclass(frozen=True)
class SynonymTable:
    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    """Each group: its members, each member the stems of its words without stop words
    (``den enskilde`` -> ``("enskild",)``)."""
    keys: dict[str, int] = field(default_factory=dict)
    """Stems of a member's words, stop words included, joined by a space -> its group."""

    def group_of(self, phrase: str) -> tuple[tuple[str, ...], ...]:
        """The members searched for a query word or phrase; () when it has no synonyms."""
        index = self.keys.get(" ".join(stem(word) for word in words(phrase)))
        return () if index is None else self.groups[index]

    def as_data(self) -> dict:
        return {"groups": [[list(member) for member in group] for group in self.groups], "keys": self.keys}


def read_synonyms(file: Path, relative_path: str) -> tuple[SynonymTable, list[Finding]]:
    """The table and the problems of the file; a missing file is an empty table."""
    if not file.is_file():
        return SynonymTable(), []
    findings: list[Finding] = []

    def problem(line: int, message: str) -> None:
        findings.append(Finding(relative_path, line, RULE, Severity.ERROR, message))

    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        problem(1, f"Synonymlistan kunde inte läsas ({error}). Spara den som UTF-8.")
        return SynonymTable(), findings
    located = read_yaml(text)
    for yaml_problem in located.problems:
        problem(yaml_problem.line, yaml_problem.message)
    data = located.data
    if located.problems:
        return SynonymTable(), findings
    groups_data = data.get("grupper") if isinstance(data, dict) else None
    if not isinstance(groups_data, list):
        problem(1, "Synonymlistan ska ha nyckeln 'grupper' med en lista av grupper, "
                   "till exempel: grupper: [[brukare, klient, kund]].")
        return SynonymTable(), findings

    groups: list[tuple[tuple[str, ...], ...]] = []
    keys: dict[str, int] = {}
    key_lines: dict[str, int] = {}
    for position, group in enumerate(groups_data):
        line = located.line_of("grupper", position)
        if not isinstance(group, list) or not all(isinstance(member, str) and member.strip() for member in group):
            problem(line, "En synonymgrupp ska vara en lista med ord, till exempel [brukare, klient, kund].")
            continue
        members: list[tuple[str, ...]] = []
        member_keys: list[str] = []
        for member in group:
            member_words = words(member)
            content = tuple(stem(word) for word in member_words if word not in STOP_WORDS)
            if not content:
                problem(line, f"'{member}' består bara av vanliga småord och kan inte sökas. Ta bort det ur gruppen.")
                continue
            key = " ".join(stem(word) for word in member_words)
            if key in member_keys:
                continue  # another form of a word already in the group (klient, klienter)
            if key in keys:
                problem(line, f"'{member}' finns redan i en annan synonymgrupp (rad "
                              f"{key_lines[key]}). Ett ord kan bara höra till en grupp; "
                              f"slå ihop grupperna.")
                continue
            if content not in members:
                members.append(content)
            member_keys.append(key)
        if len(members) < 2:
            if members:
                problem(line, "En synonymgrupp behöver minst två olika ord.")
            continue
        for key in member_keys:
            keys[key] = len(groups)
            key_lines[key] = line
        groups.append(tuple(members))
    return SynonymTable(tuple(groups), keys), findings
