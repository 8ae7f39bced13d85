"""The "ej publicerade" page: documents a build held back because of errors, and why.

Readers never see a broken routine as if it were in force; the editor finds here, in
the site itself, which documents are missing and what to fix.
"""

from __future__ import annotations

from qms_tools.publishing.publication import Publication
from qms_tools.publishing.pages import GeneratedPage
from qms_tools.publishing.pages.common import text

SRC_URI = "ej-publicerade.md"
TITLE = "Ej publicerade dokument"


def render(publication: Publication) -> GeneratedPage | None:
    if not publication.rejected:
        return None
    settings = publication.handbook.settings
    lines = [f"# {TITLE}", "",
             "Dokumenten nedan har fel och finns därför inte med på webbplatsen. Rätta felen (kommandot "
             "`qms check` visar dem också), så publiceras dokumentet vid nästa bygge.", ""]
    for path, findings in sorted(publication.rejected.items()):
        document = publication.rejected_documents.get(path)
        heading = document.display_title if document else path
        identifier = f" ({text(document.id)})" if document and document.id else ""
        lines += [f"## {text(heading)}{identifier}", "", f"Fil: `{path}`", ""]
        lines += [f"- Rad {finding.line}: {text(finding.message)} <small>[{text(finding.rule)}]</small>"
                  for finding in sorted(findings, key=lambda finding: finding.sort_key)]
        if settings.repo_url:
            lines += ["", f"[Rätta i GitHub]({settings.repo_url.rstrip('/')}/edit/{settings.edit_branch}/{path})"]
        lines.append("")
    return GeneratedPage(SRC_URI, "\n".join(lines), TITLE)
