"""The `qms` command line: one module per command, each a thin click wrapper."""

from __future__ import annotations

import click

from ..settings import ProjectError
from . import calendar, check, codeowners, fix, new, pr_summary, qr, review, reviewed, schema


class UsageProblem(click.ClickException):
    """The command could not run (no project, bad settings): one Swedish line, exit 2."""

    exit_code = 2

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(f"qms: {self.format_message()}", err=True)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ProjectError as error:
            raise UsageProblem(str(error)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="qms-tools", message="qms %(version)s")
def main() -> None:
    """Kvalitetshandboken: kontrollera, granska och publicera ledningssystemet."""


main.add_command(check.command)
main.add_command(schema.command)
main.add_command(new.command)
main.add_command(fix.command)
main.add_command(pr_summary.command)
main.add_command(codeowners.command)
main.add_command(review.command)
main.add_command(calendar.command)
main.add_command(reviewed.command)
main.add_command(qr.command)
