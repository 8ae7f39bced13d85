from __future__ import annotations

import sys
from pathlib import Path

import click

from qms_tools.check import formats as report
from qms_tools.check.run import check_project
from qms_tools.handbook.settings import resolve_today
from qms_tools.cli import options


@click.command("check")
@options.project_path
@click.option("--format", "output_format", type=click.Choice(sorted(report.FORMATS)), default="text",
              show_default=True, help="Utdataformat.")
@options.today
def command(path: Path, output_format: str, today: str | None) -> None:
    """Kontrollera handboken: struktur, ägare, hänvisningar, länkar och granskningsdatum."""
    result = check_project(path, resolve_today(today))
    click.echo(report.FORMATS[output_format](len(result.handbook.documents), result.findings))
    sys.exit(1 if result.errors else 0)
