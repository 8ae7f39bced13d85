"""A document's page: the header block above its text and the blocks below it.

Plain Python and Jinja, no site generator: the caller says how this page addresses other
pages (``PageAddress``), so the same HTML serves MkDocs with or without directory URLs.
Every fact comes from the model (review state, owner, backlinks) or the Git history;
this module only chooses what to show and in which words.
"""

from __future__ import annotations

import functools
import re
import weakref
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote, urlencode

from markupsafe import Markup

from qms_tools.handbook.contact_details import ContactDetails
from qms_tools.handbook.contacts import Gap, responsible_for
from qms_tools.handbook.approvals import FLAG_TEXTS, MISSING_TEXT, Approval, read_ledger
from qms_tools.handbook.history import History
from qms_tools.handbook.model import Activity, Document, Handbook
from qms_tools.handbook.personal_ids import mask_personal_ids
from qms_tools.publishing import versions
from qms_tools.publishing.changes import CHANGED, change_kinds, what_changed
from qms_tools.publishing.posters import document_code_block
from qms_tools.handbook.regulations import LawVocabulary, Reference, load_laws
from qms_tools.publishing.static_site import render_block
from qms_tools.handbook.vocabulary import ReviewState, Status
from qms_tools.publishing.pages.common import area_uri, holder_state, role_title
from qms_tools.lifecycle.approvals import approver_words

HISTORY_ROWS = 10
"""Rows of change history shown on the page; the full log is one link away. Keeps a
routine page small however long its history grows."""
BACKLINKS_SHOWN = 25
"""Entries per backlink list before "och N till": a much-linked document stays light."""
ISSUE_TEMPLATE = "rapportera-fel.yml"
_STEPS = re.compile(r"gör så här|så här gör du", re.IGNORECASE)
"""The section of a routine that says what to do: the header links to it."""


@dataclass(frozen=True)
class PageAddress:
    """How the page being rendered reaches other pages and the outside world."""

    resolve: Callable[[str], str | None]
    """Site source path, optionally with ``#anchor`` (``regelverk/sosfs-2011-9.md#p-5-3``)
    -> href from this page, or None when that page is not published."""
    page_url: str | None = None
    """Absolute address of this page, for the error report and the printed copy."""
    print_url: str | None = None
    """Address printed on paper copies: the permanent link when the site has one."""


Owner = tuple[str, Markup, str | None]
"""Role title, holder (the name, or a flag when the role is vacant or its holder has left)
and the title of the role's unit."""
Link = tuple[str | None, str]
"""href from this page (None when that page is not published) and the target's title."""
Ask = tuple[str | None, str, str | None, ContactDetails | None]
"""Whom a reader asks about a document: why not its owner (None when the owner's holder
answers), the role's title, the holder's name and the role's mailbox and phone."""
Entry = tuple[str | None, str, str | None]
"""A link in the lists below the text, with the activities naming this document when
the target is a process using it (None in the other lists)."""


class _HandbookFacts:
    """What every document page of one handbook shows alike, worked out once for all of
    them: settings, the regulations in order, and each owner role (its holder's state is
    the same on every page the role owns)."""

    def __init__(self, handbook: Handbook):
        settings = handbook.settings
        self.due_soon_days = str(settings.review.due_soon_days)
        self.repo_url = settings.repo_url.rstrip("/") if settings.repo_url else None
        self.edit_branch = settings.edit_branch
        self.regulations = tuple((regulation.id, regulation.short_title)
                                 for regulation in handbook.regulations.regulations)
        self.law_titles = {law: entry.title for law, entry in _laws().laws.items()}
        self.contact = settings.contact
        self.feedback = settings.feedback
        self._owners: dict[str, Owner] = {}
        self._asks: dict[str | None, Ask | None] = {}
        self.ledger = read_ledger(settings.root)
        self._kinds: dict[tuple[str, str], str] | None = None
        self.role_titles = {role.id: role.title for role in handbook.organisation.roles.values()}

    def owner(self, handbook: Handbook, role_id: str) -> Owner:
        owner = self._owners.get(role_id)
        if owner is None:
            unit = handbook.organisation.unit_of(role_id)
            owner = self._owners[role_id] = (role_title(handbook, role_id),
                                             holder_state(handbook.organisation.roles.get(role_id), handbook),
                                             unit.title if unit else None)
        return owner

    def kind(self, handbook: Handbook, history: History, path: str, commit: str) -> str | None:
        """The kind of change (``publishing.changes``: ny, ändrad, granskad utan ändring,
        upphävd) that ``commit`` made to the document at ``path``, for the rows its page
        shows. Worked out for every document's shown rows at once: one ``git cat-file``
        stream instead of one per page."""
        if self._kinds is None:
            wanted = []
            for document in handbook.documents:
                versions = history.versions(document.path)[:HISTORY_ROWS + 1]
                wanted.extend((document.path, change.commit, blob, versions[index + 1][1] if index + 1 < len(versions)
                               else None) for index, (change, blob) in enumerate(versions[:HISTORY_ROWS]))
            kinds = change_kinds(handbook.settings.root, [(blob, previous) for _, _, blob, previous in wanted])
            self._kinds = {(path, commit): kind for (path, commit, _, _), kind in zip(wanted, kinds)}
        return self._kinds.get((path, commit))

    def ask(self, handbook: Handbook, role_id: str | None) -> Ask | None:
        """Whom readers ask about a document of ``role_id``: the holder, or, when the role
        is vacant, unknown or its holder has left, whoever ``qms review`` names instead
        (the quality role); None when nobody in the registry answers."""
        if role_id in self._asks:
            return self._asks[role_id]
        settings = handbook.settings
        responsible = responsible_for(handbook.organisation, role_id, handbook.today, settings.quality_role,
                                      needs_account=False)
        acting = responsible.acting_role
        ask = None
        if acting is not None and acting.holder is not None:
            reason = _ASK_REASONS.get(responsible.gap) if responsible.gap else None
            ask = (reason, acting.title, acting.holder.name, acting.contact)
        self._asks[role_id] = ask
        return ask


_ASK_REASONS = {
    Gap.NO_OWNER: "Dokumentet saknar ägare.",
    Gap.UNKNOWN: "Dokumentets ägarroll finns inte i rollregistret.",
    Gap.VACANT: "Dokumentets ägarroll är vakant.",
    Gap.DEPARTED: "Den som hade dokumentets ägarroll har slutat.",
}
"""Why a reader is sent to someone other than the owner, in the reader's words."""


_last_facts: list[tuple[weakref.ref[Handbook], _HandbookFacts]] = []
"""The facts of the handbook rendered last (a build renders the pages of one handbook),
held without keeping that handbook alive once a rebuild has replaced it."""


def _facts(handbook: Handbook) -> _HandbookFacts:
    if not _last_facts or _last_facts[0][0]() is not handbook:
        _last_facts[:] = [(weakref.ref(handbook), _HandbookFacts(handbook))]
    return _last_facts[0][1]


def _capped(items: list, limit: int) -> tuple[tuple, int]:
    """The first entries of a list, and how many more there are."""
    return tuple(items[:limit]), max(0, len(items) - limit)


class DocumentView:
    """The facts one document's page shows, as flat template values (plain strings and
    tuples): the templates print them without looking anything up."""

    def __init__(self, document: Document, handbook: Handbook, history: History, address: PageAddress):
        self.document = document
        self.handbook = handbook
        self.address = address
        self.history = history
        self.changes = history.changes(document.path)
        self.facts = _facts(handbook)

    def breadcrumb(self) -> tuple[Link, ...]:
        """Where the document sits: its area, the (first) process naming it and that
        process's activities naming it; links where there is a page to go to."""
        document = self.document
        trail: list[Link] = []
        area = self.handbook.organisation.areas.get(document.area or "")
        if area is not None:
            trail.append((self.address.resolve(area_uri(area.id)), area.title))
        uses = [(process, activity) for process, activity in
                self.handbook.processes_using.get(document.id or "", []) if process is not document]
        if uses:
            process = uses[0][0]
            trail.append(self._linked(process))
            names = [activity.name for used_by, activity in uses if used_by is process]
            trail.append((None, ", ".join(dict.fromkeys(names))))
        return tuple(trail)

    def withdrawn_hrefs(self) -> tuple[str, ...]:
        """Where the withdrawn documents this text links to are, from this page (a
        withdrawn document's own links are history and stay as they are)."""
        if self.document.is_withdrawn:
            return ()
        by_content_path = self.handbook.by_content_path
        hrefs = []
        for link in self.document.internal_links:
            target = by_content_path.get(link.target or "")
            if target is not None and target.is_withdrawn and target is not self.document:
                href = self.address.resolve(target.content_path)
                if href and href not in hrefs:
                    hrefs.append(href)
        return tuple(hrefs)

    def _linked(self, document: Document) -> Link:
        return self.address.resolve(document.content_path), document.display_title

    def header(self) -> dict[str, object]:
        document = self.document
        facts = self.facts
        status = document.status
        review_date = document.review_date.isoformat() if document.review_date else ""
        review_banners = status is Status.IN_FORCE and bool(review_date)
        state = document.review.state if review_banners else None
        replacement = None
        if status is Status.WITHDRAWN:
            target = self.handbook.by_id.get(document.replaced_by or "")
            if target is not None:
                replacement = (*self._linked(target), target.id)
        return {
            "document_id": document.id or "", "status": status.value if status else "",
            "review_date": review_date, "due_soon_days": facts.due_soon_days,
            "review_banners": review_banners, "overdue": state is ReviewState.OVERDUE,
            "due_soon": state is ReviewState.DUE_SOON, "draft": status is Status.DRAFT,
            "withdrawn": status is Status.WITHDRAWN, "replacement": replacement,
            "replaced_by": self.handbook.shown_id(document.replaced_by) if document.replaced_by else None,
            "type_label": document.type.label if document.type else "–",
            "status_label": status.label if status else "–",
            "reviewed": document.reviewed.isoformat() if document.reviewed else "–",
            "owner": facts.owner(self.handbook, document.owner) if document.owner else None,
            "regulations": self._regulations(),
            # Written out, not in a title attribute: a tap on a phone shows no tooltip.
            "laws": tuple((law, facts.law_titles.get(law)) for law in document.laws),
            "steps_anchor": next((heading.slug for heading in document.headings
                                  if heading.level == 2 and _STEPS.fullmatch(heading.text.strip())), None),
            "version_date": self._version_date(), "print_url": self.address.print_url,
            "ask_link": (facts.ask(self.handbook, document.owner) is not None or facts.contact is not None
                         or facts.feedback is not None),
            "approval": self._approval(),
        }

    def _approval(self) -> dict[str, object] | None:
        """Who approved the version shown (its last change), from the approvals ledger:
        "Fastställd av <roll> (<namn>), <datum>" linking to the pull request, the flags,
        or "uppgift saknas". A draft is approved by nobody yet: None."""
        if self.document.status not in (Status.IN_FORCE, Status.WITHDRAWN):
            return None
        approval = (self.facts.ledger.approval(self.changes[0].commit, self.document.owner) if self.changes
                    else Approval(known=False))
        titles = self.facts.role_titles
        return {"known": approval.known, "missing": MISSING_TEXT,
                "who": approver_words(approval, lambda role: titles.get(role, role)),
                "date": approval.date.isoformat() if approval.date else None,
                "url": approval.pull.url if approval.pull else None,
                "number": approval.pull.number if approval.pull else None,
                "flags": tuple(FLAG_TEXTS[flag] for flag in approval.flags)}

    def _regulations(self) -> tuple[tuple[str, tuple[tuple[str, str | None, str], ...]], ...]:
        """Per regulation, in the handbook's order: the references with their links to the
        coverage page."""
        if not self.document.references:
            return ()
        by_regulation: dict[str, list[Reference]] = {}
        for reference in self.document.references:
            by_regulation.setdefault(reference.regulation, []).append(reference)
        resolve = self.address.resolve
        return tuple((short_title, tuple(
            (", " if index else "", resolve(f"regelverk/{regulation}.md#{coverage_anchor(reference)}"), reference.label)
            for index, reference in enumerate(by_regulation[regulation])))
            for regulation, short_title in self.facts.regulations if regulation in by_regulation)

    def _version_date(self) -> str | None:
        """The date of the last change, or of the last review when there is no history."""
        if self.changes:
            return self.changes[0].date.date().isoformat()
        return self.document.reviewed.isoformat() if self.document.reviewed else None

    def footer(self) -> dict[str, object]:
        used_in, used_in_more = self._used_in()
        listed = {process.path for process, _ in used_in}
        # Each related document is named once: the documents this one links to are in its
        # own text already (a generated "links to" list repeated the author's list), and
        # a document linking here is left out when it is a process listed above, one this
        # text links to, or a routine of this process's map.
        lists = [(heading, links, more) for heading, (links, more) in (
            ("Används i", (tuple((*self._linked(process), ", ".join(names)) for process, names in used_in),
                           used_in_more)),
            ("Hänvisar hit", self._linked_from(listed | self._links_to()))) if links]
        history, _ = _capped(self.changes, HISTORY_ROWS)
        repo_url = self.facts.repo_url
        return {
            "lists": lists,
            # Git history cannot be rewritten by an editor: a number in an author name or
            # a description is masked here (and reported by `qms check`); a description that
            # names a document this site does not publish is not shown (publishing.withheld).
            "history": tuple((change.date.date().isoformat(), mask_personal_ids(change.author),
                              self._what_changed(change), *self._version_links(index, change))
                             for index, change in enumerate(history)),
            "versions_url": self.address.resolve(versions.index_uri(self.document.id))
            if self.document.id and len(self.changes) > 1 else None,
            "history_total": len(self.changes),
            "history_url": f"{repo_url}/commits/{self.facts.edit_branch}/{self.document.path}" if repo_url else None,
            "edit_url": f"{repo_url}/edit/{self.facts.edit_branch}/{self.document.path}" if repo_url else None,
            "report_url": self._report_url(),
            **self._ask(),
        }

    def _mail(self, address: str, subject: str, lead: str) -> str:
        """A ``mailto:`` link whose subject and body name the document, so the answer
        reaches the right routine without the reader copying anything."""
        document = self.document
        identifier = document.id or document.path
        version = self._version_date()
        lines = [f"Dokument: {identifier} – {document.display_title}"]
        if version:
            lines.append(f"Version: {version}")
        if self.address.page_url:
            lines.append(f"Sida: {self.address.page_url}")
        body = "\n".join([*lines, "", lead, ""])
        return mail_url(address, f"{subject} {identifier}: {document.display_title}"
                        + (f" (version {version})" if version else ""), body)

    def _reach(self, details: ContactDetails | None) -> dict[str, str | None]:
        """The mailbox (with a message naming this document) and phone of ``details``."""
        return reach(details, lambda email: self._mail(email, "Fråga om", "Min fråga:"))

    def _ask(self) -> dict[str, object]:
        """Whom to ask and where to report an error, without a GitHub account."""
        facts = self.facts
        ask = facts.ask(self.handbook, self.document.owner)
        asked = None
        if ask is not None:
            reason, title, name, details = ask
            asked = {"reason": reason, "title": title, "name": name, **self._reach(details)}
        contact = facts.contact
        handbook_contact = None
        # The handbook's contact, unless it is the very mailbox the reader was just given.
        if contact is not None and not (asked and contact.email and contact.email == asked["email"]):
            handbook_contact = {"name": contact.name or "Kvalitetsenheten", **self._reach(contact)}
        feedback = facts.feedback
        identifier = self.document.id or self.document.path
        if feedback is not None and feedback.form:
            separator = "&" if "?" in feedback.form else "?"
            reader_report = f"{feedback.form}{separator}{urlencode({feedback.parameter: identifier}, quote_via=quote)}"
        else:
            address = feedback.email if feedback is not None else contact.email if contact is not None else None
            reader_report = self._mail(address, "Fel i", "Det här är fel eller inaktuellt:") if address else None
        return {"ask": asked, "handbook_contact": handbook_contact, "reader_report_url": reader_report}

    def _what_changed(self, change) -> str:
        """A history row's "Vad som ändrades" (``changes.what_changed``)."""
        kind = self.facts.kind(self.handbook, self.history, self.document.path, change.commit) or CHANGED
        return what_changed(self.handbook, kind, change)

    def _version_links(self, index: int, change) -> tuple[str | None, str | None]:
        """The earlier version a history row names (None for the version shown here) and
        what its change changed (None for the first version)."""
        document_id = self.document.id
        if not document_id or len(self.changes) < 2:
            return None, None
        resolve = self.address.resolve
        version = resolve(versions.version_uri(document_id, change.commit)) if index else None
        diff = resolve(versions.diff_uri(document_id, change.commit)) if index + 1 < len(self.changes) else None
        return version, diff

    def _used_in(self) -> tuple[tuple[tuple[Document, list[str]], ...], int]:
        """The processes naming this document in an activity, with those activities."""
        by_process: dict[str, tuple[Document, list[str]]] = {}
        uses: list[tuple[Document, Activity]] = self.handbook.processes_using.get(self.document.id or "", [])
        for process, activity in uses:
            if process is self.document:
                continue
            names = by_process.setdefault(process.path, (process, []))[1]
            if activity.name not in names:
                names.append(activity.name)
        return _capped(list(by_process.values()), BACKLINKS_SHOWN)

    def _links_to(self) -> set[str]:
        """The paths of the documents this page names already: those its text links to
        and, on a process, the routines of its process map."""
        by_content_path, by_id = self.handbook.by_content_path, self.handbook.by_id
        linked = {target.path for link in self.document.internal_links
                  if (target := by_content_path.get(link.target or "")) is not None}
        return linked | {by_id[routine].path for routine in self.document.routine_ids if routine in by_id}

    def _linked_from(self, listed: set[str]) -> tuple[tuple[Entry, ...], int]:
        """Documents linking here, less those in ``listed`` (the processes using this one
        and the documents its text links to)."""
        sources = [source for source in self.handbook.linked_from.get(self.document.content_path, [])
                   if source.path not in listed]
        shown, more = _capped(sources, BACKLINKS_SHOWN)
        return tuple((*self._linked(source), None) for source in shown), more

    def _report_url(self) -> str | None:
        if not self.facts.repo_url:
            return None
        identifier = self.document.id or self.document.path
        fields = {"template": ISSUE_TEMPLATE, "dokument": identifier}
        if self.address.page_url:
            fields["sida"] = self.address.page_url
        fields["title"] = f"Fel i {identifier}: {self.document.display_title}"
        return f"{self.facts.repo_url}/issues/new?{urlencode(fields, quote_via=quote)}"


def mail_url(address: str, subject: str, body: str) -> str:
    """A ``mailto:`` link with its subject and body filled in."""
    fields = urlencode({"subject": subject, "body": body}, quote_via=quote)
    return f"mailto:{quote(address, safe='@.+-_')}?{fields}"


def reach(details: ContactDetails | None, mail: Callable[[str], str]) -> dict[str, str | None]:
    """The mailbox and phone of ``details`` as the contact block shows them; ``mail``
    makes the ``mailto:`` link of the mailbox."""
    email = details.email if details else None
    return {"email": email, "mail_url": mail(email) if email else None,
            "phone": details.phone if details else None, "tel": details.tel if details else None}


def not_found_contact(handbook_contact: ContactDetails | None) -> str:
    """The handbook-wide contact (``contact:`` in qms.yml) as the 404 page shows it: the
    same block as "Frågor och fel" under every document, its message naming no document
    (the page's script adds the address that led nowhere). Empty without a contact."""
    if not handbook_contact:
        return ""
    who = {"name": handbook_contact.name or "Kvalitetsenheten",
           **reach(handbook_contact, lambda email: mail_url(
               email, "Sidan finns inte", "Jag kom till en sida som inte finns.\n\nMin fråga:\n"))}
    return render_block("document/not_found_contact.html", {"handbook_contact": who})


def coverage_anchor(reference: Reference) -> str:
    """The anchor of a chapter or paragraph on the coverage page (see docs/teknik/adresser.md)."""
    if reference.paragraph is None:
        return f"kap-{reference.chapter}"
    return f"p-{reference.chapter}-{reference.paragraph}"


@functools.cache
def _laws() -> LawVocabulary:
    return load_laws()


def _render(template: str, context: dict[str, object]) -> str:
    return render_block(f"document/{template}", context)


def render_header(view: DocumentView) -> str:
    return _render("header.html", view.header())


def render_footer(view: DocumentView) -> str:
    return _render("footer.html", view.footer())


_ATX_H1 = re.compile(r"^ {0,3}#(?!#)[ \t]")
_HTML_H1 = re.compile(r"\s*<h1\b.*?</h1>", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class PageBlocks:
    """The HTML a document's page adds around its text: the header after the title,
    and the code, belonging, history and action blocks last. Plain strings: a build can
    make them in another process and hand them over."""

    header: str
    below: tuple[str, ...]
    withdrawn_hrefs: tuple[str, ...] = ()
    breadcrumb: str = ""
    """Area › process › activity, above the title."""
    """The addresses, from this page, of the withdrawn documents its text links to."""


def page_blocks(view: DocumentView) -> PageBlocks:
    trail = view.breadcrumb()
    return PageBlocks(render_header(view), tuple(_below(view)), view.withdrawn_hrefs(),
                      _render("breadcrumb.html", {"trail": trail}) if trail else "")


def mark_withdrawn_links(html: str, hrefs: tuple[str, ...]) -> str:
    """Each link to a withdrawn document followed by "(upphävd)": a reader following an
    old cross-reference sees before the tap that it leads to something no longer in force."""
    for href in hrefs:
        html = re.sub(rf'(<a href="{re.escape(href)}(?:#[^"]*)?"[^>]*>.*?</a>)(?! <span class="qms-link-withdrawn">)',
                      r'\1 <span class="qms-link-withdrawn">(upphävd)</span>', html, flags=re.DOTALL)
    return html


def render_page(markdown: str, view: DocumentView, process_map: str = "") -> str:
    """The document's Markdown with the header after its title heading (or first, when
    the title comes from front-matter), the process map for a process, and the
    belonging, history and action blocks last."""
    before, after = _split_title(markdown)
    blocks = page_blocks(view)
    return _join([blocks.breadcrumb, before, blocks.header, process_map.strip(), after.strip("\n"), *blocks.below])


def page_markdown(markdown: str, process_map: str = "") -> str:
    """The first of two steps that make the same page as ``render_page`` for a site
    generator with a hook after Markdown: only the process map (Markdown) goes into the
    Markdown; ``page_html`` adds the HTML blocks to the rendered page."""
    if not process_map.strip():
        return markdown
    before, after = _split_title(markdown)
    return _join([before, process_map.strip(), after.strip("\n")])


def page_html(html: str, blocks: PageBlocks) -> str:
    """The rendered page with the header after its title heading (or first) and the code,
    belonging, history and action blocks last. Added after Markdown, not in it: Markdown
    would parse their 7 kB of HTML twice per page (md_in_html, then MkDocs' own pass), a
    third of the Markdown time of a whole build."""
    title = _HTML_H1.match(html)
    split = title.end() if title else 0
    start = title.start() if title else 0
    text = mark_withdrawn_links(html[split:].strip("\n"), blocks.withdrawn_hrefs)
    return _join([html[:start].strip("\n"), blocks.breadcrumb, html[start:split].strip("\n"), blocks.header, text,
                  *blocks.below])


def _split_title(markdown: str) -> tuple[str, str]:
    lines = markdown.split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is not None and _ATX_H1.match(lines[first]):
        return "\n".join(lines[:first + 1]), "\n".join(lines[first + 1:])
    return "", markdown


def _below(view: DocumentView) -> list[str]:
    return [document_code_block(view.document, view.handbook.settings.site_url, view.address.resolve), render_footer(view)]


def _join(parts: list[str]) -> str:
    return "\n\n".join(part for part in parts if part) + "\n"
