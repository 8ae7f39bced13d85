"""Reminder issues as a plan: which GitHub issues to create, update, close or reopen.

The daily workflow lists the existing issues with ``gh issue list --json`` and applies
the actions this module prints with ``gh``; every decision is made here, so it is tested
without GitHub. Each issue carries a hidden marker (``<!-- qms:overdue:RUT-BOU-014 -->``,
``<!-- qms:role:enhetschef-missbruk -->``, ``<!-- qms:suspect:RUT-STOD-003 -->``) that ties it
to one document or role, so the plan is idempotent: once applied, planning again gives no
actions. A document reviewed before a change to an act it cites (``law.suspect``) gets an
issue of its own, or the change named in its overdue issue when it is overdue too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from qms_tools.handbook.contacts import Gap, Responsible, responsible_for, role_gaps, role_label
from qms_tools.handbook.model import Document, Handbook
from qms_tools.lifecycle.review_report import days_text, permanent_url
from qms_tools.handbook.settings import ProjectError
from qms_tools.handbook.vocabulary import Status

LABEL = "granskning"
"""Every issue the plan manages carries this label; the workflow lists issues by it."""
OVERDUE_LABEL = "försenad"
ROLE_LABEL = "roll-utan-innehavare"
SUSPECT_LABEL = "lagändring"
OVERDUE, ROLE, SUSPECT = "overdue", "role", "suspect"

_MARKER = re.compile(r"<!--\s*qms:(overdue|role|suspect):([^\s>]+)\s*-->")


def marker(kind: str, name: str) -> str:
    return f"<!-- qms:{kind}:{name} -->"


@dataclass(frozen=True)
class DesiredIssue:
    key: str
    title: str
    body: str
    labels: tuple[str, ...]
    assignees: tuple[str, ...]


@dataclass(frozen=True)
class ExistingIssue:
    number: int
    title: str
    body: str
    is_open: bool
    labels: tuple[str, ...]
    assignees: tuple[str, ...]

    @property
    def key(self) -> str | None:
        match = _MARKER.search(self.body)
        return f"{match.group(1)}:{match.group(2)}" if match else None


def _who(responsible: Responsible) -> list[str]:
    lines = [f"- Att kontakta: {responsible.contact_label}"]
    if responsible.gap is not None:
        lines.append(f"- Varför inte ägaren själv: {responsible.reason}. Kvalitetsenheten ansvarar tills rollen "
                     "har en innehavare.")
    return lines


def _law_changes(handbook: Handbook, document: Document) -> list[str]:
    suspicions = handbook.suspicions_of(document)
    if not suspicions:
        return []
    return ["", f"Lagändringar sedan granskningen {document.reviewed.isoformat()}:", "",
            *(f"- {suspicion.summary}." for suspicion in suspicions)]


def _overdue_issue(handbook: Handbook, document: Document) -> DesiredIssue:
    settings = handbook.settings
    responsible = responsible_for(handbook.organisation, document.owner, handbook.today, settings.quality_role)
    due = document.review.due.isoformat()
    url = permanent_url(settings, document)
    name = f"{document.id} {document.display_title}"
    lines = [f"Granskningen av **{name}** är försenad: den skulle ha gjorts senast {due}.",
             *_law_changes(handbook, document), "",
             f"- Dokument: [{name}]({url})" if url else f"- Dokument: {name}",
             f"- Fil: `{document.path}`",
             f"- Ägare: {role_label(responsible.role, document.owner)}",
             *_who(responsible), "",
             "Så här gör du:", "",
             "1. Läs dokumentet och kontrollera att det stämmer med hur arbetet görs i dag och med gällande "
             "lagar och föreskrifter.",
             "2. Behöver det ändras: föreslå ändringen i en pull request och flytta `review_date` i samma ändring.",
             "3. Stämmer det som det är: skriv `/granskad` som en kommentar i det här ärendet. Då skapas en pull "
             "request med granskningen, som ägaren godkänner (se redaktörsguiden, Registrera en granskning utan "
             f"ändringar). På en egen dator: `qms reviewed {document.id}`.", "",
             "Ärendet stängs automatiskt när granskningsdatumet har flyttats fram.", "",
             marker(OVERDUE, document.id)]
    return DesiredIssue(f"{OVERDUE}:{document.id}", f"Granskning försenad: {document.display_title} ({document.id})",
                        "\n".join(lines), (LABEL, OVERDUE_LABEL), responsible.handles)


def _suspect_issue(handbook: Handbook, document: Document) -> DesiredIssue:
    settings = handbook.settings
    responsible = responsible_for(handbook.organisation, document.owner, handbook.today, settings.quality_role)
    url = permanent_url(settings, document)
    name = f"{document.id} {document.display_title}"
    lines = [f"**{name}** granskades senast {document.reviewed.isoformat()}, före en ändring i en lag som "
             "dokumentet hänvisar till.", *_law_changes(handbook, document)[1:], "",
             f"- Dokument: [{name}]({url})" if url else f"- Dokument: {name}",
             f"- Fil: `{document.path}`",
             f"- Ägare: {role_label(responsible.role, document.owner)}",
             *_who(responsible), "",
             "Så här gör du:", "",
             "1. Läs dokumentet mot lagen som den lyder nu.",
             "2. Behöver det ändras: föreslå ändringen i en pull request och sätt `reviewed` till dagens datum.",
             f"3. Stämmer det som det är: registrera granskningen med `qms reviewed {document.id}`.", "",
             "Ärendet stängs automatiskt när granskningen är registrerad.", "",
             marker(SUSPECT, document.id)]
    return DesiredIssue(f"{SUSPECT}:{document.id}", f"Lagändring: granska {document.display_title} ({document.id})",
                        "\n".join(lines), (LABEL, SUSPECT_LABEL), responsible.handles)


def _role_issue(handbook: Handbook, gap) -> DesiredIssue:
    settings = handbook.settings
    role = gap.role
    responsible = responsible_for(handbook.organisation, role.id, handbook.today, settings.quality_role)
    owned = sorted(handbook.owned_by(role.id), key=lambda document: document.id or document.path)
    lines = [f"**{gap.reason}.** Ingen i rollen kan godkänna eller granska dess dokument.", "",
             f"- Att kontakta: {responsible.contact_label}", "",
             f"Rollen äger {len(owned)} dokument:" if owned else "Rollen äger inga dokument.", ""]
    for document in owned:
        url = permanent_url(settings, document)
        name = f"{document.id or document.path} {document.display_title}"
        lines.append(f"- [{name}]({url})" if url else f"- {name}")
    if owned:
        lines.append("")
    lines += ["Så här gör du:", "",
              f"1. Ange den nya innehavaren (namn och GitHub-konto) för `{role.id}` i `{settings.organisation_file}`, "
              "eller flytta dokumenten till en annan roll.",
              "2. Öppna ändringen som en pull request. `.github/CODEOWNERS` uppdateras av sig själv i den, så att "
              "rätt person godkänner ändringar i dokumenten (på en egen dator: `qms codeowners`).", "",
              "Tills dess godkänner och granskar kvalitetsenheten rollens dokument. Ärendet stängs automatiskt när "
              "rollen har en innehavare.", "",
              marker(ROLE, role.id)]
    title = ("Vakant roll: " if gap.gap is Gap.VACANT else "Innehavaren har slutat: ") + f"{role.title} ({role.id})"
    return DesiredIssue(f"{ROLE}:{role.id}", title, "\n".join(lines), (LABEL, ROLE_LABEL), responsible.handles)


def desired_issues(handbook: Handbook) -> dict[str, DesiredIssue]:
    desired: dict[str, DesiredIssue] = {}
    for document in sorted(handbook.by_id.values(), key=lambda document: document.id):
        if document.review.is_overdue:
            issue = _overdue_issue(handbook, document)
            desired[issue.key] = issue
        elif handbook.suspicions_of(document):
            issue = _suspect_issue(handbook, document)
            desired[issue.key] = issue
    for gap in role_gaps(handbook.organisation, handbook.today):
        issue = _role_issue(handbook, gap)
        desired[issue.key] = issue
    return desired


def _closing_comment(handbook: Handbook, key: str) -> str:
    kind, name = key.split(":", 1)
    if kind == SUSPECT:
        document = handbook.by_id.get(name)
        if document is None:
            return f"{name} finns inte längre i handboken. Ärendet stängs."
        if document.status is not Status.IN_FORCE:
            return f"{name} är inte gällande och ska inte granskas. Ärendet stängs."
        if document.review.is_overdue:
            return f"Granskningen av {name} är nu försenad och följs i det ärendet. Det här ärendet stängs."
        reviewed = document.reviewed.isoformat() if document.reviewed else "okänt datum"
        return f"{name} är granskad ({reviewed}) efter lagändringen. Ärendet stängs."
    if kind == OVERDUE:
        document = handbook.by_id.get(name)
        if document is None:
            return f"{name} finns inte längre i handboken. Ärendet stängs."
        if document.status is not Status.IN_FORCE:
            label = document.status.label.lower() if document.status else "inte gällande"
            return f"{name} är {label} och ska inte granskas. Ärendet stängs."
        if document.review.due is None:
            return f"{name} har inget granskningsdatum längre. Ärendet stängs."
        return (f"Granskningen av {name} är registrerad: nästa granskning senast {document.review.due.isoformat()} "
                f"({days_text(document.review.days_left)}). Ärendet stängs.")
    role = handbook.organisation.roles.get(name)
    if role is None:
        return f"Rollen '{name}' finns inte längre i rollregistret. Ärendet stängs."
    holder = role.holder.name if role.holder else ""
    return f"{role_label(role, None)} har nu en innehavare: {holder}. Ärendet stängs."


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


def _folded(values) -> dict[str, str]:
    # GitHub compares logins and label names without regard to case.
    return {value.casefold(): value for value in values}


def _changes(existing: ExistingIssue, desired: DesiredIssue) -> dict:
    have_labels, have_assignees = _folded(existing.labels), _folded(existing.assignees)
    want_assignees = _folded(desired.assignees)
    changes = {
        "add_labels": [label for key, label in _folded(desired.labels).items() if key not in have_labels],
        "add_assignees": [login for key, login in want_assignees.items() if key not in have_assignees],
        "remove_assignees": [login for key, login in have_assignees.items() if key not in want_assignees],
    }
    changed = (existing.title != desired.title or _normalise(existing.body) != _normalise(desired.body)
               or any(changes.values()))
    return changes if changed else {}


def _action(kind: str, desired: DesiredIssue, number: int | None = None, **extra) -> dict:
    action: dict = {"action": kind}
    if number is not None:
        action["number"] = number
    action.update(key=desired.key, title=desired.title, body=desired.body, labels=list(desired.labels),
                  assignees=list(desired.assignees))
    action.update(extra)
    return action


def _close(issue: ExistingIssue, comment: str) -> dict:
    return {"action": "close", "number": issue.number, "key": issue.key, "title": issue.title, "body": issue.body,
            "labels": list(issue.labels), "assignees": list(issue.assignees), "comment": comment}


def plan(handbook: Handbook, existing: list[ExistingIssue]) -> list[dict]:
    """The actions that bring the issues in line with the handbook today."""
    by_key: dict[str, list[ExistingIssue]] = {}
    for issue in sorted(existing, key=lambda issue: (not issue.is_open, issue.number)):
        if issue.key:
            by_key.setdefault(issue.key, []).append(issue)
    actions: list[dict] = []
    desired = desired_issues(handbook)
    for key, want in desired.items():
        matches = by_key.get(key, [])
        if not matches:
            actions.append(_action("create", want))
            continue
        primary, duplicates = matches[0], matches[1:]
        changes = _changes(primary, want)
        if not primary.is_open:
            changes = changes or {"add_labels": [], "add_assignees": [], "remove_assignees": []}
            actions.append(_action("reopen", want, primary.number, **changes))
        elif changes:
            actions.append(_action("update", want, primary.number, **changes))
        actions.extend(_close(duplicate, f"Dubblett av #{primary.number}. Ärendet stängs.")
                       for duplicate in duplicates if duplicate.is_open)
    for key in sorted(set(by_key) - set(desired)):
        comment = _closing_comment(handbook, key)
        actions.extend(_close(issue, comment) for issue in by_key[key] if issue.is_open)
    return actions


def parse_issues(text: str, source: str) -> list[ExistingIssue]:
    """Issues as ``gh issue list --json number,title,body,state,labels,assignees`` prints them."""
    hint = ("Ange utdata från 'gh issue list --state all --label granskning --json "
            "number,title,body,state,labels,assignees'.")
    try:
        data = json.loads(text) if text.strip() else []
    except json.JSONDecodeError as error:
        raise ProjectError(f"{source}:{error.lineno}: kunde inte läsas som JSON ({error.msg}). {hint}") from None
    if not isinstance(data, list):
        raise ProjectError(f"{source}: ska vara en JSON-lista med ärenden. {hint}")
    issues = []
    for index, item in enumerate(data):
        where = f"{source}: ärende nummer {index + 1} i listan"
        if not isinstance(item, dict) or not isinstance(item.get("number"), int):
            raise ProjectError(f"{where} saknar 'number'. {hint}")
        state = str(item.get("state") or "OPEN").upper()
        if state not in ("OPEN", "CLOSED"):
            raise ProjectError(f"{where} (#{item['number']}) har okänt state '{item.get('state')}'. "
                               "Förväntat OPEN eller CLOSED.")
        issues.append(ExistingIssue(
            number=item["number"], title=str(item.get("title") or ""), body=str(item.get("body") or ""),
            is_open=state == "OPEN", labels=tuple(_names(item.get("labels"), "name")),
            assignees=tuple(_names(item.get("assignees"), "login"))))
    return issues


def _names(values, key: str) -> list[str]:
    """gh prints labels and assignees as objects; plain strings are accepted too."""
    names = []
    for value in values or []:
        if isinstance(value, dict) and value.get(key):
            names.append(str(value[key]))
        elif isinstance(value, str):
            names.append(value)
    return names
