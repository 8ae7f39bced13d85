"""Links between documents resolve, anchors included, and stay inside the content."""

from __future__ import annotations

import difflib
import posixpath
from typing import Iterator

from qms_tools.handbook import audit_questions
from qms_tools.handbook.audience import INTERNAL_LABEL, Audience, withheld_reason
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook


def internal_links(handbook: Handbook) -> Iterator[Finding]:
    content_root = handbook.settings.content_root
    suggest = _Suggestions(handbook)
    follow_up_pages: set[str] | None = None  # the audit file is read when a link needs it
    for document in handbook.documents:
        for link in document.internal_links:
            if link.target is None:
                yield Finding(document.path, link.line, "link.outside", Severity.ERROR,
                              f"Länken '{link.link.url}' pekar utanför handbokens innehåll och fungerar inte på "
                              f"webbplatsen. Länka till ett dokument i {handbook.settings.content_dir}/ eller "
                              f"använd en fullständig adress (https://…).")
                continue
            target = handbook.by_content_path.get(link.target)
            if target is None and link.target.startswith(audit_questions.FOLDER + "/"):
                if follow_up_pages is None:
                    audit, _ = audit_questions.load_audit(content_root, handbook.settings.content_dir)
                    follow_up_pages = {audit_questions.INDEX, *(question.src_uri for question in audit.questions)}
                if link.target in follow_up_pages:
                    continue  # a page the site makes: the follow-up and the audit's questions
            if target is None:
                if link.target.endswith(".md") or not _exists(content_root / link.target):
                    nearest = suggest.path(link.target)
                    relative = posixpath.relpath(nearest, posixpath.dirname(document.content_path) or ".") \
                        if nearest else None
                    hint = f" Menade du '{relative}'?" if relative else \
                        " Kontrollera filnamnet och sökvägen relativt det här dokumentet, eller ta bort länken."
                    yield Finding(document.path, link.line, "link.broken", Severity.ERROR,
                                  f"Länken '{link.link.url}' pekar på en fil som inte finns.{hint}")
                continue
            if link.anchor and link.anchor not in target.anchors:
                nearest = difflib.get_close_matches(link.anchor, sorted(target.anchors), n=1, cutoff=0.5)
                hint = f" Menade du '#{nearest[0]}'?" if nearest else " Kontrollera rubriken i måldokumentet."
                yield Finding(document.path, link.line, "link.broken", Severity.ERROR,
                              f"Länken '{link.link.url}' pekar på rubriken '#{link.anchor}', som inte finns i "
                              f"{target.path}.{hint}")


def _exists(path) -> bool:
    """Whether the file is there; a target the file system cannot even name (too long,
    a NUL byte) is not."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


class _Suggestions:
    """Where a broken link probably meant to go, without comparing against every file:
    a moved file keeps its name, and a misspelt one sits in the folder linked to."""

    def __init__(self, handbook: Handbook):
        self.by_name: dict[str, list[str]] = {}
        self.by_folder: dict[str, list[str]] = {}
        for path in handbook.by_content_path:
            self.by_name.setdefault(posixpath.basename(path), []).append(path)
            self.by_folder.setdefault(posixpath.dirname(path), []).append(path)

    def path(self, target: str) -> str | None:
        same_name = self.by_name.get(posixpath.basename(target))
        if same_name and len(same_name) == 1:
            return same_name[0]
        nearest = difflib.get_close_matches(target, self.by_folder.get(posixpath.dirname(target), []), n=1,
                                            cutoff=0.6)
        return nearest[0] if nearest else None


def links_to_withdrawn(handbook: Handbook) -> Iterator[Finding]:
    """A link from a document that is not itself withdrawn to one that is: the site marks
    it "(upphävd)", and the editor should point it at what replaced the target."""
    for document in handbook.documents:
        if document.is_withdrawn:
            continue
        for link in document.internal_links:
            target = handbook.by_content_path.get(link.target or "")
            if target is None or not target.is_withdrawn or target is document:
                continue
            replacement = handbook.by_id.get(target.replaced_by or "")
            advice = (f"Länka till '{replacement.display_title}' ({replacement.id}), som ersätter det, i stället."
                      if replacement is not None else "Länka till det dokument som gäller nu, eller ta bort länken.")
            yield Finding(document.path, link.line, "link.withdrawn", Severity.WARNING,
                          f"Länken '{link.link.url}' går till '{target.display_title}' ({target.id or target.path}), "
                          f"som är upphävt. {advice}")


def links_to_withheld(handbook: Handbook) -> Iterator[Finding]:
    """A link from a document the public site shows to one it does not (internal, or a
    draft) reads "(internt dokument)" or "(utkast)" there, without the link's text: the
    editor should know, and may want to write the sentence without the link."""
    for document in handbook.documents:
        if withheld_reason(handbook, document, Audience.PUBLIC) is not None:
            continue
        for link in document.internal_links:
            target = handbook.by_content_path.get(link.target or "")
            if target is None or target is document:
                continue
            reason = withheld_reason(handbook, target, Audience.PUBLIC)
            if reason is None:
                continue
            where = ("bara publiceras på den interna webbplatsen" if reason == INTERNAL_LABEL
                     else "inte publiceras förrän det är gällande")
            yield Finding(document.path, link.line, "link.withheld", Severity.WARNING,
                          f"Länken '{link.link.url}' går till {target.id or target.path}, som {where}. "
                          f"På den publika webbplatsen står det \"({reason})\" i stället för länken och dess text. "
                          f"Skriv om meningen om den inte går att förstå så.")


RULES = (internal_links, links_to_withdrawn, links_to_withheld)
