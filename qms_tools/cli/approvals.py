from __future__ import annotations

import os
from pathlib import Path

import click

from qms_tools.handbook.loader import load
from qms_tools.handbook.settings import ProjectError, resolve_today
from qms_tools.lifecycle import approvals
from qms_tools.cli import options


@click.command("approvals")
@options.project_path
@click.option("--fetch", is_flag=True,
              help="Hämta först nya godkännanden från GitHub (gh api) till godkännandeloggen.")
@click.option("--repo", "repository", metavar="ÄGARE/NAMN",
              help="GitHub-arkivet (annars GH_REPO eller repo_url i qms.yml).")
@click.option("--max-requests", type=click.IntRange(min=1), default=approvals.MAX_REQUESTS, show_default=True,
              help="Högst så många frågor till GitHub per körning; resten hämtas nästa gång.")
@click.option("--all", "show_all", is_flag=True, help="Visa alla dokument, inte bara de flaggade.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Utdataformat för rapporten.")
@options.today
def command(path: Path, fetch: bool, repository: str | None, max_requests: int, show_all: bool,
            output_format: str, today: str | None) -> None:
    """Visa vem som fastställde varje dokuments gällande version, och flagga godkännanden av
    någon utan ägarrollen, egna godkännanden och ändringar utan godkännande."""
    handbook = load(path, resolve_today(today)).handbook
    if fetch:
        repository = repository or os.environ.get("GH_REPO") or approvals.repository_of(handbook)
        if not repository:
            raise ProjectError("Ange GitHub-arkivet med --repo ÄGARE/NAMN (eller repo_url i qms.yml).")
        result = approvals.fetch(handbook, repository, max_requests=max_requests)
        click.echo(f"Godkännanden: {result.asked} incheckningar och {result.pulls} pull requests hämtade, "
                   f"{result.remaining} kvar.", err=True)
        if result.failure:
            # The site is built all the same: an unanswered version reads "uppgift saknas".
            click.echo(f"Varning: {result.failure}. Det som inte hämtades visas som \"uppgift saknas\" "
                       f"och hämtas nästa gång.", err=True)
    click.echo(approvals.report(handbook, output_format, only_flagged=not show_all))
