"""The process map: activities in order, numbered, each with its routines as links and
badges; a vertical list that needs no width, placed on process and area pages."""

from __future__ import annotations

import dataclasses
import re

from page_checks import assert_golden, handbook, to_html, visible_text  # noqa: F401 - fixture

from qms_tools.publishing.pages import process_map


def test_process_map_matches_golden(handbook):
    assert_golden("process_map/PROC-OMS-001.md", process_map.render(handbook.by_id["PROC-OMS-001"], handbook))


def test_activities_are_numbered_steps_in_their_order(handbook):
    page_html = to_html(process_map.render(handbook.by_id["PROC-OMS-001"], handbook))
    assert '<div class="qms-process-map">' in page_html
    steps = re.findall(r'<span class="qms-activity">([^<]+)</span>', page_html)
    assert steps == ["Ta emot uppdraget", "Genomföra insatsen", "Följa upp"]
    assert page_html.count("<ol>") == 1 and "<table" not in page_html


def test_each_routine_is_a_link_with_its_badges(handbook):
    page_html = to_html(process_map.render(handbook.by_id["PROC-OMS-001"], handbook))
    assert '<a href="inskrivning.md">Inskrivning i hemtjänsten</a> <span class="qms-badge qms-badge--type">Rutin</span> ' \
           '<span class="qms-badge qms-badge--overdue" data-qms-due="2026-09-01/2026-10-01">Granskning försenad</span>' \
           in page_html
    assert '<a href="genomforande.md">Genomförandeplan</a> <span class="qms-badge qms-badge--type">Rutin</span> ' \
           '<span class="qms-badge qms-badge--draft">Utkast</span>' in page_html


def test_a_withdrawn_routine_points_to_its_replacement(handbook):
    text = visible_text(to_html(process_map.render(handbook.by_id["PROC-OMS-001"], handbook)))
    assert "Inskrivning på papper Rutin Upphävd – ersatt av Inskrivning i hemtjänsten" in text


def test_an_unknown_routine_and_an_empty_activity_are_shown_not_dropped(handbook):
    text = visible_text(to_html(process_map.render(handbook.by_id["PROC-OMS-001"], handbook)))
    assert "RUT-OMS-404 Finns inte i handboken" in text
    assert "Följa upp Ingen rutin angiven" in text


def test_links_are_relative_to_the_page_the_map_is_placed_on(handbook):
    process = handbook.by_id["PROC-OMS-001"]
    assert "](inskrivning.md)" in process_map.render(process, handbook)
    assert "](../omsorg/inskrivning.md)" in process_map.render(process, handbook, "omraden/omsorg.md")
    assert "](omsorg/inskrivning.md)" in process_map.render(process, handbook, "index.md")


def test_a_process_without_activities_says_so(handbook):
    process = dataclasses.replace(handbook.by_id["PROC-OMS-001"], activities=[])
    assert "Processen har inga aktiviteter angivna." in visible_text(to_html(process_map.render(process, handbook)))


DESCRIBED = """
# Hemtjänstprocessen

Inledning.

## Aktiviteter

### 1. Ta emot uppdraget

Uppdraget kommer från biståndshandläggaren.

### Genomföra insatsen

Insatsen genomförs.

### 3. Följa upp

Följs upp varje halvår.

## Uppföljning

Text.
"""


def test_a_process_describing_each_activity_lists_its_routines_there_and_no_map(handbook):
    process = handbook.by_id["PROC-OMS-001"]
    described = dataclasses.replace(process, body=DESCRIBED, body_line=20)
    markdown = process_map.process_page_markdown(described, handbook)
    assert "qms-process-map" not in markdown
    assert markdown.count('<div class="qms-activity-routines" markdown>') == 3
    html = to_html(markdown)
    text = visible_text(html)
    # Each activity once: its heading, its routines, then its text.
    assert text.index("1. Ta emot uppdraget") < text.index("Inskrivning i hemtjänsten") \
        < text.index("Uppdraget kommer från") < text.index("Genomföra insatsen")
    assert text.count("Inskrivning i hemtjänsten") == 2   # a routine, and the replacement of a withdrawn one
    assert "Ingen rutin angiven" in text[text.index("3. Följa upp"):]
    assert markdown.startswith("# Hemtjänstprocessen")


def test_a_process_not_describing_every_activity_keeps_its_map(handbook):
    process = handbook.by_id["PROC-OMS-001"]
    partial = dataclasses.replace(process, body=DESCRIBED.replace("### Genomföra insatsen", "### Något annat"),
                                  body_line=20)
    markdown = process_map.process_page_markdown(partial, handbook)
    assert "qms-activity-routines" not in markdown and '<div class="qms-process-map" markdown>' in markdown
    assert markdown.index("# Hemtjänstprocessen") < markdown.index("qms-process-map") < markdown.index("Inledning.")
