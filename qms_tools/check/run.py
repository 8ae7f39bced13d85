"""`qms check` as a plain function: load the project, run every rule, sort findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.loader import MARKDOWN_SUFFIXES, loading
from qms_tools.handbook.model import Document, Handbook
from qms_tools.check.rules import READ_HISTORY, RULES, codeowners as codeowners_rules, run_rules
from qms_tools.check.rules.content import mask_personal_ids

# Safety rules: personal data and active content must never be published, and a refused
# attachment never is, whatever qms.yml says about severities.
_FIXED_SEVERITY = {"content.personal-id", "content.unsafe-html", "attachment.refused", "content.control-character",
                   "content.too-deep"}


@dataclass
class CheckResult:
    handbook: Handbook
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity is Severity.WARNING]

    @property
    def rejected_paths(self) -> frozenset[str]:
        """Project-relative paths of the Markdown files in the content folder that must
        not be published: each has at least one error, or could not be read at all."""
        content_prefix = self.handbook.settings.content_dir.strip("/") + "/"
        return frozenset(finding.path for finding in self.errors if finding.path.startswith(content_prefix)
                         and finding.path.lower().endswith(MARKDOWN_SUFFIXES))

    @property
    def publishable_documents(self) -> list[Document]:
        rejected = self.rejected_paths
        return [document for document in self.handbook.documents if document.path not in rejected]


def check_project(start: Path, today: dt.date, changed: frozenset[str] | None = None) -> CheckResult:
    """``changed``: the project-relative paths a pull request changes, when the check runs
    for one; some findings block only a change that touches what they are about."""
    with loading(start, today) as pending:
        # The rules that do not read the history run while it is still being read (in a
        # child at the first check of a clone, where the rest of the check waited for it).
        findings = run_rules(pending.handbook, [rule for rule in RULES if rule not in READ_HISTORY])
        loaded = pending.finish()
        findings = loaded.findings + findings + run_rules(loaded.handbook, READ_HISTORY)
    if changed is not None:
        findings = codeowners_rules.for_change(findings, loaded.handbook, changed)
    overrides = loaded.handbook.settings.severity
    if overrides:
        findings = [dataclasses.replace(finding, severity=Severity(overrides[finding.rule]))
                    if overrides.get(finding.rule) in ("error", "warning") and finding.rule not in _FIXED_SEVERITY
                    else finding for finding in findings]
    # Any message may quote a value (a title, a link, a wrong date); none may repeat a
    # personnummer in full, since findings end up in CI logs.
    findings = [dataclasses.replace(finding, message=mask_personal_ids(finding.message))
                for finding in findings]
    return CheckResult(loaded.handbook, sorted(set(findings), key=lambda finding: finding.sort_key))
