"""A small handbook published in a real temporary Git repository (the fixture
``tests/fixtures/permalinks``), and the edits later commits make to it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, git


@pytest.fixture
def published(tmp_path) -> Path:
    project = tmp_path / "projekt"
    shutil.copytree(FIXTURES / "permalinks", project)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Publicera handboken")
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
