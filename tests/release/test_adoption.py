"""A municipality adopts the tool, as the README says, from the wheel built from this tree:
a fresh virtual environment, the README's adoption commands verbatim (`pip install` of the
pinned release, `qms init` for "Exempelby kommun", `git init`, `qms check`, `mkdocs build
--strict`), actionlint on the workflows it wrote, and then those workflows' own install step
in a second fresh environment, which must give exactly the pinned version and the lock.

PyPI serves every dependency; the wheel itself comes from the build folder
(PIP_FIND_LINKS), since this version is not on PyPI before its release."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPOSITORY, required_tool
from release.conftest import clean_environment

from qms_tools import __version__


def readme_block(marker: str) -> str:
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\n```sh\n(.*?)```", text, re.DOTALL)
    assert match, f"README.md has no block after <!-- {marker} -->"
    return match.group(1)


def fresh_environment(folder: Path) -> dict:
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    return clean_environment(PATH=f"{folder / 'bin'}:{clean_environment()['PATH']}", VIRTUAL_ENV=str(folder),
                             PIP_DISABLE_PIP_VERSION_CHECK="1")


def bash(script: str, cwd: Path, environment: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                            env=environment, capture_output=True, text=True)
    assert result.returncode == 0, f"{script}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


def test_the_readme_adoption_pins_the_release_and_the_workflows_install_exactly_it(release, tmp_path):
    actionlint = required_tool("actionlint")
    commands = readme_block("adoption-command")
    assert f'pip install "qms-tools=={__version__}"' in commands  # the README names this release

    adopter = fresh_environment(tmp_path / "venv")
    adopter["PIP_FIND_LINKS"] = str(release.folder)
    adopter["GIT_CONFIG_GLOBAL"] = str(tmp_path / "gitconfig")
    done = bash(commands, tmp_path, adopter)
    assert "0 fel" in done.stdout

    handbook = tmp_path / "kvalitetshandbok"
    assert (handbook / "site" / "index.html").is_file()
    assert "Exempelby kommun" in (handbook / "site" / "index.html").read_text(encoding="utf-8")
    assert (handbook / ".git").is_dir()
    workflows = sorted(str(path) for path in (handbook / ".github" / "workflows").glob("*.yml"))
    linted = subprocess.run([actionlint, "-no-color", *workflows], cwd=handbook, capture_output=True, text=True)
    assert linted.returncode == 0, linted.stdout + linted.stderr

    # The check workflow's install step, verbatim, in an environment of its own.
    check = yaml.safe_load((handbook / ".github/workflows/kontroll.yml").read_text(encoding="utf-8"))
    install = next(step["run"] for step in check["jobs"]["check"]["steps"] if step.get("name") == "Installera qms")
    ci = fresh_environment(tmp_path / "ci")
    ci["PIP_FIND_LINKS"] = str(release.folder)
    bash(install, handbook, ci)
    version = bash("qms --version", handbook, ci).stdout
    assert version == f"qms {__version__}\n"
    installed = {line.lower() for line in bash("python -m pip freeze --all", handbook, ci).stdout.splitlines()
                 if "==" in line and not line.lower().startswith(("pip==", "setuptools==", "wheel=="))}
    lock = (handbook / "requirements/lock.txt").read_text(encoding="utf-8")
    locked = {line.split(" ")[0].lower() for line in lock.splitlines() if line and line[0] not in " #"}
    normalise = lambda pins: {re.sub(r"[-_.]+", "-", pin) for pin in pins}  # noqa: E731
    assert normalise(installed) == normalise(locked | {f"qms-tools=={__version__}"})
