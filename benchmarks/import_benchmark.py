#!/usr/bin/env python3
"""`qms import` at scale, and mammoth against pandoc on the same Word files.

Speed: N routines (``benchmarks/word_documents.routines``: metadata table, six sections,
nested numbered and bulleted lists, a table, a link; ten written with python-docx, the
rest copies with their number rewritten) are imported into a copy of the small fixture
handbook (a Git repository) by ``import_word``, the function behind `qms import`. The baseline in the same run is
mammoth alone turning the same files into HTML in one process: the ratio is what the
import adds (metadata, Markdown, ids, front-matter, writing, CODEOWNERS) net of using
both cores.

By default the files get a styles part of the size Word writes (some 4 kB here, 30–40 kB
in Word's own files); python-docx's template carries 350 kB of style definitions that
both converters parse for every file, so ``--python-docx-styles`` measures that too.

``--compare`` also converts the construct files of ``word_documents`` and the real files
in tests/lifecycle/importing/files/ with pandoc (pypandoc-binary's binary, one process
per file, two at a time) through the same Markdown step, checks the same expectations
for both converters, and times pandoc on the N routines.

Usage::

    pip install -e ".[benchmark]"   # python-docx, pypandoc-binary
    python benchmarks/import_benchmark.py --documents 1500 [--compare] [--python-docx-styles]

Not part of the test suite. Results are recorded in docs/teknik/prestanda.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from benchmarks import word_documents as word  # noqa: E402
from qms_tools.lifecycle.importing.docx_reader import WordDocument  # noqa: E402
from qms_tools.lifecycle.importing.word_import import IMPORTED, convert_file, import_word  # noqa: E402

TODAY = dt.date(2026, 11, 22)
REAL_FILES = REPOSITORY / "tests" / "lifecycle" / "importing" / "files"


def cpu_seconds() -> float:
    """User and system time of this process and of every child it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Benchmark", "-c", "user.email=benchmark@example.invalid",
                    "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True, capture_output=True)


def handbook(folder: Path) -> Path:
    root = folder / "handbok"
    shutil.copytree(REPOSITORY / "tests" / "fixtures" / "site_small", root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Första versionen")
    return root


def speed(count: int, slim: bool, compare: bool) -> None:
    import mammoth

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        files = word.routines(folder / "word", count, slim=slim)
        written = time.perf_counter() - started
        size = sum(file.stat().st_size for file in files) / len(files) / 1024
        print(f"{count} routines written with python-docx in {written:.1f} s ({size:.0f} kB each, "
              f"{'Word-sized' if slim else 'python-docx'} styles)")

        started, cpu = time.perf_counter(), cpu_seconds()
        for file in files:
            with open(file, "rb") as stream:
                mammoth.convert_to_html(stream)
        baseline, baseline_cpu = time.perf_counter() - started, cpu_seconds() - cpu

        root = handbook(folder)
        started, cpu = time.perf_counter(), cpu_seconds()
        run = import_word(root, TODAY, [folder / "word"], "omsorg", "enhetschef-hemtjanst")
        imported, imported_cpu = time.perf_counter() - started, cpu_seconds() - cpu
        assert run.count(IMPORTED) == count, [r.reason for r in run.reports if r.outcome != IMPORTED][:3]

        print(f"{'what':<46} {'wall s':>7} {'ratio':>6} {'CPU s':>7} {'ratio':>6}")
        rows = [("mammoth alone, one process (baseline)", baseline, baseline_cpu),
                ("qms import, all cores", imported, imported_cpu)]
        if compare:
            started, cpu = time.perf_counter(), cpu_seconds()
            pandoc_all(files, folder / "pandoc")
            rows.append(("pandoc to HTML, process per file, 2 at a time", time.perf_counter() - started,
                         cpu_seconds() - cpu))
        for name, wall, processor in rows:
            print(f"{name:<46} {wall:7.1f} {wall / baseline:6.2f} {processor:7.1f} {processor / baseline_cpu:6.2f}",
                  flush=True)


def pandoc_html(file: Path, media: Path) -> str:
    import pypandoc

    return subprocess.run([pypandoc.get_pandoc_path(), str(file), "-f", "docx", "-t", "html",
                           "--track-changes=accept", f"--extract-media={media}"], check=True, capture_output=True,
                          text=True).stdout


def pandoc_all(files: list[Path], media: Path) -> None:
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        list(pool.map(lambda pair: pandoc_html(pair[1], media / str(pair[0])), enumerate(files)))


# --- fidelity -------------------------------------------------------------------------------

def construct_files(folder: Path) -> dict[str, tuple[Path, list[str], list[str]]]:
    """Construct -> (file, texts the Markdown must hold, texts it must not hold)."""
    cases: dict[str, tuple[Path, list[str], list[str]]] = {}

    def case(name: str, must: list[str], must_not: list[str] = ()):
        def make(build):
            document = word.new_document()
            document.add_heading("Titel", 0)
            build(document)
            cases[name] = (word.save(document, folder / f"{name}.docx"), must, list(must_not))
        return make

    @case("rubriknivåer", ["## Syfte", "### Steg"])
    def _(document):
        document.add_heading("Syfte", 1)
        document.add_heading("Steg", 2)

    @case("fet och kursiv", ["**fet**", "*kursiv*"])
    def _(document):
        paragraph = document.add_paragraph("Text ")
        paragraph.add_run("fet").bold = True
        paragraph.add_run(" och ")
        paragraph.add_run("kursiv").italic = True

    @case("numrerad lista i nivåer", ["1. a\n    1. b\n        1. c\n1. d"])
    def _(document):
        word.add_list(document, [(0, "a"), (1, "b"), (2, "c"), (0, "d")], ordered=True)

    @case("punktlista i nivåer", ["- a\n    - b\n- c"])
    def _(document):
        word.add_list(document, [(0, "a"), (1, "b"), (0, "c")], ordered=False)

    @case("tabell", ["| Roll | Gör |\n| --- | --- |\n| Chef | Leder |"])
    def _(document):
        word.add_table(document, [["Roll", "Gör"], ["Chef", "Leder"]])

    @case("tabell med stycken i cell", ["<p>Ett</p><p>Två</p>"])
    def _(document):
        table = word.add_table(document, [["A", "Ett"]])
        table.cell(0, 1).add_paragraph("Två")

    @case("länk", ["[Socialstyrelsen](https://www.socialstyrelsen.se/)"])
    def _(document):
        word.add_hyperlink(document.add_paragraph("Se "), "Socialstyrelsen", "https://www.socialstyrelsen.se/")

    @case("fotnot", ["Text[^1]", "[^1]: Enligt SoL."])
    def _(document):
        word.add_footnote(document, document.add_paragraph("Text"), "Enligt SoL.")

    @case("bild", ["![Karta]("])
    def _(document):
        word.add_picture(document, "Karta")

    @case("spårade ändringar godkända", ["Besöket bokas"], ["oanmält"])
    def _(document):
        word.add_tracked_changes(document.add_paragraph("Besöket "), "bokas", " sker oanmält")

    @case("kommentarer borta", ["Samtalet dokumenteras"], ["Fråga chefen"])
    def _(document):
        word.add_comment(document, document.add_paragraph("Samtalet "), "dokumenteras", "Fråga chefen")

    @case("sidhuvud och sidfot borta", ["Brödtext"], ["Sidhuvudet", "Sidfoten"])
    def _(document):
        document.add_paragraph("Brödtext")
        word.set_header_and_footer(document, "Sidhuvudet", "Sidfoten")

    @case("textruta som text", ["Ring alltid"])
    def _(document):
        word.add_text_box(document.add_paragraph("Obs: "), "Ring alltid")

    return cases


REAL_EXPECTATIONS = {
    # Real file -> texts the Markdown must hold.
    "docx2python-created-in-pages-bulleted-lists.docx": ["1. Why did the chicken cross the road?\n    1. Just because"],
    "docx2python-merged_cells.docx": ['colspan="2"', 'rowspan="2"'],
    "mammoth-footnotes.docx": ["[^1]: A tachyon walks into a bar."],
    "mammoth-text-box.docx": ["Datum plane"],
    "mammoth-tables.docx": ["| Top left | Top right |"],
    "mammoth-tiny-picture.docx": ["!["],
    "docx2python-hyperlink.docx": ["[my website](http://www.shayallenhill.com/)"],
    "docx2python-paragraphs_and_tables.docx": ["| This | Document |"],
}


def fidelity() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        cases = construct_files(folder)
        cases.update({name: (REAL_FILES / name, must, []) for name, must in REAL_EXPECTATIONS.items()})
        totals = {"mammoth": 0, "pandoc": 0}
        print(f"{'construct or file':<52} {'mammoth':>8} {'pandoc':>8}")
        for name, (file, must, must_not) in cases.items():
            results = {}
            converted = convert_file(file, name)
            results["mammoth"] = getattr(converted, "body", "")
            with_pandoc = convert_file(file, name, reader=lambda path: WordDocument(
                html=pandoc_html(path, folder / "media" / path.stem), sha256=""))
            results["pandoc"] = getattr(with_pandoc, "body", "")
            marks = []
            for converter in ("mammoth", "pandoc"):
                text = results[converter]
                kept = all(expected in text for expected in must) and not any(gone in text for gone in must_not)
                totals[converter] += kept
                marks.append("ja" if kept else "NEJ")
            print(f"{name:<52} {marks[0]:>8} {marks[1]:>8}", flush=True)
        print(f"{'kept, of ' + str(len(cases)):<52} {totals['mammoth']:>8} {totals['pandoc']:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[1500])
    parser.add_argument("--compare", action="store_true", help="also pandoc: fidelity and speed")
    parser.add_argument("--python-docx-styles", action="store_true",
                        help="keep python-docx's 350 kB styles part in every generated file")
    arguments = parser.parse_args()
    machine = platform.processor() or platform.machine()
    print(f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}, {machine}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}")
    if arguments.compare:
        fidelity()
    for count in arguments.documents:
        speed(count, slim=not arguments.python_docx_styles, compare=arguments.compare)


if __name__ == "__main__":
    main()
