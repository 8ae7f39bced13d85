from __future__ import annotations

import sys
from pathlib import Path

import click

from qms_tools.check import formats as report
from qms_tools.check.run import check_project
from qms_tools.handbook.settings import resolve_today
from qms_tools.cli import options


def _changed_paths(source: str | None) -> frozenset[str] | None:
    if source is None:
        return None
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise click.BadParameter(f"kunde inte läsa {source}: {error}", param_hint="'--changed'") from None
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@click.command("check")
@options.project_path
@click.option("--format", "output_format", type=click.Choice(sorted(report.FORMATS)), default="text",
              show_default=True, help="Utdataformat.")
@click.option("--changed", "changed_source", metavar="FIL|-",
              help="Filerna som ändringen rör, en per rad (som 'gh pr diff --name-only' skriver dem). "
                   "Med --format github blir bara fynden i dem anteckningar, och CODEOWNERS som blivit "
                   "inaktuell av ett datum stoppar en ändring som rör rollregistret eller CODEOWNERS.")
@click.option("--summary", "summary_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FIL",
              help="Lägg till fynden i filer utanför --changed som en Markdown-tabell i FIL "
                   "(i GitHub Actions: \"$GITHUB_STEP_SUMMARY\").")
@options.today
def command(path: Path, output_format: str, changed_source: str | None, summary_file: Path | None,
            today: str | None) -> None:
    """Kontrollera handboken: struktur, ägare, hänvisningar, länkar och granskningsdatum."""
    changed = _changed_paths(changed_source)
    result = check_project(path, resolve_today(today), changed)
    documents = len(result.handbook.documents)
    if output_format == "github":
        click.echo(report.as_github(documents, result.findings, changed))
    else:
        click.echo(report.FORMATS[output_format](documents, result.findings))
    if summary_file is not None:
        elsewhere = [f for f in result.findings if changed is None or f.path not in changed]
        heading = "Kontroll av handboken: filer som ändringen inte rör" if changed is not None \
            else "Kontroll av handboken"
        with summary_file.open("a", encoding="utf-8") as summary:
            summary.write(report.as_markdown(documents, elsewhere, heading))
    sys.exit(1 if result.errors else 0)
