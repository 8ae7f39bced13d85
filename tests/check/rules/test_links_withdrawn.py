"""Links to a withdrawn document (issue 19): `qms check` warns at the link's line and
names the replacement, and the published page marks the link "(upphävd)". The real
fixture handbook (tests/fixtures/site_small: RUT-OMS-000 is withdrawn, replaced by
RUT-OMS-001), checked by the checker and built by MkDocs with the qms plugin."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from conftest import FIXTURES, TODAY

from qms_tools.check.run import check_project

LINKING = "processes/omsorg/lakemedel.md"
ADDED = "\nSe även den [gamla mottagningsrutinen](gammal-mottagning.md#mottagning-på-papper) för hur det var.\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("withdrawn") / "handbok"
    shutil.copytree(FIXTURES / "site_small", root)
    with (root / LINKING).open("a", encoding="utf-8") as document:
        document.write(ADDED)
    return root


def test_check_warns_at_the_link_and_names_the_replacement(project):
    result = check_project(project, dt.date.fromisoformat(TODAY))
    (finding,) = [finding for finding in result.findings if finding.rule == "link.withdrawn"]
    lines = (project / LINKING).read_text(encoding="utf-8").splitlines()
    assert finding.path == LINKING and "gamla mottagningsrutinen" in lines[finding.line - 1]
    assert finding.severity.value == "warning"
    assert "'gammal-mottagning.md#mottagning-på-papper'" in finding.message and "(RUT-OMS-000), som är upphävt" in finding.message
    assert "Länka till 'Mottagning av beställning' (RUT-OMS-001), som ersätter det, i stället." in finding.message


def test_a_withdrawn_document_linking_to_another_is_history_not_a_finding(project, tmp_path):
    root = tmp_path / "handbok"
    shutil.copytree(project, root)
    old = root / "processes/omsorg/gammal-mottagning.md"
    old.write_text(old.read_text(encoding="utf-8") + "\n[Själv](gammal-mottagning.md)\n", encoding="utf-8")
    findings = [finding for finding in check_project(root, dt.date.fromisoformat(TODAY)).findings
                if finding.rule == "link.withdrawn"]
    assert [finding.path for finding in findings] == [LINKING]


def test_the_published_page_marks_the_link(project, tmp_path):
    from mkdocs_plugin.test_build import build_site

    built = build_site(project, tmp_path / "site", strict=False)
    assert not built.aborted
    html = (tmp_path / "site/omsorg/lakemedel/index.html").read_text(encoding="utf-8")
    link = re.search(r'<a href="../gammal-mottagning/#mottagning-på-papper">gamla mottagningsrutinen</a>'
                     r' <span class="qms-link-withdrawn">\(upphävd\)</span> för hur det var', html)
    assert link, "the link to the withdrawn routine is not marked"
    assert html.count("(upphävd)") == 1
    # A link to a document in force stays unmarked.
    current = (tmp_path / "site/omsorg/mottagning/index.html").read_text(encoding="utf-8")
    assert "qms-link-withdrawn" not in current
