#!/usr/bin/env python3
"""Time and memory of `qms check` on hostile input: each case rejected in under 2 s and
under 300 MB, with its finding, while the valid documents beside it are still checked.

The ``md-*`` cases are Markdown bodies at the 2 MB file limit that are quadratic for a
scanner restarting at every candidate (and for Python-Markdown itself): repeated
headings (unique anchors), a line of backticks, runs of growing length, unclosed
links, nesting as deep as the size allows. Their finding is the ``link.broken`` of a
link at the very end, so the whole body was read. The CPU column is the check's own
processor time: on a shared machine the wall time also counts the waiting.

Every case is a fresh project (the role registry and two valid documents from
tests/fixtures/hostile, plus one hostile file) checked in a fresh Python process, so
that the peak memory (``ru_maxrss``) belongs to that case alone. The time is the wall
time of ``check_project``; the memory is the process's peak resident set, interpreter
and imports included (the "imports" column is the peak before the check).

Usage::

    python benchmarks/hostile_input.py                 # every case
    python benchmarks/hostile_input.py --case alias-bomb --case deep-nesting
    python benchmarks/hostile_input.py --markdown      # only the md-* cases

Exit status 1 when a case misses its finding or a limit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

REPOSITORY = Path(__file__).resolve().parent.parent
FIXTURE = REPOSITORY / "tests" / "fixtures" / "hostile"
VALID_DOCUMENTS = ("giltig.md", "rutin-åäö.md")
TODAY = dt.date(2026, 11, 22)
LIMIT_SECONDS = 2.0
LIMIT_MEGABYTES = 300
HEAD = "---\nid: RUT-OMR-099\ntype: rutin\nstatus: utkast\nowner: enhetschef\n"


def fifty_megabytes(folder: Path) -> str:
    line = "Den här raden upprepas tills filen är 50 MB. Å, ä och ö.\n".encode()
    with (folder / "stor.md").open("wb") as file:
        file.write((HEAD + "---\n# Stor\n").encode())
        file.write(line * (50 * 1024 * 1024 // len(line) + 1))
    return "stor.md"


def alias_bomb(folder: Path) -> str:
    """Billion laughs: nine levels of nine aliases, 9**9 strings if expanded."""
    text = HEAD + 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    names = "abcdefghij"
    for previous, name in zip(names, names[1:]):
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    (folder / "alias-bomb.md").write_text(text + "---\n# Bomb\n", encoding="utf-8")
    return "alias-bomb.md"


def nested_lists(depth: int, name: str) -> Callable[[Path], str]:
    """``laws: [[[…]]]``: 15,000 levels fit in the 32 kB front-matter limit, 900,000 in
    the 2 MB file limit."""
    def write(folder: Path) -> str:
        (folder / name).write_text(HEAD + "laws: " + "[" * depth + "]" * depth + "\n---\n# Djup\n", encoding="utf-8")
        return name
    return write


def deep_block_nesting(folder: Path) -> str:
    """15,000 nested block lists on one line (``- - - … a``): no brackets, no indentation."""
    (folder / "djup-block.md").write_text(HEAD + "laws:\n  " + "- " * 15_000 + "a\n---\n# Djup\n", encoding="utf-8")
    return "djup-block.md"


def deep_nesting_registry(folder: Path) -> str:
    """The role registry has no front-matter limits: 1,000,000 levels go to the YAML reader."""
    registry = folder.parent / "organisation.yml"
    depth = 1_000_000
    registry.write_text(registry.read_text(encoding="utf-8") + "extra: " + "[" * depth + "]" * depth + "\n",
                        encoding="utf-8")
    return "../organisation.yml"


def largest_document(folder: Path) -> str:
    """A 1.9 MB body (the file limit is 2 MB) of ordinary text with, every 50 lines, a
    personnummer, a script tag, a link and a heading: the content rules at full size."""
    block = ("Handläggaren dokumenterar samtalet samma dag och följer upp inom en vecka.\n" * 45
             + "Den enskilde, 19121212-1212, kontaktades.\n<script>alert(1)</script>\n"
             + "Se [rutinen](giltig.md#gör-så-här) och [lagen](https://example.invalid/sol).\n\n## Avsnitt\n")
    (folder / "storst.md").write_text(HEAD + "---\n# Största tillåtna dokument\n\n"
                                      + block * (1_900_000 // len(block.encode())), encoding="utf-8")
    return "storst.md"


def list_block(folder: Path) -> str:
    (folder / "lista.md").write_text(HEAD + "laws:\n" + "  - SoL\n" * 10_000 + "---\n# Lista\n", encoding="utf-8")
    return "lista.md"


def one_line_list(items: int, name: str) -> Callable[[Path], str]:
    """``laws: [x,x,…]``: 10,000 items, or as many as fit in the 2 MB file limit (950,000)."""
    def write(folder: Path) -> str:
        (folder / name).write_text(HEAD + "laws: [" + ",".join(["x"] * items) + "]\n---\n# Lista\n",
                                   encoding="utf-8")
        return name
    return write


def registry_million_values(folder: Path) -> str:
    """A one-line list of 1,000,000 values in the role registry (2 MB): before the value
    limit, building it took 5 s and 555 MB."""
    registry = folder.parent / "organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "extra: [" + ",".join(["x"] * 1_000_000) + "]\n",
                        encoding="utf-8")
    return "../organisation.yml"


def registry_fifty_megabytes(folder: Path) -> str:
    registry = folder.parent / "organisation.yml"
    base = registry.read_text(encoding="utf-8")
    role = "  - id: roll-{0}\n    title: Roll {0}\n    unit: enhet-ost\n    holder: null\n"
    with registry.open("w", encoding="utf-8") as file:
        file.write(base)
        number = 0
        while file.tell() < 50 * 1024 * 1024:
            file.write("".join(role.format(number + offset) for offset in range(1000)))
            number += 1000
    return "../organisation.yml"


def deep_markdown(kind: str) -> Callable[[Path], str]:
    """A body of 1.9 MB nested as deep as it goes: ``<div markdown>`` blocks (a
    RecursionError in the site build at about 500), ``>`` quotes on one line, or list
    items each indented one level further (690 levels fill the limit)."""
    bodies = {
        "div": lambda: "<div markdown=\"1\">\n" * 100_000 + "x\n",
        "quote": lambda: ">" * 1_900_000 + " x\n",
        "list": lambda: "".join("    " * level + "- x\n" for level in range(690)),
    }

    def write(folder: Path) -> str:
        name = f"djup-{kind}.md"
        (folder / name).write_text(HEAD + "---\n# Djup\n\n" + bodies[kind](), encoding="utf-8")
        return name
    return write


def markdown_case(name: str, body: Callable[[int], str]) -> Callable[[Path], str]:
    """A document whose body is Markdown that is costly to read for a scanner that
    restarts at each candidate, filled to just under the 2 MB file limit, and ending in
    a link to a missing file: its ``link.broken`` shows the scan reached the end."""
    def write(folder: Path) -> str:
        head = HEAD + "---\n# Markdown\n\n"
        tail = "\n\nSe [slutet](saknas.md).\n"
        (folder / name).write_text(head + body(2_000_000 - len(head) - len(tail) - 1_000) + tail, encoding="utf-8")
        return name
    return write


def repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit))


def growing_backtick_runs(size: int) -> str:
    """Runs of 1, 2, 3 … backticks on one line: no run closes another."""
    runs, total, length = [], 0, 1
    while total + length + 1 < size:
        runs.append("`" * length)
        total += length + 1
        length += 1
    return " ".join(runs)


def nested(opening: Callable[[int], str]) -> Callable[[int], str]:
    """Each line one level deeper (four more spaces), as deep as the size allows."""
    def body(size: int) -> str:
        lines, total, depth = [], 0, 0
        while total + len(opening(depth)) + 4 * depth + 1 < size:
            line = " " * (4 * depth) + opening(depth)
            lines.append(line)
            total += len(line) + 1
            depth += 1
        return "\n\n".join(lines)
    return body


CASES: dict[str, tuple[Callable[[Path], str], str]] = {
    "50mb-file": (fifty_megabytes, "file.too-large"),
    "alias-bomb": (alias_bomb, "yaml.alias"),
    "deep-nesting": (nested_lists(15_000, "djup.md"), "yaml.depth"),
    "deep-block-nesting": (deep_block_nesting, "yaml.depth"),
    "deep-nesting-2mb": (nested_lists(900_000, "djup-stor.md"), "frontmatter.too-long"),
    "largest-allowed-document": (largest_document, "content.personal-id"),
    "10000-item-list": (list_block, "frontmatter.too-long"),
    "10000-item-list-one-line": (one_line_list(10_000, "lista-rad.md"), "yaml.too-many-items"),
    "950000-item-list-one-line": (one_line_list(950_000, "lista-stor.md"), "frontmatter.too-long"),
    "deep-nesting-registry": (deep_nesting_registry, "yaml.depth"),
    "million-values-registry": (registry_million_values, "yaml.too-large"),
    "50mb-role-registry": (registry_fifty_megabytes, "yaml.too-large"),
    "deep-div-markdown-2mb": (deep_markdown("div"), "content.too-deep"),
    "deep-quote-2mb": (deep_markdown("quote"), "content.too-deep"),
    "deep-list-2mb": (deep_markdown("list"), "content.too-deep"),
    "md-repeated-headings": (markdown_case("rubriker.md", repeat("## Syfte\n\n")), "link.broken"),
    "md-repeated-headings-one-block": (markdown_case("rubriker-block.md", repeat("# Syfte\n")), "link.broken"),
    "md-numbered-headings": (markdown_case("rubriker-numrerade.md", repeat("## Syfte_1\n\n## Syfte\n\n")),
                             "link.broken"),
    "md-backtick-line": (markdown_case("backticks.md", repeat("`")), "link.broken"),
    "md-growing-backtick-runs": (markdown_case("backtick-serier.md", growing_backtick_runs), "link.broken"),
    "md-unclosed-links": (markdown_case("lankar.md", repeat('[x](" ')), "link.broken"),
    "md-nested-lists": (markdown_case("listor.md", nested(lambda depth: "- punkt")), "link.broken"),
    "md-nested-admonitions": (markdown_case("rutor.md", nested(lambda depth: "!!! note\n")), "link.broken"),
    "md-nested-quotes": (markdown_case("citat.md", repeat("> ")), "link.broken"),
    "md-unclosed-fences": (markdown_case("staket.md", repeat("````\n```\n")), "link.broken"),
}


def build(case: str, workspace: Path) -> tuple[Path, str]:
    project = workspace / case
    (project / "processes" / "omr").mkdir(parents=True)
    shutil.copy(FIXTURE / "qms.yml", project)
    shutil.copy(FIXTURE / "processes" / "organisation.yml", project / "processes")
    for name in VALID_DOCUMENTS:
        shutil.copy(FIXTURE / "processes" / "omr" / name, project / "processes" / "omr")
    writer, _ = CASES[case]
    hostile = writer(project / "processes" / "omr")
    return project, (Path("processes/omr") / hostile).as_posix().replace("omr/../", "")


def peak_megabytes() -> float:
    """This process's peak resident memory. Linux's VmHWM belongs to the process image;
    ``ru_maxrss`` would also count the parent's memory from before ``exec``."""
    try:
        status = Path("/proc/self/status").read_text()
        return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(project: Path) -> dict:
    """Runs in the child process: one check, its time and the process's peak memory."""
    import time

    from qms_tools.check.run import check_project

    before = peak_megabytes()
    start, cpu_start = time.perf_counter(), time.process_time()
    result = check_project(project, TODAY)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_mb": peak_megabytes(),
        "baseline_mb": before,
        "findings": [[finding.path, finding.line, finding.rule] for finding in result.findings],
        "documents": [document.path for document in result.handbook.documents],
    }


def run_case(case: str, workspace: Path) -> dict:
    project, hostile = build(case, workspace)
    size = sum(file.stat().st_size for file in project.rglob("*") if file.is_file())
    child = subprocess.run([sys.executable, __file__, "--measure", str(project)], capture_output=True, text=True,
                           check=True)
    report = json.loads(child.stdout)
    _, rule = CASES[case]
    valid = {f"processes/omr/{name}" for name in VALID_DOCUMENTS}
    # A broken role registry leaves every owner unknown: then the documents must still be
    # read and checked, but they rightly get findings.
    clean = not hostile.endswith("organisation.yml")
    report.update(case=case, project_mb=size / 1024 / 1024, hostile=hostile,
                  rejected=any(path == hostile and found_rule == rule for path, _, found_rule in report["findings"]),
                  others_checked=valid <= set(report["documents"])
                  and not (clean and any(path in valid for path, _, _ in report["findings"])))
    report["ok"] = (report["rejected"] and report["others_checked"] and report["seconds"] < LIMIT_SECONDS
                    and report["peak_mb"] < LIMIT_MEGABYTES)
    shutil.rmtree(project)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="run only this case (repeatable)")
    parser.add_argument("--markdown", action="store_true", help="run only the Markdown structure cases (md-*)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure)))
        return 0
    failed = False
    print(f"{'case':30} {'files MB':>8} {'seconds':>8} {'CPU s':>6} {'peak MB':>8} {'(imports)':>9}  finding")
    with tempfile.TemporaryDirectory(prefix="qms-hostile-") as workspace:
        chosen = arguments.case or [case for case in CASES if case.startswith("md-") or not arguments.markdown]
        for case in chosen:
            report = run_case(case, Path(workspace))
            failed |= not report["ok"]
            finding = next((f"{path}:{line} [{rule}]" for path, line, rule in report["findings"]
                            if path == report["hostile"] and rule == CASES[case][1]), "MISSING")
            print(f"{case:30} {report['project_mb']:8.1f} {report['seconds']:8.3f} {report['cpu_seconds']:6.2f} "
                  f"{report['peak_mb']:8.0f} "
                  f"{report['baseline_mb']:9.0f}  {finding}{'' if report['ok'] else '  FAILED'}")
    print(f"Limits: {LIMIT_SECONDS} s and {LIMIT_MEGABYTES} MB per case; valid documents still checked.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
