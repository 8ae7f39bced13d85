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

import datetime as dt
import posixpath
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from qms_tools.handbook.vocabulary import DocumentType, ReviewState, Status

if TYPE_CHECKING:
    from qms_tools.handbook.model import Document, Handbook
    from qms_tools.handbook.organisation import Role

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
    if _SPECIAL.search(flat) is None:
        return Markup(flat)
    return Markup(_SPECIAL.sub(_reference, flat))


def _reference(match: re.Match) -> str:
    return f"&#{ord(match.group(0))};"


def join(*parts: Markup, separator: str = " ") -> Markup:
    """Safe pieces side by side, the empty ones left out. Every piece must already be
    ``Markup`` (escaped); generated pages list thousands of documents, so this is plain
    string joining rather than ``Markup.format``."""
    return Markup(separator.join(part for part in parts if part))


@lru_cache(maxsize=4096)
def _relative_directory(from_directory: str, to_directory: str) -> str:
    relative = posixpath.relpath(to_directory or ".", from_directory or ".")
    return "" if relative == "." else quote(relative, safe="/-._~") + "/"


def link(from_uri: str, to_uri: str, anchor: str | None = None) -> Markup:
    """A relative link from one site page to another, by their src uris, so MkDocs
    resolves it with and without ``use_directory_urls``."""
    to_directory, _, name = to_uri.rpartition("/")
    url = _relative_directory(from_uri.rpartition("/")[0], to_directory) + quote(name, safe="-._~")
    if anchor:
        url += "#" + quote(anchor, safe="-._~")
    return Markup(url)


def anchor_link(anchor: str) -> Markup:
    """A link to an anchor on the same page (valid in raw HTML as well)."""
    return Markup("#" + quote(anchor, safe="-._~"))


def _css_name(name: str) -> str:
    return name.lower().replace("_", "-")


def badge(label: str, kind: str) -> Markup:
    return Markup(f'<span class="qms-badge qms-badge--{kind}">{text(label)}</span>')


def muted(value: object) -> Markup:
    """Secondary text beside a link: an id, a date, a note."""
    return Markup(f'<span class="qms-muted">{text(value)}</span>')


_TYPE_BADGES = {member: badge(member.label, "type") for member in DocumentType}
_STATUS_BADGES = {Status.DRAFT: badge(Status.DRAFT.label, "draft"),
                  Status.WITHDRAWN: badge(Status.WITHDRAWN.label, "withdrawn")}
_SHOWN_REVIEW_STATES = (ReviewState.OVERDUE, ReviewState.DUE_SOON)
_NOTHING = Markup("")


def type_badge(document: Document) -> Markup:
    return _TYPE_BADGES.get(document.type, _NOTHING)


def status_badge(document: Document) -> Markup:
    """Gällande is the normal case and stays unmarked; drafts and withdrawn
    documents are marked wherever a document is listed."""
    return _STATUS_BADGES.get(document.status, _NOTHING)


def review_badge(document: Document) -> Markup:
    """The review state of a document in force as of the build, carrying the dates the
    reader's browser needs to say the same as the document's own page: qms.js compares
    ``data-qms-due`` ("due-soon-from/due", ISO dates) with the reader's clock and shows,
    relabels or hides the badge (an empty hidden one while the document is current)."""
    review = document.review
    if review.due is None:
        return _NOTHING
    state = review.state
    dates = f"{(review.due - dt.timedelta(days=review.due_soon_days)).isoformat()}/{review.due.isoformat()}"
    if state in _SHOWN_REVIEW_STATES:
        return Markup(f'<span class="qms-badge qms-badge--{_css_name(state.name)}" data-qms-due="{dates}">'
                      f'{text(state.label)}</span>')
    return Markup(f'<span class="qms-badge" data-qms-due="{dates}" hidden></span>')


def badges(document: Document, review: bool = True) -> Markup:
    return join(type_badge(document), status_badge(document), review_badge(document) if review else _NOTHING)


def document_link(page: str, document: Document) -> Markup:
    """``[title](relative link)`` to a document from the page ``page``."""
    return Markup(f"[{text(document.display_title)}]({link(page, document.content_path)})")


def process_entry(page: str, process: Document) -> Markup:
    """A process where everything listed is a process: only a draft is marked."""
    return join(document_link(page, process), status_badge(process))


def document_entry(page: str, document: Document, handbook: Handbook, review: bool = True) -> Markup:
    """How a document is listed anywhere: its link, its badges, and for a withdrawn
    document what replaced it."""
    return join(document_link(page, document), badges(document, review), replacement_note(page, document, handbook))


def replacement_note(page: str, document: Document, handbook: Handbook, with_id: bool = False) -> Markup:
    """"– ersatt av <link>" for a withdrawn document with a replacement, else nothing;
    ``with_id`` adds the replacement's id, for lists that name each document's id."""
    if not (document.is_withdrawn and document.replaced_by):
        return _NOTHING
    replacement = handbook.by_id.get(document.replaced_by)
    target = document_link(page, replacement) if replacement else text(handbook.shown_id(document.replaced_by))
    if with_id and replacement is not None:
        target = join(target, muted(f"({replacement.id})"))
    return join(Markup("– ersatt av"), target)


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
        return join(text(role.holder.name), badge(f"Slutat {until}", "departed"))
    return text(role.holder.name)


def area_title(handbook: Handbook, area_id: str | None) -> str:
    if not area_id:
        return "–"
    area = handbook.organisation.areas.get(area_id)
    return area.title if area else area_id


def area_uri(area_id: str) -> str:
    return f"omraden/{area_id}.md"


# The three last letters of the Swedish alphabet, mapped past "z" before accents are dropped.
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


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
        auto_reload=False,  # package templates: no file check per render
    )
    env.globals.update(badge=badge, badges=badges, type_badge=type_badge, status_badge=status_badge,
                       review_badge=review_badge, anchor_link=anchor_link)
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context).rstrip("\n") + "\n"
