#!/usr/bin/env python3
"""Lighthouse (mobile) on the start page and a routine of a generated 1,500-document
handbook, in Debian's Chromium.

    python benchmarks/lighthouse.py --documents 1500 --runs 3

1. Generates the handbook with ``benchmarks/generate_handbook.py --no-git`` (the content
   only; Lighthouse does not look at history).
2. Builds it with ``mkdocs build`` and the repository's own ``mkdocs.yml`` (the Material
   theme, its palette, the ``qms`` plugin and search) through ``INHERIT``, and the
   repository's hand-written pages as ``docs_dir``. The generator's own mkdocs.yml is a
   minimal stand-in without the plugin, so it is not used.
3. Serves the site from 127.0.0.1, gzip-compressed as GitHub Pages serves it.
4. Runs the npm package ``lighthouse`` (installed with ``npm install lighthouse`` into a
   cache folder outside the repository on first use) with ``CHROME_PATH`` pointing at
   Debian's Chromium: Lighthouse's default configuration, which is the mobile preset
   (a phone screen, simulated slow 4G and a 4× slower CPU), categories performance and
   accessibility. The median performance score of ``--runs`` runs per page is reported
   with its spread; accessibility does not vary between runs.

Prints a Markdown table, the machine and the load average (Lighthouse's simulated
throttling scales the CPU time it observes, so a busy machine scores lower). Not part of
the test suite; results are recorded in docs/teknik/prestanda.md.

Installability (issue 25): Lighthouse 12 removed its PWA category and with it the
``installable-manifest`` and ``service-worker`` audits (12.8 has no installability audit
at all), so the same pages are also checked the way Chromium decides whether to offer
"Installera app": ``Page.getInstallabilityErrors`` and ``Page.getAppManifest`` over the
DevTools protocol, in a profile on disk (an incognito profile is never installable),
after the service worker controls the page; then the page is reloaded offline.
``--installability-only`` skips the Lighthouse runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from benchmarks.generate_handbook import REFERENCE_DATE  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
LIGHTHOUSE_PACKAGE = "lighthouse@12"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "qms-tools" / "lighthouse"
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
TARGETS = {"accessibility": 100, "performance": 95}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it (as GitHub Pages does)."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (not path.is_file() or path.suffix not in COMPRESSED
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def lighthouse_binary(explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"npm install {LIGHTHOUSE_PACKAGE} i {CACHE} …", flush=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), LIGHTHOUSE_PACKAGE],
                       check=True)
    return binary


def generate_and_build(documents: int, work: Path) -> tuple[Path, str]:
    """The built site and the site path of a routine in force."""
    from qms_tools.check.run import check_project
    from qms_tools.handbook.vocabulary import DocumentType, Status

    project = work / f"handbok-{documents}"
    print(f"genererar {documents} dokument …", flush=True)
    subprocess.run([sys.executable, str(REPOSITORY / "benchmarks" / "generate_handbook.py"),
                    "--documents", str(documents), "--out", str(project), "--no-git"], check=True,
                   stdout=subprocess.DEVNULL)
    config = project / "mkdocs-lighthouse.yml"
    config.write_text(f"INHERIT: {REPOSITORY / 'mkdocs.yml'}\ndocs_dir: {REPOSITORY / 'docs'}\n", encoding="utf-8")
    site = work / "site"
    print("mkdocs build …", flush=True)
    environment = {**os.environ, "QMS_TODAY": REFERENCE_DATE.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(["mkdocs", "build", "-q", "-f", str(config), "-d", str(site)], cwd=project, env=environment,
                   check=True)
    handbook = check_project(project, REFERENCE_DATE).handbook
    routine = next(document for document in sorted(handbook.documents, key=lambda document: document.id)
                   if document.type is DocumentType.ROUTINE and document.status is Status.IN_FORCE)
    return site, routine.content_path.removesuffix(".md") + "/"


def run_lighthouse(binary: Path, url: str, output: Path) -> dict[str, float]:
    subprocess.run([str(binary), url, "--only-categories=performance,accessibility", "--output=json",
                    f"--output-path={output}", f"--chrome-flags={CHROME_FLAGS}", "--quiet"],
                   check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    report = json.loads(output.read_text(encoding="utf-8"))
    failed = [audit["id"] for audit in report["audits"].values()
              if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
              and audit["id"] in {ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]}]
    if failed:
        print(f"  tillgänglighetsfel på {url}: {', '.join(failed)}", flush=True)
    scores = {name: round(category["score"] * 100) for name, category in report["categories"].items()}
    return {**scores, "lcp": report["audits"]["largest-contentful-paint"]["numericValue"] / 1000,
            "kilobytes": report["audits"]["total-byte-weight"]["numericValue"] / 1024}


def installability(base: str, pages: dict[str, str], work: Path) -> dict[str, dict]:
    """Chromium's installability verdict per page, the manifest's parse errors, and
    whether the page reloads without a network once the service worker controls it."""
    from playwright.sync_api import Error as PlaywrightError, sync_playwright

    verdicts = {}
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            work / "profil", executable_path=CHROMIUM, args=CHROME_FLAGS.split(),
            viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
        try:
            for label, path in pages.items():
                page = context.new_page()
                page.goto(base + path)
                page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)
                session = context.new_cdp_session(page)
                errors = [error["errorId"] for error in
                          session.send("Page.getInstallabilityErrors")["installabilityErrors"]]
                manifest = session.send("Page.getAppManifest")
                # An attached DevTools session keeps the page online whatever set_offline says.
                session.detach()
                page.wait_for_function("async url => !!(await caches.match(url))", arg=base + path, timeout=30_000)
                context.set_offline(True)
                page.reload()
                try:
                    notice = page.locator("[data-qms-notice=offline] .admonition-title")
                    offline = notice.inner_text(timeout=10_000).startswith("Du är offline – sidan sparades")
                except PlaywrightError:
                    offline = False
                context.set_offline(False)
                verdicts[label] = {"errors": errors, "manifest_errors": [error["message"] for error in manifest["errors"]],
                                   "offline": offline}
                page.close()
        finally:
            context.close()
    return verdicts


def machine() -> str:
    model = platform.processor() or "okänd processor"
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return f"{model}, {os.cpu_count()} kärnor, {platform.system()} {platform.release()}, {chromium}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=3, help="körningar per sida (median)")
    parser.add_argument("--lighthouse", type=Path, default=None, help="en redan installerad lighthouse")
    parser.add_argument("--keep", type=Path, default=None, help="spara rapporterna (JSON) i den här katalogen")
    parser.add_argument("--installability-only", action="store_true",
                        help="bara Chromiums installerbarhet och omladdning utan nät, inga Lighthouse-körningar")
    arguments = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} saknas: apt-get install chromium")
    lighthouse_runs = 0 if arguments.installability_only else arguments.runs
    binary = lighthouse_binary(arguments.lighthouse) if lighthouse_runs else None
    version = (subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()
               if binary else "")
    with tempfile.TemporaryDirectory(prefix="qms-lighthouse-") as temporary:
        work = Path(temporary)
        site, routine = generate_and_build(arguments.documents, work)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=site))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pages = {"Startsidan": "", f"Rutin ({routine})": routine}
        scores: dict[str, list[dict[str, float]]] = {label: [] for label in pages}
        for number, (label, path) in enumerate(pages.items()):
            for run in range(lighthouse_runs):
                print(f"lighthouse {label}, körning {run + 1} …", flush=True)
                output = work / f"rapport-{number}-{run + 1}.json"
                scores[label].append(run_lighthouse(binary, base + path, output))
                if arguments.keep:
                    arguments.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(output, arguments.keep / output.name)
        print("installerbarhet …", flush=True)
        verdicts = installability(base, pages, work)
        server.shutdown()
        load = " / ".join(f"{value:.1f}" for value in os.getloadavg())

    print()
    print(f"Installerbarhet enligt Chromium (CDP Page.getInstallabilityErrors), {arguments.documents} dokument, "
          f"{dt.date.today().isoformat()}")
    print(f"Maskin: {machine()}; belastning (1/5/15 min) efter mätningen: {load}")
    print()
    print("| sida | installerbar | fel | manifestfel | laddas om utan nät |")
    print("|---|---|---|---|---|")
    for label, verdict in verdicts.items():
        print(f"| {label} | {'ja' if not verdict['errors'] else 'nej'} | {', '.join(verdict['errors']) or '–'} | "
              f"{'; '.join(verdict['manifest_errors']) or '–'} | {'ja' if verdict['offline'] else 'nej'} |")
    if not lighthouse_runs:
        return
    print()
    print(f"Lighthouse {version}, mobil förinställning, {arguments.documents} dokument, "
          f"{dt.date.today().isoformat()}")
    print(f"Maskin: {machine()}; belastning (1/5/15 min) efter mätningen: {load}")
    print()
    print("| sida | tillgänglighet | prestanda (median) | prestanda, alla körningar | LCP (median) | överfört |")
    print("|---|---|---|---|---|---|")
    for label, runs in scores.items():
        performance = [run["performance"] for run in runs]
        accessibility = sorted({run["accessibility"] for run in runs})
        lcp = statistics.median(run["lcp"] for run in runs)
        kilobytes = statistics.median(run["kilobytes"] for run in runs)
        print(f"| {label} | {'/'.join(map(str, accessibility))} | {statistics.median(performance):.0f} | "
              f"{', '.join(map(str, performance))} | {lcp:.1f} s | {kilobytes:.0f} kB |")
    print()
    print(f"Mål: tillgänglighet {TARGETS['accessibility']}, prestanda ≥ {TARGETS['performance']}.")


if __name__ == "__main__":
    main()
