"""`qms github …` on events it was not made for, broken event files and no `gh`: one Swedish
line naming what is wrong, exit 2, never a traceback, and nothing sent."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES


@pytest.mark.parametrize(("command", "event", "expected"), [
    ("proposal", {"pull_request": {"number": 3}}, "Händelsen saknar issue:"),
    ("codeowners", {"issue": {"number": 3}}, "Händelsen saknar pull_request:"),
    ("fix-suggestions", {"pull_request": {"number": 3, "base": {"sha": "a"}, "head": {"ref": "x"}}},
     "Händelsen saknar pull_request.base.repo:"),
    ("reviewed", {"comment": {"body": "/granskad"}}, "Händelsen saknar issue:"),
])
def test_an_event_of_another_kind_is_one_swedish_line(qms, tmp_path, command, event, expected):
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    result = qms("github", command, "--event", str(path), "--project", str(FIXTURES / "review-lifecycle"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"qms: {expected}") and result.stderr.count("\n") == 1, result.stderr


def test_a_broken_event_file_is_named(qms, tmp_path):
    path = tmp_path / "event.json"
    path.write_text("{inte json", encoding="utf-8")
    result = qms("github", "proposal", "--event", str(path))
    assert result.exit_code == 2 and result.stderr.startswith(f"qms: Händelsen {path} kunde inte läsas som JSON")


def test_without_gh_the_command_says_where_gh_comes_from(qms, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    path = tmp_path / "event.json"
    path.write_text(json.dumps({"issue": {"number": 1, "labels": [{"name": "förslag på ny rutin"}],
                                          "author_association": "NONE"}}), encoding="utf-8")
    result = qms("github", "proposal", "--event", str(path), "--project", str(FIXTURES / "review-lifecycle"))
    assert result.exit_code == 2 and "kommandot gh finns inte" in result.stderr


def test_help_lists_the_workflow_steps_in_swedish(qms):
    result = qms("github", "--help")
    assert result.exit_code == 0
    for name in ("proposal", "codeowners", "reviewed", "fix-suggestions"):
        assert name in result.output
    assert "webbläsare" in result.output
