"""The yearly follow-up on a real Git repository whose history spans two years, each
commit dated with GIT_AUTHOR_DATE and GIT_COMMITTER_DATE. Every expected figure is
worked out by hand in the comments of ``scripted_history``, never by the code under
test."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
import yaml
from conftest import git, write

from qms_tools.handbook.loader import load
from qms_tools.publishing import follow_up

TODAY = dt.date(2026, 3, 1)
REGULATION = "qms_tools/data/regulations/sosfs-2011-9.yml"

REGISTRY = """\
organisation: Provby kommun
areas:
  - {{id: bou, title: Barn och unga}}
  - {{id: vux, title: Vuxen}}
units:
  - {{id: u-bou, title: Enhet barn, area: bou}}
  - {{id: u-vux, title: Enhet vuxen, area: vux}}
roles:
  - id: chef-bou
    title: Enhetschef barn
    unit: u-bou
    holder: {{name: Anna Andersson}}
  - id: chef-vux
    title: Enhetschef vuxen
    unit: u-vux
    holder: {chef_vux}
  - id: kval
    title: Kvalitetsutvecklare
    unit: u-bou
    holder: {kval}
"""


def registry(chef_vux: str = "{name: Bo Berg}", kval: str = "{name: Cilla Ceder}") -> str:
    return REGISTRY.format(chef_vux=chef_vux, kval=kval)


def document(document_id: str, status: str, owner: str, *, area: str | None = None, review_date: str | None = None,
             reviewed: str | None = None, sosfs: list[str] = (), body: str = "Första texten.") -> str:
    lines = [f"id: {document_id}", f"title: Rutin {document_id}", "type: rutin", f"status: {status}",
             f"owner: {owner}"]
    if area:
        lines.append(f"area: {area}")
    if reviewed:
        lines.append(f"reviewed: {reviewed}")
    if review_date:
        lines.append(f"review_date: {review_date}")
    if sosfs:
        lines.append("sosfs: [" + ", ".join(f'"{ref}"' for ref in sosfs) + "]")
    return "---\n" + "\n".join(lines) + f"\n---\n\n{body}\n"


@pytest.fixture(scope="module")
def scripted_history(tmp_path_factory):
    root = tmp_path_factory.mktemp("uppfoljning") / "handbok"
    content = root / "processes"
    write(root / "qms.yml", "content_dir: processes\norganisation: processes/organisation.yml\n")
    git(root.parent, "init", "-q", str(root))

    def commit(day: str, message: str, author: str | None = None) -> None:
        stamp = f"{day}T12:00:00+01:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        if author:
            env["GIT_AUTHOR_NAME"] = author
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", message, env=env)

    a, b, c = content / "bou" / "a.md", content / "bou" / "b.md", content / "vux" / "c.md"
    d, e, f = content / "vux" / "d.md", content / "e.md", content / "bou" / "f.md"
    # 2024 --------------------------------------------------------------------------
    write(content / "organisation.yml", registry())
    write(a, document("RUT-BOU-001", "gällande", "chef-bou", area="bou", review_date="2024-06-30", sosfs=["4:4"]))
    commit("2024-01-10", "A gällande")                                  # A new 2024 (bou)
    write(b, document("RUT-BOU-002", "utkast", "chef-bou", area="bou"))
    commit("2024-03-01", "B utkast")                                    # a draft: nothing
    write(b, document("RUT-BOU-002", "gällande", "chef-bou", area="bou", review_date="2024-11-30", sosfs=["5:1"]))
    commit("2024-05-02", "B gällande")                                  # B new 2024 (bou)
    write(a, document("RUT-BOU-001", "gällande", "chef-bou", area="bou", reviewed="2024-06-20",
                      review_date="2025-06-30", sosfs=["4:4"]))
    commit("2024-06-20", "A granskad")                # A's review due 2024-06-30: on time
    write(content / "organisation.yml", registry(chef_vux="{name: Bo Berg, until: 2024-08-15}"))
    commit("2024-07-01", "Bo slutar")                 # chef-vux gap from 2024-08-16
    write(b, document("RUT-BOU-002", "gällande", "chef-bou", area="bou", review_date="2024-11-30", sosfs=["5:1"],
                      body="Ändrad text."))
    commit("2024-09-10", "B ändrad")                                    # B changed 2024 (bou)
    write(content / "organisation.yml", registry(chef_vux="null"))
    commit("2024-10-01", "chef-vux vakant")           # the same gap goes on
    write(c, document("RUT-VUX-001", "gällande", "chef-vux", area="vux", review_date="2025-03-31", sosfs=["4:4"]))
    commit("2024-11-05", "C gällande")                                  # C new 2024 (vux)
    # B's review due 2024-11-30 is never done: missing in 2024, 31 days to 2024-12-31.
    # 2025 --------------------------------------------------------------------------
    write(d, document("RUT-VUX-002", "gällande", "chef-vux", area="vux", review_date="2025-10-31", sosfs=["6:1"]))
    commit("2025-01-15", "D gällande")                                  # D new 2025 (vux)
    write(content / "organisation.yml", registry(chef_vux="{name: Dan Dahl}"))
    commit("2025-02-01", "Dan tar över")              # gap 2024-08-16 – 2025-02-01: 169 days
    write(b, document("RUT-BOU-002", "upphävd", "chef-bou", area="bou", sosfs=["5:1"], body="Ändrad text."))
    commit("2025-02-20", "B upphävd")                                   # B withdrawn 2025 (bou)
    write(a, document("RUT-BOU-001", "gällande", "chef-bou", area="bou", reviewed="2024-06-20",
                      review_date="2025-06-30", sosfs=["4:4"], body="Ny text."))
    commit("2025-03-15", "A ändrad")                                    # A changed 2025 (bou)
    write(c, document("RUT-VUX-001", "gällande", "chef-vux", area="vux", reviewed="2025-04-10",
                      review_date="2026-03-31", sosfs=["4:4"]))
    commit("2025-04-10", "C granskad", author="Dora Dahl")  # C due 2025-03-31: late, 10 days
    git(root, "mv", "processes/bou/a.md", "processes/bou/rutin-a.md")
    a = content / "bou" / "rutin-a.md"
    commit("2025-05-01", "A flyttad")                                   # a rename: no change
    write(f, document("RUT-BOU-003", "utkast", "chef-bou", area="bou"))
    commit("2025-05-05", "F utkast")                                    # a draft: nothing
    write(e, document("RUT-LED-001", "gällande", "kval", review_date="2026-06-01", sosfs=["6:1"]))
    commit("2025-06-01", "E gällande")                  # E new 2025 (no area); due in 2026
    write(a, document("RUT-BOU-001", "gällande", "chef-bou", area="bou", reviewed="2025-08-14",
                      review_date="2026-06-30", sosfs=["4:4"], body="Ny text."))
    commit("2025-08-14", "A granskad")                # A due 2025-06-30: late by 45 days
    write(c, document("RUT-VUX-001", "gällande", "chef-vux", area="vux", reviewed="2025-04-10",
                      review_date="2026-03-31", sosfs=["4:4", "5:3"]))
    commit("2025-09-01", "C ändrad")                                    # C changed 2025 (vux)
    write(content / "organisation.yml", registry(chef_vux="{name: Dan Dahl}", kval="null"))
    commit("2025-09-01", "kval vakant")               # kval (bou) vacant from 2025-09-01, open
    d.unlink()
    commit("2025-12-01", "D borttagen")               # D withdrawn 2025 (vux); its review due
    # 2025-10-31 was never done: missing, 31 days to the day it left force.
    return root


@pytest.fixture(scope="module")
def report(scripted_history):
    handbook = load(scripted_history, TODAY).handbook
    shutil.rmtree(scripted_history / ".cache", ignore_errors=True)
    return follow_up.build_report(handbook, [2024, 2025])


def counted_requirements() -> int:
    """SOSFS 2011:9's paragraphs from the chapter coverage starts at, from the data file."""
    data = yaml.safe_load(open(REGULATION, encoding="utf-8"))
    return sum(len(chapter["paragraphs"]) for chapter in data["chapters"]
               if chapter["number"] >= data["coverage_from_chapter"])


def test_2024_figures(report):
    year = report.years[0]
    assert (year.year, year.end) == (2024, dt.date(2024, 12, 31))
    assert year.total.as_dict() == {
        "gallande": 3, "nya": 3, "andrade": 1, "upphavda": 0,
        "granskningar_i_tid": 1, "granskningar_sena": 0, "granskningar_saknas": 1, "median_dagar_forsenad": 31,
        "agarluckor": 1, "vakanta_roller": 0, "avgangna_innehavare": 1,
        # 2024-08-16 to 2024-12-31: 16 + 30 + 31 + 30 + 31 days.
        "luckdagar": 138}
    assert {area: counts.as_dict() for area, counts in year.by_area.items()} == {
        "bou": {"gallande": 2, "nya": 2, "andrade": 1, "upphavda": 0, "granskningar_i_tid": 1,
                "granskningar_sena": 0, "granskningar_saknas": 1, "median_dagar_forsenad": 31, "agarluckor": 0,
                "vakanta_roller": 0, "avgangna_innehavare": 0, "luckdagar": 0},
        "vux": {"gallande": 1, "nya": 1, "andrade": 0, "upphavda": 0, "granskningar_i_tid": 0,
                "granskningar_sena": 0, "granskningar_saknas": 0, "median_dagar_forsenad": None, "agarluckor": 1,
                "vakanta_roller": 0, "avgangna_innehavare": 1, "luckdagar": 138}}
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
        "luckdagar": 153}
    by_area = {area: counts.as_dict() for area, counts in year.by_area.items()}
    assert by_area["bou"] == {"gallande": 1, "nya": 0, "andrade": 1, "upphavda": 1, "granskningar_i_tid": 0,
                              "granskningar_sena": 1, "granskningar_saknas": 0, "median_dagar_forsenad": 45,
                              "agarluckor": 1, "vakanta_roller": 1, "avgangna_innehavare": 0, "luckdagar": 122}
    assert by_area["vux"] == {"gallande": 1, "nya": 1, "andrade": 1, "upphavda": 1, "granskningar_i_tid": 0,
                              "granskningar_sena": 1, "granskningar_saknas": 1, "median_dagar_forsenad": 20.5,
                              "agarluckor": 1, "vakanta_roller": 0, "avgangna_innehavare": 1, "luckdagar": 31}
    assert by_area[follow_up.NO_AREA] == {
        "gallande": 1, "nya": 1, "andrade": 0, "upphavda": 0, "granskningar_i_tid": 0, "granskningar_sena": 0,
        "granskningar_saknas": 0, "median_dagar_forsenad": None, "agarluckor": 0, "vakanta_roller": 0,
        "avgangna_innehavare": 0, "luckdagar": 0}
    # A and C address 4:4, C also 5:3, E 6:1; B is withdrawn and D deleted.
    assert [(c.covered, c.change) for c in year.coverage] == [(3, 1)]


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
