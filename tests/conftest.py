"""Shared test helpers: fixture projects copied to a temp dir, the real CLI, real git."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from qms_tools.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPOSITORY = Path(__file__).parent.parent
TODAY = "2026-11-22"


def required_tool(name: str, install: str = "pip install --require-hashes -r requirements/lock.txt") -> str:
    """A program a test needs: missing fails under CI=true, and skips elsewhere."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} saknas: installera testberoendena ({install})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


AUDIENCES = ("offentlig", "intern")
"""The sites a reader can be shown: the public one (a plain build) and the internal one
(QMS_PUBLICERING=intern). Every test of the built sample runs on both (issue 21)."""


@pytest.fixture(scope="session", params=AUDIENCES)
def audience(request) -> str:
    """The audience of the sample site a test looks at. A test that takes ``sample_build``
    (or, in tests/browser, ``sample_site``) runs once per audience, ids "offentlig" and
    "intern"; ``only_for`` keeps it to one."""
    return request.param


def only_for(audience: str):
    """Mark a test of the built sample whose assertion is about one audience: what only
    the public site leaves out, or what only the internal site has. Every other test of
    the built sample must pass on both sites; keep this list short (grep ``only_for(``)."""
    return pytest.mark.parametrize("audience", [audience], indirect=True)


@pytest.fixture(scope="session")
def sample_build(audience, request):
    """The sample handbook built strictly for ``audience``, each audience once per run."""
    return request.getfixturevalue("public_sample_build" if audience == "offentlig" else "internal_sample_build")


@pytest.fixture(scope="session")
def public_sample_build(tmp_path_factory):
    """The sample handbook's public site (a plain build), built strictly once for the
    whole run (mkdocs_plugin/test_build.Built). For the tests that compare it with the
    internal site; a test of the site as such takes ``sample_build``."""
    from mkdocs_plugin.test_build import build_site

    built = build_site(REPOSITORY, tmp_path_factory.mktemp("exempelhandbok") / "site", strict=True)
    assert not built.aborted
    return built


@pytest.fixture(scope="session")
def internal_sample_build(tmp_path_factory):
    """The sample handbook's internal site (QMS_PUBLICERING=intern), built strictly once."""
    from mkdocs_plugin.test_build import build_site

    built = build_site(REPOSITORY, tmp_path_factory.mktemp("intern") / "site", strict=True, publicering="intern")
    assert not built.aborted
    return built


@pytest.fixture(scope="session")
def preview_sample_build(tmp_path_factory):
    """The sample handbook with every document, drafts too (QMS_PUBLICERING=förhandsgranskning)."""
    from mkdocs_plugin.test_build import build_site

    built = build_site(REPOSITORY, tmp_path_factory.mktemp("forhandsgranskning") / "site", strict=True,
                       publicering="förhandsgranskning")
    assert not built.aborted
    return built


def sample_routine_paths(audience: str = "offentlig") -> list[str]:
    """The site path of every routine of the sample handbook's site for ``audience``."""
    import datetime as dt

    from qms_tools.check.run import check_project
    from qms_tools.handbook.audience import Audience, for_audience
    from qms_tools.handbook.vocabulary import DocumentType

    handbook = for_audience(check_project(REPOSITORY, dt.date.fromisoformat(TODAY)).handbook, Audience(audience))
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


def service_worker_build(site: Path) -> str:
    """The build id a built site's service worker names (publishing.offline)."""
    match = re.search(r'"build":"([0-9a-f]{16})"', (site / "sw.js").read_text(encoding="utf-8"))
    assert match, "sw.js names no build id"
    return match.group(1)


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


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """``path``, a file or a folder, that cannot be written while the block runs: its
    write permissions removed, and made immutable with `chattr +i` when the tests run
    as root (chmod does not stop root). Skips where neither works."""
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    immutable = False
    try:
        if os.geteuid() == 0 and shutil.which("chattr"):
            immutable = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
        if _can_write(path):
            pytest.skip("Kan inte göra en fil skrivskyddad här (root utan chattr).")
        yield path
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)


def _can_write(path: Path) -> bool:
    try:
        if path.is_dir():
            probe = path / ".skrivprov"
            probe.write_bytes(b"")
            probe.unlink()
        else:
            with open(path, "ab"):
                pass
    except OSError:
        return False
    return True


@pytest.fixture(scope="session")
def properdocs_sites(tmp_path_factory):
    """properdocs_sites(audience) -> the sample handbook built strictly with ProperDocs for
    that audience, each built once for the whole run, on first use."""
    from generators import build_with_properdocs

    sites: dict[str, Path] = {}

    def site(audience: str) -> Path:
        if audience not in sites:
            path = tmp_path_factory.mktemp(f"properdocs-{audience}") / "site"
            done = build_with_properdocs(path, audience=audience)
            assert done.returncode == 0, done.stdout + done.stderr
            sites[audience] = path
        return sites[audience]

    return site


@pytest.fixture(scope="session")
def properdocs_site(audience, properdocs_sites) -> Path:
    """The sample handbook built strictly with ProperDocs for ``audience``."""
    return properdocs_sites(audience)


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The sample handbook exported (`qms export`), built by Zensical and finished, once
    for the whole run. The public site only: `qms export` makes no other."""
    from generators import build_with_zensical

    return build_with_zensical(tmp_path_factory.mktemp("zensical") / "export")
