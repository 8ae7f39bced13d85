"""Findings are data: every rule returns them, every output format only renders them."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem in one place. ``path`` is relative to the project, POSIX style;
    ``line`` is 1-based and points at the offending key, link or text."""

    path: str
    line: int
    rule: str
    severity: Severity
    message: str

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.rule, self.message)
