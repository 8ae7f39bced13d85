"""Review dates: overdue, due soon, and not absurdly far ahead."""

from __future__ import annotations

from typing import Iterator

from qms_tools.handbook.dates import add_months
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook
from qms_tools.handbook.vocabulary import Status


def review_dates(handbook: Handbook) -> Iterator[Finding]:
    limit_months = handbook.settings.review.max_interval_months
    latest = add_months(handbook.today, limit_months)
    for document in handbook.documents:
        review = document.review
        line = document.line_of("review_date")
        if review.is_overdue:
            yield Finding(document.path, line, "review.overdue", Severity.WARNING,
                          f"Granskningen skulle ha gjorts senast {review.due.isoformat()} "
                          f"({-review.days_left} dagar sedan). Granska dokumentet och flytta review_date, "
                          f"eller registrera granskningen med 'qms reviewed {document.id}'.")
        elif review.is_due_soon:
            yield Finding(document.path, line, "review.due-soon", Severity.WARNING,
                          f"Dags för granskning senast {review.due.isoformat()} (om {review.days_left} dagar).")
        if document.status is Status.IN_FORCE and review.due is not None and review.due > latest:
            yield Finding(document.path, line, "review.too-far", Severity.ERROR,
                          f"review_date {review.due.isoformat()} ligger mer än {limit_months} månader fram. "
                          f"Välj ett datum senast {latest.isoformat()}.")
        if document.reviewed is not None and document.reviewed > handbook.today:
            yield Finding(document.path, document.line_of("reviewed"), "review.reviewed-future", Severity.ERROR,
                          f"reviewed {document.reviewed.isoformat()} ligger i framtiden. Ange dagen då "
                          f"granskningen faktiskt gjordes.")


RULES = (review_dates,)
