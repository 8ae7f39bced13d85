"""What a built site must never contain, read from the built files themselves: the
promises of issue 16 as assertions for the hostile-content tests and the property test.

Independent of the code under test where it can be: HTML is read with the standard
library's parser, and a planted personal number is looked for in every file's digits
after a normalisation written here, not the package's.
"""

from __future__ import annotations

import html
import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

from conftest import FIXTURES, git

MKDOCS_YML = """\
site_name: Kvalitetshandbok – Testby kommun
docs_dir: docs
theme:
  name: material
  language: sv
  font: false
markdown_extensions:
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - admonition
  - attr_list
  - md_in_html
  - tables
  - pymdownx.superfences
  - pymdownx.tasklist:
      custom_checkbox: true
plugins:
  - qms
"""
"""The sample handbook's configuration (mkdocs.yml), with the fixture's site name."""

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data", "background",
                  "cite", "longdesc", "usemap", "manifest", "ping", "content"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
ACTIVE_ELEMENTS = {"script", "iframe", "frame", "object", "embed", "applet", "base", "form", "style", "link", "meta"}


def build(project: Path, strict: bool = False):
    """A real `mkdocs build` of ``project`` into ``project/site``: the build (with its log)
    and, when the build was stopped, its error messages (MkDocs logs a plugin's error
    and aborts)."""
    import logging

    from mkdocs_plugin.test_build import build_site

    built = build_site(project, project / "site", strict=strict)
    return built, ("\n".join(built.messages(logging.ERROR)) if built.aborted else None)


def handbook_project(target: Path, *, commit: bool = True) -> Path:
    """The small fixture handbook with the sample's site configuration, committed to a
    real Git repository."""
    shutil.copytree(FIXTURES / "site_small", target)
    (target / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    if commit:
        git(target, "init", "-q")
        git(target, "add", "-A")
        git(target, "commit", "-q", "-m", "Första versionen")
    return target


class _Elements(HTMLParser):
    """Every start tag of a file: (tag, attributes, inside the page's article)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str]], bool]] = []
        self.scripts: list[str] = []
        self._article_depth = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = [(name.lower(), value or "") for name, value in attrs]
        if tag == "article":
            self._article_depth += 1
        self.elements.append((tag, attributes, self._article_depth > 0))
        if tag == "script":
            self._in_script = True
            source = dict(attributes).get("src")
            self.scripts.append(f"src={source}" if source else "")

    def handle_endtag(self, tag):
        if tag == "article" and self._article_depth:
            self._article_depth -= 1
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and self.scripts and not self.scripts[-1].startswith("src="):
            # Inline scripts by their shape: the theme's differ per page only in strings.
            self.scripts[-1] += re.sub(r"\"[^\"]*\"|'[^']*'", '""', data.strip())


def _scheme_of(value: str) -> str:
    """The scheme a browser would see: character references decoded, control characters
    and whitespace removed (browsers drop them inside a scheme)."""
    value = html.unescape(value)
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def active_content(site: Path) -> dict[str, set[str]]:
    """Everything in the site that can run code, per kind: event-handler attributes,
    dangerous URLs, script elements (by source or shape) and active elements inside a
    page's article. Each entry names its file."""
    found: dict[str, set[str]] = {"handler": set(), "url": set(), "script": set(), "element": set()}
    for file in sorted(site.rglob("*")):
        if file.suffix.lower() not in (".html", ".htm", ".svg", ".xml") or not file.is_file():
            continue
        parser = _Elements()
        parser.feed(file.read_text(encoding="utf-8", errors="replace"))
        name = file.relative_to(site).as_posix()
        for tag, attributes, in_article in parser.elements:
            for attribute, value in attributes:
                if attribute.startswith("on"):
                    # By construct, not by file: the theme's own print button is on every poster.
                    found["handler"].add(f"<{tag} {attribute}={value}>")
                if attribute in URL_ATTRIBUTES:
                    scheme_text = _scheme_of(value)
                    if attribute == "content":
                        scheme_text = scheme_text.partition("url=")[2]
                    if scheme_text.startswith(DANGEROUS_SCHEMES):
                        found["url"].add(f"<{tag} {attribute}={scheme_text[:40]}>")
            if in_article and tag in ACTIVE_ELEMENTS:
                # The register's filter form is the handbook's own (no action, never submits).
                if not (tag == "form" and name.startswith("register/")):
                    found["element"].add(f"{name}: <{tag}> i artikeln")
        for script in parser.scripts:
            found["script"].add(script)
    return found


def theme_free(found: dict[str, set[str]], baseline: dict[str, set[str]]) -> dict[str, set[str]]:
    """``found`` less what a clean build of the same handbook has (the theme's own
    scripts; by file-independent shape for scripts, by file and construct otherwise)."""
    return {kind: {entry for entry in entries if entry not in baseline[kind]} for kind, entries in found.items()}


def reader_digits(text: str) -> str:
    """The file's characters as a reader or a program sees them, with everything that
    is not a digit dropped between digits: tags, references, escapes, dashes, spaces,
    invisible characters. Written independently of qms_tools.handbook.personal_ids."""
    text = re.sub(r"<[^<>]*>", "", text)
    text = html.unescape(unquote(text))
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match.group(1), 16)), text)
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[^0-9A-Za-zÅÄÖåäö]", "", text)


def files_holding(site: Path, digits: str) -> list[str]:
    """Site paths of the files in which the ten or twelve ``digits`` of a number appear,
    however they are written. Read byte by byte: every file, also JSON, SVG and feeds."""
    holding = []
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        text = file.read_bytes().decode("utf-8", errors="replace")
        if digits in reader_digits(text):
            holding.append(file.relative_to(site).as_posix())
    return holding


def permalink_target(site: Path, document_id: str) -> str | None:
    """The site path a permanent link leads to, from its meta refresh."""
    page = site / "d" / document_id / "index.html"
    if not page.is_file():
        return None
    match = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page.read_text(encoding="utf-8"))
    if not match:
        return None
    return urljoin(f"d/{document_id}/", html.unescape(match.group(1)))
