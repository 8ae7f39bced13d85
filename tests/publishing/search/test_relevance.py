"""The search as a phone runs it, on the built sample handbook: the site's own
search/engine.js in Node (benchmarks/search_node.js) against the site's own index.
What a person typing would get: the judged queries' targets, a typo that never ends in
nothing, the compound title first, the example-only mention last, the ranking weights
as data."""

from __future__ import annotations

import datetime as dt
import random
import sys

import pytest

from conftest import REPOSITORY, required_tool
from qms_tools.check.run import check_project
from qms_tools.language.text import FOLDED, STOP_WORDS, sections, words
from qms_tools.publishing.search.index import RANK, TIER_HEADING, TIER_TITLE, TIER_TITLE_PART, TIER_TITLE_START

if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from benchmarks.search_relevance import judged_queries, run_engine, score  # noqa: E402



@pytest.fixture(autouse=True)
def node():
    """These tests run the site's engine.js in Node: missing fails under CI=true."""
    return required_tool("node", "apt-get install nodejs")

LETTERS = "abcdefghijklmnopqrstuvwxyzåäö"


@pytest.fixture(scope="module")
def search_dir(preview_sample_build):
    """The index of every document (the editors' preview): the judged queries and the
    vocabulary are the whole sample's, drafts and internal documents too."""
    return preview_sample_build.site / "search"


@pytest.fixture(scope="module")
def handbook():
    return check_project(REPOSITORY, dt.date(2026, 11, 22)).handbook


def _first(search_dir, query: str, shown: int = 10, **options) -> dict:
    return run_engine(search_dir, [{"query": query, **options}], shown)[0]


def test_judged_queries_put_the_wanted_document_first(search_dir):
    judged = judged_queries()
    assert len(judged) >= 60
    scores = score(judged, run_engine(search_dir, [{"query": item.query} for item in judged]))
    misses = [(item.query, ids) for item, ids in scores.misses]
    assert scores.success_at_1 >= 0.95, misses
    assert scores.success_at_3 == 1.0, misses


def _typo(word: str, rng: random.Random) -> str:
    """One edit: a letter replaced, dropped, added or two neighbours swapped."""
    position = rng.randrange(len(word))
    kind = rng.choice(["replace", "drop", "add", "swap"])
    if kind == "replace":
        return word[:position] + rng.choice(LETTERS.replace(word[position], "")) + word[position + 1:]
    if kind == "drop":
        return word[:position] + word[position + 1:]
    if kind == "add":
        return word[:position] + rng.choice(LETTERS) + word[position:]
    position = min(position, len(word) - 2)
    return word[:position] + word[position + 1] + word[position] + word[position + 2:]


def test_one_typo_in_a_word_of_five_letters_never_finds_nothing(search_dir, handbook):
    """Every word of five letters or more in the handbook's titles, headings and text,
    misspelt once at a random place (seeded), finds something; the correction, when
    one is made, is said."""
    texts = [text for document in handbook.documents
             for text in (document.display_title, *(heading.text for heading in document.headings),
                          *(section.text for section in sections(document.body, document.body_line,
                                                                 document.headings)))]
    vocabulary = sorted({word for text in texts for word in words(text)
                         if len(word) >= 5 and word.isalpha() and word not in STOP_WORDS})
    assert len(vocabulary) > 1500
    rng = random.Random(18)
    typed = [(word, _typo(word, rng)) for word in vocabulary]
    typed = [(word, typo) for word, typo in typed if typo not in STOP_WORDS]
    answers = run_engine(search_dir, [{"query": typo, "withdrawn": True} for _, typo in typed], shown=1)
    nothing = [(word, typo) for (word, typo), answer in zip(typed, answers) if not answer["total"]]
    assert not nothing
    corrected = [answer["corrected"] for answer in answers if answer["corrected"]]
    assert len(corrected) > len(typed) // 2


def test_two_typos_in_a_long_word_are_corrected(search_dir):
    answer = _first(search_dir, "personuppgifstincidnet")  # one letter dropped, two swapped
    assert answer["corrected"] == "personuppgiftsincident"
    assert answer["ids"][0] == "RUT-STOD-008"


def test_accents_are_folded_but_swedish_letters_are_letters(search_dir):
    assert _first(search_dir, "avvikelsé")["corrected"] is None  # é is e: nothing to correct
    assert _first(search_dir, "avvikelsé")["ids"][0] == "RUT-LED-005"
    # "lakemedel" is not "läkemedel" typed with an accent; it is one edit away.
    assert _first(search_dir, "lakemedel")["corrected"] == "läkemedel"


def test_browser_folds_accents_as_the_index_does(search_dir):
    text = " ".join(f"x{letter}y" for letter in [*FOLDED, "å", "ä", "ö"])
    from benchmarks.search_relevance import NODE_RUNNER  # noqa: F401 - the runner exists
    import json
    import subprocess
    script = ("globalThis.window = globalThis; require('vm').runInThisContext(require('fs').readFileSync("
              f"{json.dumps(str(search_dir / 'engine.js'))}, 'utf8'));"
              f"process.stdout.write(JSON.stringify(window.qmsSearchEngine.words({json.dumps(text)})));")
    in_node = json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout)
    assert in_node == words(text)
    assert words("Åäö Æø") == ["åäö", "äö"]


def test_a_compound_query_is_split_against_the_handbooks_words(search_dir):
    answer = _first(search_dir, "fallrisk")
    assert answer["corrected"] == "fall risk"
    assert answer["ids"][0] == "RUT-ALD-006"  # Fallprevention och riskbedömning


def test_the_first_part_of_a_compound_title_is_a_title_match(search_dir):
    for query in ("avvikelse", "avvikelser", "rapportera avvikelse"):
        assert _first(search_dir, query)["ids"][0] == "RUT-LED-005", query  # Avvikelsehantering


def test_a_document_that_only_mentions_words_as_examples_ranks_below(search_dir):
    # "Hitta rutiner i mobilen" says: skriv till exempel "fall", "läkemedel" eller "orosanmälan".
    for query in ("fall", "läkemedel", "orosanmälan", "brukare"):
        assert "INS-LED-002" not in _first(search_dir, query, shown=5)["ids"], query


def test_a_synonym_weighs_less_than_the_word_itself(search_dir):
    # Personuppgiftsincident says "incident"; Avvikelsehantering only has its synonym.
    ids = _first(search_dir, "incident")["ids"]
    assert ids.index("RUT-STOD-008") < ids.index("RUT-LED-005")


def test_withdrawn_matches_are_counted_not_shown(search_dir):
    answer = _first(search_dir, "avvikelsehantering")
    assert "RUT-LED-010" not in answer["ids"] and answer["withdrawn"] == 1
    assert "RUT-LED-010" in _first(search_dir, "avvikelsehantering", withdrawn=True)["ids"]


def test_snippet_is_the_best_sentence_with_the_query_words_marked(search_dir):
    snippet = _first(search_dir, "läkemedel narkotiska", snippet=True)["snippet"]
    marked = [snippet["text"][start:end].lower() for start, end in snippet["marks"]]
    assert "narkotiska" in marked and any(word.startswith("läkemedel") for word in marked)
    assert len(snippet["text"].encode("utf-8")) <= 400


def test_ranking_weights_are_data_in_the_order_the_issue_asks():
    tiers = RANK["tiers"]
    assert tiers[TIER_TITLE] > tiers[TIER_TITLE_START] > tiers[TIER_TITLE_PART] > tiers[TIER_HEADING] > tiers[0]
    # A synonym in the best field weighs less than the word itself in a heading.
    assert RANK["synonym"] * tiers[TIER_TITLE] < tiers[TIER_HEADING]
    # A prefix (a word being typed) in a title start stays above any heading.
    assert RANK["prefix"] * tiers[TIER_TITLE_START] > tiers[TIER_HEADING] + 1


def test_the_hint_example_is_an_id_of_this_handbook(search_dir, handbook):
    import json
    manifest = json.loads((search_dir / "index.json").read_text(encoding="utf-8"))
    assert manifest["example"] in handbook.by_id
    assert manifest["rank"]["tiers"] == RANK["tiers"]
