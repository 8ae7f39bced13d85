"""The documented IIS example (deploy/iis/web.config) serves the internal site only to
signed-in Windows users, and serves all of it: read with an XML parser, its settings
are held against the built internal site (every file type it has, its 404 page, its
file names).

IIS does not run on Linux, so unlike the nginx example (test_deploy_nginx.py) nothing
here serves a page through it: this is what can be checked without the server, and
docs/teknik/publicering.md says so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path, PurePosixPath

import pytest

from conftest import REPOSITORY

CONFIGURATION = REPOSITORY / "deploy/iis/web.config"
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/manifest+json")

# IIS's request filtering (applicationHost.config) refuses these out of the box: a site
# file so named would answer 404 on the server and never in the tests.
HIDDEN_SEGMENTS = {"web.config", "bin", "app_code", "app_globalresources", "app_localresources",
                   "app_webreferences", "app_data", "app_browsers"}
DENIED_EXTENSIONS = {".asax", ".ascx", ".master", ".skin", ".browser", ".sitemap", ".config", ".cs", ".csproj",
                     ".vb", ".vbproj", ".resx", ".resources", ".mdb", ".mdf", ".ldf", ".java", ".exclude",
                     ".refresh", ".compiled", ".rules"}


@pytest.fixture(scope="module")
def server() -> ElementTree.Element:
    root = ElementTree.parse(CONFIGURATION).getroot()
    assert root.tag == "configuration"
    web_server = root.find("system.webServer")
    assert web_server is not None
    return web_server


def _files(site: Path) -> list[PurePosixPath]:
    return [PurePosixPath(path.relative_to(site).as_posix()) for path in site.rglob("*") if path.is_file()]


def test_only_signed_in_windows_users_of_the_group_are_let_in(server):
    authentication = server.find("security/authentication")
    assert authentication.find("anonymousAuthentication").get("enabled") == "false"
    assert authentication.find("windowsAuthentication").get("enabled") == "true"
    rules = list(server.find("security/authorization"))
    # IIS's inherited rule allows everyone; the example removes it before its own.
    assert (rules[0].tag, rules[0].get("users")) == ("remove", "*")
    added = [(rule.get("accessType"), rule.get("users"), rule.get("roles")) for rule in rules[1:]]
    assert ("Deny", "?", None) in added
    assert [entry for entry in added if entry[0] == "Allow"] == [("Allow", None, "EKEBRO\\Handbok-lasare")]


def test_a_missing_address_gets_the_sites_own_404_page(server, internal_sample_build):
    errors = server.find("httpErrors")
    assert (errors.get("errorMode"), errors.get("existingResponse")) == ("Custom", "Replace")
    [page] = [error for error in errors.findall("error") if error.get("statusCode") == "404"]
    assert page.get("responseMode") == "ExecuteURL"  # keeps the status 404, unlike Redirect
    assert (internal_sample_build.site / page.get("path").lstrip("/")).is_file()
    documents = [entry.get("value") for entry in server.findall("defaultDocument/files/add")]
    assert server.find("defaultDocument/files/clear") is not None and documents == ["index.html"]


def test_every_file_type_of_the_internal_site_has_a_mime_type(server, internal_sample_build):
    """IIS serves a file only when its extension has a MIME type (else 404.3): every
    extension the built internal site has is mapped, each mapping replaces the server's
    own (remove first, or IIS refuses a duplicate), and text says it is UTF-8."""
    content = list(server.find("staticContent"))
    mapped: dict[str, str] = {}
    for index, entry in enumerate(content):
        if entry.tag == "mimeMap":
            extension = entry.get("fileExtension")
            previous = content[index - 1]
            assert (previous.tag, previous.get("fileExtension")) == ("remove", extension)
            mapped[extension] = entry.get("mimeType")
    extensions = {path.suffix.lower() for path in _files(internal_sample_build.site)}
    assert {".html", ".js", ".json", ".txt", ".svg", ".gz"} <= extensions
    assert sorted(extensions - set(mapped)) == []
    for extension, mime_type in mapped.items():
        if mime_type.startswith(TEXT_TYPES):
            assert mime_type.endswith("; charset=utf-8"), extension
    # sitemap.xml.gz is a compressed file to fetch, not a compressed transfer.
    assert mapped[".gz"] == "application/gzip"


def test_no_file_of_the_internal_site_is_refused_by_request_filtering(internal_sample_build):
    refused = [str(path) for path in _files(internal_sample_build.site)
               if path.suffix.lower() in DENIED_EXTENSIONS
               or any(part.lower() in HIDDEN_SEGMENTS for part in path.parts)
               # Request filtering refuses "+" and "%" in a path (allowDoubleEscaping).
               or "+" in str(path) or "%" in str(path)]
    assert refused == []


def test_internal_pages_are_neither_cached_by_proxies_nor_indexed_and_http_leads_to_https(server):
    headers = {header.get("name"): header.get("value") for header in server.findall("httpProtocol/customHeaders/add")}
    assert headers["Cache-Control"] == "private, no-cache"
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    assert headers["X-Content-Type-Options"] == "nosniff"
    [rule] = server.findall("rewrite/rules/rule")
    condition = rule.find("conditions/add")
    assert (condition.get("input"), condition.get("pattern")) == ("{HTTPS}", "^OFF$")
    action = rule.find("action")
    assert (action.get("type"), action.get("redirectType")) == ("Redirect", "Permanent")
    assert action.get("url").startswith("https://{HTTP_HOST}/")


def test_the_nginx_and_iis_examples_send_the_same_headers(server):
    nginx = (REPOSITORY / "deploy/nginx/handbok-intern.conf").read_text(encoding="utf-8")
    for header in server.findall("httpProtocol/customHeaders/add"):
        assert f'add_header {header.get("name")} "{header.get("value")}" always;' in nginx
