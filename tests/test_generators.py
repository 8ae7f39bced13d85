"""The sample handbook built by MkDocs and ProperDocs (through the plugin) and by Zensical
(from `qms export`) has the same pages and the same permanent links, and every link of
the Zensical site leads to a file it has (issue 23).

Each site is built once per session (tests/generators.py)."""

from __future__ import annotations

import html.parser
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"')
DOCUMENT_ID = re.compile(r'data-document-id="([^"]+)"')


@pytest.fixture(scope="module")
def sites(public_sample_build, properdocs_sites, zensical_site) -> dict[str, Path]:
    """The public sites: `qms export` makes no internal one (the plugin's generators are
    compared on both audiences in mkdocs_plugin/test_properdocs.py)."""
    return {"MkDocs": public_sample_build.site, "ProperDocs": properdocs_sites("offentlig"), "Zensical": zensical_site}


def _pages(site: Path) -> set[str]:
    """Every HTML file of the site but the generator's own (its theme's assets)."""
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")
            if not path.relative_to(site).as_posix().startswith("assets/")}


def _permanent_links(site: Path) -> dict[str, tuple[str | None, str | None]]:
    """Permanent link d/<ID>/ -> (the site path it forwards to, the document id on that
    page); a withdrawn document's link is a page of its own: (None, its title)."""
    links = {}
    for path in sorted((site / "d").glob("*/index.html")):
        source = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8")
        match = REFRESH.search(text)
        if match is None:
            title = re.search(r"<title>([^<]*)</title>", text)
            links[source] = (None, title.group(1) if title else None)
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(match.group(1))))
        target_file = site / target / "index.html" if not target.endswith(".html") else site / target
        shown = DOCUMENT_ID.search(target_file.read_text(encoding="utf-8")) if target_file.is_file() else None
        links[source] = (target, shown.group(1) if shown else None)
    return links


def test_the_three_generators_build_the_same_pages(sites):
    pages = {name: _pages(site) for name, site in sites.items()}
    assert len(pages["MkDocs"]) > 300
    for name in ("ProperDocs", "Zensical"):
        assert pages[name] - pages["MkDocs"] == set(), name
        assert pages["MkDocs"] - pages[name] == set(), name


def test_the_three_generators_publish_the_same_permanent_links(sites):
    links = {name: _permanent_links(site) for name, site in sites.items()}
    assert len(links["MkDocs"]) >= 70
    # Each forwards to the page showing that document, or says the document is withdrawn.
    for source, (target, shown) in links["MkDocs"].items():
        document_id = source.split("/")[1]
        assert shown == document_id if target else document_id in shown, source
    assert any(target is None for target, _ in links["MkDocs"].values())
    assert links["ProperDocs"] == links["MkDocs"]
    assert links["Zensical"] == links["MkDocs"]


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name == "href" and tag in ("a", "link") or name == "src" and tag in ("img", "script")):
                self.found.append(value)


def _broken_links(site: Path) -> list[str]:
    broken = []
    for page in sorted(_pages(site)):
        parser = _Links()
        parser.feed((site / page).read_text(encoding="utf-8"))
        for link in parser.found:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path or page == "404.html":
                continue  # another site, this page, or the 404 page's absolute addresses
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
            path = site / target
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{page}: {link}")
    return broken


def test_every_link_of_the_zensical_site_leads_to_a_file_it_has(sites):
    assert _broken_links(sites["Zensical"]) == []


def test_the_link_check_finds_a_broken_link(tmp_path):
    (tmp_path / "index.html").write_text('<a href="saknas/">x</a><a href="./">y</a>', encoding="utf-8")
    assert _broken_links(tmp_path) == ["index.html: saknas/"]


def test_every_document_page_has_its_header_and_footer_blocks_in_the_zensical_site(sites):
    mkdocs_pages = {page: DOCUMENT_ID.findall((sites["MkDocs"] / page).read_text(encoding="utf-8"))
                    for page in _pages(sites["MkDocs"])}
    documents = {page: ids for page, ids in mkdocs_pages.items() if ids and not page.startswith(("d/", "qr/"))}
    assert len(documents) >= 70
    for page, ids in documents.items():
        text = (sites["Zensical"] / page).read_text(encoding="utf-8")
        assert DOCUMENT_ID.findall(text) == ids, page
        assert "Ändringshistorik" in text or "qms-history" in text, page


def test_the_three_sitemaps_list_the_same_addresses(sites):
    """Search engines, and Material's instant navigation, read the sitemap."""
    listed = {name: set(re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")))
              for name, site in sites.items()}
    assert len(listed["MkDocs"]) >= 90
    assert listed["ProperDocs"] == listed["MkDocs"] == listed["Zensical"]
