#!/usr/bin/env python3
"""Search on a throttled phone, side by side: Material's lunr search, Pagefind's stock
UI, Pagefind's JS API behind a lean list, and the handbook's own search.

For each size a handbook is generated (benchmarks/generate_handbook.py) and built twice
with the qms plugin: once with Material's `search` plugin (lunr, the baseline), once with
the qms search. Pagefind indexes the second site's HTML as Pagefind's docs say, and two
copies of the same routine page get Pagefind's stock UI and a minimal JS-API list in
place of the qms search. Every candidate is then measured the same way:

- headless Debian Chromium (Playwright, executable_path=/usr/bin/chromium), phone
  viewport 390×844, CPU throttled 4× (CDP Emulation.setCPUThrottlingRate), network
  9 Mbit/s with 150 ms latency (CDP Network.emulateNetworkConditions), empty cache;
- the site served uncompressed by http.server on 127.0.0.1, which counts the bytes it
  sends;
- open the routine page, wait one second after `load`, open search, type a two-word
  Swedish query at 120 ms a key;
- time from the last keystroke to the first rendering of the final query's first
  result (a MutationObserver in the page), bytes sent from opening search until the
  results settle, and bytes of search code and data a page fetched before search was
  opened.

Usage (one command, sizes as arguments; takes minutes at 10,000 documents)::

    pip install -e ".[benchmark]"   # pagefind-bin and playwright
    python benchmarks/search_benchmark.py --documents 1500 10000

Not part of the test suite. Results are recorded in docs/teknik/prestanda.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
CPU_SLOWDOWN = 4
LATENCY_MS = 150
BITS_PER_SECOND = 9_000_000
QUERY = "genomförandeplan hemtjänst"
KEY_DELAY_MS = 120
OPEN_AFTER_LOAD_S = 1.0
SETTLED_S = 2.0
GIVE_UP_S = 60.0
TODAY = "2026-11-22"


@dataclass(frozen=True)
class Candidate:
    name: str
    site: str            # "lunr" or "qms": which build it is served from
    page: str            # file beside the routine's index.html
    opener: str          # what the reader taps to search
    query_input: str
    first_result: str    # the first result's link
    search_paths: tuple[str, ...]  # URL paths that are search code or data


CANDIDATES = (
    Candidate("Material (lunr)", "lunr", "index.html",
              "label.md-header__button[for=__search], .md-header__button[data-qms-toggle=__search]",
              "input.md-search__input", ".md-search-result__item a",
              ("search/search_index.json", "assets/javascripts/workers/", "assets/javascripts/lunr/")),
    Candidate("Pagefind, stock UI", "qms", "pagefind-ui.html", ".pagefind-ui__search-input",
              ".pagefind-ui__search-input", ".pagefind-ui__result-link", ("pagefind/",)),
    Candidate("Pagefind JS API, lean list", "qms", "pagefind-api.html", "#pf-query", "#pf-query",
              "#pf-results a", ("pagefind/",)),
    Candidate("qms search", "qms", "index.html", "[data-qms-search-open]", "#qms-search-input",
              "#qms-search-results a[role=option]", ("search/",)),
)

STOCK_UI_HEAD = ('<link href="{root}pagefind/pagefind-ui.css" rel="stylesheet">'
                 '<script src="{root}pagefind/pagefind-ui.js"></script>')
STOCK_UI_BODY = ('<div id="pf-search"></div><script>window.addEventListener("DOMContentLoaded", function () {{'
                 ' new PagefindUI({{element: "#pf-search", showSubResults: true}}); }});</script>')
# The best a page can do with Pagefind's JS API: nothing loaded before focus, pagefind.js
# imported and initialised on focus, preload while typing, the same 180 ms debounce as the
# qms search, ten results' data fetched in parallel and shown in order as they arrive.
API_BODY = """<input id="pf-query" type="text" aria-label="Sök" style="width:100%;font-size:1rem">
<ul id="pf-results"></ul>
<script>
(function () {
  var root = "{root}", input = document.getElementById("pf-query"), list = document.getElementById("pf-results");
  var pagefind = null, timer = null, sequence = 0;
  input.addEventListener("focus", function () {
    if (!pagefind) {
      pagefind = import(root + "pagefind/pagefind.js").then(function (module) {
        return module.options({}).then(function () { module.init(); return module; });
      });
    }
  });
  input.addEventListener("input", function () {
    var query = input.value, mine = ++sequence;
    pagefind.then(function (module) { module.preload(query); });
    clearTimeout(timer);
    timer = setTimeout(function () {
      pagefind.then(function (module) { return module.search(query); }).then(function (found) {
        if (mine !== sequence) return;
        list.textContent = "";
        var chain = Promise.resolve();
        found.results.slice(0, 10).map(function (result) { return result.data(); }).forEach(function (data) {
          chain = chain.then(function () { return data; }).then(function (item) {
            if (mine !== sequence) return;
            var li = document.createElement("li"), a = document.createElement("a");
            a.href = item.url; a.textContent = item.meta.title; li.appendChild(a); list.appendChild(li);
          });
        });
      });
    }, 180);
  });
})();
</script>"""
OWN_SCRIPT = re.compile(r'<script src="[^"]*search/search\.js"></script>')
WATCH = """selector => {
  window.__results = [];
  window.__keys = [];
  document.addEventListener("keydown", () => window.__keys.push(performance.now()), true);
  let last;
  const look = () => {
    const first = document.querySelector(selector);
    const href = first ? first.getAttribute("href") : null;
    if (href !== last) { last = href; window.__results.push([performance.now(), href]); }
  };
  new MutationObserver(look).observe(document.documentElement, {subtree: true, childList: true, attributes: true});
}"""


# ---------------------------------------------------------------------------- serving

@dataclass
class Sent:
    at: float
    path: str
    bytes: int


@dataclass
class Log:
    entries: list[Sent] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, entry: Sent) -> None:
        with self.lock:
            self.entries.append(entry)

    def between(self, start: float, end: float) -> list[Sent]:
        with self.lock:
            return [entry for entry in self.entries if start <= entry.at < end]


def _handler(log: Log):
    class Counting(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the base class's name
            self._arrived = time.monotonic()
            super().do_GET()

        def copyfile(self, source, outputfile):
            start = source.tell()
            try:
                super().copyfile(source, outputfile)
            finally:  # a transfer the browser gave up on still counts what it got
                log.add(Sent(self._arrived, self.path.split("?", 1)[0].lstrip("/"), source.tell() - start))

        def handle(self):
            try:
                super().handle()
            except ConnectionError:
                pass  # the measurement closed the page mid-transfer

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

    return Counting


class Server:
    def __init__(self, directory: Path):
        self.log = Log()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     functools.partial(_handler(self.log), directory=directory))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# ---------------------------------------------------------------------------- building

def _run(command: list[str], **kwargs) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child). The machine is shared: when
    others load it, wall time stretches and CPU time is the figure to compare."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} misslyckades:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return time.perf_counter() - started, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _config(project: Path, material_search: bool) -> Path:
    text = (REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8")
    plugins = re.search(r"^plugins:\n(?:  .*\n|\n)*", text, re.MULTILINE)
    if plugins is None:
        sys.exit("mkdocs.yml har inget plugins-block; benchmarken behöver ett.")
    replacement = ("plugins:\n  - search:\n      lang: sv\n  - qms:\n      search: false\n" if material_search
                   else "plugins:\n  - qms\n")
    config = project / ("mkdocs-lunr.yml" if material_search else "mkdocs-qms.yml")
    config.write_text(text[:plugins.start()] + replacement + text[plugins.end():], encoding="utf-8")
    return config


@dataclass
class Built:
    documents: int
    lunr_site: Path
    qms_site: Path
    routine: str
    build_seconds: dict[str, tuple[float, float]]
    index_bytes: dict[str, int]


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file()) if path.exists() else 0


def build(documents: int, work: Path, names: tuple[str, ...] = ("lunr", "qms"), pagefind: bool = True,
          reuse: bool = False) -> Built:
    project = work / f"handbok-{documents}"
    if not (project / "qms.yml").exists():
        print(f"  genererar {documents} dokument …", flush=True)
        _run([sys.executable, str(REPOSITORY / "benchmarks" / "generate_handbook.py"), "--documents",
              str(documents), "--out", str(project), "--no-git"])
    environment = {**os.environ, "QMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    seconds: dict[str, tuple[float, float]] = {}
    sites = {}
    for name, material_search in (("lunr", True), ("qms", False)):
        site = work / f"site-{documents}-{name}"
        sites[name] = site
        if name not in names:
            continue
        if reuse and (site / "index.html").exists():
            print(f"  {site.name} finns redan, byggs inte om", flush=True)
            continue
        shutil.rmtree(site, ignore_errors=True)
        print(f"  mkdocs build ({name}) …", flush=True)
        seconds[f"mkdocs build, {'Material search' if material_search else 'qms search'}"] = _run(
            ["mkdocs", "build", "-q", "-f", str(_config(project, material_search)), "-d", str(site)],
            cwd=project, env=environment)
        sites[name] = site
    routine = _routine(sites["qms"])
    if pagefind:
        import pagefind_bin

        print("  pagefind …", flush=True)
        seconds["pagefind (on the built HTML)"] = _run([str(pagefind_bin.get_executable()), "--site",
                                                        str(sites["qms"]), "--output-subdir", "pagefind", "--silent"])
        _write_pagefind_pages(sites["qms"], routine)
    index_bytes = {"Material search_index.json": _size(sites["lunr"] / "search" / "search_index.json"),
                   "Pagefind bundle": _size(sites["qms"] / "pagefind"),
                   "qms search index": _size(sites["qms"] / "search")}
    return Built(documents, sites["lunr"], sites["qms"], routine, seconds, index_bytes)


def _routine(site: Path) -> str:
    """A routine page both builds have: the first rutin of the first area, by path."""
    for page in sorted(site.glob("*/*/index.html")) + sorted(site.glob("*/*/*/index.html")):
        text = page.read_text(encoding="utf-8")
        if 'data-document-id="RUT-' in text:
            return page.parent.relative_to(site).as_posix() + "/"
    sys.exit(f"Ingen rutin hittades i {site}.")


def _write_pagefind_pages(site: Path, routine: str) -> None:
    html = (site / routine / "index.html").read_text(encoding="utf-8")
    if not OWN_SCRIPT.search(html):
        sys.exit("Rutinsidan laddar inte search/search.js; har qms-sökningen flyttats?")
    html = OWN_SCRIPT.sub("", html)
    root = "../" * routine.count("/")
    marker = '<article class="md-content__inner md-typeset">'
    if marker not in html:
        sys.exit("Rutinsidan saknar Materials <article>; benchmarken vet inte var sökfältet ska stå.")
    stock = html.replace("</head>", STOCK_UI_HEAD.format(root=root) + "</head>", 1).replace(
        marker, marker + STOCK_UI_BODY.format(root=root), 1)
    api = html.replace(marker, marker + API_BODY.replace("{root}", root), 1)
    (site / routine / "pagefind-ui.html").write_text(stock, encoding="utf-8")
    (site / routine / "pagefind-api.html").write_text(api, encoding="utf-8")


# ---------------------------------------------------------------------------- measuring

@dataclass
class Run:
    seconds: float | None          # None: no results within GIVE_UP_S
    query_bytes: int
    before_bytes: int
    first: str | None


def measure(browser, server: Server, candidate: Candidate, routine: str, query: str = QUERY) -> Run:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2,
                                  locale="sv-SE")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": LATENCY_MS,
                                                  "downloadThroughput": BITS_PER_SECOND / 8,
                                                  "uploadThroughput": BITS_PER_SECOND / 8})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    start = time.monotonic()
    page.goto(server.url + routine + ("" if candidate.page == "index.html" else candidate.page),
              wait_until="load", timeout=120_000)
    page.wait_for_timeout(OPEN_AFTER_LOAD_S * 1000)
    page.evaluate(WATCH, candidate.first_result)
    opened = time.monotonic()
    page.click(candidate.opener)
    if candidate.query_input != candidate.opener:
        page.wait_for_selector(candidate.query_input, state="visible")
        page.focus(candidate.query_input)
    page.keyboard.type(query, delay=KEY_DELAY_MS)
    last_key = page.evaluate("Math.max(...window.__keys)")
    waited = time.monotonic()
    while True:
        page.wait_for_timeout(250)
        results = page.evaluate("window.__results")
        quiet = (page.evaluate("performance.now()") - (results[-1][0] if results else last_key)) / 1000
        if (results and results[-1][1] and quiet >= SETTLED_S) or time.monotonic() - waited > GIVE_UP_S:
            break
    settled = time.monotonic()
    context.close()
    time.sleep(1.0)  # a transfer cut off by the close is logged when its thread sees the reset
    final = results[-1][1] if results else None
    seconds = None
    if final:
        seconds = next(((at - last_key) / 1000 for at, href in results if at >= last_key and href == final), None)
    before = sum(entry.bytes for entry in server.log.between(start, opened)
                 if any(part in entry.path for part in candidate.search_paths))
    query = sum(entry.bytes for entry in server.log.between(opened, settled))
    return Run(seconds, query, before, final)


# ---------------------------------------------------------------------------- report

def _machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return f"{model or platform.processor()} ({os.cpu_count()} kärnor), {platform.system()}, {chromium}"


def _kb(value: int) -> str:
    return f"{value / 1000:,.0f} kB".replace(",", " ")


def _seconds(value: float | None) -> str:
    return f"> {GIVE_UP_S:.0f} s" if value is None else f"{value:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[1500, 10000])
    parser.add_argument("--runs", type=int, default=3, help="mätningar per kandidat och storlek (median)")
    parser.add_argument("--work", type=Path, help="arbetskatalog (behålls); annars en tillfällig")
    parser.add_argument("--query", nargs="+", default=[QUERY],
                        help=f"frågor som skrivs, var och en mäts för sig (standard: {QUERY})")
    parser.add_argument("--reuse", action="store_true",
                        help="bygg inte om en sajt som redan finns i arbetskatalogen (med --work)")
    parser.add_argument("--candidates", nargs="+", metavar="NAMN",
                        help="bara kandidaterna vars namn innehåller något av orden, till exempel: qms")
    args = parser.parse_args()
    candidates = [candidate for candidate in CANDIDATES
                  if not args.candidates or any(word in candidate.name for word in args.candidates)]
    work = args.work or Path(tempfile.mkdtemp(prefix="search-benchmark-"))
    work.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    rows = []
    builds = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for documents in args.documents:
            print(f"{documents} dokument:", flush=True)
            built = build(documents, work, tuple({candidate.site for candidate in candidates}),
                          any("Pagefind" in candidate.name for candidate in candidates), args.reuse)
            builds.append(built)
            servers = {name: Server(site) for name, site in (("lunr", built.lunr_site), ("qms", built.qms_site))
                       if site.exists()}
            baseline = None
            for candidate, query in [(candidate, query) for query in args.query for candidate in candidates]:
                runs = []
                for number in range(args.runs):
                    run = measure(browser, servers[candidate.site], candidate, built.routine, query)
                    runs.append(run)
                    print(f"  {candidate.name}, mätning {number + 1}: {_seconds(run.seconds)}, "
                          f"{_kb(run.query_bytes)} för frågan, {_kb(run.before_bytes)} före, första {run.first}",
                          flush=True)
                    if run.seconds is None:
                        break  # the same will happen again; a minute per run is enough
                times = [run.seconds for run in runs]
                median = None if None in times else statistics.median(times)
                name = candidate.name if len(args.query) == 1 else f"{candidate.name}, ”{query}”"
                row = (documents, name, median, statistics.median(r.query_bytes for r in runs),
                       statistics.median(r.before_bytes for r in runs))
                baseline = baseline or row
                rows.append((*row, baseline))
            for server in servers.values():
                server.close()
        browser.close()

    print()
    print(f"Sökning på en strypt telefon, {dt.date.today().isoformat()}, {_machine()}")
    print(f"390×844, CPU 4× långsammare, 9 Mbit/s och 150 ms fördröjning, okomprimerat från 127.0.0.1, "
          f"frågan ”{' / '.join(args.query)}” skriven med {KEY_DELAY_MS} ms per tangent; median av {args.runs} mätningar.")
    print()
    print("| dokument | kandidat | första träff efter sista tangent | överfört för frågan | sökkod och data före öppning | tid mot lunr | byte mot lunr |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for documents, name, seconds, query_bytes, before_bytes, baseline in rows:
        base_seconds, base_bytes = baseline[2], baseline[3] + baseline[4]
        time_ratio = "–" if seconds is None or base_seconds is None else f"{seconds / base_seconds:.2f}×"
        if seconds is not None and base_seconds is None:
            time_ratio = f"< {seconds / GIVE_UP_S:.3f}×"
        bytes_ratio = f"{(query_bytes + before_bytes) / base_bytes:.3f}×" if base_bytes else "–"
        print(f"| {documents} | {name} | {_seconds(seconds)} | {_kb(query_bytes)} | {_kb(before_bytes)} | "
              f"{time_ratio} | {bytes_ratio} |")
    print()
    print("| dokument | bygge och index | väggtid | CPU-tid |")
    print("|---:|---|---:|---:|")
    for built in builds:
        for name, (wall, cpu) in built.build_seconds.items():
            print(f"| {built.documents} | {name} | {wall:.1f} s | {cpu:.1f} s |")
        for name, value in built.index_bytes.items():
            print(f"| {built.documents} | {name} (på disk) | {value / 1e6:.1f} MB | |")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
