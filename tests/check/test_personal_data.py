"""Personnummer and samordningsnummer: found in every accepted form, confirmed by date
and check digit, never repeated in full, and never mistaken for other numbers."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from conftest import FIXTURES, TODAY
from hypothesis import given, settings
from hypothesis import strategies as st

from qms_tools.check.run import check_project
from qms_tools.check.rules.content import (
    find_personal_ids,
    is_personal_id,
    luhn_check_digit,
    mask_personal_ids,
)

FUZZ = settings(max_examples=200, deadline=None, derandomize=True)
HOSTILE = FIXTURES / "hostile"
FORMS = ("10", "10-", "10+", "12", "12-", "12+")


def luhn_valid(digits: str) -> bool:
    """The textbook Luhn check over all ten digits, written independently of the code."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


@st.composite
def valid_numbers(draw) -> str:
    born = draw(st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2026, 11, 22)))
    day = born.day + (60 if draw(st.booleans()) else 0)  # samordningsnummer: day + 60
    # Serial 000 is never issued.
    nine = f"{born.year % 100:02d}{born.month:02d}{day:02d}{draw(st.integers(1, 999)):03d}"
    check = next(str(digit) for digit in range(10) if luhn_valid(nine + str(digit)))
    # "+" is written from the year the person turns 100, and only in the ten-digit form.
    form = draw(st.sampled_from([form for form in FORMS
                                 if not form.endswith("+") or (form == "10+" and born.year <= 1926)]))
    century = f"{born.year // 100}" if form.startswith("12") else ""
    return f"{century}{nine[:6]}{form[2:]}{nine[6:]}{check}"


@FUZZ
@given(valid_numbers(), st.sampled_from(["", "Ärende ", "(", "nr:"]), st.sampled_from(["", ".", " gäller.", ")"]))
def test_any_valid_number_in_any_form_is_found_and_masked(number, before, after):
    text = before + number + after
    (match,) = find_personal_ids(text)
    assert text[match.start:match.end] == number
    assert match.masked == number[:-4] + "****"
    assert number not in mask_personal_ids(text)


@FUZZ
@given(valid_numbers(), st.integers(1, 9))
def test_a_wrong_check_digit_is_never_found(number, shift):
    wrong = number[:-1] + str((int(number[-1]) + shift) % 10)
    assert not is_personal_id(wrong)
    assert find_personal_ids(f"Ärende {wrong} gäller.") == []


@pytest.mark.parametrize("nine, check", [("811218987", 6), ("121212121", 2), ("701063239", 1), ("000229985", 7)])
def test_check_digit(nine, check):
    assert luhn_check_digit(nine) == check


@pytest.mark.parametrize("number", [
    "19850612-9827", "850612-9827", "121212+1212", "201203159833", "1203159833",
    "701063-2391", "197010632391", "20000229-9857", "191212121212",
    "121212–1212", "121212\u22121212", "121212\u20111212", "121212 1212", "121212\u00a01212",  # pasted from Word
    "000229-2381",      # 29 February 2000
])
def test_accepted_forms(number):
    assert is_personal_id(number)


@pytest.mark.parametrize("number", [
    "850612-9821",      # wrong check digit
    "090229-9841",      # 29 February in a year that had none, Luhn is right
    "851312-1239",      # month 13, Luhn is right
    "850600-9821",      # day 0, Luhn is right
    "850692-9820",      # samordningsnummer day 92 (32 + 60), Luhn is right
    "212000-1355",      # an organisationsnummer: month 20, Luhn is right
    "231212121212",     # century 23, Luhn is right
    "85061-29827",      # separator in the wrong place
    "٨٥٠٦١٢-٩٨٢٧",      # digits of another script are not a personnummer form
    "850612-0004",      # serial 000 is never issued, Luhn is right
    "000229+2381",      # "+": born 1900 (no 29 February), never tried as 2000
    "19121212+1212",    # "+" with the century written out is no form
])
def test_rejected_forms(number):
    assert not is_personal_id(number)


@pytest.mark.parametrize("text", [
    "2026-11-22", "22/11/2026", "20261122", "perioden 20260101-20261231",
    "070-123 45 67", "08-123 456 78", "0771-123 456", "+46 70 123 45 67", "070-1234567",
    "SN 2026/123", "2026-0456", "VON 2026/0042", "Dnr 2026-000123",
    "RUT-BOU-014", "RUT-2026-0456", "1 250 000 kr", "12 345,50 kr", "4500000000 kr",
    "123 45 Östbro", "212000-1355", "850612-9821", "rum 1203-15", "10:00-12:00",
    "1985061298270",  # thirteen digits: part of a longer number
])
def test_other_numbers_are_not_personal_ids(text):
    assert find_personal_ids(text) == []


def _project(tmp_path, *names: str, settings_text: str = ""):
    project = tmp_path / "projekt"
    (project / "processes" / "omr").mkdir(parents=True)
    (project / "qms.yml").write_text((HOSTILE / "qms.yml").read_text(encoding="utf-8") + settings_text,
                                     encoding="utf-8")
    shutil.copy(HOSTILE / "processes" / "organisation.yml", project / "processes")
    for name in names:
        shutil.copy(HOSTILE / "processes" / "omr" / name, project / "processes" / "omr")
    return project


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    project = _project(tmp_path_factory.mktemp("pnr"), "personnummer.md", "process-personnummer.md",
                       "inte-personnummer.md", "giltig.md", "rutin-åäö.md")
    return check_project(project, dt.date.fromisoformat(TODAY))


def test_body_title_activity_and_code_block_are_all_reported_by_line(checked):
    found = {(finding.path.removeprefix("processes/omr/"), finding.line) for finding in checked.findings
             if finding.rule == "content.personal-id"}
    assert found == {("personnummer.md", line) for line in (3, 10, 11, 12, 13, 14, 15, 16, 17, 20)} | {
        ("process-personnummer.md", 7)}
    assert {"processes/omr/personnummer.md", "processes/omr/process-personnummer.md"} <= checked.rejected_paths
    assert "processes/omr/inte-personnummer.md" not in checked.rejected_paths


def test_message_masks_the_number_and_says_what_to_do(checked):
    finding = next(f for f in checked.findings if f.rule == "content.personal-id" and f.line == 10)
    assert "(19850612-****)" in finding.message
    assert "ta bort numret" in finding.message
    assert finding.severity.value == "error"


def test_no_output_repeats_a_number_in_full(qms, checked):
    text = (HOSTILE / "processes" / "omr" / "personnummer.md").read_text(encoding="utf-8")
    numbers = [text[match.start:match.end] for match in find_personal_ids(text)]
    assert len(numbers) == 10
    root = str(checked.handbook.settings.root)
    for output_format in ("text", "json", "github"):
        output = qms("check", root, "--format", output_format, "--today", TODAY).output
        for number in numbers:
            assert not re.search(rf"(?<![0-9]){re.escape(number)}(?![0-9])", output), (output_format, number)


def test_other_messages_that_quote_a_value_mask_it_too(tmp_path):
    project = _project(tmp_path)
    (project / "processes" / "omr" / "lank.md").write_text(
        "---\nid: RUT-OMR-001\ntype: rutin\nstatus: utkast\nowner: enhetschef\n---\n# Länk\n\n"
        "[Akten](akt-850612-9827.md)\n", encoding="utf-8")
    result = check_project(project, dt.date.fromisoformat(TODAY))
    (broken,) = [finding for finding in result.findings if finding.rule == "link.broken"]
    assert "akt-850612-****.md" in broken.message


def test_severity_of_personal_data_cannot_be_lowered(tmp_path):
    project = _project(tmp_path, "personnummer.md",
                       settings_text="severity:\n  content.personal-id: warning\n  content.unsafe-html: warning\n")
    result = check_project(project, dt.date.fromisoformat(TODAY))
    rules = {(finding.rule, finding.severity.value) for finding in result.findings}
    assert ("content.personal-id", "error") in rules
    assert ("content.personal-id", "warning") not in rules
    assert "processes/omr/personnummer.md" in result.rejected_paths


def test_a_number_in_a_file_name_is_reported(tmp_path):
    project = _project(tmp_path, "giltig.md")
    (project / "processes" / "omr" / "giltig.md").rename(project / "processes" / "omr" / "arende-8506129827.md")
    result = check_project(project, dt.date.fromisoformat(TODAY))
    (finding,) = [finding for finding in result.findings if finding.rule == "content.personal-id"]
    # The path stays as it is, so that the file can be found and held back from publishing.
    assert finding.path == "processes/omr/arende-8506129827.md" and finding.line == 1
    assert "Filnamnet" in finding.message and "850612****" in finding.message
    assert "8506129827" not in finding.message
    assert finding.path in result.rejected_paths


def test_a_pasted_list_of_numbers_gives_a_readable_report(tmp_path):
    project = _project(tmp_path)
    numbers = "".join(f"- 19121212-1212 ärende {number}\n" for number in range(30))
    (project / "processes" / "omr" / "export.md").write_text(
        "---\nid: RUT-OMR-001\ntype: rutin\nstatus: utkast\nowner: enhetschef\n---\n# Export\n\n" + numbers,
        encoding="utf-8")
    result = check_project(project, dt.date.fromisoformat(TODAY))
    found = [finding for finding in result.findings if finding.rule == "content.personal-id"]
    assert [finding.line for finding in found] == list(range(9, 30)) and len(found) == 21
    assert "ytterligare 10 ställen" in found[-1].message and "till rad 38" in found[-1].message
