from __future__ import annotations

from pathlib import Path

import click

from qms_tools.lifecycle.pr_summary import render_markdown, summarise
from qms_tools.handbook.settings import resolve_today
from qms_tools.cli import options


@click.command("pr-summary")
@options.project_path
@click.option("--base", required=True, metavar="REV", help="Basgrenen, t.ex. origin/main.")
@click.option("--head", metavar="REV", help="Pull requestens version (annars arbetskopian och HEAD).")
@options.today
def command(path: Path, base: str, head: str | None, today: str | None) -> None:
    """Sammanfatta en pull request på svenska (Markdown för jobbsammanfattningen i GitHub Actions)."""
    summary = summarise(path, base, head, resolve_today(today))
    click.echo(render_markdown(summary), nl=False)
