"""What every generated page relies on: escaping, relative links, Swedish order."""

from __future__ import annotations

import pytest

from page_checks import to_html, visible_text

from qms_tools.publishing.pages.common import id_key, link, swedish_key, text

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[klicka](javascript:alert(1))",
           "*fet* _kursiv_ `kod` ~~struken~~ ==markerad==", "Rubrik {#falskt-id}", "a | b", "&amp; &lt;", "# inte rubrik",
           "![bild](x.png)", "Tab\toch\nradbrytning", "\\[escaped\\]"]


@pytest.mark.parametrize("value", HOSTILE)
def test_untrusted_text_shows_exactly_as_written_in_markdown_and_in_html(value):
    expected = " ".join(value.split())
    assert visible_text(to_html(f"- Före {text(value)} efter")) == f"Före {expected} efter"
    assert visible_text(to_html(f'<p class="x">{text(value)}</p>')) == expected
    assert visible_text(to_html(f"[{text(value)}](mal.md)")) == expected


@pytest.mark.parametrize("from_uri, to_uri, anchor, expected", [
    ("index.md", "omsorg/rutin.md", None, "omsorg/rutin.md"),
    ("omraden/omsorg.md", "omsorg/rutin.md", None, "../omsorg/rutin.md"),
    ("omsorg/process.md", "omsorg/rutin.md", None, "rutin.md"),
    ("omsorg/process.md", "omsorg/process.md", None, "process.md"),
    ("omsorg/a/b.md", "regelverk/sosfs-2011-9.md", "p-4-4", "../../regelverk/sosfs-2011-9.md#p-4-4"),
    ("register.md", "äldre omsorg/rutin (ny).md", None, "%C3%A4ldre%20omsorg/rutin%20%28ny%29.md"),
])
def test_links_are_relative_to_the_page_and_safe_in_markdown(from_uri, to_uri, anchor, expected):
    assert link(from_uri, to_uri, anchor) == expected


def test_swedish_alphabetical_order():
    words = ["Öppenvård", "Ärende", "Åtgärd", "Zon", "avvikelse", "Église", "Anmälan"]
    assert sorted(words, key=swedish_key) == ["Anmälan", "avvikelse", "Église", "Zon", "Åtgärd", "Ärende", "Öppenvård"]


def test_ids_in_natural_order():
    ids = ["RUT-LED-10", "RUT-LED-2", "CHK-LED-1", "RUT-LED-1"]
    assert sorted(ids, key=id_key) == ["CHK-LED-1", "RUT-LED-1", "RUT-LED-2", "RUT-LED-10"]
