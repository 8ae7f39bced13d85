"""Word files (.docx) written with python-docx, an independent writer, for `qms import`.

Each construct the import must keep has a builder: headings, emphasis, multi-level lists
as Word numbers them (one abstract numbering with a level per indent, ``w:ilvl`` on the
paragraph), tables, links, footnotes, pictures, tracked changes, comments, headers and
footers, text boxes, equations and the metadata table municipal templates start with.
python-docx has no API for some of them; those are written as the OOXML Word writes.

``routine()`` writes a whole routine of the kind an administration keeps, for the
benchmark (``benchmarks/import_benchmark.py``) and the tests.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def tiny_png(red: int = 200, green: int = 30, blue: int = 30) -> bytes:
    """A valid 2×2 PNG of one colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes((red, green, blue)) * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def new_document(title: str | None = None, slim: bool = False) -> docx.document.Document:
    """An empty document; ``title`` sets Word's title property; ``slim`` drops the styles the
    document does not use, leaving a styles part of the size Word writes (python-docx's own
    template carries 350 kB of style definitions, Word's files about 30–40 kB)."""
    document = docx.Document()
    if title:
        document.core_properties.title = title
    if slim:
        document._qms_slim = True  # noqa: SLF001 - a marker read by save()
    return document


def save(document, path: Path) -> Path:
    if getattr(document, "_qms_slim", False):
        _slim_styles(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _slim_styles(document) -> None:
    styles = document.styles.element
    used = {element.get(qn("w:val")) for element in document.element.body.iter(qn("w:pStyle"), qn("w:rStyle"),
                                                                              qn("w:tblStyle"))}
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    keep: set[str] = set()
    pending = [*used, *(identifier for identifier, style in by_id.items() if style.get(qn("w:default")) == "1")]
    while pending:
        identifier = pending.pop()
        if identifier in keep or identifier not in by_id:
            continue
        keep.add(identifier)
        pending.extend(link.get(qn("w:val")) for link in by_id[identifier].iter(qn("w:basedOn"), qn("w:link")))
    for identifier, style in by_id.items():
        if identifier not in keep:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for relationship in list(document.part.rels.values()):
        if relationship.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(relationship.rId)


# --- lists --------------------------------------------------------------------------------

def multilevel_numbering(document, ordered: bool) -> int:
    """A numbering definition with nine levels, as Word makes for a multi-level list; its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = max((int(element.get(qn("w:abstractNumId"))) for element in
                       numbering.findall(qn("w:abstractNum"))), default=0) + 1
    levels = []
    for level in range(9):
        if ordered:
            kind, text = ("decimal", "lowerLetter", "lowerRoman")[level % 3], f"%{level + 1}."
        else:
            kind, text = "bullet", ("•", "o", "▪")[level % 3]
        levels.append(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
                      f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                      f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>')
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = max((int(element.get(qn("w:numId"))) for element in numbering.findall(qn("w:num"))), default=0) + 1
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId '
                               f'w:val="{abstract_id}"/></w:num>'))
    return num_id


def add_list(document, items: list[tuple[int, str]], ordered: bool, container=None) -> None:
    """Items (level, text) as one Word list with its levels."""
    num_id = multilevel_numbering(document, ordered)
    for level, text in items:
        paragraph = (container or document).add_paragraph(text, style="List Paragraph")
        properties = paragraph._p.get_or_add_pPr()
        properties.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                                    f'<w:numId w:val="{num_id}"/></w:numPr>'))


# --- inline constructs --------------------------------------------------------------------

def add_hyperlink(paragraph, text: str, url: str) -> None:
    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{relationship}"><w:r><w:rPr>'
                                  f'<w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">{text}</w:t>'
                                  f'</w:r></w:hyperlink>'))


def add_footnote(document, paragraph, text: str) -> int:
    """A footnote reference at the end of ``paragraph``; the footnotes part is made on first use."""
    part = _footnotes_part(document)
    notes = part._qms_element
    number = len(notes.findall(qn("w:footnote"))) - 1  # ids -1 and 0 are Word's separators
    notes.append(parse_xml(f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:r><w:footnoteRef/></w:r>'
                           f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'))
    part._blob = etree.tostring(notes, xml_declaration=True, encoding="UTF-8", standalone=True)
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  f'<w:footnoteReference w:id="{number}"/></w:r>'))
    return number


def _footnotes_part(document) -> Part:
    existing = getattr(document, "_qms_footnotes", None)
    if existing is not None:
        return existing
    element = parse_xml(
        f'<w:footnotes {nsdecls("w")}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
        f'</w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f'<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, b"", document.part.package)
    part._qms_element = element
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document._qms_footnotes = part
    return part


def add_tracked_changes(paragraph, inserted: str, deleted: str) -> None:
    """Text inserted and text deleted with Word's change tracking on, neither accepted yet."""
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="901" w:author="Granskare" w:date="2025-03-01T10:00:00Z"><w:r>'
        f'<w:t xml:space="preserve">{inserted}</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="902" w:author="Granskare" w:date="2025-03-01T10:00:00Z"><w:r>'
        f'<w:delText xml:space="preserve">{deleted}</w:delText></w:r></w:del>'))


def add_comment(document, paragraph, commented: str, comment: str) -> None:
    run = paragraph.add_run(commented)
    document.add_comment(run, text=comment, author="Granskare", initials="G")


def add_text_box(paragraph, text: str) -> None:
    """A text box as Word writes it for compatibility (VML), holding one paragraph."""
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
        f'<v:shape id="ruta1" style="width:200pt;height:40pt">'
        f'<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox>'
        f'</v:shape></w:pict></w:r>'))


def add_equation(paragraph) -> None:
    paragraph._p.append(parse_xml(f'<m:oMath {nsdecls("m")}><m:r><m:t>a+b=c</m:t></m:r></m:oMath>'))


def add_picture(document, description: str, png: bytes | None = None) -> None:
    document.add_picture(io.BytesIO(png or tiny_png()))
    properties = document.paragraphs[-1]._p.xpath(".//wp:docPr")
    if properties:
        properties[0].set("descr", description)


def set_header_and_footer(document, header: str, footer: str) -> None:
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = footer


def add_metadata_table(document, entries: list[tuple[str, str]], layout: str = "beside") -> None:
    """The table municipal templates start with: labels beside their values (two pairs a row)
    or labels above values (``layout="above"``)."""
    if layout == "above":
        table = document.add_table(rows=2, cols=len(entries))
        for column, (label, value) in enumerate(entries):
            table.cell(0, column).text = label
            table.cell(1, column).text = value
    else:
        rows = (len(entries) + 1) // 2
        table = document.add_table(rows=rows, cols=4)
        for index, (label, value) in enumerate(entries):
            row, column = divmod(index, 2)
            table.cell(row, column * 2).text = label
            table.cell(row, column * 2 + 1).text = value
    table.style = document.styles["Table Grid"]


def add_table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    table.style = document.styles["Table Grid"]
    for row_index, row in enumerate(rows):
        for column, text in enumerate(row):
            table.cell(row_index, column).text = text
    return table


# --- a whole routine ------------------------------------------------------------------------

def routine(path: Path, number: int, slim: bool = True) -> Path:
    """A routine of some 2 pages, varied by ``number``: metadata table, sections, lists, a table."""
    title = f"Rutin {number} för hembesök och uppföljning"
    document = new_document(slim=slim)
    document.add_heading(title, 0)
    add_metadata_table(document, [("Fastställd av", "Socialchef"), ("Fastställd datum", "2025-02-01"),
                                  ("Giltig till", "2026-02-01"), ("Dokumentansvarig", "Enhetschef"),
                                  ("Diarienummer", f"SN 2025/{number}")])
    for section in ("Syfte", "Omfattning", "Ansvar", "Gör så här", "Dokumentation", "Uppföljning"):
        document.add_heading(section, 1)
        paragraph = document.add_paragraph("Rutinen beskriver hur ")
        paragraph.add_run("handläggaren").bold = True
        paragraph.add_run(" planerar, genomför och dokumenterar ett ")
        paragraph.add_run("hembesök").italic = True
        paragraph.add_run(f" ({number}). Samtalet sker med den enskildes samtycke och i en miljö som känns trygg.")
        if section == "Gör så här":
            add_list(document, [(0, "Boka besöket"), (1, "Ring den enskilde"), (1, "Bekräfta skriftligt"),
                                (0, "Genomför besöket"), (1, "Två handläggare deltar"), (2, "vid oro: tre"),
                                (0, "Dokumentera samma dag")], ordered=True)
        if section == "Ansvar":
            add_list(document, [(0, "Enhetschefen ansvarar för rutinen"), (0, "Handläggaren genomför"),
                                (1, "med stöd av samordnaren")], ordered=False)
            add_table(document, [["Roll", "Ansvar"], ["Enhetschef", "Fastställer"], ["Handläggare", "Utför"]])
        if section == "Dokumentation":
            link = document.add_paragraph("Läs mer hos ")
            add_hyperlink(link, "Socialstyrelsen", "https://www.socialstyrelsen.se/")
    return save(document, path)


def routines(folder: Path, count: int, slim: bool = True, variants: int = 10) -> list[Path]:
    """``count`` different routines: ``variants`` written by python-docx, the rest copies of
    them with their number (title, case number, text) rewritten in the document part, which
    is some fifty times faster than building each with python-docx and as different to the
    import: every file has its own title, id and hash."""
    import zipfile

    models = [routine(folder / f"rutin-{number:05d}.docx", number, slim=slim)
              for number in range(1, min(variants, count) + 1)]
    files = list(models)
    for number in range(len(models) + 1, count + 1):
        model_number = (number - 1) % len(models) + 1
        target = folder / f"rutin-{number:05d}.docx"
        with zipfile.ZipFile(models[model_number - 1]) as source, zipfile.ZipFile(target, "w",
                                                                                   zipfile.ZIP_DEFLATED) as copy:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "word/document.xml":
                    data = (data.replace(f"Rutin {model_number} ".encode(), f"Rutin {number} ".encode())
                            .replace(f"({model_number})".encode(), f"({number})".encode())
                            .replace(f"2025/{model_number}<".encode(), f"2025/{number}<".encode()))
                copy.writestr(item, data)
        files.append(target)
    return files


def constructs(path: Path) -> Path:
    """One routine with every construct `qms import` keeps or reports (tests and fidelity)."""
    document = new_document(title="Hembesök hos familj")
    document.add_heading("Hembesök hos familj", 0)
    document.add_heading("Syfte", 1)
    paragraph = document.add_paragraph("Besöket görs ")
    paragraph.add_run("alltid").bold = True
    paragraph.add_run(" av två ")
    paragraph.add_run("handläggare").italic = True
    paragraph.add_run(".")
    add_footnote(document, paragraph, "Enligt SoL 2025:400.")
    document.add_heading("Förberedelser", 2)
    add_list(document, [(0, "Boka tid"), (1, "Ring vårdnadshavare"), (2, "Anteckna svaret"),
                             (0, "Läs akten")], ordered=True)
    add_list(document, [(0, "Legitimation"), (1, "Tjänstekort")], ordered=False)
    document.add_heading("Ansvar", 2)
    add_table(document, [["Roll", "Gör"], ["Handläggare", "Besöker"], ["Enhetschef", "Följer upp"]])
    table = add_table(document, [["Steg", ""], ["Efter besöket", "Dokumentera"]])
    cell = table.cell(0, 1)
    cell.paragraphs[0].text = "Första stycket"
    cell.add_paragraph("Andra stycket")
    link = document.add_paragraph("Läs mer hos ")
    add_hyperlink(link, "Socialstyrelsen", "https://www.socialstyrelsen.se/")
    add_picture(document, "Karta över området")
    changed = document.add_paragraph("Besöket ")
    add_tracked_changes(changed, "bokas i förväg", "sker oanmält")
    commented = document.add_paragraph("Samtalet ")
    add_comment(document, commented, "dokumenteras", "Var? Fråga enhetschefen")
    box = document.add_paragraph("Observera: ")
    add_text_box(box, "Ring alltid före besöket")
    formula = document.add_paragraph("Beräkning: ")
    add_equation(formula)
    document.add_heading("", 2)
    set_header_and_footer(document, "Ekebro kommun sidhuvud", "Sidfot sida 1 av 2")
    return save(document, path)
