"""`qms github …`: the browser-editing workflows' steps, each one command.

The workflows stay thin (install the tool, run one of these with the event GitHub wrote);
what they decide is here and in ``lifecycle/browser_editing``, tested without GitHub.
"""

from __future__ import annotations

from pathlib import Path

import click

from qms_tools.handbook.settings import ProjectError, resolve_today
from qms_tools.cli import options, swedish
from qms_tools.runtime.github import GitHubError

_event = click.option("--event", "event_path", type=click.Path(path_type=Path, exists=True, dir_okay=False),
                      envvar="GITHUB_EVENT_PATH", help="Händelsen från GitHub (annars GITHUB_EVENT_PATH).")
_project = click.option("--project", "path", default=".", show_default=True,
                        type=click.Path(path_type=Path, exists=True, file_okay=False), help="Handbokens mapp.")
_check = click.option("--check-workflow", default="kontroll.yml", show_default=True, envvar="QMS_CHECK_WORKFLOW",
                      help="Arbetsflödet med kontrollen, som startas på grenen (annars QMS_CHECK_WORKFLOW).")


def _run(action) -> None:
    try:
        report = action()
    except GitHubError as error:
        raise ProjectError(str(error)) from None
    click.echo(str(report))


@click.group("github", subcommand_metavar=swedish.SUBCOMMAND_METAVAR)
def command() -> None:
    """Arbetsflödenas steg för redaktörer som bara har en webbläsare."""


@command.command("proposal")
@_event
@_project
@_check
@options.today
def proposal(event_path: Path, path: Path, check_workflow: str, today: str | None) -> None:
    """Gör ett förslag på ny rutin (ärende) till ett utkast i en pull request."""
    from qms_tools.lifecycle.browser_editing import proposal as module
    from qms_tools.lifecycle.browser_editing.pull_requests import read_event

    _run(lambda: module.propose(path, read_event(event_path), resolve_today(today), check_workflow))


def _localise() -> None:
    for subcommand in command.commands.values():
        swedish.localise(subcommand)



@command.command("codeowners")
@_event
@_project
@_check
@options.today
def codeowners_command(event_path: Path, path: Path, check_workflow: str, today: str | None) -> None:
    """Håll CODEOWNERS aktuell i en pull request: checka in den på grenen, eller kommentera ändringen
    när pull requesten kommer från en fork."""
    from qms_tools.lifecycle.browser_editing import codeowners_sync
    from qms_tools.lifecycle.browser_editing.pull_requests import read_event

    _run(lambda: codeowners_sync.sync(path, read_event(event_path), resolve_today(today), check_workflow))



@command.command("reviewed")
@_event
@_project
@_check
@options.today
def reviewed_command(event_path: Path, path: Path, check_workflow: str, today: str | None) -> None:
    """Registrera en granskning utan ändringar (/granskad i ett ärende, eller id:t i en manuell körning)
    i en pull request som ägaren godkänner."""
    from qms_tools.lifecycle.browser_editing import review_request
    from qms_tools.lifecycle.browser_editing.pull_requests import read_event

    _run(lambda: review_request.request_review(path, read_event(event_path), resolve_today(today), check_workflow))



@command.command("fix-suggestions")
@_event
@_project
@options.today
def fix_suggestions_command(event_path: Path, path: Path, today: str | None) -> None:
    """Lägg `qms fix`-rättningarna som förslag i en pull request, på raderna de gäller."""
    from qms_tools.lifecycle.browser_editing import fix_suggestions
    from qms_tools.lifecycle.browser_editing.pull_requests import read_event

    _run(lambda: fix_suggestions.suggest(path, read_event(event_path), resolve_today(today)))


_localise()
