"""The Markdown structures kept between runs are the structures markdown_scan reads, and a
missing, damaged or outdated file only costs a fresh read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from qms_tools.handbook import markdown_scan
from qms_tools.check.run import check_project
from qms_tools.handbook.kept_structures import CACHE_FILE, KeptStructures
from qms_tools.runtime import cache

REPOSITORY = Path(__file__).resolve().parents[2]

BODIES = [
    "# Titel\n\n## Ansvar\n\nSe [rutinen](../omr/rutin.md#syfte) och ![bild](bild.png).\n\n[ref]: annan.md\n",
    "Text med `kod` och <a id=\"eget\"></a>\n\n```\n## kod\n```\n\n    indragen\n",
    "> " * 60 + "djupt citat\n",
    "",
]


def test_a_kept_structure_is_the_structure_read(tmp_path):
    file = tmp_path / "markdown.json"
    first = KeptStructures(file)
    assert [first.scan(body) for body in BODIES] == [markdown_scan.scan(body) for body in BODIES]
    first.save()
    again = KeptStructures(file)
    assert [again.scan(body) for body in BODIES] == [markdown_scan.scan(body) for body in BODIES]
    assert again.new == 0


def test_every_sample_document_is_read_back_equal(tmp_path):
    bodies = [path.read_text(encoding="utf-8") for path in sorted((REPOSITORY / "processes").rglob("*.md"))]
    assert len(bodies) > 20
    file = tmp_path / "markdown.json"
    first = KeptStructures(file)
    for body in bodies:
        first.scan(body)
    first.save()
    kept = KeptStructures(file)
    assert [kept.scan(body) for body in bodies] == [markdown_scan.scan(body) for body in bodies]
    assert kept.new == 0


def test_only_the_last_runs_bodies_are_kept_and_a_changed_body_is_read_again(tmp_path):
    file = tmp_path / "markdown.json"
    first = KeptStructures(file)
    first.scan(BODIES[0])
    first.scan(BODIES[1])
    first.save()
    second = KeptStructures(file)
    changed = BODIES[0].replace("Ansvar", "Roller")
    assert second.scan(changed).headings[1][1] == "Roller"
    assert second.new == 1
    second.save()
    assert len(json.loads(file.read_text(encoding="utf-8"))["bodies"]) == 1


def test_a_damaged_or_outdated_file_is_read_afresh(tmp_path):
    file = tmp_path / "markdown.json"
    kept = KeptStructures(file)
    kept.scan(BODIES[0])
    kept.save()
    stored = json.loads(file.read_text(encoding="utf-8"))
    for key in stored["bodies"]:
        stored["bodies"][key] = [["inte", "en"], "struktur"]
    file.write_text(json.dumps(stored), encoding="utf-8")
    damaged = KeptStructures(file)
    assert damaged.scan(BODIES[0]) == markdown_scan.scan(BODIES[0]) and damaged.new == 1
    file.write_text("{", encoding="utf-8")
    assert KeptStructures(file).scan(BODIES[0]) == markdown_scan.scan(BODIES[0])
    damaged.save()
    assert KeptStructures(file).stored
    # Kept by another version of markdown_scan: nothing is used.
    cache.write(file, "markdown 0000000000000000", bodies=stored["bodies"])
    assert KeptStructures(file).stored == {}


def test_a_check_reads_the_kept_structures_and_finds_the_same(project):
    root = project("broken")
    today = dt.date(2026, 11, 22)
    first = check_project(root, today).findings
    assert (root / CACHE_FILE).is_file()
    assert KeptStructures(root / CACHE_FILE).stored
    assert check_project(root, today).findings == first
