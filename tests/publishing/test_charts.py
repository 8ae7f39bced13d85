"""The follow-up's charts say what their tables say, read from the published HTML.

The site of a repository with two years of history (publishing/follow_up_history.py)
is built with MkDocs; every chart on the follow-up and question pages is read back
from the SVG's geometry alone (each bar's height against the axis's labelled ticks,
its year from the nearest label under it, its series from the legend's colour class)
and compared with the table beside it, cell by cell. Nothing of publishing/charts.py
is used to read them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml
from mkdocs_plugin.test_build import build_site
from publishing.follow_up_history import REGULATION, counted_requirements, make_history

from qms_tools.publishing.charts import Series, axis_top, bar_chart

PAGES = ("uppfoljning", "uppfoljning/fraga-1", "uppfoljning/fraga-2")


class _Figures(HTMLParser):
    """Each ``<figure class="qms-figure">``: its caption, legend, ticks, bars, labels,
    and table, as the browser would read the markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: list[dict] = []
        self.current: dict | None = None
        self.text_target: list | None = None
        self.text = ""
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "figure" and "qms-figure" in classes:
            self.current = {"id": attributes.get("id"), "legend": [], "ticks": [], "bars": [], "labels": [],
                            "head": [], "rows": [], "svg": None, "caption_id": None, "caption": ""}
            self.figures.append(self.current)
        figure = self.current
        if figure is None:
            return
        self.stack.append(tag)
        self.text = ""
        if tag == "figcaption":
            figure["caption_id"] = attributes.get("id")
        elif tag == "svg":
            figure["svg"] = attributes
        elif tag == "span" and "qms-chart__swatch" in classes:
            figure["legend"].append({"kind": next(c for c in classes if c.startswith("qms-chart__bar--"))})
        elif tag == "line" and "qms-chart__axis" in classes:
            figure["baseline"] = float(attributes["y1"])
        elif tag == "text":
            figure["pending_text"] = (classes, attributes)
        elif tag == "rect":
            figure["bars"].append({"kind": next(c for c in classes if c.startswith("qms-chart__bar--")),
                                   "x": float(attributes["x"]), "width": float(attributes["width"]),
                                   "y": float(attributes["y"]), "height": float(attributes["height"])})
        elif tag == "tr":
            figure["row"] = []

    def handle_endtag(self, tag):
        figure = self.current
        if figure is None:
            return
        text = self.text.strip()
        if tag == "figcaption":
            figure["caption"] = text
        elif tag == "li" and figure["legend"] and "name" not in figure["legend"][-1]:
            figure["legend"][-1]["name"] = text
        elif tag == "text":
            classes, attributes = figure.pop("pending_text")
            if "qms-chart__tick" in classes:
                figure["ticks"].append((float(text.replace(",", ".")), float(attributes["y"])))
            elif "qms-chart__label" in classes:
                figure["labels"].append((text, float(attributes["x"])))
        elif tag in ("th", "td") and "row" in figure:
            figure["row"].append(text)
        elif tag == "tr":
            row = figure.pop("row")
            (figure["rows"] if figure["head"] else figure["head"]).append(row)
        elif tag == "figure":
            self.current = None
        if self.stack:
            self.stack.pop()
        self.text = ""

    def handle_data(self, data):
        if self.current is not None:
            self.text += data


def figures_of(html: str) -> list[dict]:
    parser = _Figures()
    parser.feed(html)
    return parser.figures


def bar_values(figure: dict) -> dict[tuple[str, str], float]:
    """(year, series name) -> the value each bar draws, from the geometry alone. A tick's
    text sits 3 units under the line it labels; the top tick's value over its height
    above the axis gives the scale."""
    baseline = figure["baseline"]
    top_value, top_text_y = max(figure["ticks"])
    scale = top_value / (baseline - (top_text_y - 3))
    names = {entry["kind"]: entry["name"] for entry in figure["legend"]}
    values = {}
    for bar in figure["bars"]:
        centre = bar["x"] + bar["width"] / 2
        year = min(figure["labels"], key=lambda label: abs(label[1] - centre))[0]
        assert abs(bar["y"] + bar["height"] - baseline) < 0.01, "every bar stands on the axis"
        # The SVG's lengths have two decimals: a bar reads within top / plot height x 0.005
        # of its value (0.0007 on an axis to 22 over 160 units), well inside the 0.01 that
        # tells the tables' figures (whole numbers and halves) apart.
        values[(year, names[bar["kind"]])] = round(bar["height"] * scale, 2)
    return values


def table_values(figure: dict) -> dict[tuple[str, str], float]:
    head = figure["head"][0]
    return {(row[0], head[column]): float(row[column].replace(",", "."))
            for row in figure["rows"] for column in range(1, len(head))}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_history(tmp_path_factory.mktemp("diagram") / "handbok", site=True)
    built = build_site(root, root / "site", strict=False)
    assert not built.aborted
    return built


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_draws_exactly_its_table(site, page):
    figures = figures_of(site.page(page))
    assert figures, f"{page} has no chart"
    for figure in figures:
        drawn, tabled = bar_values(figure), table_values(figure)
        assert drawn == tabled, figure["caption"]
        # Every year has a label under its bars, and a row.
        assert [label for label, _ in figure["labels"]] == [row[0] for row in figure["rows"]]


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_is_an_image_named_by_its_caption_and_described_by_its_table(site, page):
    for figure in figures_of(site.page(page)):
        svg = figure["svg"]
        assert svg["role"] == "img"
        assert svg["aria-labelledby"] == figure["caption_id"] and figure["caption"]
        assert svg["aria-describedby"] == f"{figure['id']}-tabell"
        assert f'id="{figure["id"]}-tabell"' in site.page(page)


def test_the_follow_up_shows_the_two_years_of_history(site):
    figures = {figure["id"]: figure for figure in figures_of(site.page("uppfoljning"))}
    reviews = table_values(figures["diagram-granskningar"])
    # As worked out in follow_up_history.py.
    assert {key: value for key, value in reviews.items() if key[0] in ("2024", "2025")} == {
        ("2024", "I tid"): 1, ("2024", "Sent"): 0, ("2024", "Saknas"): 1,
        ("2025", "I tid"): 0, ("2025", "Sent"): 2, ("2025", "Saknas"): 1}


@pytest.mark.parametrize("page, prefix", [("uppfoljning", ""), ("uppfoljning/fraga-2", "fraga-2-")])
def test_each_area_has_its_coverage_chart_with_the_hand_worked_figures(site, page, prefix):
    """Coverage per area as worked out in tests/publishing/test_follow_up.py: bou 2 then
    1, vux 1 then 2, no area 0 then 1 (nothing without an area was in force in 2024);
    each chart draws what its table says (checked above for every chart)."""
    figures = {figure["caption"]: figure for figure in figures_of(site.page(page))
               if figure["id"].startswith(f"{prefix}diagram-tackning-omrade-")}
    counted = counted_requirements()
    assert {caption: {year: value for (year, _), value in table_values(figure).items() if year in ("2024", "2025")}
            for caption, figure in figures.items()} == {
        f"SOSFS 2011:9, Barn och unga: täckta krav av {counted} vid årets slut": {"2024": 2, "2025": 1},
        f"SOSFS 2011:9, Vuxen: täckta krav av {counted} vid årets slut": {"2024": 1, "2025": 2},
        f"SOSFS 2011:9, Utan område: täckta krav av {counted} vid årets slut": {"2024": 0, "2025": 1}}
    # Every coverage chart's axis ends at all the counted requirements, so that the areas'
    # bars (and the whole handbook's) compare by eye.
    assert {max(figure["ticks"])[0] for figure in figures_of(site.page(page))
            if figure["id"].startswith(f"{prefix}diagram-tackning-")} == {counted}
    # The table of every figure with its change, under the definition of an area's coverage.
    html = site.page(page)
    assert "Ett område täcker ett krav när minst ett av områdets egna gällande dokument" in html
    assert {("2024", "Barn och unga", "SOSFS 2011:9", f"2 av {counted}", "–"),
            ("2025", "Barn och unga", "SOSFS 2011:9", f"1 av {counted}", "-1"),
            ("2025", "Utan område", "SOSFS 2011:9", f"1 av {counted}", "+1")} <= table_rows(html)


def table_rows(html: str) -> set[tuple[str, ...]]:
    """The cells of every table row on a page, as text."""
    return {tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row))
            for row in re.findall(r"<tr>(.*?)</tr>", html.replace("\n", ""))}


def test_the_table_per_area_has_how_long_roles_had_nobody(site):
    """Days without a responsible holder per area and year, as worked out in
    follow_up_history.py: vux 138 in 2024 and 31 in 2025 (chef-vux), bou 122 in 2025 (kval)."""
    rows = table_rows(site.page("uppfoljning"))
    assert ("Vuxen", "1", "1", "0", "0", "0", "0", "0", "–", "1", "138") in rows
    assert ("Barn och unga", "1", "0", "1", "1", "0", "1", "0", "45", "1", "122") in rows
    assert ("Vuxen", "1", "1", "1", "1", "0", "1", "1", "20,5", "1", "31") in rows


@pytest.mark.parametrize("page, prefix", [("uppfoljning", ""), ("uppfoljning/fraga-2", "fraga-2-")])
def test_approvals_per_area_sit_under_their_chart(site, page, prefix):
    """Without an approvals ledger every version in force a year brought is "Okänt":
    bou 4 and vux 1 in 2024, bou 3, vux 3 and no area 1 in 2025 (test_follow_up.no_ledger).
    Question 2 names approvals as evidence, so it shows them too."""
    html = site.page(page)
    assert f'id="{prefix}diagram-godkannanden"' in html
    assert {("2024", "Barn och unga", "0", "0", "0", "0", "4"), ("2024", "Vuxen", "0", "0", "0", "0", "1"),
            ("2025", "Barn och unga", "0", "0", "0", "0", "3"), ("2025", "Vuxen", "0", "0", "0", "0", "3"),
            ("2025", "Utan område", "0", "0", "0", "0", "1")} <= table_rows(html)


def test_a_question_names_the_areas_that_cover_its_requirements_today(site):
    """Today (2026-03-01) A (bou) and C (vux) address 4:4, C also 5:3, E (no area) 6:1:
    question 1 names 4:4 and chapter 5, question 2 chapter 3, which nothing addresses."""
    def text(page):
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", site.page(page)))

    paragraphs = {chapter["number"]: len(chapter["paragraphs"])
                  for chapter in yaml.safe_load(REGULATION.read_text(encoding="utf-8"))["chapters"]}
    assert "gällande dokument; områden: Barn och unga, Vuxen" in text("uppfoljning/fraga-1")
    assert f"1 av {paragraphs[5]} krav har minst ett gällande dokument; område: Vuxen" in text("uppfoljning/fraga-1")
    assert f"0 av {paragraphs[3]} krav har minst ett gällande dokument " in text("uppfoljning/fraga-2")


def test_the_governing_links_resolve_on_the_question_pages(site):
    html = site.page("uppfoljning")
    assert re.search(r'href="fraga-1/"', html) and re.search(r'href="fraga-2/"', html)
    question = site.page("uppfoljning/fraga-1")
    assert "Provrevisionen 2025" in question and 'href="../../regelverk/sosfs-2011-9/#p-4-4"' in question


@pytest.mark.parametrize("largest, top", [(0, 1), (1, 1), (3, 5), (7, 10), (10, 10), (11, 20), (38, 50), (120, 200)])
def test_the_axis_reads_in_round_numbers(largest, top):
    assert axis_top(largest) == top


@pytest.mark.parametrize("values, whole, top", [((3, 5), 22, 22), ((0, 0), 22, 22), ((0,), 0, 1), ((30,), 22, 50)])
def test_a_whole_is_the_axis_top_unless_a_value_exceeds_it(values, whole, top):
    figure = figures_of(bar_chart("x", "X", [str(i) for i in range(len(values))],
                                  [Series("Täckta krav", "covered", values)], "År", whole=whole))[0]
    assert max(figure["ticks"])[0] == top
    assert bar_values(figure) == table_values(figure)
