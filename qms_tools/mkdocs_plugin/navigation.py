"""The site navigation of a MkDocs build: the core's menu (publishing.navigation) over
the files MkDocs knows."""

from __future__ import annotations

from mkdocs.structure.files import Files

from qms_tools.handbook.model import Handbook
from qms_tools.publishing import navigation


def site_navigation(handbook: Handbook, files: Files, docs_dir: str) -> list:
    hand_written = [file.src_uri for file in files.documentation_pages() if file.src_dir == docs_dir]
    return navigation.site_navigation(handbook, files.src_uris, hand_written)
