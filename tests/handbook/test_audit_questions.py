"""The audit questions file: read as written, every problem reported with its line in
Swedish, one bad question never hiding the others; and `qms check` knows the pages."""

from __future__ import annotations

import datetime as dt

from conftest import write

from qms_tools.check.run import check_project
from qms_tools.handbook.audit_questions import load_audit

GOOD = """\
audit: Revisionen 2025
questions:
  - number: 2
    question: Är roller tydliga?
    assessment: Större avvikelse
    evidence: [ownership]
  - number: 1
    question: >-
      Finns en process
      för uppdatering?
    evidence: [reviews, documents]
    requirements: ["4:4", "5"]
"""


def test_questions_are_read_in_number_order(tmp_path):
    write(tmp_path / "processes" / "revisionsfragor.yml", GOOD)
    audit, findings = load_audit(tmp_path / "processes", "processes")
    assert findings == []
    assert audit.title == "Revisionen 2025"
    assert [(q.number, q.question, q.evidence, q.requirements, q.src_uri) for q in audit.questions] == [
        (1, "Finns en process för uppdatering?", ("reviews", "documents"), ("4:4", "5"), "uppfoljning/fraga-1.md"),
        (2, "Är roller tydliga?", ("ownership",), (), "uppfoljning/fraga-2.md")]


def test_no_file_is_no_audit(tmp_path):
    assert load_audit(tmp_path, "processes") == (load_audit(tmp_path, "processes")[0], [])
    assert load_audit(tmp_path, "processes")[0].questions == ()


def test_each_problem_has_its_line_and_the_good_questions_stay(tmp_path):
    write(tmp_path / "processes" / "revisionsfragor.yml", """\
audit: Revisionen 2025
questions:
  - number: 1
    question: Första?
    evidence: [reviews, siffror]
  - number: 1
    question: Samma nummer?
  - number: 3
  - number: 4
    question: Fjärde?
    requirements: ["fyra"]
""")
    audit, findings = load_audit(tmp_path / "processes", "processes")
    assert [(f.path, f.line, f.rule) for f in findings] == [
        ("processes/revisionsfragor.yml", 5, "audit.questions"),
        ("processes/revisionsfragor.yml", 6, "audit.questions"),
        ("processes/revisionsfragor.yml", 8, "audit.questions"),
        ("processes/revisionsfragor.yml", 11, "audit.questions")]
    assert "evidence ska vara en lista av documents, reviews" in findings[0].message
    assert "eget nummer" in findings[1].message
    assert "Fråga 3 saknar question" in findings[2].message
    assert "kapitel:paragraf" in findings[3].message
    assert [(q.number, q.evidence) for q in audit.questions] == [(1, ("reviews",)), (4, ())]


def test_a_yaml_error_is_reported_by_line(tmp_path):
    write(tmp_path / "processes" / "revisionsfragor.yml", "questions:\n  - number: 1\n    question: [oavslutad\n")
    _, findings = load_audit(tmp_path / "processes", "processes")
    assert findings and all(f.rule == "audit.questions" and f.line >= 1 for f in findings)


def test_check_accepts_links_to_the_question_pages_and_refuses_others(project):
    root = project("minimal")
    write(root / "processes" / "revisionsfragor.yml", GOOD)
    write(root / "processes" / "omr" / "lankar.md", """\
---
id: RUT-OMR-009
type: rutin
status: utkast
owner: processagare
---
# Länkar

[Uppföljning](../uppfoljning/index.md), [fråga 1](../uppfoljning/fraga-1.md),
[fråga 9](../uppfoljning/fraga-9.md).
""")
    write(root / "processes" / "revisionsfragor.yml", GOOD.replace("number: 2", "number: x"))
    findings = check_project(root, dt.date(2026, 11, 22)).findings
    found = {(f.path, f.line, f.rule) for f in findings if f.rule in ("link.broken", "audit.questions")}
    assert found == {("processes/omr/lankar.md", 10, "link.broken"),
                     ("processes/revisionsfragor.yml", 3, "audit.questions")}
