"""Abbreviations marked in a page's text with what they stand for (publishing.abbreviations),
from the one glossary (handbook.abbreviations: the law vocabulary and data/abbreviations.yml).
Rendered by real Python-Markdown with the site's extensions."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from hypothesis import given, settings, strategies as st

from qms_tools.handbook.abbreviations import glossary
from qms_tools.handbook.regulations import load_laws
from qms_tools.publishing.abbreviations import Abbreviations

GLOSSARY = glossary(load_laws())


def _render(text: str) -> str:
    return markdown.markdown(text, extensions=["toc", "tables", "attr_list", "footnotes", Abbreviations(GLOSSARY)])


def _marks(html: str) -> list[tuple[str, str]]:
    root = etree.fromstring(f"<div>{html}</div>")
    return [(mark.text, mark.get("title")) for mark in root.iter("abbr")]


def test_acts_are_written_out_with_the_title_the_law_vocabulary_gives():
    assert GLOSSARY["PSL"] == "Patientsäkerhetslagen (2010:659)"
    # Two acts are called SoL: the one in force answers.
    assert GLOSSARY["SoL"] == "Socialtjänstlagen (2025:400)"
    assert GLOSSARY["IVO"] == "Inspektionen för vård och omsorg"
    assert "Lex Sarah" not in GLOSSARY and "SoL 2001:453" not in GLOSSARY


def test_whole_words_in_running_text_are_marked_and_nothing_else():
    html = _render("## Anmälan enligt PSL\n\nAnmäl enligt PSL till IVO. SoL:s regler gäller, se "
                   "[HSL](https://example.org/) och `LSS`. RUT-LSS-001 och LSS-001 är inga förkortningar, "
                   "inte heller PSLX, xPSL eller LSS-LED, men LSS-insatser har en.\n\n"
                   "| Lag | Vad |\n|---|---|\n| HSL | vård |\n")
    assert _marks(html) == [("PSL", "Patientsäkerhetslagen (2010:659)"), ("IVO", "Inspektionen för vård och omsorg"),
                            ("SoL", "Socialtjänstlagen (2025:400)"), ("LSS", GLOSSARY["LSS"]),
                            ("HSL", "Hälso- och sjukvårdslagen (2017:30)")]
    # The heading is left as written: the table of contents and its anchor read it.
    assert '<h2 id="anmalan-enligt-psl">Anmälan enligt PSL</h2>' in html


WORDS = st.sampled_from([*GLOSSARY, "RUT-LSS-001", "LSS-insats", "och", "enligt", "§", "PSL:s", "(IVO)", "x"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=4))
def test_marking_never_changes_the_text_a_reader_sees(paragraphs):
    source = "\n\n".join(paragraphs)
    plain = markdown.markdown(source)
    marked = _render(source)
    text = lambda html: "".join(etree.fromstring(f"<div>{html}</div>").itertext())  # noqa: E731
    assert text(marked) == text(plain)
    # Every mark is a whole glossary word carrying its expansion.
    assert all(GLOSSARY.get(word) == title for word, title in _marks(marked))
    # And every glossary word standing on its own or opening a compound is marked, none
    # inside an id.
    assert len(_marks(marked)) == sum(token.removesuffix("-insats").strip("():s") in GLOSSARY
                                      for token in source.split())
