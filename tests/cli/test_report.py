"""`qms report` end to end on the two-year history (tests/publishing/follow_up_history.py):
the figures worked out by hand there, as CSV, JSON and Markdown; clear Swedish refusals."""

from __future__ import annotations

import csv
import io
import json

import pytest
from publishing.follow_up_history import TODAY, counted_requirements, make_history


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    return make_history(tmp_path_factory.mktemp("rapport") / "handbok")


def report(qms, history, *arguments):
    return qms("report", str(history), "--today", TODAY.isoformat(), *arguments)


def test_csv_has_a_row_per_year_and_area_with_the_hand_worked_figures(qms, history):
    result = report(qms, history, "--year", "2025", "--year", "2024", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(row["ar"], row["omrade"]) for row in rows] == [
        ("2024", "alla"), ("2024", "bou"), ("2024", "vux"),
        ("2025", "alla"), ("2025", "bou"), ("2025", "vux"), ("2025", "utan-omrade")]
    whole_2025 = rows[3]
    assert {key: whole_2025[key] for key in ("gallande", "nya", "andrade", "upphavda", "granskningar_i_tid",
                                             "granskningar_sena", "granskningar_saknas", "median_dagar_forsenad",
                                             "agarluckor", "luckdagar", "personer", "sosfs-2011-9_tackta",
                                             "sosfs-2011-9_forandring")} == {
        "gallande": "3", "nya": "2", "andrade": "2", "upphavda": "2", "granskningar_i_tid": "0",
        "granskningar_sena": "2", "granskningar_saknas": "1", "median_dagar_forsenad": "31", "agarluckor": "2",
        "luckdagar": "153", "personer": "2", "sosfs-2011-9_tackta": "3", "sosfs-2011-9_forandring": "1"}
    assert rows[5]["median_dagar_forsenad"] == "20,5"    # vux 2025: 10 and 31 days
    # An area's row has the area's own coverage (worked out in
    # tests/publishing/test_follow_up.py): bou 2 in 2024, 1 (-1) in 2025; vux 1, then 2
    # (+1); no area 1 (+1). The columns are the whole handbook's, in the same order.
    counted = str(counted_requirements())
    assert [(row["omrade"], row["sosfs-2011-9_tackta"], row["sosfs-2011-9_krav"], row["sosfs-2011-9_forandring"])
            for row in rows[1:3] + rows[4:]] == [
        ("bou", "2", counted, ""), ("vux", "1", counted, ""),
        ("bou", "1", counted, "-1"), ("vux", "2", counted, "1"), ("utan-omrade", "1", counted, "1")]
    assert [row["personer"] for row in rows[1:3] + rows[4:]] == [""] * 5   # people are counted for the whole


def test_json_carries_the_gaps_with_their_days(qms, history):
    result = report(qms, history, "--year", "2025", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.output)
    assert [year["ar"] for year in data["ar"]] == [2025]
    assert data["ar"][0]["agarluckor"] == [
        {"roll": "chef-vux", "omrade": "vux", "orsak": "avgången", "fran": "2024-08-16", "till": "2025-02-01",
         "dagar": 169},
        {"roll": "kval", "omrade": "bou", "orsak": "vakant", "fran": "2025-09-01", "till": None, "dagar": 182}]
    assert data["ar"][0]["tackning"][0]["forandring"] is None   # no 2024 in this report to compare with
    assert {area: figures["tackning"] for area, figures in data["ar"][0]["omraden"].items()} == {
        area: [{"regelverk": "sosfs-2011-9", "tackta": covered, "krav": counted_requirements(), "forandring": None}]
        for area, covered in (("bou", 1), ("vux", 2), ("utan-omrade", 1))}


def test_markdown_is_the_default(qms, history):
    result = report(qms, history, "--year", "2024")
    assert result.exit_code == 0, result.stderr
    assert "## 2024" in result.output
    assert "| Hela handboken | 3 | 3 | 1 | 0 | 1 | 0 | 1 | 31 | 1 | 0 | 1 | 138 |" in result.output
    counted = counted_requirements()
    assert f"- SOSFS 2011:9: 2 av {counted} krav har minst ett gällande dokument.\n" in result.output
    assert f"- SOSFS 2011:9, Vuxen: 1 av {counted} krav har minst ett av områdets gällande dokument.\n" \
        in result.output


def test_markdown_gives_each_areas_coverage_change(qms, history):
    result = report(qms, history, "--year", "2024", "--year", "2025")
    assert result.exit_code == 0, result.stderr
    counted = counted_requirements()
    assert f"- SOSFS 2011:9, Barn och unga: 1 av {counted} krav har minst ett av områdets gällande dokument " \
           "(-1 mot året före).\n" in result.output
    assert f"- SOSFS 2011:9, Utan område: 1 av {counted} krav har minst ett av gällande dokument utan område " \
           "(+1 mot året före).\n" in result.output


def test_a_year_after_today_is_refused_in_swedish(qms, history):
    result = report(qms, history, "--year", "2027")
    assert result.exit_code == 2
    assert "--year 2027 går inte att rapportera" in result.stderr


def test_a_folder_outside_git_is_refused_in_swedish(qms, tmp_path):
    (tmp_path / "qms.yml").write_text("content_dir: processes\n", encoding="utf-8")
    (tmp_path / "processes").mkdir()
    (tmp_path / "processes" / "organisation.yml").write_text("organisation: X\nareas: []\nunits: []\nroles: []\n",
                                                             encoding="utf-8")
    result = qms("report", str(tmp_path), "--today", TODAY.isoformat())
    assert result.exit_code == 2
    assert "ligger inte i ett Git-arkiv" in result.stderr


def test_a_shallow_clone_is_reported_as_such(qms, history, tmp_path):
    from conftest import git

    clone = tmp_path / "grund"
    git(tmp_path, "clone", "-q", "--depth", "1", history.as_uri(), str(clone))
    result = qms("report", str(clone), "--today", TODAY.isoformat(), "--format", "json")
    assert result.exit_code == 0
    assert "Git-historiken är förkortad" in result.stderr
