"""What changed in the handbook lately, and what kind of change each was: the facts
behind the "Senaste ändringar" page and the Atom feeds.

A change is one commit's version of one published document, within ``WINDOW_DAYS`` of
today. Its kind is read from the two versions Git has (the Git history names their
blobs), by ``change_kinds``, the one reading that the history table and the version
pages use too:

- **ny**: the first version of the file;
- **upphävd**: the status became ``upphävd``;
- **granskad utan ändring**: the text is the same and only ``reviewed`` and
  ``review_date`` changed (what ``qms reviewed`` commits);
- **flyttad**: the file was moved or renamed and its bytes are the same (Git's blob is
  the one before; the history follows the rename);
- **ändrad**: anything else, a move with an edit included;
- **borttagen**: the last file of an id was deleted (its title from the history, masked
  as the permanent link's tombstone masks it; its area, owner and type from its last
  version, read as the loader reads a document, so it is in its area's and unit's feeds).

Only the documents of ``handbook`` are listed: the caller passes the published ones, the
same list every other page is made from.
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass

from qms_tools.handbook.audience import last_versions
from qms_tools.handbook.history import Change, History, read_version_contents
from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.personal_ids import mask_personal_ids
from qms_tools.publishing.withheld import shown_message
from qms_tools.runtime import git

WINDOW_DAYS = 90
NEW, CHANGED, REVIEWED, MOVED, WITHDRAWN, REMOVED = (
    "ny", "ändrad", "granskad utan ändring", "flyttad", "upphävd", "borttagen")
KINDS = (NEW, CHANGED, REVIEWED, MOVED, WITHDRAWN, REMOVED)
_REVIEW_KEYS = frozenset({"reviewed", "review_date"})


@dataclass(frozen=True)
class RecentChange:
    change: Change
    kind: str
    document_id: str
    title: str
    document: Document | None
    """None for a removed document."""
    blob: str | None = None
    previous_blob: str | None = None
    last_version: Document | None = None
    """A removed document's last version (``audience.last_versions``)."""

    @property
    def facts(self) -> Document | None:
        """Where the change belongs (area, owner, type): the document, or what a removed
        one was when it went."""
        return self.document or self.last_version

    @property
    def key(self) -> str:
        """Stable across builds: the id and the commit."""
        return f"{self.document_id}/{self.change.commit}"


_last: list[tuple[weakref.ref[Handbook], list[RecentChange]]] = []
"""The changes of the handbook asked last: the page and every feed show the same list."""


def published_changes(handbook: Handbook) -> list[RecentChange]:
    """``recent_changes`` of ``handbook`` (the published documents, with the loader's
    history), worked out once per handbook."""
    if not _last or _last[0][0]() is not handbook:
        _last[:] = [(weakref.ref(handbook), recent_changes(handbook, handbook.history))]
    return _last[0][1]


def recent_changes(handbook: Handbook, history: History | None, days: int = WINDOW_DAYS) -> list[RecentChange]:
    """The changes of the last ``days`` days, newest first (then by id)."""
    if history is None or not history.is_repository:
        return []
    since = handbook.today - dt.timedelta(days=days)
    wanted: list[tuple[Document, Change, str, str | None]] = []
    for document in handbook.documents:
        if not document.id:
            continue
        versions = history.versions(document.path)
        for index, (change, blob) in enumerate(versions):
            if change.date.date() < since:
                break
            previous = versions[index + 1][1] if index + 1 < len(versions) else None
            wanted.append((document, change, blob, previous))
    kinds = change_kinds(handbook.settings.root, [(blob, previous) for _, _, blob, previous in wanted])
    found = [RecentChange(change, kind, document.id or "", document.display_title, document, blob, previous)
             for (document, change, blob, previous), kind in zip(wanted, kinds)]
    removals = {}
    for published in history.ids.values():
        if published.id in handbook.by_id or published.id in handbook.withheld_ids:
            continue
        removal = history.removal(published)
        if removal is not None and removal.date.date() >= since:
            removals[published.id] = (published, removal)
    last = last_versions(handbook, removals) if removals else {}
    for published, removal in removals.values():
        found.append(RecentChange(removal, REMOVED, published.id, mask_personal_ids(published.title or published.id),
                                  None, last_version=last.get(published.id)))
    found.sort(key=lambda item: (item.change.date, item.document_id), reverse=True)
    return found


def what_changed(handbook: Handbook, kind: str, change: Change) -> str:
    """What a change changed, as readers see it wherever a change is named (a document's
    history, its version pages, the feeds): the kind, and the commit's ``Beskrivning:``
    trailer when it has one. Never the commit subject: it is written for developers, and
    GitHub's web editor writes English ones ("Update orosanmalan.md")."""
    kind = kind[:1].upper() + kind[1:]
    if not change.description:
        return kind
    return f"{kind}: {shown_message(handbook, mask_personal_ids(change.description))}"


def _kind_of(new_fields: dict, old_fields: dict, same_body: bool) -> str:
    """The kind of a change from a version's front-matter to the next's, when both
    exist, and whether the text stayed the same."""
    if _status(new_fields) == "upphävd" and _status(old_fields) != "upphävd":
        return WITHDRAWN
    changed_keys = {key for key in new_fields.keys() | old_fields.keys() if new_fields.get(key) != old_fields.get(key)}
    if same_body and changed_keys and changed_keys <= _REVIEW_KEYS:
        return REVIEWED
    return CHANGED


def change_kinds(root, rows: list[tuple[str, str | None]]) -> list[str]:
    """The kind of each version named by (blob, the previous version's blob or None), as
    a document's history table shows it: from the versions' front-matter and body digest
    (``history.read_version_contents``, which the yearly report reads and keeps by blob
    too), so a build after the first reads no version again. On a generated
    1,500-document handbook's 10,279 shown rows, parsing every version here took 23 s."""
    try:
        read = read_version_contents(root, [blob for pair in rows for blob in pair if blob])
    except git.GitError:
        read = {}
    kinds = []
    for blob, previous in rows:
        new, old = read.get(blob), read.get(previous) if previous else None
        kinds.append(NEW if previous is None else MOVED if blob == previous else
                     CHANGED if new is None or old is None else
                     _kind_of(new.front_matter, old.front_matter, new.body_digest == old.body_digest))
    return kinds


def _status(fields: dict) -> str:
    return str(fields.get("status") or "").strip().lower()
