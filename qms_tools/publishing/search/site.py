"""The search a site publishes in its ``search/`` folder: the index of the published
documents and the engine that reads it, for any site generator (the MkDocs plugin and
``qms export``). The engine is written beside the index, not linked from every page:
pages load only the small ``search/search.js`` of the theme, which fetches the engine
when someone opens search, and an engine from the same build as the index can never
read an index of another format."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable

from qms_tools.handbook.model import Handbook
from qms_tools.language.synonyms import FILE_NAME, read_synonyms
from qms_tools.publishing.search.index import IndexedPage, build_index, readable_text
from qms_tools.publishing.search.script import ENGINE, served_engine

SITE_FOLDER = "search"


def readable(site_path: str, text: str) -> str:
    """The part of a site file that is text, for the final gate (``safety.scan_site``)."""
    if site_path.startswith(SITE_FOLDER + "/"):
        return readable_text(site_path[len(SITE_FOLDER) + 1:], text)
    return text


def write_search(handbook: Handbook, pages: Iterable[IndexedPage], site_dir: str | Path) -> str:
    """Write the index and engine into the site; a one-line summary for the build log.
    Problems of the synonym list are findings of the check (rules/search.py), logged
    with the others; a broken list is searched as if it had no broken groups."""
    started = time.perf_counter()
    settings = handbook.settings
    synonyms, _ = read_synonyms(settings.content_root / FILE_NAME, f"{settings.content_dir}/{FILE_NAME}")
    out_dir = Path(site_dir) / SITE_FOLDER
    summary = build_index(handbook, pages, out_dir, synonyms)
    (out_dir / ENGINE.name).write_text(served_engine(), encoding="utf-8")
    return (f"Sökindex: {summary.documents} dokument, {summary.terms} sökord i {summary.shards} delar, "
            f"{summary.bytes / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s.")
