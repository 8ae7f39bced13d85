"""`qms pr-summary`: what a pull request changes in the handbook, in Swedish Markdown for
the job summary of the PR check.

The facts come from one ``git diff --name-status -M base...head`` and from the handbook
loaded at both ends (the merge base in a temporary ``git worktree``, the head from the
working tree unless a head revision is given): documents added, changed, withdrawn,
renamed and deleted; whose approval the change needs, as CODEOWNERS on the base branch
decides it; and the findings of `qms check` on the changed files, plus the findings the
change causes in files it did not touch (a deleted routine breaks its process).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator

from qms_tools.handbook import codeowners
from qms_tools.runtime import git
from qms_tools.check.run import CheckResult, check_project
from qms_tools.handbook.contacts import Responsible, responsible_for, role_label
from qms_tools.handbook.findings import Finding
from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.settings import ProjectError, load_settings
from qms_tools.handbook.vocabulary import SEVERITY_LABELS, Status


class ChangeKind(str, enum.Enum):
    ADDED = "added"
    CHANGED = "changed"
    WITHDRAWN = "withdrawn"
    RENAMED = "renamed"
    DELETED = "deleted"


HEADINGS = {
    ChangeKind.ADDED: "Nya dokument",
    ChangeKind.CHANGED: "Ändrade dokument",
    ChangeKind.WITHDRAWN: "Upphävda dokument",
    ChangeKind.RENAMED: "Flyttade eller omdöpta dokument",
    ChangeKind.DELETED: "Borttagna dokument",
}
COUNT_WORDS = {
    ChangeKind.ADDED: ("nytt", "nya"),
    ChangeKind.CHANGED: ("ändrat", "ändrade"),
    ChangeKind.WITHDRAWN: ("upphävt", "upphävda"),
    ChangeKind.RENAMED: ("flyttat", "flyttade"),
    ChangeKind.DELETED: ("borttaget", "borttagna"),
}


@dataclass
class DocumentChange:
    kind: ChangeKind
    path: str                     # project-relative path at the head (at the base when deleted)
    old_path: str | None = None   # for renames
    base: Document | None = None
    head: Document | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def document(self) -> Document:
        document = self.head or self.base
        assert document is not None
        return document


@dataclass
class Approval:
    """Who must approve, and what: one row per role whose holder answers."""

    responsible: Responsible
    subjects: list[str] = field(default_factory=list)
    stand_in_reasons: list[str] = field(default_factory=list)
    """Why this role answers for documents whose own owner cannot (vacant, departed …)."""


@dataclass
class PullRequestSummary:
    base_name: str
    changes: list[DocumentChange]
    other_files: list[str]
    approvals: list[Approval]
    unowned_files: list[str]
    findings: list[Finding]
    caused_elsewhere: list[Finding]
    documents_checked: int

    def of_kind(self, kind: ChangeKind) -> list[DocumentChange]:
        return [change for change in self.changes if change.kind is kind]


# A mass change (a folder renamed) must not bury the summary; GitHub also caps a job
# summary at 1 MiB. Lists longer than this end with "… och N till".
LISTED = 100
SUBJECTS_LISTED = 30


# --- Git -------------------------------------------------------------------------------


def _resolve(root: Path, revision: str) -> str:
    try:
        return git.run(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except git.GitError:
        raise ProjectError(f"Revisionen '{revision}' finns inte i git-förrådet. I GitHub Actions behöver "
                           f"actions/checkout 'fetch-depth: 0' för att basgrenen ska finnas.") from None


@dataclass(frozen=True)
class _NameStatus:
    status: str
    path: str
    old_path: str | None = None


def _name_status(root: Path, base: str, head: str | None, prefix: str) -> list[_NameStatus]:
    """``git diff --name-status -M base...head`` limited to the project, paths made project-relative."""
    revisions = f"{base}...{head}" if head else f"{base}...HEAD"
    raw = git.run(root, "diff", "--name-status", "-M", "-z", revisions, "--", prefix or ".").decode("utf-8", "replace")
    tokens = raw.split("\0")
    entries: list[_NameStatus] = []
    index = 0
    while index < len(tokens) and tokens[index]:
        status = tokens[index][0]
        if status in "RC":
            old, new = tokens[index + 1], tokens[index + 2]
            index += 3
            entries.append(_NameStatus(status, new[len(prefix):], old[len(prefix):]))
        else:
            entries.append(_NameStatus(status, tokens[index + 1][len(prefix):]))
            index += 2
    return entries


@contextlib.contextmanager
def _checked_out(root: Path, commit: str, prefix: str) -> Iterator[Path]:
    """The project as it is at ``commit``: a temporary worktree of the same repository, so
    that the checks that read the Git history see it as it was then."""
    with tempfile.TemporaryDirectory(prefix="qms-pr-") as folder:
        worktree = Path(folder) / "tree"
        git.run(root, "worktree", "add", "--detach", "--quiet", str(worktree), commit)
        try:
            yield worktree / prefix
        finally:
            with contextlib.suppress(git.GitError):
                git.run(root, "worktree", "remove", "--force", str(worktree))


def _check(project_root: Path, today: dt.date) -> CheckResult | None:
    try:
        return check_project(project_root, today)
    except ProjectError:
        return None  # no handbook at that revision yet: everything is new


# --- Facts ------------------------------------------------------------------------------


def _differences(base: Document, head: Document) -> list[str]:
    notes = []

    def shown(value) -> str:
        return "–" if value is None else str(getattr(value, "value", value))

    def changed(label: str, old, new) -> None:
        if old != new:
            notes.append(f"{label} {shown(old)} → {shown(new)}")

    if base.id != head.id:
        notes.append(f"id ändrat {base.id} → {head.id} (ett id ska aldrig ändras)")
    changed("titel", base.title, head.title)
    changed("typ", base.type, head.type)
    if head.status is not Status.WITHDRAWN:
        changed("status", base.status, head.status)
    changed("ägare", base.owner, head.owner)
    changed("granskad", base.reviewed, head.reviewed)
    if not head.is_withdrawn:
        changed("nästa granskning", base.review_date, head.review_date)
    if [(r.regulation, r.ref) for r in base.references] != [(r.regulation, r.ref) for r in head.references]:
        notes.append("hänvisningar till regelverk ändrade")
    if [(r.law_id, r.provision) for r in base.law_references] != [(r.law_id, r.provision) for r in head.law_references]:
        notes.append("lagar ändrade")
    if base.routine_ids != head.routine_ids or [a.name for a in base.activities] != [a.name for a in head.activities]:
        notes.append("aktiviteter ändrade")
    if base.body.strip() != head.body.strip():
        notes.append("texten ändrad")
    return notes


def _document_changes(entries: list[_NameStatus], content_dir: str, base: Handbook | None,
                      head: Handbook | None) -> tuple[list[DocumentChange], list[str]]:
    def at(handbook: Handbook | None, path: str) -> Document | None:
        if handbook is None:
            return None
        return next((document for document in handbook.documents if document.path == path), None)

    def is_document(path: str) -> bool:
        return path.endswith(".md") and PurePosixPath(path).is_relative_to(content_dir)

    changes: list[DocumentChange] = []
    others: list[str] = []
    for entry in entries:
        old_path = entry.old_path if entry.status == "R" else None
        if not is_document(entry.path) and not (old_path and is_document(old_path)):
            others.append(entry.path)
            continue
        if entry.status == "D":
            document = at(base, entry.path)
            if document:
                changes.append(DocumentChange(ChangeKind.DELETED, entry.path, base=document, notes=[
                    "ett dokument som inte längre gäller ska upphävas (status: upphävd), inte tas bort; id:t får "
                    "aldrig återanvändas"]))
            continue
        head_document = at(head, entry.path)
        base_document = at(base, old_path or entry.path) if entry.status in "MR" else None
        if head_document is None:
            others.append(entry.path)
            continue
        if base_document is None:
            changes.append(DocumentChange(ChangeKind.ADDED, entry.path, base=None, head=head_document))
            continue
        notes = _differences(base_document, head_document)
        if head_document.is_withdrawn and not base_document.is_withdrawn:
            kind = ChangeKind.WITHDRAWN
            notes.insert(0, f"ersätts av {head_document.replaced_by}" if head_document.replaced_by
                         else "ingen ersättare angiven")
            if old_path:
                notes.append(f"flyttat från {old_path}")
        elif old_path:
            kind = ChangeKind.RENAMED
            notes.append(f"adressen på webbplatsen ändras; den permanenta länken d/{head_document.id}/ fungerar "
                         f"som förut")
        else:
            kind = ChangeKind.CHANGED
        changes.append(DocumentChange(kind, entry.path, old_path, base_document, head_document, notes))
    order = list(ChangeKind)
    changes.sort(key=lambda change: (order.index(change.kind), change.document.id or "", change.path))
    return changes, sorted(others)


def _approvals(changes: list[DocumentChange], other_files: list[str], authority: Handbook | None,
               today: dt.date) -> tuple[list[Approval], list[str]]:
    """Whose approval the base branch's CODEOWNERS asks for: a document's owner at the
    base; the quality role for new documents and for the registry, settings and CODEOWNERS."""
    if authority is None:
        return [], list(other_files)
    settings = authority.settings
    organisation = authority.organisation
    by_role: dict[str | None, Approval] = {}

    def need(role_id: str | None, subject: str) -> None:
        responsible = responsible_for(organisation, role_id, today, settings.quality_role)
        key = responsible.acting_role.id if responsible.acting_role else None
        approval = by_role.setdefault(key, Approval(responsible))
        if responsible.gap is not None and responsible.reason and responsible.reason not in approval.stand_in_reasons:
            approval.stand_in_reasons.append(responsible.reason)
        approval.subjects.append(subject)

    for change in changes:
        document = change.document
        label = document.id or change.path
        if change.kind is ChangeKind.ADDED:
            need(settings.quality_role, f"{label} (nytt dokument)")
        else:
            base_owner = change.base.owner if change.base else None
            need(base_owner, label)
    quality_lines = codeowners.sections(authority)[-1].lines
    catch_all = f"{settings.content_dir.rstrip('/')}/"
    unowned = []
    for path in other_files:
        owned = any(path == line.path or (line.path.endswith("/") and path.startswith(line.path))
                    for line in quality_lines) or path.startswith(catch_all)
        if owned:
            need(settings.quality_role, path)
        else:
            unowned.append(path)
    approvals = sorted(by_role.values(), key=lambda approval: role_label(approval.responsible.acting_role, None))
    return approvals, unowned


def summarise(start: Path, base: str, head: str | None, today: dt.date) -> PullRequestSummary:
    settings, _ = load_settings(start)
    root = settings.root
    prefix = git.run(root, "rev-parse", "--show-prefix").decode().strip()
    head_commit = _resolve(root, head) if head else None
    merge_base = git.run(root, "merge-base", _resolve(root, base), head_commit or "HEAD").decode().strip()
    entries = _name_status(root, base, head_commit, prefix)
    with _checked_out(root, merge_base, prefix) as base_root:
        base_result = _check(base_root, today)
    if head_commit:
        with _checked_out(root, head_commit, prefix) as head_root:
            head_result = _check(head_root, today)
    else:
        head_result = check_project(root, today)
    if head_result is None:
        raise ProjectError(f"Handboken finns inte i {head}.")
    base_handbook = base_result.handbook if base_result else None
    changes, others = _document_changes(entries, settings.content_dir, base_handbook, head_result.handbook)
    approvals, unowned = _approvals(changes, others, base_handbook or head_result.handbook, today)

    # Findings about the files the pull request touches, deleted ones included (a deleted
    # document's id must still lead somewhere).
    touched = {change.path for change in changes} | {change.old_path for change in changes if change.old_path} \
        | set(others)
    findings = [finding for finding in head_result.findings if finding.path in touched]
    before = {(f.path, f.rule, f.message) for f in base_result.findings} if base_result else set()
    caused = [finding for finding in head_result.findings if finding.path not in touched
              and (finding.path, finding.rule, finding.message) not in before]
    return PullRequestSummary(base, changes, others, approvals, unowned, findings, caused,
                              len(head_result.handbook.documents))


# --- Markdown -----------------------------------------------------------------------------


def _md(text: str) -> str:
    """Plain text made safe inside Markdown (tables included)."""
    for character in "\\`*_[]<>|":
        text = text.replace(character, "\\" + character)
    return text


def _capped(lines: list[str], limit: int = LISTED) -> list[str]:
    if len(lines) <= limit:
        return lines
    return lines[:limit] + [f"- … och {len(lines) - limit} till."]


def _count_sentence(summary: PullRequestSummary) -> str:
    parts = []
    for kind in ChangeKind:
        count = len(summary.of_kind(kind))
        if count:
            singular, plural = COUNT_WORDS[kind]
            parts.append(f"{count} {singular if count == 1 else plural}")
    if not parts:
        return "Inga dokument i handboken ändras."
    listed = ", ".join(parts[:-1]) + (" och " if len(parts) > 1 else "") + parts[-1]
    return f"{listed} dokument."


def _finding_line(finding: Finding) -> str:
    return f"- `{finding.path}:{finding.line}` **{SEVERITY_LABELS[finding.severity.value]}** " \
           f"\\[{finding.rule}\\] {_md(finding.message)}"


def render_markdown(summary: PullRequestSummary) -> str:
    lines = ["## Ändringar i kvalitetshandboken", "",
             f"Jämfört med `{summary.base_name}`: {_count_sentence(summary)}"]
    added = summary.of_kind(ChangeKind.ADDED)
    if added:
        lines += ["", f"### {HEADINGS[ChangeKind.ADDED]}", "", "| Id | Titel | Typ | Status | Ägare | Fil |",
                  "|---|---|---|---|---|---|"]
        rows = [f"| {_md(change.document.id or '–')} | {_md(change.document.display_title)} | "
                f"{change.document.type.value if change.document.type else '–'} | "
                f"{change.document.status.value if change.document.status else '–'} | "
                f"{_md(change.document.owner or '–')} | `{change.path}` |" for change in added]
        lines += rows[:LISTED]
        if len(rows) > LISTED:
            lines += ["", f"… och {len(rows) - LISTED} till."]
    for kind in (ChangeKind.CHANGED, ChangeKind.WITHDRAWN, ChangeKind.RENAMED, ChangeKind.DELETED):
        items = summary.of_kind(kind)
        if not items:
            continue
        lines += ["", f"### {HEADINGS[kind]}", ""]
        entries = []
        for change in items:
            document = change.document
            where = f"`{change.old_path}` → `{change.path}`" if kind is ChangeKind.RENAMED else f"`{change.path}`"
            notes = "; ".join(change.notes) if change.notes else "bara formatering eller kommentarer"
            entries.append(f"- **{_md(document.id or '–')}** {_md(document.display_title)} ({where}): {_md(notes)}.")
        lines += _capped(entries)
    if summary.other_files:
        lines += ["", "### Andra ändrade filer", ""]
        lines += _capped([f"- `{path}`" for path in summary.other_files])

    lines += ["", "### Godkännande som behövs", ""]
    if summary.approvals:
        lines += ["| Roll | Godkänns av | Gäller |", "|---|---|---|"]
        gaps = []
        for approval in summary.approvals:
            responsible = approval.responsible
            acting = role_label(responsible.acting_role, None) if responsible.acting_role else "Ingen"
            subjects = approval.subjects[:SUBJECTS_LISTED]
            more = len(approval.subjects) - len(subjects)
            listed = ", ".join(subjects) + (f" och {more} till" if more > 0 else "")
            lines.append(f"| {_md(acting)} | {_md(responsible.contact_label)} | {_md(listed)} |")
            stand_in = f"{acting} godkänner tills vidare" if responsible.acting_role else "ingen kan godkänna"
            gaps += [f"- {_md(reason)}: {_md(stand_in)}." for reason in approval.stand_in_reasons]
        if gaps:
            lines += ["", *gaps]
        lines += ["", "Godkännandet krävs av CODEOWNERS på basgrenen. Nya dokument godkänns av kvalitetsrollen; "
                      "dokumentets ägare bör också granska."]
    else:
        lines.append("Ingen ändring som kräver godkännande av en dokumentägare.")
    if summary.unowned_files:
        shown = summary.unowned_files[:SUBJECTS_LISTED]
        more = len(summary.unowned_files) - len(shown)
        lines += ["", "Utan särskild godkännare (ingen rad i CODEOWNERS): " + ", ".join(f"`{path}`" for path in shown)
                  + (f" och {more} till" if more > 0 else "") + "."]

    errors = sum(1 for finding in summary.findings if finding.severity.value == "error")
    warnings = len(summary.findings) - errors
    lines += ["", "### Resultat av kontrollen", "",
              f"`qms check` på de ändrade filerna: {errors} fel, {warnings} "
              f"{'varning' if warnings == 1 else 'varningar'}."]
    if summary.findings:
        lines += ["", *_capped([_finding_line(finding) for finding in summary.findings])]
    if summary.caused_elsewhere:
        lines += ["", "Nya fynd i filer som pull requesten inte ändrar (orsakade av ändringen):", "",
                  *_capped([_finding_line(finding) for finding in summary.caused_elsewhere])]
    return "\n".join(lines) + "\n"
