from __future__ import annotations

from pathlib import Path

import click

from qms_tools.cli import options
from qms_tools.handbook.codeowners import CODEOWNERS_PATH
from qms_tools.handbook.settings import resolve_today
from qms_tools.handbook.vocabulary import DocumentType, Publicity
from qms_tools.lifecycle.importing.word_import import import_word, report_lines


@click.command("import")
@click.argument("paths", metavar="SÖKVÄG...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--area", required=True, help="Verksamhetsområde (id i rollregistret) för de nya dokumenten.")
@click.option("--owner", required=True,
              help="Ägande roll (id i rollregistret), om inte metadatatabellens dokumentansvarig är en känd roll.")
@click.option("--type", "document_type", default=DocumentType.ROUTINE.value, show_default=True,
              type=click.Choice([member.value for member in DocumentType]), help="Dokumenttyp för de nya dokumenten.")
@click.option("--project", "project", default=".", show_default=True,
              type=click.Path(path_type=Path, exists=True), help="Handbokens mapp.")
@options.publicity
@options.today
def command(paths: tuple[Path, ...], area: str, owner: str, document_type: str, project: Path,
            publicity: str | None, today: str | None) -> None:
    """Importera Word-dokument (.docx) som utkast: en fil eller en mapp (sökes igenom med undermappar).

    Varje fil blir ett utkast med nästa lediga id och en rapport om vad som behöver åtgärdas.
    Samma fil importeras aldrig två gånger. Slutkod 0 när alla filer importerades, 1 när någon
    inte kunde importeras.
    """
    run = import_word(project, resolve_today(today), paths, area, owner, DocumentType(document_type),
                      Publicity(publicity) if publicity else None)
    for line in report_lines(run):
        click.echo(line)
    if run.updated_codeowners:
        click.echo(f"Uppdaterade {CODEOWNERS_PATH} så att dokumentens ägare godkänner ändringar i dem.")
    if run.refused:
        raise SystemExit(1)
