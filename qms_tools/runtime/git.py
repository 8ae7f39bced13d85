"""Git, asked through GitPython's command wrapper (``git.Git``): the one way this
package runs git.

Every command runs with ``LC_ALL=C`` and ``LANGUAGE=C``, so what git writes (its
messages, its dates, the output that is parsed) is the same whatever the user's locale.
Every failure is a ``GitError`` whose Swedish message names the command and the
repository, with git's own words last; git missing is one too.

Three ways to ask: ``run`` for a command whose output fits in memory, ``stream`` for
one whose output is read while git still writes it (the history's ``git log``), and
``BlobStream``, one ``git cat-file --batch`` that is sent every blob name at once and
answers them in a stream. GitPython's own ``Git.get_object_data`` asks a persistent
``cat-file`` one blob at a time, waiting for each answer before the next question: for
the 12,096 blob versions of the 1,500-document handbook, 4.6 s against the stream's
3.9 s (medians of three, interleaved, on a shared machine at load 16; 2026-12-07).

GitPython is imported on the first call, not with this module: loading it costs about
50 ms, which a command that never runs git need not pay.
"""

from __future__ import annotations

import contextlib
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Iterator

if TYPE_CHECKING:
    import git as gitpython

ENVIRONMENT = {"LC_ALL": "C", "LANGUAGE": "C"}
"""Set for every command (GitPython sets the same today; here it is this module's promise)."""


class GitError(Exception):
    """A git command failed, or git could not be run at all.

    ``command`` is the git subcommand (``log``), ``repository`` the folder it ran in and
    ``reason`` what git said, on one line (or why it did not run)."""

    def __init__(self, command: str, repository: Path | str, reason: str) -> None:
        self.command, self.repository, self.reason = command, Path(repository), reason
        super().__init__(f"git {command} misslyckades i {repository}: {reason}")

    def __reduce__(self):  # pickled whole: a forked child raises it in its parent
        return type(self), (self.command, self.repository, self.reason)


def run(directory: Path | str, *arguments: str) -> bytes:
    """What ``git arguments…`` writes, run in ``directory``; raises ``GitError`` unless
    it exits with 0."""
    status, output, errors = _execute(directory, arguments)
    if status != 0:
        raise _failure(directory, arguments, status, errors)
    return output


def status(directory: Path | str, *arguments: str) -> int:
    """The exit status of ``git arguments…`` (for ``diff --quiet`` and its kind, whose
    status is the answer); raises ``GitError`` only when git could not be run."""
    return _execute(directory, arguments)[0]


@contextlib.contextmanager
def stream(directory: Path | str, *arguments: str) -> Iterator[BinaryIO]:
    """What ``git arguments…`` writes, as a stream to read while git writes it. Leaving
    the block waits for git; a failure is raised there as ``GitError``."""
    process = _start(directory, arguments, questions=False)
    try:
        with process.stdout:
            yield process.stdout
        errors = process.stderr.read()
        code = process.proc.wait()
    finally:
        _stop(process)
    if code != 0:
        raise _failure(directory, arguments, code, errors)


class BlobStream:
    """One ``git cat-file --batch``: blob names are written to it with ``ask`` while
    another thread reads the answers with ``answers``, so git never waits for a
    question. ``finish`` waits for git once ``close`` has said there are no more."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = directory
        self.process = _start(directory, ("cat-file", "--batch"), questions=True)
        self.asked = 0
        self.answered = 0

    def ask(self, blobs: list[str]) -> None:
        self.asked += len(blobs)
        try:
            self.process.stdin.write("".join(f"{blob}\n" for blob in blobs).encode("ascii"))
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass  # git stopped early; finish() reports it

    def close(self) -> None:
        """No more questions: git answers what it was asked and ends."""
        with contextlib.suppress(BrokenPipeError, ValueError):
            self.process.stdin.close()

    def answers(self) -> Iterator[tuple[str, bytes]]:
        """Each blob's name and content, in the order asked, until git ends (a name git
        does not know is passed over)."""
        output = self.process.stdout
        while header := output.readline().split():
            if len(header) == 2 and header[1] == b"missing":
                continue
            if len(header) != 3:
                break
            size = int(header[2])
            content = output.read(size + 1)[:size]  # and git's newline
            self.answered += 1
            yield header[0].decode("ascii"), content
        output.read()

    def finish(self) -> None:
        """Wait for git; raises ``GitError`` when it failed before answering every
        question."""
        try:
            errors = self.process.stderr.read()
            code = self.process.proc.wait()
        finally:
            _stop(self.process)
        if code != 0 and self.answered < self.asked:
            raise _failure(self.directory, ("cat-file", "--batch"), code, errors)


@dataclass(frozen=True)
class Head:
    """Where ``head`` found the repository: its working tree's top folder (None: no
    repository), the HEAD commit (None: no commit yet) and whether the clone is shallow."""

    top: Path | None
    commit: str | None
    shallow: bool = False


def head(directory: Path | str) -> Head:
    """The repository that ``directory`` lies in and its HEAD commit. No repository and a
    repository without commits are answers; git missing or refusing the repository
    (e.g. "dubious ownership" in a container) is a ``GitError``."""
    arguments = ("rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD")
    try:
        *top, shallow, commit = run(directory, *arguments).decode("utf-8", "surrogateescape").rstrip("\n").split("\n")
    except GitError as error:
        return _without_head(directory, error)
    return Head(Path("\n".join(top)).resolve(), commit, shallow == "true")


def _without_head(directory: Path | str, error: GitError) -> Head:
    """Why rev-parse named no HEAD, as GitPython's repository reader decides it."""
    gitpython = _gitpython(directory, error.command)
    try:
        repository = gitpython.Repo(directory, search_parent_directories=True)
        if not repository.head.is_valid():
            return Head(Path(repository.working_tree_dir or directory).resolve(), None)
    except (gitpython.InvalidGitRepositoryError, gitpython.NoSuchPathError):
        return Head(None, None)
    except gitpython.CommandError as failure:
        raise GitError(error.command, directory, _one_line(failure.stderr) or str(failure)) from None
    raise error


def _gitpython(directory: Path | str, command: str) -> "gitpython":
    try:
        import git as gitpython
    except ImportError:  # GitPython refuses to load where it finds no git program
        raise GitError(command, directory, NO_GIT) from None
    return gitpython


NO_GIT = "programmet git finns inte. Installera Git (https://git-scm.com) och försök igen"
"""The reason of a ``GitError`` when git could not be found."""


def _command(directory: Path | str, command: str) -> "gitpython.Git":
    folder = Path(directory)
    # GitPython runs in the current folder when it cannot enter the given one: that
    # would read some other repository.
    if not folder.is_dir():
        raise GitError(command, directory, "mappen finns inte")
    return _gitpython(directory, command).Git(folder)


def _execute(directory: Path | str, arguments: tuple[str, ...]) -> tuple[int, bytes, bytes]:
    wrapper = _command(directory, arguments[0])
    try:
        code, output, errors = wrapper.execute(["git", *arguments], with_extended_output=True, with_exceptions=False,
                                               stdout_as_string=False, strip_newline_in_stdout=False,
                                               env=ENVIRONMENT)
    except _gitpython(directory, arguments[0]).GitCommandNotFound:
        raise GitError(arguments[0], directory, NO_GIT) from None
    except OSError as error:
        raise GitError(arguments[0], directory, str(error)) from None
    return code, output, errors if isinstance(errors, bytes) else errors.encode("utf-8")


def _start(directory: Path | str, arguments: tuple[str, ...], questions: bool):
    """The running command, as GitPython's process wrapper (which stops git should the
    wrapper be dropped unfinished)."""
    wrapper = _command(directory, arguments[0])
    try:
        return wrapper.execute(["git", *arguments], as_process=True, env=ENVIRONMENT,
                               istream=subprocess.PIPE if questions else None)
    except _gitpython(directory, arguments[0]).GitCommandNotFound:
        raise GitError(arguments[0], directory, NO_GIT) from None
    except OSError as error:
        raise GitError(arguments[0], directory, str(error)) from None


def _stop(process) -> None:
    """Stop git if it still runs (its reader gave up) and close its pipes."""
    running = process.proc
    if running.poll() is None:
        running.terminate()
        running.wait()
    for pipe in (running.stdin, running.stdout, running.stderr):
        if pipe is not None:
            pipe.close()


def _failure(directory: Path | str, arguments: tuple[str, ...], code: int, errors: bytes) -> GitError:
    return GitError(arguments[0], directory, _one_line(errors) or f"git avslutades med kod {code}")


def _one_line(errors: bytes | str | None) -> str:
    if isinstance(errors, bytes):
        errors = errors.decode("utf-8", "replace")
    return " ".join((errors or "").split())
