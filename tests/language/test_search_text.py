"""Words as search sees them: sections split at headings, no link targets, HTML or code."""

from __future__ import annotations

from qms_tools.handbook import markdown_scan
from qms_tools.language.text import plain_sentences, sections, stem, words

BODY = """# Placering i familjehem

Inledning med [en länk](../stodprocesser/samverkan-sip.md) och <b>fetstil</b>. {: #ingress }

[sip]: ../stodprocesser/samverkan-sip.md

## Syfte

1. Barnet ska ha en trygg placering.

```
kodblock som inte ska sökas
```

## Syfte

Två rubriker med samma text.
"""


def test_sections_follow_the_headings_with_their_page_anchors():
    found = sections(BODY, 1, markdown_scan.headings(BODY, 1))
    assert [(section.heading, section.anchor, section.level) for section in found] == [
        (None, None, 0), ("Syfte", "syfte", 2), ("Syfte", "syfte_1", 2)]


def test_text_keeps_words_but_not_link_targets_html_list_numbers_or_code():
    found = sections(BODY, 1, markdown_scan.headings(BODY, 1))
    intro, purpose, _ = (words(section.text) for section in found)
    assert "länk" in intro and "fetstil" in intro
    assert not {"stodprocesser", "samverkan", "sip", "md", "b", "ingress"} & set(intro)
    assert purpose == ["barnet", "ska", "ha", "en", "trygg", "placering"]


def test_words_are_lower_case_and_composed():
    assert words("Placering: LVU-ärende, 4 kap. ") == ["placering", "lvu", "ärende", "4", "kap"]
    assert words("A\u0308ldreomsorg") == ["äldreomsorg"]  # ä typed as a + combining diaeresis
    assert stem("placeringarna") == stem("placeringens") == "placering"


def test_accents_are_folded_but_not_the_swedish_letters():
    assert words("Avvikelsé, idé och Müller") == ["avvikelse", "ide", "och", "muller"]
    assert words("Åsa ärver öl") == ["åsa", "ärver", "öl"]


def test_plain_sentences_are_what_a_reader_sees():
    text = """En avvikelse är en händelse, till exempel:

- ett **läkemedel** som inte getts,
- ett fall.

Rapportera i `modulen` samma dag. Se Lex Sarah . Enhetschefen utreder (5 kap. 4 §).

| Vem | Gör |
|---|---|
| Chefen | Utreder |
"""
    assert plain_sentences(text) == [
        "En avvikelse är en händelse, till exempel:",
        "ett läkemedel som inte getts,",
        "ett fall.",
        "Rapportera i modulen samma dag.",
        "Se Lex Sarah.",  # where a link's target was taken out
        "Enhetschefen utreder (5 kap. 4 §).",
        "Vem", "Gör", "Chefen", "Utreder",
    ]
