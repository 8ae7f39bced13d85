"""The handbook's theme folder (``qms_tools/theme``): Material's templates where the
handbook changes them, and its own stylesheets and scripts. Any generator that renders
Material's templates uses it: the MkDocs plugin puts it under the project's custom_dir,
``qms export`` copies it into the export."""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
BASE_ASSETS = ("assets/qms/qms.css", "assets/qms/qms.js")
"""Linked first: the other stylesheets build on its colour variables."""


def theme_assets(suffix: str) -> list[str]:
    """Every stylesheet or script of the theme folder, as site paths (the generator
    copies the theme folder's static files into the site), the base assets first."""
    paths = sorted(path.relative_to(THEME_DIR).as_posix() for path in THEME_DIR.rglob(f"*{suffix}"))
    return sorted(paths, key=lambda path: path not in BASE_ASSETS)
