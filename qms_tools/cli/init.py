from __future__ import annotations

from pathlib import Path

import click

from qms_tools import __version__
from qms_tools.handbook.settings import resolve_today
from qms_tools.lifecycle import init


@click.command("init")
@click.argument("target", metavar="MAPP", type=click.Path(path_type=Path, file_okay=False))
@click.option("--namn", "name", required=True, metavar="NAMN",
              help="Organisationens namn, som det ska stå på webbplatsen (\"Exempelby kommun\").")
@click.option("--site-url", required=True, metavar="ADRESS",
              help="Webbplatsens adress, till exempel https://exempelby.github.io/kvalitetshandbok/.")
@click.option("--repo-url", required=True, metavar="ADRESS",
              help="GitHub-arkivets adress, till exempel https://github.com/exempelby/kvalitetshandbok.")
@click.option("--kvalitetschef", "quality_holder", metavar="NAMN",
              help="Vem som har kvalitetsrollen (annars vakant tills du fyller i rollregistret).")
@click.option("--kvalitetschef-github", "quality_github", metavar="ANVÄNDARNAMN",
              help="Kvalitetschefens användarnamn på GitHub, för CODEOWNERS.")
def command(target: Path, name: str, site_url: str, repo_url: str, quality_holder: str | None,
            quality_github: str | None) -> None:
    """Skapa ett nytt handboksarkiv i MAPP, med verktyget låst till den här versionen."""
    organisation = init.Organisation(name, site_url, repo_url, quality_holder, quality_github)
    try:
        written = init.create(target, organisation, resolve_today(None))
    except init.InitError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"Skapade {len(written)} filer i {target} med qms {__version__}. Nästa steg:")
    click.echo(f"  cd {target} && git init -b main && git add . && git commit -m \"Ny kvalitetshandbok\"")
    click.echo("  qms check && mkdocs build --strict")
    click.echo("Läs sedan docs/guide/redaktorer.md: grenskydd, GitHub Pages och uppgradering.")
