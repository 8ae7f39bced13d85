"""Every command meets a file the system refuses (a missing folder, a protected file, a
full disk) with one Swedish line naming it and exit code 2, never a traceback."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, TODAY
from qms_tools.cli import main


@pytest.mark.parametrize("arguments", [
    ["qr", "RUT-OMS-001", "--output", "{missing}/kod.svg"],
    ["calendar", "--output", "{missing}/kalender"],
    ["schema", "-o", "{missing}/schema.json"],
])
def test_a_file_the_system_refuses_is_one_swedish_line_naming_it(arguments, tmp_path, monkeypatch):
    """No command ends in a traceback when a folder is missing or a file cannot be written."""
    project = tmp_path / "handbok"
    shutil.copytree(FIXTURES / "site_small", project)
    monkeypatch.chdir(project)
    a_file = tmp_path / "en-fil.txt"
    a_file.write_text("inte en mapp\n", encoding="utf-8")
    missing = a_file / "under"
    result = CliRunner().invoke(main, [argument.format(missing=missing) for argument in arguments],
                                env={"QMS_TODAY": TODAY})
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and str(missing) in result.output
    assert "gick inte att läsa eller skriva:" in result.output
    assert result.output.count("\n") == 1
