"""The handbook as an installable web app that works without a connection (issue 25).

Care staff read routines in basements, lifts and rural homes. Besides the pages, a build
publishes:

    manifest.json            the web app manifest: Swedish name, start URL and scope
                             under the site's path, theme colours, icons
    ikon-180.png, ikon-192.png, ikon-512.png
                             icons drawn here (PNG written with zlib, no image library):
                             a white document on the theme's indigo, inside the safe
                             zone so one image serves as "any" and "maskable"
    sw.js                    the service worker (templates/offline/sw.js) with this
                             build's settings in front: build id, the shell to keep,
                             the storage budget
    offline/innehall.json    what "Spara min enhets rutiner" can keep: every document
                             page with its size, grouped by verksamhetsområde and unit
    offline/verktyg.js       the save control and offline search, fetched only when used

The build id is a hash of every page and the shell (what the worker keeps): the same
site gives the same id (a deploy of an unchanged site keeps every phone's cache) and any changed byte gives
a new sw.js, which the browser compares on each visit and installs. `mkdocs serve`
rehashes only the files a rebuild rewrote.

Nothing here names a person: the files hold addresses, titles of areas and units, sizes.
"""

from __future__ import annotations

import hashlib
import html.parser
import json
import os
import secrets
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from qms_tools.handbook.model import Handbook
from qms_tools.publishing.static_site import page_url, render

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "offline"

PAGE_SRC_URI = "utan-uppkoppling.md"
"""The page with the install instructions and the "Spara min enhets rutiner" control."""
PAGE_TITLE = "Använda handboken utan uppkoppling"
MANIFEST = "manifest.json"
WORKER = "sw.js"
CONTENTS = "offline/innehall.json"
TOOLS = "offline/verktyg.js"
ICON_SIZES = (180, 192, 512)
APPLE_ICON = "ikon-180.png"
"""iOS takes the home screen icon from <link rel="apple-touch-icon">, not the manifest."""

THEME_COLOUR = "#3f51b5"
"""Material's indigo, the site's primary colour (mkdocs.yml palette)."""
BACKGROUND_COLOUR = "#ffffff"
DEFAULT_BUDGET_MB = 25.0
"""The storage a phone gives the handbook: the site shell (about 0.5 MB), the routines a
person opened and one saved area. A routine page is 20–40 kB, so 25 MB holds an area of
several hundred routines; a phone offers a site far more, this leaves room for others."""

SHELL_REFERENCES = ("stylesheet", "script")
SEARCH_FOLDER = "search/"


@dataclass(frozen=True)
class Group:
    """Documents a person can keep together: one verksamhetsområde or one unit."""
    key: str
    kind: str
    title: str
    pages: tuple[str, ...]
    """Site-relative page addresses."""


def groups(handbook: Handbook, use_directory_urls: bool = True) -> list[Group]:
    """Every area and every unit that has documents in force or in draft (withdrawn ones
    are for the record, not for work), in the registry's order."""
    organisation = handbook.organisation
    by_area: dict[str, list[str]] = {area_id: [] for area_id in organisation.areas}
    by_unit: dict[str, list[str]] = {unit_id: [] for unit_id in organisation.units}
    for document in sorted(handbook.documents, key=lambda document: document.content_path):
        if document.is_withdrawn:
            continue
        url = page_url(document.content_path, use_directory_urls)
        if document.area in by_area:
            by_area[document.area].append(url)
        unit = organisation.unit_of(document.owner)
        if unit is not None and unit.id in by_unit:
            by_unit[unit.id].append(url)
    found = [Group(f"omrade:{area_id}", "Verksamhetsområde", organisation.areas[area_id].title, tuple(pages))
             for area_id, pages in by_area.items() if pages]
    found += [Group(f"enhet:{unit_id}", "Enhet", organisation.units[unit_id].title, tuple(pages))
              for unit_id, pages in by_unit.items() if pages]
    return found


def manifest(site_name: str, description: str = "") -> dict:
    """The web app manifest. Start URL and scope are the folder of the manifest, the
    site's root: ``/<repo>/`` on GitHub Pages, ``/`` or the site_url path under `mkdocs
    serve`, wherever the site is served from, so the installed app opens the handbook
    and stays inside it."""
    short = site_name.split(" – ")[0].split(" - ")[0].strip() or site_name
    data = {
        "name": site_name,
        "short_name": short[:30],
        "lang": "sv",
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [{"src": f"ikon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                  for size in ICON_SIZES if size != 180]
        + [{"src": "ikon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"}],
    }
    if description:
        data["description"] = description
    return data


def icon_png(size: int) -> bytes:
    """A square icon: a white sheet with a folded corner and four lines of text on the
    theme colour. The sheet sits in the middle 60 %, inside the circle Android's
    maskable icons keep (80 %)."""
    background = bytes.fromhex(THEME_COLOUR[1:])
    white = b"\xff\xff\xff"
    left, right = round(size * 0.31), round(size * 0.69)
    top, bottom = round(size * 0.2), round(size * 0.8)
    fold = round(size * 0.1)
    line_left, line_right = round(size * 0.38), round(size * 0.62)
    line_height = max(1, round(size * 0.03))
    lines = [round(size * fraction) for fraction in (0.40, 0.49, 0.58, 0.67)]
    rows = []
    for y in range(size):
        row = bytearray(background * size)
        if top <= y < bottom:
            # The folded corner: the sheet's top right triangle is cut off.
            cut = right - max(0, fold - (y - top)) if y - top < fold else right
            row[left * 3:cut * 3] = white * (cut - left)
            if any(line <= y < line + line_height for line in lines):
                row[line_left * 3:line_right * 3] = background * (line_right - line_left)
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))


class _References(html.parser.HTMLParser):
    """The stylesheets and scripts a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") in SHELL_REFERENCES and attributes.get("href"):
            self.found.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.found.append(attributes["src"])


def shell(site_dir: Path, page_urls: list[str]) -> list[str]:
    """What every visitor's phone keeps once the service worker is installed: the given
    pages, every stylesheet and script they load (Material's and ours), the search
    engine's scripts, the icons and the manifest. Site-relative paths of files that exist."""
    found: list[str] = []
    for url in page_urls:
        page_file = _site_file(site_dir, url)
        if not page_file.is_file():
            continue
        found.append(url)
        parser = _References()
        parser.feed(page_file.read_text(encoding="utf-8", errors="replace"))
        base = "http://site/" + url
        for reference in parser.found:
            address = urlsplit(urljoin(base, reference))
            if address.netloc != "site":
                continue
            path = unquote(address.path.lstrip("/"))
            if (site_dir / path).is_file():
                found.append(path)
    search = site_dir / SEARCH_FOLDER
    if search.is_dir():
        found += sorted(SEARCH_FOLDER + file.name for file in search.glob("*.js"))
    found += [MANIFEST] + [f"ikon-{size}.png" for size in ICON_SIZES]
    return list(dict.fromkeys(found))


def _site_file(site_dir: Path, url: str) -> Path:
    """The file a site-relative address is served from (``a/`` is ``a/index.html``)."""
    path = site_dir / unquote(url)
    return path / "index.html" if url == "" or url.endswith("/") else path


def build_id(site_dir: Path, shell_paths: list[str]) -> str:
    """A hash of the paths and contents of what the service worker keeps: every page
    (``.html``) and the shell. Other files (attachments, search index pieces, the
    sitemap's gzip copy with its timestamp) are fetched from the network first, so they
    cannot go stale; leaving them out keeps the id the same for the same pages."""
    kept = set(shell_paths)
    digest = hashlib.sha256()
    # Paths as strings, not Path objects: a site with every earlier version has 30,000
    # files, and walking them as Path objects took 1.2 s instead of 0.6.
    top = os.fspath(site_dir)
    for directory, subdirectories, names in os.walk(top):
        subdirectories.sort()
        prefix = os.path.relpath(directory, top).replace(os.sep, "/") + "/" if directory != top else ""
        for name in sorted(names):
            relative = prefix + name
            if not (name.endswith(".html") or relative in kept):
                continue
            try:
                with open(os.path.join(directory, name), "rb") as opened:
                    content = hashlib.sha256(opened.read()).digest()
            except FileNotFoundError:
                continue  # removed while the folder was walked
            digest.update(relative.encode() + b"\0" + content)
    return digest.hexdigest()[:16]


def preview_build_id() -> str:
    """A build id of a `mkdocs serve` rebuild: new every time, so that a preview's
    service worker always takes the rebuilt pages. Hashing the site instead read all of
    it after every edit (2 of the 8 s a `--dirty` rebuild took at 1,500 documents with
    their earlier versions, 32,000 files), and a preview is never published."""
    return secrets.token_hex(8)


def contents(site_dir: Path, found_groups: list[Group], build: str, budget: int, shell_paths: list[str]) -> dict:
    """What the save control offers: each group with its pages' sizes in bytes as
    published (a phone's cache stores them uncompressed)."""
    pages: list[str] = []
    sizes: list[int] = []
    position: dict[str, int] = {}
    listed = []
    for group in found_groups:
        members = []
        for url in group.pages:
            if url not in position:
                page_file = _site_file(site_dir, url)
                if not page_file.is_file():
                    continue
                position[url] = len(pages)
                pages.append(url)
                sizes.append(page_file.stat().st_size)
            members.append(position[url])
        if members:
            listed.append({"key": group.key, "kind": group.kind, "title": group.title, "pages": members,
                           "bytes": sum(sizes[member] for member in members)})
    shell_bytes = sum(_site_file(site_dir, path).stat().st_size for path in shell_paths)
    return {"build": build, "budget": budget, "shell": shell_bytes, "pages": pages, "sizes": sizes,
            "groups": listed}


def worker_script(build: str, shell_paths: list[str], budget: int, offline_page: str) -> str:
    settings = {"build": build, "shell": shell_paths, "budget": budget, "contents": CONTENTS, "page": offline_page}
    source = (TEMPLATES / "sw.js").read_text(encoding="utf-8")
    return f"var QMS = {json.dumps(settings, ensure_ascii=False, separators=(',', ':'))};\n{source}"


def page_markdown(budget: int) -> str:
    """The page that explains installing and offline use and holds the save control."""
    return render("offline/sida.md.j2", title=PAGE_TITLE, budget=format_megabytes(budget))


def format_megabytes(size: int) -> str:
    """Swedish decimal comma: 25 MB, 1,2 MB."""
    value = size / 1_000_000
    text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
    return text.replace(".", ",") + " MB"


def budget_bytes(megabytes: float) -> int:
    return int(megabytes * 1_000_000)


def write_site_files(handbook: Handbook, site_dir: Path, *, site_name: str, description: str,
                     budget: int, use_directory_urls: bool = True, build: str | None = None) -> str:
    """Write the manifest, icons, service worker and contents list into a built site;
    the build id. Called after every other file of the site is written: the id covers
    them, unless ``build`` gives one (``preview_build_id``)."""
    site_dir = Path(site_dir)
    files: dict[str, bytes] = {MANIFEST: json.dumps(manifest(site_name, description),
                                                    ensure_ascii=False, indent=1).encode()}
    for size in ICON_SIZES:
        files[f"ikon-{size}.png"] = icon_png(size)
    files[TOOLS] = (TEMPLATES / "verktyg.js").read_bytes()
    for path, data in files.items():
        _write_if_changed(site_dir / path, data)
    offline_page = page_url(PAGE_SRC_URI, use_directory_urls)
    shell_paths = shell(site_dir, ["", offline_page]) + [TOOLS]
    build = build or build_id(site_dir, shell_paths)
    listing = contents(site_dir, groups(handbook, use_directory_urls), build, budget, shell_paths)
    _write_if_changed(site_dir / CONTENTS, json.dumps(listing, ensure_ascii=False, separators=(",", ":")).encode())
    _write_if_changed(site_dir / WORKER, worker_script(build, shell_paths, budget, offline_page).encode())
    return build


def _write_if_changed(path: Path, data: bytes) -> None:
    """Unchanged files keep their modification time (the serve fingerprint uses it)."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)

