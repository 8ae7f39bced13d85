from __future__ import annotations

import sys
from pathlib import Path

import click

from qms_tools.lifecycle.fix import describe, fix_files
from qms_tools.cli import options


@click.command("fix")
@options.project_path
@click.option("--dry-run", is_flag=True, help="Visa vad som skulle ändras, men skriv inget. Avslutar med kod 1 "
                                               "om något skulle ändras.")
@click.option("--diff", "show_diff", is_flag=True, help="Visa ändringarna som diff (alltid med --dry-run).")
def command(path: Path, dry_run: bool, show_diff: bool) -> None:
    """Rätta mekaniska fel utan att ändra innehållet: nyckelordning, datumformat, stavning av status,
    blanksteg i radslut, radslut, BOM och saknad rubrik."""
    results = fix_files(path, write=not dry_run)
    changed = [result for result in results if result.changed]
    listing = describe(results)
    if listing:
        click.echo(listing)
    if dry_run or show_diff:
        for result in changed:
            click.echo(result.diff(), nl=False)
    unwritten = [result.path for result in changed if result.unwritten]
    verb = "Skulle rätta" if dry_run else "Rättade"
    click.echo(f"{verb} {len(changed) - len(unwritten)} av {len(results)} filer."
               + (" Inget skrevs (--dry-run)." if dry_run else ""))
    if unwritten:
        count = "1 fil" if len(unwritten) == 1 else f"{len(unwritten)} filer"
        click.echo(f"Kunde inte skriva {count}: {', '.join(unwritten)}. Se ovan varför.", err=True)
        sys.exit(2)
    sys.exit(1 if dry_run and changed else 0)
