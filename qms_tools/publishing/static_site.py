"""Standalone HTML files of the site (permanent links, QR posters), as plain data.

They are written as they are, outside the theme: a redirect must be tiny and work
without JavaScript, and a poster must print without the site's header, navigation and
search around it. Addresses follow the site generator's rule for page URLs (with or
without directory URLs), so every link between these files and the pages is relative
and works under any ``site_url`` and with the development server.
"""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import quote

import jinja2


class StaticFile:
    """A file of the built site with its text, or with how to make its text.

    A made text is kept. A build that only needs to know which files there are (MkDocs
    must be told before it renders the pages) leaves the making to whoever writes the
    file, which may be another process (``mkdocs_plugin.worker``)."""

    __slots__ = ("dest_uri", "_content", "_make")

    def __init__(self, dest_uri: str, content: str | None = None, *, make: Callable[[], str] | None = None):
        if (content is None) == (make is None):
            raise TypeError("a StaticFile needs either its content or how to make it")
        self.dest_uri = dest_uri
        """Path of the file in the built site, e.g. ``d/RUT-BOU-014/index.html``."""
        self._content = content
        self._make = make

    @property
    def content(self) -> str:
        if self._content is None:
            self._content, self._make = self._make(), None
        return self._content

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StaticFile):
            return NotImplemented
        return self.dest_uri == other.dest_uri and self.content == other.content

    def __hash__(self) -> int:
        return hash(self.dest_uri)

    def __repr__(self) -> str:
        return f"StaticFile({self.dest_uri!r})"


def write_files(site_dir: str | Path, files: Iterable[StaticFile]) -> None:
    """Write each file into the site folder (a site build's worker, ``qms export``)."""
    root = Path(site_dir)
    for file in files:
        target = root / file.dest_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.content, encoding="utf-8")


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """Site-relative URL of a page or static file by its source path: ``a/b.md`` is
    ``a/b/`` (or ``a/b.html``), ``a/index.md`` is ``a/``, ``d/X/index.html`` is ``d/X/``."""
    path = src_uri
    if path.endswith(".md"):
        stem = posixpath.basename(path)[:-3]
        folder = posixpath.dirname(path)
        if stem in ("index", "README"):
            path = posixpath.join(folder, "index.html")
        elif use_directory_urls:
            path = posixpath.join(folder, stem, "index.html")
        else:
            path = posixpath.join(folder, stem + ".html")
    if use_directory_urls and posixpath.basename(path) == "index.html":
        path = posixpath.dirname(path) + "/" if posixpath.dirname(path) else ""
    return quote(path, safe="/-._~")


def relative_url(from_dest_uri: str, to_url: str) -> str:
    """``to_url`` (site-relative) as seen from the file at ``from_dest_uri``."""
    depth = from_dest_uri.count("/")
    return ("../" * depth + to_url) or "./"


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("qms_tools", "templates"), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                              auto_reload=False)  # package templates: no file check per render


@functools.cache
def _template(name: str) -> jinja2.Template:
    return _environment().get_template(name)


def render(template: str, **context: object) -> str:
    return _render(_template(template), context)


def render_block(template: str, context: dict[str, object]) -> str:
    """A template as one HTML block without blank lines, which Markdown passes through
    untouched (a page's header, footer and QR block)."""
    return _BLANK_LINES.sub("\n", _render(_template(template), context)).strip()


_BLANK_LINES = re.compile(r"\n\s*\n+")


def _render(template: jinja2.Template, context: dict[str, object]) -> str:
    """``template.render(context)`` for a context dict made for this one call, by a
    template that reads no Jinja globals: the dict is used as it is instead of copied
    together with the globals (``Template.render`` would do that for every page)."""
    return template.environment.concat(template.root_render_func(template.new_context(context, shared=True)))
