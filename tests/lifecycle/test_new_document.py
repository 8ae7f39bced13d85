"""`qms new`: every type's skeleton passes `qms check` as created; ids are never reused."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import TODAY, git, read_only
from qms_tools.handbook import codeowners
from qms_tools.check.run import check_project
from qms_tools.handbook.loader import load
from qms_tools.handbook.markdown_scan import headings
from qms_tools.lifecycle.new_document import filename_slug
from qms_tools.handbook.vocabulary import DocumentType, Status

SECTIONS = {
    DocumentType.PROCESS: ["Syfte", "Omfattning", "Ansvar", "Aktiviteter", "Uppföljning", "Relaterade dokument"],
    DocumentType.ROUTINE: ["Syfte", "Omfattning", "Ansvar", "Gör så här", "Dokumentation", "Uppföljning",
                           "Relaterade dokument"],
    DocumentType.INSTRUCTION: ["Syfte", "Omfattning", "Gör så här", "Relaterade dokument"],
    DocumentType.CHECKLIST: ["Syfte", "Omfattning", "Checklista", "Dokumentation", "Relaterade dokument"],
    DocumentType.TEMPLATE: ["Syfte", "Så här använder du mallen", "Fält", "Relaterade dokument"],
    DocumentType.GUIDELINE: ["Syfte", "Omfattning", "Bakgrund", "Ställningstagande", "Ansvar", "Uppföljning",
                             "Relaterade dokument"],
    DocumentType.GOVERNING: ["Syfte", "Omfattning", "Bakgrund", "Ställningstagande", "Ansvar", "Uppföljning",
                             "Relaterade dokument"],
}
EXPECTED_IDS = {
    DocumentType.PROCESS: "PROC-BOU-002",
    DocumentType.ROUTINE: "RUT-BOU-004",
    DocumentType.INSTRUCTION: "INS-BOU-001",
    DocumentType.CHECKLIST: "CHK-BOU-001",
    DocumentType.TEMPLATE: "MALL-BOU-002",
    DocumentType.GUIDELINE: "RIK-BOU-001",
    DocumentType.GOVERNING: "STY-BOU-001",
}


def today() -> dt.date:
    return dt.date.fromisoformat(TODAY)


@pytest.mark.parametrize("document_type", list(DocumentType), ids=lambda member: member.value)
def test_every_type_passes_check_as_created(project, qms, document_type):
    root = project("editor")
    findings_before = check_project(root, today()).findings
    result = qms("new", document_type.value, "--process", "PROC-BOU-001", "--title", "Hembesök i familjen",
                 "--project", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    path = "processes/barn-och-unga/hembesok-i-familjen.md"
    assert f"Skapade {path} ({EXPECTED_IDS[document_type]}" in result.output
    assert "i processen PROC-BOU-001" in result.output

    checked = check_project(root, today())
    assert [f for f in checked.findings if f.path == path] == []
    assert checked.findings == findings_before

    document = checked.handbook.by_id[EXPECTED_IDS[document_type]]
    assert document.path == path
    assert document.type is document_type
    assert document.status is Status.DRAFT
    assert document.owner == "processagare-bou"            # the process's owner
    assert document.area == "barn-och-unga"
    assert document.reviewed == today()
    months = 24 if document_type is DocumentType.GOVERNING else 12   # qms.yml: styrdokument 24
    assert document.review_date == dt.date(2026 + months // 12, 11, 22)
    assert document.title == "Hembesök i familjen"
    level_two = [h.text for h in headings(document.body, document.body_line) if h.level == 2]
    assert [text for text in level_two if text in SECTIONS[document_type]] == SECTIONS[document_type]
    assert "handlaggning.md" in {link.target.split("/")[-1] for link in document.internal_links if link.target}


def test_checklist_has_checkbox_items_and_template_has_fields(project, qms):
    root = project("editor")
    qms("new", "checklista", "--process", "PROC-BOU-001", "--title", "Inför hembesök", "--project", str(root),
        "--today", TODAY)
    qms("new", "mall", "--process", "PROC-BOU-001", "--title", "Anteckning från hembesök", "--project", str(root),
        "--today", TODAY)
    checklist = (root / "processes/barn-och-unga/infor-hembesok.md").read_text()
    template = (root / "processes/barn-och-unga/anteckning-fran-hembesok.md").read_text()
    assert checklist.count("- [ ] ") >= 3
    assert "| Fält | Vad du fyller i | Fylls i av |" in template


def test_next_id_skips_ids_referenced_and_ever_published(project, qms):
    root = project("editor")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Handboken")
    # RUT-BOU-004 is published, then deleted: its number is never handed out again.
    (root / "processes/barn-och-unga/kortlivad.md").write_text(
        "---\nid: RUT-BOU-004\ntype: rutin\nstatus: utkast\nowner: enhetschef-bou\n---\n\n# Kortlivad\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Ny rutin")
    git(root, "rm", "-q", "processes/barn-och-unga/kortlivad.md")
    git(root, "commit", "-qm", "Bort med den")
    result = qms("new", "rutin", "--process", "PROC-BOU-001", "--title", "Nästa", "--project", str(root),
                 "--today", TODAY)
    assert "RUT-BOU-005" in result.output

    # An id a process already names (a planned routine) is taken too.
    process = root / "processes/barn-och-unga/handlaggning.md"
    process.write_text(process.read_text().replace("RUT-BOU-002]", "RUT-BOU-002, RUT-BOU-007]"))
    result = qms("new", "rutin", "--process", "PROC-BOU-001", "--title", "Efter planerad", "--project", str(root),
                 "--today", TODAY)
    assert "RUT-BOU-008" in result.output


def test_area_without_documents_gets_a_derived_code_and_its_folder(project, qms):
    root = project("editor")
    result = qms("new", "rutin", "--area", "vuxen", "--owner", "kvalitetschef", "--title", "Ekonomiskt bistånd",
                 "--project", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert "Skapade processes/vuxen/ekonomiskt-bistand.md (RUT-VUX-001" in result.output
    checked = check_project(root, today())
    assert not [f for f in checked.findings if f.path == "processes/vuxen/ekonomiskt-bistand.md"]


def test_owner_can_be_given(project, qms):
    root = project("editor")
    qms("new", "instruktion", "--process", "PROC-BOU-001", "--owner", "enhetschef-bou", "--title", "Registrera",
        "--project", str(root), "--today", TODAY)
    assert load(root, today()).handbook.by_id["INS-BOU-001"].owner == "enhetschef-bou"


def test_codeowners_is_kept_current_so_check_still_passes(project, qms):
    root = project("editor")
    codeowners.write(load(root, today()).handbook)
    result = qms("new", "rutin", "--process", "PROC-BOU-001", "--title", "Hembesök", "--project", str(root),
                 "--today", TODAY)
    assert "Uppdaterade .github/CODEOWNERS" in result.output
    assert "/processes/barn-och-unga/hembesok.md @per-post" in (root / ".github/CODEOWNERS").read_text()
    assert not [f for f in check_project(root, today()).findings if f.rule == "codeowners.stale"]


def test_an_unwritable_folder_is_named_in_swedish(project, qms):
    root = project("editor")
    folder = root / "processes/barn-och-unga"
    with read_only(folder):
        result = qms("new", "rutin", "--process", "PROC-BOU-001", "--title", "Hembesök", "--project", str(root),
                     "--today", TODAY)
    assert result.exit_code == 2
    assert result.stderr.startswith("qms: processes/barn-och-unga/hembesok.md kunde inte skrivas: skrivbehörighet "
                                    "saknas")
    assert "Traceback" not in result.stderr + result.output
    assert not (folder / "hembesok.md").exists()


def test_an_unwritable_codeowners_says_the_document_was_created(project, qms):
    root = project("editor")
    codeowners.write(load(root, today()).handbook)
    with read_only(root / ".github/CODEOWNERS"):
        result = qms("new", "rutin", "--process", "PROC-BOU-001", "--title", "Hembesök", "--project", str(root),
                     "--today", TODAY)
    assert result.exit_code == 2
    assert ("Skapade processes/barn-och-unga/hembesok.md (RUT-BOU-004), men .github/CODEOWNERS kunde inte skrivas: "
            "skrivbehörighet saknas") in result.stderr
    assert (root / "processes/barn-och-unga/hembesok.md").is_file()


@pytest.mark.parametrize("args, message", [
    (["rutin", "--process", "PROC-BOU-01", "--title", "X"], "'PROC-BOU-01' finns inte. Menade du 'PROC-BOU-001'?"),
    (["rutin", "--process", "RUT-BOU-001", "--title", "X"], "'RUT-BOU-001' är ingen process."),
    (["rutin", "--process", "PROC-BOU-001", "--owner", "enhetschef-bo", "--title", "X"],
     "Rollen 'enhetschef-bo' finns inte i rollregistret (processes/organisation.yml). Menade du 'enhetschef-bou'?"),
    (["rutin", "--area", "vuxne", "--owner", "kvalitetschef", "--title", "X"], "Menade du 'vuxen'?"),
    (["rutin", "--owner", "kvalitetschef", "--title", "X"], "ange --process"),
    (["rutin", "--process", "PROC-BOU-001", "--title", "Orosanmälan"],
     "Filen processes/barn-och-unga/orosanmalan.md finns redan."),
    (["rutin", "--process", "PROC-BOU-001", "--title", "???"], "ger inget filnamn"),
])
def test_bad_input_is_one_swedish_line_and_exit_2(project, qms, args, message):
    root = project("editor")
    result = qms("new", *args, "--project", str(root), "--today", TODAY)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("title, slug", [
    ("Orosanmälan", "orosanmalan"),
    ("Åtgärder vid hot & våld", "atgarder-vid-hot-vald"),
    ("  Lex Sarah – rapportering ", "lex-sarah-rapportering"),
    ("Café-besök", "cafe-besok"),
])
def test_filename_slug(title, slug):
    assert filename_slug(title) == slug


def test_next_id_skips_ids_in_the_registry_of_deleted_documents(project, qms):
    root = project("editor")
    (root / "processes/borttagna.yml").write_text(
        "- id: RUT-BOU-011\n  title: Mottagning per fax\n  replaced_by: RUT-BOU-001\n", encoding="utf-8")
    result = qms("new", "rutin", "--process", "PROC-BOU-001", "--title", "Ny", "--project", str(root),
                 "--today", TODAY)
    assert "(RUT-BOU-012, rutin, utkast)" in result.output


def test_new_id_is_as_wide_as_the_areas_ids(project, qms):
    root = project("editor")
    for path in (root / "processes/barn-och-unga").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("-BOU-00", "-BOU-000"), encoding="utf-8")
    result = qms("new", "rutin", "--process", "PROC-BOU-0001", "--title", "Bred", "--project", str(root),
                 "--today", TODAY)
    assert "(RUT-BOU-0004, rutin, utkast)" in result.output


def test_publication_is_written_and_can_be_internal(project, qms):
    """The key comes from fields.FIELDS: qms.yml's default, or --publicering."""
    from qms_tools.handbook.vocabulary import Publicity

    root = project("editor")
    qms("new", "rutin", "--process", "PROC-BOU-001", "--title", "Larmrutin", "--publicering", "intern",
        "--project", str(root), "--today", TODAY)
    qms("new", "rutin", "--process", "PROC-BOU-001", "--title", "Öppen rutin", "--project", str(root),
        "--today", TODAY)
    handbook = load(root, today()).handbook
    internal, public = handbook.by_id["RUT-BOU-004"], handbook.by_id["RUT-BOU-005"]
    assert internal.publicering is Publicity.INTERNAL and public.publicering is Publicity.PUBLIC
    text = (root / internal.path).read_text(encoding="utf-8")
    assert "\npublicering: intern  # offentlig eller intern" in text
    assert text.index("status:") < text.index("publicering:") < text.index("owner:")
    assert not [finding for finding in check_project(root, today()).errors]
