"""Earlier versions of each document, readable as they were, and what each change
changed, word by word: for the question after every Lex Sarah or Lex Maria report,
"which routine applied that day, and what has changed since?".

For each published document with more than one version in the Git history:

- ``versioner/<ID>/`` lists its versions, each with the days it applied (from its commit
  to the next one's), and answers the document page's date form ("Visa versionen som
  gällde …"): its script opens the version of the date asked, and without a script the
  list itself shows the way;
- ``versioner/<ID>/<commit>/`` is each earlier version, rendered from Git, under the
  banner "Detta är inte den gällande versionen – gällande version finns här";
- ``versioner/<ID>/<commit>/andringar/`` is each change against the version before it,
  word by word, naming the sections it changed.

They are plain, self-contained HTML files (no theme, no script but the date form's), so
the thousands of versions of a large handbook cost no MkDocs page each. The text of an
old version cannot be corrected by an editor: personal identity numbers are masked, as
in the commit messages the history table shows, and its links to other pages are shown
as text (their targets may be long gone).

A site that leaves documents out (``Handbook.withheld``: the public site leaves out the
internal ones and drafts) shows an earlier text only when nothing in it points to one of
them: its id, title, address or a sentence of its own (``leak_gate.Fingerprints``, the
marks the leak gate looks for after the build). Git history cannot be edited, and text
often moves from a public routine into an internal one; such a version says where it can
be read instead, and a commit subject naming a withheld document is not shown
(``withheld.shown_message``); a change is named by its kind and its ``Beskrivning:``
trailer (``changes.what_changed``), never by the commit subject.

Rendering is what they cost: at 1,500 documents and 5,000 commits, 22,267 files took
105 s CPU per build. Each version's HTML and each change's marks are kept between
builds (``KeptRenderings``, keyed by the text, so right for every audience), and so is
what each blob is shown as, keyed by what the site withholds
(``leak_gate.PublicationMarks.digest``): a deploy that changed no withheld document
reads no blob and makes no fingerprints, and one that did decides every version again.
The leak gate reads the files after the build whatever was kept (docs/teknik/prestanda.md
has the figures).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup, escape

from qms_tools.handbook import markdown_scan
from qms_tools.handbook.history import Change, History, contents
from qms_tools.handbook.markdown_scan import headings
from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.personal_ids import mask_personal_ids
from qms_tools.handbook.source import parse_source
from qms_tools.publishing import safety
from qms_tools.publishing.changes import CHANGED, change_kinds, what_changed
from qms_tools.publishing.leak_gate import PublicationMarks
from qms_tools.publishing.qr import permanent_path
from qms_tools.publishing.safety import sanitise
from qms_tools.publishing.static_site import StaticFile
from qms_tools.publishing.withheld import shown_text
from qms_tools.runtime import cache, git

FOLDER = "versioner"
CACHE_FILE = ".cache/qms/versionssidor.json.gz"
"""Relative to the project root: each version's rendered text and each change's marked
sections, by the text they were made from (``KeptRenderings``); safe to delete."""
_EXTENSIONS = ["tables", "attr_list", "admonition", "sane_lists", "def_list"]
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.DOTALL | re.IGNORECASE)
_TOKENS = re.compile(r"\s+|[^\s]+")
_FIRST_H1 = re.compile(r"^\s*<h1\b.*?</h1>", re.DOTALL | re.IGNORECASE)


def index_uri(document_id: str) -> str:
    return f"{FOLDER}/{document_id}/index.html"


def version_segment(commit: str) -> str:
    """The folder naming a version: the commit's first ten hex digits, or nine when the
    ten are all decimal digits. Ten digits can read as a personnummer (one commit in about
    110 has such a prefix, and some are valid numbers, which the site's final gate then
    rightly refuses); nine cannot, and a longer prefix would not help when a letter
    follows the ten. Every other version keeps the address it had."""
    return commit[:9] if commit[:10].isdigit() else commit[:10]


def version_uri(document_id: str, commit: str) -> str:
    return f"{FOLDER}/{document_id}/{version_segment(commit)}/index.html"


def diff_uri(document_id: str, commit: str) -> str:
    return f"{FOLDER}/{document_id}/{version_segment(commit)}/andringar/index.html"


@dataclass(frozen=True)
class Version:
    change: Change
    blob: str
    previous_blob: str | None
    until: Change | None
    """The next version's change: this one applied until that day (None: in force)."""

    @property
    def is_current(self) -> bool:
        return self.until is None


def document_versions(history: History | None, document: Document) -> list[Version]:
    """Newest first; empty for a document with fewer than two versions."""
    found = history.versions(document.path) if history else []
    if len(found) < 2 or not document.id:
        return []
    return [Version(change, blob, found[index + 1][1] if index + 1 < len(found) else None,
                    found[index - 1][0] if index else None)
            for index, (change, blob) in enumerate(found)]


def version_files(handbook: Handbook, withheld: list[Document] | None = None) -> list[StaticFile]:
    """Every version list, earlier version and change view, made when first read.
    ``withheld``: the documents of the project this site leaves out."""
    files = []
    texts = _Texts(handbook, withheld or [])
    _last[:] = [(weakref.ref(handbook), texts.kept)]
    for document in handbook.documents:
        versions = document_versions(handbook.history, document)
        if not versions:
            continue
        texts.versions.extend(versions)
        document_id = document.id or ""
        files.append(StaticFile(index_uri(document_id), make=lambda d=document, v=versions: _index(handbook, d, v, texts)))
        for version in versions:
            if not version.is_current:
                files.append(StaticFile(version_uri(document_id, version.change.commit),
                                        make=lambda d=document, v=version: _version(handbook, d, v, texts)))
            if version.previous_blob is not None:
                files.append(StaticFile(diff_uri(document_id, version.change.commit),
                                        make=lambda d=document, v=version: _diff(handbook, d, v, texts)))
    return files


def save_renderings(handbook: Handbook) -> None:
    """Keep what the version files of ``handbook`` rendered, for the next build (only
    what this process made: a build's worker makes them and saves them)."""
    for reference, kept in _last:
        if reference() is handbook:
            kept.save()


class KeptRenderings:
    """Each version's text as HTML, each change's marked sections and each version's
    shown text, kept between builds in ``CACHE_FILE``.

    A rendering is kept under the SHA-1 of the text it was made from: the text as the
    page shows it, personal identity numbers masked and links to withheld documents
    already their reasons (``_Texts.shown``), so it is right for any audience. What a
    blob is shown as on a site (its title and the SHA-1 of that text, or that it is not
    shown) is kept under the blob, the document's address and the digest of what the
    site withholds (``leak_gate.PublicationMarks.digest``): a deploy that changed no
    withheld document reads no blob and makes no fingerprints. The file's version is
    the hash of the code that renders (this module, ``safety``, ``markdown_scan``) and
    of Python-Markdown's and nh3's versions, so a changed renderer renders everything
    again. Within a build each text is rendered once: a version's text is also the next
    change's old side.

    A build keeps what it used and what the file held (the public and the internal
    build use mostly the same texts, and each its own few), until the file holds more
    than twice what a build used; then only what the build used."""

    def __init__(self, file: Path | None):
        self.file = file
        self._stored: dict | None = None
        self.used: dict[str, object] = {}
        self.new = 0

    def html(self, shown: Shown, text) -> tuple[Markup, str | None]:
        """The shown text (``text()`` makes it) as HTML, and its first level-1 heading
        (the version's title where its front-matter has none; finding it costs as much
        as the rendering)."""
        found = self.get("m" + shown.digest, lambda: [str(_render_markdown(text())), _first_heading(text())],
                         _is_page)
        return Markup(found[0]), found[1]

    def changes(self, old: Shown, new: Shown, texts) -> list[tuple[str, Markup]]:
        """The sections changed from ``old`` to ``new`` (``texts()`` makes both texts)."""
        key = "d" + hashlib.sha1(f"{old.digest}\0{new.digest}".encode()).hexdigest()
        found = self.get(key, lambda: [[title, str(marked)] for title, marked in changed_sections(*texts())],
                         _is_changes)
        return [(title, Markup(marked)) for title, marked in found]

    def get(self, key: str, make, valid) -> object:
        if key in self.used:
            return self.used[key]
        found = self.stored.get(key)
        if found is None or not valid(found):
            found = make()
            self.new += 1
        self.used[key] = found
        return found

    @property
    def stored(self) -> dict:
        if self._stored is None:
            kept = cache.read(self.file, _cache_version()) if self.file is not None else None
            self._stored = kept["texts"] if kept and isinstance(kept.get("texts"), dict) else {}
        return self._stored

    def save(self) -> None:
        if self.file is None or not self.new:
            return
        texts = {**self.stored, **self.used}
        cache.write(self.file, _cache_version(), texts=texts if len(texts) <= 2 * len(self.used) else self.used)


@dataclass(frozen=True)
class Shown:
    """What a version's blob is shown as: its title and the SHA-1 of its shown text."""
    title: str
    digest: str


def _first_heading(body: str) -> str | None:
    heading = next(iter(headings(body, 1)), None)
    return heading.text if heading else None


def _is_page(value: object) -> bool:
    return (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
            and (value[1] is None or isinstance(value[1], str)))


def _is_changes(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, list) and len(item) == 2 and
                                           all(isinstance(part, str) for part in item) for item in value)


@lru_cache(maxsize=1)
def _cache_version() -> str:
    digest = hashlib.sha256()
    for module in (__file__, safety.__file__, markdown_scan.__file__):
        digest.update(Path(module).read_bytes())
    for package in ("markdown", "nh3"):
        digest.update(metadata.version(package).encode())
    return "versionssidor " + digest.hexdigest()[:16]


_last: list[tuple[weakref.ref[Handbook], KeptRenderings]] = []
"""The renderings of the version files made last (``save_renderings``)."""


class _Texts:
    """What each version's blob is shown as, kept between builds (``KeptRenderings``);
    the blobs themselves are read, in one ``git cat-file`` stream, only when something
    is not kept."""

    def __init__(self, handbook: Handbook, withheld: list[Document]):
        self._handbook = weakref.ref(handbook)
        self._texts: dict[str, bytes] | None = None
        settings = handbook.settings
        self._marks = PublicationMarks(handbook, withheld, settings.root / settings.docs_dir) if withheld else None
        self._shown: dict[tuple[str | None, str], Shown | None | bool] = {}
        self._text: dict[tuple[str | None, str], str] = {}
        self._lines: dict[str, bool] = {}
        self.kept = KeptRenderings(handbook.settings.root / CACHE_FILE)
        self.versions: list[Version] = []
        """Every version the site shows, for ``kind``."""
        self._kinds: dict[tuple[str, str], str] | None = None

    def kind(self, version: Version) -> str:
        """The kind of change that made ``version`` (``changes.change_kinds``), worked out
        for every shown version at once: one read of the versions' contents."""
        if self._kinds is None:
            handbook = self._handbook()
            kinds = change_kinds(handbook.settings.root, [(item.blob, item.previous_blob) for item in self.versions]) \
                if handbook is not None else []
            self._kinds = {(item.change.commit, item.blob): kind for item, kind in zip(self.versions, kinds)}
        return self._kinds.get((version.change.commit, version.blob), CHANGED)

    def names_withheld(self, text: str) -> bool:
        """Whether ``text`` points to a document this site leaves out."""
        handbook = self._handbook()
        if self._marks is None or handbook is None:
            return False
        if any("\n" in name for name in handbook.withheld_names):
            if handbook.names_withheld(text) or any(self._marks.find_exact(text)):
                return True
        elif any(self._line_names_withheld(handbook, line) for line in text.split("\n")):
            return True
        return any(self._marks.find_in(text))

    def _line_names_withheld(self, handbook: Handbook, line: str) -> bool:
        """Whether ``line`` holds a withheld document's name, id or address. None of them
        spans lines, and the versions of a document share most of their lines: asked
        once per line, this took 1.5 s instead of 11 s at 1,500 documents."""
        found = self._lines.get(line)
        if found is None:
            found = self._lines[line] = handbook.names_withheld(line) or any(self._marks.find_exact(line))
        return found

    def shown(self, blob: str | None, document: Document) -> Shown | None | bool:
        """What ``blob`` is shown as on the page of the document now at its address: None
        without a blob, False when it still points to a withheld document. Worked out
        once per blob (each is shown by its version and two changes) and kept between
        builds for the same withheld documents."""
        key = (blob, document.content_path)
        if key not in self._shown:
            self._shown[key] = None if blob is None else self._decide(blob, document)
        return self._shown[key]

    def _decide(self, blob: str, document: Document) -> Shown | None | bool:
        context = self._marks.digest() if self._marks is not None else cache.code_digest()
        key = "s" + hashlib.sha1(f"{context}\0{blob}\0{document.content_path}".encode()).hexdigest()
        found = self.kept.get(key, lambda: self._decision(blob, document), _is_decision)
        return Shown(found[0], found[1]) if isinstance(found, list) else found

    def _decision(self, blob: str, document: Document) -> list[str] | None | bool:
        found = self.body(blob)
        handbook = self._handbook()
        if found is None or handbook is None:
            return None
        title, body = found
        if self._marks is not None:
            body = shown_text(handbook, document.content_path, body)
            if self.names_withheld(title + "\n" + body):
                return False
        self._text[(blob, document.content_path)] = body
        return [title, hashlib.sha1(body.encode("utf-8", "surrogatepass")).hexdigest()]

    def text(self, blob: str | None, document: Document) -> str:
        """The text ``shown`` decided on, made again when only the decision was kept."""
        key = (blob, document.content_path)
        if key not in self._text:
            self._decision(blob, document)
        return self._text.get(key, "")

    def body(self, blob: str | None) -> tuple[str, str] | None:
        """(title, body) of a version, personal identity numbers masked."""
        if blob is None:
            return None
        if self._texts is None:
            handbook = self._handbook()
            blobs = [version.blob for document in (handbook.documents if handbook else [])
                     for version in document_versions(handbook.history, document)]
            try:
                self._texts = contents(handbook.settings.root, blobs) if handbook else {}
            except git.GitError:
                self._texts = {}
        raw = self._texts.get(blob)
        if raw is None:
            return None
        source = parse_source(raw, "")
        data = source.front_matter.data if source.front_matter is not None else None
        title = data.get("title") if isinstance(data, dict) and isinstance(data.get("title"), str) else None
        return mask_personal_ids(title or ""), mask_personal_ids(source.body)


def _is_decision(value: object) -> bool:
    return value is None or value is False or (isinstance(value, list) and len(value) == 2
                                               and all(isinstance(part, str) for part in value))


@dataclass(frozen=True)
class _Section:
    title: str
    text: str


@lru_cache(maxsize=4)
def sections(body: str) -> tuple[_Section, ...]:
    """The body split at its headings (as the Markdown structure reader finds them); the
    text before the first heading is the section "Inledning". The last few are kept: a
    version's text is the new side of one change and the old side of the next."""
    lines = body.split("\n")
    marks = [(heading.line - 1, heading.text) for heading in headings(body, 1)]
    found, start, title = [], 0, "Inledning"
    for line, heading in marks:
        found.append(_Section(title, "\n".join(lines[start:line])))
        start, title = line, heading
    found.append(_Section(title, "\n".join(lines[start:])))
    return tuple(section for section in found if section.text.strip() or section.title != "Inledning")


def changed_sections(old: str, new: str) -> list[tuple[str, Markup]]:
    """Each section whose words changed, with its text marked word by word: ``<del>``
    what was taken away, ``<ins>`` what was added. Sections are paired by heading."""
    old_sections = {section.title: section.text for section in sections(old)}
    result = []
    seen = set()
    for section in sections(new):
        seen.add(section.title)
        before = old_sections.get(section.title, "")
        if before.split() != section.text.split():
            result.append((section.title, word_diff(before, section.text)))
    for title, text in old_sections.items():
        if title not in seen and text.split():
            result.append((title, word_diff(text, "")))
    return result


def word_diff(old: str, new: str) -> Markup:
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    parts: list[str] = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            parts.append(str(escape("".join(old_tokens[old_start:old_end]))))
            continue
        # Whitespace is marked too: both versions can be read back from the marks.
        removed, added = "".join(old_tokens[old_start:old_end]), "".join(new_tokens[new_start:new_end])
        if removed:
            parts.append(f"<del>{escape(removed)}</del>")
        if added:
            parts.append(f"<ins>{escape(added)}</ins>")
    return Markup("".join(parts))


def _render_markdown(body: str) -> Markup:
    """The version's text as HTML, through the site's allowlist; its first heading is the
    page's own title already, and its links are text."""
    html = markdown.markdown(body, extensions=_EXTENSIONS, output_format="html")
    return Markup(sanitise(_FIRST_H1.sub("", _LINK.sub(r"\1", html), count=1)))


def _root(dest_uri: str) -> str:
    return "../" * dest_uri.count("/")


def _common(handbook: Handbook, document: Document, dest_uri: str) -> dict[str, object]:
    root = _root(dest_uri)
    return {"root": root, "site_name": _site_name(handbook), "document_id": document.id,
            "current_title": document.display_title, "current_href": root + permanent_path(document.id or ""),
            "index_href": root + index_uri(document.id or "").removesuffix("index.html")}


def _period(version: Version) -> tuple[str, str | None]:
    return version.change.date.date().isoformat(), version.until.date.date().isoformat() if version.until else None


def _index(handbook: Handbook, document: Document, versions: list[Version], texts: _Texts) -> str:
    dest = index_uri(document.id or "")
    root = _root(dest)
    rows = []
    for version in versions:
        start, end = _period(version)
        rows.append({"from": start, "until": end, "message": _message(handbook, version, texts),
                     "href": root + permanent_path(document.id or "") if version.is_current
                     else root + version_uri(document.id or "", version.change.commit).removesuffix("index.html"),
                     "diff": root + diff_uri(document.id or "", version.change.commit).removesuffix("index.html")
                     if version.previous_blob else None})
    return _template("index.html").render(**_common(handbook, document, dest), rows=rows)


def _version(handbook: Handbook, document: Document, version: Version, texts: _Texts) -> str:
    dest = version_uri(document.id or "", version.change.commit)
    found = texts.shown(version.blob, document)
    start, end = _period(version)
    content, heading = texts.kept.html(found, lambda: texts.text(version.blob, document)) if found else (None, None)
    return _template("version.html").render(
        **_common(handbook, document, dest), title=(found.title if found else "") or heading or document.display_title,
        start=start, until=end, message=_message(handbook, version, texts), content=content, withheld=found is False)


def _message(handbook: Handbook, version: Version, texts: _Texts) -> str:
    return what_changed(handbook, texts.kind(version), version.change)


def _diff(handbook: Handbook, document: Document, version: Version, texts: _Texts) -> str:
    dest = diff_uri(document.id or "", version.change.commit)
    new, old = texts.shown(version.blob, document), texts.shown(version.previous_blob, document)
    start, _ = _period(version)
    changed = texts.kept.changes(old, new, lambda: (texts.text(version.previous_blob, document),
                                                    texts.text(version.blob, document))) if new and old else None
    root = _root(dest)
    return _template("diff.html").render(
        **_common(handbook, document, dest), start=start, message=_message(handbook, version, texts),
        withheld=new is False or old is False,
        sections=changed, title_change=(old.title, new.title) if new and old and old.title != new.title else None,
        version_href=(root + permanent_path(document.id or "")) if version.is_current
        else root + version_uri(document.id or "", version.change.commit).removesuffix("index.html"),
        is_current=version.is_current)


def _site_name(handbook: Handbook) -> str:
    name = handbook.organisation.name
    return f"Kvalitetshandbok – {name}" if name else "Kvalitetshandbok"


_environment: jinja2.Environment | None = None


def _template(name: str) -> jinja2.Template:
    global _environment
    if _environment is None:
        _environment = jinja2.Environment(loader=jinja2.PackageLoader("qms_tools", "templates/versions"),
                                          autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                          undefined=jinja2.StrictUndefined, auto_reload=False)
    return _environment.get_template(name)
