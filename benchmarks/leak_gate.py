#!/usr/bin/env python3
"""What the leak gate costs on a built public site, with and without its memo.

    python benchmarks/leak_gate.py HANDBOOK SITE [--rounds 3]

HANDBOOK is a generated handbook (benchmarks/generate_handbook.py) and SITE its public
site as `mkdocs build -f benchmark-site.yml` wrote it (its docs_dir is read from there). Each round runs, in fresh interpreters (imports and the
fingerprints excluded, CPU beside wall time since the machine is shared):

- ``gate``: ``scan_for_leaks`` without a memo (what every build paid before the memo;
  the baseline);
- ``memo cold``: with an empty memo (a first build: reads every file and writes the memo);
- ``memo warm``: with the memo the cold run wrote (a deploy whose site did not change).

The figures are medians; the ratios are against ``gate`` in the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
TODAY = "2026-11-22"
PROBE = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
from qms_tools.check.run import check_project
from qms_tools.publishing.leak_gate import publication_fingerprints, scan_for_leaks
from qms_tools.publishing.publication import publish
root, site, memo, docs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[5]
publication = publish(check_project(root, dt.date.fromisoformat(sys.argv[4])))
fingerprints = publication_fingerprints(publication.handbook, publication.withheld_documents.values(),
                                        root / docs, publication.rejected_documents.values())
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
started, cpu_started = time.perf_counter(), cpu()
leaks = scan_for_leaks(site, fingerprints, memo=Path(memo) if memo else None)
print(json.dumps({"wall": time.perf_counter() - started, "cpu": cpu() - cpu_started, "leaks": len(leaks)}))
"""


def probe(handbook: Path, site: Path, memo: str) -> dict:
    environment_path = str(REPOSITORY)
    config = handbook / "benchmark-site.yml"
    docs = "docs"
    if config.exists():  # generate_handbook.py's site: its hand-written pages are benchmark-docs/
        docs = next((line.split(":", 1)[1].strip() for line in config.read_text(encoding="utf-8").splitlines()
                     if line.startswith("docs_dir:")), docs)
    result = subprocess.run([sys.executable, "-c", PROBE, str(handbook), str(site), memo, TODAY, docs],
                            capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": environment_path, "PATH": "/usr/bin:/bin"})
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("handbook", type=Path)
    parser.add_argument("site", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    figures: dict[str, list[dict]] = {"gate": [], "memo cold": [], "memo warm": []}
    for _ in range(arguments.rounds):
        with tempfile.TemporaryDirectory() as scratch:
            memo = str(Path(scratch) / "lackspar.json.gz")
            figures["gate"].append(probe(arguments.handbook, arguments.site, ""))
            figures["memo cold"].append(probe(arguments.handbook, arguments.site, memo))
            figures["memo warm"].append(probe(arguments.handbook, arguments.site, memo))
    files = sum(1 for path in arguments.site.rglob("*") if path.is_file())
    print(f"{files} files in {arguments.site}; medians of {arguments.rounds} rounds")
    base = statistics.median(run["cpu"] for run in figures["gate"])
    for name, runs in figures.items():
        cpu = statistics.median(run["cpu"] for run in runs)
        wall = statistics.median(run["wall"] for run in runs)
        leaks = {run["leaks"] for run in runs}
        print(f"{name:10} cpu {cpu:7.2f} s  wall {wall:7.2f} s  ratio {cpu / base:5.2f}  leaks {sorted(leaks)}")


if __name__ == "__main__":
    main()
