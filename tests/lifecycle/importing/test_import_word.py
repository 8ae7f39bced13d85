"""`qms import` on Word files written by python-docx: every construct the import keeps,
the report, the exit code, the metadata table, personal identity numbers, a second import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from benchmarks import word_documents as word
from conftest import TODAY
from qms_tools.handbook.personal_ids import luhn_check_digit
from qms_tools.check.run import check_project
from qms_tools.handbook.loader import load

AREA, OWNER = "barn-och-unga", "enhetschef-bou"
FOLDER = "processes/barn-och-unga"


def today() -> dt.date:
    return dt.date.fromisoformat(TODAY)


@pytest.fixture
def handbook(project, git_repository):
    return git_repository(project("editor"))


def run_import(qms, root: Path, *paths: Path, extra: tuple[str, ...] = ()):
    return qms("import", *map(str, paths), "--area", AREA, "--owner", OWNER, "--project", str(root),
               "--today", TODAY, *extra)


def body_of(root: Path, path: str) -> str:
    return (root / path).read_text(encoding="utf-8").split("---\n", 2)[2]


def test_every_construct_reaches_the_draft(handbook, qms, tmp_path):
    source = word.constructs(tmp_path / "word" / "hembesok.docx")
    result = run_import(qms, handbook, source)
    assert result.exit_code == 0, result.output
    path = f"{FOLDER}/hembesok-hos-familj.md"
    assert f"Importerad: {source} -> {path} (RUT-BOU-004, utkast, 1 bilder)" in result.output
    body = body_of(handbook, path)
    assert body.startswith("\n# Hembesök hos familj\n\n## Syfte\n\n")
    assert "Besöket görs **alltid** av två *handläggare*.[^1]" in body
    assert "### Förberedelser" in body
    assert "1. Boka tid\n    1. Ring vårdnadshavare\n        1. Anteckna svaret\n1. Läs akten" in body
    assert "- Legitimation\n    - Tjänstekort" in body
    assert "| Roll | Gör |\n| --- | --- |\n| Handläggare | Besöker |\n| Enhetschef | Följer upp |" in body
    assert "<td><p>Första stycket</p><p>Andra stycket</p></td>" in body
    assert "[Socialstyrelsen](https://www.socialstyrelsen.se/)" in body
    assert "![Karta över området](hembesok-hos-familj-bilder/bild-1.png)" in body
    assert (handbook / FOLDER / "hembesok-hos-familj-bilder" / "bild-1.png").read_bytes() == word.tiny_png()
    assert "Besöket bokas i förväg" in body and "oanmält" not in body
    assert "Samtalet dokumenteras" in body and "Fråga enhetschefen" not in body
    assert "Ring alltid före besöket" in body
    assert "sidhuvud" not in body and "Sidfot" not in body
    assert "[^1]: Enligt SoL 2025:400." in body

    report = result.output
    assert "2 spårade ändringar godkändes" in report
    assert "1 kommentarer togs bort" in report
    assert "1 × formel kunde inte tas med" in report
    assert "En tom rubrik efter rubriken \"Ansvar\" togs bort" in report
    assert "Sidhuvud och sidfot togs bort" in report
    assert "Sammanfattning: 1 filer: 1 importerade (1 behöver åtgärdas), 0 fanns redan, 0 kunde inte importeras." \
        in report

    checked = check_project(handbook, today())
    assert [finding for finding in checked.findings if finding.path == path] == []
    document = checked.handbook.by_id["RUT-BOU-004"]
    assert document.status.value == "utkast" and document.owner == OWNER and document.area == AREA
    assert document.title == "Hembesök hos familj"


def test_importing_the_same_file_again_makes_no_second_document(handbook, qms, tmp_path):
    source = word.routine(tmp_path / "rutin.docx", 1)
    copy = tmp_path / "kopia" / "samma-rutin.docx"
    copy.parent.mkdir()
    copy.write_bytes(source.read_bytes())
    first = run_import(qms, handbook, source, copy)
    assert first.exit_code == 0
    assert "Fanns redan: " in first.output and "som importerades som RUT-BOU-004" in first.output
    second = run_import(qms, handbook, tmp_path)
    assert second.exit_code == 0
    assert second.output.count("Fanns redan:") == 2
    assert "redan importerad som RUT-BOU-004" in second.output
    documents = [d for d in load(handbook, today()).handbook.documents if d.source_sha256]
    assert [d.id for d in documents] == ["RUT-BOU-004"]


def test_a_folder_is_searched_and_each_file_gets_the_next_id(handbook, qms, tmp_path):
    # Nine files: more than _PARALLEL_FROM, so they convert in forked children.
    for number, file in enumerate(word.routines(tmp_path / "alla", 9), 1):
        target = tmp_path / "rutiner" / f"del{number % 2}" / file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        file.rename(target)
    (tmp_path / "rutiner" / "~$rutin-1.docx").write_bytes(b"lock file of an open document")
    (tmp_path / "rutiner" / "anteckningar.txt").write_text("inte ett dokument")
    result = run_import(qms, handbook, tmp_path / "rutiner")
    assert result.exit_code == 0, result.output
    ids = sorted(d.id for d in load(handbook, today()).handbook.documents if d.source_sha256)
    assert ids == [f"RUT-BOU-{number:03d}" for number in range(4, 13)]
    assert "Sammanfattning: 9 filer: 9 importerade" in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Importerad:")]
    assert [line.split(" -> ")[0].rsplit("/", 1)[1] for line in lines] == sorted(  # in the folders' order
        (f"rutin-{n:05d}.docx" for n in range(1, 10)), key=lambda name: (int(name[6:11]) % 2, name))


def test_type_option_chooses_the_id_prefix_and_template_references(handbook, qms, tmp_path):
    source = word.routine(tmp_path / "instruktion.docx", 9)
    result = run_import(qms, handbook, source, extra=("--type", "instruktion"))
    assert result.exit_code == 0
    assert "(INS-BOU-001, utkast)" in result.output


def test_the_metadata_table_feeds_the_front_matter_and_the_report(handbook, qms, tmp_path):
    registry = load(handbook, today()).handbook.organisation
    holder = registry.roles["processagare-bou"].holder.name
    document = word.new_document()
    document.add_heading("Skyddsbedömning vid oro", 0)
    word.add_metadata_table(document, [("Fastställd av", "Socialnämnden"), ("Fastställd datum", "1 mars 2025"),
                                       ("Giltig till:", "2026-03-01"), ("Dokumentansvarig", holder),
                                       ("Diarienummer", "SN 2025/117")], layout="above")
    document.add_paragraph("Bedömningen görs samma dag.")
    source = word.save(document, tmp_path / "skydd.docx")
    result = run_import(qms, handbook, source)
    assert result.exit_code == 0
    imported = load(handbook, today()).handbook.by_id["RUT-BOU-004"]
    assert imported.owner == "processagare-bou"
    assert imported.reviewed == dt.date(2025, 3, 1) and imported.review_date == dt.date(2026, 3, 1)
    body = body_of(handbook, imported.path)
    assert "Socialnämnden" not in body and "SN 2025/117" not in body and "<table>" not in body and "|" not in body
    assert "Ur metadatatabellen: Fastställd av: Socialnämnden" in result.output
    assert "Ur metadatatabellen: Diarienummer: SN 2025/117" in result.output
    assert f"Ägare: processagare-bou" in result.output


def test_an_unknown_responsible_keeps_the_owner_given(handbook, qms, tmp_path):
    source = word.routine(tmp_path / "rutin.docx", 3)  # "Dokumentansvarig: Enhetschef" is no role id or title
    result = run_import(qms, handbook, source)
    assert "Dokumentansvarig \"Enhetschef\" finns inte i rollregistret; ägare blev enhetschef-bou" in result.output


@pytest.mark.parametrize("written", ["850612-1234", "850612–1234", "850612 – 1234", "19850612—1234",
                                     "8506121234", "850612\u20111234"])
def test_personal_identity_numbers_in_any_form_are_reported_and_block_publishing(handbook, qms, tmp_path,
                                                                                 written):
    written = written.replace("1234", "123" + str(luhn_check_digit("850612123")))
    document = word.new_document()
    document.add_heading("Rutin med exempel", 0)
    document.add_paragraph(f"Exempel: {written} skrivs i journalen.")
    source = word.save(document, tmp_path / "exempel.docx")
    result = run_import(qms, handbook, source)
    assert result.exit_code == 0
    assert "personnummer eller samordningsnummer (" in result.output and "****)" in result.output
    assert "qms check hindrar att det publiceras" in result.output
    path = f"{FOLDER}/rutin-med-exempel.md"
    line = next(number for number, text in enumerate((handbook / path).read_text().splitlines(), 1)
                if "Exempel" in text)
    assert f"Rad {line}:" in result.output
    findings = [f for f in check_project(handbook, today()).findings if f.path == path]
    assert [(f.rule, f.line, f.severity.value) for f in findings] == [("content.personal-id", line, "error")]


def test_numbers_that_are_no_personal_identity_numbers_are_left_alone(handbook, qms, tmp_path):
    document = word.new_document()
    document.add_heading("Telefon och datum", 0)
    document.add_paragraph("Ring 070-123 45 67 eller skriv 2025-03-01 – 1234 kronor; ärende 851340–1234.")
    result = run_import(qms, handbook, word.save(document, tmp_path / "t.docx"))
    assert "personnummer" not in result.output
    assert "ärende 851340–1234." in body_of(handbook, f"{FOLDER}/telefon-och-datum.md")


@pytest.mark.parametrize(("name", "content", "advice"), [
    ("gammal.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "spara den som Word-dokument (.docx)"),
    ("rutin.pdf", b"%PDF-1.7\n", "Importera originalet i Word-format"),
    ("krypterad.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "lösenordsskyddad"),
    ("trasig.docx", b"PK\x03\x04 inte en hel zip-fil", "skadad eller inget Word-dokument"),
    ("tom.docx", None, "innehåller ingen text"),
], ids=lambda value: value if isinstance(value, str) and value.endswith(("doc", "docx", "pdf")) else "")
def test_refused_files_say_what_to_do_and_do_not_stop_the_others(handbook, qms, tmp_path, name, content, advice):
    folder = tmp_path / "in"
    folder.mkdir()
    if content is None:
        word.save(word.new_document(), folder / name)
    else:
        (folder / name).write_bytes(content)
    good = word.routine(folder / "bra.docx", 2)
    result = run_import(qms, handbook, folder)
    assert result.exit_code == 1
    assert f"Kunde inte importeras: {folder / name}: " in result.output and advice in result.output
    assert f"Importerad: {good}" in result.output
    assert "Traceback" not in result.output + result.stderr
    assert "Sammanfattning: 2 filer: 1 importerade (1 behöver åtgärdas), 0 fanns redan, 1 kunde inte importeras." \
        in result.output


def test_a_missing_path_is_refused_and_an_unknown_owner_stops_before_anything(handbook, qms, tmp_path):
    result = run_import(qms, handbook, tmp_path / "finns-inte.docx")
    assert result.exit_code == 1 and "Filen eller mappen finns inte" in result.output
    wrong = qms("import", str(tmp_path), "--area", AREA, "--owner", "enhetschef-bo", "--project", str(handbook))
    assert wrong.exit_code == 2 and "Menade du 'enhetschef-bou'?" in wrong.stderr


def test_codeowners_lists_imported_documents(handbook, qms, tmp_path):
    assert qms("codeowners", str(handbook), "--today", TODAY).exit_code == 0
    result = run_import(qms, handbook, word.routine(tmp_path / "r.docx", 5))
    assert "Uppdaterade .github/CODEOWNERS" in result.output
    assert "/processes/barn-och-unga/rutin-5-for-hembesok-och-uppfoljning.md" in \
        (handbook / ".github" / "CODEOWNERS").read_text()
    assert [f for f in check_project(handbook, today()).findings if f.rule.startswith("codeowners")] == []


@pytest.mark.parametrize(("property_title", "headings", "title", "first_heading"), [
    (None, [(0, "Rutin för larm")], "Rutin för larm", None),
    ("Mall för rutiner", [(1, "Rutin för larm"), (2, "Syfte")], "Rutin för larm", "## Syfte"),
    ("Rutin för larm", [(1, "Syfte"), (1, "Ansvar")], "Rutin för larm", "## Syfte"),
    (None, [(1, "Syfte"), (1, "Ansvar")], "larmrutin", "## Syfte"),
    (None, [(0, "Rutin för larm"), (1, "Syfte"), (1, "Ansvar")], "Rutin för larm", "## Syfte"),
], ids=["title-style", "stale-property", "property", "file-name", "title-style-and-heading-1"])
def test_the_title_and_heading_levels(tmp_path, property_title, headings, title, first_heading):
    from qms_tools.lifecycle.importing.word_import import convert_file

    document = word.new_document(title=property_title)
    for level, text in headings:
        document.add_heading(text, level)
        document.add_paragraph("Text.")
    converted = convert_file(word.save(document, tmp_path / "larmrutin.docx"), "larmrutin.docx")
    assert converted.title == title
    assert converted.body.startswith(f"# {title}\n\n")
    assert converted.body.count("\n# ") == 0
    if first_heading:
        assert f"\n\n{first_heading}\n\n" in converted.body
