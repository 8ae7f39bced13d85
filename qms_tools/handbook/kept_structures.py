"""The Markdown structure of each document body, kept between runs in
``.cache/qms/markdown.json``, so that a body read before is not parsed again.

A structure depends only on the body's text and on ``markdown_scan``'s code: it is kept
under the SHA-1 of the text, in a file whose version is the hash of ``markdown_scan.py``
itself, so a changed reader reads every body afresh. Only the bodies of the last run are
kept. A missing, damaged or outdated file is read afresh, never an error
(``runtime.cache``).

It pays in every run after the first, the usual case on an editor's computer and in CI,
which keeps ``.cache/qms`` with ``actions/cache``: at 1,500 documents reading the bodies
took 0.57 s CPU and reading them from this file 0.05 s (``docs/teknik/prestanda.md``).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from qms_tools.handbook import markdown_scan
from qms_tools.handbook.markdown_scan import Nesting, Structure
from qms_tools.runtime import cache

CACHE_FILE = ".cache/qms/markdown.json"


@lru_cache(maxsize=1)
def _version() -> str:
    return "markdown " + hashlib.sha256(Path(markdown_scan.__file__).read_bytes()).hexdigest()[:16]


class KeptStructures:
    """``markdown_scan.scan`` of each body, from the file where one was kept."""

    def __init__(self, file: Path | None):
        self.file = file
        stored = cache.read(file, _version()) if file is not None else None
        self.stored: dict = stored.get("bodies", {}) if stored and isinstance(stored.get("bodies"), dict) else {}
        self.used: dict[str, list] = {}
        self.new = 0

    def scan(self, body: str) -> Structure:
        key = hashlib.sha1(body.encode("utf-8", "surrogatepass")).hexdigest()
        kept = self.stored.get(key)
        if kept is not None:
            structure = _structure(kept)
            if structure is not None:
                self.used[key] = kept
                return structure
        structure = markdown_scan.scan(body)
        self.used[key] = _fields(structure)
        self.new += 1
        return structure

    def save(self) -> None:
        """Keep this run's bodies, when they are not exactly what the file holds."""
        if self.file is not None and (self.new or len(self.used) != len(self.stored)):
            cache.write(self.file, _version(), bodies=self.used)


def _fields(structure: Structure) -> list:
    nesting = structure.too_deep
    return [structure.headings, structure.links, sorted(structure.code_lines), sorted(structure.fence_lines),
            sorted(structure.anchors), structure.code_columns, structure.depth,
            None if nesting is None else [nesting.depth, nesting.line, nesting.kind]]


def _structure(fields: object) -> Structure | None:
    """The structure ``_fields`` wrote, or None when ``fields`` is not in that form."""
    try:
        headings, links, code_lines, fence_lines, anchors, code_columns, depth, nesting = fields  # type: ignore
        structure = Structure(
            tuple((int(level), str(text), str(slug), int(line)) for level, text, slug, line in headings),
            tuple((str(url), str(text), int(line), bool(image), bool(definition))
                  for url, text, line, image, definition in links),
            frozenset(map(int, code_lines)), frozenset(map(int, fence_lines)), frozenset(map(str, anchors)),
            tuple((int(line), int(start), int(end)) for line, start, end in code_columns), int(depth),
            None if nesting is None else Nesting(int(nesting[0]), int(nesting[1]), str(nesting[2])))
    except (TypeError, ValueError, IndexError):
        return None
    return structure
