"""QR codes for the permanent address of a document, ``<site_url>/d/<ID>/``.

A code encodes exactly that address and nothing else, so a printed code keeps leading
to the document wherever its file moves (see ``permalinks``).

Error correction level **H**, the highest: up to about 30 % of the code can be lost and
it still reads. Codes are printed and taped to walls in group homes and offices for
years; they fade in sunlight, get scratched and stained, a corner ends up under tape,
and they are scanned through the glare of a plastic sleeve. Level Q survives about
25 %, M 15 %, L 7 %. The price of H is a denser code: a typical address
(``https://ekebro-kommun.github.io/kvalitetshandbok/d/RUT-BOU-014/``) needs version 7,
53 × 53 modules, instead of 49 × 49 at Q. That costs nothing at poster sizes: even the
4 cm codes on a unit's sheet have modules of 0.7 mm, which a phone resolves at arm's
length. ``tests/publishing/test_qr.py`` shows a code with a damaged block that reads at H and not
at L.

Encoding is the expensive part, about 6 ms a code: segno tries all eight mask patterns,
as the standard requires, to pick the most readable one. So each address is encoded
once per process and reused by the document page, its posters and the sheets, and the
result is kept between builds in a cache file (``.cache/qms/``, like Material's social
cards): the code for an address never changes. The cache holds only SVG markup of the
one shape segno writes; anything else in it is ignored.
"""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import segno
from markupsafe import escape

from qms_tools.runtime import cache
from qms_tools.handbook.settings import ProjectError

if TYPE_CHECKING:
    from qms_tools.handbook.model import Handbook

ERROR_CORRECTION = "H"
QUIET_ZONE = 4
"""Light modules around the code; the standard asks for four."""
PNG_SCALE = 10
"""Pixels per module in a PNG: about 3.5 cm at 600 px for a version 7 code."""


def permanent_path(document_id: str) -> str:
    """The permanent address relative to the site root."""
    return f"d/{document_id}/"


def require_site_url(site_url: str | None) -> str:
    """``site_url`` from qms.yml, or a clear error: a QR code needs an absolute address."""
    if not site_url or not site_url.strip():
        raise ProjectError("site_url saknas i qms.yml. QR-koderna pekar på dokumentens permanenta adresser "
                           "(<site_url>/d/<ID>/) och kan inte skapas utan den. Lägg till webbplatsens "
                           "adress, till exempel 'site_url: https://handbok.exempel.se/', i qms.yml.")
    parts = urlsplit(site_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ProjectError(f"site_url '{site_url}' i qms.yml är ingen fullständig webbadress. Skriv hela "
                           f"adressen till webbplatsen, till exempel 'https://handbok.exempel.se/'.")
    return site_url.strip()


def permanent_address(site_url: str | None, document_id: str) -> str:
    return require_site_url(site_url).rstrip("/") + "/" + permanent_path(document_id)


def _code(address: str) -> segno.QRCode:
    return segno.make(address, error=ERROR_CORRECTION, micro=False, boost_error=False)


_SVGS: dict[str, tuple[int, str]] = {}
"""Address -> (modules across with quiet zone, SVG markup without title), made once."""
_ENCODED: set[str] = set()
"""Addresses encoded by this process rather than read from the cache."""


def _svg(address: str) -> tuple[int, str]:
    found = _SVGS.get(address)
    if found is None:
        code = _code(address)
        # A white background of its own: the code must read on the dark colour scheme too.
        found = _SVGS[address] = (code.symbol_size(scale=1, border=QUIET_ZONE)[0], code.svg_inline(
            scale=1, border=QUIET_ZONE, light="#fff", dark="#000", omitsize=True, svgclass=None, lineclass=None))
        _ENCODED.add(address)
    return found


def svg(address: str, title: str, size: int | None = None, css_class: str = "qms-qr-code") -> str:
    """The code as inline SVG, named for screen readers by ``title``; ``size`` in CSS
    pixels, else it scales with CSS."""
    dimensions = f'width="{size}" height="{size}" ' if size else ""
    opening = f'<svg class="{escape(css_class)}" {dimensions}role="img" shape-rendering="crispEdges" '
    return _with_title(opening, address, title)


def svg_file(address: str, title: str) -> str:
    """A standalone SVG file, e.g. ``qr/<ID>/kod.svg`` for posters, print shops and
    image editors."""
    size = _svg(address)[0] * PNG_SCALE
    opening = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
               f'shape-rendering="crispEdges" ')
    return '<?xml version="1.0" encoding="utf-8"?>\n' + _with_title(opening, address, title) + "\n"


def _with_title(opening: str, address: str, title: str) -> str:
    return _svg(address)[1].replace("<svg ", opening, 1).replace(">", f"><title>{escape(title)}</title>", 1)


def png(address: str, scale: int = PNG_SCALE) -> bytes:
    buffer = io.BytesIO()
    _code(address).save(buffer, kind="png", scale=scale, border=QUIET_ZONE, light="#fff", dark="#000")
    return buffer.getvalue()


def matrix(address: str) -> tuple[tuple[int, ...], ...]:
    """The modules without quiet zone, 1 = dark: for tests that damage a code on purpose."""
    return tuple(tuple(row) for row in _code(address).matrix)


def document_address(handbook: Handbook, document_id: str) -> str:
    """The permanent address of a document of ``handbook``, or a clear error when the
    site has no address or the id is unknown."""
    site_url = require_site_url(handbook.settings.site_url)
    if document_id not in handbook.by_id:
        known = list(handbook.by_id)
        guess = next((known_id for known_id in known if known_id.casefold() == document_id.casefold()), None)
        guess = guess or next(iter(difflib.get_close_matches(document_id, known, n=1, cutoff=0.7)), None)
        raise ProjectError(f"Id '{document_id}' finns inte i handboken." + (f" Menade du {guess}?" if guess else
                           " Id står i dokumentets front-matter (id: …) och i dokumentregistret."))
    return permanent_address(site_url, document_id)


CACHE_FILE = ".cache/qms/qr-koder.json.gz"
"""Relative to the project root; safe to delete."""
_CACHE_VERSION = f"segno {segno.__version__}, {ERROR_CORRECTION}, {QUIET_ZONE}"
_CACHED_SVG = re.compile(r'<svg viewBox="0 0 (\d+) \1"><path fill="#fff" d="M0 0h\1v\1h-\1z"/>'
                         r'<path stroke="#000" d="[Mmhv0-9 .\-]+"/></svg>')


def load_cache(file: Path) -> None:
    """Codes an earlier build made, when the file is there and from this encoder."""
    data = cache.read(file, _CACHE_VERSION)
    if data is None or not isinstance(data.get("codes"), dict):
        return  # No cache or a damaged one: the codes are simply made again.
    for address, markup in data["codes"].items():
        match = _CACHED_SVG.fullmatch(markup) if isinstance(markup, str) else None
        if match and isinstance(address, str):
            _SVGS.setdefault(address, (int(match.group(1)), markup))


def save_cache(file: Path, addresses: list[str]) -> None:
    """Keep the codes of ``addresses`` for the next build, if any were made anew."""
    if file.is_file() and _ENCODED.isdisjoint(addresses):
        return
    cache.write(file, _CACHE_VERSION, codes={address: _svg(address)[1] for address in sorted(addresses)})
