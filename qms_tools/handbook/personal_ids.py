"""Personal identity numbers: the one matcher of the package.

Personnummer and samordningsnummer as Skatteverket issues them (SFS 1991:481 § 18 and
SKV 704): ``YYMMDD-NNNC`` or ``YYYYMMDDNNNC``; ``+`` instead of ``-`` from the year the
person turns 100, so ``+`` means a century earlier and nothing else; a samordningsnummer
has day + 60; the serial ``000`` is never issued; ``C`` is the Luhn check digit over
``YYMMDDNNN``. A match needs a real date and the right check digit, so dates, phone numbers
and case numbers pass (about one random ten-digit string in a hundred is still a match).

Two callers, one matcher:

- ``qms check`` reads what an editor wrote (``find_personal_ids``): every dash, minus
  sign, non-breaking hyphen and space counts as the separator, because a number pasted
  from Word arrives with an en dash or a no-break space;
- the site's final gate reads what was published (``find_in_published``): the text is
  first normalised the way a reader sees it (character references decoded, percent- and
  JSON escapes decoded, NFKC, invisible characters removed, tags between digits ignored).

Every scan is linear in the length of the text.
"""

from __future__ import annotations

import bisect
import calendar
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import unquote

# Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar,
# minus sign, small and fullwidth hyphen-minus; spaces: space, tab, no-break space, the
# thin and narrow no-break spaces. NFKC folds some of them, the raw text keeps them all.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
SPACES = " \t\u00a0\u2007\u2009\u202f"
_SEPARATOR = f"[{re.escape(DASHES + SPACES)}]{{1,3}}"
_PERSONAL_ID = re.compile(r"(?<![0-9])(?P<century>18|19|20)?(?P<date>[0-9]{6})"
                          rf"(?P<separator>\+|{_SEPARATOR})?(?P<serial>[0-9]{{4}})(?![0-9])")
SAMORDNING_DAY_OFFSET = 60
UNISSUED_SERIAL = "000"

# Characters that show nothing (or only at a line break) but split a number for a pattern.
INVISIBLE = "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f" \
            "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_TAG = re.compile(r"<[^<>]*>")
_TAG_IN_LINE = re.compile(r"<[^<>\n]*>")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
# A URL never needs to escape a digit, "-" or a space: only what could hide a number is
# decoded (digits, "-", "+", space, and the UTF-8 of no-break spaces, dashes, minus sign,
# soft hyphen and zero-width characters), not every escape of every URL on a page.
_PERCENT_ESCAPE = re.compile(r"%3[0-9]|%2[0BbDd]|%[Cc]2%[Aa][0Dd]|%[Ee]2%80%(?:8[0-9A-Fa-f]|9[0-5]|[Aa][0-9A-Fa-f])"
                             r"|%[Ee]2%81%[Aa]0|%[Ee]2%88%92|%[Ee][Ff]%[Bb][Bb]%[Bb][Ff]|%[Ee][Ff]%[Bb][Cc]%8[Dd]")


def luhn_check_digit(nine_digits: str) -> int:
    """The check digit of YYMMDDNNN: weights 2, 1, 2, 1 …, digit sums of the products."""
    total = 0
    for index, digit in enumerate(nine_digits):
        product = int(digit) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _is_number(century: str | None, date: str, separator: str | None, serial: str) -> bool:
    if serial[:3] == UNISSUED_SERIAL:
        return False
    year_in_century = int(date[:2])
    if century:
        if separator == "+":
            return False  # "+" only stands for the century a ten-digit number leaves out
        years = [int(century) * 100 + year_in_century]
    elif separator == "+":
        # Aged 100 or more: the century before the one the ten digits suggest today.
        # Both 1800s and 1900s are possible readings, never the 2000s.
        years = [1800 + year_in_century, 1900 + year_in_century]
    else:
        years = [1900 + year_in_century, 2000 + year_in_century]
    month, day = int(date[2:4]), int(date[4:6])
    if day > SAMORDNING_DAY_OFFSET:
        day -= SAMORDNING_DAY_OFFSET
    if not 1 <= month <= 12 or day < 1 or not any(day <= calendar.monthrange(year, month)[1] for year in years):
        return False
    return luhn_check_digit(date + serial[:3]) == int(serial[3])


def is_personal_id(number: str) -> bool:
    """Whether ``number`` (YYMMDD-NNNC or YYYYMMDDNNNC, any accepted separator or none)
    is a possible personnummer or samordningsnummer."""
    match = _PERSONAL_ID.fullmatch(number)
    return bool(match) and _is_number(match.group("century"), match.group("date"), match.group("separator"),
                                      match.group("serial"))


@dataclass(frozen=True)
class PersonalIdMatch:
    start: int
    end: int
    masked: str
    """The number with its last four digits hidden, e.g. ``19850612-****``."""
    could_be_phone_number: bool


_SIX_DIGITS = re.compile(r"[0-9]{6}")
_DIGITS_AS_ZEROS = bytes.maketrans(b"123456789", b"000000000")


def _digits_present(text: str) -> bool:
    """Six digits in a row, which every number has: found six times faster than by the
    six-digit pattern as six zeros in the UTF-8 bytes with every digit made a zero (no
    other character has such bytes). Most published files have none."""
    return b"000000" in text.encode("utf-8", "surrogatepass").translate(_DIGITS_AS_ZEROS)


def find_personal_ids(text: str) -> list[PersonalIdMatch]:
    """Every personal identity number written in ``text``, in order."""
    if not _digits_present(text):
        return []
    # The full pattern starts with a look-behind, so the regex engine would try it at every
    # position; six digits in a row (every number has them) are found by a fast scan, and
    # the pattern is tried only around them. The look-behind still sees the whole text.
    found: dict[int, PersonalIdMatch] = {}
    for cluster in _SIX_DIGITS.finditer(text):
        start = cluster.start()
        for match in _PERSONAL_ID.finditer(text, max(0, start - 2), start + 21):
            if match.start() in found:
                continue
            century, date, separator, serial = match.group("century", "date", "separator", "serial")
            if _is_number(century, date, separator, serial):
                found[match.start()] = PersonalIdMatch(match.start(), match.end(), match.group()[:-4] + "****",
                                                       could_be_phone_number=not century and date.startswith("0"))
    return [found[start] for start in sorted(found)]


def mask_personal_ids(text: str) -> str:
    """``text`` with the last four digits of every personal identity number hidden. A
    number that only shows once the text is read as a reader sees it (an entity, a
    zero-width space between its digits) hides the whole text in its normalised form."""
    text = _masked(text)
    if _may_hide_numbers(text) and find_in_published(text):
        text = _masked(normalise(text, tags=False))
        if find_in_published(text):
            text = _masked(normalise(text))
    return text


def _masked(text: str) -> str:
    for match in reversed(find_personal_ids(text)):
        text = text[:match.start] + match.masked + text[match.end:]
    return text


def normalise(text: str, tags: bool = True) -> str:
    """``text`` as a reader sees it, for finding numbers in published files: character
    references, JSON ``\\u`` escapes and the percent escapes of digits, dashes and spaces
    decoded, NFKC applied (fullwidth digits, no-break spaces), invisible characters
    removed, and (when ``tags``) tags removed. Line breaks stay where they are, so a
    line number in the result is one in ``text``."""
    if "&" in text:
        text = html.unescape(text)
    if "%" in text:
        text = _PERCENT_ESCAPE.sub(_percent_character, text)
    if "\\u" in text:
        text = _JSON_ESCAPE.sub(_json_character, text)
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        if _INVISIBLE.search(text):
            text = _INVISIBLE.sub("", text)
    if tags and "<" in text:
        text = _TAG.sub("", text)
    return text


def _json_character(match: re.Match) -> str:
    character = chr(int(match.group(1), 16))
    return " " if character == "\n" else character


def _percent_character(match: re.Match) -> str:
    return unquote(match.group())


def find_in_published(text: str) -> list[PersonalIdMatch]:
    """Every number in ``text`` as a reader or a program reading the file sees it: in the
    text with its tags (attribute values, URLs) and without them (digits split by tags).
    Positions are those of the normalised text; the masked forms are what matters."""
    found: dict[str, PersonalIdMatch] = {}
    readable = normalise(text, tags=False)
    for variant in (readable, _TAG.sub("", readable)) if "<" in readable else (readable,):
        for match in find_personal_ids(variant):
            found.setdefault(match.masked, match)
    return list(found.values())


def lines_with_personal_ids(text: str, first_line: int = 1) -> Iterator[tuple[int, PersonalIdMatch]]:
    """(line, match) for every number in ``text`` read as written and as a reader sees it
    (a character reference or zero-width space between the digits does not hide it)."""
    seen: set[tuple[int, str]] = set()
    for line, match in _with_lines(text, find_personal_ids(text), first_line):
        seen.add((line, match.masked))
        yield line, match
    if not _may_hide_numbers(text):
        return
    # Normalising keeps the line breaks (tags are removed within a line only), so a
    # line counted in the normalised text is the line in ``text``.
    readable = normalise(text, tags=False)
    variants = (readable, _TAG_IN_LINE.sub("", readable)) if "<" in readable else (readable,)
    if variants == (text,):
        return  # read as a reader sees it, the text is as written (Swedish letters only): found above
    for variant in variants:
        for line, match in _with_lines(variant, find_personal_ids(variant), first_line):
            if (line, match.masked) not in seen:
                seen.add((line, match.masked))
                yield line, match


def _with_lines(text: str, matches: list[PersonalIdMatch], first_line: int) -> Iterator[tuple[int, PersonalIdMatch]]:
    if not matches:
        return
    newlines = [match.start() for match in re.finditer("\n", text)]
    for match in matches:
        yield first_line + bisect.bisect_left(newlines, match.start), match


def _may_hide_numbers(text: str) -> bool:
    return "&" in text or "<" in text or "%" in text or "\\u" in text or not text.isascii()
