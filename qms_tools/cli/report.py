from __future__ import annotations

from pathlib import Path

import click

from qms_tools.handbook.loader import load
from qms_tools.handbook.settings import ProjectError, resolve_today
from qms_tools.publishing import follow_up
from qms_tools.cli import options


@click.command("report")
@options.project_path
@click.option("--year", "years", type=int, multiple=True, metavar="ÅÅÅÅ",
              help="Året som rapporten gäller; kan anges flera gånger. Utan --year: varje år från den första "
                   "ändringen till i år.")
@click.option("--format", "output_format", type=click.Choice(sorted(follow_up.FORMATS)), default="markdown",
              show_default=True, help="Utdataformat.")
@options.today
def command(path: Path, years: tuple[int, ...], output_format: str, today: str | None) -> None:
    """Handbokens siffror per år och verksamhetsområde för kvalitetsberättelsen: dokument, granskningar,
    ägarluckor och täckning, ur Git-historiken och rollregistret."""
    day = resolve_today(today)
    for year in years:
        if not 1900 <= year <= day.year:
            raise ProjectError(f"--year {year} går inte att rapportera: ange ett år från 1900 till {day.year}.")
    handbook = load(path, day).handbook
    if handbook.history is None or not handbook.history.is_repository:
        raise ProjectError(f"{path} ligger inte i ett Git-arkiv, så det finns ingen historik att räkna på.")
    report = follow_up.build_report(handbook, sorted(set(years)) or None)
    if report.shallow:
        click.echo("qms: varning: Git-historiken är förkortad (en klon med --depth), så siffrorna saknar allt "
                   "före den. Hämta hela historiken med 'git fetch --unshallow'.", err=True)
    click.echo(follow_up.FORMATS[output_format](report), nl=False)
