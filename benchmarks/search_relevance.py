#!/usr/bin/env python3
"""How often the handbook's search puts the right document first: success@1, success@3
and mean reciprocal rank over the judged queries (tests/publishing/search/judged_queries.yml).

The sample handbook is built with `mkdocs build` (QMS_TODAY=2026-11-22), and the site's
own search/engine.js runs in Node against the site's own index (benchmarks/search_node.js),
so what is measured is the code and the files a phone gets. Every query that does not
put a wanted document first is listed with what came instead.

Usage::

    python benchmarks/search_relevance.py            # build the sample, then measure
    python benchmarks/search_relevance.py --site DIR # measure an already built site
    python benchmarks/search_relevance.py --baseline main  # and a revision, side by side

With ``--baseline REV`` the same queries also run against the sample handbook as it
was at REV, built with that revision's code (``git archive``, nothing checked out),
so a change's effect is a ratio in one run.

Results are recorded in docs/teknik/prestanda.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parent.parent
JUDGED = REPOSITORY / "tests" / "publishing" / "search" / "judged_queries.yml"
NODE_RUNNER = Path(__file__).resolve().parent / "search_node.js"
TODAY = "2026-11-22"


@dataclass(frozen=True)
class Judged:
    query: str
    want: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Scores:
    success_at_1: float
    success_at_3: float
    mean_reciprocal_rank: float
    misses: list[tuple[Judged, list[str]]]
    """Queries whose first hit was not wanted, with the ids they got."""


def judged_queries(path: Path = JUDGED) -> list[Judged]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Judged(str(item["query"]), tuple(item["want"]), item.get("kind", "")) for item in data["queries"]]


def build_sample(site: Path, project: Path = REPOSITORY) -> None:
    """The sample handbook of ``project`` built with its own code, as it is published."""
    environment = {**os.environ, "QMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
                   cwd=project, env=environment, check=True, stderr=subprocess.DEVNULL)


def export_revision(revision: str, target: Path) -> Path:
    """The files of ``revision`` in ``target``, without touching any work tree."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", revision], cwd=REPOSITORY,
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def run_engine(search_dir: Path, queries: list[dict], shown: int = 10) -> list[dict]:
    """Each query ({"query": …, "withdrawn": bool, "snippet": bool}) through the site's
    engine.js in Node: the ids of the first ``shown`` hits, total, withdrawn, corrected,
    snippet and the bytes its files cost."""
    completed = subprocess.run(["node", str(NODE_RUNNER), str(search_dir), str(shown)],
                               input=json.dumps({"queries": queries}), capture_output=True,
                               text=True, check=True)
    return json.loads(completed.stdout)


def score(judged: list[Judged], answers: list[dict]) -> Scores:
    first = within_three = reciprocal = 0.0
    misses = []
    for item, answer in zip(judged, answers):
        ranks = [rank for rank, found in enumerate(answer["ids"], 1) if found in item.want]
        best = min(ranks) if ranks else None
        first += best == 1
        within_three += best is not None and best <= 3
        reciprocal += 1 / best if best else 0
        if best != 1:
            misses.append((item, answer["ids"][:5]))
    count = len(judged)
    return Scores(first / count, within_three / count, reciprocal / count, misses)


def measure(site: Path) -> Scores:
    judged = judged_queries()
    return score(judged, run_engine(site / "search", [{"query": item.query} for item in judged]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample handbook)")
    parser.add_argument("--baseline", metavar="REV", help="also measure the sample and search of this revision")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        site = args.site
        if site is None:
            site = Path(work) / "site"
            build_sample(site)
        scores = measure(site)
        baseline = None
        if args.baseline:
            project = export_revision(args.baseline, Path(work) / "baseline")
            build_sample(Path(work) / "baseline-site", project)
            baseline = measure(Path(work) / "baseline-site")
    count = len(judged_queries())
    print(f"{count} bedömda frågor" + (f"; baslinje {args.baseline}" if baseline else ""))
    for label, value in (("success@1", "success_at_1"), ("success@3", "success_at_3"),
                         ("MRR", "mean_reciprocal_rank")):
        line = f"{label:<10} {getattr(scores, value):.3f}"
        if baseline:
            before = getattr(baseline, value)
            line += f"   baslinje {before:.3f}   kvot {getattr(scores, value) / before:.2f}×" if before else \
                f"   baslinje {before:.3f}"
        print(line)
    for item, ids in scores.misses:
        print(f"  {item.query!r} ({item.kind}): vill ha {', '.join(item.want)}; fick {', '.join(ids) or 'inget'}")


if __name__ == "__main__":
    main()
