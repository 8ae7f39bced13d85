"""The package's layers, as import-linter contracts in pyproject.toml: a module that
imports across a layer the wrong way, or a core module that imports MkDocs or Click, fails
here, not in review."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    result = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
                             "lint_imports_command()"], cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_readme_layout_table_names_every_package():
    """The README's layout table is the newcomer's map: every subpackage is on it, and
    nothing on it is missing from the tree."""
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    packages = {path.parent.relative_to(REPOSITORY).as_posix() + "/"
                for path in (REPOSITORY / "qms_tools").glob("*/__init__.py")}
    named = {line.split("`")[1] for line in readme.splitlines()
             if line.startswith("| `qms_tools/") and line.split("`")[1].count("/") == 2}
    assert packages <= named, f"missing from the README: {sorted(packages - named)}"
    assert all((REPOSITORY / path).is_dir() for path in named), f"not in the tree: {named}"
