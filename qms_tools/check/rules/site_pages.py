"""The hand-written site pages (``docs/``: the editor guide, the accessibility
statement) are published like documents, so they are checked for what must never be
published: personal identity numbers and HTML that runs. (The site is safe without this,
by its sanitizer and final gate; the editor learns of it in the pull request instead.)"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from qms_tools.check.rules.content import _capped, _personal_id_message, unsafe_html_spans
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook
from qms_tools.handbook.personal_ids import lines_with_personal_ids
from qms_tools.handbook.source import read_source


def site_pages(handbook: Handbook) -> Iterator[Finding]:
    settings = handbook.settings
    folder = settings.root / settings.docs_dir
    if not folder.is_dir():
        return
    for page in _markdown_files(folder):
        relative = page.relative_to(settings.root).as_posix()
        source = read_source(page, relative)
        # A page need not have front-matter: only problems with the file itself count.
        for problem in source.problems:
            if not problem.code.startswith(("frontmatter.", "yaml.")):
                yield Finding(relative, problem.line, problem.code, Severity.ERROR, problem.message)
        yield from _capped(_findings(relative, source.text))


def _findings(relative: str, text: str) -> Iterator[Finding]:
    for line, match in lines_with_personal_ids(text):
        yield Finding(relative, line, "content.personal-id", Severity.ERROR, _personal_id_message(match, "Texten"))
    for span in unsafe_html_spans(text):
        yield Finding(relative, span.line, "content.unsafe-html", Severity.ERROR, span.message)


def _markdown_files(folder: Path) -> list[Path]:
    found = []
    for directory, subdirectories, names in os.walk(folder, followlinks=False):
        subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
        found.extend(Path(directory) / name for name in sorted(names) if name.lower().endswith(".md"))
    return found


RULES = (site_pages,)
