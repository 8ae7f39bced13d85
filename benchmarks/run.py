#!/usr/bin/env python3
"""Measure how the handbook scales: one command, one or more sizes, one table.

    python benchmarks/run.py --documents 1500 10000

For each size it generates a handbook with ``benchmarks/generate_handbook.py`` (cached
in ``benchmarks/out/``, 5,000 commits of history by default) and measures, in the same
run:

- ``qms check``: wall time and peak memory, first with no ``.cache`` folder (a fresh
  clone) and then with the cache that run left (an editor's machine, or CI restoring it);
- ``mkdocs build`` of the handbook with the ``qms`` plugin against plain Material
  building the same Markdown (the documents and the generated pages, exported to a plain
  docs folder) with the same navigation and the same ``mkdocs.yml`` settings, as a ratio;
- the Git history read (``qms_tools.handbook.history.read_history``);
- the HTML size of the routine pages (median and largest);
- ``mkdocs serve`` and ``mkdocs serve --dirty``: the time from saving an edited document
  until the server returns the rebuilt page with the edit.

Every figure has a wall time and, for child processes, CPU time (user + system, the
child and everything it waited for). The machine is shared and only has two cores: when
the load average is high, wall times stretch and the CPU times are the figures to
compare. With two or more sizes the table ends with the growth factor of each figure
from the smallest to the largest size (the documents grow by the same factor ideally).

Results are printed as a Markdown table (paste it into docs/teknik/prestanda.md) and
kept as JSON in ``benchmarks/out/results-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parents[1]
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from benchmarks import generate_handbook as generator  # noqa: E402

OUT = REPOSITORY / "benchmarks" / "out"
TODAY = generator.REFERENCE_DATE.isoformat()
SITE_CONFIG = "benchmark-site.yml"
"""Written into each cached handbook: the repository's own mkdocs.yml (INHERIT), so the
benchmark builds what the sample handbook ships, with the hand-written guide pages."""
BASELINE_CONFIG = "mkdocs.yml"
BASELINE_SEARCH_CONFIG = "mkdocs-material-search.yml"
PHASE_HOOKS = [str(REPOSITORY / "benchmarks" / "phases" / name) for name in ("first.py", "last.py")]
"""MkDocs hooks that time the build's phases (CPU seconds); the same in every build."""
PAGE_LIMIT = 40_000
BUILD_RATIO_TARGET = 1.3
HISTORY_TARGET_SECONDS = 2.0
CHECK_TARGET_SECONDS = {1500: 1.0, 10000: 5.0}
SERVE_MARKER = "Mätmarkör för benchmarks/run.py"
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "QMS_TODAY": TODAY}


# ------------------------------------------------------------------------------ running


@dataclass
class Run:
    wall: float
    cpu: float
    """User + system seconds of the child and of every process it waited for."""
    peak_kb: int
    """Largest resident set of the child or of any process it waited for."""
    returncode: int
    phases: dict = field(default_factory=dict)
    """CPU seconds per build phase (benchmarks/phases/), for builds."""


def run(command: list[str], cwd: Path, log: Path, ok: tuple[int, ...] = (0,), environment: dict | None = None) -> Run:
    """Run a child to its end and measure it with wait4, which reports the child's own
    resource use together with that of its reaped children (git, for instance)."""
    environment = {**os.environ, **QUIET, **(environment or {})}
    with log.open("ab") as output:
        output.write(f"\n$ {' '.join(command)}   (in {cwd})\n".encode())
        output.flush()
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=environment, stdout=output, stderr=output)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}; see {log}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode)


def best(runs: list[Run]) -> Run:
    """The least disturbed of repeated runs: the noise on a shared machine only adds."""
    fastest = min(runs, key=lambda item: item.cpu)
    return Run(min(item.wall for item in runs), fastest.cpu, max(item.peak_kb for item in runs),
               runs[0].returncode, fastest.phases)


def load_average() -> float:
    return os.getloadavg()[0]


# ------------------------------------------------------------------------ the handbooks


def generator_fingerprint() -> str:
    return hashlib.sha256((REPOSITORY / "benchmarks" / "generate_handbook.py").read_bytes()).hexdigest()[:10]


def handbook(documents: int, commits: int, log: Path, out: Path) -> Path:
    """The generated handbook of this size, made once per version of the generator."""
    folder = out / f"handbook-{documents}-{commits}-{generator_fingerprint()}"
    stamp = folder / ".benchmark-complete"
    if stamp.is_file():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    print(f"  generating {documents} documents, {commits} commits → {folder}",
          flush=True)
    run([sys.executable, str(REPOSITORY / "benchmarks" / "generate_handbook.py"), "--documents", str(documents),
         "--commits", str(commits), "--out", str(folder)], REPOSITORY, log)
    stamp.write_text("generated\n", encoding="utf-8")
    return folder


def write_site_config(project: Path) -> Path:
    """The qms site: the repository's mkdocs.yml, its hand-written pages, this content."""
    docs = project / "benchmark-docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(REPOSITORY / "docs", docs)
    config = project / SITE_CONFIG
    config.write_text(yaml.safe_dump({
        "INHERIT": str(REPOSITORY / "mkdocs.yml"),
        "site_name": "Kvalitetshandbok (mätning)",
        "docs_dir": docs.name,
        "hooks": PHASE_HOOKS,
    }, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def export_baseline(project: Path, target: Path) -> tuple[Path, Path, int]:
    """Plain Material's input: the same Markdown the qms plugin adds to the site (each
    published document as written, each generated page, the hand-written pages) in one
    docs folder, and the navigation the plugin would set. Returns two configurations,
    without plugins and with Material's search plugin (which the qms plugin replaces by
    its own search), and the number of pages."""
    from mkdocs.structure.files import File, Files

    from qms_tools.check.run import check_project
    from qms_tools.handbook.history import read_history
    from qms_tools.mkdocs_plugin.navigation import site_navigation
    from qms_tools.publishing.pages import generate_all, unpublished
    from qms_tools.publishing.publication import attachments, publish
    from qms_tools.handbook.settings import resolve_today

    publication = publish(check_project(project, resolve_today(TODAY)))
    handbook_ = publication.handbook
    settings = handbook_.settings
    history = read_history(settings.root, settings.content_dir)
    shutil.rmtree(target, ignore_errors=True)
    docs = target / "docs"
    shutil.copytree(project / "benchmark-docs", docs)
    hand_written = [path.relative_to(docs).as_posix() for path in docs.rglob("*") if path.is_file()]
    for document in handbook_.documents:
        destination = docs / document.content_path
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(settings.content_root / document.content_path, destination)
    for attachment in attachments(settings.content_root):
        (docs / attachment).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(settings.content_root / attachment, docs / attachment)
    generated = generate_all(handbook_, history)
    rejected_page = unpublished.render(publication)
    for page in generated + ([rejected_page] if rejected_page else []):
        destination = docs / page.src_uri
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(page.markdown, encoding="utf-8")
    # The navigation is computed by the plugin's own function, from where each page
    # comes from: hand-written pages from the docs folder, the rest from elsewhere.
    elsewhere = str(target / "not-docs")
    files = Files([File(uri, str(docs), "site", True) for uri in hand_written]
                  + [File(document.content_path, elsewhere, "site", True) for document in handbook_.documents]
                  + [File(page.src_uri, elsewhere, "site", True) for page in generated])
    navigation = site_navigation(handbook_, files, str(docs))
    configs = []
    for name, plugins in ((BASELINE_CONFIG, []), (BASELINE_SEARCH_CONFIG, ["search"])):
        config = target / name
        config.write_text(yaml.safe_dump({
            "INHERIT": str(REPOSITORY / "mkdocs.yml"),
            "site_name": "Kvalitetshandbok (mätning)",
            "docs_dir": "docs",
            "plugins": plugins,
            "hooks": PHASE_HOOKS,
            "nav": navigation,
        }, allow_unicode=True, sort_keys=False), encoding="utf-8")
        configs.append(config)
    pages = len(hand_written) + len(handbook_.documents) + len(generated)
    return configs[0], configs[1], pages


# ------------------------------------------------------------------------- measurements


def measure_check(project: Path, log: Path) -> Run:
    return run([sys.executable, "-m", "qms_tools", "check", "--today", TODAY], project, log, ok=(0, 1))


HISTORY_PROBE = """
import json, sys, time
from pathlib import Path
from qms_tools.handbook.history import read_history
started = time.perf_counter()
history = read_history(Path(sys.argv[1]), "processes", use_cache=False)
print(json.dumps({"seconds": time.perf_counter() - started, "commits": history.commits, "ids": len(history.ids)}))
"""


def measure_history(project: Path, log: Path) -> dict:
    """read_history alone (imports excluded), in a fresh interpreter, without the cache
    in .cache/qms: every commit and blob is read, as in a fresh clone."""
    timings = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", HISTORY_PROBE, str(project)], capture_output=True, text=True,
                              env={**os.environ, **QUIET})
        if done.returncode != 0:
            raise SystemExit(f"reading the history failed:\n{done.stderr}")
        timings.append(json.loads(done.stdout))
    with log.open("a", encoding="utf-8") as output:
        output.write(f"\nhistory: {timings}\n")
    return min(timings, key=lambda timing: timing["seconds"])


def site_generator_command(tool: str) -> list[str]:
    return [sys.executable, "-m", tool]


def measure_build(config: Path, site: Path, log: Path, tool: str) -> Run:
    shutil.rmtree(site, ignore_errors=True)  # a fresh folder: MkDocs' cleaning is not what we measure
    phases = site.with_name(site.name + "-phases.json")
    phases.unlink(missing_ok=True)
    measured = run([*site_generator_command(tool), "build", "-q", "-f", str(config), "-d", str(site)], config.parent,
                   log, environment={"QMS_BENCHMARK_PHASES": str(phases)})
    measured.phases = json.loads(phases.read_text(encoding="utf-8"))
    return measured


def routine_pages(project: Path, site: Path) -> dict[str, int]:
    """Bytes of each published routine page (type: rutin), by content path."""
    sizes = {}
    content = project / "processes"
    for source in sorted(content.rglob("*.md")):
        head = source.read_text(encoding="utf-8")[:600]
        if not re.search(r"^type: rutin$", head, re.MULTILINE) or not re.search(r"^status: gällande$", head,
                                                                                     re.MULTILINE):
            continue
        relative = source.relative_to(content).with_suffix("").as_posix()
        page = site / relative / "index.html"
        if page.is_file():
            sizes[relative] = page.stat().st_size
    return sizes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def measure_serve(config: Path, document: Path, page_path: str, log: Path, tool: str,
                  timeout: float = 3600, dirty: bool = False) -> dict:
    """Start the development server, wait for its first build, append a line to one
    document and time until the server returns that page with the line."""
    options = ["--dirty"] if dirty else []
    port = free_port()
    url = f"http://127.0.0.1:{port}/{page_path}/"
    original = document.read_bytes()
    with log.open("ab") as output:
        output.write(f"\n$ {tool} serve {' '.join(options)} -a 127.0.0.1:{port}\n".encode())
        output.flush()
        started = time.perf_counter()
        server = subprocess.Popen([*site_generator_command(tool), "serve", *options, "-f", str(config), "-a",
                                   f"127.0.0.1:{port}"], cwd=config.parent, env={**os.environ, **QUIET},
                                  stdout=output, stderr=output, start_new_session=True)
        try:
            first = wait_for(url, lambda text: "<html" in text, server, timeout)
            first_build = time.perf_counter() - started
            if first is None:
                raise SystemExit(f"{tool} serve never served {url}; see {log}")
            marker = f"{SERVE_MARKER} {time.time_ns()}"
            cpu_before = _process_cpu(server.pid)
            edited = time.perf_counter()
            document.write_bytes(original + f"\n{marker}\n".encode())
            if wait_for(url, lambda text: marker in text, server, timeout) is None:
                raise SystemExit(f"{tool} serve never served the edit of {document}; see {log}")
            rebuild = time.perf_counter() - edited
            rebuild_cpu = _process_cpu(server.pid) - cpu_before
        finally:
            document.write_bytes(original)
            stop_server(server)
    return {"first_build": first_build, "rebuild": rebuild, "rebuild_cpu": rebuild_cpu}


def stop_server(server: subprocess.Popen) -> None:
    """Stop a development server started in a session of its own, and reap it."""
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _process_cpu(pid: int) -> float:
    """User + system seconds a running process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(url: str, condition, server: subprocess.Popen, timeout: float) -> str | None:
    """The text at ``url`` once ``condition`` holds for it, polled while the server runs;
    None at the timeout. Shared with the preview test (tests/mkdocs_plugin/test_preview.py),
    which starts ``mkdocs serve`` the same way."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and server.poll() is None:
        text = fetch(url)
        if text is not None and condition(text):
            return text
        time.sleep(0.05)
    return None


# ----------------------------------------------------------------------------- one size


@dataclass
class SizeResult:
    documents: int
    commits: int
    pages: int = 0
    load_before: float = 0.0
    load_after: float = 0.0
    check: Run | None = None
    """With the caches a previous run left in .cache/qms (the usual case on an editor's
    machine and in CI with a cached .cache folder)."""
    check_cold: Run | None = None
    """With no .cache folder: a fresh clone."""
    history: dict = field(default_factory=dict)
    build_cold: Run | None = None
    build_qms: Run | None = None
    build_plain: Run | None = None
    build_plain_search: Run | None = None
    routine_median: int = 0
    routine_max: int = 0
    routine_median_gzip: int = 0
    routine_count: int = 0
    serve: dict = field(default_factory=dict)
    serve_dirty: dict = field(default_factory=dict)
    """The same edit under `serve --dirty`, which re-renders only what changed."""

    def ratio(self, baseline: str, measure: str) -> float:
        """The qms build against ``build_plain`` or ``build_plain_search``, in ``wall`` or ``cpu``."""
        return getattr(self.build_qms, measure) / getattr(getattr(self, baseline), measure)


def measure_size(documents: int, commits: int, repeat: int, serve: bool, tool: str, log: Path,
                 out: Path) -> SizeResult:
    print(f"\n{documents} documents", flush=True)
    project = handbook(documents, commits, log, out)
    config = write_site_config(project)
    result = SizeResult(documents, commits, load_before=load_average())
    work = out / f"work-{documents}"
    work.mkdir(parents=True, exist_ok=True)

    print("  qms check, no cache (fresh clone)", flush=True)
    cold_runs = []
    for _ in range(repeat):
        shutil.rmtree(project / ".cache", ignore_errors=True)
        cold_runs.append(measure_check(project, log))
    result.check_cold = best(cold_runs)
    print("  qms check, with the cache the previous check left", flush=True)
    result.check = best([measure_check(project, log) for _ in range(repeat)])
    print("  history", flush=True)
    result.history = measure_history(project, log)

    print("  exporting the same Markdown and navigation for plain Material", flush=True)
    baseline, baseline_search, result.pages = export_baseline(project, work / "plain")

    # The first build makes every QR code (later builds read them from .cache/).
    shutil.rmtree(project / ".cache", ignore_errors=True)
    print(f"  {tool} build with qms, cold QR cache", flush=True)
    result.build_cold = measure_build(config, work / "site-qms", log, tool)
    qms_runs, plain_runs, search_runs = [], [], []
    for round_ in range(repeat):
        print(f"  {tool} build, plain Material ({round_ + 1}/{repeat})", flush=True)
        plain_runs.append(measure_build(baseline, work / "site-plain", log, tool))
        print(f"  {tool} build, plain Material with its search plugin ({round_ + 1}/{repeat})", flush=True)
        search_runs.append(measure_build(baseline_search, work / "site-plain-search", log, tool))
        print(f"  {tool} build with qms ({round_ + 1}/{repeat})", flush=True)
        qms_runs.append(measure_build(config, work / "site-qms", log, tool))
    result.build_qms, result.build_plain, result.build_plain_search = best(qms_runs), best(plain_runs), best(search_runs)

    sizes = routine_pages(project, work / "site-qms")
    if not sizes:
        raise SystemExit("no routine page was built")
    result.routine_count = len(sizes)
    result.routine_median = int(statistics.median(sizes.values()))
    result.routine_max = max(sizes.values())
    median_page = sorted(sizes, key=sizes.__getitem__)[len(sizes) // 2]
    result.routine_median_gzip = len(gzip.compress((work / "site-qms" / median_page / "index.html").read_bytes()))

    if serve:
        print(f"  {tool} serve: edit one routine, wait for the rebuilt page", flush=True)
        result.serve = measure_serve(config, project / "processes" / f"{median_page}.md", median_page, log, tool)
        print(f"  {tool} serve --dirty: the same edit", flush=True)
        result.serve_dirty = measure_serve(config, project / "processes" / f"{median_page}.md", median_page, log,
                                           tool, dirty=True)
    result.load_after = load_average()
    return result


# -------------------------------------------------------------------------------- table


def decimal_comma(text: str) -> str:
    """Swedish notation for the docs page: 1,5 s."""
    return re.sub(r"(?<=\d)\.(?=\d)", ",", text)


def seconds(value: float) -> str:
    return f"{value:.1f} s" if value >= 10 else f"{value:.2f} s"


def kilobytes(value: float) -> str:
    return f"{value / 1000:.1f} kB"


def table(results: list[SizeResult], tool: str) -> str:
    """A Markdown table: one column per size, then the growth from the first to the last."""
    rows: list[tuple[str, list[str], str]] = []

    def row(label: str, values: list[float], render, target: str = "") -> None:
        growth = ""
        if len(values) > 1 and values[0]:
            growth = decimal_comma(f"{values[-1] / values[0]:.1f}×")
        rows.append((label, [decimal_comma(render(value)) for value in values],
                     growth + (f" ({target})" if target else "")))

    def each(getter) -> list[float]:
        return [getter(result) for result in results]

    row("dokument", each(lambda r: r.documents), lambda v: f"{v:,}".replace(",", " "))
    row("sidor i sajten (dokument, genererade, handskrivna)", each(lambda r: r.pages),
        lambda v: f"{v:,}".replace(",", " "))
    if all(result.check_cold for result in results):
        row("`qms check` utan cache (ny klon), väggtid", each(lambda r: r.check_cold.wall), seconds,
            "mål ≤ 1 s vid 1 500, ≤ 5 s vid 10 000")
        row("`qms check` utan cache, CPU-tid", each(lambda r: r.check_cold.cpu), seconds)
    row("`qms check` med cache, väggtid", each(lambda r: r.check.wall), seconds, "mål ≤ 1 s vid 1 500, ≤ 5 s vid 10 000")
    row("`qms check` med cache, CPU-tid", each(lambda r: r.check.cpu), seconds)
    row("`qms check`, högsta minne", each(lambda r: r.check.peak_kb), lambda v: f"{v / 1024:.0f} MB")
    commits = f"{results[-1].history['commits']:,}".replace(",", " ")
    row(f"läsa Git-historiken, {commits} commits",
        each(lambda r: r.history["seconds"]), seconds, "mål ≤ 2 s")
    for measure, unit in (("wall", "väggtid"), ("cpu", "CPU-tid")):
        row(f"`{tool} build` ren Material, {unit}", each(lambda r: getattr(r.build_plain, measure)), seconds)
        row(f"`{tool} build` ren Material + dess sökning, {unit}",
            each(lambda r: getattr(r.build_plain_search, measure)), seconds)
        row(f"`{tool} build` med qms, {unit}", each(lambda r: getattr(r.build_qms, measure)), seconds)
        for baseline, label in (("build_plain", "ren"), ("build_plain_search", "ren + sökning")):
            row(f"kvot qms / {label}, {unit}", each(lambda r: r.ratio(baseline, measure)), lambda v: f"{v:.2f}×",
                "mål ≤ 1,3×")
    row("bygge med qms utan QR-cache (första bygget), CPU-tid", each(lambda r: r.build_cold.cpu), seconds)
    row("bygge med qms, högsta minne", each(lambda r: r.build_qms.peak_kb), lambda v: f"{v / 1024:.0f} MB")
    row("rutinsidans HTML, median", each(lambda r: r.routine_median), kilobytes, "mål ≤ 40 kB, får inte växa")
    row("rutinsidans HTML, största", each(lambda r: r.routine_max), kilobytes, "mål ≤ 40 kB")
    row("rutinsidans HTML, median, gzip", each(lambda r: r.routine_median_gzip), kilobytes)
    if all(result.serve for result in results):
        row(f"`{tool} serve`: från sparad ändring i ett dokument till ny sida, väggtid",
            each(lambda r: r.serve["rebuild"]), seconds)
        if all("rebuild_cpu" in result.serve for result in results):
            row(f"`{tool} serve`: samma, serverns CPU-tid", each(lambda r: r.serve["rebuild_cpu"]), seconds)
    if all(result.serve_dirty for result in results):
        row(f"`{tool} serve --dirty`: från sparad ändring till ny sida, väggtid",
            each(lambda r: r.serve_dirty["rebuild"]), seconds)
        row(f"`{tool} serve --dirty`: samma, serverns CPU-tid", each(lambda r: r.serve_dirty["rebuild_cpu"]), seconds)
    row("belastning (load average, 1 min) före → efter", each(lambda r: r.load_before),
        lambda v: f"{v:.1f}")
    # The load row shows both ends per size.
    label, _, _ = rows[-1]
    rows[-1] = (label, [decimal_comma(f"{r.load_before:.1f} → {r.load_after:.1f}") for r in results], "")

    header = ["mått", *(f"{result.documents:,}".replace(",", " ") for result in results)]
    if len(results) > 1:
        header.append(decimal_comma(f"tillväxt (dokument {results[-1].documents / results[0].documents:.1f}×)"))
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, values, growth in rows:
        cells = [label, *values] + ([growth] if len(results) > 1 else [])
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


PHASES = {"Markdown to HTML": "Markdown till HTML", "theme templates": "temats mallar (Material)",
          "plugins": "pluginernas hookar", "reading pages": "läsa sidor", "writing pages": "skriva sidor"}


def phase_table(results: list[SizeResult]) -> str:
    """Where each build's CPU time goes: MkDocs' and Material's own work against the
    plugins' hooks (for the qms build, everything the qms plugin adds)."""
    builds = [("ren", "build_plain"), ("+ sökning", "build_plain_search"), ("qms", "build_qms")]
    header = ["CPU-sekunder i byggprocessen"]
    columns = []
    for result in results:
        for label, name in builds:
            header.append(f"{result.documents:,} {label}".replace(",", " "))
            columns.append(getattr(result, name).phases)
    events = sorted({key for column in columns for key in column if key.startswith("plugins: ")},
                    key=lambda key: -max(column.get(key, 0.0) for column in columns))
    for column in columns:  # the plugins' hooks, each event apart and in all
        column.setdefault("plugins", sum(column.get(event, 0.0) for event in events))
    rows = []
    for phase, label in PHASES.items():
        rows.append((phase, label))
        if phase == "plugins":
            rows.extend((event, f"– varav {event.split(': ')[1]}") for event in events)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for phase, label in rows:
        lines.append("| " + " | ".join([label, *(decimal_comma(f"{column.get(phase, 0.0):.1f}")
                                                for column in columns)]) + " |")
    other = [column["process"] - sum(column.get(phase, 0.0) for phase in PHASES) for column in columns]
    lines.append("| " + " | ".join(["övrigt (start, konfiguration, filer, statiska kopior, 404, sitemap)",
                                     *(decimal_comma(f"{value:.1f}") for value in other)]) + " |")
    lines.append("| " + " | ".join(["**totalt**", *(decimal_comma(f"**{column['process']:.1f}**") for column in columns)]) + " |")
    return "\n".join(lines)


def machine(tool: str) -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
        ram = f"{memory / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        ram = "unknown RAM"
    versions = []
    for package in ("mkdocs", "properdocs", "zensical", "mkdocs-material", "markdown", "jinja2", "gitpython"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            pass
    return (f"{os.cpu_count()} kärnor ({cpu}), {ram}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, git {_git_version()}; {', '.join(versions)}; byggt med {tool}")


def _git_version() -> str:
    done = subprocess.run(["git", "--version"], capture_output=True, text=True)
    return done.stdout.split()[-1] if done.returncode == 0 else "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, nargs="+", metavar="N", help="handbook sizes, e.g. 1500 10000")
    parser.add_argument("--from-json", type=Path, metavar="FILE",
                        help="print the tables of an earlier run (benchmarks/out/results-*.json); measure nothing")
    parser.add_argument("--commits", type=int, default=5000, help="commits of Git history (default 5000)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="build (and check) each size this many times and keep the fastest (default 1)")
    parser.add_argument("--out", type=Path, default=OUT,
                        help="folder for the generated handbooks, sites, log and results (default benchmarks/out)")
    parser.add_argument("--no-serve", dest="serve", action="store_false", help="skip the mkdocs serve rebuild")
    parser.add_argument("--tool", choices=("mkdocs", "properdocs"), default="mkdocs",
                        help="site generator that builds and serves (default mkdocs)")
    arguments = parser.parse_args(argv)
    if arguments.from_json:
        saved = json.loads(arguments.from_json.read_text(encoding="utf-8"))
        results = [SizeResult(**{key: Run(**value) if key.startswith(("check", "build")) and value else value
                                 for key, value in size.items()}) for size in saved["sizes"]]
        print(f"Uppmätt {saved['date'][:10]} på {saved['machine']}.\n")
        print(table(results, saved["tool"]) + "\n\n" + phase_table(results))
        return 0
    if not arguments.documents:
        parser.error("--documents is required")
    if any(size < generator.MIN_DOCUMENTS for size in arguments.documents):
        parser.error(f"sizes must be at least {generator.MIN_DOCUMENTS}")
    out = arguments.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%dT%H%M")
    log = out / f"run-{stamp}.log"
    print(f"log: {log}")
    started = time.perf_counter()
    # Byte-code compiled up front, as an installed package has it: otherwise the first
    # timed command after a code change pays for compiling the package.
    run([sys.executable, "-m", "compileall", "-q", str(REPOSITORY / "qms_tools")], REPOSITORY, log)
    results = [measure_size(size, arguments.commits, arguments.repeat, arguments.serve, arguments.tool, log, out)
               for size in sorted(arguments.documents)]
    about = machine(arguments.tool)
    text = table(results, arguments.tool) + "\n\n" + phase_table(results)
    print(f"\nUppmätt {dt.date.today().isoformat()} på {about}.\n"
          f"Hela körningen {time.perf_counter() - started:.0f} s.\n")
    print(text)
    (out / f"results-{stamp}.json").write_text(json.dumps({
        "date": stamp, "machine": about, "tool": arguments.tool, "table": text,
        "sizes": [asdict(result) for result in results],
    }, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
