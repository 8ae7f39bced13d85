"""The documented nginx example (deploy/nginx/handbok-intern.conf) serves the internal
site only behind sign-in: nginx itself checks the file (``nginx -t``) and then serves a
built internal site on a free port, asking a stand-in for the sign-in service (the
organisation's oauth2-proxy answers the same two ways: 202 signed in, 401 not)."""

from __future__ import annotations

import http.server
import os
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import REPOSITORY, required_tool

CONFIGURATION = REPOSITORY / "deploy/nginx/handbok-intern.conf"
SIGNED_IN = "_oauth2_proxy=inloggad"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _SignIn(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/oauth2/auth":
            self.send_response(202 if SIGNED_IN in (self.headers.get("Cookie") or "") else 401)
            self.end_headers()
        elif self.path.startswith("/oauth2/start"):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"inloggningssidan")
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args) -> None:
        pass


def configured(tmp_path: Path, site: Path, port: int, sign_in_port: int) -> Path:
    """The example with this machine's paths and ports; nothing else changed."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=localhost", "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
                   check=True, capture_output=True)
    text = CONFIGURATION.read_text(encoding="utf-8")
    replacements = {"listen 443 ssl;": f"listen 127.0.0.1:{port} ssl;",
                    "listen 80;": f"listen 127.0.0.1:{free_port()};",
                    "/etc/ssl/handbok/": f"{tmp_path}/", "/srv/handbok-intern": str(site),
                    "http://127.0.0.1:4180": f"http://127.0.0.1:{sign_in_port}"}
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    (tmp_path / "handbok-intern.conf").write_text(text, encoding="utf-8")
    main = tmp_path / "nginx.conf"
    # pytest's folders are readable by their owner only: the workers run as that owner.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    main.write_text(f"""{user}daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/handbok-intern.conf;
}}
""", encoding="utf-8")
    return main


def test_the_example_passes_nginx_own_check(tmp_path):
    nginx = required_tool("nginx", "apt-get install nginx-light")
    required_tool("openssl", "apt-get install openssl")
    site = tmp_path / "site"
    site.mkdir()
    main = configured(tmp_path, site, free_port(), free_port())
    result = subprocess.run([nginx, "-t", "-c", str(main), "-e", str(tmp_path / "error.log")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


@pytest.fixture
def internal_site(internal_sample_build):
    return internal_sample_build.site


def test_the_internal_site_is_served_only_to_the_signed_in(tmp_path, internal_site):
    nginx = required_tool("nginx", "apt-get install nginx-light")
    required_tool("openssl", "apt-get install openssl")
    sign_in = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SignIn)
    threading.Thread(target=sign_in.serve_forever, daemon=True).start()
    port = free_port()
    main = configured(tmp_path, internal_site, port, sign_in.server_address[1])
    server = subprocess.Popen([nginx, "-c", str(main), "-e", str(tmp_path / "error.log")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(port, server)
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), _NoRedirect)
        internal_page = "/stodprocesser/larm-och-inpassering/"

        def get(path: str, signed_in: bool):
            request = urllib.request.Request(f"https://127.0.0.1:{port}{path}",
                                             headers={"Cookie": SIGNED_IN} if signed_in else {})
            try:
                with opener.open(request, timeout=10) as response:
                    return response.status, dict(response.headers), response.read().decode("utf-8")
            except urllib.error.HTTPError as error:
                return error.code, dict(error.headers), error.read().decode("utf-8", "replace")

        status, headers, _ = get(internal_page, signed_in=False)
        assert status == 302
        assert headers["Location"].endswith(f"/oauth2/start?rd={internal_page}")
        for path in ("/", "/404.html", "/search/", "/d/RUT-STOD-013/", "/sitemap.xml", "/finns-inte/"):
            assert get(path, signed_in=False)[0] == 302, path

        status, headers, body = get(internal_page, signed_in=True)
        assert status == 200
        assert "Larm och inpassering i förvaltningens lokaler" in body
        assert headers["Cache-Control"] == "private, no-cache"
        assert headers["X-Robots-Tag"] == "noindex, nofollow"
        status, _, body = get("/finns-inte/", signed_in=True)
        assert status == 404 and "Sidan finns inte" in body
        assert get("/oauth2/start?rd=/", signed_in=False)[2] == "inloggningssidan"
    finally:
        server.terminate()
        server.wait(timeout=10)
        sign_in.shutdown()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"nginx startade inte: {server.stderr.read().decode()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("nginx svarade inte inom 10 s")
