"""Reading QR codes the way a phone would, for the tests: ``zbarimg`` (Debian's
zbar-tools) decodes real images, and Debian's Chromium renders SVG and HTML as a
reader's browser does. Under ``CI=true`` a missing tool fails the test instead of
skipping it."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def missing(what: str, install: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} saknas: {install}")
    pytest.skip(f"{what} saknas ({install})")


def zbarimg() -> str:
    path = shutil.which("zbarimg")
    if path is None:
        missing("zbarimg", "apt-get install zbar-tools")
    return path


def decode(image: Path) -> list[str]:
    """Every QR code zbarimg finds in the image file, as text; [] when none."""
    result = subprocess.run([zbarimg(), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                            capture_output=True, timeout=60)
    if result.returncode == 4:
        return []
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout.decode("utf-8").splitlines()


def write_pbm(matrix, path: Path, scale: int = 8, quiet_zone: int = 4) -> Path:
    """A module matrix (1 = dark) as a plain black-and-white bitmap that zbarimg reads."""
    size = len(matrix)
    rows = []
    for y in range(-quiet_zone, size + quiet_zone):
        modules = [1 if 0 <= y < size and 0 <= x < size and matrix[y][x] else 0
                   for x in range(-quiet_zone, size + quiet_zone)]
        row = " ".join(str(module) for module in modules for _ in range(scale))
        rows.extend([row] * scale)
    width = (size + 2 * quiet_zone) * scale
    path.write_text(f"P1\n{width} {width}\n" + "\n".join(rows) + "\n", encoding="ascii")
    return path


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        missing(str(CHROMIUM), "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a site the way GitHub Pages does: quietly, and with the site's own 404.html
    (status 404) for an address that leads nowhere."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or self.command != "GET" or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height in points of each page of a PDF that Chromium printed."""
    boxes = _MEDIA_BOX.findall(pdf)
    count = len(_PAGE.findall(pdf))
    assert len(boxes) == count, (len(boxes), count)
    return [(float(width), float(height)) for width, height in boxes]


class Server:
    """A directory served over HTTP on 127.0.0.1, the way a web host serves the site."""

    def __init__(self, directory: Path):
        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
