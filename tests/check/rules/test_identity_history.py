"""id.vanished and id.reused on real temporary Git repositories, and the tombstone
registry's own checks, through `qms check` as an editor runs it."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY, git
from published import edit, published  # noqa: F401 - published is a fixture

from qms_tools.check.rules import READ_HISTORY, RULES, identity_history, run_rules
from qms_tools.check.run import check_project
from qms_tools.handbook.loader import load, loading
from qms_tools.handbook.tombstones import load_tombstones

FAX = "processes/omr/fax.md"



def commit(project, message: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)



def delete_the_fax_routine(project) -> None:
    (project / FAX).unlink()
    edit(project / "processes/omr/process.md", "routines: [RUT-OMR-001, RUT-OMR-003]", "routines: [RUT-OMR-001]")
    commit(project, "Ta bort faxrutinen")


def findings(project, *rules: str) -> list[tuple[str, int, str, str]]:
    result = check_project(project, dt.date.fromisoformat(TODAY))
    return [(finding.path, finding.line, finding.rule, finding.message) for finding in result.findings
            if finding.rule.startswith(rules)]


def test_a_deleted_id_without_tombstone_vanishes(published, qms):
    delete_the_fax_routine(published)
    [(path, line, rule, message)] = findings(published, "id.")
    assert (path, line, rule) == ("processes/borttagna.yml", 1, "id.vanished")
    assert message.startswith("Id 'RUT-OMR-003' (»Ärenden som kommer per fax«) publicerades senast i "
                              "processes/omr/fax.md (ändring ")
    assert message.endswith("Återställ dokumentet med status: upphävd (och replaced_by), eller lägg till id, "
                            "title och replaced_by för det i processes/borttagna.yml.")

    result = qms("check", str(published), "--today", TODAY)
    assert result.exit_code == 1
    assert "processes/borttagna.yml:1: fel [id.vanished] Id 'RUT-OMR-003'" in result.output


def test_a_tombstone_or_a_restored_withdrawn_document_satisfies_it(published):
    delete_the_fax_routine(published)
    (published / "processes/borttagna.yml").write_text(
        "- id: RUT-OMR-003\n  title: Ärenden som kommer per fax\n  replaced_by: RUT-OMR-001\n", encoding="utf-8")
    assert findings(published, "id.", "tombstone.") == []

    # Restoring the file at its old path, withdrawn, is the other way; it is the same
    # document, so its deleted past does not count as reuse.
    (published / "processes/borttagna.yml").unlink()
    git(published, "checkout", "HEAD~1", "--", FAX)
    edit(published / FAX, "status: gällande", "status: upphävd\nreplaced_by: RUT-OMR-001")
    commit(published, "Återställ faxrutinen som upphävd")
    assert findings(published, "id.", "tombstone.") == []


def test_changing_an_id_in_place_is_reported_on_the_document(published):
    edit(published / FAX, "id: RUT-OMR-003", "id: RUT-OMR-033")
    edit(published / "processes/omr/process.md", "RUT-OMR-003]", "RUT-OMR-033]")
    commit(published, "Nytt id")
    [(path, line, rule, message)] = findings(published, "id.")
    assert (path, line, rule) == (FAX, 2, "id.vanished")
    assert message.startswith("Dokumentet hade tidigare id 'RUT-OMR-003' men har nu 'RUT-OMR-033'. Ett id byts "
                              "aldrig")


def test_an_id_reused_by_another_document(published):
    delete_the_fax_routine(published)
    (published / "processes/borttagna.yml").write_text(
        "- id: RUT-OMR-003\n  title: Ärenden som kommer per fax\n", encoding="utf-8")
    commit(published, "Registrera den borttagna faxrutinen")
    # A later editor takes the free-looking number for something else entirely.
    (published / "processes/borttagna.yml").unlink()
    (published / "processes/omr/larm.md").write_text(
        "---\nid: RUT-OMR-003\ntype: rutin\nstatus: gällande\nowner: enhetschef\narea: omr\n"
        "reviewed: 2026-05-01\nreview_date: 2027-05-01\nsosfs: [\"4:4\"]\n---\n# Larm i mottagningen\n\nText.\n",
        encoding="utf-8")
    commit(published, "Ny larmrutin")
    [(path, line, rule, message)] = findings(published, "id.")
    assert (path, line, rule) == ("processes/omr/larm.md", 2, "id.reused")
    assert message.startswith("Id 'RUT-OMR-003' har använts av ett annat dokument, processes/omr/fax.md, som har "
                              "tagits bort.")


def test_an_id_in_the_tombstone_registry_that_is_in_use_again(published):
    (published / "processes/borttagna.yml").write_text(
        "# Borttagna dokument\n- id: RUT-OMR-002\n  title: Gammal blankett\n", encoding="utf-8")
    # Not committed: the registry alone catches it, even in a shallow clone.
    [(path, line, rule, message)] = findings(published, "id.")
    assert (path, line, rule) == ("processes/omr/blankett.md", 2, "id.reused")
    assert message.startswith("Id 'RUT-OMR-002' är registrerat som borttaget i processes/borttagna.yml (rad 2, "
                              "»Gammal blankett«).")


def test_outside_git_only_the_registry_is_checked(project):
    copy = project("permalinks")
    (copy / FAX).unlink()
    assert findings(copy, "id.") == []


def test_tombstone_registry_problems_name_file_and_line(published):
    registry = published / "processes/borttagna.yml"
    registry.write_text(
        "- id: RUT-OMR-090\n  title: Gammal rutin\n  replaced_by: RUT-OMR-999\n"
        "- id: rut-omr-091\n  title: Fel id\n"
        "- id: RUT-OMR-092\n  titel: Stavfel\n"
        "- id: RUT-OMR-090\n  title: Dubblett\n", encoding="utf-8")
    assert findings(published, "tombstone.") == [
        ("processes/borttagna.yml", 1, "tombstone.replaced-by-unknown",
         "RUT-OMR-090: ersättaren 'RUT-OMR-999' finns inte i handboken. Ange id för ett befintligt dokument "
         "eller ta bort replaced_by."),
        ("processes/borttagna.yml", 4, "tombstone.invalid",
         "'rut-omr-091' är inget giltigt id. Ange dokumentets id precis som det stod i dokumentet, t.ex. "
         "RUT-OMR-003."),
        ("processes/borttagna.yml", 6, "tombstone.invalid",
         "RUT-OMR-092 saknar title. Skriv dokumentets sista titel, så att den som skannar en gammal QR-kod ser "
         "vad det var."),
        ("processes/borttagna.yml", 7, "tombstone.invalid", "Okänd nyckel 'titel'. Tillåtna: id, title, "
                                                              "replaced_by, reason."),
        ("processes/borttagna.yml", 8, "tombstone.invalid", "RUT-OMR-090 finns redan på rad 1. Ta bort den ena "
                                                              "posten."),
    ]

    registry.write_text("- id: RUT-OMR-090\n  title: Kolon: i titeln\n", encoding="utf-8")
    [(path, line, rule, _)] = findings(published, "tombstone.")
    assert (path, line, rule) == ("processes/borttagna.yml", 2, "tombstone.invalid")
    registry.write_text("id: RUT-OMR-090\n", encoding="utf-8")
    assert load_tombstones(check_project(published, dt.date.fromisoformat(TODAY)).handbook.settings).findings[
        0].message.startswith("Registret över borttagna dokument ska vara en lista")


def test_the_rules_run_while_the_history_is_read_find_what_every_rule_finds(published):
    """``check_project`` runs the rules that do not read the history before it has
    arrived: none of them may use it (the handbook refuses until ``finish``), and the
    findings are those of every rule run on the loaded handbook."""
    delete_the_fax_routine(published)
    today = dt.date.fromisoformat(TODAY)
    with loading(published, today) as pending:
        with pytest.raises(RuntimeError, match="before Loading.finish"):
            list(identity_history.RULES[0](pending.handbook))
        early = run_rules(pending.handbook, [rule for rule in RULES if rule not in READ_HISTORY])
        loaded = pending.finish()
        assert "RUT-OMR-003" in loaded.handbook.history.ids
        late = run_rules(loaded.handbook, READ_HISTORY)
    assert [finding.rule for finding in late] == ["id.vanished"]
    every = load(published, today)
    assert sorted(early + late + loaded.findings, key=str) == \
        sorted(run_rules(every.handbook) + every.findings, key=str)
    assert {finding.rule for finding in check_project(published, today).findings} >= {"id.vanished"}
