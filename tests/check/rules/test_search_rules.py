"""`qms check` reports a broken synonym list with its file and line, like any document."""

from __future__ import annotations

from conftest import TODAY


def test_check_names_the_line_of_a_broken_synonym_group(project, qms):
    root = project("minimal")
    (root / "processes" / "synonymer.yml").write_text(
        "grupper:\n  - [brukare, klient]\n  - [kund, klient]\n", encoding="utf-8")
    result = qms("check", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert "processes/synonymer.yml:3: " in result.output
    assert "[search.synonyms]" in result.output


def test_check_accepts_a_handbook_without_synonym_list(project, qms):
    root = project("minimal")
    assert not (root / "processes" / "synonymer.yml").exists()
    result = qms("check", str(root), "--today", TODAY)
    assert "synonymer.yml" not in result.output
