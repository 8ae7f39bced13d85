from __future__ import annotations

from pathlib import Path

import click

from qms_tools.handbook import codeowners
from qms_tools.handbook.loader import load
from qms_tools.handbook.settings import resolve_today
from qms_tools.cli import options


@click.command("codeowners")
@options.project_path
@options.today
def command(path: Path, today: str | None) -> None:
    """Skriv .github/CODEOWNERS från dokumentens ägare och rollregistret."""
    handbook = load(path, resolve_today(today)).handbook
    changed = codeowners.write(handbook)
    target = codeowners.CODEOWNERS_PATH
    click.echo(f"Skrev {target}." if changed else f"{target} är redan aktuell.")
