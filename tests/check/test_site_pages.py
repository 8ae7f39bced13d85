"""The hand-written site pages (docs/) are checked like documents for personal numbers and
HTML that runs, by file and line; a page needs no front-matter."""

from __future__ import annotations

import datetime as dt

from conftest import TODAY, write

from qms_tools.check.run import check_project


def test_docs_pages_are_checked_for_numbers_and_active_html(project):
    root = project("minimal")
    write(root / "docs" / "guide" / "ren.md", "# Ren sida\n\nInget att anmärka på.\n")
    write(root / "docs" / "guide" / "farlig.md", "# Farlig sida\n\nKlienten 121212–1212.\n\n"
                                                  "<img src=x onerror=alert(1)>\n\n`<script>` i kod är text.\n")
    findings = [(finding.path, finding.line, finding.rule, finding.severity.value)
                for finding in check_project(root, dt.date.fromisoformat(TODAY)).findings
                if finding.path.startswith("docs/")]
    assert findings == [("docs/guide/farlig.md", 3, "content.personal-id", "error"),
                        ("docs/guide/farlig.md", 5, "content.unsafe-html", "error")]


def test_a_docs_folder_outside_the_settings_is_not_read(project):
    root = project("minimal")
    with (root / "qms.yml").open("a", encoding="utf-8") as settings:
        settings.write("docs_dir: sidor\n")
    write(root / "docs" / "farlig.md", "Klienten 121212–1212.\n")
    write(root / "sidor" / "farlig.md", "Klienten 121212–1212.\n")
    paths = {finding.path for finding in check_project(root, dt.date.fromisoformat(TODAY)).findings
             if finding.rule == "content.personal-id"}
    assert paths == {"sidor/farlig.md"}
