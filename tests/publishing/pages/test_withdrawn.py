"""Withdrawn documents (upphävda): kept readable, each with what replaced it."""

from __future__ import annotations

import dataclasses

from page_checks import assert_golden, handbook, to_html, visible_text  # noqa: F401 - fixture

from qms_tools.publishing.pages import withdrawn


def test_withdrawn_page_matches_golden(handbook):
    page = withdrawn.generate(handbook)
    assert (page.src_uri, page.title) == ("upphavda.md", "Upphävda dokument")
    assert_golden("upphavda.md", page.markdown)


def test_each_withdrawn_document_links_to_itself_and_its_replacement(handbook):
    markdown = withdrawn.generate(handbook).markdown
    assert "[Inskrivning på papper](omsorg/gammal.md)" in markdown
    assert "– ersatt av [Inskrivning i hemtjänsten](omsorg/inskrivning.md)" in markdown
    text = visible_text(to_html(markdown))
    assert "Gammal uppföljningsrutin Rutin Upphävd RUT-LED-002, Ledning och kvalitet – ingen ersättare angiven" in text
    assert "Avvikelsehantering" not in text
    # The withdrawn document's id stands by its own title, the replacement's by its own.
    assert ("Inskrivning på papper Rutin Upphävd RUT-OMS-009, Omsorg – ersatt av Inskrivning i hemtjänsten "
            "(RUT-OMS-001)") in text


def test_no_withdrawn_documents_says_so(handbook):
    current = dataclasses.replace(handbook, documents=[d for d in handbook.documents if not d.is_withdrawn])
    assert "Inga dokument är upphävda." in withdrawn.generate(current).markdown
