"""Coverage pages: every chapter and paragraph, the documents that address it, and the
gaps. Only documents in force count; a chapter reference covers all its paragraphs."""

from __future__ import annotations

import pytest

from page_checks import assert_golden, handbook, ids, section, to_html, visible_text  # noqa: F401 - fixture

from qms_tools.publishing.pages import coverage


@pytest.fixture(scope="module")
def sosfs(handbook):
    return coverage.coverage(handbook.regulations.get("sosfs-2011-9"), handbook)


@pytest.fixture(scope="module")
def sosfs_html(sosfs, handbook):
    return to_html(coverage.page(sosfs, handbook).markdown)


@pytest.mark.parametrize("regulation_id", ["sosfs-2011-9", "ikf-2026-1"])
def test_coverage_page_matches_golden(handbook, regulation_id):
    page = coverage.page(coverage.coverage(handbook.regulations.get(regulation_id), handbook), handbook)
    assert page.src_uri == f"regelverk/{regulation_id}.md"
    assert_golden(page.src_uri, page.markdown)


def test_gaps_are_the_counted_paragraphs_without_a_document_in_force(sosfs):
    assert [gap.label for gap in sosfs.gaps] == ["4 kap. 1 §", "4 kap. 5 §", "4 kap. 6 §", "4 kap. 7 §", "4 kap. 8 §",
                                                "7 kap. 2 §"]
    assert len(sosfs.counted) == 22


def test_counts_are_stated_plainly(sosfs_html):
    text = visible_text(sosfs_html)
    assert "16 av 22 paragrafer i 3–7 kap. har minst ett gällande dokument. 6 saknas: 4 kap. 1 §, 4 kap. 5 §," in text
    assert "1–2 kap. visas men räknas inte i täckningen." in text
    assert "3 av 8 paragrafer har minst ett gällande dokument." in visible_text(section(sosfs_html, "kap-4"))


def test_a_gap_is_marked_and_a_draft_does_not_fill_it(sosfs_html):
    text = visible_text(section(sosfs_html, "p-4-1"))
    assert "Saknas – inget gällande dokument" in text
    assert "Utkast som ännu inte räknas: Genomförandeplan Rutin Utkast RUT-OMS-002" in text
    assert '<p class="qms-gap">Saknas – inget gällande dokument</p>' in section(sosfs_html, "p-4-5")


def test_a_chapter_reference_covers_every_paragraph_of_the_chapter(sosfs_html):
    for paragraph in range(1, 9):
        text = visible_text(section(sosfs_html, f"p-5-{paragraph}"))
        assert "Checklista vid första besöket" in text and "CHK-OMS-001, hela 5 kap." in text
    # A document naming both the paragraph and (through another document) the chapter is listed once.
    assert visible_text(section(sosfs_html, "p-5-4")).count("Avvikelsehantering") == 1


def test_withdrawn_documents_do_not_count(sosfs_html):
    text = visible_text(section(sosfs_html, "p-4-4"))
    assert "Inskrivning i hemtjänsten" in text
    assert "Inskrivning på papper" not in text


def test_chapters_before_coverage_from_chapter_are_shown_but_never_gaps(sosfs_html):
    for anchor in ("p-1-2", "p-2-1"):
        text = visible_text(section(sosfs_html, anchor))
        assert "Inga gällande dokument hänvisar hit." in text and "Saknas" not in text
    assert "Kapitlet räknas inte i täckningen." in visible_text(section(sosfs_html, "kap-1"))


def test_unverified_paragraph_numbers_are_for_editors_only(sosfs, sosfs_html):
    """Readers look up a requirement; whether its number was checked against the
    regulation is the editors' business: listed once, folded under "För redaktörer"."""
    for anchor in ("p-3-1", "p-4-2"):
        assert "verifierat" not in visible_text(section(sosfs_html, anchor))
    unverified = [requirement.label for chapter in sosfs.chapters for requirement in chapter.requirements
                  if not requirement.verified]
    assert "3 kap. 1 §" in unverified and "4 kap. 2 §" not in unverified
    editors = sosfs_html[sosfs_html.index('<details class="qms-editors">'):]
    assert "<summary>För redaktörer</summary>" in editors
    assert f"{len(unverified)} paragrafnummer i regeldata är inte verifierade mot författningen: " \
           f"{', '.join(unverified)}." in visible_text(editors)
    assert sosfs_html.count("verifierade") == 1


def test_every_chapter_and_paragraph_has_its_anchor(sosfs, sosfs_html):
    regulation = sosfs.regulation
    expected = {f"kap-{chapter.number}" for chapter in regulation.chapters} | \
        {f"p-{p.chapter}-{p.number}" for chapter in regulation.chapters for p in chapter.paragraphs}
    assert expected <= ids(sosfs_html)
    assert coverage.anchor(4) == "kap-4" and coverage.anchor(4, 4) == "p-4-4"


def test_a_chapter_without_paragraphs_is_covered_as_a_whole(handbook):
    facts = coverage.coverage(handbook.regulations.get("ikf-2026-1"), handbook)
    assert [gap.label for gap in facts.gaps] == ["1 kap. 2 §", "3 kap."]
    page_html = to_html(coverage.page(facts, handbook).markdown)
    assert "Ledningssystem för kvalitet Styrdokument STY-LED-001, hela 2 kap." in visible_text(section(page_html, "kap-2"))
    assert "Saknas – inget gällande dokument" in visible_text(section(page_html, "kap-3"))


def test_a_long_list_of_documents_is_folded_away_with_its_count(handbook):
    facts = coverage.coverage(handbook.regulations.get("ikf-2026-1"), handbook)
    folded = to_html(coverage.page(facts, handbook, collapse_after=5).markdown)
    paragraph = section(folded, "p-1-1")
    assert '<details class="qms-coverage-list">' in paragraph
    assert "<summary>8 gällande dokument</summary>" in paragraph and paragraph.count("<li>") == 8
    assert "<details" not in section(folded, "kap-2")
    assert "qms-coverage-list" not in to_html(coverage.page(facts, handbook).markdown)
