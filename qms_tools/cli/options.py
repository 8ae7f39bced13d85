"""Options several commands share."""

from __future__ import annotations

from pathlib import Path

import click

project_path = click.argument("path", metavar="[SÖKVÄG]", required=False, default=".",
                              type=click.Path(path_type=Path, exists=True))
today = click.option("--today", metavar="ÅÅÅÅ-MM-DD", envvar="QMS_TODAY",
                     help="Dagens datum för granskningsregler (annars QMS_TODAY eller klockan).")
