"""Safety at the output: what the site publishes is safe by construction, and checked.

The check's input scanners (``content.unsafe-html``, ``content.personal-id``) are advice
for the editor: they can miss what the renderer makes of a text, and ``qms.yml`` once
could lower them. The guarantees are here, on the output:

- ``sanitise``: every HTML fragment made from content (a document's text, a ``docs/``
  page, a generated page) passes an allowlist sanitizer (ammonia, through nh3) before it
  is written. The allowlist keeps what the handbook's Markdown makes (tables,
  admonitions, details, abbreviations, images, anchors with ids, highlighted code,
  task lists, ``md_in_html`` blocks, Material's classes) and nothing that runs: no
  script or style elements, no event handlers, no URL but http(s), mailto, tel and
  relative ones, no ids that Material's own script looks up (``__…``).
- ``escaped``: every text value a theme template prints (page titles, front-matter)
  is ``Markup`` with HTML's special characters escaped, so a template that forgets
  ``| e`` still prints text.
- ``scan_site``: after the build, every file written to the site is read for personal
  identity numbers as a reader would see them (``handbook.personal_ids``); a hit fails
  the build, naming the file and where the number came from, never the number in full.

Fifteen lines of allowlist are easier to trust than a denylist that must know every
trick of HTML parsers; the sanitizer's parser is html5ever, the one browsers' follow.
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

import nh3
from markupsafe import Markup, escape

from qms_tools.handbook.personal_ids import find_in_published
from qms_tools.runtime import cache

# --- The sanitizer ----------------------------------------------------------------

_TEXT = {"a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "cite", "code", "data", "del", "dfn", "em", "i", "ins",
         "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
         "var", "wbr"}
_BLOCKS = {"article", "aside", "caption", "col", "colgroup", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
           "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "img", "li", "ol", "p", "pre", "section",
           "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
           "input", "label"}  # task lists: <label><input type="checkbox" disabled>
_EVERYWHERE = {"id", "class", "title", "lang", "dir", "hidden", "role", "aria-hidden", "aria-label", "aria-labelledby",
               "aria-describedby"}
_ATTRIBUTES = {
    "*": _EVERYWHERE,
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "time": {"datetime"}, "data": {"value"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "style"}, "th": {"colspan", "rowspan", "headers", "scope", "style"},
    "col": {"span"}, "colgroup": {"span"},
    "details": {"open"},
    # The review dates of a routine on a process's map (inside the process's own page),
    # which qms.js compares with the reader's clock; a plain date pair, read by a regex.
    "span": {"data-qms-due"},
    "input": {"checked", "disabled"},
    "label": {"for"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_MATERIAL_IDS = "__"
"""Material's script finds its parts by ids such as ``__config``, ``__search`` and
``__drawer``; content that took one would take them over (DOM clobbering)."""

# What the generated overview pages add to content: the register's filter form (no
# action: it never submits), the search prompt's icon, the review chart's bar widths,
# the follow-up's bar charts (publishing/charts.py) and the data attributes the site's
# scripts read.
_GENERATED_TAGS = {"button", "form", "option", "path", "select", "svg", "rect", "line", "text", "title"}
_GENERATED_ATTRIBUTES = {
    "input": {"autocomplete", "placeholder"},
    "span": {"style"},
    "svg": {"viewBox", "width", "height", "focusable"},
    "path": {"d", "fill"},
    "rect": {"x", "y", "width", "height"},
    "line": {"x1", "y1", "x2", "y2"},
    "text": {"x", "y", "text-anchor"},
    "option": {"value", "selected"},
}


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("id", "for") and value.startswith(_MATERIAL_IDS):
        return None
    return value


def _cleaner(generated: bool) -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in _ATTRIBUTES.items()}
    input_types = {"checkbox"}
    if generated:
        for tag, names in _GENERATED_ATTRIBUTES.items():
            attributes.setdefault(tag, set()).update(names)
        input_types.add("search")
    return nh3.Cleaner(
        tags=_TEXT | _BLOCKS | (_GENERATED_TAGS if generated else set()),
        # Removed with their content: script and style text is no reading matter.
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "textarea", "xmp",
                            "noembed", "noframes", "math"} | (set() if generated else {"svg", "select"}),
        attributes=attributes,
        attribute_filter=_attribute_filter,
        strip_comments=True,
        link_rel=None,  # no rel added: the output stays as Markdown made it
        generic_attribute_prefixes={"data-qms-"} if generated else None,
        tag_attribute_values={"input": {"type": input_types},
                              **({"button": {"type": {"button", "reset"}}} if generated else {})},
        url_schemes=_URL_SCHEMES,
        filter_style_properties={"text-align", "width"} if generated else {"text-align"},
    )


_CONTENT = _cleaner(generated=False)
_GENERATED = _cleaner(generated=True)


def sanitise(html: str, generated: bool = False) -> str:
    """``html`` with everything outside the allowlist removed. ``generated`` is for the
    overview pages the handbook makes itself from escaped values (a form and an icon)."""
    return (_GENERATED if generated else _CONTENT).clean(html)


# --- Escaped values for the theme's templates ----------------------------------------

def escaped(value: object) -> object:
    """``value`` with every string in it (also inside lists and mappings) made ``Markup``
    with HTML's special characters escaped: printed by a template without ``| e`` it is
    still text, and ``| e`` does not escape it twice."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, Mapping):
        return {key: escaped(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(escaped(item) for item in value)
    return value


# --- The final gate -------------------------------------------------------------------

_BINARY = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".eot", ".otf"}
"""Compressed formats: digits in them are no text anyone reads. PDF and office files are
read as bytes (their uncompressed text and metadata)."""


@dataclass
class GateReport:
    files_read: int = 0
    bytes_read: int = 0
    hits: list[tuple[str, str, list[str]]] = field(default_factory=list)
    """(site path, masked number, sources where the number is known to come from)."""

    def messages(self) -> list[str]:
        lines = []
        for path, masked, sources in self.hits:
            origin = f" Källa: {', '.join(sources)}." if sources else ""
            lines.append(f"{path}: den publicerade filen innehåller ett personnummer eller samordningsnummer "
                         f"({masked}).{origin} Ta bort numret ur källan och bygg om webbplatsen.")
        return lines


def _site_text(data: bytes, suffix: str) -> str:
    if suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # every byte a character: digits stay digits


NUMBER_MEMO_FILE = ".cache/qms/personnummerspar-{publicering}.json.gz"
"""Relative to the project root, one per audience: the site files ``scan_site`` found
without a number, by path and bytes; safe to delete."""


def scan_site(site_dir: Path, skip: Iterable[str] = (), sources: Mapping[str, list[str]] | None = None,
              page_sources: Mapping[str, str] | None = None,
              readable: Callable[[str, str], str] | None = None, memo: Path | None = None) -> GateReport:
    """Read every file under ``site_dir`` (less the site paths in ``skip``: the theme's
    own files, byte for byte what its authors published) for personal identity numbers.
    ``sources`` maps a masked number to where it is written in the project;
    ``page_sources`` maps a site path to the file it was made from; ``readable`` maps a
    site path and its text to the part of it that is text (machine-encoded numbers left
    out: see ``search.index.readable_text``). ``memo``: a file remembering which files
    (path and bytes) this code found clean (``cache.FileMemo``), so that a deploy reads
    only what changed; a file with a number is read every time."""
    report = GateReport()
    sources = sources or {}
    page_sources = page_sources or {}
    remembered = cache.FileMemo(memo, f"personnummer {cache.code_digest()}" if memo else "", "")
    for site_path, suffix, file in site_files(site_dir, skip):
        if suffix in _BINARY:
            continue
        data = file.read_bytes()
        report.files_read += 1
        report.bytes_read += len(data)
        key = remembered.key(site_path, data)
        if remembered.known(key):
            continue
        text = _site_text(data, suffix)
        found = False
        for match in find_in_published(readable(site_path, text) if readable else text):
            known = list(sources.get(_key(match.masked), []))
            if site_path in page_sources and page_sources[site_path] not in known:
                known.insert(0, page_sources[site_path])
            report.hits.append((site_path, match.masked, known))
            found = True
        if not found:
            remembered.clean(key)
    remembered.save()
    return report


def site_files(site_dir: Path, skip: Iterable[str] = ()) -> Iterator[tuple[str, str, Path]]:
    """(site path, lower-case suffix, file) of every file under ``site_dir``, in the same
    order every time, less the site paths in ``skip``: what the site's gates read."""
    skipped = set(skip)
    for directory, subdirectories, names in os.walk(site_dir):
        subdirectories.sort()
        for name in sorted(names):
            file = Path(directory) / name
            site_path = file.relative_to(site_dir).as_posix()
            if site_path not in skipped:
                yield site_path, file.suffix.lower(), file


def withdraw(site_dir: Path, report: GateReport) -> str:
    """Remove the files in which the gate found a number from the site folder, so that no
    later step can publish them; the build's failure, naming each file."""
    for path in sorted({path for path, _, _ in report.hits}):
        (Path(site_dir) / path).unlink(missing_ok=True)
    return "\n".join([f"Webbplatsen får inte publiceras: de byggda filerna innehåller {len(report.hits)} "
                      f"personnummer eller samordningsnummer. Filerna är borttagna ur {site_dir}.",
                      *report.messages()])


def _key(masked: str) -> str:
    """The same number's masked forms as one key: the last eight digits before the mask
    (century and separator are ways of writing it)."""
    return "".join(character for character in masked if character.isdigit())[-6:]


def number_sources(texts: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Masked-number key -> the sources (by name) whose text holds it."""
    found: dict[str, list[str]] = {}
    for source, text in texts:
        for match in find_in_published(text):
            names = found.setdefault(_key(match.masked), [])
            if source not in names:
                names.append(source)
    return found


# --- The site's own address space ----------------------------------------------------

RESERVED_FOLDERS = ("d/", "qr/", "search/", "assets/", "omraden/", "regelverk/", "lagar/", "uppfoljning/")
"""Folders the site writes itself: permanent links, QR posters, the search index, the
theme's assets, the area, regulation and law pages, the follow-up and audit question pages."""
RESERVED_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz", "a11y.css", "a11y.js", "pages.css", "pages.js",
                  "register.js")


def reserved_pages() -> tuple[str, ...]:
    """The generated pages outside the reserved folders, by source path."""
    from qms_tools.publishing.pages import register, review_status, roles, start, unpublished, withdrawn
    return (start.SRC_URI, register.SRC_URI, review_status.SRC_URI, roles.SRC_URI, withdrawn.SRC_URI,
            unpublished.SRC_URI)


def address_clashes(content_dir: str, sources: Iterable[str], use_directory_urls: bool = True,
                    taken: Mapping[str, str] | None = None) -> dict[str, str]:
    """Content-folder paths (documents and attachments) that the site must not publish:
    each -> why (Swedish, naming what it would have replaced). A path in the site's own
    address space would replace a page the site makes; two sources with one address
    would replace each other. Nothing is ever overwritten in silence."""
    from qms_tools.publishing.static_site import page_url

    own = {page_url(page, use_directory_urls): page for page in reserved_pages()}
    others = taken or {}
    by_address: dict[str, list[str]] = {}
    clashes: dict[str, str] = {}
    for source in sorted(sources):
        address = page_url(source, use_directory_urls) if source.endswith(".md") else source
        folder = next((reserved for reserved in RESERVED_FOLDERS if source.startswith(reserved)), None)
        if folder is not None:
            clashes[source] = (f"Adressen {address or '/'} ligger i mappen {folder}, som webbplatsen använder själv "
                               f"(permanenta länkar, QR-affischer, sökindex, tema, områdes-, regelverks- och uppföljningssidor). "
                               f"Flytta filen till en annan mapp.")
        elif address in own or source in RESERVED_FILES:
            clashes[source] = (f"Adressen {address or '/'} är webbplatsens egen sida "
                               f"({own.get(address, source)}), som filen annars skulle ersätta. Byt namn på filen.")
        elif address in others:
            clashes[source] = (f"Adressen {address or '/'} har redan {others[address]}, som filen annars skulle "
                               f"ersätta eller ersättas av. Byt namn på en av dem.")
        by_address.setdefault(address, []).append(source)
    for address, same in by_address.items():
        if len(same) > 1:
            for source in same:
                others = ", ".join(f"{content_dir}/{other}" for other in same if other != source)
                clashes.setdefault(source, f"Filen får samma adress på webbplatsen ({address or '/'}) som {others}; "
                                           f"den ena skulle ersätta den andra. Byt namn på en av dem.")
    return clashes
