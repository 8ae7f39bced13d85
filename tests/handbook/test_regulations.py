"""A second regulation is a data file, not code."""

from __future__ import annotations

from conftest import TODAY

HSLF = """id: hslf-fs-2017-40
front_matter_key: hslf
short_title: HSLF-FS 2017:40
title: Socialstyrelsens föreskrifter om vårdgivares systematiska patientsäkerhetsarbete
chapters:
  - number: 3
    title: Systematiskt patientsäkerhetsarbete
    paragraphs:
      - {number: 1, title: Rutiner, verified: true}
"""


def test_second_regulation_file_adds_a_front_matter_key(qms, project):
    path = project("minimal")
    (path / "hslf.yml").write_text(HSLF, encoding="utf-8")
    settings = path / "qms.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "regulation_files: [hslf.yml]\n", encoding="utf-8")
    routine = path / "processes/omr/mottagande.md"
    text = routine.read_text(encoding="utf-8").replace("laws:", "hslf: [\"3:1\", \"3:7\"]\nlaws:")
    routine.write_text(text, encoding="utf-8")

    report = qms("check", str(path), "--format", "json", "--today", TODAY).json()
    problems = [(f["line"], f["rule"]) for f in report["findings"] if f["path"] == "processes/omr/mottagande.md"]
    assert problems == [(10, "hslf.unknown")]
    schema = qms("schema", str(path)).json()
    assert schema["properties"]["hslf"]["items"]["enum"] == ["3", "3:1"]
