from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from qms_tools.lifecycle import issue_plan, review_report
from qms_tools.handbook.loader import load
from qms_tools.handbook.settings import ProjectError, resolve_today
from qms_tools.cli import options


@click.command("review")
@options.project_path
@click.option("--format", "output_format", type=click.Choice(sorted(review_report.FORMATS)), default="text",
              show_default=True, help="Utdataformat för rapporten.")
@click.option("--plan-issues", "issues_file", metavar="FIL|-",
              help="Läs befintliga ärenden (JSON från 'gh issue list') och skriv i stället de åtgärder som "
                   "behövs, som JSON.")
@options.today
def command(path: Path, output_format: str, issues_file: str | None, today: str | None) -> None:
    """Visa försenade och snart aktuella granskningar per enhet och ägare, och roller utan innehavare."""
    handbook = load(path, resolve_today(today)).handbook
    if issues_file is None:
        click.echo(review_report.FORMATS[output_format](review_report.build_report(handbook)))
        return
    if issues_file == "-":
        text, source = sys.stdin.read(), "standardinmatningen"
    else:
        try:
            text, source = Path(issues_file).read_text(encoding="utf-8-sig"), issues_file
        except (OSError, UnicodeDecodeError) as error:
            raise ProjectError(f"Ärendelistan {issues_file} kunde inte läsas: {error}") from None
    actions = issue_plan.plan(handbook, issue_plan.parse_issues(text, source))
    click.echo(json.dumps(actions, ensure_ascii=False, indent=2))
