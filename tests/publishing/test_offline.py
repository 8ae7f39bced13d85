"""The files that make the handbook installable and readable offline (issue 25): the
manifest, the icons, the service worker's settings and the contents list, checked on
the built sample site (the session's strict build) and, for the icons, on PNG bytes read
back chunk by chunk with their checksums. The browser tests (tests/browser/
test_offline.py) show that Chromium accepts them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import REPOSITORY, TODAY
from qms_tools.check.run import check_project
from qms_tools.publishing import offline
from qms_tools.publishing.static_site import page_url


def _read_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB rows of an 8-bit RGB PNG without filters, every chunk's CRC
    checked."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, {}
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks[kind] = chunks.get(kind, b"") + body
        position += 12 + length
    width, height, depth, colour, _, _, _ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, colour) == (8, 2) and b"IEND" in chunks
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = 1 + 3 * width
    assert len(raw) == stride * height
    rows = [raw[y * stride:(y + 1) * stride] for y in range(height)]
    assert {row[0] for row in rows} == {0}
    return width, height, [row[1:] for row in rows]


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=16, max_value=640))
def test_icon_is_a_square_png_with_its_drawing_inside_the_maskable_safe_zone(size):
    width, height, rows = _read_png(offline.icon_png(size))
    assert (width, height) == (size, size)
    theme = bytes.fromhex(offline.THEME_COLOUR[1:])
    drawn = [(x, y) for y, row in enumerate(rows) for x in range(size) if row[3 * x:3 * x + 3] != theme]
    assert drawn, "the sheet must show"
    centre = (size - 1) / 2
    # Android crops a maskable icon to a circle of 80 % of its width.
    assert max(((x - centre) ** 2 + (y - centre) ** 2) ** 0.5 for x, y in drawn) <= 0.4 * size
    assert all(rows[y][3 * x:3 * x + 3] == b"\xff\xff\xff" for x, y in drawn)


def test_manifest_has_what_android_needs_to_install_under_any_path():
    data = offline.manifest("Kvalitetshandbok – Ekebro kommun", "Processer och rutiner")
    assert data["name"] == "Kvalitetshandbok – Ekebro kommun" and data["short_name"] == "Kvalitetshandbok"
    assert data["lang"] == "sv" and data["display"] == "standalone"
    # Relative to the manifest, which is at the site's root wherever the site is served.
    assert data["start_url"] == data["scope"] == "./"
    sizes = {icon["sizes"] for icon in data["icons"] if icon["purpose"] == "any"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in data["icons"])


@pytest.fixture(scope="module")
def handbook():
    return check_project(REPOSITORY, dt.date.fromisoformat(TODAY)).handbook


def test_groups_are_each_areas_and_each_units_documents_in_use(handbook):
    found = {group.key: group for group in offline.groups(handbook)}
    organisation = handbook.organisation
    for document in handbook.documents:
        url = page_url(document.content_path)
        unit = organisation.unit_of(document.owner)
        in_area = document.area and url in found[f"omrade:{document.area}"].pages
        in_unit = unit is not None and url in found[f"enhet:{unit.id}"].pages
        if document.is_withdrawn:
            assert not in_area and not in_unit, document.path
        else:
            assert bool(in_area) == bool(document.area) and in_unit == (unit is not None), document.path
    assert {group.title for group in found.values() if group.kind == "Verksamhetsområde"} <= {
        area.title for area in organisation.areas.values()}


def _site(sample_build) -> Path:
    return sample_build.site


def _settings(site: Path) -> dict:
    first = (site / offline.WORKER).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("var QMS = ") and first.endswith(";")
    return json.loads(first[len("var QMS = "):-1])


def test_worker_settings_name_this_build_and_a_shell_that_exists(sample_build):
    site = _site(sample_build)
    worker = _settings(site)
    assert worker["build"] == offline.build_id(site, worker["shell"])
    for path in worker["shell"]:
        assert (site / path).is_file() or (site / path / "index.html").is_file(), path
    assert "" in worker["shell"] and "search/engine.js" in worker["shell"]
    assert any(path.startswith("assets/javascripts/bundle.") for path in worker["shell"])
    assert worker["budget"] == offline.budget_bytes(offline.DEFAULT_BUDGET_MB)
    contents = json.loads((site / offline.CONTENTS).read_text(encoding="utf-8"))
    assert contents["build"] == worker["build"]
    for path, size in zip(contents["pages"], contents["sizes"]):
        assert (site / path / "index.html").stat().st_size == size
    for group in contents["groups"]:
        assert group["bytes"] == sum(contents["sizes"][position] for position in group["pages"])


def test_build_id_follows_every_byte_of_what_the_worker_keeps(sample_build, tmp_path):
    site = _site(sample_build)
    shell = _settings(site)["shell"]
    before = offline.build_id(site, shell)
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    assert offline.build_id(copy, shell) == before
    # Its own files, and what is always fetched from the network, do not count.
    (copy / offline.WORKER).write_text("// annan", encoding="utf-8")
    (copy / "sitemap.xml.gz").write_bytes(b"annan tidsst\xe4mpel")
    assert offline.build_id(copy, shell) == before
    for changed in ("barn-och-unga/orosanmalan/index.html", "assets/qms/qms.css"):
        file = copy / changed
        file.write_bytes(file.read_bytes() + b" ")
        after = offline.build_id(copy, shell)
        assert after != before, changed
        before = after


def test_offline_files_name_no_person(sample_build, handbook):
    site = _site(sample_build)
    names = {role.holder.name for role in handbook.organisation.roles.values() if role.holder}
    assert names
    for path in (offline.MANIFEST, offline.WORKER, offline.CONTENTS, offline.TOOLS, "utan-uppkoppling/index.html"):
        text = (site / path).read_text(encoding="utf-8")
        assert not [name for name in names if name in text], path


def test_every_page_loads_the_offline_script_and_nothing_more(sample_build):
    """The script links the manifest and the iOS icon (tests/browser/test_offline.py
    shows Chromium installs from it); the page's HTML carries only the script tag."""
    html = sample_build.page("barn-och-unga/orosanmalan")
    assert html.count('<script src="../../offline.js"></script>') == 1
    assert "manifest.json" not in html and "ikon-180.png" not in html
    page = sample_build.page("utan-uppkoppling")
    assert "data-qms-offline" in page and "25 MB" in page
