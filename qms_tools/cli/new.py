from __future__ import annotations

from pathlib import Path

import click

from qms_tools.handbook.codeowners import CODEOWNERS_PATH
from qms_tools.lifecycle.new_document import create_document
from qms_tools.handbook.settings import resolve_today
from qms_tools.handbook.vocabulary import DocumentType, Publicity
from qms_tools.cli import options


@click.command("new")
@click.argument("document_type", metavar="TYP", type=click.Choice([member.value for member in DocumentType]))
@click.option("--title", required=True, help="Dokumentets titel, blir rubriken och filnamnet.")
@click.option("--process", "process_id", metavar="ID",
              help="Processen dokumentet hör till: ger mapp, område och ägare.")
@click.option("--area", help="Verksamhetsområde (id i rollregistret), om inte processens.")
@click.option("--owner", help="Ägande roll (id i rollregistret), om inte processens ägare.")
@click.option("--project", "path", default=".", show_default=True, type=click.Path(path_type=Path, exists=True),
              help="Handbokens mapp.")
@options.publicity
@options.today
def command(document_type: str, title: str, process_id: str | None, area: str | None, owner: str | None,
            path: Path, publicity: str | None, today: str | None) -> None:
    """Skapa ett nytt dokument (utkast) med nästa lediga id, från mallen för dess typ."""
    created = create_document(path, resolve_today(today), DocumentType(document_type), title, process_id,
                              area, owner, Publicity(publicity) if publicity else None)
    click.echo(f"Skapade {created.path} ({created.id}, {created.type.label.lower()}, utkast).")
    if created.updated_codeowners:
        click.echo(f"Uppdaterade {CODEOWNERS_PATH} så att dokumentets ägare godkänner ändringar i det.")
    click.echo(created.hint)
