"""`qms fix`: golden before/after files, byte-level repairs, and the command line."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from qms_tools.check.run import check_project
from qms_tools.handbook.settings import load_settings
from qms_tools.lifecycle.fix import canonical_keys, fix_text, unambiguous_date
from qms_tools.handbook.source import SourceFile, split_front_matter

from conftest import FIXTURES, REPOSITORY, TODAY, read_only

GOLDEN = FIXTURES / "fix"
CANONICAL_ORDER = canonical_keys(load_settings(REPOSITORY)[0])
CASES = sorted(case.name for case in GOLDEN.iterdir() if case.is_dir())


def front_matter_data(text: str) -> dict | None:
    source = SourceFile("x.md", text=text)
    split_front_matter(source)
    return source.front_matter.data if source.front_matter else None


@pytest.mark.parametrize("case", CASES)
def test_golden_before_after(case):
    before = (GOLDEN / case / "before.md").read_bytes()
    expected = (GOLDEN / case / "after.md").read_bytes()
    result = fix_text(before, f"{case}/before.md", list(CANONICAL_ORDER))
    assert result.raw_after.decode() == expected.decode()
    assert result.changed == (before != expected)
    # Running again changes nothing.
    assert not fix_text(result.raw_after, case, list(CANONICAL_ORDER)).changed


def test_the_golden_set_covers_every_repair_and_refusal():
    assert {"ordning-och-datum", "tvetydigt-datum", "stavning", "saknad-rubrik", "titel-fran-rubrik", "blockvarde",
            "trasig-yaml"} <= set(CASES)


def test_reordering_keeps_every_comment_and_value_text():
    before = (GOLDEN / "ordning-och-datum" / "before.md").read_text()
    after = fix_text(before.encode(), "x.md", list(CANONICAL_ORDER)).after
    front_matter_lines = before.split("---\n")[1].splitlines()
    comments = ["#" + line.split("#", 1)[1] for line in front_matter_lines if "#" in line]
    assert len(comments) == 4
    for comment in comments:
        assert comment in after
    data_before, data_after = front_matter_data(before), front_matter_data(after)
    assert {key: value for key, value in data_after.items() if key not in ("review_date", "reviewed")} == \
        {key: value for key, value in data_before.items() if key not in ("review_date", "reviewed")}
    assert (data_after["review_date"], data_after["reviewed"]) == ("2027-11-22", "2026-11-22")
    assert list(data_after)[:4] == ["id", "type", "status", "owner"]
    assert list(data_after)[-1] == "custom_note"


def test_ambiguous_date_is_reported_not_guessed():
    result = fix_text((GOLDEN / "tvetydigt-datum" / "before.md").read_bytes(), "x.md", list(CANONICAL_ORDER))
    assert any("03/04/2027" in note and "rad 6" in note for note in result.not_fixed)
    assert '"03/04/2027"' in result.after


def test_value_with_meaningful_trailing_blanks_is_left_and_reported():
    before = (GOLDEN / "blockvarde" / "before.md").read_text()
    result = fix_text(before.encode(), "x.md", list(CANONICAL_ORDER))
    assert front_matter_data(result.after) == front_matter_data(before)
    assert any("rad 7" in note for note in result.not_fixed)


@pytest.mark.parametrize("text, expected, ambiguous", [
    ("22/11/2026", "2026-11-22", False),
    ("22.11.2026", "2026-11-22", False),
    ("11/22/2026", "2026-11-22", False),     # only one reading is a real date
    ("2026/4/3", "2026-04-03", False),
    ("20261122", "2026-11-22", False),
    ("05/05/2026", "2026-05-05", False),     # both readings are the same day
    ("03/04/2026", None, True),
    ("31/02/2026", None, False),
    ("22/11/26", None, False),               # which century? not a date we read
    ("snart", None, False),
])
def test_unambiguous_date(text, expected, ambiguous):
    date, is_ambiguous = unambiguous_date(text)
    assert (date.isoformat() if date else None) == expected
    assert is_ambiguous == ambiguous


def test_bom_and_windows_line_endings_are_removed_and_listed():
    text = (GOLDEN / "stavning" / "after.md").read_text()
    raw = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    result = fix_text(raw, "x.md", list(CANONICAL_ORDER))
    assert result.raw_after == text.encode()
    assert any("BOM" in change for change in result.changes)
    assert any("CRLF" in change for change in result.changes)


def test_undecodable_file_is_left_alone_with_a_reason():
    raw = "---\nid: RUT-BOU-001\n---\n# Åtgärd\n".encode("cp1252")
    result = fix_text(raw, "x.md", list(CANONICAL_ORDER))
    assert not result.changed
    assert any("UTF-8" in note for note in result.not_fixed)


def test_missing_heading_is_not_added_when_a_setext_heading_exists():
    raw = b"---\nid: A-1\ntitle: Titel\n---\n\nTitel\n=====\n\nText.\n"
    assert not fix_text(raw, "x.md", list(CANONICAL_ORDER)).changed


def _messy_project(project) -> tuple[Path, Path]:
    root = project("editor")
    target = root / "processes" / "barn-och-unga" / "orosanmalan.md"
    shutil.copy(GOLDEN / "ordning-och-datum" / "before.md", target)
    return root, target


def test_cli_dry_run_lists_changes_writes_nothing_and_exits_1(project, qms):
    root, target = _messy_project(project)
    before = target.read_bytes()
    result = qms("fix", str(root), "--dry-run")
    assert result.exit_code == 1
    assert "processes/barn-och-unga/orosanmalan.md" in result.output
    assert "review_date: '22/11/2027' → '2027-11-22' (rad 4)." in result.output
    assert "+review_date: 2027-11-22  # senast" in result.output  # the unified diff
    assert "Skulle rätta 1 av 6 filer. Inget skrevs (--dry-run)." in result.output
    assert target.read_bytes() == before


def test_cli_fix_repairs_and_qms_check_agrees(project, qms):
    root, target = _messy_project(project)
    assert any(f.rule == "date.format" for f in check_project(root, _today()).findings)
    result = qms("fix", str(root / "processes"))
    assert result.exit_code == 0
    assert "Rättade 1 av 6 filer." in result.output
    assert target.read_bytes() == (GOLDEN / "ordning-och-datum" / "after.md").read_bytes()
    assert not [f for f in check_project(root, _today()).findings if f.rule.startswith("date.")]
    assert qms("fix", str(root), "--dry-run").exit_code == 0


def test_cli_fix_single_file_outside_the_content_is_refused(project, qms):
    root = project("editor")
    result = qms("fix", str(root / "qms.yml"))
    assert result.exit_code == 2
    assert "qms.yml är inget dokument i handboken" in result.stderr


def test_cli_an_unwritable_file_is_named_and_the_others_are_fixed(project, qms):
    root, target = _messy_project(project)
    other = root / "processes" / "barn-och-unga" / "extra.md"
    shutil.copy(GOLDEN / "ordning-och-datum" / "before.md", other)
    other.write_bytes(other.read_bytes().replace(b"RUT-BOU-", b"RUT-BOX-"))
    before = target.read_bytes()
    with read_only(target):
        result = qms("fix", str(root))
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr
    assert ("  ! Inget av detta sparades: processes/barn-och-unga/orosanmalan.md kunde inte skrivas: "
            "skrivbehörighet saknas") in result.output
    assert "Kunde inte skriva 1 fil: processes/barn-och-unga/orosanmalan.md." in result.stderr
    assert "Rättade 1 av 7 filer." in result.output
    assert target.read_bytes() == before
    assert other.read_bytes() == (GOLDEN / "ordning-och-datum" / "after.md").read_bytes().replace(
        b"RUT-BOU-", b"RUT-BOX-")


def _today() -> dt.date:
    return dt.date.fromisoformat(TODAY)
