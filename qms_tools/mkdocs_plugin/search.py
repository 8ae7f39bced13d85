"""The site's search: the index and its engine (written by ``worker`` in a site build).

A thin adapter over ``qms_tools.publishing.search.site``: MkDocs knows each document's
address, the core knows what to index.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from mkdocs.structure.files import File

from qms_tools.handbook.model import Document, Handbook
from qms_tools.publishing.search import site
from qms_tools.publishing.search.index import IndexedPage
from qms_tools.publishing.search.script import ENGINE, served_engine
from qms_tools.publishing.search.site import SITE_FOLDER, readable

__all__ = ["SITE_FOLDER", "readable", "write_engine", "write_search"]


def write_search(handbook: Handbook, documents: Iterable[tuple[File, Document]], site_dir: str) -> str:
    """Write the index of the documents at their MkDocs addresses, and the engine."""
    return site.write_search(handbook, [IndexedPage(document, file.url) for file, document in documents], site_dir)


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
