from __future__ import annotations

import pytest

from qms_tools.handbook.yaml_reader import read_yaml


def test_lines_of_keys_and_items_are_file_lines():
    located = read_yaml("id: A-1\nsosfs:\n  - \"4:4\"\n  - 5:3\n", first_line=2)
    assert located.data == {"id": "A-1", "sosfs": ["4:4", "5:3"]}
    assert located.line_of("sosfs") == 3
    assert located.line_of("sosfs", 1) == 5
    assert located.line_of("missing", default=9) == 9


def test_sexagesimal_and_dates_stay_text():
    located = read_yaml("refs: [5:3, 4:12]\nwhen: 2026-02-30\n")
    assert located.data == {"refs": ["5:3", "4:12"], "when": "2026-02-30"}


def test_duplicate_key_is_reported_at_second_occurrence():
    located = read_yaml("status: utkast\nowner: x\nstatus: gällande\n", first_line=2)
    assert [(p.line, p.code) for p in located.problems] == [(4, "yaml.duplicate-key")]
    assert located.data["status"] == "utkast"


@pytest.mark.parametrize("value", ['!!int ""', "!!float ''", "!!bool x", "!!timestamp x", "!!binary x"])
def test_explicit_tags_the_constructor_cannot_read_keep_their_text(value):
    located = read_yaml(f"id: A\nwhen: {value}\n")
    assert located.problems == []
    assert located.data["when"] in ("", "x")


def test_aliases_are_refused():
    located = read_yaml("a: &x [1, 2]\nb: *x\n")
    assert [p.code for p in located.problems] == ["yaml.alias"]
    assert located.data["b"] is None


@pytest.mark.parametrize("depth", [25, 100_000])
def test_deep_nesting_is_refused_without_crashing(depth):
    located = read_yaml("a: " + "[" * depth + "]" * depth)
    assert [p.code for p in located.problems] == ["yaml.depth"]


def test_tab_indentation_names_the_line():
    located = read_yaml("id: A\nsosfs:\n\t- 5\n", first_line=2)
    assert [(p.line, p.code) for p in located.problems] == [(4, "yaml.tab")]


def test_syntax_error_line_and_hint():
    located = read_yaml("id: A\ntitle: Rutin: x\n", first_line=2)
    (problem,) = located.problems
    assert problem.line == 3
    assert "citattecken" in problem.message
