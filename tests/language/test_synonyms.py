"""The synonym list in the content: read with findings that name the line, and turned
into a table of stems so that every inflection of a word finds its group."""

from __future__ import annotations

from pathlib import Path

from conftest import REPOSITORY
from qms_tools.language.synonyms import RULE, read_synonyms

PATH = "processes/synonymer.yml"


def _read(tmp_path: Path, text: str):
    file = tmp_path / "synonymer.yml"
    file.write_text(text, encoding="utf-8")
    return read_synonyms(file, PATH)


def test_every_form_of_a_word_expands_to_its_whole_group(tmp_path):
    table, findings = _read(tmp_path, "grupper:\n  - [brukare, klient, kund, patient, den enskilde]\n")
    assert findings == []
    group = table.group_of("klienterna")
    assert group == table.group_of("brukaren") == table.group_of("den enskilde")
    assert ("bruk",) in group and ("klient",) in group and ("patient",) in group
    # A phrase is searched by its words that are not stop words.
    assert ("enskild",) in group
    assert table.group_of("enskilde") == ()  # the phrase is the synonym, not its last word
    assert table.group_of("placering") == ()


def test_sample_handbook_list_is_valid_and_maps_klient_to_brukare():
    table, findings = read_synonyms(REPOSITORY / PATH, PATH)
    assert findings == []
    assert ("bruk",) in table.group_of("klient")


def test_missing_file_is_an_empty_list(tmp_path):
    table, findings = read_synonyms(tmp_path / "synonymer.yml", PATH)
    assert (table.groups, findings) == ((), [])


def test_word_in_two_groups_names_both_lines(tmp_path):
    table, findings = _read(tmp_path, "grupper:\n  - [brukare, klient]\n  - [kund, klient]\n")
    assert [(finding.path, finding.line, finding.rule) for finding in findings] == [(PATH, 3, RULE)] * 2
    assert "'klient' finns redan i en annan synonymgrupp (rad 2)" in findings[0].message
    # Left with one word, the second group is reported and dropped.
    assert "minst två olika ord" in findings[1].message
    assert table.group_of("kund") == ()
    assert ("bruk",) in table.group_of("klient")


def test_malformed_entries_are_reported_with_their_lines(tmp_path):
    text = "grupper:\n  - [brukare, klient]\n  - ensamt ord\n  - [och, att]\n"
    table, findings = _read(tmp_path, text)
    assert [(finding.line, finding.message.split(" ")[0]) for finding in findings] == [
        (3, "En"), (4, "'och'"), (4, "'att'")]
    assert ("klient",) in table.group_of("brukare")


def test_list_without_groups_key_says_how_to_write_it(tmp_path):
    _, findings = _read(tmp_path, "- [brukare, klient]\n")
    assert len(findings) == 1 and findings[0].line == 1 and "grupper:" in findings[0].message


def test_yaml_error_has_the_files_line(tmp_path):
    _, findings = _read(tmp_path, "grupper:\n  - [brukare, klient\n")
    assert findings and findings[0].path == PATH and findings[0].line >= 2
