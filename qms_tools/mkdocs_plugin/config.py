"""Options of the `qms` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options
from mkdocs.config.base import Config


class QmsConfig(Config):
    enabled = config_options.Type(bool, default=True)
    """Publish the handbook. Set to false to build only the hand-written pages in docs_dir."""

    project = config_options.Type(str, default=".")
    """The folder with qms.yml (the handbook project), relative to mkdocs.yml."""

    navigation = config_options.Type(bool, default=True)
    """Set the site navigation (start, areas, register, regulations, roles, review, help)
    when mkdocs.yml has no `nav` of its own. Routines are deliberately left out of it:
    they are reached through process pages, the register and search, so that each
    page's HTML stays small however large the handbook grows."""
