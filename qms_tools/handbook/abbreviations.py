"""What the abbreviations in a handbook's text stand for, from one source each.

An act's abbreviation (SoL, PSL) is written out with the act's title from the law
vocabulary (``data/laws.yml`` and the project's ``law_files``), the same title the facts
box shows; only the act in force answers for an abbreviation two acts share (SoL is
the 2025 act, not the repealed 2001 one). Other abbreviations (IVO, SIP) are data in
``data/abbreviations.yml``.
"""

from __future__ import annotations

import re
from importlib import resources

import yaml

from qms_tools.handbook.regulations import LawVocabulary

_ABBREVIATION = re.compile(r"[A-ZÅÄÖ][A-Za-zÅÄÖåäö]*[A-ZÅÄÖ](-[A-Z]+)?")
"""Two or more letters, first and last upper case (SoL, LSS, HSLF-FS): an act id such as
"Lex Sarah" or "SoL 2001:453" is not an abbreviation readers meet on its own."""


def glossary(laws: LawVocabulary) -> dict[str, str]:
    """Abbreviation -> what it stands for, in Swedish."""
    written_out: dict[str, str] = {}
    for law in sorted(laws.laws.values(), key=lambda law: law.repealed is not None):
        abbreviation = law.short or law.id
        if _ABBREVIATION.fullmatch(abbreviation) and abbreviation not in written_out:
            written_out[abbreviation] = law.title
    data = yaml.safe_load(resources.files("qms_tools").joinpath("data/abbreviations.yml").read_text("utf-8"))
    for abbreviation, meaning in (data.get("abbreviations") or {}).items():
        written_out.setdefault(str(abbreviation), str(meaning))
    return written_out
