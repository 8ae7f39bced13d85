from __future__ import annotations

from pathlib import Path

import click

from qms_tools.handbook.findings import Severity
from qms_tools.handbook.settings import find_root, resolve_today
from qms_tools.publishing import export
from qms_tools.cli import options


@click.command("export")
@click.argument("target", metavar="MAPP", type=click.Path(path_type=Path, file_okay=False))
@options.project_path
@click.option("--finish", is_flag=True,
              help="Efter bygget: komprimera sidorna, skriv filerna för läsning utan uppkoppling och läs "
                   "varje publicerad fil efter personnummer (i MAPP/site).")
@options.today
def command(target: Path, path: Path, finish: bool, today: str | None) -> None:
    """Exportera hela webbplatsen som en vanlig docs-mapp med inställningar för Zensical.

    Bygg sedan med `zensical build` i MAPP och kör `qms export MAPP --finish`."""
    root = find_root(path.resolve())
    day = resolve_today(today)
    if finish:
        done = export.finish(root, target.resolve(), day)
        offline = f", offlinefiler med bygg-id {done.build}" if done.build else ""
        click.echo(f"Färdigställde {target / export.SITE_DIR}: {done.pages} sidor komprimerade{offline}, "
                   f"{done.gate.files_read} filer lästa utan personnummer.")
        return
    done = export.export(root, target.resolve(), day)
    for finding in done.findings:
        if finding.severity is Severity.ERROR:
            click.echo(f"{finding.path}:{finding.line}: [{finding.rule}] {finding.message}", err=True)
    for clash in done.clashes:
        click.echo(f"{clash} publiceras inte: sidan {clash} finns redan i docs_dir. Byt namn på en av dem.", err=True)
    held = f" {len(done.held_back)} dokument har fel och publiceras inte (se ej-publicerade.md)." \
        if done.held_back else ""
    click.echo(f"Exporterade till {target}: {done.documents} dokument, {len(done.generated)} genererade sidor, "
               f"{len(done.hand_written)} handskrivna sidor, {done.standalone} permanenta länkar och QR-filer.{held}")
    click.echo(f"Bygg webbplatsen: cd {target} && zensical build, sedan: qms export {target} --finish")
