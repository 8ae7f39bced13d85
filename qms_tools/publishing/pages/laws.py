"""The law pages: for each act the handbook cites, its history (entry into force,
amendments, repeal and successor), the documents waiting for review because of a change
to it, and per provision the documents that cite it (each provision has its own address,
``lagar/<act>/#kap-11-p-1``).

Readers see only verified facts: a fact the data marks ``verified: false`` is for the
editors (``qms check``, ``qms review``), so it is left out here rather than shown with a
doubt a care worker cannot resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from qms_tools.handbook.model import Document, Handbook, Suspicion
from qms_tools.handbook.regulations import Law, LawReference, Provision
from qms_tools.handbook.vocabulary import Status
from qms_tools.publishing.pages import GeneratedPage
from qms_tools.publishing.pages.common import count, document_entry, id_key, join, link, muted, render, text

_PUBLIC_SOURCE = re.compile(r"https?://[^\s;,()]*[^\s;,().]")
"""Readers get the public addresses of a source; the notes around them are for editors."""
FOLDER = "lagar/"
INDEX_URI = f"{FOLDER}index.md"
TITLE = "Lagar"


def act_uri(law: Law) -> str:
    return f"{FOLDER}{law.slug}.md"


@dataclass
class CitedProvision:
    provision: Provision | None
    """None: the act as a whole."""
    citations: list[tuple[Document, LawReference]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.provision.label if self.provision else "Hela lagen"

    @property
    def anchor(self) -> str:
        return self.provision.anchor if self.provision else "hela-lagen"


@dataclass
class ActFacts:
    law: Law
    provisions: list[CitedProvision]
    waiting: list[Suspicion]

    @property
    def documents(self) -> int:
        return len({document.path for cited in self.provisions for document, _ in cited.citations})


def cited_acts(handbook: Handbook) -> list[ActFacts]:
    """Every act a published document cites, in the order of the law data."""
    acts = handbook.acts
    by_act: dict[str, dict[Provision | None, CitedProvision]] = {}
    for document in handbook.documents:
        for reference in document.law_references:
            provisions = by_act.setdefault(reference.law_id, {})
            cited = provisions.setdefault(reference.provision, CitedProvision(reference.provision))
            if all(other is not document for other, _ in cited.citations):
                cited.citations.append((document, reference))
    facts = []
    for law_id, law in acts.laws.items():
        if law_id not in by_act:
            continue
        provisions = sorted(by_act[law_id].values(),
                            key=lambda cited: (cited.provision is not None, _provision_key(cited.provision)))
        for cited in provisions:
            cited.citations.sort(key=lambda item: id_key(item[0].id or item[0].path))
        waiting = [suspicion for document in handbook.documents
                   for suspicion in handbook.suspicions_of(document, verified_only=True) if suspicion.law is law]
        facts.append(ActFacts(law, provisions, waiting))
    return facts


def _provision_key(provision: Provision | None) -> tuple:
    if provision is None:
        return (0, 0, "")
    number, _, letter = (provision.paragraph or "").partition(" ")
    return (provision.chapter or 0, int(number) if number.isdigit() else 0, letter)


def _change_row(law: Law, change) -> dict:
    if change.entry_into_force:
        what = f"{law.label} träder i kraft"
    else:
        what = f"Ändring genom {change.number}" if change.number else "Ändring"
    return {"date": change.in_force.isoformat(), "what": what,
            "touches": "" if change.entry_into_force else change.touched_label,
            "source": " ".join(_PUBLIC_SOURCE.findall(change.source))}


def page(facts: ActFacts, handbook: Handbook) -> GeneratedPage:
    law = facts.law
    uri = act_uri(law)
    acts = handbook.acts
    successor = acts.law(law.successor) if law.successor else None
    status = None
    if law.verified and law.repealed:
        status = join(text(f"Upphävd {law.repealed.isoformat()}" if law.repealed <= handbook.today
                           else f"Upphävs {law.repealed.isoformat()}"),
                      join(Markup("– ersatt av"), Markup(f"[{text(successor.label)}]({link(uri, act_uri(successor))})"))
                      if successor and _has_page(handbook, successor) else
                      (text(f"– ersatt av {successor.label}") if successor else Markup("")))
    changes = [_change_row(law, change) for change in reversed(law.changes) if change.verified and law.verified]
    provisions = []
    for cited in facts.provisions:
        mapping = law.successor_of(cited.provision) if law.repealed else None
        target = acts.law(mapping.law_id) if mapping and mapping.verified else None
        provisions.append({
            "label": cited.label, "anchor": cited.anchor,
            "successor": text(target.cite(mapping.new)) if target else None,
            "entries": [join(document_entry(uri, document, handbook), muted(document.id or ""))
                        for document, _ in cited.citations],
        })
    waiting = [join(document_entry(uri, suspicion.document, handbook),
                    muted(f"{suspicion.document.id}, granskad {suspicion.document.reviewed.isoformat()}"),
                    text(f"– {suspicion.summary}."))
               for suspicion in facts.waiting]
    markdown = render("law.md.j2", law=law, title=law.title, label=law.label if law.verified else law.id,
                      in_force=law.in_force.isoformat() if law.in_force and law.verified else None,
                      status=status, changes=changes, provisions=provisions, waiting=waiting,
                      documents=count(facts.documents, "dokument", "dokument"), index_link=link(uri, INDEX_URI))
    return GeneratedPage(uri, markdown, law.label if law.verified else law.id)


def _has_page(handbook: Handbook, law: Law) -> bool:
    return any(reference.law_id == law.id for document in handbook.documents for reference in document.law_references)


def index(facts: list[ActFacts], handbook: Handbook) -> GeneratedPage:
    rows = [{"link": Markup(f"[{text(act.law.label if act.law.verified else act.law.id)}]"
                            f"({link(INDEX_URI, act_uri(act.law))})"),
             "title": act.law.title, "documents": act.documents, "waiting": len(act.waiting),
             "repealed": bool(act.law.verified and act.law.is_repealed(handbook.today))}
            for act in facts]
    in_force = sum(1 for document in handbook.documents if document.status is Status.IN_FORCE)
    markdown = render("laws_index.md.j2", rows=rows, in_force=in_force)
    return GeneratedPage(INDEX_URI, markdown, TITLE)
