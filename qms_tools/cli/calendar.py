from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from qms_tools.handbook.audience import choose_audience, for_audience
from qms_tools.lifecycle import calendar_feed
from qms_tools.handbook.loader import load
from qms_tools.handbook.settings import resolve_today
from qms_tools.cli import options


@click.command("calendar")
@options.project_path
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Mapp där kalenderfilerna (.ics) skrivs.")
@options.today
def command(path: Path, output: Path, today: str | None) -> None:
    """Skriv granskningsdatumen som kalenderfiler (iCalendar): en med allt och en per enhet.

    Bara dokument som webbplatsen publicerar kommer med: de offentliga, eller med
    QMS_PUBLICERING=intern också de interna."""
    day = resolve_today(today)
    # The files go into the built site: the same documents as the site it was built for.
    handbook = for_audience(load(path, day).handbook, choose_audience())
    # The stamp follows the day, not the clock, so a rebuild the same day gives the same files.
    stamp = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.timezone.utc)
    written = calendar_feed.write_feeds(handbook, output, stamp)
    if not written:
        click.echo("Inga gällande dokument med granskningsdatum: inga kalenderfiler skrevs.")
        return
    click.echo(f"Skrev {len(written)} kalenderfiler i {output}: " + ", ".join(file.name for file in written))
