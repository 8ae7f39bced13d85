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


def as_github(documents: int, findings: list[Finding], annotated: frozenset[str] | None = None) -> str:
    """GitHub Actions workflow commands: one annotation per finding, on the files in
    ``annotated`` only when it is given (GitHub shows ten annotations of a kind per step,
    so findings in files the pull request does not touch would crowd out its own)."""
    lines = []
    for f in findings:
        if annotated is not None and f.path not in annotated:
            continue
        command = "error" if f.severity.value == "error" else "warning"
        lines.append(f"::{command} file={_escape_property(f.path)},line={f.line},"
                     f"title={_escape_property(f.rule)}::{_escape_data(f.message)}")
    lines.append(summary_line(documents, findings))
    return "\n".join(lines)


def as_markdown(documents: int, findings: list[Finding], heading: str) -> str:
    """Findings as a Markdown table, for a job summary."""
    lines = [f"## {heading}", "", summary_line(documents, findings), ""]
    if findings:
        lines += ["| Fil | Rad | Allvar | Regel | Meddelande |", "|---|---|---|---|---|"]
        lines += [f"| `{f.path}` | {f.line} | {SEVERITY_LABELS[f.severity.value]} | `{f.rule}` | "
                  f"{f.message.replace('|', '&#124;')} |" for f in findings]
    return "\n".join(lines) + "\n"


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
