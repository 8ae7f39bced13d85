"""`qms check --changed`: annotations only on the files a pull request changes, the rest in
the job summary, and the exit code still set by every error."""

from __future__ import annotations

import re

from conftest import TODAY

ANNOTATION = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),title=([^:]+)::", re.MULTILINE)


def test_annotations_only_on_changed_files_the_rest_in_the_summary(project, qms, tmp_path):
    root = project("review-lifecycle")
    # An error in a file the change does not touch: not annotated, but it still fails the check.
    other = root / "processes/omr/snart.md"
    other.write_text(other.read_text(encoding="utf-8").replace("owner: enhetschef-a", "owner: okand-roll"),
                     encoding="utf-8")
    everything = qms("check", str(root), "--today", TODAY, "--format", "json").json()["findings"]
    paths = sorted({finding["path"] for finding in everything})
    assert len(paths) >= 4  # the fixture has findings in several files
    changed = "processes/omr/checklista uppföljning.md"  # a space in the name, escaped nowhere
    unchanged = [path for path in paths if path != changed]
    assert changed in paths and "processes/omr/snart.md" in unchanged
    listing = tmp_path / "andrade-filer.txt"
    listing.write_text(f"{changed}\nREADME.md\n", encoding="utf-8")
    summary = tmp_path / "sammanfattning.md"
    summary.write_text("## Tidigare steg\n", encoding="utf-8")

    result = qms("check", str(root), "--today", TODAY, "--format", "github", "--changed", str(listing),
                 "--summary", str(summary))
    annotated = {match.group(2) for match in ANNOTATION.finditer(result.output)}
    assert annotated == {changed}
    assert result.exit_code == 1

    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Tidigare steg\n## Kontroll av handboken: filer som ändringen inte rör")
    assert all(f"`{path}`" in text for path in unchanged)
    assert f"`{changed}`" not in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == sum(1 for f in everything if f["path"] != changed)


def test_without_changed_every_finding_is_annotated(project, qms):
    root = project("review-lifecycle")
    everything = qms("check", str(root), "--today", TODAY, "--format", "json").json()["findings"]
    result = qms("check", str(root), "--today", TODAY, "--format", "github")
    assert len(ANNOTATION.findall(result.output)) == len(everything)


def test_an_unreadable_list_is_a_swedish_usage_error(project, qms, tmp_path):
    result = qms("check", str(project("minimal")), "--changed", str(tmp_path / "finns-inte.txt"))
    assert result.exit_code == 2 and "Fel: Ogiltigt värde för '--changed': kunde inte läsa" in result.stderr
