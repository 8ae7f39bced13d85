"""Compound parts: the lexicon learned from the handbook's own words splits long words
into parts that stand alone elsewhere, and leaves words that only look like compounds."""

from __future__ import annotations

import pytest

from qms_tools.language.compounds import Lexicon

HANDBOOK_WORDS = ["genomförande", "beredskap", "hemtjänst", "insatser", "planen", "ring", "förs", "social",
                  "tjänsten", "uppgift", "incident", "person"]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(HANDBOOK_WORDS)


@pytest.mark.parametrize(("word", "part"), [
    ("genomförandeplan", "plan"),             # plan: a common part, need not stand alone
    ("genomförandeplan", "genomförande"),
    ("genomförandeplanen", "planen"),          # the last part keeps its inflection
    ("genomförandeplanerna", "planerna"),      # ... also when only its base is known
    ("krisberedskap", "kris"),
    ("krisberedskap", "beredskap"),
    ("hemtjänstinsatser", "hemtjänst"),
    ("hemtjänstinsatser", "insatser"),
    ("socialtjänsten", "tjänsten"),
    ("personuppgiftsincident", "incident"),    # -s- between the parts
    ("personuppgiftsincident", "uppgift"),     # and parts of parts
])
def test_compound_is_split_into_its_parts(lexicon, word, part):
    assert part in lexicon.split(word)


@pytest.mark.parametrize("word", [
    "planering",    # plan + -ering is a derivation, not plan + ring
    "förslag",      # förs + lag: "förs" is too short to be a learned part
    "kris",         # too short to be a compound at all
    "beredskap",    # a word of the lexicon is not split into letters that happen to be words
    "språkförmedling",  # neither part known: left whole rather than guessed
])
def test_word_that_is_no_known_compound_is_left_whole(lexicon, word):
    assert lexicon.split(word) == ()


def test_parts_are_learned_from_the_handbook():
    assert Lexicon([]).split("språkförmedling") == ()
    assert set(Lexicon(["språk", "förmedling"]).split("språkförmedling")) == {"språk", "förmedling"}


@pytest.mark.parametrize(("word", "leading"), [
    ("krisberedskapsplan", ("kris",)),
    ("personuppgiftsincident", ("person",)),
    ("avvikelsehantering", ("avvikelse",)),
    ("nattetid", ("natt",)),                             # natt + e + tid
    ("beredskap", ()),                                   # no compound, nothing leads
])
def test_leading_parts_are_what_the_compound_is_a_kind_of(lexicon, word, leading):
    assert lexicon.leading(word) == leading


def test_a_leading_part_that_is_a_compound_brings_its_own_first_part():
    lexicon = Lexicon(HANDBOOK_WORDS + ["krisberedskap"])
    assert lexicon.leading("krisberedskapsplan") == ("krisberedskap", "kris")
