"""The follow-up page (Uppföljning) and one page per audit question: the yearly figures
of ``publishing.follow_up`` as charts with their tables, and for each question of the
audit (``handbook.audit_questions``) the figures that answer it and the coverage of the
requirements it names. The governing document links to the question pages instead of
answering with a hand-written table.

Each area's coverage is one chart per area (its years' bars), not one chart with a bar
per area: the sample has seven areas, and seven colours to match against a legend are
neither readable on a phone nor for a reader who does not tell them apart; the caption
names the area instead. Every coverage chart's axis ends at the counted requirements, so
the charts compare by eye.
"""

from __future__ import annotations

from markupsafe import Markup

from qms_tools.handbook.audit_questions import INDEX, Audit, Question
from qms_tools.handbook.model import Handbook
from qms_tools.publishing import follow_up
from qms_tools.publishing.charts import Series, bar_chart
from qms_tools.publishing.pages import GeneratedPage
from qms_tools.publishing.pages import coverage as coverage_page
from qms_tools.publishing.pages import review_status, roles
from qms_tools.publishing.pages.common import link, render, role_title

TITLE = "Uppföljning"
KINDS = {follow_up.VACANT: "vakant roll", follow_up.DEPARTED: "innehavaren har slutat"}
SECTIONS = {"documents": "dokument", "reviews": "granskningar", "ownership": "agarluckor",
            "coverage": "tackning", "contributors": "medverkan", "approvals": "godkannanden"}
"""Evidence -> the anchor of its section on the follow-up page."""


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:g}".replace(".", ",")


def _years(report: follow_up.Report) -> list[str]:
    """The years as the charts and tables name them (the current one up to today, as the
    page says)."""
    return [str(year.year) for year in report.years]


def evidence_chart(kind: str, report: follow_up.Report, prefix: str = "") -> Markup:
    """The chart, with its table, of one kind of evidence (``audit_questions.EVIDENCE``)."""
    years, totals = _years(report), [year.total for year in report.years]
    chart_id = f"{prefix}diagram-{SECTIONS[kind]}"
    if kind == "documents":
        return bar_chart(chart_id, "Dokument per år: gällande vid årets slut, nya, ändrade och upphävda", years, [
            Series("Gällande", "in-force", tuple(t.in_force for t in totals)),
            Series("Nya", "new", tuple(t.new for t in totals)),
            Series("Ändrade", "changed", tuple(t.changed for t in totals)),
            Series("Upphävda", "withdrawn", tuple(t.withdrawn for t in totals))], "År")
    if kind == "reviews":
        return bar_chart(chart_id, "Granskningar som skulle göras under året: i tid, sent och som saknas", years, [
            Series("I tid", "on-time", tuple(t.reviews_on_time for t in totals)),
            Series("Sent", "late", tuple(t.reviews_late for t in totals)),
            Series("Saknas", "missing", tuple(t.reviews_missing for t in totals))], "År")
    if kind == "ownership":
        return bar_chart(chart_id, "Roller med ägarlucka under året", years, [
            Series("Vakanta roller", "vacant", tuple(t.vacant_roles for t in totals)),
            Series("Innehavaren har slutat", "departed", tuple(t.departed_holders for t in totals))], "År")
    if kind == "coverage":
        return Markup("\n").join(
            bar_chart(f"{chart_id}-{index + 1}", f"{item.title}: krav med minst ett gällande dokument vid årets slut",
                      years, [Series("Täckta krav", "covered",
                                     tuple(year.coverage[index].covered for year in report.years))], "År",
                      whole=item.counted)
            for index, item in enumerate(report.years[0].coverage))
    if kind == "approvals":
        return bar_chart(chart_id, "Nya versioner av gällande dokument under året, efter vem som godkände dem: "
                                   "ägarrollen, en annan roll, författaren själv, ingen, eller okänt", years, [
            Series(title, colour, tuple(getattr(t, name) for t in totals))
            for (name, title), colour in zip(APPROVALS.items(), ("by-owner", "by-other", "self", "unapproved",
                                                                 "unknown"))], "År")
    if kind == "contributors":
        return bar_chart(chart_id, "Personer som har ändrat handboken under året", years,
                         [Series("Personer", "contributors", tuple(year.contributors for year in report.years))], "År")
    raise ValueError(kind)


def _details(kind: str, report: follow_up.Report) -> dict:
    """The figures of one kind that the chart does not draw, per year."""
    years = _years(report)
    if kind == "reviews":
        return {"heading": ["År", "Median dagar försenad"],
                "rows": [[label, _number(year.total.median_days_overdue)] for label, year in zip(years, report.years)]}
    if kind == "ownership":
        return {"heading": ["År", "Ägarluckor", "Dagar utan ansvarig under året"],
                "rows": [[label, str(year.total.ownership_gaps), str(year.total.gap_days)]
                         for label, year in zip(years, report.years)]}
    if kind == "coverage":
        return {"heading": ["År", "Regelverk", "Täckta krav", "Förändring"],
                "rows": [[label, item.title, f"{item.covered} av {item.counted}",
                          "–" if item.change is None else f"{item.change:+d}"]
                         for label, year in zip(years, report.years) for item in year.coverage]}
    return {}


APPROVALS = {"approved_by_owner": "Ägaren", "approved_by_other": "Annan", "self_approved": "Själv",
             "unapproved": "Ingen", "approval_unknown": "Okänt"}
"""The approval figures (``follow_up.Counts``) as the chart's series and tables name them."""


def _by_area(kind: str, report: follow_up.Report) -> dict | None:
    """The figures of one kind per year and area that the page's table per area lacks:
    approvals (five figures, too many for that table)."""
    if kind != "approvals":
        return None
    return {"heading": ["År", "Område", *APPROVALS.values()],
            "rows": [[label, title, *(str(getattr(year.by_area[area_id], name)) for name in APPROVALS)]
                     for label, year in zip(_years(report), report.years)
                     for area_id, title in report.areas.items() if area_id in year.by_area]}


def area_coverage(report: follow_up.Report, prefix: str = "") -> dict | None:
    """Each area's coverage per year: a chart per area and regulation (the bars of one
    area's years side by side, as the whole handbook's chart draws them), and the table
    of every figure with its change. None when no year has an area."""
    areas = [(area_id, title) for area_id, title in report.areas.items()
             if any(area_id in year.coverage_by_area for year in report.years)]
    if not areas:
        return None
    years, regulations = _years(report), report.years[0].coverage
    charts = []
    for area_index, (area_id, title) in enumerate(areas):
        for index, item in enumerate(regulations):
            values = tuple(year.coverage_by_area[area_id][index].covered if area_id in year.coverage_by_area else 0
                           for year in report.years)
            charts.append(bar_chart(
                f"{prefix}diagram-tackning-omrade-{area_index + 1}-{index + 1}",
                f"{item.title}, {title}: täckta krav av {item.counted} vid årets slut",
                years, [Series("Täckta krav", "covered", values)], "År", whole=item.counted))
    rows = [[label, title, item.title, f"{item.covered} av {item.counted}",
             "–" if item.change is None else f"{item.change:+d}"]
            for label, year in zip(years, report.years) for area_id, title in areas
            for item in year.coverage_by_area.get(area_id, ())]
    return {"charts": Markup("\n").join(charts),
            "details": {"heading": ["År", "Område", "Regelverk", "Täckta krav", "Förändring"], "rows": rows}}


def generate(handbook: Handbook, report: follow_up.Report, audit: Audit) -> GeneratedPage:
    gaps = report.years[-1].gaps if report.years else []
    all_gaps = sorted({gap for year in report.years for gap in year.gaps}, key=lambda gap: (gap.start, gap.role))
    areas = [{"year": label, "rows": [[title, *_area_row(year.by_area.get(area_id))]
                                      for area_id, title in report.areas.items() if area_id in year.by_area]}
             for label, year in zip(_years(report), report.years)]
    by_area_coverage = area_coverage(report) if report.years else None
    markdown = render(
        "follow_up.md.j2", today=report.today.isoformat(), has_history=report.has_history, shallow=report.shallow,
        has_registry_history=report.has_registry_history,
        sections=[{"kind": kind, "anchor": anchor, "chart": evidence_chart(kind, report) if report.years else "",
                   "details": _details(kind, report), "by_area": _by_area(kind, report),
                   "area": by_area_coverage if kind == "coverage" else None}
                  for kind, anchor in SECTIONS.items()],
        gaps=[{"role": role_title(handbook, gap.role), "area": report.areas.get(gap.area, gap.area),
               "kind": KINDS[gap.kind], "start": gap.start.isoformat(),
               "end": gap.end.isoformat() if gap.end else "pågår", "days": gap.days(report.today)}
              for gap in all_gaps],
        open_gaps=sum(1 for gap in gaps if gap.end is None), areas=areas, has_area_coverage=bool(by_area_coverage),
        roles_link=link(INDEX, roles.SRC_URI), review_link=link(INDEX, review_status.SRC_URI),
        audit_title=audit.title,
        questions=[{"number": question.number, "text": question.question,
                    "link": link(INDEX, question.src_uri)} for question in audit.questions])
    return GeneratedPage(INDEX, markdown, TITLE)


def _area_row(counts: follow_up.Counts | None) -> list[str]:
    counts = counts or follow_up.Counts()
    return [str(counts.in_force), str(counts.new), str(counts.changed), str(counts.withdrawn),
            str(counts.reviews_on_time), str(counts.reviews_late), str(counts.reviews_missing),
            _number(counts.median_days_overdue), str(counts.ownership_gaps), str(counts.gap_days)]


def question_page(handbook: Handbook, report: follow_up.Report, audit: Audit, question: Question) -> GeneratedPage:
    uri = question.src_uri
    requirements = _requirements(handbook, question, uri)
    markdown = render(
        "audit_question.md.j2", question=question, audit_title=audit.title, today=report.today.isoformat(),
        evidence=[{"chart": evidence_chart(kind, report, prefix=f"fraga-{question.number}-"),
                   "details": _details(kind, report), "by_area": _by_area(kind, report),
                   "area": area_coverage(report, prefix=f"fraga-{question.number}-") if kind == "coverage" else None,
                   "link": link(uri, INDEX, SECTIONS[kind])} for kind in question.evidence if report.years],
        requirements=requirements, follow_up_link=link(uri, INDEX),
        review_link=link(uri, review_status.SRC_URI) if "reviews" in question.evidence else None,
        roles_link=link(uri, roles.SRC_URI) if "ownership" in question.evidence else None,
        others=[{"number": other.number, "link": link(uri, other.src_uri)}
                for other in audit.questions if other.number != question.number])
    return GeneratedPage(uri, markdown, f"Revisionsfråga {question.number}")


def _requirements(handbook: Handbook, question: Question, uri: str) -> list[dict]:
    """The coverage today of each chapter or paragraph the question names, from the
    coverage page's own computation, each linked to its place on that page."""
    regulations = handbook.regulations.regulations
    if not regulations or not question.requirements:
        return []
    regulation = regulations[0]
    facts = coverage_page.coverage(regulation, handbook)
    found = []
    for reference in question.requirements:
        chapter_number, _, paragraph = reference.partition(":")
        chapter = next((c for c in facts.chapters if c.chapter.number == int(chapter_number)), None)
        if chapter is None:
            continue
        target = link(uri, coverage_page.src_uri(regulation), coverage_page.anchor(
            chapter.chapter.number, int(paragraph) if paragraph else None))
        if paragraph:
            requirement = next((r for r in chapter.requirements if r.paragraph and r.paragraph.number == int(paragraph)),
                               None)
            if requirement is None:
                continue
            documents = len(requirement.in_force)
            found.append({"label": requirement.label, "title": requirement.title, "link": target,
                          "summary": "saknas – inget gällande dokument" if not documents else
                          f"{documents} gällande dokument{_in_areas(handbook, requirement.in_force)}"})
        else:
            found.append({"label": chapter.chapter.label, "title": chapter.chapter.title, "link": target,
                          "summary": f"{chapter.covered} av {len(chapter.requirements)} krav har minst ett "
                                     f"gällande dokument" + _in_areas(handbook, [
                                         item for requirement in chapter.requirements
                                         for item in requirement.in_force])})
    return found


def _in_areas(handbook: Handbook, addressing: list[coverage_page.Addressing]) -> str:
    """The areas whose documents address a requirement, the registry's order, documents
    without an area last: how far the coverage reaches across the organisation."""
    found = {item.document.area or follow_up.NO_AREA for item in addressing}
    if not found:
        return ""
    titles = [area.title for area in handbook.organisation.areas.values() if area.id in found]
    titles += sorted(area for area in found - set(handbook.organisation.areas) if area != follow_up.NO_AREA)
    if follow_up.NO_AREA in found:
        titles.append(follow_up.NO_AREA_TITLE.lower())
    return f"; {'område' if len(titles) == 1 else 'områden'}: {', '.join(titles)}"
