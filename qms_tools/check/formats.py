"""Output formats for findings. They only render; they never decide."""

from __future__ import annotations

import json

from qms_tools.handbook.findings import Finding
from qms_tools.handbook.vocabulary import SEVERITY_LABELS


def summary_line(documents: int, findings: list[Finding]) -> str:
    errors = sum(1 for finding in findings if finding.severity.value == "error")
    warnings = len(findings) - errors
    return f"{documents} dokument kontrollerade: {errors} fel, {warnings} varningar."


def as_text(documents: int, findings: list[Finding]) -> str:
    lines = [f"{f.path}:{f.line}: {SEVERITY_LABELS[f.severity.value]} [{f.rule}] {f.message}" for f in findings]
    lines.append(summary_line(documents, findings))
    return "\n".join(lines)


def as_json(documents: int, findings: list[Finding]) -> str:
    errors = sum(1 for finding in findings if finding.severity.value == "error")
    return json.dumps({
        "documents": documents,
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": [{"path": f.path, "line": f.line, "rule": f.rule, "severity": f.severity.value,
                      "message": f.message} for f in findings],
    }, ensure_ascii=False, indent=2)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def as_github(documents: int, findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: one annotation per finding on the changed file."""
    lines = []
    for f in findings:
        command = "error" if f.severity.value == "error" else "warning"
        lines.append(f"::{command} file={_escape_property(f.path)},line={f.line},"
                     f"title={_escape_property(f.rule)}::{_escape_data(f.message)}")
    lines.append(summary_line(documents, findings))
    return "\n".join(lines)


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
