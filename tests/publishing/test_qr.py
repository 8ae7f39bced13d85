"""QR codes decoded by a real decoder (zbarimg) from the real output: PNG as written, SVG
as Chromium renders it. Each must hold exactly the permanent address."""

from __future__ import annotations

import gzip
import json

import pytest
import segno

from scanning import browser, decode, write_pbm  # noqa: F401 - browser is a fixture

from qms_tools.publishing import qr
from qms_tools.handbook.settings import ProjectError

ADDRESSES = [
    ("https://ekebro-kommun.github.io/kvalitetshandbok/", "RUT-BOU-014",
     "https://ekebro-kommun.github.io/kvalitetshandbok/d/RUT-BOU-014/"),
    ("https://handbok.example.se", "PROC-A-1", "https://handbok.example.se/d/PROC-A-1/"),
    ("http://intranat.kommun.example/kvalitet/handbok/", "STY-LEDNING-KVALITETSSYSTEM-2026-001",
     "http://intranat.kommun.example/kvalitet/handbok/d/STY-LEDNING-KVALITETSSYSTEM-2026-001/"),
]


@pytest.mark.parametrize(("site_url", "document_id", "expected"), ADDRESSES)
def test_png_holds_exactly_the_permanent_address(tmp_path, site_url, document_id, expected):
    address = qr.permanent_address(site_url, document_id)
    assert address == expected
    image = tmp_path / "kod.png"
    image.write_bytes(qr.png(address))
    assert decode(image) == [expected]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_svg_file_and_inline_svg_read_as_a_browser_renders_them(tmp_path, browser, scheme):
    site_url, document_id, expected = ADDRESSES[0]
    address = qr.permanent_address(site_url, document_id)
    svg_file = tmp_path / "kod.svg"
    svg_file.write_text(qr.svg_file(address, "QR-kod till Orosanmälan"), encoding="utf-8")
    inline = qr.svg(address, "QR-kod till Orosanmälan", size=180)
    # The document page's size, on a dark page: the code brings its own light background.
    background = "#000" if scheme == "dark" else "#fff"
    page = browser.new_page(viewport={"width": 800, "height": 900}, color_scheme=scheme)
    try:
        page.goto(svg_file.as_uri())
        page.screenshot(path=str(tmp_path / "fil.png"))
        page.goto("about:blank")
        page.set_content(f'<html lang="sv"><body style="background:{background}">{inline}</body></html>')
        page.locator("svg").screenshot(path=str(tmp_path / "inline.png"))
        name = page.locator("svg").evaluate("svg => svg.querySelector('title').textContent")
        role = page.locator("svg").get_attribute("role")
    finally:
        page.close()
    assert decode(tmp_path / "fil.png") == [expected]
    assert decode(tmp_path / "inline.png") == [expected]
    assert (name, role) == ("QR-kod till Orosanmälan", "img")


def test_error_correction_h_survives_a_strip_of_tape_that_defeats_level_l(tmp_path):
    address = qr.permanent_address(*ADDRESSES[0][:2])

    def taped(matrix):
        size = len(matrix)
        covered = range(int(size * 0.40), int(size * 0.50))  # a tenth of the code, across it
        return [[0 if y in covered else module for module in row] for y, row in enumerate(matrix)]

    assert qr.ERROR_CORRECTION == "H"
    ours = write_pbm(taped(qr.matrix(address)), tmp_path / "h.pbm")
    lowest = write_pbm(taped(segno.make(address, error="l", boost_error=False).matrix), tmp_path / "l.pbm")
    assert decode(ours) == [address]
    assert decode(lowest) == []


def test_cache_keeps_codes_between_builds_and_ignores_anything_else(tmp_path):
    address = "https://example.invalid/handbok/d/RUT-CACHE-1/"
    made = qr.svg(address, "Kod")
    cache = tmp_path / "qr.json.gz"
    qr.save_cache(cache, [address])
    qr._SVGS.clear()
    qr.load_cache(cache)
    assert address in qr._SVGS and qr.svg(address, "Kod") == made

    # Markup of any other shape, or from another encoder version, is never trusted.
    other = "https://example.invalid/handbok/d/RUT-CACHE-2/"
    for version, markup in ((qr._CACHE_VERSION, '<svg viewBox="0 0 9 9"><script>alert(1)</script></svg>'),
                            ("segno 0.1, L, 4", qr._svg(address)[1])):
        cache.write_bytes(gzip.compress(json.dumps({"version": version, "codes": {other: markup}}).encode()))
        qr._SVGS.pop(other, None)
        qr.load_cache(cache)
        assert other not in qr._SVGS
    cache.write_bytes(b"not gzip")
    qr.load_cache(cache)  # a damaged cache is ignored
    image = tmp_path / "kod.png"
    image.write_bytes(qr.png(other))
    assert decode(image) == [other]


@pytest.mark.parametrize("site_url", [None, "", "  "])
def test_missing_site_url_is_a_clear_error(site_url):
    with pytest.raises(ProjectError, match=r"^site_url saknas i qms\.yml\. QR-koderna pekar"):
        qr.permanent_address(site_url, "RUT-A-1")


@pytest.mark.parametrize("site_url", ["handbok/", "ftp://example.se/", "https://example.se/?a=1", "https://"])
def test_site_url_must_be_a_full_web_address(site_url):
    with pytest.raises(ProjectError, match="är ingen fullständig webbadress"):
        qr.permanent_address(site_url, "RUT-A-1")


@pytest.fixture
def sample(project):
    return project("permalinks")


def test_cli_writes_png_and_svg(sample, qms, tmp_path, monkeypatch):
    png = tmp_path / "affisch.png"
    result = qms("qr", "RUT-OMR-001", str(sample), "--format", "png", "--output", str(png))
    assert result.exit_code == 0, result.stderr
    assert result.output == f"Skrev {png}: QR-kod till https://example.invalid/handbok/d/RUT-OMR-001/\n"
    assert decode(png) == ["https://example.invalid/handbok/d/RUT-OMR-001/"]

    monkeypatch.chdir(tmp_path)
    result = qms("qr", "RUT-OMR-001", str(sample))
    assert result.exit_code == 0, result.stderr
    svg = (tmp_path / "RUT-OMR-001.svg").read_text(encoding="utf-8")
    assert svg.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title>QR-kod till Mottagning av ärende (RUT-OMR-001)</title>" in svg


def test_cli_unknown_id_and_missing_site_url(sample, qms):
    result = qms("qr", "rut-omr-001", str(sample))
    assert result.exit_code == 2
    assert result.stderr == "qms: Id 'rut-omr-001' finns inte i handboken. Menade du RUT-OMR-001?\n"
    result = qms("qr", "RUT-XYZ-999", str(sample))
    assert result.exit_code == 2 and "finns inte i handboken. Id står i dokumentets front-matter" in result.stderr

    settings = sample / "qms.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("site_url:", "# site_url:"), encoding="utf-8")
    result = qms("qr", "RUT-OMR-001", str(sample))
    assert result.exit_code == 2
    assert result.stderr.startswith("qms: site_url saknas i qms.yml.")
    assert "Traceback" not in result.stderr

