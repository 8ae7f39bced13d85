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

    search = config_options.Type(bool, default=True)
    """Publish the handbook's own search (qms_tools.publishing.search): an index in small pieces that
    a phone fetches only as a query needs them, shown in Material's header. Remove
    Material's `search` plugin from mkdocs.yml: its index is several megabytes and
    Material fetches all of it on every page."""

    offline = config_options.Type(bool, default=True)
    """Make the site an installable web app that keeps what a person opened for reading
    without a connection (manifest.json, sw.js; qms_tools.publishing.offline)."""

    offline_budget = config_options.Type((int, float), default=25)
    """Megabytes a phone may use for the handbook: the site shell, the pages a person
    opened (the oldest go first when it is full) and one saved area or unit. Shown on the
    page "Använda handboken utan uppkoppling"."""

    publicering = config_options.Optional(config_options.Type(str))
    """Who the site is for: `offentlig` (the default: public documents, no drafts),
    `intern` (every document but drafts, for the organisation's own server behind its
    sign-in) or `förhandsgranskning` (everything, drafts too, for editors). The
    environment variable QMS_PUBLICERING overrides it (qms_tools.handbook.audience)."""
