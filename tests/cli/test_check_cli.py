"""`qms check` end to end on real fixture files: exit codes, formats, file:line."""

from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURES, TODAY

BROKEN_EXPECTED = {
    ("processes/omr/datum.md", 5, "owner.vacant"),
    ("processes/omr/datum.md", 6, "date.format"),
    ("processes/omr/datum.md", 6, "review.due-soon"),
    ("processes/omr/datum.md", 7, "review.reviewed-future"),
    ("processes/omr/datum.md", 8, "frontmatter.type"),
    ("processes/omr/dubblett.md", 6, "status.replaced-by-unknown"),
    ("processes/omr/falt-fel.md", 2, "id.format"),
    ("processes/omr/falt-fel.md", 3, "type.unknown"),
    ("processes/omr/falt-fel.md", 5, "owner.unknown"),
    ("processes/omr/falt-fel.md", 6, "area.unknown"),
    ("processes/omr/falt-fel.md", 7, "frontmatter.unknown-key"),
    ("processes/omr/falt-fel.md", 8, "date.invalid"),
    ("processes/omr/falt-fel.md", 9, "sosfs.unknown"),
    ("processes/omr/falt-fel.md", 10, "laws.unknown"),
    ("processes/omr/forsenad.md", 6, "review.overdue"),
    ("processes/omr/lankar.md", 5, "owner.departed"),
    ("processes/omr/lankar.md", 6, "review.too-far"),
    ("processes/omr/lankar.md", 11, "link.broken"),
    ("processes/omr/lankar.md", 12, "link.outside"),
    ("processes/omr/mottagande.md", 2, "id.duplicate"),
    ("processes/omr/mottagande.md", 21, "link.broken"),
    ("processes/omr/oavslutad.md", 1, "frontmatter.unclosed"),
    ("processes/omr/process.md", 11, "process.withdrawn-routine"),
    ("processes/omr/process.md", 13, "process.cycle"),
    ("processes/omr/process.md", 13, "process.unknown-routine"),
    ("processes/omr/utan-front-matter.md", 1, "frontmatter.missing"),
    ("processes/omr/yaml-fel.md", 3, "yaml.syntax"),
}


def test_sample_like_minimal_project_passes(qms):
    result = qms("check", str(FIXTURES / "minimal"), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "4 dokument kontrollerade: 0 fel, 1 varningar." in result.output
    assert "processes/omr/uppfoljning.md:8: varning [review.due-soon]" in result.output


def test_json_lists_every_problem_in_every_file(qms):
    result = qms("check", str(FIXTURES / "broken"), "--format", "json", "--today", TODAY)
    assert result.exit_code == 1
    report = result.json()
    found = {(f["path"], f["line"], f["rule"]) for f in report["findings"]}
    assert BROKEN_EXPECTED <= found
    assert report["documents"] == 10
    assert report["errors"] == sum(1 for f in report["findings"] if f["severity"] == "error")
    assert report["warnings"] == len(report["findings"]) - report["errors"]


def test_messages_are_swedish_and_suggest_the_fix(qms):
    report = qms("check", str(FIXTURES / "broken"), "--format", "json", "--today", TODAY).json()
    messages = {(f["path"], f["rule"]): f["message"] for f in report["findings"]}
    assert "Menade du 'enhetschef'?" in messages[("processes/omr/falt-fel.md", "owner.unknown")]
    assert "Menade du 'reviewed'?" in messages[("processes/omr/falt-fel.md", "frontmatter.unknown-key")]
    assert "Menade du 'rutin'?" in messages[("processes/omr/falt-fel.md", "type.unknown")]
    assert "2026-11-22" in messages[("processes/omr/datum.md", "date.format")]
    assert "Menade du 'SoL'?" in messages[("processes/omr/falt-fel.md", "laws.unknown")]
    assert "citattecken" in messages[("processes/omr/yaml-fel.md", "yaml.syntax")]


def test_text_format_names_file_and_line(qms):
    result = qms("check", str(FIXTURES / "broken"), "--today", TODAY)
    assert result.exit_code == 1
    assert "processes/omr/falt-fel.md:5: fel [owner.unknown]" in result.output
    assert result.output.rstrip().endswith("10 dokument kontrollerade: 25 fel, 5 varningar.")


def test_github_format_prints_annotations(qms):
    result = qms("check", str(FIXTURES / "broken"), "--format", "github", "--today", TODAY)
    lines = result.output.splitlines()
    assert "::error file=processes/omr/falt-fel.md,line=5,title=owner.unknown::" \
           "Ägaren 'enhetschf' finns inte i rollregistret (processes/organisation.yml). Menade du 'enhetschef'?" in lines
    assert any(line.startswith("::warning file=processes/omr/forsenad.md,line=6,title=review.overdue::")
               for line in lines)


def test_today_from_environment_moves_review_state(qms):
    later = qms("check", str(FIXTURES / "minimal"), "--format", "json", env={"QMS_TODAY": "2026-12-11"}).json()
    rules = {(f["path"], f["rule"]) for f in later["findings"]}
    assert ("processes/omr/uppfoljning.md", "review.overdue") in rules
    assert later["errors"] == 0


def test_review_date_too_far_ahead_is_refused(qms, project):
    path = project("minimal")
    document = path / "processes/omr/mottagande.md"
    document.write_text(document.read_text(encoding="utf-8").replace("2027-03-31", "2030-01-01"), encoding="utf-8")
    report = qms("check", str(path), "--format", "json", "--today", TODAY).json()
    assert ("processes/omr/mottagande.md", 7, "review.too-far") in {
        (f["path"], f["line"], f["rule"]) for f in report["findings"]}


def test_no_project_exits_2_with_swedish_message(qms, tmp_path):
    result = qms("check", str(tmp_path))
    assert result.exit_code == 2
    assert "Hittar ingen qms.yml" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_invalid_today_exits_2(qms):
    result = qms("check", str(FIXTURES / "minimal"), "--today", "nästa år")
    assert result.exit_code == 2
    assert "ÅÅÅÅ-MM-DD" in result.stderr


def test_unknown_format_is_a_usage_error(qms):
    assert qms("check", str(FIXTURES / "minimal"), "--format", "xml").exit_code == 2


def test_console_script_and_module_entry_point():
    for command in (["qms", "check"], [sys.executable, "-m", "qms_tools", "check"]):
        completed = subprocess.run(command + [str(FIXTURES / "broken"), "--today", TODAY],
                                   capture_output=True, text=True)
        assert completed.returncode == 1
        assert "processes/omr/falt-fel.md:5: fel [owner.unknown]" in completed.stdout
