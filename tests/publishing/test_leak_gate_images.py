"""The leak gate reads images as a phone and a reader do (issue 21): a QR code on the
public site that leads to an internal document's permanent address is a leak, and so is
an image file whose text chunk carries its title.

The planted codes are made as the site makes its own (segno, error correction H, the
internal site's address) and proved to hold that address by an independent decoder,
Debian's zbarimg, before the gate, which decodes with zxing-cpp, is asked. The text
chunks are written byte by byte as the PNG specification lays them out, not by the
library the gate reads them with.
"""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from pathlib import Path

import pytest
import segno

from conftest import git
from publishing.test_leak_gate import INTERNAL, _project_with_internal_routine, fingerprints, publication  # noqa: F401
from scanning import decode
from site_safety import build

from qms_tools.publishing.leak_gate import Leak, Unreadable, scan_for_leaks

INTERNAL_SITE = "https://handbok.intranat.ekebro.se/"
PLANTED = "assets/bilder/affisch"
"""An innocent name: only what the image shows can give it away."""


def _qr_image(address: str, kind: str, tmp_path: Path, on_photo: bool = False) -> bytes:
    """A QR code of ``address`` as the site's posters draw it, saved as ``kind``; with
    ``on_photo``, small in a corner of a larger noisy picture, as a photo of a notice
    board would hold it."""
    from PIL import Image

    code = io.BytesIO()
    segno.make(address, error="h").save(code, kind="png", scale=6, border=4)
    image = Image.open(code).convert("RGB")
    if on_photo:
        noise = Image.effect_noise((1200, 900), 40).convert("RGB")
        noise.paste(image, (900, 560))
        image = noise
    data = io.BytesIO()
    image.save(data, format={"png": "PNG", "jpg": "JPEG", "gif": "GIF", "webp": "WEBP"}[kind], **(
        {"quality": 70} if kind in ("jpg", "webp") else {}))
    path = tmp_path / f"prov.{kind}"
    path.write_bytes(data.getvalue())
    if kind in ("png", "jpg"):  # the formats zbarimg reads here
        assert decode(path) == [address]
    return data.getvalue()


def _site_with(tmp_path: Path, name: str, data: bytes) -> Path:
    site = tmp_path / "site"
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_bytes(data)
    return site


@pytest.mark.parametrize(("kind", "on_photo"), [("png", False), ("jpg", False), ("gif", False), ("webp", False),
                                                ("png", True), ("jpg", True)],
                         ids=["png", "jpg", "gif", "webp", "png-i-foto", "jpg-i-foto"])
def test_a_qr_code_leading_to_an_internal_document_is_a_leak(kind, on_photo, fingerprints, tmp_path):
    address = f"{INTERNAL_SITE}d/RUT-STOD-014/"
    site = _site_with(tmp_path, f"{PLANTED}.{kind}", _qr_image(address, kind, tmp_path, on_photo))
    [leak] = scan_for_leaks(site, fingerprints)
    assert isinstance(leak, Leak) and leak.site_path == f"{PLANTED}.{kind}"
    assert leak.document.id == "RUT-STOD-014" and "id" in leak.kinds
    assert leak.message("publik webbplats").startswith(
        f"{PLANTED}.{kind}: filen innehåller dokumentets id från processes/stodprocesser/krisledning-larmlista.md")


def test_a_qr_code_on_a_transparent_background_is_read_as_a_screen_shows_it(fingerprints, tmp_path):
    """Dark modules on transparent pixels: on a page they are dark on white. Read as
    grey values alone they would be black on black, and the code lost."""
    from PIL import Image

    code = io.BytesIO()
    segno.make(f"{INTERNAL_SITE}d/INS-STOD-002/", error="h").save(code, kind="png", scale=6, light=None)
    # Transparent black, as drawing programs store an erased pixel.
    image = Image.open(code).convert("RGBA")
    image = Image.composite(image, Image.new("RGBA", image.size, (0, 0, 0, 0)), image.getchannel("A"))
    data = io.BytesIO()
    image.save(data, format="PNG")
    site = _site_with(tmp_path, f"{PLANTED}.png", data.getvalue())
    assert [leak.document.id for leak in scan_for_leaks(site, fingerprints)] == ["INS-STOD-002"]


def test_a_qr_code_of_a_public_document_is_no_leak(fingerprints, public_sample_build, tmp_path):
    """Nor are the site's own images (its icons, Material's favicon): the gate reads them
    on every build of the public site and finds nothing."""
    site = _site_with(tmp_path, f"{PLANTED}.png",
                      _qr_image("https://ekebro-kommun.github.io/kvalitetshandbok/d/RUT-STOD-005/", "png", tmp_path))
    for image in public_sample_build.site.rglob("*.png"):
        shutil.copyfile(image, site / image.name)
    assert len(list(site.glob("*.png"))) >= 4
    assert scan_for_leaks(site, fingerprints) == []


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _with_text_chunk(png: bytes, kind: str, keyword: str, text: str) -> bytes:
    """``png`` with one more text chunk before its image data (PNG 1.2, 11.3.4)."""
    data = {"tEXt": keyword.encode("latin-1") + b"\0" + text.encode("latin-1"),
            "zTXt": keyword.encode("latin-1") + b"\0\0" + zlib.compress(text.encode("latin-1")),
            "iTXt": keyword.encode("latin-1") + b"\0\0\0sv\0" + keyword.encode() + b"\0" + text.encode("utf-8")}[kind]
    at = png.index(b"IDAT") - 4
    return png[:at] + _chunk(kind.encode("ascii"), data) + png[at:]


@pytest.mark.parametrize("kind", ["tEXt", "zTXt", "iTXt"])
def test_a_text_chunk_carrying_an_internal_title_is_a_leak(kind, fingerprints, public_sample_build, tmp_path):
    """The site's own icon, with the title of an internal document as its description
    (the way an image editor keeps a file's title)."""
    icon = (public_sample_build.site / "ikon-192.png").read_bytes()
    title = INTERNAL["RUT-STOD-013"][1]
    site = _site_with(tmp_path, "ikon-192.png", _with_text_chunk(icon, kind, "Description", title))
    leaks = {leak.document.id: leak for leak in scan_for_leaks(site, fingerprints)}
    # Its title; and a sentence of RUT-STOD-014, whose last line is a link with that text.
    assert leaks["RUT-STOD-013"].kinds == ["titel"] and set(leaks) == {"RUT-STOD-013", "RUT-STOD-014"}
    assert {leak.site_path for leak in leaks.values()} == {"ikon-192.png"}
    # The same chunk with a public text is read and passes.
    clean = _site_with(tmp_path / "ren", "ikon-192.png", _with_text_chunk(icon, kind, "Description", "Ekebro kommun"))
    assert scan_for_leaks(clean, fingerprints) == []


def test_an_image_the_gate_cannot_read_fails_it_and_names_the_file(fingerprints, public_sample_build, tmp_path):
    icon = (public_sample_build.site / "ikon-192.png").read_bytes()
    site = _site_with(tmp_path, "bilder/trasig.png", icon[:200])
    (site / "bilder/hel.png").write_bytes(icon)
    [unreadable] = scan_for_leaks(site, fingerprints)
    assert isinstance(unreadable, Unreadable) and unreadable.site_path == "bilder/trasig.png"
    message = unreadable.message("publik webbplats")
    assert message.startswith("bilder/trasig.png: läckspärren kan inte läsa bilden (")
    assert "Spara om bilden som PNG eller JPEG, eller ta bort den, och bygg om." in message


def test_a_public_routine_showing_a_qr_code_of_an_internal_one_fails_the_public_build(tmp_path):
    """End to end: a picture in a public routine is a code leading to the internal
    routine's permanent address. The public build fails naming the picture, which is
    gone from the site folder; the internal build shows it."""
    project = _project_with_internal_routine(tmp_path / "handbok")
    picture = _qr_image("https://example.invalid/handbok/d/RUT-OMS-030/", "png", tmp_path)
    (project / "processes/omsorg/skap.png").write_bytes(picture)
    routine = project / "processes/omsorg/nyckelhantering.md"
    routine.write_text(routine.read_text(encoding="utf-8") + "\n![Skanna koden vid skåpet](skap.png)\n",
                       encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Bild på skåpets kod")
    built, error = build(project)
    assert built.aborted and error is not None
    assert ("omsorg/skap.png: filen innehåller dokumentets id från processes/omsorg/nattpatrull.md (RUT-OMS-030)"
            in error), error
    assert not (project / "site/omsorg/skap.png").exists()
    from mkdocs_plugin.test_build import build_site

    internal = build_site(project, project / "site-intern", strict=True, publicering="intern")
    assert not internal.aborted and (internal.site / "omsorg/skap.png").read_bytes() == picture
