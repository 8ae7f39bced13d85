"""Abbreviations in a page's text marked with what they stand for, as Python-Markdown
renders it: ``<abbr title="Patientsäkerhetslagen (2010:659)">PSL</abbr>``.

Python-Markdown's own ``abbr`` extension would need the glossary appended to every page
(Material's recipe: ``pymdownx.snippets`` with ``auto_append``) and matches at every word
boundary, so it would split document ids such as RUT-LSS-001 and mark link texts, which
a tap then could not open. This treeprocessor marks a whole word, or the first part of
a compound (LSS-insatser), never part of an id, outside code, links and headings. A title alone shows nothing on a
touch screen, so the theme (``theme/pages.js``) makes each mark a button that shows the
expansion beside it; screen readers announce the title as the button's description.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

SKIPPED = {"a", "abbr", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}
"""Elements whose text is left as written: code is code, a link's text is already a
control, and a heading's text is what the table of contents and anchors read."""


class _Mark(Treeprocessor):
    def __init__(self, md: Markdown, glossary: dict[str, str]):
        super().__init__(md)
        self.glossary = glossary
        words = "|".join(re.escape(word) for word in sorted(glossary, key=len, reverse=True))
        # A whole word, or the first part of a Swedish compound ("LSS-insatser",
        # "SoL-beslut"), but never part of an id ("RUT-LSS-001", "LSS-001", "SOSFS-LED").
        self.pattern = re.compile(rf"(?<![\w-])(?:{words})(?![\w]|-(?![a-zåäöé]))") if glossary else None

    def run(self, root: etree.Element) -> None:
        if self.pattern is not None:
            self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        for index in range(len(element) - 1, -1, -1):
            child = element[index]
            if child.tag not in SKIPPED:
                self._walk(child)
            child.tail, marks = self._split(child.tail)
            for offset, mark in enumerate(marks, start=1):
                element.insert(index + offset, mark)
        element.text, marks = self._split(element.text)
        for offset, mark in enumerate(marks):
            element.insert(offset, mark)

    def _split(self, text: str | None) -> tuple[str | None, list[etree.Element]]:
        """``text`` up to its first abbreviation, and an ``abbr`` element per abbreviation
        carrying the text after it as its tail."""
        if not text or isinstance(text, AtomicString):
            return text, []
        matches = list(self.pattern.finditer(text))
        if not matches:
            return text, []
        marks = []
        for number, match in enumerate(matches):
            mark = etree.Element("abbr", {"title": self.glossary[match.group(0)]})
            mark.text = AtomicString(match.group(0))
            end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
            mark.tail = text[match.end():end]
            marks.append(mark)
        return text[:matches[0].start()], marks


class Abbreviations(Extension):
    """``glossary``: abbreviation -> what it stands for (``handbook.abbreviations``)."""

    def __init__(self, glossary: dict[str, str]):
        super().__init__()
        self.glossary = glossary

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After the inline patterns have made links and code (priority 20), before the
        # table of contents reads the headings (5).
        md.treeprocessors.register(_Mark(md, self.glossary), "qms_abbreviations", 7)
