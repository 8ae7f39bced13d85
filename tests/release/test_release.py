"""The wheel and the sdist: built from this tree, valid for PyPI (twine check --strict), with
the version from its one place, the licence, and every file `qms init` writes from."""

from __future__ import annotations

import email
import subprocess
import tarfile
import zipfile

from conftest import REPOSITORY, required_tool

from qms_tools import __version__


def test_release_files_pass_twine_check_strict(release):
    twine = required_tool("twine")
    result = subprocess.run([twine, "check", "--strict", str(release.wheel), str(release.sdist)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2


def test_the_version_is_the_one_in_the_source_and_the_licence_is_mit(release):
    assert release.wheel.name == f"qms_tools-{__version__}-py3-none-any.whl"
    assert release.sdist.name == f"qms_tools-{__version__}.tar.gz"
    with zipfile.ZipFile(release.wheel) as wheel:
        names = set(wheel.namelist())
        metadata = email.message_from_bytes(wheel.read(f"qms_tools-{__version__}.dist-info/METADATA"))
        licence = wheel.read(f"qms_tools-{__version__}.dist-info/licenses/LICENSE").decode("utf-8")
    assert metadata["Version"] == __version__
    assert metadata["License-Expression"] == "MIT"
    assert licence == (REPOSITORY / "LICENSE").read_text(encoding="utf-8")
    assert {"Markdown<4,>=3.6", "pymdown-extensions<14,>=10.7"} <= set(metadata.get_all("Requires-Dist"))
    # qms init writes from these; hidden folders are stored as dot-… because package-data
    # globs leave hidden ones out.
    for name in ("qms_tools/data/lock/handbook.txt", "qms_tools/templates/init/dot-github/workflows/kontroll.yml",
                 "qms_tools/templates/init/dot-vscode/settings.json", "qms_tools/templates/init/qms.yml"):
        assert name in names, name
    with tarfile.open(release.sdist) as sdist:
        assert f"qms_tools-{__version__}/LICENSE" in sdist.getnames()


def test_the_changelog_has_this_version():
    assert f"## [{__version__}] - " in (REPOSITORY / "CHANGELOG.md").read_text(encoding="utf-8")
