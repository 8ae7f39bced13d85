"""`qms check` as a plain function: load the project, run every rule, sort findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding, Severity
from .loader import load
from .model import Handbook
from .rules import run_rules


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


def check_project(start: Path, today: dt.date) -> CheckResult:
    loaded = load(start, today)
    findings = loaded.findings + run_rules(loaded.handbook)
    overrides = loaded.handbook.settings.severity
    if overrides:
        findings = [dataclasses.replace(finding, severity=Severity(overrides[finding.rule]))
                    if overrides.get(finding.rule) in ("error", "warning") else finding
                    for finding in findings]
    return CheckResult(loaded.handbook, sorted(set(findings), key=lambda finding: finding.sort_key))
