"""`qms review`: overdue and due-soon documents by unit and owner, with the person to
contact, and the roles nobody holds, in text, JSON, Markdown and CSV."""

from __future__ import annotations

import csv
import io

from conftest import TODAY

CASE = "review-lifecycle"


def test_json_groups_by_unit_and_owner_with_the_contact(project, qms):
    result = qms("review", str(project(CASE)), "--today", TODAY, "--format", "json")
    assert result.exit_code == 0
    report = result.json()
    assert (report["overdue"], report["due_soon"]) == (2, 2)
    groups = [(group["unit"]["id"], group["role"]["id"], group["contact"]["name"],
               [(document["id"], document["state"], document["days_left"]) for document in group["documents"]])
              for group in report["groups"]]
    assert groups == [
        ("enhet-a", "enhetschef-a", "Bo Berg", [("RUT-OMR-001", "försenad", -52), ("RUT-OMR-002", "snart", 18)]),
        ("enhet-b", "enhetschef-b", "Kim Kvist", [("RUT-OMR-003", "försenad", -68)]),
        ("enhet-b", "samordnare-b", "Kim Kvist", [("CHK-OMR-001", "snart", 9)]),
    ]
    vacant = report["groups"][1]["contact"]
    assert vacant["role"] == "kvalitetssamordnare" and "är vakant" in vacant["stand_in_reason"]
    problems = [(problem["role"]["id"], problem["problem"], problem["documents"], problem["contact"]["github"])
                for problem in report["role_problems"]]
    assert problems == [("enhetschef-b", "vakant", ["RUT-OMR-003"], ["kim-kvist"]),
                        ("samordnare-b", "slutat", ["CHK-OMR-001"], ["kim-kvist"])]


def test_text_names_the_holder_to_contact_and_the_file(project, qms):
    output = qms("review", str(project(CASE)), "--today", TODAY).output
    assert "försenade 2, snart dags 2, roller utan innehavare 2" in output
    assert "Enhetschef A (enhetschef-a) — kontakt: Bo Berg (@bo-b)" in output
    assert ("Granskning försenad: RUT-OMR-001 Mottagning; telefon, e-post och besök — granskas senast 2026-10-01 "
            "(52 dagar sedan) — processes/omr/forsenad.md") in output
    assert "kontakt: Kim Kvist (@kim-kvist), eftersom: Enhetschef B (enhetschef-b) är vakant" in output
    assert "Samordnare B (samordnare-b): innehavaren slutade 2026-06-30. Äger: CHK-OMR-001." in output


def test_markdown_tables(project, qms):
    output = qms("review", str(project(CASE)), "--today", TODAY, "--format", "markdown").output
    assert "### Enhet A" in output
    assert "| Granskning försenad | RUT-OMR-001 | Mottagning; telefon, e-post och besök | 2026-10-01 (52 dagar sedan) |" \
        in output
    assert "### Roller utan innehavare" in output
    assert "| Samordnare B (samordnare-b) | Enhet B | Samordnare B (samordnare-b): innehavaren slutade 2026-06-30 | " \
           "CHK-OMR-001 | Kim Kvist (@kim-kvist) |" in output


def test_csv_has_a_row_per_document_and_per_role(project, qms):
    output = qms("review", str(project(CASE)), "--today", TODAY, "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(output)))
    assert [(row["läge"], row["dokument"], row["kontakt"], row["dagar_kvar"]) for row in rows] == [
        ("Granskning försenad", "RUT-OMR-001", "Bo Berg", "-52"),
        ("Granskning snart", "RUT-OMR-002", "Bo Berg", "18"),
        ("Granskning försenad", "RUT-OMR-003", "Kim Kvist", "-68"),
        ("Granskning snart", "CHK-OMR-001", "Kim Kvist", "9"),
        ("Vakant roll", "RUT-OMR-003", "Kim Kvist", ""),
        ("Innehavaren har slutat", "CHK-OMR-001", "Kim Kvist", ""),
    ]
    assert rows[0]["fil"] == "processes/omr/forsenad.md"


def test_nothing_due(project, qms):
    output = qms("review", str(project(CASE)), "--today", "2026-01-01").output
    # Samordnare B's holder is still there on that day, and nothing is due yet.
    assert output.splitlines()[0] == ("Granskningsläge 2026-01-01: försenade 0, snart dags 0, "
                                      "roller utan innehavare 1.")
