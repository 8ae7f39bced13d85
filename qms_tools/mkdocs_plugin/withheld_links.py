"""Links to withheld documents, replaced while Python-Markdown renders a page.

A treeprocessor sees every link the way the page's Markdown made it (inline,
reference-style or autolink) before MkDocs resolves links, so a link to a document this
build leaves out never reaches MkDocs as one it cannot find (a warning that fails
``--strict``) and never reaches the page with its text. What replaces it is decided by
the core (``publishing.withheld``).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from qms_tools.handbook.model import Handbook
from qms_tools.publishing.withheld import withheld_link

CSS_CLASS = "qms-withheld"


class _Replace(Treeprocessor):
    def __init__(self, md: Markdown, page: Callable[[], tuple[Handbook, str] | None]):
        super().__init__(md)
        self.page = page

    def run(self, root: etree.Element) -> None:
        current = self.page()
        if current is None or not current[0].withheld:
            return
        handbook, src_uri = current
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "a":
                    continue
                label = withheld_link(handbook, src_uri, child.get("href", ""))
                if label is None:
                    continue
                replacement = etree.Element("span", {"class": CSS_CLASS})
                replacement.text = label
                replacement.tail = child.tail
                parent.remove(child)
                parent.insert(index, replacement)


class WithheldLinks(Extension):
    """``page``: the handbook being published and the source path of the page being
    rendered, or None outside the handbook's pages."""

    def __init__(self, page: Callable[[], tuple[Handbook, str] | None]):
        super().__init__()
        self.page = page

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Before MkDocs' own treeprocessors resolve links (relpath, 0) and read the title (1).
        md.treeprocessors.register(_Replace(md, self.page), "qms_withheld_links", 2)
