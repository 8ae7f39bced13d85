"""The release files, built once per run from this tree as the release workflow builds them."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPOSITORY


def clean_environment(**extra: str) -> dict:
    """The environment of a fresh shell: no PYTHONPATH pointing at a work tree, no virtual
    environment of the test run."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    environment.update(extra)
    return environment


@dataclass(frozen=True)
class Release:
    folder: Path
    wheel: Path
    sdist: Path


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Release:
    folder = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "build", "--outdir", str(folder), str(REPOSITORY)],
                            capture_output=True, text=True, env=clean_environment())
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (wheel,) = folder.glob("*.whl")
    (sdist,) = folder.glob("*.tar.gz")
    return Release(folder, wheel, sdist)
