"""What a one-line text value from the project may hold: the registry's names and titles,
GitHub owners, ids and the settings.

A line break or other control character in a title breaks the calendar feed (an .ics
line ends at it) and a CODEOWNERS line (a newline in a handle writes a new rule); a
bidirectional override makes a value read differently from what it is. Such values are
refused with a finding, never passed on.
"""

from __future__ import annotations

import re
import unicodedata

MAX_ID_LENGTH = 64
"""Ids are in URLs, file names, QR codes and CODEOWNERS: 64 characters is far more than
any real id (RUT-BOU-014) and keeps every one of them short."""

_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# GitHub's rules: a user name is 1-39 letters, digits and single hyphens, not starting or
# ending with one; a team is org/team-slug; an e-mail owner is written without "@" first.
_GITHUB_USER = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
_GITHUB_OWNER = re.compile(rf"{_GITHUB_USER}(?:/[A-Za-z0-9][A-Za-z0-9_.-]{{0,99}})?")
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a control character (line break and tab included) or a
    bidirectional override."""
    return any(unicodedata.category(character) == "Cc" or character in _BIDI_CONTROLS for character in text)


def printable(text: str) -> str:
    """``text`` for a message: each control character shown as its code (U+000A)."""
    return "".join(f"U+{ord(character):04X}" if unicodedata.category(character) == "Cc"
                   or character in _BIDI_CONTROLS else character for character in text)


def is_github_owner(handle: str) -> bool:
    """A GitHub user or team (without "@"), or an e-mail address."""
    return bool(_GITHUB_OWNER.fullmatch(handle) or _EMAIL.fullmatch(handle))


def is_email_owner(handle: str) -> bool:
    return bool(_EMAIL.fullmatch(handle))
