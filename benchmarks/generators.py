#!/usr/bin/env python3
"""Build times of the three site generators on the same handbook, in one run (issue 23):

    python benchmarks/generators.py --documents 1500 [--repeat N]

The handbook is the one ``run.py`` generates (cached in ``benchmarks/out/``), with the
repository's ``mkdocs.yml`` and hand-written pages (``docs/``). Measured:

- ``mkdocs build`` with the ``qms`` plugin (the baseline of the ratios);
- ``properdocs build``, the same plugin under ProperDocs;
- Zensical from the export: ``qms export DIR``, ``zensical build --clean`` in it and
  ``qms export DIR --finish``, each step timed and added up.

The rounds are interleaved (MkDocs, ProperDocs, Zensical, then again), so that a busy
moment of the shared machine falls on all three alike; each figure is the best of its
rounds. Wall time and CPU time (user + system of the command and everything it waited
for) as ``run.py`` measures them; on a shared machine compare the CPU times. Each built
site's HTML pages are counted, so a generator that left pages out cannot look fast.
Results are printed as a Markdown table for docs/teknik/prestanda.md and kept as JSON in
``benchmarks/out/generators-<time>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from benchmarks import run as scale  # noqa: E402

QMS = [sys.executable, "-c", "from qms_tools.cli import main; main()"]
GENERATORS = ("MkDocs", "ProperDocs", "Zensical")
ZENSICAL_STEPS = ("qms export", "zensical build", "qms export --finish")


def prepare(project: Path) -> None:
    """The repository's site configuration and hand-written pages beside the content."""
    shutil.copyfile(REPOSITORY / "mkdocs.yml", project / "mkdocs.yml")
    shutil.rmtree(project / "docs", ignore_errors=True)
    shutil.copytree(REPOSITORY / "docs", project / "docs")


def pages(site: Path) -> int:
    """HTML pages of the site, less the generator's own assets."""
    return sum(1 for path in site.rglob("*.html") if not path.relative_to(site).as_posix().startswith("assets/"))


def build(name: str, project: Path, work: Path, log: Path) -> tuple[scale.Run, dict[str, scale.Run], int]:
    """One build of ``name``: its total, its steps (Zensical), the pages it wrote."""
    if name in ("MkDocs", "ProperDocs"):
        site = work / f"site-{name.lower()}"
        shutil.rmtree(site, ignore_errors=True)
        measured = scale.run([sys.executable, "-m", name.lower(), "build", "-q", "-d", str(site)], project, log)
        return measured, {}, pages(site)
    export = work / "zensical"
    zensical = shutil.which("zensical")
    if zensical is None:
        raise SystemExit("zensical saknas: pip install -e '.[test]' (Python 3.11 eller senare)")
    steps = {
        ZENSICAL_STEPS[0]: scale.run([*QMS, "export", str(export)], project, log),
        ZENSICAL_STEPS[1]: scale.run([zensical, "build", "--clean"], export, log),
        ZENSICAL_STEPS[2]: scale.run([*QMS, "export", str(export), "--finish"], project, log),
    }
    total = scale.Run(sum(step.wall for step in steps.values()), sum(step.cpu for step in steps.values()),
                      max(step.peak_kb for step in steps.values()), 0)
    return total, steps, pages(export / "site")


def table(best: dict[str, scale.Run], steps: dict[str, scale.Run], counted: dict[str, int], documents: int) -> str:
    base = best["MkDocs"]
    lines = [f"| {documents} dokument | " + " | ".join(GENERATORS) + " |", "|---|" + "---:|" * len(GENERATORS)]

    def row(label: str, values: list[str]) -> None:
        lines.append("| " + " | ".join([label, *values]) + " |")

    row("vägg", [scale.seconds(best[name].wall) for name in GENERATORS])
    row("CPU", [scale.seconds(best[name].cpu) for name in GENERATORS])
    row("CPU mot MkDocs", [f"{best[name].cpu / base.cpu:.2f}×" for name in GENERATORS])
    row("vägg mot MkDocs", [f"{best[name].wall / base.wall:.2f}×" for name in GENERATORS])
    row("största minne", [f"{best[name].peak_kb / 1024:.0f} MB" for name in GENERATORS])
    row("HTML-sidor", [str(counted[name]) for name in GENERATORS])
    text = "\n".join(lines)
    parts = ", ".join(f"`{step}` {scale.seconds(run.wall)} vägg / {scale.seconds(run.cpu)} CPU"
                      for step, run in steps.items())
    return scale.decimal_comma(text + f"\n\nZensical i steg (bästa omgången): {parts}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1500, help="handbook size (default 1500)")
    parser.add_argument("--commits", type=int, default=5000, help="commits of Git history (default 5000)")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved rounds; the best is kept (default 1)")
    parser.add_argument("--out", type=Path, default=scale.OUT, help="folder for handbooks, sites, log and results")
    arguments = parser.parse_args(argv)
    out = arguments.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%dT%H%M")
    log = out / f"generators-{stamp}.log"
    print(f"log: {log}", flush=True)
    scale.run([sys.executable, "-m", "compileall", "-q", str(REPOSITORY / "qms_tools")], REPOSITORY, log)
    project = scale.handbook(arguments.documents, arguments.commits, log, out)
    prepare(project)
    work = out / f"generators-{arguments.documents}"
    work.mkdir(exist_ok=True)
    # A first build, not timed: the project's QR code and history caches (.cache/qms, which
    # all three read) are then as a CI runner restoring them has them, for all three alike.
    print("  MkDocs, first build (not timed)", flush=True)
    build("MkDocs", project, work, log)
    rounds: dict[str, list[tuple[scale.Run, dict[str, scale.Run]]]] = {name: [] for name in GENERATORS}
    counted: dict[str, int] = {}
    load_before = scale.load_average()
    for round_ in range(arguments.repeat):
        for name in GENERATORS:
            print(f"  {name} ({round_ + 1}/{arguments.repeat})", flush=True)
            total, steps, counted[name] = build(name, project, work, log)
            rounds[name].append((total, steps))
    load_after = scale.load_average()
    best = {name: scale.best([total for total, _ in runs]) for name, runs in rounds.items()}
    zensical_steps = min(rounds["Zensical"], key=lambda item: item[0].cpu)[1]
    text = table(best, zensical_steps, counted, arguments.documents)
    about = scale.machine("mkdocs, properdocs och zensical")
    print(f"\nUppmätt {dt.date.today().isoformat()} på {about}; belastning {load_before:.1f} före och "
          f"{load_after:.1f} efter.\n")
    print(text)
    (out / f"generators-{stamp}.json").write_text(json.dumps({
        "date": stamp, "machine": about, "load": [load_before, load_after], "table": text,
        "best": {name: asdict(run) for name, run in best.items()}, "pages": counted,
    }, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
