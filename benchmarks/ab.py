#!/usr/bin/env python3
"""Interleaved A/B timings on a shared machine: two code trees, or one speed mechanism
on and off, measured in turns (A, B, A, B …) in one run, medians reported.

    python benchmarks/ab.py HANDBOOK --rounds 5 --trees main=/tmp/main new=.
    python benchmarks/ab.py HANDBOOK --rounds 3 --trees main=/tmp/main new=. --builds
    python benchmarks/ab.py HANDBOOK --rounds 3 --mechanisms worker compaction

HANDBOOK is a handbook made by ``generate_handbook.py`` (``benchmarks/out/handbook-…``
after a ``run.py``). With ``--trees`` each tree (a checkout of the package) gets the
history read alone and ``qms check`` without and with its cache; with ``--mechanisms``
the tree this script is in builds the site with each mechanism on and off (switched
off by a patch in the build's own interpreter), and the routine pages' sizes are
compared, raw and gzip'd. Each figure is the wall time and the CPU time of the command
and all it waited for (``os.wait4``); on a loaded machine the CPU time is the one to
compare. The load average before and after each round is printed with the medians.
The handbook's ``.cache`` is removed where a figure is "without cache": do not run two
of these on one handbook at once.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
TODAY = "2026-11-22"
PATCHES = {
    "worker": "from qms_tools.mkdocs_plugin import worker\nworker.fork_is_safe = lambda: False\n",
    "compaction": "from qms_tools.mkdocs_plugin import plugin\nplugin.compact_html = lambda html: html\n",
    # Issue 20's earlier versions and change views (the rest of issue 20 stays on).
    # Off, the gates keep their memos in files of their own: a memo holds what its last
    # build saw, and the build with versions would otherwise read their files afresh.
    "versions": ("from qms_tools.publishing import posters, leak_gate\nfrom qms_tools.mkdocs_plugin import plugin\n"
                 "posters.version_files = lambda *arguments: []\n"
                 "leak_gate.MEMO_FILE = leak_gate.MEMO_FILE.replace('.json', '-utan-versioner.json')\n"
                 "plugin.NUMBER_MEMO_FILE = plugin.NUMBER_MEMO_FILE.replace('.json', '-utan-versioner.json')\n"),
}
HISTORY = ("import sys\nfrom pathlib import Path\nfrom qms_tools.handbook.history import read_history\n"
           "read_history(Path(sys.argv[1]), 'processes', use_cache=False)\n")
CHECK = f"import sys\nfrom qms_tools.cli import main\nsys.argv = ['qms', 'check', '--today', '{TODAY}']\nmain()\n"
BUILD = ("import sys\n{patch}from mkdocs.__main__ import cli\n"
         "sys.argv = ['mkdocs', 'build', '-q', '-f', 'benchmark-site.yml', '-d', {site!r}]\ncli()\n")


def timed(code: str, tree: Path, handbook: Path, *arguments: str) -> tuple[float, float]:
    """Wall and CPU seconds of ``python -c code`` run in ``handbook`` with ``tree``'s package."""
    environment = {**os.environ, "PYTHONPATH": str(tree), "QMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1",
                   "DISABLE_MKDOCS_2_WARNING": "true"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *arguments], cwd=handbook, env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # qms check: 1 = the handbook has errors
        raise SystemExit(f"{code.splitlines()[-1]} failed in {handbook} with {tree}: exit status {status}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def routine_sizes(handbook: Path, site: Path) -> dict[str, float]:
    raw, packed = [], []
    content = handbook / "processes"
    for source in sorted(content.rglob("*.md")):
        head = source.read_text(encoding="utf-8")[:600]
        if not re.search(r"^type: rutin$", head, re.M) or not re.search(r"^status: gällande$", head, re.M):
            continue
        page = site / source.relative_to(content).with_suffix("").as_posix() / "index.html"
        if page.is_file():
            data = page.read_bytes()
            raw.append(len(data))
            packed.append(len(gzip.compress(data, 6)))
    if not raw:
        raise SystemExit(f"{site} has no routine pages: was {handbook} made by generate_handbook.py via run.py?")
    return {"median bytes": statistics.median(raw), "median gzip bytes": statistics.median(packed)}


def settle(site: Path, drop_caches: bool) -> None:
    """Remove the last build's ``site``; with ``drop_caches``, also write out and drop the
    kernel's page, dentry and inode caches, so each build starts from the same state."""
    shutil.rmtree(site, ignore_errors=True)
    if drop_caches:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("handbook", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--trees", nargs="+", default=[], metavar="NAME=PATH")
    parser.add_argument("--mechanisms", nargs="+", default=[], choices=sorted(PATCHES))
    parser.add_argument("--builds", action="store_true", help="with --trees: also build the site with each tree")
    parser.add_argument("--drop-caches", action="store_true",
                        help="as root: write out and drop the kernel's caches before each build (on a VM, creating "
                             "files after a large deletion cost several times the system time until they were)")
    options = parser.parse_args()
    handbook = options.handbook.resolve()
    if options.builds:
        sys.path.insert(0, str(REPOSITORY / "benchmarks"))
        from run import write_site_config
        write_site_config(handbook)
    figures: dict[str, list[tuple[float, float]]] = {}
    sizes: dict[str, dict[str, float]] = {}
    loads = [os.getloadavg()[0]]
    for _ in range(options.rounds):
        for name, path in (tree.split("=", 1) for tree in options.trees):
            tree = Path(path).resolve()
            figures.setdefault(f"{name}: history", []).append(timed(HISTORY, tree, handbook, str(handbook)))
            shutil.rmtree(handbook / ".cache", ignore_errors=True)
            figures.setdefault(f"{name}: check without cache", []).append(timed(CHECK, tree, handbook))
            figures.setdefault(f"{name}: check with cache", []).append(timed(CHECK, tree, handbook))
            if options.builds:
                site = handbook.parent / f"ab-site-{name}"
                settle(site, options.drop_caches)
                figures.setdefault(f"{name}: build", []).append(
                    timed(BUILD.format(patch="", site=str(site)), tree, handbook))
                sizes[f"{name}: build"] = routine_sizes(handbook, site)
        for mechanism in options.mechanisms:
            for switched_on in (True, False):
                key = f"{mechanism} {'on' if switched_on else 'off'}: build"
                site = handbook.parent / f"ab-site-{mechanism}-{'on' if switched_on else 'off'}"
                settle(site, options.drop_caches)
                code = BUILD.format(patch="" if switched_on else PATCHES[mechanism], site=str(site))
                figures.setdefault(key, []).append(timed(code, REPOSITORY, handbook))
                sizes[key] = routine_sizes(handbook, site)
        loads.append(os.getloadavg()[0])
    for key, runs in figures.items():
        print(f"{key}: wall {statistics.median(w for w, _ in runs):.2f} s, "
              f"CPU {statistics.median(c for _, c in runs):.2f} s (medians of {len(runs)})")
    for key, measured in sizes.items():
        print(f"{key}: routine page {json.dumps(measured)}")
    print("load average (1 min) before each round and at the end:", ", ".join(f"{load:.1f}" for load in loads))


if __name__ == "__main__":
    main()
