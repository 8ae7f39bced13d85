"""`qms review --plan-issues`: reminder issues planned from the handbook and the existing
issues, for new, continuing, resolved, departed and vacant cases, and idempotent."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from click.testing import CliRunner

from conftest import TODAY

from qms_tools.cli import main
from qms_tools.lifecycle.issue_plan import ExistingIssue, marker, parse_issues, plan
from qms_tools.handbook.loader import load
from qms_tools.handbook.settings import ProjectError

CASE = "review-lifecycle"


def handbook_of(root, today=TODAY):
    return load(root, dt.date.fromisoformat(today)).handbook


def apply(issues: list[dict], actions: list[dict]) -> list[dict]:
    """What `gh` does with the plan, on issues in the shape `gh issue list --json` prints."""
    by_number = {issue["number"]: copy.deepcopy(issue) for issue in issues}
    for action in actions:
        if action["action"] == "create":
            number = max(by_number, default=0) + 1
            by_number[number] = {"number": number, "title": action["title"], "body": action["body"], "state": "OPEN",
                                 "labels": [{"name": label} for label in action["labels"]],
                                 "assignees": [{"login": login} for login in action["assignees"]]}
            continue
        issue = by_number[action["number"]]
        if action["action"] == "close":
            issue["state"] = "CLOSED"
            continue
        if action["action"] == "reopen":
            issue["state"] = "OPEN"
        issue["title"], issue["body"] = action["title"], action["body"]
        issue["labels"] += [{"name": label} for label in action["add_labels"]]
        removed = {login.casefold() for login in action["remove_assignees"]}
        issue["assignees"] = [a for a in issue["assignees"] if a["login"].casefold() not in removed]
        issue["assignees"] += [{"login": login} for login in action["add_assignees"]]
    return sorted(by_number.values(), key=lambda issue: issue["number"])


def planned(root, issues, today=TODAY):
    return plan(handbook_of(root, today), parse_issues(json.dumps(issues), "ärenden.json"))


def by_key(actions):
    return {action["key"]: action for action in actions}


def test_new_overdue_documents_and_roles_without_holder_get_one_issue_each(project):
    actions = planned(project(CASE), [])
    assert {action["action"] for action in actions} == {"create"}
    created = by_key(actions)
    assert set(created) == {"overdue:RUT-OMR-001", "overdue:RUT-OMR-003", "role:enhetschef-b", "role:samordnare-b"}

    overdue = created["overdue:RUT-OMR-001"]
    assert overdue["title"] == "Granskning försenad: Mottagning; telefon, e-post och besök (RUT-OMR-001)"
    assert overdue["labels"] == ["granskning", "försenad"]
    assert overdue["assignees"] == ["bo-b"]
    assert overdue["body"].endswith(marker("overdue", "RUT-OMR-001"))
    assert "senast 2026-10-01" in overdue["body"]
    assert "https://handbok.example.invalid/d/RUT-OMR-001/" in overdue["body"]
    assert "qms reviewed RUT-OMR-001" in overdue["body"]
    # The owner records the review from the browser: the comment command of granskad.yml.
    assert "skriv `/granskad` som en kommentar i det här ärendet" in overdue["body"]

    # The owner role is vacant: the quality role's holder is assigned, and the body says why.
    vacant_document = created["overdue:RUT-OMR-003"]
    assert vacant_document["assignees"] == ["kim-kvist"]
    assert "Enhetschef B (enhetschef-b) är vakant" in vacant_document["body"]

    vacant_role = created["role:enhetschef-b"]
    assert vacant_role["title"] == "Vakant roll: Enhetschef B (enhetschef-b)"
    assert vacant_role["labels"] == ["granskning", "roll-utan-innehavare"]
    assert vacant_role["assignees"] == ["kim-kvist"]
    assert "RUT-OMR-003" in vacant_role["body"]
    departed = created["role:samordnare-b"]
    assert departed["title"] == "Innehavaren har slutat: Samordnare B (samordnare-b)"
    assert "slutade 2026-06-30" in departed["body"] and "CHK-OMR-001" in departed["body"]


def test_applying_the_plan_and_planning_again_gives_no_actions(project):
    root = project(CASE)
    issues = apply([], planned(root, []))
    assert len(issues) == 4
    assert planned(root, issues) == []
    # The next day nothing changes either: bodies do not count days.
    assert planned(root, issues, "2026-11-23") == []


def test_a_continuing_issue_is_updated_only_when_something_changed(project):
    root = project(CASE)
    issues = apply([], planned(root, []))
    registry = root / "processes/organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "name: Bo Berg\n      github: [bo-b]", "name: Eva Ek\n      github: [eva-ek]"), encoding="utf-8")
    actions = planned(root, issues)
    assert [(action["action"], action["key"]) for action in actions] == [("update", "overdue:RUT-OMR-001")]
    update = actions[0]
    assert update["number"] == next(issue["number"] for issue in issues if "RUT-OMR-001" in issue["body"])
    assert update["add_assignees"] == ["eva-ek"] and update["remove_assignees"] == ["bo-b"]
    assert "Eva Ek (@eva-ek)" in update["body"]
    issues = apply(issues, actions)
    assert planned(root, issues) == []


def test_labels_added_by_people_stay_and_logins_compare_without_case(project):
    root = project(CASE)
    issues = apply([], planned(root, []))
    for issue in issues:
        issue["labels"].append({"name": "prioriterad"})
        issue["assignees"] = [{"login": assignee["login"].upper()} for assignee in issue["assignees"]]
        issue["body"] += "\n"  # GitHub may add or drop a trailing newline
    assert planned(root, issues) == []


def test_resolved_issues_are_closed_with_the_new_date(project):
    root = project(CASE)
    issues = apply([], planned(root, []))
    document = root / "processes/omr/forsenad.md"
    document.write_text(document.read_text(encoding="utf-8").replace("review_date: 2026-10-01",
                                                                     "review_date: 2027-11-22"), encoding="utf-8")
    registry = root / "processes/organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "    holder: null\n", "    holder:\n      name: Fia Fors\n      github: [fia-f]\n"), encoding="utf-8")
    actions = planned(root, issues)
    closes = {action["key"]: action for action in actions if action["action"] == "close"}
    assert set(closes) == {"overdue:RUT-OMR-001", "role:enhetschef-b"}
    assert "nästa granskning senast 2027-11-22" in closes["overdue:RUT-OMR-001"]["comment"]
    assert "Fia Fors" in closes["role:enhetschef-b"]["comment"]
    # RUT-OMR-003 is still overdue but its role is staffed now: its issue is reassigned.
    update = by_key(actions)["overdue:RUT-OMR-003"]
    assert update["action"] == "update" and update["add_assignees"] == ["fia-f"]
    issues = apply(issues, actions)
    assert planned(root, issues) == []


def test_withdrawn_or_deleted_documents_close_their_issue(project):
    root = project(CASE)
    issues = apply([], planned(root, []))
    (root / "processes/omr/vakant.md").unlink()
    document = root / "processes/omr/forsenad.md"
    document.write_text(document.read_text(encoding="utf-8").replace("status: gällande", "status: upphävd"),
                        encoding="utf-8")
    closes = {action["key"]: action["comment"] for action in planned(root, issues) if action["action"] == "close"}
    assert "RUT-OMR-003 finns inte längre i handboken" in closes["overdue:RUT-OMR-003"]
    assert "RUT-OMR-001 är upphävd" in closes["overdue:RUT-OMR-001"]


def test_overdue_again_reopens_the_closed_issue_instead_of_creating_one(project):
    root = project(CASE)
    issues = apply([], planned(root, []))
    for issue in issues:
        if marker("overdue", "RUT-OMR-001") in issue["body"]:
            issue["state"] = "CLOSED"
            number = issue["number"]
    actions = planned(root, issues)
    assert [(action["action"], action.get("number")) for action in actions] == [("reopen", number)]
    assert planned(root, apply(issues, actions)) == []


def test_a_document_whose_owner_left_becomes_overdue(project):
    root = project(CASE)
    actions = by_key(planned(root, [], "2026-12-05"))
    checklist = actions["overdue:CHK-OMR-001"]
    assert checklist["assignees"] == ["kim-kvist"]
    assert "Samordnare B (samordnare-b): innehavaren slutade 2026-06-30" in checklist["body"]


def test_duplicates_are_closed_and_unrelated_issues_left_alone(project):
    root = project(CASE)
    issues = apply([], planned(root, []))
    original = next(issue for issue in issues if marker("overdue", "RUT-OMR-001") in issue["body"])
    duplicate = dict(copy.deepcopy(original), number=50)
    unrelated = {"number": 51, "title": "Fråga om granskning", "body": "Ingen markör här.", "state": "OPEN",
                 "labels": [{"name": "granskning"}], "assignees": []}
    actions = planned(root, issues + [duplicate, unrelated])
    assert [(action["action"], action["number"], action["comment"]) for action in actions] == \
        [("close", 50, f"Dubblett av #{original['number']}. Ärendet stängs.")]


def test_bad_issue_lists_are_refused_with_a_swedish_message(project):
    with pytest.raises(ProjectError, match=r"ärenden.json:3: kunde inte läsas som JSON"):
        parse_issues('[\n {"number": 1},\n oops\n]', "ärenden.json")
    with pytest.raises(ProjectError, match="ska vara en JSON-lista"):
        parse_issues('{"number": 1}', "ärenden.json")
    with pytest.raises(ProjectError, match="ärende nummer 2 i listan saknar 'number'"):
        parse_issues('[{"number": 1}, {"title": "x"}]', "ärenden.json")
    assert parse_issues("", "tom") == []
    issue = parse_issues('[{"number": 7, "state": "closed", "labels": ["granskning"], "assignees": ["a"], '
                         '"body": "x <!-- qms:role:abc --> y"}]', "x")[0]
    assert issue == ExistingIssue(7, "", "x <!-- qms:role:abc --> y", False, ("granskning",), ("a",))
    assert issue.key == "role:abc"


def test_cli_reads_a_file_or_standard_input(project, qms, tmp_path):
    root = project(CASE)
    listing = tmp_path / "issues.json"
    listing.write_text("[]", encoding="utf-8")
    from_file = qms("review", str(root), "--today", TODAY, "--plan-issues", str(listing))
    assert from_file.exit_code == 0
    assert len(from_file.json()) == 4
    from_stdin = CliRunner().invoke(main, ["review", str(root), "--today", TODAY, "--plan-issues", "-"],
                                    input=json.dumps(apply([], from_file.json())))
    assert from_stdin.exit_code == 0 and json.loads(from_stdin.stdout) == []
    broken = qms("review", str(root), "--today", TODAY, "--plan-issues", str(tmp_path / "saknas.json"))
    assert broken.exit_code == 2 and "saknas.json kunde inte läsas" in broken.stderr
