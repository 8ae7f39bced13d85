"""The law rules on the `laws` fixture: a repealed act and a repealed provision are errors
naming what replaced them, and an amendment recorded after a document's review makes it
suspect until `qms reviewed` records a new review (real git repository, real CLI)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import git

from qms_tools.check.run import check_project
from qms_tools.lifecycle import issue_plan
from qms_tools.lifecycle.calendar_feed import feeds

CASE = "laws"
AFTER_REPEAL = "2026-04-01"
AMENDMENT = """      - {number: "TFS 2026:2", in_force: 2026-03-01, published: 2026-02-15, touches: ["6 §"],
         source: testdata, verified: true}
"""


def findings(result, rule: str) -> list[dict]:
    return [finding for finding in result.json()["findings"] if finding["rule"] == rule]


@pytest.fixture
def repository(project):
    root = project(CASE)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Handboken")
    return root


def record_amendment(root) -> None:
    """An amendment to TL 6 §, added to the project's law data as an editor would."""
    path = root / "lagar.yml"
    text = path.read_text(encoding="utf-8")
    marker = "    successors:\n"
    path.write_text(text.replace(marker, AMENDMENT + marker), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Ny ändring i testlagen")


def test_a_repealed_act_is_an_error_naming_the_successor_and_the_provision(project, qms):
    result = qms("check", str(project(CASE)), "--today", AFTER_REPEAL, "--format", "json")
    assert result.exit_code == 1
    [finding] = [f for f in findings(result, "law.repealed") if f["path"] == "processes/omr/gammal-sol.md"]
    assert finding["line"] == 12 and finding["severity"] == "error"
    assert ("SoL (2001:453) upphävdes 2025-07-01 och ersattes av SoL (2025:400). Motsvarande bestämmelse: "
            "SoL (2025:400) 27 kap. [uppgiften är inte verifierad].") in finding["message"]
    # A withdrawn routine may cite the act that applied when it was in force.
    assert not [f for f in result.json()["findings"] if f["path"] == "processes/omr/gammal-upphavd.md"]


def test_before_the_repeal_it_is_a_warning(project, qms):
    result = qms("check", str(project(CASE)), "--today", "2025-06-01", "--format", "json")
    [finding] = [f for f in findings(result, "law.repealed") if f["path"] == "processes/omr/gammal-sol.md"]
    assert finding["severity"] == "warning"
    assert "SoL (2001:453) upphävs 2025-07-01 och ersätts av SoL (2025:400)" in finding["message"]


def test_a_repealed_provision_names_the_mapped_successor(project, qms):
    result = qms("check", str(project(CASE)), "--today", AFTER_REPEAL, "--format", "json")
    [finding] = [f for f in findings(result, "law.repealed") if f["path"] == "processes/omr/upphavd-paragraf.md"]
    assert finding["line"] == 10
    assert finding["message"].startswith("'TL 5 §': TL (2020:1) 5 § upphävdes 2024-07-01 genom TFS 2024:1. "
                                         "Motsvarande bestämmelse: TL (2020:1) 6 §.")


def test_an_amendment_makes_a_reviewed_document_suspect_until_qms_reviewed(repository, qms):
    before = qms("check", str(repository), "--today", AFTER_REPEAL, "--format", "json")
    assert findings(before, "law.suspect") == []

    record_amendment(repository)
    after = qms("check", str(repository), "--today", AFTER_REPEAL, "--format", "json")
    [suspect] = findings(after, "law.suspect")
    assert suspect["path"] == "processes/omr/insatser.md" and suspect["line"] == 10
    assert suspect["severity"] == "warning"
    assert ("granskades senast 2026-01-10, men TL (2020:1) ändrades genom TFS 2026:2 (6 §), i kraft 2026-03-01; "
            "dokumentet hänvisar till TL 6 §") in suspect["message"]
    assert "qms reviewed RUT-LAG-002" in suspect["message"]
    # TL 7 § was not touched: the routine citing it stays as it was.
    assert not [f for f in after.json()["findings"] if f["path"] == "processes/omr/avgifter.md"]

    review = qms("review", str(repository), "--today", AFTER_REPEAL)
    assert "lagändring sedan granskningen 1" in review.output
    assert "Lagändring: RUT-LAG-002 Insatser enligt testlagen" in review.output
    assert "Lagändring: TL (2020:1) ändrades genom TFS 2026:2 (6 §), i kraft 2026-03-01" in review.output

    reviewed = qms("reviewed", "RUT-LAG-002", str(repository), "--today", AFTER_REPEAL)
    assert reviewed.exit_code == 0, reviewed.stderr
    assert git(repository, "status", "--porcelain") == ""
    cleared = qms("check", str(repository), "--today", AFTER_REPEAL, "--format", "json")
    assert findings(cleared, "law.suspect") == []
    assert "Lagändring" not in qms("review", str(repository), "--today", AFTER_REPEAL).output


def test_the_issue_plan_opens_and_closes_a_suspect_issue(repository, qms):
    record_amendment(repository)
    today = dt.date.fromisoformat(AFTER_REPEAL)
    handbook = check_project(repository, today).handbook
    [action] = [a for a in issue_plan.plan(handbook, []) if a["key"] == "suspect:RUT-LAG-002"]
    assert action["action"] == "create" and "lagändring" in action["labels"]
    assert action["title"] == "Lagändring: granska Insatser enligt testlagen (RUT-LAG-002)"
    assert "- TL (2020:1) ändrades genom TFS 2026:2 (6 §), i kraft 2026-03-01" in action["body"]
    existing = issue_plan.parse_issues(json.dumps([{
        "number": 7, "title": action["title"], "body": action["body"], "state": "OPEN",
        "labels": [{"name": label} for label in action["labels"]],
        "assignees": [{"login": login} for login in action["assignees"]]}]), "gh")
    assert issue_plan.plan(handbook, existing) == []  # idempotent once applied

    assert qms("reviewed", "RUT-LAG-002", str(repository), "--today", AFTER_REPEAL).exit_code == 0
    [closing] = issue_plan.plan(check_project(repository, today).handbook, existing)
    assert closing["action"] == "close" and closing["number"] == 7
    assert closing["comment"] == "RUT-LAG-002 är granskad (2026-04-01) efter lagändringen. Ärendet stängs."


def test_the_calendar_event_names_the_change(repository):
    record_amendment(repository)
    handbook = check_project(repository, dt.date.fromisoformat(AFTER_REPEAL)).handbook
    text = feeds(handbook, dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc))[0].text.replace("\r\n ", "")
    event = text[text.index("UID:granskning-RUT-LAG-002"):]
    event = event[:event.index("END:VEVENT")]
    assert "Lagändring sedan granskningen: TL (2020:1) ändrades genom TFS 2026:2 (6 §)" in event


def test_an_unverified_amendment_is_named_to_editors_not_on_the_calendar(repository, qms):
    path = repository / "lagar.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    successors:\n", AMENDMENT.replace("verified: true", "verified: false") + "    successors:\n"),
        encoding="utf-8")
    result = qms("check", str(repository), "--today", AFTER_REPEAL, "--format", "json")
    [suspect] = findings(result, "law.suspect")
    assert "[uppgiften är inte verifierad]" in suspect["message"]
    handbook = check_project(repository, dt.date.fromisoformat(AFTER_REPEAL)).handbook
    assert "Lagändring" not in feeds(handbook, dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc))[0].text


def test_a_document_without_a_review_date_is_not_suspect(project):
    root = project(CASE)
    path = root / "processes/omr/insatser.md"
    path.write_text(path.read_text(encoding="utf-8").replace("reviewed: 2026-01-10\n", ""), encoding="utf-8")
    record_path = root / "lagar.yml"
    record_path.write_text(record_path.read_text(encoding="utf-8").replace(
        "    successors:\n", AMENDMENT + "    successors:\n"), encoding="utf-8")
    handbook = check_project(root, dt.date.fromisoformat(AFTER_REPEAL)).handbook
    assert handbook.suspicions == {}
