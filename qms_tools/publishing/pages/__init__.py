"""Generated overview pages: plain data (a src uri, Markdown, a title) from the core.

The site adapter adds each page to the site as it is; nothing here knows the site
generator. Links between pages are relative Markdown links to src uris (see docs/teknik/adresser.md),
so they resolve with and without directory URLs. One module per page family.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from qms_tools.handbook.history import History
    from qms_tools.handbook.model import Handbook


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    """Site path of the page, e.g. ``omraden/barn-och-unga.md``."""
    markdown: str
    title: str
    """Plain text (not escaped): escape it wherever it goes into HTML."""


@dataclass(frozen=True)
class PlannedPage:
    """An overview page before it is made: its address, and how to make it. A site build
    must know every page's address before it renders any; the making can wait, and can
    happen elsewhere (another process)."""

    src_uri: str
    make: Callable[[], GeneratedPage]


def plan_all(handbook: Handbook, history: History | None = None) -> list[PlannedPage]:
    """Every overview page of the handbook, unmade. ``handbook`` should hold only the
    published documents, so that no page links to one that is held back."""
    from qms_tools.handbook.audit_questions import INDEX, load_audit
    from qms_tools.publishing import follow_up as figures
    from qms_tools.publishing.changes import published_changes
    from qms_tools.publishing.pages import (areas, coverage, follow_up, latest, laws, register, review_status, roles,
                                            start, withdrawn)
    from qms_tools.publishing.pages.common import area_uri

    @functools.cache
    def coverages() -> list[coverage.RegulationCoverage]:  # the start page shows them too
        return [coverage.coverage(regulation, handbook) for regulation in handbook.regulations.regulations]

    @functools.cache
    def by_area() -> dict[str, list]:
        return areas.documents_by_area(handbook)

    def area_page(area) -> GeneratedPage:
        return areas.page(handbook, area, by_area()[area.id])

    def coverage_page(index: int) -> GeneratedPage:
        return coverage.page(coverages()[index], handbook)

    @functools.cache
    def report() -> figures.Report:  # every follow-up page shows it
        return figures.build_report(handbook)

    settings = handbook.settings
    audit, _ = load_audit(settings.content_root, settings.content_dir)  # `qms check` reports its problems

    regulations = handbook.regulations.regulations
    cited = laws.cited_acts(handbook)  # which acts have pages: known before any page is made
    return [
        PlannedPage(start.SRC_URI, lambda: start.generate(handbook, history, coverages())),
        *(PlannedPage(area_uri(area.id), functools.partial(area_page, area))
          for area in handbook.organisation.areas.values()),
        PlannedPage(register.SRC_URI, functools.partial(register.generate, handbook)),
        *(PlannedPage(coverage.src_uri(regulation), functools.partial(coverage_page, index))
          for index, regulation in enumerate(regulations)),
        PlannedPage(roles.SRC_URI, functools.partial(roles.generate, handbook)),
        PlannedPage(review_status.SRC_URI, functools.partial(review_status.generate, handbook)),
        PlannedPage(withdrawn.SRC_URI, functools.partial(withdrawn.generate, handbook)),
        *((PlannedPage(laws.INDEX_URI, lambda: laws.index(cited, handbook)),) if cited else ()),
        *(PlannedPage(laws.act_uri(act.law), functools.partial(laws.page, act, handbook)) for act in cited),
        PlannedPage(INDEX, lambda: follow_up.generate(handbook, report(), audit)),
        *(PlannedPage(question.src_uri, functools.partial(lambda q: follow_up.question_page(handbook, report(), audit, q),
                                                          question))
          for question in audit.questions),
        PlannedPage(latest.SRC_URI, lambda: latest.generate(handbook, published_changes(handbook))),
    ]


def generate_all(handbook: Handbook, history: History | None = None) -> list[GeneratedPage]:
    """Every overview page of the handbook, made (see ``plan_all``)."""
    return [planned.make() for planned in plan_all(handbook, history)]
