"""The installed package carries every file it reads: templates, data, theme (hidden
folders included, which glob patterns leave out unless named)."""

from __future__ import annotations

import glob
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # the package supports 3.10, whose standard library has no TOML reader
    import tomli as tomllib

from conftest import REPOSITORY

PACKAGE = REPOSITORY / "qms_tools"


def _packaged() -> set[str]:
    """What setuptools puts in a wheel besides the modules: each package-data pattern
    expanded as setuptools does (glob, recursive, relative to the package)."""
    settings = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]["qms_tools"]
    return {Path(match).relative_to(PACKAGE).as_posix() for pattern in patterns
            for match in glob.glob(str(PACKAGE / pattern), recursive=True) if Path(match).is_file()}


def test_every_file_the_package_reads_is_packaged():
    files = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*")
             if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts}
    assert "theme/.icons/material/magnify.svg" in files
    assert files - _packaged() == set()
