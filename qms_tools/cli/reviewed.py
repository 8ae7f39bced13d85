from __future__ import annotations

from pathlib import Path

import click

from qms_tools.lifecycle.reviewed import record_review
from qms_tools.handbook.settings import resolve_today
from qms_tools.cli import options


@click.command("reviewed")
@click.argument("document_id", metavar="ID")
@options.project_path
@options.today
def command(document_id: str, path: Path, today: str | None) -> None:
    """Registrera en granskning utan ändringar: reviewed blir i dag, review_date flyttas ett intervall
    framåt, och ändringen checkas in med ett meddelande som säger det."""
    recorded = record_review(path, document_id, resolve_today(today))
    click.echo(f"{recorded.message}\nIncheckning {recorded.commit[:10]} i {recorded.document.path}.")
