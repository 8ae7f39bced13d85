"""The yearly follow-up on a real Git repository whose history spans two years
(publishing/follow_up_history.py). Every expected figure is worked out by hand in the
comments there, never by the code under test."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
import yaml
from publishing.follow_up_history import REGULATION, TODAY, counted_requirements, make_history

from qms_tools.handbook.loader import load
from qms_tools.publishing import follow_up


@pytest.fixture(scope="module")
def scripted_history(tmp_path_factory):
    return make_history(tmp_path_factory.mktemp("uppfoljning") / "handbok")


@pytest.fixture(scope="module")
def report(scripted_history):
    handbook = load(scripted_history, TODAY).handbook
    shutil.rmtree(scripted_history / ".cache", ignore_errors=True)
    return follow_up.build_report(handbook, [2024, 2025])


def no_ledger(versions: int) -> dict:
    """The approval figures without an approvals ledger: every version in force that
    the year brought is "uppgift saknas". The versions, from the history's comments:
    2024 A new, B in force, A reviewed, B changed (bou), C new (vux); 2025 A changed,
    A moved, A reviewed (bou), D new, C reviewed, C changed (vux), E new (no area)."""
    return {"godkanda_av_agaren": 0, "godkanda_av_annan": 0, "egna_godkannanden": 0, "utan_godkannande": 0,
            "godkannande_okant": versions}


def test_2024_figures(report):
    year = report.years[0]
    assert (year.year, year.end) == (2024, dt.date(2024, 12, 31))
    assert year.total.as_dict() == {
        "gallande": 3, "nya": 3, "andrade": 1, "upphavda": 0,
        "granskningar_i_tid": 1, "granskningar_sena": 0, "granskningar_saknas": 1, "median_dagar_forsenad": 31,
        "agarluckor": 1, "vakanta_roller": 0, "avgangna_innehavare": 1,
        # 2024-08-16 to 2024-12-31: 16 + 30 + 31 + 30 + 31 days.
        "luckdagar": 138, **no_ledger(5)}
    assert {area: counts.as_dict() for area, counts in year.by_area.items()} == {
        "bou": {"gallande": 2, "nya": 2, "andrade": 1, "upphavda": 0, "granskningar_i_tid": 1,
                "granskningar_sena": 0, "granskningar_saknas": 1, "median_dagar_forsenad": 31, "agarluckor": 0,
                "vakanta_roller": 0, "avgangna_innehavare": 0, "luckdagar": 0, **no_ledger(4)},
        "vux": {"gallande": 1, "nya": 1, "andrade": 0, "upphavda": 0, "granskningar_i_tid": 0,
                "granskningar_sena": 0, "granskningar_saknas": 0, "median_dagar_forsenad": None, "agarluckor": 1,
                "vakanta_roller": 0, "avgangna_innehavare": 1, "luckdagar": 138, **no_ledger(1)}}
    # A and C address 4:4, B 5:1.
    assert [(c.regulation, c.covered, c.counted, c.change) for c in year.coverage] == \
        [("sosfs-2011-9", 2, counted_requirements(), None)]


def test_2025_figures(report):
    year = report.years[1]
    assert (year.year, year.end) == (2025, dt.date(2025, 12, 31))
    assert year.total.as_dict() == {
        "gallande": 3, "nya": 2, "andrade": 2, "upphavda": 2,
        # Late by 45 (A) and 10 (C) days, D missing by 31: the median is 31.
        "granskningar_i_tid": 0, "granskningar_sena": 2, "granskningar_saknas": 1, "median_dagar_forsenad": 31,
        "agarluckor": 2, "vakanta_roller": 1, "avgangna_innehavare": 1,
        # chef-vux: 2025-01-01 to 2025-02-01, 31 days; kval: 2025-09-01 to 2025-12-31, 122.
        "luckdagar": 153, **no_ledger(7)}
    by_area = {area: counts.as_dict() for area, counts in year.by_area.items()}
    assert by_area["bou"] == {"gallande": 1, "nya": 0, "andrade": 1, "upphavda": 1, "granskningar_i_tid": 0,
                              "granskningar_sena": 1, "granskningar_saknas": 0, "median_dagar_forsenad": 45,
                              "agarluckor": 1, "vakanta_roller": 1, "avgangna_innehavare": 0, "luckdagar": 122,
                              **no_ledger(3)}
    assert by_area["vux"] == {"gallande": 1, "nya": 1, "andrade": 1, "upphavda": 1, "granskningar_i_tid": 0,
                              "granskningar_sena": 1, "granskningar_saknas": 1, "median_dagar_forsenad": 20.5,
                              "agarluckor": 1, "vakanta_roller": 0, "avgangna_innehavare": 1, "luckdagar": 31,
                              **no_ledger(3)}
    assert by_area[follow_up.NO_AREA] == {
        "gallande": 1, "nya": 1, "andrade": 0, "upphavda": 0, "granskningar_i_tid": 0, "granskningar_sena": 0,
        "granskningar_saknas": 0, "median_dagar_forsenad": None, "agarluckor": 0, "vakanta_roller": 0,
        "avgangna_innehavare": 0, "luckdagar": 0, **no_ledger(1)}
    # A and C address 4:4, C also 5:3, E 6:1; B is withdrawn and D deleted.
    assert [(c.covered, c.change) for c in year.coverage] == [(3, 1)]


def test_coverage_per_area_is_what_each_areas_own_documents_in_force_address(report):
    """Worked by hand from follow_up_history.py's comments; SOSFS 2011:9's references:

    end of 2024: A (bou) 4:4, B (bou) 5:1, C (vux) 4:4 are in force
        bou {4:4, 5:1} = 2, vux {4:4} = 1; whole handbook {4:4, 5:1} = 2 (not 2 + 1:
        4:4 is covered by both areas)
    end of 2025: A (bou) 4:4; C (vux) 4:4 and 5:3; E (no area) 6:1; B withdrawn, D
        (vux, 6:1) deleted
        bou {4:4} = 1, change 1 - 2 = -1; vux {4:4, 5:3} = 2, change 2 - 1 = +1;
        no area {6:1} = 1, change 1 - 0 = +1 (nothing without an area was in force at the
        end of 2024); whole handbook {4:4, 5:3, 6:1} = 3, change +1 as before
    """
    counted = counted_requirements()

    def figures(year):
        return {area: [(c.regulation, c.covered, c.counted, c.change) for c in coverage]
                for area, coverage in year.coverage_by_area.items()}

    assert figures(report.years[0]) == {"bou": [("sosfs-2011-9", 2, counted, None)],
                                        "vux": [("sosfs-2011-9", 1, counted, None)]}
    assert figures(report.years[1]) == {"bou": [("sosfs-2011-9", 1, counted, -1)],
                                        "vux": [("sosfs-2011-9", 2, counted, 1)],
                                        follow_up.NO_AREA: [("sosfs-2011-9", 1, counted, 1)]}
    # The whole handbook's figures stay what they were before areas had their own.
    assert [(c.covered, c.change) for c in report.years[0].coverage] == [(2, None)]
    assert [(c.covered, c.change) for c in report.years[1].coverage] == [(3, 1)]


def test_an_area_whose_documents_all_left_force_is_shown_covering_nothing(tmp_path):
    """An area that covered a requirement and lost its only document the next year: its
    coverage falls to 0 (change -1) though it has no other figure that year, and the year
    after it has nothing to show."""
    from conftest import git, write
    import os

    from publishing.follow_up_history import document, registry

    root = tmp_path / "handbok"
    write(root / "qms.yml", "content_dir: processes\norganisation: processes/organisation.yml\n")
    git(tmp_path, "init", "-q", str(root))

    def commit(day: str) -> None:
        stamp = f"{day}T12:00:00+01:00"
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", day, env={**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})

    write(root / "processes" / "organisation.yml", registry())
    write(root / "processes" / "a.md", document("RUT-BOU-001", "gällande", "chef-bou", area="bou",
                                                review_date="2030-01-01", sosfs=["5"]))
    write(root / "processes" / "c.md", document("RUT-VUX-001", "gällande", "chef-vux", area="vux",
                                                review_date="2030-01-01", sosfs=["4:4"]))
    commit("2023-05-01")
    # Moving A to another area in force is no withdrawal: only the coverage shows it.
    write(root / "processes" / "a.md", document("RUT-BOU-001", "gällande", "chef-bou", area="vux",
                                                review_date="2030-01-01", sosfs=["5"]))
    commit("2024-05-01")
    report = follow_up.build_report(load(root, TODAY).handbook, [2023, 2024, 2025])
    chapter_5 = next(len(chapter["paragraphs"]) for chapter in yaml.safe_load(open(REGULATION, encoding="utf-8"))
                     ["chapters"] if chapter["number"] == 5)
    # 2023: bou covers chapter 5's paragraphs (a whole-chapter reference covers each);
    # 2024: bou 0 (-chapter 5), vux chapter 5 and 4:4; 2025: bou not shown, vux unchanged.
    assert [{area: [(c.covered, c.change) for c in coverage] for area, coverage in year.coverage_by_area.items()}
            for year in report.years] == [
        {"bou": [(chapter_5, None)], "vux": [(1, None)]},
        {"bou": [(0, -chapter_5)], "vux": [(chapter_5 + 1, chapter_5)]},
        {"vux": [(chapter_5 + 1, 0)]}]
    assert report.years[1].by_area["bou"].as_dict() == follow_up.Counts().as_dict()


def test_the_change_is_given_only_against_the_calendar_year_before(scripted_history):
    """2024 and 2026 without 2025: 2026's change would otherwise be against 2024."""
    report = follow_up.build_report(load(scripted_history, TODAY).handbook, [2024, 2026])
    assert [c.change for c in report.years[1].coverage] == [None]
    assert {area: [c.change for c in coverage] for area, coverage in report.years[1].coverage_by_area.items()} == \
        {"bou": [None], "vux": [None], follow_up.NO_AREA: [None]}


def test_gaps_and_how_long_they_lasted(report):
    assert [(gap.role, gap.area, gap.kind, gap.start, gap.end, gap.days(TODAY)) for gap in report.years[1].gaps] == [
        ("chef-vux", "vux", "avgången", dt.date(2024, 8, 16), dt.date(2025, 2, 1), 169),
        # Still open: 2025-09-01 up to and including today, 2026-03-01: 30 + 31 + 30 + 31
        # + 31 + 28 + 1 days.
        ("kval", "bou", "vakant", dt.date(2025, 9, 1), None, 182)]


def test_contributors_are_the_commit_authors_of_each_year(report):
    # conftest.git's author in both years, and Dora Dahl in 2025.
    assert [year.contributors for year in report.years] == [1, 2]


def test_the_areas_are_the_registrys_and_no_area_last(report):
    assert report.areas == {"bou": "Barn och unga", "vux": "Vuxen", "": "Utan område"}


def test_the_cache_gives_the_same_figures(scripted_history, report):
    handbook = load(scripted_history, TODAY).handbook
    first = follow_up.build_report(handbook, [2024, 2025])    # writes the cache
    assert (scripted_history / ".cache/qms/versioner.json.gz").is_file()
    again = follow_up.build_report(load(scripted_history, TODAY).handbook, [2024, 2025])
    assert again == first == report


def test_default_years_run_from_the_first_commit_to_today(scripted_history):
    report = follow_up.build_report(load(scripted_history, TODAY).handbook)
    assert [(year.year, year.end) for year in report.years] == \
        [(2024, dt.date(2024, 12, 31)), (2025, dt.date(2025, 12, 31)), (2026, TODAY)]
    # On 2026-03-01 nothing is due yet in 2026 (C is due 2026-03-31).
    assert report.years[2].total.as_dict()["granskningar_saknas"] == 0
    assert report.years[2].total.in_force == 3


def test_a_registry_version_nobody_could_read_does_not_cut_a_gap(tmp_path):
    """A broken commit of the registry between two that agree: the gap runs through it."""
    import os

    from conftest import git, write

    root = tmp_path / "handbok"
    write(root / "qms.yml", "content_dir: processes\norganisation: processes/organisation.yml\n")
    git(tmp_path, "init", "-q", str(root))
    registry = ("organisation: X\nareas: [{id: a, title: A}]\nunits: [{id: u, title: U, area: a}]\n"
                "roles:\n  - {id: chef, title: Chef, unit: u, holder: %s}\n")
    for day, text in (("2025-01-01", registry % "null"), ("2025-02-01", "roles: [oavslutad\n"),
                      ("2025-03-01", registry % "null"), ("2025-04-01", registry % "{name: Ny Chef}")):
        write(root / "processes" / "organisation.yml", text)
        stamp = f"{day}T12:00:00+01:00"
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", day, env={**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
    report = follow_up.build_report(load(root, TODAY).handbook, [2025])
    # 2025-01-01 to 2025-04-01: 31 + 28 + 31 days, one gap.
    assert [(gap.role, gap.kind, gap.start, gap.end, gap.days(TODAY)) for gap in report.years[0].gaps] == [
        ("chef", "vakant", dt.date(2025, 1, 1), dt.date(2025, 4, 1), 90)]


def test_approvals_by_the_owners_role_come_from_the_ledger(tmp_path):
    """2024's versions with the ledger the deploy workflow keeps (handbook.approvals):
    A's first version approved by the owner's role, B's change by another role, A's
    review by its own author, C pushed without a pull request, and B's first version
    unknown to the ledger."""
    from qms_tools.handbook.approvals import Ledger, Pull, Review, write_ledger

    root = make_history(tmp_path / "handbok")
    log = subprocess.run(["git", "log", "--format=%H %s"], cwd=root, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    commit_of = {}
    for line in log:
        commit, message = line.split(" ", 1)
        commit_of.setdefault(message, commit)  # newest first: "A granskad" is 2025's
    when = dt.datetime(2024, 12, 1, 12, tzinfo=dt.timezone.utc)

    def pull(number: int, author: str, login: str, roles: tuple[str, ...]) -> Pull:
        return Pull(number, f"https://example.invalid/pull/{number}", author, None, when, "0" * 40,
                    (Review(login, "APPROVED", when - dt.timedelta(hours=1), None, roles),))

    a_reviewed_2024 = [line.split(" ", 1)[0] for line in log if line.endswith(" A granskad")][-1]
    write_ledger(root, Ledger("ekebro/handbok", {
        commit_of["A gällande"]: [1], commit_of["B ändrad"]: [2], a_reviewed_2024: [3],
        commit_of["C gällande"]: []}, {
        1: pull(1, "redaktor", "chefbou", ("chef-bou",)),
        2: pull(2, "redaktor", "kvalitet", ("kval",)),
        3: pull(3, "chefbou", "chefbou", ("chef-bou",))}))
    year = follow_up.build_report(load(root, TODAY).handbook, [2024]).years[0]
    approvals = ("godkanda_av_agaren", "godkanda_av_annan", "egna_godkannanden", "utan_godkannande",
                 "godkannande_okant")
    assert [year.total.as_dict()[key] for key in approvals] == [1, 1, 1, 1, 1]
    assert [year.by_area["bou"].as_dict()[key] for key in approvals] == [1, 1, 1, 0, 1]
    assert [year.by_area["vux"].as_dict()[key] for key in approvals] == [0, 0, 0, 1, 0]
