"""The history table under a document speaks Swedish whatever the commits say: each row
is the kind of change read from the two versions (ny, ändrad, granskad utan ändring,
upphävd) and, when the commit carries one, its ``Beskrivning:`` trailer. Real git
repositories; the sample handbook's built site for the English subjects it must not show."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess

from conftest import FIXTURES, REPOSITORY, TODAY, git

from qms_tools.check.run import check_project
from qms_tools.publishing.pages.document import DocumentView, PageAddress, render_footer

ROUTINE = "processes/omsorg/mottagning.md"


def _rows(html: str) -> list[str]:
    """The "Vad som ändrades" cell of each history row, without its link."""
    table = html[html.index('<section class="qms-history"'):]
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td>((?:(?!</?td>).)*)</td></tr>", table)]


def test_rows_name_the_kind_of_change_and_the_description_never_the_subject(tmp_path):
    project = tmp_path / "handbok"
    shutil.copytree(FIXTURES / "site_small", project)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Initial commit")
    routine = project / ROUTINE
    text = routine.read_text(encoding="utf-8")
    routine.write_text(text.replace("reviewed: 2026-04-01", "reviewed: 2026-11-01")
                       .replace("review_date: 2027-04-01", "review_date: 2027-11-01"), encoding="utf-8")
    git(project, "commit", "-q", "-am", "Bump review dates")
    routine.write_text(routine.read_text(encoding="utf-8") + "\n3. Ring tillbaka.\n", encoding="utf-8")
    # What GitHub's web editor writes, with the reader's words in a trailer.
    git(project, "commit", "-q", "-am", "Update mottagning.md", "-m", "Beskrivning: Nytt steg: ring tillbaka.")
    routine.write_text(routine.read_text(encoding="utf-8") + "\n4. Skriv in beställningen.\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "Fix typo")
    handbook = check_project(project, dt.date.fromisoformat(TODAY)).handbook
    document = handbook.by_id["RUT-OMS-001"]
    view = DocumentView(document, handbook, handbook.history, PageAddress(lambda target: None))
    rows = _rows(render_footer(view))
    assert rows == ["Ändrad", "Ändrad: Nytt steg: ring tillbaka.", "Granskad utan ändring", "Ny"]


def test_the_sample_sites_history_tables_show_no_commit_subject(sample_build):
    # Every subject the sample's content was ever committed with is a developer's, in English.
    subjects = {subject for subject in subprocess.run(
        ["git", "log", "--format=%s", "--", "processes"], cwd=REPOSITORY, capture_output=True, text=True,
        check=True).stdout.splitlines() if subject.strip()}
    assert subjects, "the sample handbook has no history to look at"
    kinds = re.compile(r"(Ny|Ändrad|Granskad utan ändring|Upphävd|Flyttad)(: .+)?")
    tables = 0
    for page in sorted(sample_build.site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        if '<section class="qms-history"' not in html:
            continue
        tables += 1
        for cell in _rows(html):
            assert kinds.fullmatch(cell), f"{page.relative_to(sample_build.site)}: {cell!r}"
            assert cell not in subjects
    assert tables > 50


def test_the_sample_sites_version_pages_and_feeds_show_no_commit_subject(sample_build):
    """The version lists, earlier versions, change views and Atom feeds name a change the
    way the history table does (``changes.what_changed``)."""
    subjects = {subject.strip() for subject in subprocess.run(
        ["git", "log", "--format=%s", "--", "processes"], cwd=REPOSITORY, capture_output=True, text=True,
        check=True).stdout.splitlines() if len(subject.strip()) >= 20}
    files = sorted((sample_build.site / "versioner").rglob("*.html")) + sorted(sample_build.site.rglob("*.xml"))
    version_pages = [page for page in files if page.suffix == ".html"]
    assert len(version_pages) > 20 and any(page.name.endswith(".xml") and "feed" in page.read_text(encoding="utf-8")
                                           for page in files)
    for page in files:
        text = html.unescape(page.read_text(encoding="utf-8"))
        shown = [subject for subject in subjects if subject in text]
        assert not shown, f"{page.relative_to(sample_build.site)}: {shown[:3]}"
