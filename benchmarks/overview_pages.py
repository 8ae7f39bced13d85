#!/usr/bin/env python3
"""Time and size of the generated overview pages as the handbook grows: they must stay
linear in the number of documents (no per-document scan inside a per-document loop).

Generates handbooks of each size with ``generate_handbook.py`` (no Git history), loads
each once, then times every page family (best of three) and reports the Markdown size
of the largest pages. Fails when 10 times the documents take more than 15 times as long
(linear with some constant overhead), or when the register needs more than 300 bytes a
document.

Usage::

    python benchmarks/overview_pages.py                      # 1,000 and 10,000 documents
    python benchmarks/overview_pages.py --sizes 500 5000

Exit status 1 when a limit is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from qms_tools.handbook.loader import load
from qms_tools.publishing.pages import areas, coverage, register, review_status, roles, start, withdrawn

TODAY = dt.date(2026, 11, 22)
GROWTH_LIMIT = 15.0
REGISTER_BYTES_PER_DOCUMENT = 300


def families(handbook) -> dict[str, callable]:
    return {
        "start": lambda: [start.generate(handbook)],
        "områden": lambda: areas.generate(handbook),
        "register": lambda: [register.generate(handbook)],
        "regelverk": lambda: [coverage.page(coverage.coverage(regulation, handbook), handbook)
                              for regulation in handbook.regulations.regulations],
        "roller": lambda: [roles.generate(handbook)],
        "granskning": lambda: [review_status.generate(handbook)],
        "upphävda": lambda: [withdrawn.generate(handbook)],
    }


def measure(size: int, folder: Path) -> dict[str, tuple[float, int]]:
    project = folder / f"handbok-{size}"
    subprocess.run([sys.executable, str(REPOSITORY / "benchmarks" / "generate_handbook.py"), "--documents",
                    str(size), "--out", str(project), "--no-git"], check=True, stdout=subprocess.DEVNULL)
    handbook = load(project, TODAY).handbook
    results = {}
    for name, generate in families(handbook).items():
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            pages = generate()
            best = min(best, time.perf_counter() - started)
        results[name] = (best, sum(len(page.markdown.encode()) for page in pages))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=(1000, 10000), metavar=("SMALL", "LARGE"))
    arguments = parser.parse_args(argv)
    small, large = arguments.sizes
    with tempfile.TemporaryDirectory() as temporary:
        measured = {size: measure(size, Path(temporary)) for size in (small, large)}
    failures = []
    print(f"{'sida':<12}{small:>10} dok.{large:>10} dok.{'tillväxt':>10}{'storlek':>14}")
    for name in measured[small]:
        (small_time, _), (large_time, large_bytes) = measured[small][name], measured[large][name]
        growth = large_time / max(small_time, 1e-4)
        print(f"{name:<12}{small_time:>12.3f} s{large_time:>12.3f} s{growth:>9.1f}x{large_bytes / 1e6:>11.2f} MB")
        allowed = GROWTH_LIMIT * large / small / 10
        if growth > allowed:
            failures.append(f"{name}: {growth:.1f} gånger så lång tid för {large / small:.0f} gånger så många dokument")
    register_bytes = measured[large]["register"][1] / large
    print(f"registret: {register_bytes:.0f} byte per dokument")
    if register_bytes > REGISTER_BYTES_PER_DOCUMENT:
        failures.append(f"registret: {register_bytes:.0f} byte per dokument (gräns {REGISTER_BYTES_PER_DOCUMENT})")
    for failure in failures:
        print(f"FEL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
