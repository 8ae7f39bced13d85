"""benchmarks/run.py end to end at a tiny size: the one command the docs' table comes from
keeps working. Timings are not asserted (they are what the script reports); what is
asserted is that every figure was measured and the table and JSON agree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def test_run_measures_every_figure_and_prints_the_table(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--documents", "12", "--commits", "20", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr

    results = sorted(tmp_path.glob("results-*.json"))
    assert len(results) == 1
    saved = json.loads(results[0].read_text(encoding="utf-8"))
    [size] = saved["sizes"]
    assert size["documents"] == 12
    for run in ("check_cold", "check", "build_cold", "build_qms", "build_plain", "build_plain_search"):
        assert size[run]["cpu"] > 0, run
        assert size[run]["wall"] > 0, run
    # The check found the generated handbook's intentional findings but no crash (exit 0 or 1).
    assert size["check"]["returncode"] in (0, 1)
    assert size["history"]["commits"] == 21  # 20 commits plus the generator's first one
    assert size["routine_count"] > 0 and 0 < size["routine_median"] <= size["routine_max"]
    # Both servers served the edited page: the edit reached the browser's copy.
    for serve in ("serve", "serve_dirty"):
        assert size[serve]["rebuild"] > 0 and size[serve]["first_build"] > 0, serve
    # The plugin's own phases exist in the qms build only.
    assert size["build_qms"]["phases"]["plugins"] > size["build_plain"]["phases"]["plugins"]

    for label in ("`qms check` utan cache (ny klon), väggtid", "kvot qms / ren, CPU-tid",
                  "`mkdocs serve --dirty`: från sparad ändring till ny sida, väggtid", "rutinsidans HTML, median"):
        assert label in done.stdout, label
    assert saved["table"] in done.stdout

    # The edited routine was restored after the serve measurements.
    handbook = next(tmp_path.glob("handbook-12-20-*"))
    assert subprocess.run(["git", "-C", str(handbook), "status", "--porcelain", "--", "processes"],
                          capture_output=True, text=True, check=True).stdout == ""

    reprinted = subprocess.run([sys.executable, str(SCRIPT), "--from-json", str(results[0])],
                               capture_output=True, text=True, timeout=60)
    assert reprinted.returncode == 0, reprinted.stderr
    assert saved["table"] in reprinted.stdout
