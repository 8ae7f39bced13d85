"""Generated overview pages: plain data (a src uri, Markdown, a title) from the core.

The site adapter adds each page to the site as it is; nothing here knows the site
generator. Links between pages are relative Markdown links to src uris (see SITE.md),
so they resolve with and without directory URLs. One module per page family.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..history import History
    from ..model import Handbook


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    """Site path of the page, e.g. ``omraden/barn-och-unga.md``."""
    markdown: str
    title: str
    """Plain text (not escaped): escape it wherever it goes into HTML."""


def generate_all(handbook: Handbook, history: History | None = None) -> list[GeneratedPage]:
    """Every overview page of the handbook. ``handbook`` should hold only the published
    documents, so that no page links to one that is held back."""
    from . import areas, coverage, register, review_status, roles, start, withdrawn

    coverages = [coverage.coverage(regulation, handbook) for regulation in handbook.regulations.regulations]
    return [
        start.generate(handbook, history, coverages),
        *areas.generate(handbook),
        register.generate(handbook),
        *(coverage.page(facts, handbook) for facts in coverages),
        roles.generate(handbook),
        review_status.generate(handbook),
        withdrawn.generate(handbook),
    ]
