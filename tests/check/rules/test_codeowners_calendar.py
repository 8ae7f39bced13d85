"""Time is not a commit: CODEOWNERS gone stale by the calendar alone warns, with notice,
and blocks only a change that touches the registry or CODEOWNERS; a stale file for any
other reason is an error. Real fixture project, real `qms check` and `qms codeowners`."""

from __future__ import annotations

import pytest

from conftest import TODAY

CASE = "review-lifecycle"
REGISTRY = "processes/organisation.yml"
CODEOWNERS = ".github/CODEOWNERS"


@pytest.fixture
def leaving(project, qms):
    """Bo Berg (Enhetschef A, owner of four documents) leaves on 2026-12-31; CODEOWNERS is
    written on TODAY (2026-11-22) and then nobody touches anything."""
    root = project(CASE)
    registry = root / REGISTRY
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "      github: [bo-b]\n", "      github: [bo-b]\n      until: 2026-12-31\n"), encoding="utf-8")
    assert qms("codeowners", str(root), "--today", TODAY).exit_code == 0
    return root


def stale(qms, root, today, changed=None):
    arguments = ["check", str(root), "--today", today, "--format", "json"]
    if changed is not None:
        listing = root.parent / "andrade-filer.txt"
        listing.write_text("\n".join(changed) + "\n", encoding="utf-8")
        arguments += ["--changed", str(listing)]
    result = qms(*arguments)
    findings = [(f["path"], f["severity"]) for f in result.json()["findings"] if f["rule"] == "codeowners.stale"]
    return result.exit_code, findings


@pytest.mark.parametrize("today, expected", [
    ("2026-11-30", []),  # 31 days ahead: no notice yet
    ("2026-12-01", [(REGISTRY, "warning")]),  # 30 days ahead
    ("2026-12-31", [(REGISTRY, "warning")]),  # the last day
    ("2027-01-01", [(CODEOWNERS, "warning")]),  # stale by the calendar
    ("2027-06-15", [(CODEOWNERS, "warning")]),
])
def test_notice_ahead_and_a_warning_after_never_an_error(leaving, qms, today, expected):
    assert stale(qms, leaving, today) == (0, expected)


def test_notice_names_the_holder_the_day_and_what_to_do(leaving, qms):
    result = qms("check", str(leaving), "--today", "2026-12-21", "--format", "json")
    notice = next(f for f in result.json()["findings"] if f["rule"] == "codeowners.stale")
    assert notice["line"] == 28  # the role's entry in the registry
    assert "Bo Berg slutar som Enhetschef A 2026-12-31 (om 10 dagar)" in notice["message"]
    assert "qms codeowners" in notice["message"]


def test_an_unrelated_change_stays_green_one_that_touches_ownership_is_blocked(leaving, qms):
    assert stale(qms, leaving, "2027-01-01", ["processes/omr/forsenad.md"]) == (0, [(CODEOWNERS, "warning")])
    assert stale(qms, leaving, "2027-01-01", [REGISTRY]) == (1, [(CODEOWNERS, "error")])
    assert stale(qms, leaving, "2027-01-01", [CODEOWNERS]) == (1, [(CODEOWNERS, "error")])
    # The notice before the date never blocks, not even a change of the registry.
    assert stale(qms, leaving, "2026-12-15", [REGISTRY]) == (0, [(REGISTRY, "warning")])


def test_regenerating_after_the_date_clears_it(leaving, qms):
    assert qms("codeowners", str(leaving), "--today", "2027-01-01").exit_code == 0
    assert stale(qms, leaving, "2027-01-01", [REGISTRY, CODEOWNERS]) == (0, [])


def test_a_content_change_is_an_error_with_or_without_the_calendar(leaving, qms):
    registry = leaving / REGISTRY
    registry.write_text(registry.read_text(encoding="utf-8").replace("[anna-a, anna-andersson]", "[anna-ny]"),
                        encoding="utf-8")
    assert stale(qms, leaving, "2026-11-22") == (1, [(CODEOWNERS, "error")])
    # After the date too: the file matches no day, so the difference is not only the calendar.
    assert stale(qms, leaving, "2027-01-01") == (1, [(CODEOWNERS, "error")])


def test_two_holders_leaving_a_file_from_between_the_dates_is_the_calendar(leaving, qms):
    registry = leaving / REGISTRY
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "      github: [anna-a, anna-andersson]\n",
        "      github: [anna-a, anna-andersson]\n      until: 2027-03-31\n"), encoding="utf-8")
    assert qms("codeowners", str(leaving), "--today", "2027-02-01").exit_code == 0
    assert stale(qms, leaving, "2027-02-01") == (0, [])
    assert stale(qms, leaving, "2027-04-01") == (0, [(CODEOWNERS, "warning")])
