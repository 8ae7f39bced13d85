"""What a site build publishes: the documents without errors.

A document with an error finding is held back rather than shown as if it were in force;
the editor sees why on the "ej publicerade" page and in the build log. Findings in
files that are not documents (the role registry, qms.yml) hold back nothing themselves.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from qms_tools.check.run import CheckResult
from qms_tools.handbook.findings import Finding
from qms_tools.handbook.model import Document, Handbook


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


def publish(result: CheckResult) -> Publication:
    handbook = result.handbook
    # Which files are held back is the checker's decision (CheckResult.rejected_paths);
    # this only groups their errors for the "ej publicerade" page.
    held_back_paths = result.rejected_paths
    rejected: dict[str, list[Finding]] = {}
    for finding in result.errors:
        if finding.path in held_back_paths:
            rejected.setdefault(finding.path, []).append(finding)
    published = [document for document in handbook.documents if document.path not in rejected]
    held_back = {document.path: document for document in handbook.documents if document.path in rejected}
    return Publication(dataclasses.replace(handbook, documents=published), result.findings, rejected, held_back)


ATTACHMENT_EXCLUDED = (".md", ".yml", ".yaml")


def attachments(content_root: Path) -> list[str]:
    """Files of the content folder that documents may link to (images, PDF forms),
    relative to it. Markdown is published as documents; YAML is configuration (the role
    registry) and never published. Symbolic links are not followed out of the folder."""
    found = []
    for directory, subdirectories, names in os.walk(content_root, followlinks=False):
        subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
        for name in sorted(names):
            file = Path(directory) / name
            if name.startswith(".") or name.lower().endswith(ATTACHMENT_EXCLUDED) or file.is_symlink():
                continue
            found.append(file.relative_to(content_root).as_posix())
    return found
