"""Search rules: the synonym list in the content (synonymer.yml) can be read, so that
`qms check` reports a broken list in the pull request that breaks it, not at the build."""

from __future__ import annotations

from typing import Iterable

from qms_tools.handbook.findings import Finding
from qms_tools.handbook.model import Handbook
from qms_tools.language.synonyms import FILE_NAME, read_synonyms


def synonym_list(handbook: Handbook) -> Iterable[Finding]:
    settings = handbook.settings
    return read_synonyms(settings.content_root / FILE_NAME, f"{settings.content_dir}/{FILE_NAME}")[1]


RULES = (synonym_list,)
