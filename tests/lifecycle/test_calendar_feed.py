"""`qms calendar`: RFC 5545 feeds of review dates, checked by parsing them back with the
`icalendar` package and by reading the raw lines."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from conftest import TODAY

from qms_tools.lifecycle.calendar_feed import MAX_LINE_OCTETS, escape_text, fold

CASE = "review-lifecycle"

REVIEW_DATES = {
    "PROC-OMR-001": dt.date(2027, 6, 30),
    "RUT-OMR-001": dt.date(2026, 10, 1),
    "RUT-OMR-002": dt.date(2026, 12, 10),
    "RUT-OMR-003": dt.date(2026, 9, 15),
    "CHK-OMR-001": dt.date(2026, 12, 1),
    "RUT-OMR-004": dt.date(2027, 5, 1),
}


@pytest.fixture
def feeds(project, qms, tmp_path):
    output = tmp_path / "kalender"
    result = qms("calendar", str(project(CASE)), "--today", TODAY, "--output", str(output))
    assert result.exit_code == 0, result.output
    return output


def events(path):
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]).split("@")[0].removeprefix("granskning-"): event for event in calendar.walk("VEVENT")}


def test_one_feed_for_everything_and_one_per_unit(feeds):
    assert sorted(path.name for path in feeds.iterdir()) == [
        "granskningar-enhet-a.ics", "granskningar-enhet-b.ics", "granskningar-kvalitet.ics", "granskningar.ics"]
    assert set(events(feeds / "granskningar.ics")) == set(REVIEW_DATES)  # no draft, no withdrawn document
    assert set(events(feeds / "granskningar-enhet-a.ics")) == {"RUT-OMR-001", "RUT-OMR-002", "RUT-OMR-004"}
    assert set(events(feeds / "granskningar-enhet-b.ics")) == {"RUT-OMR-003", "CHK-OMR-001"}
    assert set(events(feeds / "granskningar-kvalitet.ics")) == {"PROC-OMR-001"}
    calendar = icalendar.Calendar.from_ical((feeds / "granskningar-enhet-b.ics").read_bytes())
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert str(calendar["X-WR-CALNAME"]) == "Granskningar – Enhet B"


def test_events_are_all_day_on_the_review_date(feeds):
    for document_id, event in events(feeds / "granskningar.ics").items():
        start = event["DTSTART"].dt
        assert type(start) is dt.date and start == REVIEW_DATES[document_id], document_id
        assert event["DTEND"].dt == start + dt.timedelta(days=1)
        assert event["DTSTAMP"].dt == dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)
        assert str(event["UID"]) == f"granskning-{document_id}@handbok.example.invalid"


def test_summary_and_description_survive_escaping_and_folding(feeds):
    event = events(feeds / "granskningar.ics")["RUT-OMR-001"]
    assert str(event["SUMMARY"]) == "Granska: Mottagning; telefon, e-post och besök (RUT-OMR-001)"
    description = str(event["DESCRIPTION"]).split("\n")
    assert description[:2] == ["Ägare: Enhetschef A (enhetschef-a)", "Kontakt: Bo Berg (@bo-b)"]
    assert "Länk: https://handbok.example.invalid/d/RUT-OMR-001/" in description
    assert str(event["URL"]) == "https://handbok.example.invalid/d/RUT-OMR-001/"
    long_title = events(feeds / "granskningar.ics")["RUT-OMR-004"]
    assert str(long_title["SUMMARY"]) == ("Granska: Journalföring, dokumentation och arkivering – en mycket lång "
                                          "titel som måste radbrytas i kalendern (RUT-OMR-004)")
    vacant = str(events(feeds / "granskningar.ics")["RUT-OMR-003"]["DESCRIPTION"])
    assert "Kontakt: Kim Kvist (@kim-kvist)" in vacant and "Eftersom: Enhetschef B (enhetschef-b) är vakant" in vacant


def test_crlf_line_endings_and_lines_of_at_most_75_octets(feeds):
    raw = (feeds / "granskningar.ics").read_bytes()
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= MAX_LINE_OCTETS
    assert any(line.startswith(b" ") for line in lines)  # the long lines really were folded
    for line in lines:
        line.decode("utf-8")  # never folded inside a character


def test_same_day_same_bytes_and_stable_uids(project, qms, tmp_path):
    root = project(CASE)
    for name, day in (("a", TODAY), ("b", TODAY), ("c", "2026-11-23")):
        assert qms("calendar", str(root), "--today", day, "--output", str(tmp_path / name)).exit_code == 0
    first, again, next_day = ((tmp_path / name / "granskningar.ics").read_bytes() for name in "abc")
    assert first == again
    assert set(events(tmp_path / "a" / "granskningar.ics")) == set(events(tmp_path / "c" / "granskningar.ics"))
    assert first != next_day  # only the stamp moves


def test_fold_counts_octets_not_characters():
    line = "DESCRIPTION:" + "å" * 80
    folded = fold(line).split("\r\n")
    assert all(len(part.encode("utf-8")) <= MAX_LINE_OCTETS for part in folded)
    assert "".join(part[1:] if index else part for index, part in enumerate(folded)) == line
    assert fold("SUMMARY:kort") == "SUMMARY:kort"
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_no_documents_with_review_dates_writes_nothing(project, qms, tmp_path):
    root = project(CASE)
    for document in (root / "processes/omr").glob("*.md"):
        text = document.read_text(encoding="utf-8").replace("status: gällande", "status: utkast")
        document.write_text(text, encoding="utf-8")
    result = qms("calendar", str(root), "--today", TODAY, "--output", str(tmp_path / "tom"))
    assert result.exit_code == 0 and "inga kalenderfiler" in result.output
    assert list((tmp_path / "tom").iterdir()) == []


def test_no_feed_is_written_with_a_personal_number(project, qms, tmp_path):
    """The deploy workflow writes the feeds into the site after the site's final gate: the
    command is its own gate, and names the feed without the number in full."""
    root = project(CASE)
    registry = root / "processes" / "organisation.yml"
    text = registry.read_text(encoding="utf-8")
    unit_title = next(line for line in text.splitlines() if line.strip().startswith("title:") and "Enhet" in line)
    registry.write_text(text.replace(unit_title, unit_title + " 121212–1212", 1), encoding="utf-8")
    output = tmp_path / "kalender"
    result = qms("calendar", str(root), "--today", TODAY, "--output", str(output))
    assert result.exit_code == 2
    assert "121212–****" in result.stderr + result.output
    assert "1212121212" not in "".join(character for character in result.stderr + result.output
                                       if character.isdigit())
    assert not output.exists() or not list(output.glob("*.ics"))
