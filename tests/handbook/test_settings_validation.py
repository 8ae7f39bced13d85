"""Settings and registry values that would be unsafe to publish or pass on are refused
with a finding naming file and line (issue 16): non-http(s) addresses, GitHub owners
that are no GitHub names, control characters, over-long ids, folders outside the project."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY

from qms_tools.check.run import check_project
from qms_tools.handbook.codeowners import generate
from qms_tools.handbook.settings import ProjectError, load_settings


def _findings(root, rule: str):
    return [finding for finding in check_project(root, dt.date.fromisoformat(TODAY)).findings if finding.rule == rule]


@pytest.mark.parametrize("key, value", [
    ("site_url", "javascript:alert(1)"),
    ("site_url", "data:text/html,x"),
    ("repo_url", "https://github.com/a/b\" onmouseover=\"alert(1)"),
    ("repo_url", "ftp://example.invalid/"),
    ("site_url", "//example.invalid/"),
])
def test_addresses_must_be_http(project, key, value):
    root = project("minimal")
    with (root / "qms.yml").open("a", encoding="utf-8") as settings:
        settings.write(f"{key}: '{value}'\n")
    settings, findings = load_settings(root)
    assert getattr(settings, key) is None
    (finding,) = [finding for finding in findings if finding.rule == "settings.value"]
    assert finding.path == "qms.yml" and finding.line == 6 and "https://" in finding.message


@pytest.mark.parametrize("content_dir", ["../utanfor", "/tmp"])
def test_content_folder_must_be_inside_the_project(project, content_dir):
    root = project("minimal")
    (root.parent / "utanfor").mkdir(exist_ok=True)
    text = (root / "qms.yml").read_text(encoding="utf-8").replace("content_dir: processes", f"content_dir: {content_dir}")
    (root / "qms.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError, match="pekar ut ur projektmappen"):
        load_settings(root)


def test_github_owners_are_checked_and_never_inject_a_codeowners_line(project):
    root = project("minimal")
    registry = root / "processes" / "organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8")
                        .replace("github: [anna-a]", "github: ['Ulla Sjöberg', 'anna@ekebro.example', 'org/kvalitet']")
                        .replace("github: [bo-b]", "github: [\"bo-b\\n* @angripare\"]"), encoding="utf-8")
    findings = _findings(root, "organisation.github")
    assert len(findings) == 2
    assert {finding.path for finding in findings} == {"processes/organisation.yml"}
    assert any("'Ulla Sjöberg' är inget GitHub-namn" in finding.message for finding in findings)
    handbook = check_project(root, dt.date.fromisoformat(TODAY)).handbook
    codeowners = generate(handbook)
    assert "@angripare" not in codeowners and "@Ulla" not in codeowners
    assert " anna@ekebro.example" in codeowners and "@anna@" not in codeowners
    assert "@org/kvalitet" in codeowners


def test_control_characters_are_refused_and_never_reach_the_calendar(project, qms, tmp_path):
    root = project("minimal")
    routine = root / "processes" / "omr" / "mottagande.md"
    routine.write_text(routine.read_text(encoding="utf-8").replace(
        "laws: [SoL, OSL]\n", "laws: [SoL, OSL]\ntitle: \"Mottagande\\vav\\u202Eärende\"\n"), encoding="utf-8")
    registry = root / "processes" / "organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("title: Enhet A", "title: \"Enhet\\tA\""),
                        encoding="utf-8")
    (finding,) = _findings(root, "content.control-character")
    assert finding.path == "processes/omr/mottagande.md" and finding.line == 11 and "U+000B" in finding.message
    (registry_finding,) = _findings(root, "organisation.control-character")
    assert registry_finding.line == 7
    output = tmp_path / "kalender"
    qms("calendar", str(root), "--today", TODAY, "--output", str(output))
    for feed in output.glob("*.ics"):
        assert not any(0 <= byte < 32 and byte not in (9, 10, 13) for byte in feed.read_bytes()), feed.name


def test_ids_are_at_most_64_characters(project):
    root = project("minimal")
    routine = root / "processes" / "omr" / "mottagande.md"
    long_id = "RUT-" + "A" * 61
    routine.write_text(routine.read_text(encoding="utf-8").replace("id: RUT-OMR-001", f"id: {long_id}"),
                       encoding="utf-8")
    (finding,) = _findings(root, "id.too-long")
    assert finding.line == 2 and "65 tecken" in finding.message


def test_publication_default_must_be_known(project):
    from qms_tools.handbook.vocabulary import Publicity

    root = project("minimal")
    with (root / "qms.yml").open("a", encoding="utf-8") as settings:
        settings.write("publicering: hemlig\n")
    settings, findings = load_settings(root)
    assert settings.publicering is Publicity.PUBLIC
    (finding,) = [finding for finding in findings if finding.rule == "settings.value"]
    assert finding.line == 6 and "publicering ska vara offentlig eller intern, inte 'hemlig'" in finding.message
