"""Fuzzing the reader and every rule: whatever a file contains, the checker returns
findings (with a file and a line inside the file) and never raises.

The budget is fixed (derandomised, no deadline) so that CI time stays small and a
failure found once is found again. A whole-project check costs most of its time in
reading settings and regulations, so each project example holds several fuzzed files.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import FIXTURES, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qms_tools.check.run import check_project
from qms_tools.check.rules.content import unsafe_html_spans
from qms_tools.handbook.source import read_source
from qms_tools.handbook.yaml_reader import read_yaml

FAST = settings(max_examples=200, deadline=None, derandomize=True)
PROJECTS = settings(max_examples=200, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Pieces that editors and attackers put in front-matter and Markdown.
YAML_PIECES = st.sampled_from([
    "id: ", "RUT-OMR-", "type: ", "rutin", "process", "status: ", "gällande", "utkast", "upphävd", "owner: ",
    "enhetschef", "review_date: ", "2026-02-30", "22/11/2026", "nästa år", "reviewed: ", "sosfs: ", "laws: ",
    "SoL", "activities:", "  - name: ", "    routines: ", "[", "]", "{", "}", ",", ":", "- ", "  ", "\t", "\n",
    "'", '"', "&a ", "*a", "!!binary ", "!!python/object ", "? ", "#", "---", "...", "%YAML 1.1", "|", ">",
    "å", "ä", "ö", "\ufeff", "\u2028", "\x00", "\x1b", "850612-9827", "0x1F", "1e999", "~", "null", "true",
])
BODY_PIECES = st.sampled_from([
    "# ", "## Rubrik", "\n", "\n\n", "text ", "[", "]", "(", ")", "](", "<", ">", "<script>", "</script>",
    "<img src=x onerror=alert(1)>", "javascript:", "&#106;", "data:", "{: onclick=x }", "`", "```", "~~~",
    "<div>", "</div>", "[a](#b)", "[a](../../x.md)", "[a](omr/giltig.md#x)", "\\", "850612-9827", "19121212+1212",
    "å", "ä", "ö", " ", "\t", "    ", "> ", "* ", "1. ", "|", "---",
])
front_matter_texts = st.lists(YAML_PIECES, max_size=40).map("".join)
bodies = st.lists(BODY_PIECES, max_size=40).map("".join)


@FAST
@given(st.text(max_size=400), st.integers(1, 50))
def test_yaml_reader_never_raises_and_lines_stay_in_the_text(text, first_line):
    located = read_yaml(text, first_line=first_line)
    last_line = first_line + text.count("\n")
    for problem in located.problems:
        assert first_line <= problem.line <= last_line, problem
        assert problem.message
    for line in located.lines.values():
        assert first_line <= line <= last_line


@FAST
@given(front_matter_texts)
def test_yaml_reader_on_front_matter_pieces(text):
    located = read_yaml(text, first_line=2)
    assert all(2 <= problem.line <= 2 + text.count("\n") for problem in located.problems)


@FAST
@given(st.binary(max_size=600))
def test_any_bytes_are_read_into_text_or_problems(tmp_path_factory, raw):
    file = tmp_path_factory.getbasetemp() / "fuzz.md"
    file.write_bytes(raw)
    source = read_source(file, "processes/fuzz.md")
    lines = raw.count(b"\n") + 1
    assert source.text or source.problems
    for problem in source.problems:
        assert 1 <= problem.line <= lines, problem
        assert problem.message


@FAST
@given(bodies)
def test_unsafe_spans_lie_within_the_text(body):
    spans = unsafe_html_spans(body)
    assert all(0 <= span.start < span.end <= len(body) for span in spans)


@pytest.fixture(scope="module")
def base_project(tmp_path_factory):
    project = tmp_path_factory.mktemp("fuzz") / "projekt"
    shutil.copytree(FIXTURES / "minimal", project)
    return project


def _check_with_files(project, contents: list[bytes]):
    folder = project / "processes" / "fuzz"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for number, raw in enumerate(contents):
        (folder / f"fil-{number}.md").write_bytes(raw)
    result = check_project(project, dt.date.fromisoformat(TODAY))
    lines = {f"processes/fuzz/fil-{number}.md": raw.count(b"\n") + 1 for number, raw in enumerate(contents)}
    for finding in result.findings:
        assert finding.message
        if finding.path in lines:
            assert 1 <= finding.line <= lines[finding.path], finding
    # Every fuzzed file is either a document or has an error: nothing vanishes silently.
    documents = {document.path for document in result.handbook.documents}
    assert set(lines) <= documents | result.rejected_paths
    return result


@PROJECTS
@given(st.lists(st.binary(max_size=400), min_size=1, max_size=3))
def test_any_bytes_as_documents_give_findings_not_exceptions(base_project, contents):
    _check_with_files(base_project, contents)


@PROJECTS
@given(st.lists(st.tuples(front_matter_texts, bodies), min_size=1, max_size=3))
def test_any_front_matter_and_body_give_findings_not_exceptions(base_project, documents):
    _check_with_files(base_project, [f"---\n{front}\n---\n{body}".encode() for front, body in documents])
