"""Permanent links on a real temporary Git repository and a real `mkdocs build`: publish
a handbook, then rename one document, withdraw another and delete a third, rebuild,
and follow every id ever published over HTTP the way a phone that scanned a printed
code would (meta refresh included). Nothing may end in a 404."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import TODAY, git
from published import edit, published  # noqa: F401 - published is a fixture
from scanning import Server

from qms_tools.check.run import check_project
from qms_tools.publishing.permalinks import Kind, permalinks, render_permalink
from qms_tools.publishing.static_site import page_url, relative_url

PUBLISHED_FIRST = {
    "PROC-OMR-001": "Mottagningsprocessen",
    "RUT-OMR-001": "Mottagning av ärende",
    "RUT-OMR-002": "Dokumentation på pappersblankett",
    "RUT-OMR-003": "Ärenden som kommer per fax",
    "RUT-OMR-004": "Uppföljning och dokumentation i verksamhetssystemet",
}
TOMBSTONES = """\
# Dokument som tagits bort ur handboken. Deras QR-koder och länkar leder hit.
- id: RUT-OMR-003
  title: Ärenden som kommer per fax
  replaced_by: RUT-OMR-001
  reason: Faxen är avvecklad.
"""


class _Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.refresh: str | None = None
        self.links: dict[str, str] = {}
        self._href: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.refresh = (attributes.get("content") or "").split("url=", 1)[1]
        if tag == "a" and attributes.get("href"):
            self._href = attributes["href"]

    def handle_data(self, data):
        if self._href is not None and data.strip():
            self.links[" ".join(data.split())] = self._href

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        pytest.fail(f"{url}: HTTP {error.code}")


def follow(url: str) -> tuple[str, str, _Page]:
    """Fetch ``url`` and follow meta refreshes, as a browser without JavaScript would."""
    for _ in range(5):
        html = fetch(url)
        page = _Page(html)
        if page.refresh is None:
            return url, html, page
        url = urljoin(url, page.refresh)
    pytest.fail(f"{url}: more than five redirects")


def mkdocs_build(project: Path, site: Path, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    environment = {**os.environ, "QMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    # Not --quiet: it hides the warnings from --strict as well.
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config,
                           "-d", str(site)], cwd=project, env=environment, capture_output=True, text=True,
                          timeout=300)


def build_and_serve(project: Path, served: Path, config: str = "mkdocs.yml") -> Server:
    """Build into ``served/handbok`` and serve ``served``: the site lives below the
    host's root, as it does under its site_url."""
    result = mkdocs_build(project, served / "handbok", config)
    assert result.returncode == 0, result.stderr
    return Server(served)



def change_the_handbook(project: Path) -> None:
    content = project / "processes/omr"
    (content / "ny").mkdir()
    git(project, "mv", "processes/omr/mottagning.md", "processes/omr/ny/mottagande-av-arende.md")
    edit(content / "blankett.md", "status: gällande", "status: upphävd\nreplaced_by: RUT-OMR-004")
    git(project, "rm", "-q", "processes/omr/fax.md")
    (project / "processes/borttagna.yml").write_text(TOMBSTONES, encoding="utf-8")
    edit(content / "process.md", "routines: [RUT-OMR-001, RUT-OMR-003]", "routines: [RUT-OMR-001]")
    edit(content / "process.md", "routines: [RUT-OMR-002]", "routines: [RUT-OMR-004]")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Flytta mottagningsrutinen, upphäv blanketten, ta bort faxrutinen")



def test_every_id_ever_published_still_resolves_after_rename_withdrawal_and_deletion(published, tmp_path):
    server = build_and_serve(published, tmp_path / "forst")
    try:
        for document_id in PUBLISHED_FIRST:
            _, html, _ = follow(f"{server.url}handbok/d/{document_id}/")
            assert f'data-document-id="{document_id}"' in html
    finally:
        server.close()

    change_the_handbook(published)
    result = check_project(published, dt.date.fromisoformat(TODAY))
    assert [finding for finding in result.findings if finding.rule.startswith(("id.", "tombstone."))] == []
    assert result.errors == []

    server = build_and_serve(published, tmp_path / "sedan")
    base = f"{server.url}handbok/"
    try:
        for document_id in ("PROC-OMR-001", "RUT-OMR-004"):
            _, html, _ = follow(f"{base}d/{document_id}/")
            assert f'data-document-id="{document_id}"' in html

        url, html, _ = follow(f"{base}d/RUT-OMR-001/")
        assert url == f"{base}omr/ny/mottagande-av-arende/"
        assert 'data-document-id="RUT-OMR-001"' in html

        url, html, page = follow(f"{base}d/RUT-OMR-002/")
        assert url == f"{base}d/RUT-OMR-002/"
        assert "<h1>Dokumentet är upphävt</h1>" in html and "Dokumentation på pappersblankett" in html
        _, replacement, _ = follow(urljoin(url, page.links[
            "Uppföljning och dokumentation i verksamhetssystemet (RUT-OMR-004)"]))
        assert 'data-document-id="RUT-OMR-004"' in replacement
        _, withdrawn_text, _ = follow(urljoin(url, page.links["Läs den upphävda texten"]))
        assert 'data-document-id="RUT-OMR-002"' in withdrawn_text and 'data-status="upphävd"' in withdrawn_text

        url, html, page = follow(f"{base}d/RUT-OMR-003/")
        assert url == f"{base}d/RUT-OMR-003/"
        assert "<h1>Dokumentet finns inte längre</h1>" in html
        assert "<strong>Ärenden som kommer per fax</strong>" in html and "Faxen är avvecklad." in html
        _, replacement, _ = follow(urljoin(url, page.links["Mottagning av ärende (RUT-OMR-001)"]))
        assert 'data-document-id="RUT-OMR-001"' in replacement

        for document_id in ("RUT-OMR-002", "RUT-OMR-003"):  # every other link on the notices too
            notice_url = f"{base}d/{document_id}/"
            for href in _Page(fetch(notice_url)).links.values():
                follow(urljoin(notice_url, href))
    finally:
        server.close()

    # The same links without directory URLs (pages as omr/ny/mottagande-av-arende.html).
    config = published / "mkdocs-utan-kataloger.yml"
    config.write_text((published / "mkdocs.yml").read_text(encoding="utf-8") + "use_directory_urls: false\n",
                      encoding="utf-8")
    server = build_and_serve(published, tmp_path / "platt", config.name)
    base = f"{server.url}handbok/"
    try:
        url, html, _ = follow(f"{base}d/RUT-OMR-001/index.html")
        assert url == f"{base}omr/ny/mottagande-av-arende.html" and 'data-document-id="RUT-OMR-001"' in html
        for document_id in PUBLISHED_FIRST:
            start = f"{base}d/{document_id}/index.html"
            url, html, page = follow(start)
            if url == start:  # a notice: every link on it leads somewhere too
                assert page.links
                for href in page.links.values():
                    follow(urljoin(url, href))
            else:
                assert f'data-document-id="{document_id}"' in html
    finally:
        server.close()


def test_an_id_deleted_without_tombstone_still_resolves_and_fails_the_strict_build(published, tmp_path):
    git(published, "rm", "-q", "processes/omr/fax.md")
    edit(published / "processes/omr/process.md", "routines: [RUT-OMR-001, RUT-OMR-003]", "routines: [RUT-OMR-001]")
    git(published, "commit", "-q", "-am", "Ta bort faxrutinen")

    strict = mkdocs_build(published, tmp_path / "strikt")
    assert strict.returncode != 0
    assert ("processes/borttagna.yml:1: [id.vanished] Id 'RUT-OMR-003' (»Ärenden som kommer per fax«) "
            "publicerades senast i processes/omr/fax.md") in strict.stderr

    # Without --strict the site is built, and the printed code still leads somewhere true.
    environment = {**os.environ, "QMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(tmp_path / "webb/handbok")],
                   cwd=published, env=environment, check=True, capture_output=True)
    server = Server(tmp_path / "webb")
    try:
        _, html, _ = follow(f"{server.url}handbok/d/RUT-OMR-003/")
    finally:
        server.close()
    assert "<h1>Dokumentet finns inte längre</h1>" in html and "Ärenden som kommer per fax" in html
    assert "Inget dokument har angetts som ersättare." in html


def test_a_document_held_back_by_errors_says_so(published):
    result = check_project(published, dt.date.fromisoformat(TODAY))
    handbook = result.handbook
    held_back = handbook.by_id["RUT-OMR-004"]
    others = [document for document in handbook.documents if document is not held_back]
    links = {link.id: link for link in permalinks(dataclasses.replace(handbook, documents=others),
                                                   held_back=[held_back])}
    assert links["RUT-OMR-004"].kind is Kind.HELD_BACK
    html = render_permalink(links["RUT-OMR-004"]).content
    assert "<h1>Dokumentet kan inte visas just nu</h1>" in html
    assert 'href="../../ej-publicerade/"' in html


@pytest.mark.parametrize(("src_uri", "directory", "flat"), [
    ("omr/mottagning.md", "omr/mottagning/", "omr/mottagning.html"),
    ("omr/index.md", "omr/", "omr/index.html"),
    ("index.md", "", "index.html"),
    ("qr/RUT-A-1/a4/index.html", "qr/RUT-A-1/a4/", "qr/RUT-A-1/a4/index.html"),
    ("qr/RUT-A-1/kod.svg", "qr/RUT-A-1/kod.svg", "qr/RUT-A-1/kod.svg"),
    ("omr/Rutin för städ.md", "omr/Rutin%20f%C3%B6r%20st%C3%A4d/", "omr/Rutin%20f%C3%B6r%20st%C3%A4d.html"),
])
def test_page_urls_follow_the_site_generator(src_uri, directory, flat):
    assert page_url(src_uri, use_directory_urls=True) == directory
    assert page_url(src_uri, use_directory_urls=False) == flat


def test_relative_urls_from_a_permanent_link():
    assert relative_url("d/RUT-A-1/index.html", "omr/mottagning/") == "../../omr/mottagning/"
    assert relative_url("d/RUT-A-1/index.html", "") == "../../"
    assert relative_url("index.html", "") == "./"
