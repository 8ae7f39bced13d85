"""Law rules: a reference to a repealed act or provision, and documents made suspect by
a change to an act they cite.

The facts are data (``data/laws.yml`` and the project's ``law_files``); which documents
are suspect is a fact of the handbook (``Handbook.suspicions``) that the review report,
the reminder issues, the calendar and the pages read too. A repeal is an error once it
has taken effect (the act no longer says what the document claims), a warning before.
"""

from __future__ import annotations

from typing import Iterator

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.regulations import Law, LawReference, LawVocabulary
from qms_tools.handbook.vocabulary import Status

UNVERIFIED = " [uppgiften är inte verifierad]"


def _successor_text(acts: LawVocabulary, law: Law, reference: LawReference) -> str:
    """Where the cited provision's content went, when the data knows; with its source mark."""
    successor = law.successor_of(reference.provision)
    if successor is None:
        return ""
    target = acts.law(successor.law_id)
    label = target.cite(successor.new) if target else successor.law_id
    return f" Motsvarande bestämmelse: {label}{'' if successor.verified else UNVERIFIED}."


def repealed_references(handbook: Handbook) -> Iterator[Finding]:
    acts = handbook.acts
    for document in handbook.documents:
        if document.status is Status.WITHDRAWN:
            continue
        for reference in document.law_references:
            law = acts.law(reference.law_id)
            if law is None:
                continue
            finding = _repealed_act(handbook, document, law, reference) or \
                _repealed_provision(handbook, document, law, reference)
            if finding:
                yield finding


def _repealed_act(handbook: Handbook, document: Document, law: Law, reference: LawReference) -> Finding | None:
    if law.repealed is None:
        return None
    acts = handbook.acts
    successor = acts.law(law.successor) if law.successor else None
    in_effect = law.repealed <= handbook.today
    verb = "upphävdes" if in_effect else "upphävs"
    replaced = f" och ersattes av {successor.label}" if successor and in_effect else \
        (f" och ersätts av {successor.label}" if successor else "")
    mark = "" if law.verified else UNVERIFIED
    fix = (f" Skriv om hänvisningen till {successor.name}" + (" och granska dokumentet mot den nya lagen."
                                                             if in_effect else " före dess."))\
        if successor else " Ta bort hänvisningen eller ange den lag som gäller i stället."
    message = (f"'{reference.text}': {law.label} {verb} {law.repealed.isoformat()}{replaced}{mark}."
               f"{_successor_text(acts, law, reference)}{fix}")
    return Finding(document.path, reference.line, "law.repealed",
                   Severity.ERROR if in_effect else Severity.WARNING, message)


def _repealed_provision(handbook: Handbook, document: Document, law: Law,
                        reference: LawReference) -> Finding | None:
    if reference.provision is None:
        return None
    change = law.repealing_change(reference.provision)
    if change is None:
        return None
    in_effect = change.in_force <= handbook.today
    by = f" genom {change.number}" if change.number else ""
    mark = "" if change.verified else UNVERIFIED
    message = (f"'{reference.text}': {law.cite(reference.provision)} {'upphävdes' if in_effect else 'upphävs'} "
               f"{change.in_force.isoformat()}{by}{mark}.{_successor_text(handbook.acts, law, reference)} "
               f"Ta bort hänvisningen eller ange den bestämmelse som gäller i stället.")
    return Finding(document.path, reference.line, "law.repealed",
                   Severity.ERROR if in_effect else Severity.WARNING, message)


def suspect_documents(handbook: Handbook) -> Iterator[Finding]:
    for document in handbook.documents:
        for suspicion in handbook.suspicions_of(document):
            yield Finding(document.path, suspicion.reference.line, "law.suspect", Severity.WARNING,
                          f"Dokumentet granskades senast {document.reviewed.isoformat()}, men {suspicion.summary}. "
                          f"Granska det mot lagen som den lyder nu och ändra det, eller registrera granskningen "
                          f"med 'qms reviewed {document.id}'.")


RULES = (repealed_references, suspect_documents)
