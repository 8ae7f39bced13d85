"""Earlier versions and the change view: the word-level difference, proved on any text
(Hypothesis) and on a real Git repository built by MkDocs."""

from __future__ import annotations

import html
import re
import shutil

import pytest
from hypothesis import given, settings, strategies as st

from conftest import FIXTURES, git
from mkdocs_plugin.test_build import build_site
from publishing.test_feeds import history_of_each_kind

from qms_tools.handbook.personal_ids import find_in_published
from qms_tools.publishing.versions import CACHE_FILE, changed_sections, diff_uri, version_uri, word_diff

BANNER = "Detta är inte den gällande versionen – gällande version finns här."


def _side(marked: str, keep: str, drop: str) -> str:
    text = re.sub(rf"<{drop}>.*?</{drop}>", "", marked, flags=re.DOTALL)
    return html.unescape(re.sub(rf"</?{keep}>", "", text))


words = st.lists(st.sampled_from(["rutin", "ska", "ring", "<b>", "&", "samma", "dag.", "\n", "  ", "1.", "## Syfte"]),
                 max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(words, words)
def test_the_marked_text_gives_back_both_versions(old, new):
    marked = str(word_diff(old, new))
    assert _side(marked, "ins", "del") == new
    assert _side(marked, "del", "ins") == old
    assert "<b>" not in marked  # every character of the text is escaped


def test_a_commit_whose_abbreviation_is_a_personnummer_gets_an_address_that_is_not():
    """Found by the 1,500-document benchmark: commit 6110127963… abbreviated to ten
    digits is a valid personnummer, and the final gate refused the site."""
    commit = "6110127963" + "ab" * 15
    assert find_in_published(f"/{commit[:10]}/")  # the address it used to get
    for uri in (version_uri("RUT-A-001", commit), diff_uri("RUT-A-001", commit)):
        assert "/611012796/" in uri and not find_in_published(uri)
    assert version_uri("RUT-A-001", "0a1b2c3d4e" + "0" * 30) == "versioner/RUT-A-001/0a1b2c3d4e/index.html"


@settings(max_examples=500, deadline=None)
@given(st.text("0123456789", min_size=8, max_size=12).flatmap(
    lambda digits: st.text("0123456789abcdef", min_size=40 - len(digits), max_size=40 - len(digits)).map(
        lambda rest: digits + rest)))
def test_no_version_address_reads_as_a_personnummer(commit):
    for uri in (version_uri("RUT-A-001", commit), diff_uri("RUT-A-001", commit)):
        assert not find_in_published(uri), uri


def test_only_the_changed_sections_are_named():
    old = "# Rutin\n\n## Syfte\n\nAtt svara snabbt.\n\n## Gör så här\n\n1. Ring den som anmält.\n2. Skriv.\n\n## Ansvar\n\nChefen.\n"
    new = "# Rutin\n\n## Syfte\n\nAtt svara snabbt.\n\n## Gör så här\n\n1. Ring samma dag den som anmält.\n2. Skriv.\n\n## Uppföljning\n\nVarje år.\n"
    changed = dict(changed_sections(old, new))
    assert list(changed) == ["Gör så här", "Uppföljning", "Ansvar"]
    assert str(changed["Gör så här"]).count("<ins>") == 1 and re.search(r"<ins>\s*samma dag\s*</ins>",
                                                                      str(changed["Gör så här"]))
    assert "<del>" not in str(changed["Gör så här"])
    assert "<del>" in str(changed["Ansvar"]) and "<ins>" not in str(changed["Ansvar"])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = tmp_path_factory.mktemp("versioner") / "handbok"
    shutil.copytree(FIXTURES / "site_small", project)
    history_of_each_kind(project)
    result = build_site(project, project / "site", strict=False)
    assert not result.aborted
    commits = git(project, "log", "--format=%H", "--", "processes/omsorg/mottagning.md").split()
    return result.site, commits


def test_the_history_table_links_each_version_and_change(built):
    site, (newest, first) = built
    page = (site / "omsorg/mottagning/index.html").read_text(encoding="utf-8")
    history = page[page.index('id="qms-andringshistorik"'):]
    links = re.findall(r'(?:href|action)="([^"]+)"', history[:history.index("</section>")])
    assert links == [f"../../versioner/RUT-OMS-001/{newest[:10]}/andringar/",
                     f"../../versioner/RUT-OMS-001/{first[:10]}/", "../../versioner/RUT-OMS-001/"]
    for link in links:
        assert (site / "omsorg/mottagning" / link / "index.html").resolve().is_file(), link
    assert '<label>Visa versionen som gällde <input type="date" name="datum" required></label>' in history


def test_an_earlier_version_reads_as_it_was_under_the_banner(built):
    site, (_, first) = built
    page = (site / f"versioner/RUT-OMS-001/{first[:10]}/index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert BANNER in text
    assert 'href="../../../d/RUT-OMS-001/"' in page
    assert "Versionen gällde från 2026-01-10 till 2026-10-01" in text
    assert "Ring tillbaka samma dag" not in text and "Läs beställningen i verksamhetssystemet." in text


def test_the_change_view_names_the_section_and_marks_the_words(built):
    site, (newest, _) = built
    page = (site / f"versioner/RUT-OMS-001/{newest[:10]}/andringar/index.html").read_text(encoding="utf-8")
    assert "Ändrade avsnitt: <a href=\"#avsnitt-1\">Gör så här</a>." in page
    assert re.search(r"<ins>\s*Ring tillbaka samma dag\.</ins>", page)
    assert "<del>" not in page.split("</p>", 3)[-1]  # nothing was taken away
    # The change to the version in force carries no banner.
    assert "Detta är inte den gällande versionen" not in page


def test_a_review_without_change_says_the_text_is_the_same(built):
    site, _ = built
    (diff,) = (site / "versioner/RUT-OMS-003").glob("*/andringar/index.html")
    assert "Texten är densamma" in diff.read_text(encoding="utf-8")


def _tree(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def test_a_build_with_the_kept_renderings_writes_the_same_bytes(built, tmp_path):
    site, _ = built
    project = site.parent
    # The fixture's build had no cache of renderings, and left one.
    kept = project / CACHE_FILE
    assert kept.is_file()
    again = build_site(project, tmp_path / "igen", strict=False)
    assert not again.aborted
    first, second = _tree(site / "versioner"), _tree(again.site / "versioner")
    assert len(first) > 5 and first == second
    # And without it again, as a fresh clone builds.
    kept.unlink()
    fresh = build_site(project, tmp_path / "ny", strict=False)
    assert _tree(fresh.site / "versioner") == first
    assert kept.is_file()


def test_a_build_with_kept_decisions_reads_no_blob(built, monkeypatch):
    """The second build of an unchanged handbook makes every version file from what the
    first one kept: no blob is read from Git, and the files are the same."""
    import datetime as dt

    from qms_tools.check.run import check_project
    from qms_tools.publishing import versions
    from qms_tools.publishing.publication import publish

    site, _ = built
    project = site.parent

    def made():
        publication = publish(check_project(project, dt.date(2026, 11, 22)))
        files = versions.version_files(publication.handbook, list(publication.withheld_documents.values()))
        contents = {file.dest_uri: file.content for file in files}
        versions.save_renderings(publication.handbook)
        return contents

    first = made()
    monkeypatch.setattr(versions, "contents", lambda *arguments: pytest.fail("a blob was read"))
    assert made() == first and len(first) > 5
