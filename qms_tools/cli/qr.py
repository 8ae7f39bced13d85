from __future__ import annotations

from pathlib import Path

import click

from qms_tools.publishing import qr
from qms_tools.handbook.loader import load
from qms_tools.handbook.settings import resolve_today
from qms_tools.cli import options


@click.command("qr")
@click.argument("document_id", metavar="ID")
@options.project_path
@click.option("--format", "output_format", type=click.Choice(["svg", "png"]), default="svg", show_default=True,
              help="Bildformat.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
              help="Fil att skriva (standard: ID.svg eller ID.png här; - för standard ut).")
def command(document_id: str, path: Path, output_format: str, output: Path | None) -> None:
    """Skriv QR-koden till ett dokuments permanenta adress (<site_url>/d/ID/)."""
    handbook = load(path, resolve_today(None)).handbook
    address = qr.document_address(handbook, document_id)
    document = handbook.by_id[document_id]
    if output_format == "png":
        data = qr.png(address)
    else:
        data = qr.svg_file(address, f"QR-kod till {document.display_title} ({document_id})").encode("utf-8")
    if document.is_withdrawn:
        click.echo(f"Obs: {document_id} är upphävt. Koden leder till en sida som säger det och visar vad som "
                   f"gäller i stället.", err=True)
    target = output or Path(f"{document_id}.{output_format}")
    if str(target) == "-":
        click.get_binary_stream("stdout").write(data)
        return
    target.write_bytes(data)
    click.echo(f"Skrev {target}: QR-kod till {address}")
