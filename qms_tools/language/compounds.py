"""Parts of Swedish compound words, so that "plan" finds "genomförandeplan".

Swedish writes compounds as one word, and a stemmer leaves them whole. At build time
every long word is split against a lexicon: the words that stand on their own somewhere
in the handbook itself, plus a short list of common parts that may never appear alone.
The parts are indexed as extra, lower-weighted words of the same document; the browser
needs no Swedish knowledge for this.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from qms_tools.language.text import STOP_WORDS

COMMON_PARTS = frozenset("""
plan kris hem lag tid råd vård stöd risk barn unga familj skydd boende insats omsorg tjänst beredskap
utredning uppföljning anmälan beslut samverkan dokumentation journal läkemedel hantering avvikelse
handläggning rapport analys kontroll granskning ansvar rutin process åtgärd säkerhet incident personal
introduktion ekonomi bistånd genomförande placering bedömning mall lista möte samtal stöd miljö
arbete plats kontakt chef enhet ärende ansökan övergrepp våld hot brand larm nyckel sjukvård
natt dag kväll helg
""".split())
"""Parts that need not appear alone in the handbook to be recognised, and the only parts
allowed to be shorter than ``MIN_PART``."""

MIN_WORD = 7
"""Shorter words are not split: too few letters for two real parts."""
MIN_PART = 5
"""Shortest learned part. Four-letter words of the handbook split too much that is no
compound (förs|lag, klar|lägga); the common short parts are listed above."""
NOT_A_TAIL = ("ring", "ning")
"""Beginnings of derivation endings, not of words: planering is no plan|ering."""
LINKS = ("", "s", "e")
"""Swedish joins parts directly (krisberedskap), with -s- (myndighetsutövning) or, after
some words, -e- (familjehem)."""
INFLECTIONS = ("arnas", "ernas", "ornas", "arna", "erna", "orna", "ens", "ets", "ar", "er", "or",
               "en", "et", "na", "n", "s", "a", "e")
"""Endings the last part may carry (genomförandeplanen -> planen)."""


class Lexicon:
    """Words known to be parts, and the splitting of a word into them."""

    def __init__(self, standalone: Iterable[str], common: Iterable[str] = COMMON_PARTS):
        self.common = frozenset(common)
        self.words = frozenset(word for word in standalone
                               if len(word) >= MIN_PART and word not in STOP_WORDS and word.isalpha())
        self.split = lru_cache(maxsize=None)(self._split)

    def is_part(self, word: str) -> bool:
        return word in self.common or (len(word) >= MIN_PART and word in self.words)

    def is_last_part(self, word: str) -> bool:
        if self.is_part(word):
            return True
        return any(word.endswith(ending) and self.is_part(word[:-len(ending)])
                   for ending in INFLECTIONS if len(word) > len(ending) + 2)

    def leading(self, word: str) -> tuple[str, ...]:
        """The first part of a compound and, if that is a compound too, its first part
        (krisberedskapsplan -> krisberedskap, kris): what the compound is a kind of
        first in Swedish word order, so a title that begins with it is about it."""
        parts = self.split(word)
        if not parts:
            return ()
        return (parts[0], *self.leading(parts[0]))

    def _split(self, word: str) -> tuple[str, ...]:
        """The parts of a compound, longest first part first, all levels
        (krisberedskapsplan -> krisberedskap, plan, kris, beredskap); () when the word
        is not a compound of known parts."""
        if len(word) < MIN_WORD or not word.isalpha():
            return ()
        for cut in range(len(word) - 3, 2, -1):
            head = word[:cut]
            if not self.is_part(head):
                continue
            for link in LINKS:
                if not word.startswith(link, cut):
                    continue
                tail = word[cut + len(link):]
                if len(tail) < 3 or tail.startswith(NOT_A_TAIL):
                    continue
                tail_parts = self.split(tail)
                if tail_parts or self.is_last_part(tail):
                    parts = [head, tail, *self.split(head), *tail_parts]
                    return tuple(dict.fromkeys(parts))
        return ()
