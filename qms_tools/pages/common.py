"""What every generated page shares: safe text, relative links, badges, sort order,
and the Jinja environment that renders the page templates.

Generated pages are Markdown that mixes in a little HTML. Text from documents and the
role registry is untrusted, so everything a template prints is escaped for both at once:
HTML's special characters and the characters Markdown (and the usual Material
extensions) would act on become numeric character references. A reference renders as
the character itself in Markdown and in raw HTML alike, so one escape serves both; the
result is a markupsafe ``Markup`` that Jinja's autoescape leaves alone.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from ..vocabulary import ReviewState, Status

if TYPE_CHECKING:
    from ..model import Document, Handbook
    from ..organisation import Role

# HTML's special characters, plus what Markdown would act on: emphasis, links, code,
# headings, tables, attribute lists and the pymdownx tilde/caret/mark/arithmatex
# syntaxes. (A colon is left alone: "SOSFS 2011:9" stays readable in titles, and an
# emoji shortcode is harmless.) One pass, so no reference it writes is escaped again.
_SPECIAL = re.compile(r"[&<>\"'\\`*_\[\]{}|#~^=$!]")


def text(value: object) -> Markup:
    """Untrusted text as safe Markdown-and-HTML: it shows exactly as written."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    flat = " ".join(str(value).split())
    return Markup(_SPECIAL.sub(lambda match: f"&#{ord(match.group(0))};", flat))


def link(from_uri: str, to_uri: str, anchor: str | None = None) -> Markup:
    """A relative link from one site page to another, by their src uris, so MkDocs
    resolves it with and without ``use_directory_urls``."""
    if to_uri == from_uri:
        relative = posixpath.basename(to_uri)
    else:
        relative = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    url = quote(relative, safe="/-._~")
    if anchor:
        url += "#" + quote(anchor, safe="-._~")
    return Markup(url)


def anchor_link(anchor: str) -> Markup:
    """A link to an anchor on the same page (valid in raw HTML as well)."""
    return Markup("#" + quote(anchor, safe="-._~"))


def _css_name(name: str) -> str:
    return name.lower().replace("_", "-")


def badge(label: str, kind: str) -> Markup:
    return Markup('<span class="qms-badge qms-badge--{}">{}</span>').format(kind, text(label))


def type_badge(document: Document) -> Markup:
    if document.type is None:
        return Markup("")
    return badge(document.type.label, "type")


def status_badge(document: Document) -> Markup:
    """Gällande is the normal case and stays unmarked; drafts and withdrawn
    documents are marked wherever a document is listed."""
    if document.status is None or document.status is Status.IN_FORCE:
        return Markup("")
    return badge(document.status.label, _css_name(document.status.name))


def review_badge(document: Document) -> Markup:
    state = document.review.state
    if state in (ReviewState.OVERDUE, ReviewState.DUE_SOON):
        return badge(state.label, _css_name(state.name))
    return Markup("")


def badges(document: Document, review: bool = True) -> Markup:
    parts = [type_badge(document), status_badge(document)]
    if review:
        parts.append(review_badge(document))
    return Markup(" ").join(part for part in parts if part)


def document_link(page: str, document: Document) -> Markup:
    """``[title](relative link)`` to a document from the page ``page``."""
    return Markup("[{}]({})").format(text(document.display_title), link(page, document.content_path))


def process_entry(page: str, process: Document) -> Markup:
    """A process where everything listed is a process: only a draft is marked."""
    marks = status_badge(process)
    link_text = document_link(page, process)
    return Markup("{} {}").format(link_text, marks) if marks else link_text


def document_entry(page: str, document: Document, handbook: Handbook, review: bool = True) -> Markup:
    """How a document is listed anywhere: its link, its badges, and for a withdrawn
    document what replaced it."""
    entry = document_link(page, document)
    marks = badges(document, review)
    if marks:
        entry = Markup("{} {}").format(entry, marks)
    if document.is_withdrawn and document.replaced_by:
        replacement = handbook.by_id.get(document.replaced_by)
        target = document_link(page, replacement) if replacement else text(document.replaced_by)
        entry = Markup("{} – ersatt av {}").format(entry, target)
    return entry


def role_title(handbook: Handbook, role_id: str | None) -> str:
    if not role_id:
        return "–"
    role = handbook.organisation.roles.get(role_id)
    return role.title if role else role_id


def holder_state(role: Role | None, handbook: Handbook) -> Markup:
    """The holder to contact, with a flag when there is nobody."""
    if role is None:
        return badge("Okänd roll", "unknown-role")
    if role.is_vacant():
        return badge("Vakant", "vacant")
    assert role.holder is not None
    if role.has_departed(handbook.today):
        until = role.holder.until.isoformat() if role.holder.until else ""
        return Markup("{} {}").format(text(role.holder.name), badge(f"Slutat {until}", "departed"))
    return text(role.holder.name)


def area_title(handbook: Handbook, area_id: str | None) -> str:
    if not area_id:
        return "–"
    area = handbook.organisation.areas.get(area_id)
    return area.title if area else area_id


def area_uri(area_id: str) -> str:
    return f"omraden/{area_id}.md"


_SWEDISH_ORDER = str.maketrans({"å": "z\u0001", "ä": "z\u0002", "æ": "z\u0002", "ö": "z\u0003", "ø": "z\u0003"})


def swedish_key(value: str) -> str:
    """Sort key in Swedish alphabetical order (å, ä, ö after z; é as e)."""
    folded = value.casefold().translate(_SWEDISH_ORDER)
    return "".join(character for character in unicodedata.normalize("NFD", folded)
                   if not unicodedata.combining(character))


_NUMBER = re.compile(r"(\d+)")


def id_key(value: str | None) -> tuple:
    """Ids in natural order: RUT-LED-2 before RUT-LED-10."""
    return tuple(int(part) if part.isdigit() else part for part in _NUMBER.split(value or ""))


def document_key(document: Document) -> tuple:
    return (swedish_key(document.display_title), id_key(document.id), document.content_path)


def sorted_documents(documents: Iterable[Document]) -> list[Document]:
    return sorted(documents, key=document_key)


def documents_by_owner(handbook: Handbook) -> dict[str, list[Document]]:
    """Every owner's documents, grouped in one pass (``Handbook.owned_by`` scans all
    documents per call, which is quadratic over all roles)."""
    owned: dict[str, list[Document]] = {}
    for document in handbook.documents:
        if document.owner:
            owned.setdefault(document.owner, []).append(document)
    return owned


def count(number: int, singular: str, plural: str) -> str:
    """'1 process', '3 processer', '0 dokument'."""
    return f"{number} {singular if number == 1 else plural}"


def _finalize(value: object) -> object:
    return text(value)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("qms_tools", "templates/pages"),
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(badge=badge, badges=badges, type_badge=type_badge, status_badge=status_badge,
                       review_badge=review_badge, anchor_link=anchor_link)
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
