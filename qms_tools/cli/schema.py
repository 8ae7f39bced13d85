from __future__ import annotations

import json
from pathlib import Path

import click

from qms_tools.handbook.fields import json_schema
from qms_tools.handbook.organisation import load_organisation
from qms_tools.handbook.regulations import load_laws, load_regulations
from qms_tools.handbook.settings import load_settings
from qms_tools.cli import options


@click.command("schema")
@options.project_path
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Skriv till fil i stället för standard ut.")
def command(path: Path, output: Path | None) -> None:
    """Skriv JSON Schema för front-matter, med projektets roller och områden."""
    settings, _ = load_settings(path)
    organisation, _ = load_organisation(settings.organisation_path, settings.organisation_file)
    regulations = load_regulations(settings.regulations, settings.regulation_files, settings.root)
    schema = json_schema(regulations, load_laws(), sorted(organisation.roles), sorted(organisation.areas))
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Skrev {output}")
    else:
        click.echo(text, nl=False)
