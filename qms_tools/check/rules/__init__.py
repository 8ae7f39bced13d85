"""Rules: each family is a module of functions from a handbook to findings."""

from __future__ import annotations

from typing import Callable, Iterable

from qms_tools.handbook.findings import Finding
from qms_tools.handbook.model import Handbook
from qms_tools.check.rules import (
    attachments,
    audit,
    codeowners,
    content,
    history_privacy,
    identity,
    identity_history,
    laws,
    limits,
    links,
    ownership,
    processes,
    review,
    search,
    site_pages,
    status,
    text_values,
)

Rule = Callable[[Handbook], Iterable[Finding]]

READ_HISTORY: tuple[Rule, ...] = (*identity_history.RULES, *history_privacy.RULES)
"""The rules that read the Git history (``Handbook.history``); ``check_project`` runs
the others while the history is still being read."""

RULES: tuple[Rule, ...] = (
    *identity.RULES,
    *identity_history.RULES,
    *ownership.RULES,
    *status.RULES,
    *processes.RULES,
    *links.RULES,
    *audit.RULES,
    *review.RULES,
    *laws.RULES,
    *codeowners.RULES,
    *content.RULES,
    *history_privacy.RULES,
    *attachments.RULES,
    *search.RULES,
    *text_values.RULES,
    *limits.RULES,
    *site_pages.RULES,
)


def run_rules(handbook: Handbook, rules: Iterable[Rule] = RULES) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule(handbook))
    return findings
