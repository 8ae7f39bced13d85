"""GitHub, asked through the `gh` command line: the one way this package talks to GitHub.

The workflows run on GitHub's runners, where `gh` is installed and reads its token from
``GH_TOKEN`` and the repository from ``GH_REPO``; nothing here holds a token or builds a
URL. Tests put a stand-in `gh` first on ``PATH`` that records every call, so what would be
sent to GitHub is asserted without GitHub.

Text goes to `gh` in files (``--body-file``, ``--input``), never on a command line built by
a shell, so nothing an editor writes in an issue can become a command.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any


class GitHubError(Exception):
    """A `gh` command failed; the message is Swedish and names the command."""

    def __init__(self, arguments: tuple[str, ...], reason: str) -> None:
        self.arguments, self.reason = arguments, reason
        super().__init__(f"gh {' '.join(arguments[:2])} misslyckades: {reason}")


def run(*arguments: str, text_input: str | None = None) -> str:
    """What ``gh arguments…`` writes; raises ``GitHubError`` unless it exits with 0."""
    program = shutil.which("gh")
    if program is None:
        raise GitHubError(arguments, "kommandot gh finns inte. Det finns på GitHubs körmaskiner; installera "
                                     "GitHub CLI för att köra arbetsflödets steg på en egen dator.")
    result = subprocess.run([program, *arguments], input=text_input, capture_output=True, text=True,
                            encoding="utf-8")
    if result.returncode != 0:
        raise GitHubError(arguments, " ".join((result.stderr or result.stdout).split())
                          or f"gh avslutades med kod {result.returncode}")
    return result.stdout


def json_of(*arguments: str) -> Any:
    """The JSON that ``gh arguments…`` writes (``--json …`` or ``gh api``)."""
    output = run(*arguments)
    return json.loads(output) if output.strip() else None


def with_file(text: str, *arguments: str, option: str = "--body-file") -> str:
    """``gh arguments… <option> FILE`` with ``text`` in a temporary file."""
    with tempfile.TemporaryDirectory(prefix="qms-gh-") as folder:
        path = Path(folder) / "text"
        path.write_text(text, encoding="utf-8")
        return run(*arguments, option, str(path))
