"""The `qms` command line: one module per command, each a thin click wrapper.

A command's module is imported when that command runs (or help lists it): `qms check`
in CI need not load the calendar, QR and template libraries the other commands use.
"""

from __future__ import annotations

import importlib

import click

from qms_tools import __version__
from qms_tools.handbook.settings import ProjectError
from qms_tools.runtime.git import GitError
from qms_tools.handbook.writing import file_failure
from qms_tools.cli import swedish

COMMANDS = {
    "check": "check",
    "schema": "schema",
    "new": "new",
    "fix": "fix",
    "pr-summary": "pr_summary",
    "codeowners": "codeowners",
    "review": "review",
    "calendar": "calendar",
    "reviewed": "reviewed",
    "qr": "qr",
    "init": "init",
    "import": "import_docx",
    "github": "github",
    "report": "report",
    "export": "export",
    "approvals": "approvals",
}
"""Command name -> module in this package whose ``command`` it is."""


class UsageProblem(click.ClickException):
    """The command could not run (no project, bad settings): one Swedish line, exit 2."""

    exit_code = 2

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(f"qms: {self.format_message()}", err=True)


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            command = importlib.import_module(f".{COMMANDS[name]}", __name__).command
            swedish.localise(command)
            self.add_command(command, name)
        return self.commands.get(name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (ProjectError, GitError) as error:
            raise UsageProblem(str(error)) from None
        except OSError as error:
            # The last guard: a command that writes or reads a file the system refuses
            # (a missing folder, a protected file, a full disk) says so in one line.
            raise UsageProblem(file_failure(error)) from None

    def main(self, *args, **kwargs):
        # "qms" in usage lines however it was started (python -m qms_tools, a test runner).
        kwargs.setdefault("prog_name", "qms")
        with swedish.click_in_swedish():
            return super().main(*args, **kwargs)


@click.group("qms", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar=swedish.OPTIONS_METAVAR, subcommand_metavar=swedish.SUBCOMMAND_METAVAR)
# The version in the source, not the installed metadata: with PYTHONPATH pointing at a
# work tree, the metadata belongs to another checkout.
@click.version_option(__version__, "-V", "--version", message="qms %(version)s",
                      help="Visa versionen och avsluta.")
def main() -> None:
    """Kvalitetshandboken: kontrollera, granska och publicera ledningssystemet."""

