"""What a site build publishes: the documents its audience may read, without errors.

The audience (``handbook.audience.Audience``: the public site, the internal one, an
editors' preview) decides first: a document it may not read is *withheld* and nothing of it
reaches the site, not even on the "ej publicerade" page; the published handbook only
knows why (``Handbook.withheld``), so a link or routine pointing at it is shown as
"(internt dokument)" or "(utkast)". Then a document with an error finding is held back
rather than shown as if it were in force; the editor sees why on the "ej publicerade"
page and in the build log. Findings in files that are not documents (the role registry,
qms.yml) hold back nothing themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from qms_tools.check.run import CheckResult
from qms_tools.handbook.audience import Audience, for_audience, withheld_reason
from qms_tools.handbook.attachments import read_attachments
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.loader import MARKDOWN_SUFFIXES
from qms_tools.handbook.model import Document, Handbook
from qms_tools.publishing.safety import address_clashes


@dataclass
class Publication:
    handbook: Handbook
    """The handbook of published documents only: every page is generated from this."""
    findings: list[Finding]
    """Every finding of the check, published documents or not."""
    rejected: dict[str, list[Finding]] = field(default_factory=dict)
    """Project-relative path of each held-back document file -> its error findings."""
    rejected_documents: dict[str, Document] = field(default_factory=dict)
    """The held-back documents that could be read at all, by project-relative path."""
    refused_addresses: set[str] = field(default_factory=set)
    """Project-relative paths of the documents and attachments whose site address the
    site uses itself or shares with another file: never published."""
    audience: Audience = Audience.PUBLIC
    withheld_documents: dict[str, Document] = field(default_factory=dict)
    """The documents this audience may not read, by project-relative path: what the leak
    gate looks for in the built site."""
    withheld_attachments: set[str] = field(default_factory=set)
    """Content-folder paths of attachments only withheld documents link to: left out too."""


def publish(result: CheckResult, use_directory_urls: bool = True, taken: Mapping[str, str] | None = None,
            audience: Audience = Audience.PUBLIC) -> Publication:
    """What a build for ``audience`` publishes. ``taken``: the site addresses other
    sources already have (a site generator's hand-written pages, its theme's files) ->
    their names."""
    handbook = result.handbook
    withheld = {document.path: document for document in handbook.documents
                if withheld_reason(handbook, document, audience) is not None}
    # Which files are held back is the checker's decision (CheckResult.rejected_paths),
    # and this one: a document or attachment at an address the site writes itself.
    content_dir = handbook.settings.content_dir.strip("/")
    content = [document.content_path for document in handbook.documents]
    if handbook.settings.content_root.is_dir():
        content += attachments(handbook.settings.content_root)
    clashes = [Finding(f"{content_dir}/{source}", 1, "site.reserved-address", Severity.ERROR,
                       f"Filen publiceras inte. {reason}")
               for source, reason in address_clashes(content_dir, content, use_directory_urls, taken).items()]
    findings = sorted(result.findings + clashes, key=lambda finding: finding.sort_key)
    held_back_paths = result.rejected_paths | {finding.path for finding in clashes
                                               if finding.path.lower().endswith(MARKDOWN_SUFFIXES)}
    rejected: dict[str, list[Finding]] = {}
    for finding in result.errors + clashes:
        if finding.path in held_back_paths and finding.path not in withheld:
            rejected.setdefault(finding.path, []).append(finding)
    held_back = {document.path: document for document in handbook.documents if document.path in rejected}
    audience_handbook = for_audience(handbook, audience, held_back)
    published = audience_handbook.documents
    return Publication(audience_handbook, findings, rejected, held_back, {finding.path for finding in clashes},
                       audience, withheld, _only_linked_from(withheld.values(), published))


def _only_linked_from(withheld, published) -> set[str]:
    """Content paths that withheld documents link to and no published one does: an
    attachment there (a floor plan, a form with codes) belongs to those documents."""
    theirs = {link.target for document in withheld for link in document.internal_links if link.target}
    ours = {link.target for document in published for link in document.internal_links if link.target}
    return theirs - ours


def attachments(content_root: Path) -> list[str]:
    """Files of the content folder that documents may link to and the site publishes
    (PDF forms, images, office documents), relative to it. What the allowlist refuses
    (HTML, SVG, files with macros) is a finding of the check (``attachment.refused``)."""
    return [attachment.path for attachment in read_attachments(content_root) if attachment.refusal is None]
