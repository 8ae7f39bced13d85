"""The dev container ("Öppna i Codespaces"): valid JSON that installs exactly the pinned tool
and starts the live preview, in this repository and in a handbook `qms init` writes."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import REPOSITORY
from test_workflows import HANDBOOK_WORKFLOWS, WORKFLOWS, workflow

from qms_tools import __version__
from qms_tools.lifecycle import init


def read(path) -> dict:
    # Strict JSON (no comments, no trailing commas), though the dev container format allows more.
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def handbook(tmp_path_factory):
    root = tmp_path_factory.mktemp("codespace") / "handbok"
    init.create(root, init.Organisation("Exempelby kommun", "https://exempel.github.io/handbok/",
                                        "https://github.com/exempel/handbok"), dt.date(2026, 12, 7))
    return root


def python_of(config: dict) -> str:
    return re.search(r"python:\d+-(\d+\.\d+)-", config["image"]).group(1)


def workflow_python(folder) -> set[str]:
    return {step["with"]["python-version"] for path in folder.glob("*.yml")
            for job in workflow(path)["jobs"].values() for step in job.get("steps", [])
            if step.get("uses", "").startswith("actions/setup-python")}


def test_a_handbook_container_installs_the_pinned_version_by_hash(handbook):
    config = read(handbook / ".devcontainer/devcontainer.json")
    commands = config["postCreateCommand"].split(" && ")
    assert commands == ["python -m pip install --require-hashes --no-deps -r requirements/lock.txt",
                        "python -m pip install --no-deps -r requirements/qms.txt", "python -m pip check"]
    pinned = [line for line in (handbook / "requirements/qms.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    assert pinned == [f"qms-tools=={__version__}"]
    # The Python the lock was made for, as the handbook's workflows use.
    assert {python_of(config)} == workflow_python(HANDBOOK_WORKFLOWS)


def test_this_repository_container_installs_the_tree_and_the_lock():
    config = read(REPOSITORY / ".devcontainer/devcontainer.json")
    assert config["postCreateCommand"].split(" && ") == [
        "python -m pip install --require-hashes -r requirements/lock.txt", "python -m pip install --no-deps -e ."]
    assert python_of(config) in workflow_python(WORKFLOWS)


@pytest.mark.parametrize("where", ["repository", "handbook"])
def test_the_container_starts_the_live_preview_on_the_forwarded_port(where, handbook):
    config = read((REPOSITORY if where == "repository" else handbook) / ".devcontainer/devcontainer.json")
    (preview,) = config["postAttachCommand"].values()
    assert preview == "mkdocs serve --dirty -a 127.0.0.1:8000"
    assert config["forwardPorts"] == [8000]
    assert config["portsAttributes"]["8000"]["label"] == "Förhandsgranskning"
    settings = config["customizations"]["vscode"]["settings"]
    assert settings["yaml.schemas"] == {"./schemas/frontmatter.schema.json": ["processes/**/*.md"]}
