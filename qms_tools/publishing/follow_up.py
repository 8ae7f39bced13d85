"""The yearly follow-up (uppföljning): figures per year and per area, read from the Git
history and the role registry, for the audit and the yearly quality report
(kvalitetsberättelse). Nothing here is typed by hand, so the figures cannot drift from
what the repository shows.

Every figure of a year is as the repository stood at the end of that year (or today,
for the current year), so a year's figures do not change afterwards:

- *gällande*: documents whose newest version by then is in force (``status: gällande``)
  and whose file still exists;
- *nya*: documents in force for the first time during the year;
- *ändrade*: documents in force before and after a version of the year that changed
  more than the review dates (``reviewed``, ``review_date``) — a review alone is no
  change;
- *upphävda*: documents that left force during the year (status ``upphävd`` or
  another, or the file deleted);
- reviews: each review date a version in force set is a review due on that date. It is
  done by the first later version that moves the review date later: *i tid* when that
  version was committed on or before the date, *sent* when after it but within the
  year, *saknas* when not by the end of the year (or when the document left force after
  the date without one). A document that left force before the date owed nothing;
  *dagar försenad* is the median of the late and missing reviews' days past the date
  (a missing one counted to the end of the year, or to the day it left force);
- ownership gaps (*ägarluckor*): the days a role of the registry had no holder
  (``holder: null``, from the commit that said so) or a holder who had left (from the
  day after ``until``), until the commit that named a new holder;
- coverage: the counted requirements of each regulation that at least one document in
  force addresses (``pages.coverage``, the coverage page's own computation), and the
  change from the year before (given only when the report has the year before);
- coverage per area: the same computation over the area's documents in force alone, so
  an area covers a requirement when at least one of its own documents addresses it. A
  requirement may be covered by several areas: the areas' figures do not add up to the
  whole handbook's. An area without documents in force covers nothing.

The day of a version is its commit's author date. The area of a document is its
``area`` key; documents without one are counted under "Utan område".
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import statistics
from dataclasses import dataclass, field
from types import SimpleNamespace

from qms_tools.handbook.approvals import NOT_OWNER, SELF_APPROVED, UNAPPROVED, Approval, Ledger, read_ledger
from qms_tools.handbook.fields import FieldContext, read_fields, review_dates
from qms_tools.handbook.history import (
    History,
    VersionContent,
    VersionHistory,
    read_file_versions,
    read_front_matters,
    read_version_history,
)
from qms_tools.runtime.git import GitError
from qms_tools.handbook.model import Document, Handbook, ReviewPolicy
from qms_tools.handbook.organisation import Organisation, organisation_from_bytes
from qms_tools.handbook.regulations import load_laws
from qms_tools.handbook.vocabulary import Status
from qms_tools.publishing.pages import coverage as coverage_page

NO_AREA = ""
NO_AREA_TITLE = "Utan område"
_REVIEW_KEYS = ("reviewed", "review_date")
_DAY = dt.timedelta(days=1)


@dataclass
class Counts:
    """The figures of one year, for the whole handbook or one area."""

    in_force: int = 0
    new: int = 0
    changed: int = 0
    withdrawn: int = 0
    reviews_on_time: int = 0
    reviews_late: int = 0
    reviews_missing: int = 0
    days_overdue: list[int] = field(default_factory=list, repr=False)
    ownership_gaps: int = 0
    vacant_roles: int = 0
    departed_holders: int = 0
    gap_days: int = 0
    approved_by_owner: int = 0
    approved_by_other: int = 0
    self_approved: int = 0
    unapproved: int = 0
    approval_unknown: int = 0

    @property
    def median_days_overdue(self) -> float | None:
        return statistics.median(self.days_overdue) if self.days_overdue else None

    def as_dict(self) -> dict:
        return {"gallande": self.in_force, "nya": self.new, "andrade": self.changed, "upphavda": self.withdrawn,
                "granskningar_i_tid": self.reviews_on_time, "granskningar_sena": self.reviews_late,
                "granskningar_saknas": self.reviews_missing, "median_dagar_forsenad": self.median_days_overdue,
                "agarluckor": self.ownership_gaps, "vakanta_roller": self.vacant_roles,
                "avgangna_innehavare": self.departed_holders, "luckdagar": self.gap_days,
                "godkanda_av_agaren": self.approved_by_owner, "godkanda_av_annan": self.approved_by_other,
                "egna_godkannanden": self.self_approved, "utan_godkannande": self.unapproved,
                "godkannande_okant": self.approval_unknown}


@dataclass(frozen=True)
class Gap:
    """A time a role had nobody to answer for its documents: [start, end)."""

    role: str
    area: str
    kind: str            # "vakant" or "avgången"
    start: dt.date
    end: dt.date | None  # None: still open today

    def days(self, today: dt.date) -> int:
        """How long it lasted; an open gap counts today."""
        return ((self.end or today + _DAY) - self.start).days


@dataclass(frozen=True)
class Coverage:
    regulation: str
    title: str
    covered: int
    counted: int
    change: int | None   # from the year before; None for the first year


@dataclass
class Year:
    year: int
    end: dt.date
    """The last day the year's figures see: 31 December, or today in the current year."""
    total: Counts
    by_area: dict[str, Counts]
    gaps: list[Gap]
    coverage: list[Coverage]
    contributors: int = 0
    """How many people (commit authors) changed the content during the year."""
    coverage_by_area: dict[str, list[Coverage]] = field(default_factory=dict)
    """Area id -> its coverage: what the area's own documents in force address."""


@dataclass
class Report:
    years: list[Year]
    areas: dict[str, str]
    """Area id -> title, the registry's order, "" (no area) last."""
    today: dt.date
    has_history: bool
    has_registry_history: bool
    shallow: bool = False
    """The clone's history stops early (``git clone --depth``): the figures miss the rest."""


# --- Reading the history into timelines ---------------------------------------------

@dataclass(frozen=True)
class _State:
    """A document version as the loader reads it (None fields where it is invalid)."""

    document: Document
    review_free: tuple
    """The version with its review dates left out, to tell a change from a review."""

    @property
    def in_force(self) -> bool:
        return self.document.status is Status.IN_FORCE


@dataclass(frozen=True)
class _Event:
    day: dt.date
    order: int          # position in the log, oldest first, to break ties within a day
    lineage: str
    state: _State | None  # None: the file was deleted
    commit: str | None = None
    """The commit of a version (None for a deletion): what the approvals ledger knows."""


def _timelines(handbook: Handbook, history: VersionHistory,
               front_matters: dict[str, VersionContent | None]) -> dict[str, list[_Event]]:
    """Every id's versions and deletions, oldest first."""
    context = FieldContext(handbook.regulations, load_laws())
    policy = ReviewPolicy(handbook.today)
    states: dict[str, _State | None] = {}
    documents: dict[tuple, Document] = {}   # by front-matter without the review dates
    events: dict[str, list[_Event]] = {}
    total = len(history.versions)
    for position, version in enumerate(history.versions):
        document_id = history.id_of_blob.get(version.blob)
        if document_id is None:
            continue
        if version.blob not in states:
            states[version.blob] = _state(version.path, front_matters.get(version.blob), context, policy, documents)
        state = states[version.blob]
        if state is None:
            continue
        events.setdefault(document_id, []).append(
            _Event(version.change.date.date(), total - position, version.lineage, state, version.change.commit))
    for document_id, published in history.history.ids.items():
        for lineage in published.lineages:
            change = history.deleted.get(lineage)
            if change is not None and document_id in events:
                events[document_id].append(_Event(change.date.date(), total + 1, lineage, None))
    for timeline in events.values():
        timeline.sort(key=lambda event: (event.day, event.order))
    return events


def _state(path: str, content: VersionContent | None, context: FieldContext, policy: ReviewPolicy,
           documents: dict[tuple, Document]) -> _State | None:
    """A version's state, its front-matter read as the loader reads it (``read_fields``).
    Most versions differ from another only in their review dates (12,096 versions, 1,580
    front-matters without them, at 1,500 documents): the rest is read once for each."""
    if content is None:
        return None
    front_matter = content.front_matter
    review_free = tuple((key, repr(value)) for key, value in front_matter.items() if key not in _REVIEW_KEYS)
    document = documents.get(review_free)
    if document is None:
        values, _ = read_fields(path, front_matter, lambda *keys: 1, context)
        values.pop("key_lines", None)
        document = documents[review_free] = Document(path=path, content_path=path, review_policy=policy, **values)
    else:
        document = dataclasses.replace(document, **review_dates(front_matter))
    return _State(document, (content.body_digest, *sorted(review_free)))


def _states_over_time(timeline: list[_Event]):
    """(day, state before, state after) for each event: the document's state is its
    newest version among the lineages that still exist."""
    alive: dict[str, tuple[int, _State]] = {}
    current: _State | None = None
    for event in timeline:
        if event.state is None:
            alive.pop(event.lineage, None)
        else:
            alive[event.lineage] = (event.order, event.state)
        after = max(alive.values(), key=lambda item: item[0])[1] if alive else None
        yield event.day, current, after, event
        current = after


# --- The figures --------------------------------------------------------------------

def build_report(handbook: Handbook, years: list[int] | None = None) -> Report:
    """The follow-up of ``handbook`` for ``years`` (default: every year from the first
    commit to today's). Its history is read again with every version
    (``read_version_history``), from the cache the loader's reading left."""
    settings = handbook.settings
    try:
        history = read_version_history(settings.root, settings.content_dir)
        front_matters = read_front_matters(settings.root, history) if history.versions else {}
    except GitError:
        # The loader has warned already (history.unreadable); there are no figures to show.
        history, front_matters = VersionHistory(History()), {}
    timelines = _timelines(handbook, history, front_matters)
    ledger = read_ledger(settings.root)
    gaps, has_registry_history = _ownership_gaps(handbook, history)
    today = handbook.today
    if years is None:
        days = [event.day for timeline in timelines.values() for event in timeline] + [gap.start for gap in gaps]
        first = min(days).year if days else today.year
        years = list(range(first, today.year + 1))
    areas = {area.id: area.title for area in handbook.organisation.areas.values()}
    authors: dict[int, set[str]] = {}
    for change in _changes(history):
        authors.setdefault(change.date.year, set()).add(change.author)
    report_years = []
    previous: dict[tuple[str | None, str], int] | None = None
    for year in sorted(years):
        end = min(dt.date(year, 12, 31), today)
        if report_years and report_years[-1].year != year - 1:
            previous = None  # the year before is not in the report: no change to give
        figures, previous = _year(year, end, timelines, gaps, handbook, previous, ledger)
        figures.contributors = len(authors.get(year, ()))
        for area in figures.by_area:
            if area not in areas:
                areas[area] = area
        report_years.append(figures)
    if any(NO_AREA in figures.by_area for figures in report_years):
        areas.pop(NO_AREA, None)
        areas[NO_AREA] = NO_AREA_TITLE
    return Report(report_years, areas, today, history.history.is_repository and bool(history.versions),
                  has_registry_history, history.shallow)


def _changes(history: VersionHistory):
    """Every change of the content: its documents' versions, deletions and other files."""
    yield from (version.change for version in history.versions)
    yield from history.deleted.values()
    yield from (change for versions in history.other_files.values() for _, change in versions)


def _year(year: int, end: dt.date, timelines: dict[str, list[_Event]], gaps: list[Gap], handbook: Handbook,
          previous: dict[tuple[str | None, str], int] | None, ledger: Ledger
          ) -> tuple[Year, dict[tuple[str | None, str], int]]:
    """The year's figures, and its covered requirements by (area or None for the whole
    handbook, regulation) for the next year's change; ``previous`` is the year before's,
    None when it is not in the report."""
    start = dt.date(year, 1, 1)
    total = Counts()
    by_area: dict[str, Counts] = {}

    def add(area: str | None, name: str, amount: int = 1) -> None:
        for counts in (total, by_area.setdefault(area or NO_AREA, Counts())):
            setattr(counts, name, getattr(counts, name) + amount)

    def overdue(area: str | None, days: int) -> None:
        for counts in (total, by_area.setdefault(area or NO_AREA, Counts())):
            counts.days_overdue.append(days)

    in_force_at_end: list[Document] = []
    for timeline in timelines.values():
        if not timeline or timeline[0].day > end:
            continue
        ever_in_force = False
        state_at_end: _State | None = None
        counted_new = counted_changed = counted_withdrawn = False
        for day, before, after, event in _states_over_time(timeline):
            if day > end:
                break
            state_at_end = after
            was = before is not None and before.in_force
            now = after is not None and after.in_force
            in_year = day >= start
            if now and not ever_in_force and in_year and not counted_new:
                add(after.document.area, "new")
                counted_new = True
            if was and now and in_year and before.review_free != after.review_free and not counted_changed:
                add(after.document.area, "changed")
                counted_changed = True
            if was and not now and in_year and not counted_withdrawn:
                add(before.document.area, "withdrawn")
                counted_withdrawn = True
            if now and in_year and event.state is not None:
                add(after.document.area, _approval_kind(ledger.approval(event.commit or "", after.document.owner)))
            ever_in_force = ever_in_force or now
        if state_at_end is not None and state_at_end.in_force:
            add(state_at_end.document.area, "in_force")
            in_force_at_end.append(state_at_end.document)
        for due, area, done, left in _reviews(timeline):
            if not start <= due <= end:
                continue
            if done is not None and done <= due:
                add(area, "reviews_on_time")
            elif done is not None and done <= end:
                add(area, "reviews_late")
                overdue(area, (done - due).days)
            else:
                add(area, "reviews_missing")
                overdue(area, (min(left or end, end) - due).days)
    year_gaps = [gap for gap in gaps if gap.start <= end and (gap.end is None or gap.end > start)]
    for gap in year_gaps:
        add(gap.area, "ownership_gaps")
        add(gap.area, "vacant_roles" if gap.kind == VACANT else "departed_holders")
        add(gap.area, "gap_days", ((min(gap.end, end + _DAY) if gap.end else end + _DAY) - max(gap.start, start)).days)
    covered: dict[tuple[str | None, str], int] = {}
    coverages = _coverage(handbook, in_force_at_end, None, previous, covered)
    by_area_documents: dict[str, list[Document]] = {}
    for document in in_force_at_end:
        by_area_documents.setdefault(document.area or NO_AREA, []).append(document)
    # An area that covered something the year before is shown even if nothing of it is
    # left, so that its loss is seen.
    lost = {area for (area, _), number in (previous or {}).items() if area is not None and number}
    coverage_by_area = {}
    for area in sorted(set(by_area) | set(by_area_documents) | lost):
        by_area.setdefault(area, Counts())
        coverage_by_area[area] = _coverage(handbook, by_area_documents.get(area, []), area, previous, covered)
    return Year(year, end, total, by_area, year_gaps, coverages, coverage_by_area=coverage_by_area), covered


def _coverage(handbook: Handbook, documents: list[Document], area: str | None,
              previous: dict[tuple[str | None, str], int] | None,
              covered: dict[tuple[str | None, str], int]) -> list[Coverage]:
    """The coverage of each regulation by ``documents`` (the coverage page's own
    computation), its change from ``previous``; each covered count noted in ``covered``.
    What was not counted the year before covered nothing then."""
    coverages = []
    for regulation in handbook.regulations.regulations:
        facts = coverage_page.coverage(regulation, SimpleNamespace(documents=documents))
        counted = len(facts.counted)
        number = covered[(area, regulation.id)] = counted - len(facts.gaps)
        change = None if previous is None else number - previous.get((area, regulation.id), 0)
        coverages.append(Coverage(regulation.id, regulation.short_title, number, counted, change))
    return coverages


def _approval_kind(approval: Approval) -> str:
    """The ``Counts`` field of a version in force: how the approvals ledger says it came
    to the branch (``handbook.approvals``), the most serious flag first."""
    if not approval.known:
        return "approval_unknown"
    if UNAPPROVED in approval.flags:
        return "unapproved"
    if SELF_APPROVED in approval.flags:
        return "self_approved"
    if NOT_OWNER in approval.flags:
        return "approved_by_other"
    return "approved_by_owner"


def _reviews(timeline: list[_Event]):
    """(due date, area, day done or None, day the document left force or None) of every
    review a version in force set. A review whose document left force on or before its
    date owed nothing; one that left force after its date without a review is missing."""
    open_due: tuple[dt.date, str | None] | None = None
    for day, before, after, _ in _states_over_time(timeline):
        now = after is not None and after.in_force
        due = after.document.review_date if now else None
        if open_due is not None:
            if not now:
                if day > open_due[0]:
                    yield open_due[0], open_due[1], None, day
                open_due = None
            elif due is not None and due > open_due[0]:
                yield open_due[0], open_due[1], day, None
                open_due = None
            elif due is not None and due < open_due[0]:
                open_due = None  # brought forward: the earlier date is the one that counts
        if now and due is not None and open_due is None and (before is None or not before.in_force
                                                              or before.document.review_date != due):
            open_due = (due, after.document.area)
    if open_due is not None:
        yield open_due[0], open_due[1], None, None


VACANT = "vakant"
DEPARTED = "avgången"


def _ownership_gaps(handbook: Handbook, history: VersionHistory) -> tuple[list[Gap], bool]:
    """Every time a role had no holder or a holder who had left, from the registry's
    versions in Git; with whether the registry has a history at all."""
    settings = handbook.settings
    registry, content = settings.organisation_path.resolve(), settings.content_root.resolve()
    if content not in registry.parents:
        return [], False  # the registry lies outside the content folder, whose history is read
    relative = registry.relative_to(settings.root.resolve()).as_posix()
    versions = read_file_versions(settings.root, history, relative)
    if not versions:
        return [], False
    registries: list[tuple[dt.date, Organisation]] = []
    for change, content in reversed(versions):
        organisation, findings = organisation_from_bytes(content, relative)
        if findings and not organisation.roles:
            continue  # a version git holds but nobody could read: the roles stood as before
        registries.append((change.date.date(), organisation))
    open_gaps: dict[str, tuple[str, str, dt.date]] = {}   # role -> (kind, area, start)
    gaps: list[Gap] = []
    for index, (day, organisation) in enumerate(registries):
        next_day = registries[index + 1][0] if index + 1 < len(registries) else None
        for role_id in list(open_gaps):
            role = organisation.roles.get(role_id)
            staffed_now = role is not None and role.holder is not None and \
                (role.holder.until is None or role.holder.until >= day)
            if role is None or staffed_now:
                kind, area, start = open_gaps.pop(role_id)
                if start < day:
                    gaps.append(Gap(role_id, area, kind, start, day))
        for role in organisation.roles.values():
            if role.id in open_gaps:
                continue
            unit = organisation.units.get(role.unit or "")
            area = (unit.area if unit else None) or NO_AREA
            if role.holder is None:
                open_gaps[role.id] = (VACANT, area, day)
            elif role.holder.until is not None:
                left = role.holder.until + _DAY
                if next_day is None or left < next_day:
                    open_gaps[role.id] = (DEPARTED, area, left)
    for role_id, (kind, area, start) in open_gaps.items():
        if start <= handbook.today:
            gaps.append(Gap(role_id, area, kind, start, None))
    gaps.sort(key=lambda gap: (gap.start, gap.role))
    return gaps, True


# --- Output for the yearly quality report (qms report) ------------------------------

COLUMNS = {"gallande": "Gällande", "nya": "Nya", "andrade": "Ändrade", "upphavda": "Upphävda",
           "granskningar_i_tid": "Granskningar i tid", "granskningar_sena": "Sena granskningar",
           "granskningar_saknas": "Granskningar som saknas", "median_dagar_forsenad": "Median dagar försenad",
           "agarluckor": "Ägarluckor", "vakanta_roller": "Vakanta roller",
           "avgangna_innehavare": "Innehavare som har slutat", "luckdagar": "Dagar utan ansvarig",
           "godkanda_av_agaren": "Godkända av ägarrollen", "godkanda_av_annan": "Godkända av annan roll",
           "egna_godkannanden": "Egna godkännanden", "utan_godkannande": "Utan godkännande",
           "godkannande_okant": "Godkännande: uppgift saknas"}
"""The figures' keys (``Counts.as_dict``) -> their Swedish column headings."""
ALL_AREAS = "alla"


def _rows(report: Report):
    """(year, area id, area title, counts) per year: the whole handbook, then each area."""
    for year in report.years:
        yield year, ALL_AREAS, "Hela handboken", year.total
        for area_id, title in report.areas.items():
            if area_id in year.by_area:
                yield year, area_id, title, year.by_area[area_id]


def _cell(value) -> str:
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)


def as_markdown(report: Report) -> str:
    lines = [f"# Kvalitetshandbokens uppföljning", "",
             f"Ur Git-historiken och rollregistret, läget {report.today.isoformat()}. Ett års siffror gäller "
             f"läget vid årets slut.", ""]
    for year in report.years:
        lines += [f"## {year.year}", "", "| Område | " + " | ".join(COLUMNS.values()) + " |",
                  "|---|" + "---|" * len(COLUMNS)]
        for row_year, _, title, counts in _rows(report):
            if row_year is year:
                values = counts.as_dict()
                lines.append(f"| {title} | " + " | ".join(_cell(values[key]) or "–" for key in COLUMNS) + " |")
        lines.append("")
        for item in year.coverage:
            lines.append(f"- {item.title}: {item.covered} av {item.counted} krav har minst ett gällande "
                         f"dokument{_change(item)}.")
        for area_id, title in report.areas.items():
            for item in year.coverage_by_area.get(area_id, ()):
                whose = "gällande dokument utan område" if area_id == NO_AREA else "områdets gällande dokument"
                lines.append(f"- {item.title}, {title}: {item.covered} av {item.counted} krav har minst ett av "
                             f"{whose}{_change(item)}.")
        lines.append(f"- Personer som har ändrat handboken: {year.contributors}.")
        for gap in year.gaps:
            until = gap.end.isoformat() if gap.end else "pågår"
            kind = "vakant roll" if gap.kind == VACANT else "innehavaren har slutat"
            lines.append(f"- Ägarlucka: {gap.role} ({kind}) {gap.start.isoformat()} – {until}, "
                         f"{gap.days(report.today)} dagar.")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _change(item: Coverage) -> str:
    return "" if item.change is None else f" ({item.change:+d} mot året före)"


def as_csv(report: Report) -> str:
    regulations = [item.regulation for item in report.years[0].coverage] if report.years else []
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(["ar", "omrade", "omradesnamn", *COLUMNS, "personer",
                     *(f"{name}_tackta" for name in regulations), *(f"{name}_krav" for name in regulations),
                     *(f"{name}_forandring" for name in regulations)])
    for year, area_id, title, counts in _rows(report):
        whole = area_id == ALL_AREAS
        values = counts.as_dict()
        # An area's row has the area's own coverage: what its documents in force address.
        coverage = year.coverage if whole else year.coverage_by_area.get(area_id, [])
        writer.writerow([year.year, area_id or "utan-omrade", title, *(_cell(values[key]) for key in COLUMNS),
                         year.contributors if whole else "",
                         *(item.covered for item in coverage), *(item.counted for item in coverage),
                         *("" if item.change is None else item.change for item in coverage),
                         *([""] * (3 * len(regulations)) if not coverage else [])])
    return output.getvalue()


def as_json(report: Report) -> str:
    return json.dumps({
        "idag": report.today.isoformat(),
        "ar": [{
            "ar": year.year, "till_och_med": year.end.isoformat(), "hela_handboken": year.total.as_dict(),
            "omraden": {area_id or "utan-omrade": {**year.by_area[area_id].as_dict(),
                                                   "tackning": _coverage_json(year.coverage_by_area.get(area_id, []))}
                        for area_id in report.areas if area_id in year.by_area},
            "tackning": _coverage_json(year.coverage),
            "personer": year.contributors,
            "agarluckor": [{"roll": gap.role, "omrade": gap.area or None, "orsak": gap.kind,
                            "fran": gap.start.isoformat(), "till": gap.end.isoformat() if gap.end else None,
                            "dagar": gap.days(report.today)} for gap in year.gaps],
        } for year in report.years],
    }, ensure_ascii=False, indent=2) + "\n"


def _coverage_json(coverage: list[Coverage]) -> list[dict]:
    return [{"regelverk": item.regulation, "tackta": item.covered, "krav": item.counted, "forandring": item.change}
            for item in coverage]


FORMATS = {"markdown": as_markdown, "csv": as_csv, "json": as_json}
