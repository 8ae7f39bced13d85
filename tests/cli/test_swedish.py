"""`qms` speaks Swedish, Click's own words included, and leaves Click as it found it."""

from __future__ import annotations

import ast
import gettext
import importlib
from pathlib import Path

import click
import pytest

from qms_tools import __version__
from qms_tools.cli import COMMANDS, swedish

ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "Show the version", "[OPTIONS]", "COMMAND",
           "[required]", "[default:", "Error:", "Try '", "No such", "Invalid value", "is not one of", "Missing")


def _marked_strings() -> set[tuple[str, ...]]:
    """Every literal Click passes to gettext or ngettext in the modules `qms` translates."""
    found = set()
    for name in swedish.MODULES:
        source = Path(importlib.import_module(f"click.{name}").__file__).read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                literals = tuple(arg.value for arg in node.args if isinstance(arg, ast.Constant)
                                 and isinstance(arg.value, str))
                if literals:
                    found.add(literals)
    return found


def test_every_string_click_marks_for_translation_has_a_swedish_one():
    marked = _marked_strings()
    assert len(marked) > 40  # the scan really reads Click
    missing = [strings for strings in marked
               if (strings[0] not in swedish.SINGULAR if len(strings) == 1 else strings not in swedish.PLURAL)]
    assert missing == []


@pytest.mark.parametrize("command", [[], *[[name] for name in sorted(COMMANDS)]])
def test_help_is_swedish(qms, command):
    result = qms(*command, "--help")
    assert result.exit_code == 0
    assert "Användning:" in result.output and "Flaggor:" in result.output
    assert "Visa den här hjälpen och avsluta." in result.output
    assert [word for word in ENGLISH if word in result.output] == []


@pytest.mark.parametrize("arguments, expected", [
    (["check", "--format", "xml"], "Fel: Ogiltigt värde för '--format': 'xml' är inte något av"),
    (["check", "--tody", "2026-01-01"], "Fel: Flaggan '--tody' finns inte. Menade du '--today'?"),
    (["kontroll"], "Fel: Kommandot 'kontroll' finns inte."),
    (["init", "ny"], "Fel: Flagga saknas '--namn'."),
])
def test_click_errors_are_swedish(qms, arguments, expected):
    result = qms(*arguments)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Skriv 'qms" in result.stderr and "--help' för hjälp." in result.stderr
    assert [word for word in ENGLISH if word in result.stderr] == []


def test_click_is_left_as_it_was(qms):
    qms("--help")
    assert click.formatting._ is gettext.gettext
    assert click.core.ngettext is gettext.ngettext
    assert click.Command("x").get_usage(click.Context(click.Command("x"))).startswith("Usage:")


def test_version_is_the_one_in_the_source(qms):
    result = qms("--version")
    assert result.exit_code == 0 and result.output == f"qms {__version__}\n"
