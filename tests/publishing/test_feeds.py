"""The "Senaste ändringar" page and the Atom feeds, on a real Git repository whose
commits carry chosen dates, built by MkDocs and read back with an independent reader
(feedparser) and as XML against RFC 4287's essentials."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import feedparser
import pytest

from conftest import FIXTURES, git
from mkdocs_plugin.test_build import build_site

SITE_URL = "https://example.invalid/handbok/"
"""The site_url of the site_small fixture's qms.yml."""

ATOM = "{http://www.w3.org/2005/Atom}"
EXTRA = """---
id: RUT-OMS-009
type: rutin
status: gällande
owner: enhetschef-hemtjanst
area: omsorg
reviewed: 2026-04-01
review_date: 2027-04-01
sosfs: ["4:4"]
---

# Tillfällig rutin för sommaren
"""


def commit(project: Path, date: str, message: str, *arguments: str) -> None:
    stamp = f"{date}T10:00:00+01:00"
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "PATH": "/usr/bin:/bin"}
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message, *arguments, env=env)


def edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def history_of_each_kind(project: Path) -> None:
    (project / "processes/omsorg/gammal-anteckning.md").write_text(
        EXTRA.replace("RUT-OMS-009", "RUT-OMS-008").replace("sommaren", "vintern"), encoding="utf-8")
    git(project, "init", "-q")
    commit(project, "2026-01-10", "Första versionen")  # outside the 90 days before 2026-11-22
    (project / "processes/omsorg/tillfallig.md").write_text(EXTRA, encoding="utf-8")
    (project / "processes/omsorg/kvittens.md").write_text(
        EXTRA.replace("RUT-OMS-009", "RUT-OMS-007").replace("Tillfällig rutin för sommaren", "Kvittera larm"),
        encoding="utf-8")
    commit(project, "2026-09-01", "Två nya rutiner")
    edit(project, "processes/omsorg/mottagning.md", "# ", "# ")  # touch nothing: no commit
    mottagning = project / "processes/omsorg/mottagning.md"
    mottagning.write_text(mottagning.read_text(encoding="utf-8") + "\nRing tillbaka samma dag.\n", encoding="utf-8")
    commit(project, "2026-10-01", "Förtydliga mottagningen")
    edit(project, "processes/omsorg/nyckelhantering.md", "reviewed: 2025-12-10", "reviewed: 2026-10-15")
    edit(project, "processes/omsorg/nyckelhantering.md", "review_date: 2026-12-10", "review_date: 2027-10-15")
    commit(project, "2026-10-15", "Granskad utan ändringar")
    edit(project, "processes/stod/diarieforing.md", "status: gällande", "status: upphävd")
    commit(project, "2026-11-01", "Upphäv diarieföringen")
    git(project, "mv", "processes/omsorg/kvittens.md", "processes/omsorg/kvittera-larm.md")
    commit(project, "2026-11-05", "Byt filnamn på kvittensrutinen")
    git(project, "rm", "-q", "processes/omsorg/tillfallig.md")
    commit(project, "2026-11-10", "Remove the summer routine\n\nBeskrivning: Sommaren är slut.")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = tmp_path_factory.mktemp("andringar") / "handbok"
    shutil.copytree(FIXTURES / "site_small", project)
    history_of_each_kind(project)
    result = build_site(project, project / "site", strict=False)
    assert not result.aborted, result.messages(40)
    return project, result


def feed(built, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((built[1].site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def kinds(parsed) -> dict[str, str]:
    return {entry.title.split(" (")[-1].rstrip(")"): entry.tags[0].term for entry in parsed.entries}


def test_the_handbook_feed_names_each_kind_of_change(built):
    parsed = feed(built, "andringar/handbok.xml")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Senaste ändringar – Testby kommun"
    assert parsed.feed.language == "sv"
    assert [(entry.updated[:10], entry.tags[0].term, entry.title.split(" (")[-1].rstrip(")"))
            for entry in parsed.entries] == [
        ("2026-11-10", "borttagen", "RUT-OMS-009"), ("2026-11-05", "flyttad", "RUT-OMS-007"),
        ("2026-11-01", "upphävd", "RUT-STO-001"), ("2026-10-15", "granskad utan ändring", "RUT-OMS-003"),
        ("2026-10-01", "ändrad", "RUT-OMS-001"), ("2026-09-01", "ny", "RUT-OMS-007")]
    # Newest first; the feed's time is its newest entry's.
    assert parsed.feed.updated == parsed.entries[0].updated
    first = parsed.entries[0]
    assert first.title == "Borttagen: Tillfällig rutin för sommaren (RUT-OMS-009)"
    assert first.link == "https://example.invalid/handbok/d/RUT-OMS-009/"
    # The kind and the commit's description for readers; never the developer's subject.
    assert first.summary == "2026-11-10: Borttagen: Sommaren är slut."
    assert not any("Remove the summer" in entry.summary for entry in parsed.entries)


def test_a_document_added_and_deleted_in_the_window_is_listed_as_deleted(built):
    # Its first version, "ny", is no published document any more: only its removal is.
    titles = [entry.title for entry in feed(built, "andringar/handbok.xml").entries]
    assert [title for title in titles if "RUT-OMS-009" in title] == [
        "Borttagen: Tillfällig rutin för sommaren (RUT-OMS-009)"]


def test_area_and_unit_feeds_hold_only_their_documents(built):
    # The removed RUT-OMS-009 is where its last version was: area omsorg, owned by the
    # Enhetschef hemtjänst.
    omsorg = kinds(feed(built, "andringar/omrade/omsorg.xml"))
    assert set(omsorg) == {"RUT-OMS-003", "RUT-OMS-001", "RUT-OMS-007", "RUT-OMS-009"}
    kansli = kinds(feed(built, "andringar/enhet/kansli.xml"))
    assert set(kansli) == {"RUT-OMS-003", "RUT-STO-001"}  # owned by the Kanslichef, in the Kansli
    hemtjanst = feed(built, "andringar/enhet/hemtjanst.xml")
    assert set(kinds(hemtjanst)) == {"RUT-OMS-001", "RUT-OMS-007", "RUT-OMS-009"}
    assert kinds(hemtjanst)["RUT-OMS-009"] == "borttagen"
    assert "RUT-OMS-009" not in kinds(feed(built, "andringar/omrade/stod.xml"))


def test_a_rename_without_edit_is_its_own_kind(built):
    entries = feed(built, "andringar/handbok.xml").entries
    moved = [entry for entry in entries if entry.tags[0].term == "flyttad"]
    assert [entry.title for entry in moved] == ["Flyttad: Kvittera larm (RUT-OMS-007)"]
    page = (built[1].site / "andringar/index.html").read_text(encoding="utf-8")
    assert "<option>flyttad</option>" in page


def test_a_removed_document_is_filed_under_its_last_area_on_the_page(built):
    page = (built[1].site / "andringar/index.html").read_text(encoding="utf-8")
    row = next(row for row in page.split("<tr")[1:] if "RUT-OMS-009" in row)
    assert "borttagen" in row and "Omsorg" in row and "Rutin" in row


def test_feeds_have_rfc_4287_essentials(built):
    for path in sorted((built[1].site / "andringar").rglob("*.xml")):
        root = ElementTree.parse(path).getroot()
        assert root.tag == f"{ATOM}feed"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"
        for tag in ("id", "title", "updated"):
            assert len(root.findall(f"{ATOM}{tag}")) == 1, (path, tag)
        assert root.find(f"{ATOM}author/{ATOM}name").text == "Testby kommun"
        assert root.find(f"{ATOM}id").text.startswith("https://example.invalid/handbok/andringar/")
        assert [link.get("href") for link in root.findall(f"{ATOM}link[@rel='self']")] == [
            "https://example.invalid/handbok/" + path.relative_to(built[1].site).as_posix()]
        for entry in root.findall(f"{ATOM}entry"):
            for tag in ("id", "title", "updated"):
                assert len(entry.findall(f"{ATOM}{tag}")) == 1, (path, tag)
            assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
            assert entry.find(f"{ATOM}link[@rel='alternate']") is not None


def test_ids_stay_the_same_across_builds_and_new_changes(built, tmp_path):
    project, first = built
    again = build_site(project, tmp_path / "igen", strict=False)
    assert (again.site / "andringar/handbok.xml").read_bytes() == (first.site / "andringar/handbok.xml").read_bytes()
    before = {entry.id: entry.title for entry in feed(built, "andringar/handbok.xml").entries}
    copy = tmp_path / "handbok"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    edit(copy, "processes/omsorg/lakemedel.md", "# ", "# Ny: ")
    commit(copy, "2026-11-20", "Ny rubrik")
    later = build_site(copy, tmp_path / "senare", strict=False)
    parsed = feedparser.parse((later.site / "andringar/handbok.xml").read_bytes())
    after = {entry.id: entry.title for entry in parsed.entries}
    assert before.items() <= after.items()
    assert len(after) == len(before) + 1
    assert parsed.entries[0].title.startswith("Ändrad: Ny: ")


def test_the_page_lists_the_changes_with_filters_and_the_feeds(built):
    page = (built[1].site / "andringar/index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "Senaste ändringar" in page
    for label in ("Ändring", "Typ", "Område", "Enhet"):
        assert f"<label>{label} <select" in page
    for kind in ("ny", "ändrad", "granskad utan ändring", "flyttad", "upphävd", "borttagen"):
        assert f"<option>{kind}</option>" in page
    # Full addresses, to copy into a feed reader, each of a feed the build wrote.
    addresses = re.findall(r'href="([^"]+\.xml)"', page)
    assert addresses and all(address.startswith("https://") for address in addresses)
    for address in addresses:
        assert address.startswith(SITE_URL), address
        assert (built[1].site / address.removeprefix(SITE_URL)).is_file(), address
    assert "Område: Omsorg" in page and "Enhet: Kansliet" in page
    # The commit outside the 90 days is not listed.
    assert "2026-01-10" not in page


def test_the_history_table_names_the_move_too(built):
    page = (built[1].site / "omsorg/kvittera-larm/index.html").read_text(encoding="utf-8")
    history = page[page.index('id="qms-andringshistorik"'):]
    rows = history[:history.index("</table>")].split("<tr")[2:]
    assert ">Flyttad<" in rows[0] and "2026-11-05" in rows[0]
    assert "Flyttad" not in rows[1]
