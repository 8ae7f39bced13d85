"""A proposal issue ("Förslag på ny rutin") becomes a draft in a pull request.

The issue form's answers are read under the form's own labels (the form in
``.github/ISSUE_TEMPLATE/`` is the one source of them), the draft is made by the same
code as `qms new` on the branch ``forslag/<issue>``, and the pull request is assigned to
the proposer and to the owner role's holder, with the next steps as a comment. What the
form says is data: it reaches the document only through `qms new`'s id, file name and
YAML quoting.

A second run finds the branch's pull request and does nothing; a proposal that cannot
become a draft (no process, an unknown role, "vet inte" as type) gets one comment that
says what to change, and editing the issue runs the workflow again.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from qms_tools.handbook.loader import load
from qms_tools.handbook.settings import ProjectError
from qms_tools.handbook.vocabulary import DocumentType
from qms_tools.handbook.yaml_reader import read_yaml
from qms_tools.lifecycle.browser_editing import pull_requests
from qms_tools.lifecycle.browser_editing.pull_requests import Report, comment_once, marker
from qms_tools.lifecycle.new_document import create_document

FORM = ".github/ISSUE_TEMPLATE/forslag-ny-rutin.yml"
LABEL = "förslag på ny rutin"
NO_ANSWER = "_No response_"
_ID_LIKE = re.compile(r"\b[A-ZÅÄÖ]+(?:-[A-Z0-9ÅÄÖ]+)+\b")


def branch_name(issue: int) -> str:
    return f"forslag/{issue}"


def form_labels(root: Path) -> dict[str, str]:
    """Field id -> the label GitHub writes above its answer, from the issue form."""
    path = root / FORM
    try:
        located = read_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ProjectError(f"Formuläret {FORM} kunde inte läsas: {error.strerror}.") from None
    if located.problems or not isinstance(located.data, dict):
        problem = located.problems[0] if located.problems else None
        where = f":{problem.line}: {problem.message}" if problem else ": det är ingen YAML-tabell"
        raise ProjectError(f"{FORM}{where}")
    return {item["id"]: item["attributes"]["label"] for item in located.data.get("body") or []
            if isinstance(item, dict) and item.get("id") and isinstance(item.get("attributes"), dict)}


def form_answers(body: str, labels: dict[str, str]) -> dict[str, str]:
    """The answers of an issue made from the form: GitHub writes each as ``### label``,
    a blank line and the answer (``_No response_`` when left empty)."""
    by_label = {label: field for field, label in labels.items()}
    answers: dict[str, list[str]] = {}
    current = None
    for line in (body or "").replace("\r\n", "\n").split("\n"):
        heading = line[4:].strip() if line.startswith("### ") else None
        if heading in by_label:
            current = by_label[heading]
            answers[current] = []
        elif current:
            answers[current].append(line)
    result = {}
    for field, lines in answers.items():
        value = "\n".join(lines).strip()
        result[field] = "" if value == NO_ANSWER else value
    return result


def _process_id(handbook, answer: str) -> str | None:
    """The process an answer names: its id anywhere in the text, or its title."""
    if not answer:
        return None
    for candidate in _ID_LIKE.findall(answer):
        if candidate in handbook.by_id:
            return candidate
    folded = answer.casefold().strip()
    for document in handbook.documents:
        if document.is_process and document.display_title.casefold() == folded:
            return document.id
    found = _ID_LIKE.findall(answer)
    return found[0] if found else answer.split()[0]


def _owner_role(handbook, answer: str) -> str | None:
    if not answer:
        return None
    roles = handbook.organisation.roles
    word = answer.split()[0]
    if word in roles:
        return word
    folded = answer.casefold().strip()
    return next((role_id for role_id, role in roles.items() if role.title.casefold() == folded), word)


def _problem_comment(text: str) -> str:
    return (f"Förslaget kunde inte bli ett utkast än: {text}\n\n"
            "Ändra ärendet (**…** → **Edit**) och spara, så försöker arbetsflödet igen. "
            "Kvalitetsenheten hjälper till om du är osäker.")


def propose(root: Path, event: dict, today: dt.date, check_workflow: str) -> Report:
    """Turn the issue in ``event`` into a draft on its own branch and a pull request."""
    report = Report()
    issue = pull_requests.required(event, "issue")
    number, author = int(pull_requests.required(event, "issue", "number")), (issue.get("user") or {}).get("login", "")
    if LABEL not in [label.get("name") for label in issue.get("labels") or []]:
        report.say(f"Ärende #{number} är inget förslag på ny rutin; inget att göra.")
        return report
    if issue.get("state") == "closed":
        report.say(f"Förslaget #{number} är stängt; inget att göra.")
        return report
    if not pull_requests.can_write(author):
        comment_once("issue", number, marker("forslag", "utan-skrivbehorighet"),
                     "Tack för förslaget! Kvalitetsenheten tar ställning till det. (Ett utkast skapas automatiskt "
                     "bara för förslag från den som har skrivbehörighet till handboken.)")
        report.say(f"@{author} har inte skrivbehörighet: bara en kommentar.")
        return report
    branch = branch_name(number)
    existing = pull_requests.find_pull_request(branch, state="all")
    if existing:
        report.say(f"Förslaget har redan en pull request: {existing['url']}. Inget ändrades.")
        return report

    answers = form_answers(issue.get("body") or "", form_labels(root))
    handbook = load(root, today).handbook
    kind = answers.get("typ", "")
    try:
        if kind not in [member.value for member in DocumentType]:
            raise ProjectError(f"typen är \"{kind or 'tom'}\". Välj en av "
                               f"{', '.join(member.value for member in DocumentType)}.")
        process_id = _process_id(handbook, answers.get("process", ""))
        owner = _owner_role(handbook, answers.get("agare", ""))
        base = pull_requests.default_branch(root, event)
        pull_requests.start_branch(root, branch)
        created = create_document(root, today, DocumentType(kind), answers.get("titel", ""), process_id,
                                  None, owner)
    except ProjectError as error:
        text = str(error)
        if comment_once("issue", number, marker("forslag-fel", pull_requests.fingerprint(text)),
                        _problem_comment(text)):
            report.say(f"Kommenterade #{number}: {text}")
        else:
            report.say(f"Samma fel är redan kommenterat på #{number}: {text}")
        return report

    paths = [created.path, *([".github/CODEOWNERS"] if created.updated_codeowners else [])]
    pull_requests.commit(root, f"Nytt utkast {created.id}: {answers['titel'].strip()}\n\n"
                               f"Skapat från förslaget i #{number} av @{author}.", *paths)
    # No pull request exists for the branch (asked above): a branch left by an interrupted
    # run is replaced.
    pull_requests.push(root, branch, force=True)
    handbook = load(root, today).handbook
    document = handbook.by_id[created.id]
    owners = list(pull_requests.owner_handles(handbook, document.owner))
    role = handbook.organisation.roles[document.owner]
    title = f"{document.display_title} ({created.id}, nytt utkast)"
    body = (f"Nytt utkast från förslaget i #{number} av @{author}.\n\n"
            f"- Dokument: `{created.path}` ({created.id}, {created.type.label.lower()}, utkast)\n"
            f"- Ägare: {role.title} ({', '.join('@' + login for login in owners) or 'ingen innehavare'}) "
            "godkänner innan det slås ihop.\n\n"
            f"Förslaget stängs när utkastet slås ihop (closes #{number}).\n")
    pull, url, unassigned = pull_requests.create_pull_request(base, branch, title, body, [author, *owners])
    comment_once("pr", pull, marker("forslag-steg", str(number)), next_steps(created, document, role.title, owners))
    if unassigned:
        comment_once("pr", pull, marker("kan-inte-tilldelas", ",".join(unassigned)),
                     f"Kunde inte tilldelas {', '.join(unassigned)}: kontot saknar troligen åtkomst till "
                     "arkivet. Ge kontot åtkomst, eller rätta GitHub-användarnamnet i rollregistret.")
    comment_once("issue", number, marker("forslag-pr", str(pull)), f"Utkastet {created.id} finns i {url}.")
    pull_requests.start_check(check_workflow, branch)
    report.say(f"Skapade {created.path} ({created.id}) på grenen {branch} och {url}.")
    return report


def next_steps(created, document, role_title: str, owners: list[str]) -> str:
    approvers = ", ".join("@" + login for login in owners) or f"innehavaren av rollen {role_title}"
    lines = [f"Utkastet `{created.path}` är skapat. Så gör ni färdigt det, allt i webbläsaren:", "",
             f"1. Välj fliken **Files changed**, sedan **…** vid `{created.path}` och **Edit file**.",
             "2. Skriv texten under rubrikerna och ta bort de kursiva hjälptexterna. Skriv aldrig "
             "personnummer eller namn på brukare.",
             "3. Välj **Commit changes…** och sedan **Commit changes**. Kontrollen körs igen av sig själv."]
    step = 4
    if created.process is not None:
        lines.append(f"{step}. Öppna processen `{created.process.path}` på samma sätt och lägg till "
                     f"{created.id} under rätt aktivitet:")
        lines += ["", "    ```yaml", *("    " + line for line in created.hint.split("\n")[1:4]), "    ```", ""]
        step += 1
    lines.append(f"{step}. När dokumentet ska börja gälla: ändra `status: utkast` till `status: gällande` och "
                 "kontrollera `sosfs` och `laws`.")
    lines.append(f"{step + 1}. När kontrollen är grön godkänner {approvers} med **Review changes** → "
                 "**Approve**, och ändringen slås ihop med **Merge pull request**.")
    return "\n".join(lines)
