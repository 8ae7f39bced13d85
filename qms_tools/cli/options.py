"""Options several commands share."""

from __future__ import annotations

from pathlib import Path

import click

from qms_tools.handbook.vocabulary import Publicity

project_path = click.argument("path", metavar="[SÖKVÄG]", required=False, default=".",
                              type=click.Path(path_type=Path, exists=True))
today = click.option("--today", metavar="ÅÅÅÅ-MM-DD", envvar="QMS_TODAY",
                     help="Dagens datum för granskningsregler (annars QMS_TODAY eller klockan).")
publicity = click.option("--publicering", "publicity", type=click.Choice([member.value for member in Publicity]),
                         default=None, help="offentlig eller intern (bara på den interna webbplatsen); annars "
                                            "publicering i qms.yml.")
