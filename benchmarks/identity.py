#!/usr/bin/env python3
"""Every version in a handbook's Git history read by ``source.read_identity`` with its
parser-free path and without it (``plain_path=False``, the YAML parser alone): the answers must agree, and the time of each is printed.

    python benchmarks/identity.py HANDBOOK

HANDBOOK is a Git repository made by ``generate_handbook.py``. Each Markdown blob that
``git log`` names under ``processes`` is read with and without the title, CPU time per
blob; a disagreement stops the script with the blob's name.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from qms_tools.handbook.source import MAX_FRONT_MATTER_ITEMS, read_identity
from qms_tools.handbook.yaml_reader import read_plain_mapping


def read_by_parser(data: bytes, title: bool) -> tuple[str, str | None] | None:
    """``read_identity`` with every front-matter read by the YAML parser."""
    return read_identity(data, title, plain_path=False)


def blobs(handbook: Path) -> list[bytes]:
    log = subprocess.run(["git", "log", "--raw", "--no-abbrev", "--format=", "--", "processes"], cwd=handbook,
                         capture_output=True, text=True, check=True).stdout
    names = list(dict.fromkeys(line.split()[3] for line in log.splitlines()
                               if line.startswith(":") and line.endswith(".md") and line.split()[3].strip("0")))
    out = subprocess.run(["git", "cat-file", "--batch"], cwd=handbook, input="\n".join(names).encode() + b"\n",
                         capture_output=True, check=True).stdout
    contents, offset = [], 0
    while offset < len(out):
        header_end = out.index(b"\n", offset)
        size = int(out[offset:header_end].split()[2])
        contents.append(out[header_end + 1:header_end + 1 + size])
        offset = header_end + 2 + size
    return contents


def main() -> None:
    contents = blobs(Path(sys.argv[1]))
    plain = sum(read_plain_mapping(data.decode("utf-8", "replace").split("\n---", 1)[0].removeprefix("---\n"),
                                   ("id", "title"), MAX_FRONT_MATTER_ITEMS) is not None for data in contents)
    print(f"{len(contents)} versions, {plain} with a plain front-matter")
    for title in (False, True):
        for data in contents:
            if read_identity(data, title) != read_by_parser(data, title):
                raise SystemExit(f"disagreement on {data[:200]!r}")
        for reader in (read_by_parser, read_identity):
            started = time.process_time()
            for data in contents:
                reader(data, title)
            seconds = time.process_time() - started
            print(f"{reader.__name__}, {'with' if title else 'without'} the title: "
                  f"{seconds / len(contents) * 1e6:.0f} µs a version, {seconds:.2f} s CPU")
    print("all agree")


if __name__ == "__main__":
    main()
