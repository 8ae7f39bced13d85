"""Who a site build is for, and so which documents it publishes: the one answer every
page, permanent link, poster, search shard, feed and list of the site asks.

- ``offentlig`` (the default, what a plain ``mkdocs build`` makes): documents that are
  public (``publicering: offentlig``, or the project's default) and not drafts;
- ``intern``: every document but drafts, for the organisation's own web server behind
  its sign-in;
- ``förhandsgranskning``: everything, drafts included, for editors (a pull request's
  preview build).

Asked for explicitly, never guessed: the environment variable ``QMS_PUBLICERING`` or
the plugin's ``publicering`` setting. A mistyped value stops the build rather than
falling back to a site for a wider audience. Only ``mkdocs serve``, an editor's own
preview that is never published, shows everything unless asked otherwise.
"""

from __future__ import annotations

import dataclasses
import enum
import os
from typing import Collection, Mapping

from qms_tools.handbook.fields import FieldContext, read_fields
from qms_tools.handbook.history import contents
from qms_tools.handbook.model import Document, Handbook, ReviewPolicy
from qms_tools.handbook.source import parse_source
from qms_tools.runtime import git
from qms_tools.handbook.settings import ProjectError
from qms_tools.handbook.vocabulary import Publicity, Status

ENVIRONMENT_VARIABLE = "QMS_PUBLICERING"

INTERNAL_LABEL = "internt dokument"
DRAFT_LABEL = "utkast"


class Audience(str, enum.Enum):
    PUBLIC = "offentlig"
    INTERNAL = "intern"
    PREVIEW = "förhandsgranskning"

    @property
    def label(self) -> str:
        return {Audience.PUBLIC: "publik webbplats", Audience.INTERNAL: "intern webbplats",
                Audience.PREVIEW: "förhandsgranskning för redaktörer"}[self]


_SPELLINGS = {"offentlig": Audience.PUBLIC, "publik": Audience.PUBLIC, "intern": Audience.INTERNAL,
              "förhandsgranskning": Audience.PREVIEW, "forhandsgranskning": Audience.PREVIEW}


def choose_audience(setting: str | None = None, environ: Mapping[str, str] | None = None,
                    default: Audience = Audience.PUBLIC) -> Audience:
    """The audience asked for: the environment variable, else the setting, else
    ``default``. The variable wins so that one mkdocs.yml serves both of a workflow's
    builds."""
    environ = os.environ if environ is None else environ
    asked, source = environ.get(ENVIRONMENT_VARIABLE, "").strip(), ENVIRONMENT_VARIABLE
    if not asked:
        asked, source = (setting or "").strip(), "publicering i mkdocs.yml"
    if not asked:
        return default
    audience = _SPELLINGS.get(asked.lower())
    if audience is None:
        raise ProjectError(f"{source} är '{asked}', men ska vara offentlig, intern eller förhandsgranskning. "
                           f"Rätta värdet; webbplatsen byggs inte med en okänd publicering.")
    return audience


def withheld_reason(handbook: Handbook, document: Document, audience: Audience) -> str | None:
    """Why a build for ``audience`` leaves ``document`` out ("internt dokument",
    "utkast"), or None when it publishes it. An internal draft is named internal on the
    public site: that it is also a draft is nothing the public needs."""
    if audience is Audience.PREVIEW:
        return None
    if audience is Audience.PUBLIC and handbook.publicity(document) is Publicity.INTERNAL:
        return INTERNAL_LABEL
    if document.status is Status.DRAFT:
        return DRAFT_LABEL
    return None


def deleted_withheld(handbook: Handbook, audience: Audience) -> dict[str, tuple[str, str | None]]:
    """The deleted documents ``audience`` may not read, judged by their last version
    (its ``publicering`` and status, as ``withheld_reason`` judges a document): id ->
    (reason, last title). Git keeps them, and a site names a deleted document on its
    permanent link and in the latest changes: an internal one must not be named on the
    public site once it is gone either."""
    if audience is Audience.PREVIEW or handbook.history is None:
        return {}
    found: dict[str, tuple[str, str | None]] = {}
    for document_id, version in last_versions(handbook).items():
        reason = withheld_reason(handbook, version, audience)
        if reason is not None:
            found[document_id] = (reason, handbook.history.ids[document_id].title)
    return found


def last_versions(handbook: Handbook, ids: Collection[str] | None = None) -> dict[str, Document]:
    """The last version of each deleted document (of those in ``ids``, when given), read
    as the loader reads a document: id -> the version as a ``Document`` (its path is
    its id). Its area and owner say where it belonged when it went."""
    history = handbook.history
    if history is None:
        return {}
    last = {published.id: blob for published in history.ids.values()
            if (ids is None or published.id in ids) and published.id not in handbook.by_id
            and (blob := history.last_blob(published))}
    try:
        texts = contents(handbook.settings.root, list(last.values())) if last else {}
    except git.GitError:
        texts = {}
    context = FieldContext(handbook.regulations, handbook.acts)
    found: dict[str, Document] = {}
    for document_id, blob in last.items():
        located = parse_source(texts[blob], "").front_matter if blob in texts else None
        data = located.data if located is not None and isinstance(located.data, dict) else {}
        # Read as the loader reads a document, and judged as a live one is.
        values, _ = read_fields(document_id, data, lambda *keys: 1, context)
        values.pop("key_lines", None)
        found[document_id] = Document(path=document_id, content_path=document_id,
                                      review_policy=ReviewPolicy(handbook.today), **values)
    return found


def for_audience(handbook: Handbook, audience: Audience, held_back: Collection[str] = ()) -> Handbook:
    """The handbook as a build for ``audience`` publishes it: the documents it may read,
    less the project paths in ``held_back`` (held back for errors); every other document
    is in ``withheld`` with its reason, so that what points at it can say only that. A
    site for staff lives at ``intern_site_url`` when qms.yml has one."""
    reasons = {document.path: reason for document in handbook.documents
               if (reason := withheld_reason(handbook, document, audience)) is not None}
    shown = [document for document in handbook.documents
             if document.path not in reasons and document.path not in held_back]
    shown_ids = {document.id for document in handbook.documents if document.path not in reasons}
    withheld = [document for document in handbook.documents if document.path in reasons]
    settings = handbook.settings
    if audience is not Audience.PUBLIC and settings.intern_site_url:
        settings = dataclasses.replace(settings, site_url=settings.intern_site_url)
    gone = deleted_withheld(handbook, audience)
    return dataclasses.replace(
        handbook, settings=settings, documents=shown,
        withheld={document.content_path: reasons[document.path] for document in withheld},
        withheld_ids={**{document_id: reason for document_id, (reason, _) in gone.items()},
                      **{document.id: reasons[document.path] for document in withheld
                         if document.id and document.id not in shown_ids}},
        withheld_names=tuple(sorted({name for document in withheld for name in (document.id, document.title)
                                     if name and name not in shown_ids}
                                    | {name for document_id, (_, title) in gone.items()
                                       for name in (document_id, title) if name})))
