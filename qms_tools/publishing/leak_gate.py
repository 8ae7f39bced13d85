"""The leak gate: a built site is read for what its audience must not see.

The publication leaves withheld documents out of every page by construction
(``publication.publish``); this gate checks the promise on the output, whatever made
it: after the build every file of the site (pages, search shards, sitemap, feeds,
posters, permanent links, the offline manifest, the 404 page) and every file's path is
read for each withheld document's id, title, headings and distinctive sentences. A hit
fails the build, naming the site file and the document, never the text itself.

What counts as a document's fingerprint:

- its id and its page's address (folder and file name), always;
- its title and headings, unless a published document says the same (a heading such as
  "Gör så här" is every routine's) or it is one short word, which the site's own words
  could hold by chance;
- its sentences of six words or more that no published document contains, read as
  the search index reads them (``language.text.sections`` and ``plain_sentences``).

Text is compared as a sequence of words, case folded, so markup between words (``<em>``,
a line break, JSON escapes) does not hide a hit. HTML is read twice, as a reader sees
it (tags removed, entities decoded) and as written (attribute values: a title in
``aria-label`` or ``alt``). An image is read as a phone and a reader would: every QR
code in it is decoded, with zxing-cpp, the decoder behind many phone scanning apps, since
a code on a public page that leads to an internal document's permanent address names
that document's id; and the text an image file carries (PNG text chunks, comments, EXIF,
XMP), read by Pillow. QR codes only, the codes a phone's camera opens: looking for every
linear barcode format as well took 2.8 s for a 1200 × 900 photo-like picture, QR codes
alone 9 ms (under a load average of 16). An image the gate cannot open fails
the build too: what cannot be read cannot be vouched for. Fonts, PDF and Office files are
read by their names only.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable
from urllib.parse import quote

from qms_tools.handbook.abbreviations import glossary
from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.settings import SETTINGS_FILE
from qms_tools.language.text import not_words_removed, plain_sentences, sections
from qms_tools.publishing.safety import site_files
from qms_tools.publishing.withheld import shown_body
from qms_tools.runtime import cache

if TYPE_CHECKING:
    from qms_tools.publishing.publication import Publication

_WORD = re.compile(r"\w+")
_ICS_FOLD = re.compile(r"\r?\n[ \t]")
_TAG = re.compile(r"<[^>]*>")
_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp", ".tif", ".tiff"}
_BINARY = {".woff", ".woff2", ".ttf", ".eot", ".otf", ".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".zip"}
_SENTENCE_WORDS = 6
_SHORT_WORD = 12
"""A one-word title or heading shorter than this is no fingerprint: a routine headed
"Larm" is not leaked by a page that says "larm"."""

ID, ADDRESS, TITLE, HEADING, SENTENCE = "id", "adress", "titel", "rubrik", "mening"
_KIND_TEXT = {ID: "dokumentets id", ADDRESS: "dokumentets adress", TITLE: "dokumentets titel",
              HEADING: "en rubrik ur dokumentet", SENTENCE: "en mening ur dokumentet"}


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


@dataclass(frozen=True)
class Mark:
    words: tuple[str, ...]
    kind: str
    document: Document


@dataclass
class Leak:
    site_path: str
    document: Document
    kinds: list[str] = field(default_factory=list)

    def message(self, audience_label: str) -> str:
        what = ", ".join(_KIND_TEXT[kind] for kind in self.kinds)
        return (f"{self.site_path}: filen innehåller {what} från {self.document.path} "
                f"({self.document.id or 'utan id'}), som inte publiceras på {audience_label}. "
                f"Ta bort det som pekar ut dokumentet ur den publicerade texten, eller ändra dokumentets "
                f"publicering, och bygg om.")


@dataclass
class Unreadable:
    """An image of the site that the gate could not open: it fails the build as a leak
    does, since nobody can say what it shows."""

    site_path: str
    reason: str

    def message(self, audience_label: str) -> str:
        return (f"{self.site_path}: läckspärren kan inte läsa bilden ({self.reason}) och kan därför inte se "
                f"om den visar något som inte publiceras på {audience_label}. Spara om bilden som PNG eller "
                f"JPEG, eller ta bort den, och bygg om.")


class Fingerprints:
    """The marks of the withheld documents, indexed by their first word."""

    def __init__(self, withheld: Iterable[Document], published_texts: Iterable[str],
                 published_names: Iterable[str] = (), shown_addresses: Iterable[str] = ()):
        """``published_texts``: everything the site publishes on purpose (the published
        documents, the hand-written pages, the registry); ``published_names``: the
        published documents' titles and ids, which a withheld document may name ("see
        Hot och våld i arbetet (RUT-STOD-005)") without that sentence being its own;
        ``shown_addresses``: the addresses of documents the site shows or names (held
        back for errors), which a withheld document may share (larm.md, larm/index.md)."""
        shown = set(shown_addresses)
        published = _WordSet(published_texts)
        names = _Phrases(words(name) for name in published_names)
        self.by_first: dict[str, list[Mark]] = {}
        self.count = 0
        # Ids and addresses are found as written, whole: RUT-BOU-001 is not in
        # RUT-BOU-001-A, nor rutiner/larm/ in rutiner/larm-natt/.
        self.exact: dict[str, Mark] = {}
        for document in withheld:
            if document.id:
                self.exact[document.id] = Mark(words(document.id), ID, document)
            # Its page's address (folder and file name): a sitemap or a link names it so.
            # One word ("larm.md" at the top) could be any page's word.
            stem = _address(document)
            if ("/" in stem or "-" in stem) and stem not in shown:
                for form in {stem, quote(stem, safe="/-._~")}:
                    self.exact[form] = Mark(words(stem), ADDRESS, document)
            for mark in _marks(document):
                if mark.words in published:
                    continue
                if mark.kind == SENTENCE and names.residue(mark.words) < _SENTENCE_WORDS:
                    continue
                self.by_first.setdefault(mark.words[0], []).append(mark)
                self.count += 1
        self.count += len(self.exact)
        self._keys = sorted({max(mark.words, key=len) for marks in self.by_first.values() for mark in marks})
        self._exact = re.compile(r"(?<![\w-])(" + "|".join(re.escape(key) for key in sorted(
            self.exact, key=len, reverse=True)) + r")(?![\w-])") if self.exact else None

    def __bool__(self) -> bool:
        return bool(self.by_first) or bool(self.exact)

    def digest(self) -> str:
        """What decides whether a file holds a mark: every mark's words and kind, and
        the exact forms. Two sets of fingerprints with one digest find the same files."""
        marks = sorted((mark.kind, mark.words) for marks in self.by_first.values() for mark in marks)
        exact = sorted((form, mark.kind) for form, mark in self.exact.items())
        return hashlib.sha256(repr((marks, exact)).encode("utf-8")).hexdigest()

    def find_exact(self, text: str) -> Iterable[Mark]:
        if self._exact is not None:
            for match in self._exact.finditer(text):
                yield self.exact[match.group(1)]

    def find_in(self, text: str) -> Iterable[Mark]:
        """The marks in ``text``. Its words are only listed when the longest word of some
        mark is in it at all: most files hold none, and a substring test is a hundred
        times cheaper than reading every word."""
        folded = text.casefold()
        if not any(word in folded for word in self._keys):
            return ()
        return self.find(words(text))

    def find(self, found: tuple[str, ...]) -> Iterable[Mark]:
        by_first = self.by_first
        for index, word in enumerate(found):
            marks = by_first.get(word)
            if marks:
                for mark in marks:
                    if found[index:index + len(mark.words)] == mark.words:
                        yield mark


def publication_fingerprints(handbook: Handbook, withheld: Iterable[Document], docs_dir: Path,
                             held_back: Iterable[Document] = ()) -> Fingerprints:
    """The fingerprints of ``withheld`` against what the site built from ``handbook``
    (the published handbook) publishes on purpose: its documents, what its abbreviations
    stand for, the hand-written pages in ``docs_dir``, the role registry and the settings. A line of a published document
    is read as its page shows it: "(internt dokument)" where it links to a withheld one,
    not the link's text."""
    published: list[str] = []
    for document in handbook.documents:
        # As a reader sees it: a link's text without its target between the words.
        published.append(document.title or "")
        for section in sections(shown_body(handbook, document), document.body_line, document.headings):
            published += [section.heading or "", section.text]
    published += [not_words_removed(text) for _, text in _published_files(handbook, docs_dir)]
    # What an abbreviation stands for is on every page that uses it (publishing.abbreviations).
    published += glossary(handbook.acts).values()
    names = [name for document in handbook.documents for name in (document.display_title, document.id or "")]
    addresses = [_address(document) for document in [*handbook.documents, *held_back]]
    return Fingerprints(withheld, published, names, addresses)


def _published_files(handbook: Handbook, docs_dir: Path) -> Iterable[tuple[str, str]]:
    """(name, text) of the hand-written pages, the role registry and the settings; the
    name is where the project keeps it, the same from any working directory."""
    settings = handbook.settings
    named = [(f"docs/{path.relative_to(docs_dir).as_posix()}", path) for path in sorted(docs_dir.rglob("*.md"))]
    named += [("organisation", settings.organisation_path), ("settings", settings.root / SETTINGS_FILE)]
    for name, path in named:
        try:
            yield name, path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue


class PublicationMarks:
    """``publication_fingerprints``, made only when something must be read for them.

    ``digest`` hashes what the fingerprints are made of (every document's text and
    address, which are withheld and why, the hand-written pages, the settings, the
    glossary) and the package's code, so it is known in milliseconds; a check that
    remembers what it found under that digest (``scan_for_leaks``' memo, the version
    pages' decisions) need not make the fingerprints at all (3 s at 1,500 documents)."""

    def __init__(self, handbook: Handbook, withheld: Iterable[Document], docs_dir: Path,
                 held_back: Iterable[Document] = ()):
        self._arguments = (handbook, list(withheld), docs_dir, list(held_back))
        self._made: Fingerprints | None = None
        self._digest: str | None = None

    def __bool__(self) -> bool:
        return bool(self._arguments[1])

    @property
    def fingerprints(self) -> Fingerprints:
        if self._made is None:
            self._made = publication_fingerprints(*self._arguments)
        return self._made

    def find_exact(self, text: str) -> Iterable[Mark]:
        return self.fingerprints.find_exact(text)

    def find_in(self, text: str) -> Iterable[Mark]:
        return self.fingerprints.find_in(text)

    def digest(self) -> str:
        if self._digest is None:
            handbook, withheld, docs_dir, held_back = self._arguments
            digest = hashlib.sha256(cache.code_digest().encode())

            def add(*values: object) -> None:
                for value in values:
                    digest.update(str(value).encode("utf-8", "surrogatepass") + b"\0")

            for kind, documents in (("publicerat", handbook.documents), ("undanhållet", withheld),
                                    ("tillbakahållet", held_back)):
                for document in documents:
                    add(kind, document.path, document.content_path, document.id, document.title,
                        document.display_title, document.body_line, document.body)
            add(sorted(handbook.withheld.items()), sorted(handbook.withheld_names))
            for name, text in _published_files(handbook, docs_dir):
                add(name, text)
            add(sorted(glossary(handbook.acts).items()))
            self._digest = digest.hexdigest()
        return self._digest


def _address(document: Document) -> str:
    return re.sub(r"(^|/)(index|README)$", "", document.content_path.rsplit(".", 1)[0])


def _marks(document: Document) -> Iterable[Mark]:
    title = words(document.title or "")
    texts = [(document.title, TITLE)] + [(heading.text, HEADING) for heading in document.headings]
    for value, kind in texts:
        found = words(value or "")
        if kind == HEADING and found == title:
            continue  # the title's own heading: one mark, named as the title
        if found and (len(found) > 1 or len(found[0]) >= _SHORT_WORD):
            yield Mark(found, kind, document)
    for section in sections(document.body, document.body_line, document.headings):
        for sentence in plain_sentences(section.text):
            found = words(sentence)
            if len(found) >= _SENTENCE_WORDS:
                yield Mark(found, SENTENCE, document)


class _Phrases:
    def __init__(self, phrases: Iterable[tuple[str, ...]]):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            if phrase:
                self.by_first.setdefault(phrase[0], []).append(phrase)
        for candidates in self.by_first.values():
            candidates.sort(key=len, reverse=True)

    def residue(self, found: tuple[str, ...]) -> int:
        """How many of ``found``'s words are not part of one of the phrases."""
        left, index = 0, 0
        while index < len(found):
            length = next((len(phrase) for phrase in self.by_first.get(found[index], ())
                           if found[index:index + len(phrase)] == phrase), 0)
            if length:
                index += length
            else:
                left += 1
                index += 1
        return left


class _WordSet:
    """Answers "does any of these texts contain this word sequence?" for many questions
    at once: each text's word n-grams are not stored; the question's first word is
    looked up and compared in place."""

    def __init__(self, texts: Iterable[str]):
        self.texts = [words(text) for text in texts]
        self.positions: dict[str, list[tuple[int, int]]] = {}
        for number, found in enumerate(self.texts):
            for index, word in enumerate(found):
                self.positions.setdefault(word, []).append((number, index))

    def __contains__(self, sequence: tuple[str, ...]) -> bool:
        for number, index in self.positions.get(sequence[0], ()):
            if self.texts[number][index:index + len(sequence)] == sequence:
                return True
        return False


def site_file_texts(data: bytes, suffix: str) -> list[str]:
    """A site file's text as the gate reads it: for HTML and SVG also without tags and
    with entities decoded; for JSON also its decoded strings."""
    if suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            pass
    text = data.decode("utf-8", errors="replace")
    if suffix == ".ics":
        text = _ICS_FOLD.sub("", text)  # RFC 5545 folds long lines inside words
    texts = [text]
    if "<" in text:
        texts.append(html.unescape(_TAG.sub(" ", text)))
    if suffix in (".json", ".webmanifest") or text.lstrip()[:1] in ("{", "["):
        try:
            texts.append("\n".join(_strings(json.loads(text))))
        except ValueError:
            pass
    return texts


class UnreadableImage(Exception):
    pass


def image_texts(data: bytes) -> list[str]:
    """What an image says: the text of every QR code in each of its frames, as zxing-cpp
    decodes it, and every text its file carries, as Pillow reads it (PNG tEXt, zTXt and
    iTXt chunks, JPEG and GIF comments, EXIF and XMP). Raises ``UnreadableImage`` for a
    file Pillow cannot decode."""
    # Imported here: only a build with images needs them, never `qms check`.
    import zxingcpp
    from PIL import Image, ImageSequence

    texts: list[str] = []
    try:
        with Image.open(io.BytesIO(data)) as image:
            for frame in ImageSequence.Iterator(image):
                if "A" in frame.getbands() or "transparency" in frame.info:
                    # On white, as a screen or paper shows it: a code drawn on a transparent
                    # background would be black on black once grey.
                    rgba = frame.convert("RGBA")
                    grey = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("L")
                else:
                    grey = frame.convert("L")
                pixels = memoryview(grey.tobytes()).cast("B", (grey.height, grey.width))
                codes = zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
                texts += [code.text for code in codes]
            for value in [*image.info.values(), *image.getexif().values()]:
                if isinstance(value, bytes):
                    value = value.decode("utf-8", errors="replace")
                if isinstance(value, str):
                    texts.append(value)
    except (OSError, ValueError, EOFError, SyntaxError, Image.DecompressionBombError) as error:
        raise UnreadableImage(str(error) or type(error).__name__) from error
    return texts


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


MEMO_FILE = ".cache/qms/lackspar-{publicering}.json.gz"
"""Relative to the project root, one per audience (a deploy builds the public and the
internal site one after the other): the files a gate found clean, by their path and
bytes, for the fingerprints it looked for (``scan_for_leaks``'s ``memo``); safe to delete."""


def _memo_version() -> str:
    """The package's code (how the gate reads a file and matches marks) and its image
    decoders: a change to either reads every file again. What it looks for is the
    fingerprints' ``digest``, kept beside the files."""
    from importlib.metadata import version

    return f"{cache.code_digest()} pillow {version('pillow')} zxing-cpp {version('zxing-cpp')}"


def scan_for_leaks(site_dir: Path, fingerprints: Fingerprints | PublicationMarks,
                   skip: Iterable[str] = (), memo: Path | None = None) -> list[Leak | Unreadable]:
    """Every file under ``site_dir`` (less the theme's own, ``skip``) and its path, read
    for the fingerprints; one ``Leak`` per file and document, and an ``Unreadable`` for
    an image that cannot be decoded.

    ``memo``: a file remembering which files (path and bytes, by SHA-256) a gate with the
    same fingerprints (their ``digest``) and the same code found clean, so that a deploy
    reads again only the files that changed. The gate is a function of those three, so a
    remembered file would be found clean again; every file is still hashed, and one whose
    bytes differ by a bit is read. At 1,500 documents most of the site's files are
    earlier versions that no deploy changes (the reading took 26 s of CPU;
    docs/teknik/prestanda.md)."""
    if not fingerprints:
        return []
    leaks: dict[tuple[str, str], Leak | Unreadable] = {}
    remembered = cache.FileMemo(memo, _memo_version() if memo else "", fingerprints.digest() if memo else "")
    for site_path, suffix, file in site_files(site_dir, skip):
        data = file.read_bytes()
        key = remembered.key(site_path, data)
        if remembered.known(key):
            continue
        texts = [site_path]
        if suffix in _IMAGES:
            try:
                texts += image_texts(data)
            except UnreadableImage as error:
                leaks[(site_path, "")] = Unreadable(site_path, str(error))
        elif suffix not in _BINARY:
            texts += site_file_texts(data, suffix)
        found = False
        for text in texts:
            for mark in [*fingerprints.find_exact(text), *fingerprints.find_in(text)]:
                found = True
                leak = leaks.setdefault((site_path, mark.document.path), Leak(site_path, mark.document))
                if mark.kind not in leak.kinds:
                    leak.kinds.append(mark.kind)
        if not found and (site_path, "") not in leaks:
            remembered.clean(key)
    remembered.save()
    return [leaks[key] for key in sorted(leaks)]


def gate_site(publication: Publication, docs_dir: Path, site_dir: Path,
              skip: Iterable[str] = ()) -> list[Leak | Unreadable]:
    """The gate on a site built from ``publication`` (its hand-written pages in
    ``docs_dir``): what of its withheld documents is in ``site_dir``, less ``skip``."""
    withheld = list(publication.withheld_documents.values())
    if not withheld:
        return []
    marks = PublicationMarks(publication.handbook, withheld, docs_dir, publication.rejected_documents.values())
    memo = publication.handbook.settings.root / MEMO_FILE.format(publicering=publication.audience.value)
    return scan_for_leaks(site_dir, marks, skip, memo)


def withdraw_leaks(site_dir: Path, leaks: list[Leak | Unreadable], audience_label: str) -> str:
    """Remove every file the gate found something in from ``site_dir``, so that no later
    step can publish it; the Swedish message that fails the build, naming each."""
    leaking = sorted({leak.site_path for leak in leaks})
    for path in leaking:
        (site_dir / path).unlink(missing_ok=True)
    return "\n".join([f"Webbplatsen får inte publiceras: {len(leaking)} filer innehåller text ur dokument som inte "
                      f"publiceras på {audience_label}. Filerna är borttagna ur {site_dir}.",
                      *(leak.message(audience_label) for leak in leaks)])
