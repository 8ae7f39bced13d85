"""Suggestions from `qms fix`: committed together they give exactly `qms fix`'s text, on any
pair of texts (Hypothesis) and on the golden repair cases of tests/fixtures/fix."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings, strategies as st

from qms_tools.handbook.settings import load_settings
from qms_tools.lifecycle.browser_editing.fix_suggestions import suggestions
from qms_tools.lifecycle.fix import canonical_keys, fix_text

from conftest import FIXTURES, REPOSITORY

GOLDEN = FIXTURES / "fix"
CANONICAL_ORDER = canonical_keys(load_settings(REPOSITORY)[0])


def committed(before: str, found) -> str:
    lines = before.split("\n")
    ending = lines and lines[-1] == ""
    lines = lines[:-1] if ending else lines
    for suggestion in sorted(found, key=lambda suggestion: -suggestion.start):
        lines[suggestion.start - 1:suggestion.end] = list(suggestion.replacement)
    return "\n".join(lines) + ("\n" if ending else "")


line = st.sampled_from(["---", "id: RUT-A-001", "status: gällande", "", "# Rubrik", "text  ", "- punkt"])
texts = st.lists(line, max_size=12).map(lambda lines: "".join(item + "\n" for item in lines))


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_committing_every_suggestion_gives_the_repaired_text(before, after):
    assume(before and after)  # an empty file has no line a suggestion could stand on
    found = suggestions("a.md", before, after)
    assert committed(before, found) == after
    # Each suggestion replaces lines that exist, and no two touch the same line.
    taken = [number for suggestion in found for number in range(suggestion.start, suggestion.end + 1)]
    assert len(taken) == len(set(taken)) and all(1 <= number <= before.count("\n") for number in taken)


@pytest.mark.parametrize("case", sorted(path.name for path in GOLDEN.iterdir() if path.is_dir()))
def test_golden_repairs_as_suggestions(case):
    before = GOLDEN / case / "before.md"
    result = fix_text(before.read_bytes(), before.name, CANONICAL_ORDER)
    if not result.changed or not result.before.endswith("\n"):
        pytest.skip("nothing a line suggestion carries")
    assert committed(result.before, suggestions(before.name, result.before, result.after)) == result.after
