#!/usr/bin/env python3
"""What the yearly follow-up costs on a generated handbook, against reading the history
alone in the same run (the baseline every check pays).

    python benchmarks/follow_up.py benchmarks/out/handbook-1500-5000-… [--rounds 3]

Each figure is the median of ``--rounds`` fresh interpreters (imports excluded), with
the CPU time beside the wall time (the machine is shared):

- ``history``: ``read_history`` without its cache (the baseline);
- ``versions cold``: ``read_front_matters`` of every version without its cache (one
  ``git cat-file`` and the loader's YAML reader for each version);
- ``versions kept``: the same with ``.cache/qms/versioner.json.gz`` in place;
- ``load kept``: the loader with its caches in place (what every build and check pays);
- ``report kept``: ``build_report`` for every year after the loader, both caches in
  place (what a site build's follow-up pages add after the first build).

The handbook's ``.cache`` is removed where a figure is "without cache".

    python benchmarks/follow_up.py HANDBOOK --rounds 8 --against /tmp/main

compares ``report kept`` of this tree with another checkout of the package instead, in
turns (the order reversed every other round, the caches in place), for a change to the
follow-up's figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
TODAY = "2026-11-22"
PROBE = """
import json, resource, sys, time, datetime as dt
from pathlib import Path
from qms_tools.handbook.history import read_history, read_front_matters, read_version_history
from qms_tools.handbook.loader import load
from qms_tools.publishing.follow_up import build_report
root, what = Path(sys.argv[1]), sys.argv[2]
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return sum(u.ru_utime + u.ru_stime for u in usage)
if what in ("load", "report"):
    handbook = load(root, dt.date.fromisoformat(sys.argv[3])).handbook
    started, cpu_started = time.perf_counter(), cpu()
    if what == "load":
        load(root, dt.date.fromisoformat(sys.argv[3]))
        extra = {}
    else:
        extra = {"years": len(build_report(handbook).years)}
else:
    history = read_version_history(root, "processes", use_cache=what == "kept")
    started, cpu_started = time.perf_counter(), cpu()
    if what == "history":
        read_history(root, "processes", use_cache=False)
        extra = {"versions": len(history.versions)}
    else:
        found = read_front_matters(root, history, use_cache=what == "kept")
        extra = {"versions": len(found)}
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": cpu() - cpu_started, **extra}))
"""


def probe(handbook: Path, what: str, tree: Path = REPOSITORY) -> dict:
    environment = {**os.environ, "PYTHONPATH": str(tree), "QMS_TODAY": TODAY}
    done = subprocess.run([sys.executable, "-c", PROBE, str(handbook), what, TODAY], capture_output=True, text=True,
                          env=environment, cwd=handbook)
    if done.returncode != 0:
        raise SystemExit(f"{what} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("handbook", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout: compare build_report with it, in turns")
    arguments = parser.parse_args()
    handbook = arguments.handbook.resolve()
    if arguments.against:
        compare(handbook, arguments.against.resolve(), arguments.rounds)
        return
    cache = handbook / ".cache" / "qms"
    results: dict[str, list[dict]] = {name: [] for name in ("history", "versions cold", "versions kept", "load kept",
                                                             "report kept")}
    for _ in range(arguments.rounds):
        shutil.rmtree(cache, ignore_errors=True)
        results["history"].append(probe(handbook, "history"))
        shutil.rmtree(cache, ignore_errors=True)
        results["versions cold"].append(probe(handbook, "cold"))
        probe(handbook, "kept")  # writes the cache
        results["versions kept"].append(probe(handbook, "kept"))
        results["load kept"].append(probe(handbook, "load"))
        results["report kept"].append(probe(handbook, "report"))
    base = statistics.median(run["cpu"] for run in results["history"])
    print(f"load average {os.getloadavg()[0]:.2f}; {results['history'][0]['versions']} versions")
    print("| what | wall s | CPU s | CPU ÷ history |")
    print("|---|---|---|---|")
    for name, runs in results.items():
        wall = statistics.median(run["seconds"] for run in runs)
        cpu = statistics.median(run["cpu"] for run in runs)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {cpu / base:.2f} |")
    size = (cache / "versioner.json.gz").stat().st_size if (cache / "versioner.json.gz").exists() else 0
    print(f"versioner.json.gz: {size / 1024:.0f} kB")


def compare(handbook: Path, other: Path, rounds: int) -> None:
    trees = {"other": other, "this": REPOSITORY}
    probe(handbook, "kept")  # the caches in place for both
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    for index in range(rounds):
        for name in (list(trees) if index % 2 == 0 else list(reversed(trees))):
            runs[name].append(probe(handbook, "report", trees[name]))
    base = statistics.median(run["cpu"] for run in runs["other"])
    print(f"load average {os.getloadavg()[0]:.2f}; {runs['this'][0]['years']} years; {rounds} rounds")
    print("| build_report | wall s | CPU s | CPU ÷ other |")
    print("|---|---|---|---|")
    for name, tree in trees.items():
        wall = statistics.median(run["seconds"] for run in runs[name])
        cpu = statistics.median(run["cpu"] for run in runs[name])
        print(f"| {name} ({tree}) | {wall:.2f} | {cpu:.2f} | {cpu / base:.2f} |")


if __name__ == "__main__":
    main()
