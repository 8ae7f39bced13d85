"""Shared test helpers: fixture projects copied to a temp dir, the real CLI, real git."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from qms_tools.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPOSITORY = Path(__file__).parent.parent
TODAY = "2026-11-22"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample handbook built strictly with MkDocs, once for the whole run
    (mkdocs_plugin/test_build.Built)."""
    from mkdocs_plugin.test_build import build_site

    built = build_site(REPOSITORY, tmp_path_factory.mktemp("exempelhandbok") / "site", strict=True)
    assert not built.aborted
    return built


def sample_routine_paths() -> list[str]:
    """The site path of every routine of the sample handbook."""
    import datetime as dt

    from qms_tools.check.run import check_project
    from qms_tools.handbook.vocabulary import DocumentType

    handbook = check_project(REPOSITORY, dt.date.fromisoformat(TODAY)).handbook
    return [document.content_path.removesuffix(".md") for document in handbook.documents
            if document.type is DocumentType.ROUTINE]


@pytest.fixture
def project(tmp_path):
    """Copy a fixture project into a temp dir and return its path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target, symlinks=True)
        return target

    return copy


class CliResult:
    def __init__(self, exit_code: int, output: str, stderr: str):
        self.exit_code = exit_code
        self.output = output
        self.stderr = stderr

    def json(self):
        return json.loads(self.output)


@pytest.fixture
def qms():
    """Run the real `qms` click command in-process; returns exit code, stdout, stderr."""

    def run(*args: str, env: dict | None = None) -> CliResult:
        runner = CliRunner()
        result = runner.invoke(main, list(args), env=env, catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run


def write(path: Path, text: str | bytes) -> None:
    """A file with its folders, as text (UTF-8) or bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def git(cwd: Path, *args: str, env: dict | None = None) -> str:
    base = ["git", "-c", "user.name=Test Testsson", "-c", "user.email=test@example.invalid",
            "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]
    return subprocess.run(base + list(args), cwd=cwd, check=True, capture_output=True, text=True,
                          env=env).stdout


@pytest.fixture
def git_repository():
    """Turn a directory into a real git repository with one commit of everything."""

    def init(path: Path, message: str = "Första versionen") -> Path:
        git(path, "init", "-q")
        git(path, "add", "-A")
        git(path, "commit", "-q", "-m", message)
        return path

    return init
