"""Converter HTML to the Markdown the handbook renders (Python-Markdown with the site's
extensions: tables, footnotes, attr_list, md_in_html).

Python-Markdown is not CommonMark: nested list content is indented four spaces, a
table cell holds one line of inline text, and ``{`` at the end of a line is an
attribute list. So this writer, not a converter's own Markdown output, decides the
syntax. It accepts what both mammoth and pandoc write (footnotes are found by their
links, not by class names), and it never lets markup through from the text: text is
escaped, and the only HTML it writes is tables whose cells hold lists or several
paragraphs, built from an allowlist of elements and attributes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from qms_tools.lifecycle.importing.html_tree import Element

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = ("ul", "ol")
_BLOCKS = frozenset({"p", "div", "section", "article", "blockquote", "table", "ul", "ol", "pre", "hr", "dl",
                     "figure", "header", "footer", "aside", "nav", "main", "body", *HEADINGS})
_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")
_ESCAPED = re.compile(r"([\\`*\[\]{}|])")
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-zÀ-ÿ])_|_(?![0-9A-Za-zÀ-ÿ])")
_LINE_START = re.compile(r"^(#|>|[-+]|=+\s*$|(\d+)([.)])(?=\s|$))")
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_INDENT = "    "


@dataclass
class Conversion:
    markdown: str
    empty_headings: list[str] = field(default_factory=list)
    """The text of the heading above each empty heading that was left out ("" at the start)."""
    dropped_links: list[str] = field(default_factory=list)
    """Link targets that cannot work on the site (files on a server, other documents)."""
    html_tables: int = 0


def escape_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _ESCAPED.sub(r"\\\1", text)
    return _UNDERSCORE.sub(r"\\_", text)


def _escape_line_start(line: str) -> str:
    match = _LINE_START.match(line)
    if not match:
        return line
    if match.group(2):
        return f"{match.group(2)}\\{match.group(3)}{line[match.end():]}"
    if line.startswith("="):  # a setext underline under the line before; "\\=" is no escape
        return "&#61;" + line[1:]
    return "\\" + line


def _wrap(marker: str, content: str) -> str:
    stripped = content.strip()
    if not stripped:
        return content
    leading = content[:len(content) - len(content.lstrip())]
    trailing = content[len(content.rstrip()):]
    return f"{leading}{marker}{stripped}{marker}{trailing}"


def safe_url(url: str) -> str | None:
    """The link target if it works from a published page: web, mail and telephone links."""
    url = url.strip()
    if url.lower().startswith(_SAFE_SCHEMES):
        return quote(url, safe="/:?&=#%@+,;~!$'*.-_")
    return None


class MarkdownWriter:
    def __init__(self, root: Element):
        self.root = root
        self.result = Conversion("")
        self.footnotes: dict[str, int] = {}      # id of the note's list item -> label
        self.reference_ids: dict[int, str] = {}  # id() of a reference anchor -> note id
        self.notes: dict[str, Element] = {}
        self._last_heading = ""
        self._find_footnotes()

    # --- footnotes --------------------------------------------------------------------

    def _find_footnotes(self) -> None:
        """A footnote is a list item that a link points to and that links back to it."""
        by_id = {element.attributes["id"]: element for element in self.root.iter() if element.attributes.get("id")}
        references: dict[str, set[str]] = {}  # note id -> ids its references carry
        for anchor in self.root.iter("a"):
            target = anchor.attributes.get("href", "")
            note = by_id.get(target[1:]) if target.startswith("#") else None
            if note is None or note.tag != "li":
                continue
            back_ids = {a.attributes.get("href", "")[1:] for a in note.iter("a")}
            own_ids = {i for i in (anchor.attributes.get("id"), *(p.attributes.get("id") for p in _ancestors(anchor)))
                       if i}
            if back_ids & own_ids:
                self.reference_ids[id(anchor)] = note.attributes["id"]
                self.notes[note.attributes["id"]] = note
                references.setdefault(note.attributes["id"], set()).update(back_ids & own_ids)
        for note_id, note in self.notes.items():
            for back in [a for a in note.iter("a") if a.attributes.get("href", "")[1:] in references[note_id]]:
                back.remove()  # the "↑" back to the reference
            container = note.parent
            note.remove()
            # The notes' list (and pandoc's section and rule around it) goes with its last note.
            while container is not None and container is not self.root and not container.text().strip():
                parent = container.parent
                container.remove()
                container = parent

    def _footnote_label(self, note_id: str) -> int:
        if note_id not in self.footnotes:
            self.footnotes[note_id] = len(self.footnotes) + 1
        return self.footnotes[note_id]

    # --- blocks -----------------------------------------------------------------------

    def convert(self) -> Conversion:
        blocks = self.blocks(self.root)
        rendered = 0
        while rendered < len(self.footnotes):
            # A note may itself refer to a note: render until no new label appears.
            note_id = next(n for n, label in self.footnotes.items() if label == rendered + 1)
            note_blocks = self.blocks(self.notes[note_id]) or [""]
            first, *rest = note_blocks
            lines = [f"[^{rendered + 1}]: {first}".rstrip()]
            for block in rest:
                lines.append("")
                lines.extend(_indent(block))
            blocks.append("\n".join(lines))
            rendered += 1
        self.result.markdown = "\n\n".join(block for block in blocks if block.strip()) + "\n"
        return self.result

    def blocks(self, element: Element) -> list[str]:
        out: list[str] = []
        inline: list[Element | str] = []

        def flush() -> None:
            if inline:
                paragraph = self.paragraph(inline)
                if paragraph:
                    out.append(paragraph)
                inline.clear()

        for child in element.children:
            if isinstance(child, str) or child.tag not in _BLOCKS and child.tag not in ("li",):
                inline.append(child)
                continue
            flush()
            out.extend(self.block(child))
        flush()
        return out

    def block(self, element: Element) -> list[str]:
        tag = element.tag
        if tag in HEADINGS:
            text = _WHITESPACE.sub(" ", self.inline_children(element).replace("<br>", " ")).strip()
            if not text:
                self.result.empty_headings.append(self._last_heading)
                return []
            self._last_heading = element.text().strip()
            return [f"{'#' * HEADINGS[tag]} {text}"]
        if tag == "p":
            paragraph = self.paragraph(element.children)
            return [paragraph] if paragraph else []
        if tag in _LISTS:
            rendered = self.list(element)
            return [rendered] if rendered else []
        if tag == "table":
            return [self.table(element)] if element.text().strip() or element.iter("img") else []
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(element))
            return ["\n".join(f"> {line}".rstrip() for line in inner.splitlines())] if inner else []
        if tag == "pre":
            code = element.text().strip("\n")
            fence = "```" if "```" not in code else "~~~~"
            return [f"{fence}\n{code}\n{fence}"] if code.strip() else []
        if tag == "hr":
            return ["* * *"]
        return self.blocks(element)

    def paragraph(self, nodes: list[Element | str]) -> str:
        text = "".join(self.inline(node) for node in nodes)
        lines = [line.strip() for line in text.replace("<br>", "<br>\n").split("\n")]
        lines = [_escape_line_start(line) for line in lines if line]
        while lines and lines[-1] == "<br>":
            lines.pop()
        return "\n".join(lines)

    def list(self, element: Element) -> str:
        ordered = element.tag == "ol"
        items: list[list[str]] = []
        loose = False
        for item in element.elements():
            if item.tag in _LISTS:  # a list directly inside a list: nest it under the item before
                nested = self.list(item)
                if nested and items:
                    items[-1].append(nested)
                elif nested:
                    items.append([nested])
                continue
            blocks = self.blocks(item)
            if len([block for block in blocks if not _is_list(block)]) > 1:
                loose = True
            items.append(blocks)
        lines: list[str] = []
        for blocks in items:
            marker = "1. " if ordered else "- "
            if not blocks:
                continue
            first, *rest = blocks
            if _is_list(first):
                # An item that only holds a list: Python-Markdown needs text on the item's line.
                first, rest = "\u00a0", [first, *rest]
            item_lines = [marker + first.split("\n")[0]] + [_INDENT + line if line else ""
                                                            for line in first.split("\n")[1:]]
            for block in rest:
                if not _is_list(block):
                    item_lines.append("")
                item_lines.extend(_indent(block))
            if loose and lines:
                lines.append("")
            lines.extend(item_lines)
        return "\n".join(lines)

    # --- tables -----------------------------------------------------------------------

    def table(self, element: Element) -> str:
        rows = _rows(element)
        if all(_is_simple_cell(cell) for row in rows for cell in row):
            return self._markdown_table(rows)
        self.result.html_tables += 1
        return self._html_table(element)

    def _markdown_table(self, rows: list[list[Element]]) -> str:
        width = max(len(row) for row in rows)
        cells = [[self.inline_children(_cell_content(cell)).strip().replace("\n", " ") for cell in row]
                 + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(cell or " " for cell in cells[0]) + " |",
                 "| " + " | ".join("---" for _ in range(width)) + " |"]
        lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in cells[1:]]
        return "\n".join(lines)

    def _html_table(self, element: Element) -> str:
        lines = ["<table>"]
        for row in _rows(element):
            lines.append("<tr>")
            for cell in row:
                attributes = "".join(f' {name}="{int(value)}"' for name, value in cell.attributes.items()
                                     if name in ("colspan", "rowspan") and value.isdigit() and int(value) > 1)
                tag = "th" if cell.tag == "th" else "td"
                lines.append(f"<{tag}{attributes}>{self.html(cell)}</{tag}>")
            lines.append("</tr>")
        lines.append("</table>")
        return "\n".join(lines)

    def html(self, element: Element) -> str:
        """The children of ``element`` as HTML from the allowlist; everything else unwrapped."""
        parts: list[str] = []
        children = element.children
        for index, child in enumerate(children):
            if isinstance(child, str):
                if not child.strip() and _beside_block(children, index):
                    continue  # layout whitespace between blocks (pandoc writes a newline there)
                parts.append(html.escape(_WHITESPACE.sub(" ", child), quote=False))
                continue
            tag = child.tag
            if id(child) in self.reference_ids:
                parts.append(f"<sup>{self._footnote_label(self.reference_ids[id(child)])}</sup>")
            elif tag == "a":
                url = safe_url(child.attributes.get("href", ""))
                inner = self.html(child)
                if url:
                    parts.append(f'<a href="{html.escape(url)}">{inner}</a>')
                else:
                    self._dropped_link(child)
                    parts.append(inner)
            elif tag == "img":
                parts.append(f'<img src="{html.escape(child.attributes.get("src", ""))}" '
                             f'alt="{html.escape(child.attributes.get("alt", ""))}">')
            elif tag == "br":
                parts.append("<br>")
            elif tag in HEADINGS:
                parts.append(f"<p><strong>{self.html(child)}</strong></p>")
            elif tag == "table":
                parts.append(self._html_table(child))
            elif tag in ("b", "strong"):
                parts.append(f"<strong>{self.html(child)}</strong>")
            elif tag in ("i", "em"):
                parts.append(f"<em>{self.html(child)}</em>")
            elif tag in ("p", "ul", "ol", "li", "sup", "sub"):
                parts.append(f"<{tag}>{self.html(child)}</{tag}>")
            else:
                parts.append(self.html(child))
        return "".join(parts).strip()

    # --- inline -----------------------------------------------------------------------

    def inline_children(self, element: Element) -> str:
        return "".join(self.inline(child) for child in element.children)

    def inline(self, node: Element | str) -> str:
        if isinstance(node, str):
            return escape_text(_WHITESPACE.sub(" ", node))
        tag = node.tag
        if id(node) in self.reference_ids:
            return f"[^{self._footnote_label(self.reference_ids[id(node)])}]"
        if tag in ("strong", "b"):
            return _wrap("**", self.inline_children(node))
        if tag in ("em", "i"):
            return _wrap("*", self.inline_children(node))
        if tag == "br":
            return "<br>"
        if tag == "input" and node.attributes.get("type") == "checkbox":
            # Word's check box content control: kept as the character a reader sees on paper.
            return "☒" if "checked" in node.attributes else "☐"
        if tag == "img":
            alt = escape_text(_WHITESPACE.sub(" ", node.attributes.get("alt", "")).strip())
            return f"![{alt}]({node.attributes.get('src', '')})"
        if tag == "a":
            inner = self.inline_children(node)
            url = safe_url(node.attributes.get("href", ""))
            if url is None:
                self._dropped_link(node)
                return inner
            return f"[{inner.strip() or escape_text(url)}]({url})" if inner.strip() or url else inner
        if tag in ("sup", "sub"):
            inner = self.inline_children(node)
            if inner.startswith("[^") and inner.endswith("]"):
                return inner
            return f"<{tag}>{inner}</{tag}>" if inner.strip() else inner
        if tag in _BLOCKS or tag == "li":
            # Block content inside inline content (a list in a heading): keep its words.
            return " ".join(self.blocks(node)).replace("\n", " ")
        return self.inline_children(node)

    def _dropped_link(self, anchor: Element) -> None:
        href = anchor.attributes.get("href", "").strip()
        if href and not href.startswith("#"):
            self.result.dropped_links.append(href)


def _ancestors(element: Element):
    parent = element.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _beside_block(children: list[Element | str], index: int) -> bool:
    neighbours = children[index - 1:index] + children[index + 1:index + 2]
    return any(isinstance(node, Element) and (node.tag in _BLOCKS or node.tag == "li") for node in neighbours)


def _is_list(block: str) -> bool:
    return bool(re.match(r"^(- |1\. )", block))


def _indent(block: str) -> list[str]:
    return [_INDENT + line if line else "" for line in block.split("\n")]


def _rows(table: Element) -> list[list[Element]]:
    rows = []
    for child in table.elements():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(row for row in child.elements() if row.tag == "tr")
    return [[cell for cell in row.elements() if cell.tag in ("td", "th")] for row in rows] or [[]]


def _cell_content(cell: Element) -> Element:
    paragraphs = [child for child in cell.elements() if child.tag == "p"]
    return paragraphs[0] if len(paragraphs) == 1 and not any(
        isinstance(child, str) and child.strip() for child in cell.children) else cell


def _is_simple_cell(cell: Element) -> bool:
    """One line of inline content: what a Markdown table cell can hold."""
    if any(cell.attributes.get(name, "1") not in ("", "1") for name in ("colspan", "rowspan")):
        return False
    blocks = [child for child in cell.iter() if child is not cell and child.tag in _BLOCKS | {"li"}]
    paragraphs = [block for block in blocks if block.tag == "p" and block.text().strip()]
    return all(block.tag == "p" for block in blocks) and len(paragraphs) <= 1


def to_markdown(root: Element) -> Conversion:
    return MarkdownWriter(root).convert()
