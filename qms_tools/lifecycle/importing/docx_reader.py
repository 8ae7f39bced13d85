"""A Word file (.docx) as HTML from mammoth, its pictures, and what needs the editor's attention.

mammoth was chosen over pandoc (through pypandoc-binary) on measured fidelity and cost
(``benchmarks/import_benchmark.py --compare``): both keep headings, emphasis, tables,
links, footnotes, text boxes and pictures, accept tracked changes and drop comments,
headers and footers; mammoth runs in-process as pure Python (no 30 MB binary per
platform, no process per file) and was faster per routine. Its output goes through
this package's own Markdown step, which writes what Python-Markdown renders.

What mammoth leaves out silently (comments, deleted text, equations, charts, embedded
objects) is counted here from the document's XML, so the report can say so.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import mammoth

# Word built-in styles are stored under their English names whatever the Word language;
# templates made in Swedish sometimes define their own "Rubrik 1" instead.
STYLE_MAP = "\n".join([
    "p[style-name='Title'] => h1.title:fresh",
    "p[style-name='Subtitle'] => p:fresh",
    *(f"p[style-name='Rubrik {level}'] => h{level}:fresh" for level in range(1, 7)),
    "p[style-name='Rubrik'] => h1.title:fresh",
])

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Compound files: Word 97–2003 documents and password-encrypted .docx files."""

PICTURE_PLACEHOLDER = "qms-bild:"
"""Picture sources until the document's folder is known: ``qms-bild:1`` is the first."""

_WEB_PICTURES = {"image/png": "png", "image/jpeg": "jpg", "image/jpg": "jpg", "image/gif": "gif",
                 "image/webp": "webp"}

_TRACKED = re.compile(rb"<w:(?:ins|del|moveFrom|moveTo|rPrChange|pPrChange|tblPrChange|trPrChange|tcPrChange"
                      rb"|sectPrChange|numberingChange)\b")
_COMMENT = re.compile(rb"<w:comment\b")
_COMMENT_REFERENCE = re.compile(rb"<w:commentReference\b")
_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>[^<]*\S")
UNSUPPORTED = {
    # Pattern in document.xml -> what the editor reads in the report.
    rb"<m:oMath\b": "formel",
    rb"<c:chart\b": "diagram",
    rb"<dgm:relIds\b": "SmartArt-grafik",
    rb"<w:object\b": "inbäddat objekt (t.ex. ett Excel-blad)",
    rb"<w:control\b": "formulärkontroll",
    rb"<w14:contentPart\b|<w:contentPart\b": "handskrift",
}
_COUNTED_ELEMENTS = {"oMath", "oMathPara", "chart", "relIds", "object", "control", "contentPart"}
"""Elements counted from the XML above, so mammoth's message about them is not counted twice."""
_UNSUPPORTED = {re.compile(pattern): name for pattern, name in UNSUPPORTED.items()}
_CORE_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_BENIGN_ELEMENTS = re.compile(r"^(v:|o:|w10:|w14:|w15:|wp14:|office-word:|w:permStart|w:permEnd|w:proofErr"
                              r"|w:lastRenderedPageBreak)")
_UNRECOGNISED = re.compile(r"^An unrecognised element was ignored: (?P<name>\S+)")


class Refused(Exception):
    """The file cannot be imported; the message says why and what to do, in Swedish."""


@dataclass(frozen=True)
class Picture:
    number: int
    extension: str
    data: bytes


@dataclass
class WordDocument:
    html: str
    sha256: str
    title_property: str | None = None
    pictures: list[Picture] = field(default_factory=list)
    tracked_changes: int = 0
    comments: int = 0
    headers_and_footers: int = 0
    unsupported: Counter = field(default_factory=Counter)
    pictures_left_out: list[str] = field(default_factory=list)


def refuse_by_name(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in (".doc", ".dot", ".rtf", ".odt"):
        return (f"Filformatet {suffix} kan inte importeras. Öppna filen i Word och spara den som Word-dokument "
                f"(.docx) med Arkiv > Spara som, och importera den nya filen.")
    if suffix == ".pdf":
        return ("En PDF saknar rubriker, listor och tabeller som text och kan inte importeras. Importera "
                "originalet i Word-format (.docx) om det finns; annars öppna PDF:en i Word, som gör om den till "
                "ett redigerbart dokument, kontrollera resultatet och spara det som .docx.")
    if suffix not in (".docx", ".docm"):
        return f"Bara Word-dokument (.docx) kan importeras, inte {suffix or 'filer utan filändelse'}."
    return None


def read_docx(path: Path) -> WordDocument:
    """Read ``path``; raises ``Refused`` with the reason for anything that is no readable .docx."""
    reason = refuse_by_name(path)
    if reason:
        raise Refused(reason)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Refused(f"Filen går inte att läsa ({error.strerror or error}). Kontrollera att den finns och att "
                      f"du har behörighet att läsa den.") from None
    if data.startswith(OLE_SIGNATURE):
        raise Refused("Filen är lösenordsskyddad (krypterad) eller är ett äldre Word-format med fel filändelse. "
                      "Öppna den i Word, ta bort lösenordet under Arkiv > Info > Skydda dokument > Kryptera med "
                      "lösenord (töm fältet), spara som .docx och importera igen.")
    if data.startswith(b"%PDF"):
        raise Refused(refuse_by_name(Path("x.pdf")) or "")
    unreadable = ("Filen går inte att läsa som Word-dokument: den är skadad eller inget Word-dokument. Öppna "
                  "den i Word och spara den på nytt som .docx, eller importera originalet.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        document_xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError, ValueError):
        raise Refused(unreadable) from None
    word = WordDocument(html="", sha256=hashlib.sha256(data).hexdigest())
    _survey(archive, document_xml, word)
    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP, ignore_empty_paragraphs=False,
                                         convert_image=mammoth.images.img_element(_picture_saver(word)))
    except Exception:  # noqa: BLE001 - mammoth raises many kinds on damaged XML; the file is refused, not lost
        raise Refused(unreadable) from None
    word.html = result.value
    for message in result.messages:
        match = _UNRECOGNISED.match(message.message)
        name = match.group("name") if match else ""
        local_name = name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]
        if match and not _BENIGN_ELEMENTS.match(name) and local_name not in _COUNTED_ELEMENTS:
            word.unsupported[f"okänt Word-element {local_name}"] += 1
    if not re.search(r">[^<]*\w", word.html) and not word.pictures and not word.pictures_left_out:
        raise Refused("Dokumentet innehåller ingen text. Kontrollera att det är rätt fil.")
    return word


def _survey(archive: zipfile.ZipFile, document_xml: bytes, word: WordDocument) -> None:
    word.tracked_changes = len(_TRACKED.findall(document_xml))
    try:
        word.comments = len(_COMMENT.findall(archive.read("word/comments.xml")))
    except KeyError:
        word.comments = len(_COMMENT_REFERENCE.findall(document_xml))
    word.headers_and_footers = sum(
        1 for name in archive.namelist()
        if re.fullmatch(r"word/(header|footer)\d*\.xml", name) and _TEXT.search(archive.read(name)))
    for pattern, name in _UNSUPPORTED.items():
        count = len(pattern.findall(document_xml))
        if count:
            word.unsupported[name] += count
    try:
        title = ElementTree.fromstring(archive.read("docProps/core.xml")).find(_CORE_TITLE)
        word.title_property = " ".join((title.text or "").split()) or None if title is not None else None
    except (KeyError, ElementTree.ParseError):
        word.title_property = None


def _picture_saver(word: WordDocument):
    def save(image) -> dict[str, str]:
        alt = " ".join((image.alt_text or "").split())
        described = f"\"{alt}\"" if alt else "utan alternativtext"
        extension = _WEB_PICTURES.get((image.content_type or "").lower())
        if extension is None:
            kind = (image.content_type or "okänt format").split("/")[-1].upper().replace("X-", "")
            word.pictures_left_out.append(f"en bild i formatet {kind} ({described}), som webbläsare inte visar: "
                                          f"spara den som PNG och lägg in den för hand")
            return {"alt": alt}
        try:
            with image.open() as stream:
                data = stream.read()
        except Exception:  # noqa: BLE001 - a linked (not embedded) picture points at a file we do not have
            word.pictures_left_out.append(f"en länkad bild som inte finns i dokumentet ({described}): "
                                          f"lägg in bilden för hand")
            return {"alt": alt}
        number = len(word.pictures) + 1
        word.pictures.append(Picture(number, extension, data))
        return {"src": f"{PICTURE_PLACEHOLDER}{number}", "alt": alt}
    return save
