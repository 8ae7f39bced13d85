"""The site's search: the index and its engine (written by ``worker`` in a site build).

A thin adapter over ``qms_tools.publishing.search``: MkDocs knows each document's address, the
core knows what to index. The engine script is written beside the index, not linked
from every page: pages load only the small ``search/search.js`` of the theme, which
fetches the engine when someone opens search, and an engine from the same build as the
index can never read an index of another format.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable

from mkdocs.structure.files import File

from qms_tools.handbook.model import Document, Handbook
from qms_tools.language.synonyms import FILE_NAME, read_synonyms
from qms_tools.publishing.search.index import IndexedPage, build_index, readable_text
from qms_tools.publishing.search.script import ENGINE, served_engine

SITE_FOLDER = "search"


def readable(site_path: str, text: str) -> str:
    """The part of a site file that is text, for the final gate (``safety.scan_site``)."""
    if site_path.startswith(SITE_FOLDER + "/"):
        return readable_text(site_path[len(SITE_FOLDER) + 1:], text)
    return text


def write_search(handbook: Handbook, documents: Iterable[tuple[File, Document]], site_dir: str) -> str:
    """Write the index and engine into the site; a one-line summary for the build log.
    Problems of the synonym list are findings of the check (rules/search.py), logged
    with the others; a broken list is searched as if it had no broken groups."""
    started = time.perf_counter()
    settings = handbook.settings
    synonyms, _ = read_synonyms(settings.content_root / FILE_NAME, f"{settings.content_dir}/{FILE_NAME}")
    pages = [IndexedPage(document, file.url) for file, document in documents]
    out_dir = Path(site_dir) / SITE_FOLDER
    summary = build_index(handbook, pages, out_dir, synonyms)
    (out_dir / ENGINE.name).write_text(served_engine(), encoding="utf-8")
    return (f"Sökindex: {summary.documents} dokument, {summary.terms} sökord i {summary.shards} delar, "
            f"{summary.bytes / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s.")


def write_engine(site_dir: str) -> None:
    """Put the engine in the site now, unless it is there already as it would be written.
    Under `mkdocs serve` the index follows in a background thread; the service worker's
    list of what to keep (publishing/offline.py) is made at the end of the build and
    must find the engine whether or not that thread has run yet, or two builds of the
    same site would get two build ids."""
    target = Path(site_dir) / SITE_FOLDER / ENGINE.name
    engine = served_engine()
    if target.is_file() and target.read_text(encoding="utf-8") == engine:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(engine, encoding="utf-8")
