"""The Git history of the content, read in one pass and kept between runs.

One ``git log --raw`` over the content folder gives every commit and every file it
touched, renames included; the document ids ever published come from the blobs that
log names, streamed through one ``git cat-file --batch``, except the newest version of
a file that is still checked out unchanged (its Git hash shows it), read from the
working tree. Nothing here runs a command per document, nor waits for git once per blob. Git runs through ``runtime.git``; each version's id and
title are read as the loader reads them (``id_and_title``), so a document the loader
knew keeps its id in the history after it is deleted.

Both are kept in ``.cache/qms/historik.json``. A blob's id and title never change, so a
blob is read once. The log is kept with the commit it was read at: when HEAD is that
commit, it is used as it is; when HEAD has only gained commits on top of it, one after
the other (a pull, a local commit), only those are read, since the log of HEAD is then
theirs followed by the kept one. After a merge, a rebase or a reset the log is read
again in full. Either way the result is what a full read gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from qms_tools.runtime import cache, git
from qms_tools.handbook.source import MAX_FILE_BYTES, parse_source, read_identity

CACHE_FILE = ".cache/qms/historik.json"
"""Relative to the project root; safe to delete."""
FRONT_MATTER_CACHE_FILE = ".cache/qms/versioner.json.gz"
"""The front-matter of every version (``read_front_matters``); safe to delete."""
_FRONT_MATTER_CACHE_VERSION = "versioner 3"
_CACHE_VERSION = "historik 4"
"""Change it whenever what is kept, or what a blob or a log entry is read as, changes."""

_ZERO = "0" * 40
_COMMIT = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_DELETED = "deleted:"
_HASHING = {40: hashlib.sha1, 64: hashlib.sha256}
"""How git names a blob, by the length of the name (SHA-1 or SHA-256 repositories)."""
_OPEN_FLAGS = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
"""A named pipe where a document was must not keep the reading waiting."""
DESCRIPTION_TRAILER = "Beskrivning"
"""The trailer of a commit message that says, for readers, what a change changed
(``Beskrivning: Nytt nummer till jouren.``): the history on a document's page shows it.
An ASCII word, because git reads trailer keys of ASCII letters only (``Ändring:`` is no
trailer to git)."""
_LOG = ("log", f"--format=%x1e%H%x1f%aI%x1f%an%x1f%s%x1f%(trailers:key={DESCRIPTION_TRAILER},valueonly=true,"
        "separator=%x20)", "--raw", "-M", "--no-abbrev", "-z")


@dataclass(frozen=True)
class Change:
    commit: str
    date: dt.datetime
    author: str
    message: str
    description: str = ""
    """What the ``Beskrivning:`` trailer says the change changed, for readers; empty when
    the commit has none (its subject is then written for developers, or by GitHub)."""

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass
class PublishedId:
    """An id as it has appeared in committed documents on this branch."""

    id: str
    title: str | None            # title in the newest commit where it appeared
    path: str                    # path in the newest commit where it appeared
    last_seen: Change            # newest commit that added or changed it
    first_seen: Change           # oldest commit that added or changed it
    lineages: set[str] = field(default_factory=set)
    """One key per file lineage (renames followed) the id has lived in: the file's current
    path, or ``deleted:<path>`` for a file since deleted. Two lineages = a reused id."""

    @property
    def deleted_lineages(self) -> list[str]:
        return sorted(key[len(_DELETED):] for key in self.lineages if key.startswith(_DELETED))


@dataclass(frozen=True)
class Version:
    """One committed version of a Markdown file: its blob, its file lineage (see
    ``PublishedId.lineages``), its content-relative path and the change that wrote it."""

    blob: str
    lineage: str
    path: str
    change: Change


@dataclass
class History:
    changes_by_path: dict[str, list[Change]] = field(default_factory=dict)
    ids: dict[str, PublishedId] = field(default_factory=dict)
    commits: int = 0
    is_repository: bool = False
    log: list[Change] = field(default_factory=list)
    """Every commit that touched the content, newest first."""
    blobs_by_path: dict[str, list[str]] = field(default_factory=dict)
    """The Git blob each change of ``changes_by_path`` left, in the same order."""
    removed: dict[str, Change] = field(default_factory=dict)
    """``deleted:<path>`` lineage -> the change that deleted the file."""
    deleted_blobs: dict[str, str] = field(default_factory=dict)
    """``deleted:<path>`` lineage -> the blob of its last version (what it read when it went)."""

    def changes(self, path: str) -> list[Change]:
        """Newest first, following renames, for a project-relative current path."""
        return self.changes_by_path.get(path, [])

    def last_change(self, path: str) -> Change | None:
        changes = self.changes(path)
        return changes[0] if changes else None

    def versions(self, path: str) -> list[tuple[Change, str]]:
        """Each change of ``path`` with the blob it left, newest first."""
        return list(zip(self.changes(path), self.blobs_by_path.get(path, [])))

    def last_blob(self, published: PublishedId) -> str | None:
        """The blob of the newest version of an id whose every file is deleted (what it
        read when it went); None while one of its files is still there."""
        if self.removal(published) is None:
            return None
        keys = [key for key in published.lineages if key in self.deleted_blobs and key in self.removed]
        newest = max(keys, key=lambda key: self.removed[key].date, default=None)
        return self.deleted_blobs[newest] if newest else None

    def removal(self, published: PublishedId) -> Change | None:
        """The change that deleted the last file of an id, when every file it lived in
        is deleted; None while one is still there."""
        if not published.lineages or not all(key.startswith(_DELETED) for key in published.lineages):
            return None
        found = [self.removed[key] for key in published.lineages if key in self.removed]
        return max(found, key=lambda change: change.date) if found else None


@dataclass
class VersionHistory:
    """The history with what only the yearly report asks for (``read_version_history``):
    kept apart from ``History``, which every check reads (and a forked reading sends
    back to its parent), so that a check pays nothing for it."""

    history: History
    versions: list[Version] = field(default_factory=list)
    """Every version of every Markdown file, newest first."""
    id_of_blob: dict[str, str] = field(default_factory=dict)
    """The id each version in ``versions`` holds, where it holds one."""
    deleted: dict[str, Change] = field(default_factory=dict)
    """Lineage key (``deleted:<path>``) -> the change that deleted the file."""
    other_files: dict[str, list[tuple[str, Change]]] = field(default_factory=dict)
    """The versions (blob, change) of each file that is no Markdown document (the role
    registry among them), newest first, by project-relative path."""
    shallow: bool = False
    """A shallow clone: the history stops early, so it is not the whole story."""


Entry = tuple[str, str, str, str]
"""What one commit did to one file: status (A, M, D, R …), old path, new path, new blob;
paths relative to the repository."""
Commit = tuple[Change, list[Entry]]
IdAndTitle = tuple[str | None, str | None | bool]
"""A version's id and title; the title is ``UNREAD`` when the version was not the newest
of its id when it was read, since only the newest version's title is ever shown."""
UNREAD = False


def read_history(root: Path, content_dir: str, use_cache: bool = True) -> History:
    """The history of ``content_dir`` in the project at ``root``; raises
    ``git.GitError`` when git is missing or does not read the repository."""
    return _read(root, content_dir, use_cache, versions=False).history


def read_version_history(root: Path, content_dir: str, use_cache: bool = True) -> VersionHistory:
    """``read_history`` with every version, deletion and other file it went through
    (the yearly report's input); after any read with the cache, this is mostly reading
    that file."""
    return _read(root, content_dir, use_cache, versions=True)


def _read(root: Path, content_dir: str, use_cache: bool, versions: bool) -> VersionHistory:
    root = Path(root)
    found = _repository(root)
    if isinstance(found, History):
        return VersionHistory(found)
    top, head, shallow = found
    prefix = root.resolve().relative_to(top).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    pathspec = f"{prefix}{content_dir.strip('/')}".rstrip("/") or "."
    # A shallow clone's log stops early, and deepening it keeps HEAD: nothing is kept.
    cache_file = root / CACHE_FILE if use_cache and not shallow else None
    cached = _Cached.load(cache_file, pathspec) if cache_file else None
    known = cached.blobs if cached else {}
    commits, from_log = _commits(top, head, pathspec, cached)
    history, blobs, deleted_in, extra = _follow(commits, prefix)
    wanted = list(dict.fromkeys(blob for blob, _, _, _ in blobs))
    missing = [blob for blob in wanted if blob not in known]
    seen = {blob: known[blob] for blob in wanted if blob in known}
    seen.update(from_log if from_log is not None else _ids_and_titles(top, missing))
    untitled = _read_ids(blobs, history, deleted_in, seen)
    if untitled:
        # After a rebase or a reset the newest version of an id can be one that was read
        # as an older one; its title is read now.
        titles = _ids_and_titles(top, list(untitled), every_title=True)
        seen.update(titles)
        for blob, document_id in untitled.items():
            history.ids[document_id].title = titles[blob][1]
    if cache_file and (cached is None or cached.head != head or missing):
        _Cached(head, commits, seen).save(cache_file, pathspec)
    extra.shallow = shallow
    if versions:
        extra.versions = [Version(*blob) for blob in blobs]
        extra.id_of_blob = {blob: document_id for blob, (document_id, _) in seen.items() if document_id}
    return extra


def file_at(root: Path, commit: str, path: str) -> bytes | None:
    """The bytes of ``path`` (relative to the project ``root``) as ``commit`` left it;
    None when that commit has no such file. Raises ``git.GitError`` when git cannot
    run."""
    try:
        return git.run(Path(root), "cat-file", "blob", f"{commit}:./{path}")
    except git.GitError:
        if git.head(Path(root)).top is None:
            raise  # no repository at all, not a missing file
        return None


def history_is_kept(root: Path) -> bool:
    """Whether an earlier run kept the history, so that reading it is mostly reading
    that file (the kept head is checked by ``read_history``, not here)."""
    return (Path(root) / CACHE_FILE).is_file()


def _repository(root: Path) -> tuple[Path, str, bool] | History:
    """The working tree's top folder, the HEAD commit and whether the clone is shallow;
    or the History of a folder that is no repository, or one without commits."""
    found = git.head(root)
    if found.top is None:
        return History()
    if found.commit is None:
        return History(is_repository=True)
    return found.top, found.commit, found.shallow


def _commits(top: Path, head: str, pathspec: str,
             cached: _Cached | None) -> tuple[list[Commit], dict[str, IdAndTitle] | None]:
    """Every commit of ``head`` that touched ``pathspec``, newest first; when the log is
    read in full, also the ids and titles of the Markdown blobs it names that the cache
    lacks (None: they are still to be read)."""
    if cached is not None and cached.head == head:
        return cached.commits, None
    if cached is not None and _only_added_on_top(top, cached.head, head):
        return _parse_log(git.run(top, *_LOG, f"{cached.head}..{head}", "--", pathspec)) + cached.commits, None
    return _full_log(top, head, pathspec, cached.blobs if cached else {})


def _full_log(top: Path, head: str, pathspec: str,
              known: dict[str, IdAndTitle]) -> tuple[list[Commit], dict[str, IdAndTitle]]:
    """The log of ``head`` read as git writes it, each blob it names asked of git
    cat-file at once: the blobs are read while git log still walks the history, where
    one waited for the other (a third of a check without the cache)."""
    commits: list[Commit] = []
    checked_out: dict[str, IdAndTitle] = {}
    titled: set[str] = set()  # the ids whose newest version has been read, with its title

    def walk(ask: Callable[[list[str]], None]) -> None:
        asked = set(known)
        named: set[str] = set()  # the paths of newer commits

        def parse(records: list[bytes]) -> None:
            questions = []
            for record in records:
                if not record:
                    continue  # what precedes the first record
                commit = _parse_record(record)
                commits.append(commit)
                for status, old_path, new_path, blob in commit[1]:
                    newest = new_path not in named
                    named.update((old_path, new_path))
                    # The blobs that _follow lists, in its order.
                    if _is_document_version(status, new_path, blob) and blob not in asked:
                        asked.add(blob)
                        on_disk = _checked_out(top, new_path, blob, titled) if newest else None
                        if on_disk is None:
                            questions.append(blob)
                        else:
                            checked_out[blob] = on_disk
            if questions:
                ask(questions)

        with git.stream(top, *_LOG, head, "--", pathspec) as log:
            pending: list[bytes] = []
            for chunk in iter(lambda: log.read1(1 << 16), b""):
                *records, last = chunk.split(b"\x1e")
                if records:
                    records[0] = b"".join(pending) + records[0]
                    pending = []
                    parse(records)
                pending.append(last)
            parse([b"".join(pending)])

    found = _read_blobs(top, walk, titled)
    found.update(checked_out)
    return commits, found


def _checked_out(top: Path, path: str, blob: str, titled: set[str]) -> IdAndTitle | None:
    """The id and title in ``blob`` read from the working tree, where the file at
    ``path`` holds exactly that blob, as its Git hash shows; else None, and git is asked
    (the file was edited, converted at checkout, or is gone). The newest version of a
    document is usually the checked-out file: read there, git unpacks half the blobs
    at 10,000 documents."""
    hashing = _HASHING.get(len(blob))
    if hashing is None:
        return None
    try:
        descriptor = os.open(top / path, os.O_RDONLY | _OPEN_FLAGS)
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:
                return None
            data = os.read(descriptor, status.st_size)
        finally:
            os.close(descriptor)
    except OSError:
        return None
    # Whatever was read, only the very content of the blob has the blob's name.
    digest = hashing(b"blob %d\0" % len(data))
    digest.update(data)
    return _id_and_title_once(data, titled) if digest.hexdigest() == blob else None


def _only_added_on_top(top: Path, base: str, head: str) -> bool:
    """Whether ``head`` is ``base`` plus commits of one parent each, the oldest on
    ``base``. Git then walks them one by one before it reaches ``base``, so the log of
    ``head`` is theirs followed by that of ``base``. A merge can bring in commits older
    than ``base``, which git would list among base's own: that is read in full."""
    try:
        listing = git.run(top, "rev-list", "--parents", f"{base}..{head}").decode("ascii")
    except (git.GitError, UnicodeDecodeError):
        return False  # e.g. base is gone after a rebase and a garbage collection
    parents = {commit: rest for commit, *rest in (line.split() for line in listing.splitlines() if line)}
    commit, steps = head, 0
    while commit != base:
        if len(parents.get(commit, ())) != 1:
            return False
        commit, steps = parents[commit][0], steps + 1
    return steps == len(parents)


def _parse_log(raw: bytes) -> list[Commit]:
    return [_parse_record(record) for record in raw.split(b"\x1e")[1:]]


def _parse_record(record: bytes) -> Commit:
    header, _, rest = record.partition(b"\x00")
    commit, date, author, message, description = header.decode("utf-8", "replace").split("\x1f", 4)
    change = Change(commit, dt.datetime.fromisoformat(date), author, message, " ".join(description.split()))
    tokens = rest.split(b"\x00")
    entries = []
    index = 0
    while index < len(tokens):
        token = tokens[index].strip()
        index += 1
        if not token.startswith(b":"):
            continue
        meta = token[1:].split(b" ")
        status = meta[4][:1].decode()
        new_blob = meta[3].decode()
        if status in ("R", "C"):
            old_path, new_path = (tokens[index].decode("utf-8", "replace"),
                                  tokens[index + 1].decode("utf-8", "replace"))
            index += 2
        else:
            old_path = new_path = tokens[index].decode("utf-8", "replace")
            index += 1
        entries.append((status, old_path, new_path, new_blob))
    return change, entries


def _follow(commits: list[Commit], prefix: str) -> tuple[History, list[tuple[str, str, str, Change]], dict[str, str],
                                                        VersionHistory]:
    """The changes of each file lineage (renames followed, newest first), and the blobs
    of the Markdown files with their lineage, path and change, newest first; with the
    deletions and the other files' versions."""
    history = History(is_repository=True)
    extra = VersionHistory(history)
    blobs: list[tuple[str, str, str, Change]] = []   # (blob, lineage, path, change), newest first
    lineage_of: dict[str, str] = {}                  # path at an older time -> lineage key
    deleted_in: dict[str, str] = {}                  # deleted lineage key -> commit that deleted it
    for change, entries in commits:
        history.commits += 1
        history.log.append(change)
        for status, old_path, new_path, new_blob in entries:
            if status == "D":
                key = f"{_DELETED}{_relative(old_path, prefix)}"
                lineage_of[old_path] = key
                deleted_in[key] = change.commit
                extra.deleted[key] = change
                history.removed.setdefault(key, change)
                continue
            key = lineage_of.get(new_path, _relative(new_path, prefix))
            if status in ("A", "R", "C"):
                # Older commits that name this path speak of some other file.
                lineage_of.pop(new_path, None)
            if status == "R":
                lineage_of[old_path] = key
            if not key.startswith(_DELETED):
                history.changes_by_path.setdefault(key, []).append(change)
                history.blobs_by_path.setdefault(key, []).append(new_blob)
            else:
                history.deleted_blobs.setdefault(key, new_blob)  # newest first: its last version
            if _is_document_version(status, new_path, new_blob):
                blobs.append((new_blob, key, _relative(new_path, prefix), change))
            elif not new_path.endswith(".md") and not key.startswith(_DELETED):
                extra.other_files.setdefault(key, []).append((new_blob, change))
    return history, blobs, deleted_in, extra


def _is_document_version(status: str, path: str, blob: str) -> bool:
    """Whether a change of the log left a version of a Markdown file whose id and title
    are read (``_follow`` lists them, ``_full_log`` asks git for them as it reads)."""
    return status != "D" and path.endswith(".md") and blob != _ZERO


def _relative(path: str, prefix: str) -> str:
    return path[len(prefix):] if prefix and path.startswith(prefix) else path


def _read_ids(blobs: list[tuple[str, str, str, Change]], history: History, deleted_in: dict[str, str],
              seen: dict[str, IdAndTitle]) -> dict[str, str]:
    """Fills ``history.ids``; returns the blobs whose title is still to be read, with the
    id each is the newest version of."""
    untitled: dict[str, str] = {}
    commits_by_id: dict[str, dict[str, set[str]]] = {}   # id -> commit -> lineages it appeared in
    for blob, lineage, path, change in blobs:
        document_id, title = seen.get(blob, (None, None))
        if not document_id:
            continue
        published = history.ids.get(document_id)
        if published is None:
            # Blobs come newest first, so the first sighting is the latest state.
            published = history.ids[document_id] = PublishedId(document_id, None, path, change, change)
            if title is UNREAD:
                untitled[blob] = document_id
            else:
                published.title = title
        published.first_seen = change
        published.lineages.add(lineage)
        commits_by_id.setdefault(document_id, {}).setdefault(change.commit, set()).add(lineage)
    # A file moved and rewritten in one commit reads as delete + add to git: when the
    # commit that deleted a lineage also wrote the same id elsewhere, it was a move.
    for document_id, published in history.ids.items():
        for lineage in [key for key in published.lineages if key in deleted_in]:
            written = commits_by_id[document_id].get(deleted_in[lineage], set())
            if written - {lineage}:
                published.lineages.discard(lineage)
    return untitled


def _ids_and_titles(top: Path, blobs: list[str], every_title: bool = False) -> dict[str, IdAndTitle]:
    """The id in each blob, and the title in the first blob (newest first) of each id, or
    in every blob with ``every_title``."""
    if not blobs:
        return {}
    return _read_blobs(top, lambda ask: ask(blobs), None if every_title else set())


def _read_blobs(top: Path, questions: Callable[[Callable[[list[str]], None]], None],
                titled: set[str] | None) -> dict[str, IdAndTitle]:
    """The id in each blob that ``questions`` asks for, with the title of every blob
    (``titled`` None) or only of the first of each id not yet in ``titled``; read as a stream: a
    thread runs ``questions``, which passes the blob names to one ``git cat-file`` as it
    learns them, while this thread reads the contents, so git never waits for a
    question (one round trip per blob cost 12,000 waits on the other process for 5,000
    commits). A second ``git cat-file`` sharing a long history saved nothing measurable
    at 1,500 documents and was removed (docs/teknik/prestanda.md)."""
    return _stream_blobs(top, questions, id_and_title if titled is None
                         else lambda content: _id_and_title_once(content, titled))


def _stream_blobs(top: Path, questions: Callable[[Callable[[list[str]], None]], None],
                  read: Callable[[bytes], object]) -> dict[str, object]:
    """``read`` of each blob that ``questions`` asks for, as ``_read_blobs`` describes."""
    blobs = git.BlobStream(top)
    failure: list[BaseException] = []

    def write() -> None:
        try:
            questions(blobs.ask)
        except BaseException as error:  # raised again below
            failure.append(error)
        finally:
            blobs.close()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    found = {blob: read(content) for blob, content in blobs.answers()}
    writer.join()
    try:
        blobs.finish()
    except git.GitError as error:
        failure.append(error)
    if failure:
        raise failure[0]
    return found


FrontMatter = dict[str, object]
"""A version's front-matter as the loader's YAML reader gives it (dates as text), its
keys with a plain value or a list of plain values only."""


@dataclass(frozen=True)
class VersionContent:
    """What the yearly report reads of one version: its front-matter, and a digest of
    its body that tells an edit of the text from a change of the review dates alone."""

    front_matter: FrontMatter
    body_digest: str


def read_front_matters(root: Path, history: VersionHistory,
                       use_cache: bool = True) -> dict[str, VersionContent | None]:
    """The content of every version in ``history.versions``, by blob (None: the loader
    would read no front-matter in it), read by the loader's reader
    (``source.parse_source``).

    Only the yearly report asks for this, so the history that every check reads keeps
    ids and titles alone. Every version is read once through one
    ``git cat-file`` and kept in ``FRONT_MATTER_CACHE_FILE`` by blob, since a blob
    never changes; docs/teknik/prestanda.md has what it costs."""
    return read_version_contents(root, [version.blob for version in history.versions], use_cache)


def read_version_contents(root: Path, blobs: list[str], use_cache: bool = True) -> dict[str, VersionContent | None]:
    """``read_front_matters`` for the versions ``blobs`` names (the history rows a
    document's page shows: what kind of change each made). The cache keeps what it
    kept before as well, so a reader of a few versions does not make the yearly report
    read them all again."""
    top = git.head(root).top if blobs else None
    if top is None:
        return {}
    wanted = list(dict.fromkeys(blobs))
    cache_file = Path(root) / FRONT_MATTER_CACHE_FILE if use_cache else None
    kept = cache.read(cache_file, _FRONT_MATTER_CACHE_VERSION) if cache_file else None
    known = kept.get("blobs") if kept and isinstance(kept.get("blobs"), dict) else {}
    missing = [blob for blob in wanted if blob not in known]
    found = {blob: known[blob] for blob in wanted if blob in known}
    if missing:
        read = _stream_blobs(top, lambda ask: ask(missing), _front_matter)
        found.update(read)
        if cache_file:
            cache.write(cache_file, _FRONT_MATTER_CACHE_VERSION, blobs={**known, **read})
    return {blob: _version_content(value) for blob, value in found.items()}


def _version_content(kept: object) -> VersionContent | None:
    """A kept ``[front-matter, digest]`` as it was written; None for anything else."""
    if isinstance(kept, list) and len(kept) == 2 and isinstance(kept[0], dict) and isinstance(kept[1], str):
        return VersionContent(kept[0], kept[1])
    return None


def read_file_versions(root: Path, history: VersionHistory, path: str) -> list[tuple[Change, bytes]]:
    """Every committed version of the file at project-relative ``path`` that is no
    Markdown document (e.g. the role registry), newest first, with the change that
    wrote it."""
    versions = history.other_files.get(path, [])
    top = git.head(root).top if versions else None
    if top is None:
        return []
    contents = _stream_blobs(top, lambda ask: ask(list(dict.fromkeys(blob for blob, _ in versions))),
                             lambda content: content)
    return [(change, contents[blob]) for blob, change in versions if blob in contents]


_PLAIN = (str, int, float, bool, type(None))


def _front_matter(data: bytes) -> list | None:
    """``[front-matter, body digest]`` of a version, as the cache keeps it."""
    if len(data) > MAX_FILE_BYTES:
        return None
    source = parse_source(data, "")
    located = source.front_matter
    if located is None or not isinstance(located.data, dict):
        return None
    plain = {key: value for key, value in located.data.items()
             if isinstance(key, str) and (isinstance(value, _PLAIN) or
                                          (isinstance(value, list) and all(isinstance(item, _PLAIN) for item in value)))}
    # Blank lines at either end are no change of the text a reader sees.
    return [plain, hashlib.sha256(source.body.strip().encode("utf-8")).hexdigest()[:16]]


def contents(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """The bytes of each blob (as ``History.versions`` names them), read through one
    ``git cat-file`` stream; a blob git does not have is left out."""
    top = git.head(Path(root)).top if blobs else None
    if top is None:
        return {}
    return _stream_blobs(top, lambda ask: ask(list(dict.fromkeys(blobs))), lambda content: content)


def id_and_title(data: bytes) -> IdAndTitle:
    """The id and title of one version of a document, from its bytes, as the loader
    reads them (``source.read_identity``: decoded, front-matter read by the project's
    YAML reader, the title falling back to the first level-1 heading), so an id the
    loader read once is an id of the history: a trailing comment, a quoted key or a flow
    mapping included. (None, None) for a version the loader would find no id in."""
    return read_identity(data) or (None, None)


def _id_and_title_once(data: bytes, titled: set[str]) -> IdAndTitle:
    """``id_and_title``, the title read only for the first version of each id that is
    not yet in ``titled``, which it adds; ``UNREAD`` for the others. The versions come
    newest first, and the history shows only the newest version's title: searching
    every older version for its first heading took 0.6 s at 1,500 documents
    (docs/teknik/prestanda.md)."""
    found = read_identity(data, title=False)
    if found is None:
        return None, None
    if found[0] in titled:
        return found[0], UNREAD
    titled.add(found[0])
    return id_and_title(data)


@dataclass
class _Cached:
    """What ``.cache/qms/historik.json`` keeps: the log at ``head`` and blobs' ids."""

    head: str
    commits: list[Commit]
    blobs: dict[str, IdAndTitle]

    def save(self, file: Path, pathspec: str) -> None:
        commits = [[change.commit, change.date.isoformat(), change.author, change.message, change.description,
                    [[status, new_path, blob] if old_path == new_path else [status, new_path, blob, old_path]
                     for status, old_path, new_path, blob in entries]]
                   for change, entries in self.commits]
        cache.write(file, _CACHE_VERSION, pathspec=pathspec, head=self.head, commits=commits,
                    blobs={blob: list(id_and_title) for blob, id_and_title in self.blobs.items()})

    @classmethod
    def load(cls, file: Path, pathspec: str) -> _Cached | None:
        """The kept history, or None when there is none for ``pathspec`` or it is not
        exactly as ``save`` writes it (a damaged or edited file is read afresh)."""
        data = cache.read(file, _CACHE_VERSION)
        if data is None or data.get("pathspec") != pathspec or not _COMMIT.match(str(data.get("head"))):
            return None
        try:
            commits = [(Change(_text(commit), dt.datetime.fromisoformat(date), _text(author), _text(message),
                               _text(description)),
                        [_entry(*entry) for entry in entries])
                       for commit, date, author, message, description, entries in data["commits"]]
            blobs = {_text(blob): (_text_or_none(document_id), UNREAD if title is UNREAD else _text_or_none(title))
                     for blob, (document_id, title) in data["blobs"].items()}
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        return cls(data["head"], commits, blobs)


def _entry(status: str, new_path: str, blob: str, old_path: str | None = None) -> Entry:
    return _text(status), _text(new_path if old_path is None else old_path), _text(new_path), _text(blob)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("a text was expected")
    return value


def _text_or_none(value: object) -> str | None:
    return None if value is None else _text(value)
