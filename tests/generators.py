"""The sample handbook built by each site generator the handbook supports, each once per
test session: MkDocs and ProperDocs through the plugin (``sample_build`` in conftest.py,
``build_with_properdocs``), for each audience, Zensical from ``qms export``
(``build_with_zensical``), the public site only.

ProperDocs and Zensical run as their own commands in a fresh interpreter: the
``properdocs`` command redirects every ``mkdocs.*`` import, which must not happen in this
one, and Zensical is a command, not a library."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPOSITORY, TODAY, required_tool


def environment(audience: str = "offentlig") -> dict[str, str]:
    return {**os.environ, "QMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
            "NO_COLOR": "1", **({} if audience == "offentlig" else {"QMS_PUBLICERING": audience})}


def _missing(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def build_with_properdocs(site: Path, *options: str, audience: str = "offentlig") -> subprocess.CompletedProcess:
    if importlib.util.find_spec("properdocs") is None:
        _missing("properdocs saknas: installera testberoendena (pip install -e '.[test]')")
    return subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-q", "-d", str(site), *options],
                          cwd=REPOSITORY, env=environment(audience), capture_output=True, text=True)


def build_with_zensical(export_dir: Path, site_url: str | None = None) -> Path:
    """``qms export``, ``zensical build`` in the export, ``qms export --finish``: the site
    folder. Each step must succeed; ``site_url`` builds it for another address."""
    zensical = required_tool("zensical", "pip install -e '.[test]' (Python 3.11 eller senare)")
    qms = [sys.executable, "-c", "from qms_tools.cli import main; main()"]
    done = subprocess.run([*qms, "export", str(export_dir)], cwd=REPOSITORY, env=environment(),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    if site_url is not None:
        config = export_dir / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("site_url: https://ekebro-kommun.github.io/kvalitetshandbok/",
                                       f"site_url: {site_url}"), encoding="utf-8")
    built = subprocess.run([zensical, "build", "--clean"], cwd=export_dir, env=environment(), capture_output=True,
                           text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "No issues found" in built.stdout + built.stderr, built.stdout + built.stderr
    done = subprocess.run([*qms, "export", str(export_dir), "--finish"], cwd=REPOSITORY, env=environment(),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return export_dir / "site"
