"""Headings, anchors, links and code of a Markdown body, with file line numbers.

The one reader of Markdown structure: the link rule, the search index, ``fix`` and the
unsafe-HTML rule all ask it. It answers what Python-Markdown renders with the site's
extensions (``mkdocs.yml``: toc with pymdownx's slugify, admonition, attr_list,
md_in_html, tables, pymdownx.superfences), so that a heading the site shows is a heading
here, with the same anchor, and text the site shows as code is code here. The
differential test ``tests/handbook/test_markdown_scan_differential.py`` renders generated
documents with Python-Markdown configured from ``mkdocs.yml`` and compares.

It follows Python-Markdown's own passes, in its order:

1. whitespace as ``NormalizeWhitespace`` leaves it (tabs to four spaces, blank lines empty);
2. fenced code as ``pymdownx.superfences`` finds it: a fence may be indented or quoted, its
   lines keep the opening's indentation, the closing fence has the opening's length;
   a whole fence becomes one opaque line, as superfences' placeholder;
3. raw HTML blocks: a block-level tag at a line start opens one that ends with its closing
   tag; its content is not Markdown (``markdown="1"`` content is);
4. the block parser, processor by processor in priority order (admonition, list
   continuation, indented code, table, ``#`` heading, setext heading, rule, lists,
   quote, reference definition, paragraph), so that admonition bodies, list items and
   quotes are parsed again inside, and four spaces after a paragraph are code only
   where Python-Markdown says so;
5. inline: code spans, backslash escapes, links and images with nested brackets and
   parentheses (also across lines of a paragraph), reference links, autolinks, raw
   inline HTML, entities and emphasis, enough to know a heading's text and each link;
6. anchors as the toc extension makes them: explicit ``{#id}`` first (every id in the
   page is taken), then the slug of the heading's text, ``_1``, ``_2`` … for repeats.

The passes stay linear where Python-Markdown restarts from every candidate (a block of
80,000 ``#`` lines, a line of backtick runs, a wall of unclosed ``](`` are quadratic
there): a run of heading lines is taken in one step, brackets, parentheses and
backtick runs are paired in one pass each, repeated slugs jump past taken numbers, and
destinations with quotes share a scanning budget. One case is still quadratic, as in
Python-Markdown: a single block (no blank line) in which other text and headings or
rules alternate is split once per heading.
How deeply the text nests is a fact of the same pass: the deepest quote in a quote,
list in a list or admonition in an admonition (``Structure.depth``, as the rendered
elements nest), and where quotes, lists, admonitions or HTML elements first nest deeper
than ``MAX_NESTING`` (``too_deep``), which the check refuses and the plugin does not
render. Deeper than that the parser reads content as text.

Known differences, outside what the differential test generates: multi-line
reference definitions (``[id]:`` with the address on the next line), attribute lists
on inline elements, a reference link inside another link's text, and emphasis that is
not well-formed (``*a**b*``) may give another heading text or link than
Python-Markdown.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator
from urllib.parse import unquote

TAB = 4
MAX_NESTING = 50
"""Levels of block quotes, lists, admonitions or HTML elements in one another that a
document may have. Deep nesting is never needed in a handbook and is expensive for every
reader of it: Python-Markdown recurses once per level (a RecursionError at about 500
levels of ``<div markdown>``) and the HTML sanitizer's parser checks the open elements
at every new ``<div>`` or ``<ul>`` (20,000 unclosed ``<div>`` take 6.5 s, and the time
grows with the square). The sample handbook's documents nest at most 1 level in their
Markdown; its built pages, theme included, 22 in their HTML."""
MAX_DEPTH = 2 * MAX_NESTING + 2
"""Parser levels (a container takes one or two) past which content is read as text:
deeper than the check lets any document be (``content.too-deep``), so every accepted
document is read in full."""

_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    slug: str
    line: int


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    line: int
    is_image: bool = False
    is_definition: bool = False
    """A reference definition (``[id]: url``): checked like a link even if unused."""

    @property
    def is_external(self) -> bool:
        return bool(_URL_SCHEME.match(self.url)) or self.url.startswith("//")

    @property
    def path_part(self) -> str:
        return unquote(self.url.split("#", 1)[0].split("?", 1)[0])

    @property
    def anchor(self) -> str | None:
        return unquote(self.url.split("#", 1)[1]) if "#" in self.url else None


# --- Slugs ------------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")
_INVALID_SLUG_CHARACTER = re.compile(r"[^\w\- ]")
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")


@lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """The site's slugify: ``pymdownx.slugs.slugify(case="lower")`` with separator "-"
    (å, ä and ö survive). The browser's search derives the same (``engine.js``)."""
    slug = _TAGS.sub("", unicodedata.normalize("NFC", text)).strip().lower()
    return _INVALID_SLUG_CHARACTER.sub("", slug).replace(" ", "-")


class _UniqueIds:
    """Python-Markdown's ``toc.unique``: a taken id gets ``_1``, ``_2`` …; an id that
    already ends in ``_<n>`` counts on from n + 1. Numbers found taken remember where the
    search went on (path compression), so a thousand repeats of one heading cost about
    a thousand steps, not half a million."""

    def __init__(self, taken: set[str]):
        self.taken = taken
        self.jump: dict[tuple[str, int], int] = {}

    def add(self, slug: str) -> str:
        if slug and slug not in self.taken:
            self.taken.add(slug)
            return slug
        match = _COUNTED.match(slug)
        base, count = (match.group(1), int(match.group(2)) + 1) if match else (slug, 1)
        visited = []
        while f"{base}_{count}" in self.taken:
            visited.append(count)
            count = self.jump.get((base, count), count + 1)
        for number in visited:
            self.jump[(base, number)] = count
        result = f"{base}_{count}"
        self.taken.add(result)
        return result


# --- Pass 1: whitespace -----------------------------------------------------------------

def _normalised_lines(body: str) -> list[str]:
    text = body.replace("\x02", "").replace("\x03", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = text.expandtabs(TAB)  # column by column from each line's start, as per line
    if " \n" in text or text.endswith(" "):
        text = _BLANK_LINE.sub("", text)
    return text.split("\n")


_BLANK_LINE = re.compile("^ +$", re.MULTILINE)


# --- Pass 2: fenced code (pymdownx.superfences) -----------------------------------------

# pymdownx.superfences' RE_NESTED_FENCE_START, RE_HL_LINES and RE_LINENUMS.
_FENCE_START = re.compile(
    r'''(?x)
    (?P<fence>~{3,}|`{3,})
    (?:[ \t]*\.?(?P<lang>[\w#.+-]+)(?=[\t ]|$))?
    (?:
        [ \t]*(\{(?P<attrs>[^\n]*)\}) |
        (?P<options>
            (?:
                (?:[ \t]*[a-zA-Z][a-zA-Z0-9_]*(?:=(?P<quot>"|').*?(?P=quot))?)(?=[\t ]|$)
            )+
        ) |
        (?P<unrecognized>
            (?:([ \t]*[^\s]+)(?=[\t ]|$))+
        )
    )?[ \t]*$
    ''')
_FENCE_OPTION = re.compile(r'(?P<key>[a-zA-Z][a-zA-Z0-9_]*)(?:=(?P<quot>"|\')(?P<value>.*?)(?P=quot))?')
_HIGHLIGHT_OPTIONS = {
    "hl_lines": re.compile(r"^(?P<hl_lines>\d+(?:-\d+)?(?:[ \t]+\d+(?:-\d+)?)*)$"),
    "linenums": re.compile(r"(?P<linestart>[\d]+)(?:[ \t]+(?P<linestep>[\d]+))?(?:[ \t]+(?P<linespecial>[\d]+))?"),
    "title": None, "title_mode": None,
}
_PREFIX = " >"
_FENCE_PLACEHOLDER = "\x02fence\x03"
_FENCE_REFERENCE = re.compile("\x02fence([0-9]+)\x03")
_FENCE_LINE = re.compile("^([> ]*)\x02fence([0-9]+)\x03$")
_HTML_PLACEHOLDER = "\x02html\x03"
"""Stands for a whole fenced block in later passes, as superfences' stash placeholder."""


def _fence_opening(line: str, prefix_length: int) -> str | None:
    match = _FENCE_START.match(line, prefix_length)
    if match is None or match.group("unrecognized"):
        return None
    if match.group("options") and match.group("attrs") is None:
        for option in _FENCE_OPTION.finditer(match.group("options")):
            key, value = option.group("key"), option.group("value")
            if key not in _HIGHLIGHT_OPTIONS:
                return None  # superfences makes it an attribute, and refuses the fence
            check = _HIGHLIGHT_OPTIONS[key]
            if check is not None and (value is None or not check.match(value)):
                return None
    return match.group("fence")


def _fences(lines: list[str], numbers: list[int], fence_texts: list[str], fence_sources: list
            ) -> tuple[list[str], list[int], list[tuple[int, int]]]:
    """Lines with every fenced block replaced by one placeholder line (its opening's
    prefix kept, the block's text appended to ``fence_texts``, its lines to
    ``fence_sources``), their file line indices, and the (first, last) indices of each
    block.

    One pass, as superfences' ``search_nested``: inside an open fence no line opens
    another; a line less indented than the opening (or a quote that ends) abandons the
    fence and the search goes on after it; a fence open at the end is not code.
    """
    text = "\n".join(lines)
    if "```" not in text and "~~~" not in text:
        return lines, numbers, []
    blocks: list[tuple[int, int]] = []
    fence = None
    for index, line in enumerate(lines):
        if fence is None:
            stripped = len(line) - len(line.lstrip(_PREFIX))
            if line[stripped:stripped + 1] in ("`", "~"):
                opened = _fence_opening(line, stripped)
                if opened is not None:
                    prefix = line[:stripped]
                    fence = _OpenFence(index, prefix, opened)
            continue
        verdict = fence.line(line)
        if verdict == "close":
            blocks.append((fence.start, index))
        if verdict != "content":
            fence = None
    if not blocks:
        return lines, numbers, []
    out_lines: list[str] = []
    out_numbers: list[int] = []
    done = 0
    for first, last in blocks:
        out_lines.extend(lines[done:first])
        out_numbers.extend(numbers[done:first])
        prefix = lines[first][:len(lines[first]) - len(lines[first].lstrip(_PREFIX))]
        out_lines.append(f"{prefix}{_FENCE_PLACEHOLDER[:-1]}{len(fence_texts)}{_FENCE_PLACEHOLDER[-1]}")
        fence_texts.append("\n".join(line[len(prefix):] for line in lines[first + 1:last]))
        fence_sources.append((len(prefix), list(zip(lines[first:last + 1], numbers[first:last + 1]))))
        out_numbers.append(numbers[first])
        done = last + 1
    out_lines.extend(lines[done:])
    out_numbers.extend(numbers[done:])
    return out_lines, out_numbers, [(numbers[first], numbers[last]) for first, last in blocks]


class _OpenFence:
    """superfences' state between an opening fence and its closing."""

    def __init__(self, start: int, prefix: str, fence: str):
        self.start = start
        self.width = len(prefix)
        self.quote_level = prefix.count(">")
        self.fence = fence
        self.empty_lines = 0

    def closes(self, content: str) -> bool:
        """superfences' ``fence + r"[ \t]*$"``, without compiling a pattern as long as
        the fence (a 2 MB line of backticks took 25 s to compile)."""
        return content.startswith(self.fence) and not content[len(self.fence):].strip(" \t")

    def line(self, line: str) -> str:
        """"content", "close" or "abandon"."""
        taken = 0
        while taken < len(line) and taken < self.width and line[taken] in _PREFIX:
            taken += 1
        ws, content = line[:taken], line[taken:]
        level = ws.count(">")
        if self.quote_level:
            if level > self.quote_level:
                return "abandon"
            if content == "":
                self.empty_lines += 1
                return "content"
            if len(ws) < self.width or (self.empty_lines and level < self.quote_level):
                return "abandon"
            if self.closes(content):
                return "close"
            self.empty_lines = 0
            return "content"
        if level:
            return "abandon"
        if not (ws + content).strip():
            return "content"
        if len(ws) != self.width and content != "":
            return "abandon"
        if self.closes(content) and not content.startswith((" ", "\t")):
            return "close"
        return "content"


# --- Pass 3: raw HTML blocks ------------------------------------------------------------

_BLOCK_TAGS = frozenset((
    "address article aside blockquote details div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hgroup hr main menu nav ol p pre section table ul canvas colgroup dd body dt group html iframe li "
    "legend math map noscript output object option progress script style summary tbody td textarea tfoot th "
    "thead tr video center").split())
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_HTML_BLOCK_START = re.compile(r"^ {0,3}<(?:(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)|(?P<comment>!--))")
_HTML_TOKEN = re.compile(
    r"<!--.*?-->|<(?P<end>/)?(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attributes>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>",
    re.DOTALL)
_MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?", re.IGNORECASE)
_ID_ATTRIBUTE = re.compile(r"""(?:^|\s)(?:id|(?P<name>name))\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
                           re.IGNORECASE)


# A line that starts with a tag: "^ *<" with MULTILINE, written so that the search looks
# for line breaks (a tenth of the scan's time at 1,500 documents went to trying "^" at
# every position).
_TAG_LINE = re.compile(" *<")
_TAG_AFTER_BREAK = re.compile("\n *<")


def _raw_html(lines: list[str], numbers: list[int], anchors: set[str]) -> tuple[list[str], list[int], set[int]]:
    """Lines with each raw HTML block replaced by a placeholder line between blank lines
    (its content is not Markdown), the ids it declares added to ``anchors``; also the
    file line indices it covered."""
    text = "\n".join(lines)
    if "<" not in text or not (_TAG_LINE.match(text) or _TAG_AFTER_BREAK.search(text)):
        return lines, numbers, set()
    out_lines: list[str] = []
    out_numbers: list[int] = []
    covered: set[int] = set()
    index = 0
    while index < len(lines):
        start = _HTML_BLOCK_START.match(lines[index])
        tag = start.group("tag").lower() if start and start.group("tag") else None
        if start is None or (tag is not None and (tag not in _BLOCK_TAGS or tag == "hr")):
            out_lines.append(lines[index])
            out_numbers.append(numbers[index])
            index += 1
            continue
        end = _raw_block_end(lines, index, anchors)
        if end is None:  # markdown="1": the tags are HTML, the content Markdown
            out_lines.append("")
            out_numbers.append(numbers[index])
            index += 1
            continue
        # Python-Markdown leaves a placeholder paragraph between blank lines.
        out_lines.extend(("", _HTML_PLACEHOLDER, ""))
        out_numbers.extend((numbers[index], numbers[index], numbers[index]))
        covered.update(numbers[index:end + 1])
        index = end + 1
    return out_lines, out_numbers, covered


def _raw_block_end(lines: list[str], start: int, anchors: set[str]) -> int | None:
    """Last line of the raw block opened at ``start``: where its tags close (the rest of
    the document if they never do). None for a block whose content is Markdown."""
    stack: list[str] = []
    index = start
    offset = len(lines[start]) - len(lines[start].lstrip(" "))
    while index < len(lines):
        line = lines[index]
        for token in _HTML_TOKEN.finditer(line, offset):
            name = token.group("name")
            if name is None:
                if not stack and index == start:
                    return index  # a comment alone
                continue
            if token.group("attributes"):
                for found in _ID_ATTRIBUTE.finditer(token.group("attributes")):
                    anchors.add(found.group(2) or found.group(3) or found.group(4) or "")
            name = name.lower()
            if token.group("end"):
                if name in stack:
                    while stack and stack.pop() != name:
                        pass
                if not stack:
                    return index
            elif name not in _VOID_TAGS and not token.group(0).endswith("/>"):
                if not stack and _MARKDOWN_ATTRIBUTE.search(token.group("attributes") or ""):
                    return None
                stack.append(name)
        if "<!--" in line and "-->" not in line[line.find("<!--"):]:
            closing = next((later for later in range(index + 1, len(lines)) if "-->" in lines[later]), None)
            if closing is None:
                return len(lines) - 1
            if not stack:
                return closing
            index = closing
            offset = lines[closing].find("-->") + 3
            continue
        if not stack and index == start:
            return index
        index += 1
        offset = 0
    return len(lines) - 1


# --- Pass 4: the block parser -----------------------------------------------------------

class _Element:
    __slots__ = ("tag", "children", "admonition", "text", "tail", "level")

    def __init__(self, tag: str, admonition: bool = False, level: int = 0):
        self.tag = tag
        self.children: list[_Element] = []
        self.admonition = admonition
        self.text = False
        self.tail = False
        self.level = level
        """Quotes, lists and admonitions this element is in, itself included."""

    def add(self, tag: str, admonition: bool = False) -> "_Element":
        child = _Element(tag, admonition, self.level)
        self.children.append(child)
        return child

    def last(self) -> "_Element | None":
        return self.children[-1] if self.children else None


Line = tuple[str, int]
"""A line's text (as the current container sees it) and its file line index."""

_ADMONITION = re.compile(r'^!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *$')
_ATX = re.compile(r"^(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#]))*?)#*$")


def _atx(text: str) -> tuple[int, str] | None:
    """The level and raw text of ``text`` as a heading line (``_ATX``), or None. A line
    of one to six ``#`` and text with neither ``#`` nor ``\\`` in it, as nearly every
    heading is, is split without the pattern, whose lazy repetition tried the end of
    the line after every character (8 % of the scan's time at 1,500 documents)."""
    rest = text.lstrip("#")
    level = len(text) - len(rest)
    if 1 <= level <= 6 and "#" not in rest and "\\" not in rest:
        return level, rest
    match = _ATX.match(text)
    return None if match is None else (len(match.group("level")), match.group("header"))


_SETEXT_UNDERLINE = re.compile(r"^(?:=+|-+)[ ]*$")
_HR = re.compile(r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))"
                 r"(?P=atomicgroup)[ ]*$")
_OLIST = re.compile(r"^[ ]{0,3}\d+\.[ ]+(.*)")
_ULIST = re.compile(r"^[ ]{0,3}[*+-][ ]+(.*)")
_LIST_CHILD = re.compile(r"^[ ]{0,3}((\d+\.)|[*+-])[ ]+(.*)")
_LIST_INDENT = re.compile(r"^[ ]{4,7}((\d+\.)|[*+-])[ ]+.*")
_QUOTE = re.compile(r"^[ ]{0,3}>[ ]?(.*)")
# "[^1]: …" is a footnote's text (the footnotes extension reads it first), not a link.
_REFERENCE = re.compile(r"^[ ]{0,3}\[(?!\^)([^\[\]]*)\]:[ ]*([^\s]+)[ ]*((['\"])(.*)\4[ ]*|\((.*)\)[ ]*)?$")
_BLOCK_ATTRIBUTES = re.compile(r"^[ ]*\{\:?[ ]*([^\}\n ][^\n]*)\}[ ]*$")


@dataclass
class _Chunk:
    """Text that Python-Markdown processes inline: its lines, and what it belongs to."""

    lines: list[Line]
    heading_level: int = 0


_BLOCK_MARKS = frozenset(" !#>[=-_*+0123456789")
"""First characters of a line that some block processor before the paragraph looks for."""


_DETABBED, _IN_LIST, _IN_LOOSE_LIST = ["detabbed"], ["list"], ["looselist"]
"""The parser's state at the top of its stack, as Python-Markdown's ``State`` tests it."""


class _BlockParser:
    MARKERS = ("!!!", "#", ">", "]:", "-", "_", "*")

    def __init__(self, fence_sources: list | None = None, lines: list[Line] = ()) -> None:
        self.fence_sources = fence_sources or []
        # For each marker, the sorted line indices that contain it: whether a block can
        # hold an admonition, heading, rule, quote or definition is then a binary search
        # over its line range instead of a look at every line, each time a block is split.
        # Made when a block first asks (most documents never ask for most markers).
        self.every_line = lines
        self.every_text = "\n".join(line for line, _ in lines)
        self.marked: dict[str, list[int]] = {}
        self.reverted_fences: set[int] = set()
        self.chunks: list[_Chunk] = []
        self.code_lines: set[int] = set()
        self.references: dict[str, str] = {}
        self.reference_lines: list[tuple[str, str, int]] = []
        self.block_ids: list[str] = []
        self.state: list[str] = []
        self.depth = 0
        self.deepest = 0
        self.too_deep: tuple[int, int, str] | None = None
        """(line index, level, kind) of the first container past ``MAX_NESTING``."""

    # The helpers Python-Markdown's processors share.

    @staticmethod
    def split(lines: list[Line]) -> list[list[Line]]:
        blocks, current = [], []
        for line in lines:
            if line[0] == "":
                if current:
                    blocks.append(current)
                    current = []
            else:
                current.append(line)
        if current:
            blocks.append(current)
        return blocks

    @staticmethod
    def detab(block: list[Line], length: int = TAB) -> tuple[list[Line], list[Line]]:
        indent = " " * length
        for index, (text, number) in enumerate(block):
            if not text.startswith(indent) and text.strip():
                return [(line[length:], n) for line, n in block[:index]], block[index:]
        return [(line[length:], n) for line, n in block], []

    @staticmethod
    def loose_detab(block: list[Line], level: int = 1) -> list[Line]:
        indent = " " * (TAB * level)
        return [(text[len(indent):], number) if text.startswith(indent) else (text, number)
                for text, number in block]

    def parse_chunk(self, parent: _Element, lines: list[Line]) -> None:
        self.parse_blocks(parent, self.split(lines))

    def parse_blocks(self, parent: _Element, blocks: list[list[Line]]) -> None:
        self.depth += 1
        pending = list(reversed(blocks))
        try:
            while pending:
                block = pending.pop()
                if not block:
                    continue
                first = block[0][0]
                if len(block) == 1 and first[:1] == "#" and not first.startswith("!!!"):
                    # A lone "#" line, the commonest block of a handbook: only an
                    # admonition before it could take it (as its continuation, which
                    # needs indentation), so the heading processor decides.
                    if self.hash_header(parent, block, pending):
                        continue
                if first[:1] not in _BLOCK_MARKS and self.plain(block):
                    self.paragraph(parent, block, pending)
                    continue
                processors = self.processors
                if len(block) == 1:
                    processors = _SINGLE_LINE_PROCESSORS.get(first[:1], processors)
                for processor in processors:
                    if processor(self, parent, block, pending):
                        break
        finally:
            self.depth -= 1

    @staticmethod
    def plain(block: list[Line]) -> bool:
        """Whether no processor before the paragraph can take ``block``: each one needs
        a line that starts with indentation or one of ``_BLOCK_MARKS`` (an admonition,
        code, a heading, setext underline, rule, list, quote or reference definition), or
        a first line with a pipe and a second line (a table)."""
        if len(block) == 1:
            return True
        if "|" in block[0][0]:
            return False
        for text, _ in block:
            if text[:1] in _BLOCK_MARKS:
                return False
        return True

    def may_hold(self, block: list[Line], *markers: str) -> bool:
        """Whether a line of ``block`` (its lines' indices are increasing) contains one of
        ``markers``, in the document as read; False means none can."""
        first, last = block[0][1], block[-1][1]
        for marker in markers:
            numbers = self.marked.get(marker)
            if numbers is None:
                if marker not in self.MARKERS:
                    return True
                numbers = self.marked[marker] = [number for line, number in self.every_line if marker in line] \
                    if marker in self.every_text else []
            index = bisect.bisect_left(numbers, first)
            if index < len(numbers) and numbers[index] <= last:
                return True
        return False

    def nested_too_deep(self) -> bool:
        return self.depth > MAX_DEPTH

    def container(self, parent: _Element, tag: str, line: int, admonition: bool = False) -> _Element:
        """A quote, list or admonition in ``parent``, starting at file line index ``line``:
        how deep it nests is recorded."""
        child = parent.add(tag, admonition)
        child.level += 1
        if child.level > self.deepest:
            self.deepest = child.level
        if child.level > MAX_NESTING and self.too_deep is None:
            self.too_deep = (line, child.level, "ruta" if admonition else "citat" if tag == "blockquote" else "lista")
        return child

    # The processors, in Python-Markdown's priority order. Each returns whether it
    # took the block; ``pending`` is the stack of blocks still to parse (last = next).

    def admonition(self, parent: _Element, block: list[Line], pending: list) -> bool:
        header = None
        if not self.nested_too_deep() and self.may_hold(block, "!!!"):
            header = next((index for index, (text, _) in enumerate(block)
                           if text.startswith("!!!") and _ADMONITION.match(text)), None)
        if header is not None:
            if header:
                self.parse_blocks(parent, [block[:header]])
            match = _ADMONITION.match(block[header][0])
            content, rest = self.detab(block[header + 1:])
            kind, title = match.group(1).lower(), match.group(2)
            div = self.container(parent, "div", block[header][1], admonition=True)
            if title is None:
                title = re.sub("  +", " ", kind).split(" ", 1)[0].capitalize()
            if title:
                div.add("p")
                self.chunks.append(_Chunk([(title, block[header][1])]))
            self.parse_chunk(div, content)
            if rest:
                pending.append(rest)
            return True
        sibling, content, rest = self._admonition_sibling(parent, block)
        if sibling is None:
            return False
        if sibling.tag in ("li", "dd") and sibling.text:
            sibling.text = False
            sibling.add("p")
        self.parse_chunk(sibling, content)
        if rest:
            pending.append(rest)
        return True

    def _admonition_sibling(self, parent: _Element, block: list[Line]):
        sibling = parent.last()
        if sibling is None or sibling.tag != "div" or not sibling.admonition:
            return None, block, []
        first = block[0][0]
        spaces = len(first) - len(first.lstrip(" "))
        last_child = sibling.last()
        indent = 0
        while last_child is not None:
            if sibling is not None and spaces - indent >= 2 * TAB and last_child.tag in ("ul", "ol", "dl"):
                sibling = last_child.last()
                last_child = sibling.last() if sibling is not None else None
                indent += TAB
            else:
                last_child = None
        if spaces - indent < TAB or sibling is None:
            return None, block, []
        indent += TAB
        content, rest = self.detab(block, indent)
        return sibling, content, rest

    def list_indent(self, parent: _Element, block: list[Line], pending: list) -> bool:
        if not (block[0][0].startswith(" " * TAB) and (self.state[-1:] != _DETABBED) and not self.nested_too_deep()
                and (parent.tag == "li" or (parent.children and parent.children[-1].tag in ("ul", "ol")))):
            return False
        level, sibling = self._list_level(parent, block)
        block = self.loose_detab(block, level)
        self.state.append("detabbed")
        if parent.tag == "li":
            if parent.children and parent.children[-1].tag in ("ul", "ol"):
                self.parse_blocks(parent.children[-1], [block])
            else:
                self.parse_blocks(parent, [block])
        elif sibling.tag == "li":
            self.parse_blocks(sibling, [block])
        elif sibling.children and sibling.children[-1].tag == "li":
            item = sibling.children[-1]
            if item.text:
                item.text = False
                item.children.insert(0, _Element("p"))
            self.parse_chunk(item, block)
        else:
            self.parse_blocks(sibling.add("li"), [block])
        self.state.pop()
        return True

    def _list_level(self, parent: _Element, block: list[Line]) -> tuple[int, _Element]:
        first = block[0][0]
        indent_level = (len(first) - len(first.lstrip(" "))) // TAB
        level = 1 if self.state[-1:] == _IN_LIST else 0
        while indent_level > level:
            child = parent.last()
            if child is not None and child.tag in ("ul", "ol", "li"):
                if child.tag in ("ul", "ol"):
                    level += 1
                parent = child
            else:
                break
        return level, parent

    def code(self, parent: _Element, block: list[Line], pending: list) -> bool:
        if not block[0][0].startswith(" " * TAB):
            return False
        if any("\x02" in text for text, _ in block):
            block = self._revert_fences(block)
        sibling = parent.last()
        if sibling is None or sibling.tag != "pre":
            parent.add("pre")
        code, rest = self.detab(block)
        self.code_lines.update(number for _, number in code)
        if rest:
            pending.append(rest)
        return True

    def _revert_fences(self, block: list[Line]) -> list[Line]:
        """superfences' ``revert_greedy_fences``: in a block that becomes indented code,
        every fenced block (indented or not) is put back as the text it was."""
        reverted: list[Line] = []
        for text, number in block:
            placeholder = _FENCE_LINE.match(text)
            if placeholder is None:
                reverted.append((text, number))
                continue
            index = int(placeholder.group(2))
            width, source = self.fence_sources[index]
            cut = max(width - len(placeholder.group(1)), 0)
            reverted.extend((line[cut:], line_number) for line, line_number in source)
            self.reverted_fences.add(index)
        return reverted

    def table(self, parent: _Element, block: list[Line], pending: list) -> bool:
        if len(block) < 2:
            return False
        header = _table_cells(block[0][0].strip(" "))
        if header is None or len(header) < 2:
            return False
        separator = _table_cells(block[1][0].strip(" "))
        if separator is None or len(separator) != len(header) or not set("".join(separator)) <= set("|:- "):
            return False
        parent.add("table")
        for row in [block[0]] + block[2:]:
            self.chunks.append(_Chunk([row]))
        return True

    def hash_header(self, parent: _Element, block: list[Line], pending: list) -> bool:
        if len(block) == 1:  # the commonest heading, taken without the search below
            text, number = block[0]
            heading = _atx(text) if text[:1] == "#" else None
            if heading is None:
                return False
            level, header = heading
            parent.add("h%d" % level)
            self.chunks.append(_Chunk([(header.strip(), number)], heading_level=level))
            return True
        if not self.may_hold(block, "#"):
            return False
        found = next(((index, heading) for index, (text, _) in enumerate(block)
                      if text.startswith("#") and (heading := _atx(text))), None)
        if found is None:
            return False
        index, (level, header) = found
        if index:
            self.parse_blocks(parent, [block[:index]])
        parent.add("h%d" % level)
        self.chunks.append(_Chunk([(header.strip(), block[index][1])], heading_level=level))
        # Heading lines that follow directly would each come back here as the first line
        # of the rest of the block (nothing else takes a block that starts with one,
        # unless it holds an admonition or is a table): take them now, rather than
        # copying the rest of the block once per heading.
        if (self.state[-1:] != _IN_LOOSE_LIST and index + 1 < len(block)
                and not self.may_hold((block[index + 1], block[-1]), "!!!")):
            while index + 1 < len(block) and block[index + 1][0].startswith("#") and not (
                    index + 2 < len(block) and "|" in block[index + 1][0]):
                heading = _atx(block[index + 1][0])
                if heading is None:
                    break
                index += 1
                level, header = heading
                parent.add("h%d" % level)
                self.chunks.append(_Chunk([(header.strip(), block[index][1])], heading_level=level))
        after = block[index + 1:]
        if after:
            if self.state[-1:] == _IN_LOOSE_LIST:
                after = self.loose_detab(after)
            pending.append(after)
        return True

    def setext_header(self, parent: _Element, block: list[Line], pending: list) -> bool:
        if len(block) < 2 or not _SETEXT_UNDERLINE.match(block[1][0]):
            return False
        level = 1 if block[1][0].startswith("=") else 2
        parent.add("h%d" % level)
        self.chunks.append(_Chunk([(block[0][0].strip(), block[0][1])], heading_level=level))
        if len(block) > 2:
            pending.append(block[2:])
        return True

    def horizontal_rule(self, parent: _Element, block: list[Line], pending: list) -> bool:
        if not self.may_hold(block, "-", "_", "*"):
            return False
        index = next((index for index, (text, _) in enumerate(block)
                      if text.lstrip(" ")[:1] in ("-", "_", "*") and _HR.match(text)), None)
        if index is None:
            return False
        if index:
            self.parse_blocks(parent, [block[:index]])
        parent.add("hr")
        if block[index + 1:]:
            pending.append(block[index + 1:])
        return True

    def ordered_list(self, parent: _Element, block: list[Line], pending: list) -> bool:
        return self._list(parent, block, _OLIST, "ol")

    def unordered_list(self, parent: _Element, block: list[Line], pending: list) -> bool:
        return self._list(parent, block, _ULIST, "ul")

    def _list(self, parent: _Element, block: list[Line], start: re.Pattern, tag: str) -> bool:
        if not start.match(block[0][0]) or self.nested_too_deep():
            return False
        items: list[list[Line]] = []
        for text, number in block:
            child = _LIST_CHILD.match(text)
            if child:
                items.append([(child.group(3), number)])
            elif _LIST_INDENT.match(text):
                if items[-1][0][0].startswith(" " * TAB):
                    items[-1].append((text, number))
                else:
                    items.append([(text, number)])
            else:
                items[-1].append((text, number))
        sibling = parent.last()
        if sibling is not None and sibling.tag in ("ol", "ul"):
            container = sibling
            item = container.children[-1]
            if item.text:
                item.text = False
                item.children.insert(0, _Element("p"))
            last = item.last()
            if last is not None and last.tail:
                last.tail = False
                item.add("p")
            self.state.append("looselist")
            self.parse_blocks(container.add("li"), [items.pop(0)])
            self.state.pop()
        elif parent.tag in ("ol", "ul"):
            container = parent
        else:
            container = self.container(parent, tag, block[0][1])
        self.state.append("list")
        for item in items:
            if item[0][0].startswith(" " * TAB):
                self.parse_blocks(container.children[-1], [item])
            else:
                self.parse_blocks(container.add("li"), [item])
        self.state.pop()
        return True

    def quote(self, parent: _Element, block: list[Line], pending: list) -> bool:
        if self.nested_too_deep() or not self.may_hold(block, ">"):
            return False
        index = next((index for index, (text, _) in enumerate(block) if ">" in text[:4] and _QUOTE.match(text)),
                     None)
        if index is None:
            return False
        if index:
            self.parse_blocks(parent, [block[:index]])
        cleaned = []
        for text, number in block[index:]:
            match = _QUOTE.match(text)
            cleaned.append(("" if text.strip() == ">" else match.group(1) if match else text, number))
        sibling = parent.last()
        quote = sibling if sibling is not None and sibling.tag == "blockquote" else \
            self.container(parent, "blockquote", block[index][1])
        self.state.append("blockquote")
        self.parse_chunk(quote, cleaned)
        self.state.pop()
        return True

    def reference(self, parent: _Element, block: list[Line], pending: list) -> bool:
        if not self.may_hold(block, "]:"):
            return False
        first = next((index for index, (text, _) in enumerate(block) if "]:" in text and _REFERENCE.match(text)),
                     None)
        if first is None:
            return False
        end = first
        while end < len(block) and (match := _REFERENCE.match(block[end][0])):
            url = match.group(2).lstrip("<").rstrip(">")
            self.references[match.group(1).strip().lower()] = url
            self.reference_lines.append((url, match.group(1), block[end][1]))
            end += 1
        if block[end:]:
            pending.append(block[end:])
        if block[:first]:
            pending.append(block[:first])
        return True

    def paragraph(self, parent: _Element, block: list[Line], pending: list) -> bool:
        if self.state[-1:] == _IN_LIST:
            sibling = parent.last()
            if sibling is not None:
                sibling.tail = True
            else:
                parent.text = True
        else:
            parent.add("p")
            if len(block) > 1:
                attributes = _BLOCK_ATTRIBUTES.match(block[-1][0])
                if attributes and "`" not in block[-1][0]:
                    identifier, remainder = _attribute_id(attributes.group(1))
                    if not remainder:
                        if identifier:
                            self.block_ids.append(identifier)
                        block = block[:-1]
        self.chunks.append(_Chunk(block))
        return True

    processors = (admonition, list_indent, code, table, hash_header, setext_header, horizontal_rule, ordered_list,
                  unordered_list, quote, reference, paragraph)


def _single_line_processors() -> dict[str, tuple]:
    """The processors that can take a one-line block, by its first character, when that
    is neither a space nor ``!`` or ``#``: the others need an indented line (list
    continuation, code, an admonition's body), ``!!!``, a line starting with ``#`` or a
    second line (table, setext heading). A list item's or a quote's lines are mostly such
    blocks, and trying the eleven processors on each took a fifth of the reading."""
    parser = _BlockParser
    candidates = {"-": (parser.horizontal_rule, parser.unordered_list), "_": (parser.horizontal_rule,),
                  "*": (parser.horizontal_rule, parser.unordered_list), "+": (parser.unordered_list,),
                  ">": (parser.quote,), "[": (parser.reference,), "=": ()}
    candidates.update({digit: (parser.ordered_list,) for digit in "0123456789"})
    assert set(candidates) == _BLOCK_MARKS - set(" !#")
    return {first: (*taking, parser.paragraph) for first, taking in candidates.items()}


_SINGLE_LINE_PROCESSORS = _single_line_processors()


_TABLE_SPLIT = re.compile(r"(\\\\)|(\\`+)|(`+)|(\\\|)|(\|)")


def _table_cells(row: str) -> list[str] | None:
    """A table row's cells, as the tables extension splits them (pipes inside code do
    not split); None when the row has no pipe at all."""
    if "|" not in row:
        return None
    if row.startswith("|"):
        row = row[1:]
    if re.search(r"(?<!\\)(?:\\\\)*\|$", row):
        row = row[:-1]
    cells, start, open_ticks = [], 0, 0
    for match in _TABLE_SPLIT.finditer(row):
        if match.group(3):
            ticks = len(match.group(3))
            if open_ticks == 0:
                open_ticks = ticks
            elif ticks == open_ticks:
                open_ticks = 0
        elif match.group(5) and not open_ticks:
            cells.append(row[start:match.start()])
            start = match.end()
    cells.append(row[start:])
    return cells


# --- Pass 5: inline ---------------------------------------------------------------------

_ESCAPABLE = set("\\`*_{}[]()>#+-.!")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>")
_AUTOMAIL = re.compile(r"<([^<> !]+@[^@<> ]+)>")
_INLINE_HTML = re.compile(
    r"""<(?:/?[a-zA-Z][^\s"'<>@]*(?:\s+[^\s"'=<>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>]+))?)*\s*/?"""
    r"""|!--(?:(?!<!--|-->).)*--)>""", re.DOTALL)
_ENTITY = re.compile(r"&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")
_LINK_OPEN = re.compile(r"\(\s*(?:(<[^<>]*>)\s*(?:('[^']*'|\"[^\"]*\")\s*)?\))?", re.DOTALL)
_REFERENCE_LABEL = re.compile(r"\s?\[([^\]]*)\]", re.DOTALL)
_HEADER_ATTRIBUTES = re.compile(r"[ ]+\{\:?[ ]*([^\}\n ][^\n]*)\}[ ]*$")
_ATTRIBUTE_TOKENS = re.compile(r'[^ =}]+=".*?"|[^ =}]+=\'.*?\'|[^ =}]+=[^ =}]+|[^ =}]+| ')


def _attribute_id(attributes: str) -> tuple[str | None, str]:
    """The id an attribute list sets (``#id`` or ``id=…``) and what follows a stray
    ``}`` (attr_list then leaves the list as text)."""
    identifier = None
    position = 0
    while position < len(attributes):
        token = _ATTRIBUTE_TOKENS.match(attributes, position)
        if token is None:
            break
        word = token.group(0)
        position = token.end()
        if word.startswith("#"):
            identifier = word[1:]
        elif word.startswith("id="):
            value = word[3:]
            identifier = value[1:-1] if value[:1] in "\"'" and len(value) > 1 and value[-1] == value[0] else value
    remainder = attributes[position:]
    brace = remainder.find("}")
    return identifier, remainder[brace:] if brace >= 0 else ""


def _code_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(start, content start, content end, end) of every code span, as Python-Markdown's
    backtick processor (``find_code_spans``) finds them: a backtick not escaped by an odd
    number of backslashes opens with the rest of its run, n backticks; the span closes
    at the next run of exactly n; failing that, at the first of the longest later runs
    if it is shorter, m backticks, and the first m opening backticks are the opening
    (the others are code). Escapes count only for the opening: any run of backticks,
    after a backslash or not, may close. A run that finds no closing is text, and the
    search goes on 2n characters after its start (Python-Markdown counts the run twice),
    so that what follows within them cannot open a span."""
    if "`" not in text:
        return []
    runs: list[tuple[int, int]] = [run.span() for run in _BACKTICK_RUN.finditer(text)]
    # For each run, the longest length among the later runs and the index of its first
    # occurrence; for each length, the indices of the runs of that length.
    longest_after: list[tuple[int, int]] = [(0, -1)] * (len(runs) + 1)
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        best_length, best_index = longest_after[index + 1]
        longest_after[index] = (end - start, index) if end - start >= best_length else (best_length, best_index)
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans = []
    search = 0
    """Where Python-Markdown's search for an opening goes on."""
    index = 0
    while index < len(runs):
        start, end = runs[index]
        if end <= search:
            index += 1
            continue
        start = max(start, search)
        if text[start - 1:start] == "\\" and not _opens_after_backslashes(text, start, search):
            start += 1  # an escaped backtick; the rest of the run may open a span
        ticks = end - start
        if ticks == 0:
            index += 1
            continue
        same = by_length.get(ticks, ())
        later = bisect.bisect_right(same, index)
        longest, at = longest_after[index + 1]
        if later < len(same) or 0 < longest < ticks:
            closer, width = (same[later], ticks) if later < len(same) else (at, longest)
            close_start = runs[closer][0]
            spans.append((start, start + width, close_start, close_start + width))
            search = close_start + width
            index = closer + 1
            continue
        search = start + 2 * ticks
        index += 1
    return spans


def _opens_after_backslashes(text: str, position: int, search: int) -> bool:
    """Whether a backtick after backslashes opens: their number is even (each escapes
    the next, which Python-Markdown takes as pairs) and the search for an opening
    started at or before the first of them (it cannot take pairs it began inside)."""
    count = 0
    while position - count - 1 >= 0 and text[position - count - 1] == "\\":
        count += 1
    return count % 2 == 0 and position - count >= search


class _InlineScanner:
    """Code spans, escapes, links, images and autolinks of one chunk of text, taken in
    one pass from left to right with Python-Markdown's preferences at each bracket
    (reference, inline link, short reference; images likewise after a '!')."""

    SCAN_BUDGET = 1
    """Characters per character of text (plus 10,000) that destinations with quotes may
    be scanned for in all: Python-Markdown scans from every ``](`` to the closing ')' or the end
    of the paragraph, quadratic in a pasted wall of ``[x]("``; past the budget such a
    destination is not a link."""

    def __init__(self, text: str, references: dict[str, str], fence_texts: list[str] = ()):
        self.text = text
        self.references = references
        self.spans: list[tuple[int, int, str, object]] = []
        """(start, end, kind, payload), sorted: what patterns took (a link holds spans)."""
        code = _code_spans(text)
        taken: list[tuple[int, int, str, object]] = [
            (start, end, "code", text[content_start:content_end].strip())
            for start, content_start, content_end, end in code]
        if "\x02" in text:
            # A fenced block's placeholder, where a heading or paragraph holds one, and
            # not inside a code span, which takes it as text.
            starts = [start for start, _, _, _ in code]

            def in_code_span(position: int) -> bool:
                index = bisect.bisect_right(starts, position) - 1
                return index >= 0 and code[index][3] > position

            taken = sorted(taken + [(match.start(), match.end(), "code", fence_texts[int(match.group(1))])
                                    for match in _FENCE_REFERENCE.finditer(text) if not in_code_span(match.start())])
        if "\\" in text:
            escapes = []
            code_index = 0
            position = text.find("\\")
            while position >= 0:
                while code_index < len(code) and code[code_index][3] <= position:
                    code_index += 1
                if code_index < len(code) and code[code_index][0] <= position:
                    position = text.find("\\", code[code_index][3])
                    continue
                if position + 1 < len(text) and text[position + 1] in _ESCAPABLE:
                    escapes.append((position, position + 2, "escape", text[position + 1]))
                    position = text.find("\\", position + 2)
                else:
                    position = text.find("\\", position + 1)
            taken = sorted(taken + escapes)
        self.fixed = taken
        self.fixed_starts = {start: (end, kind) for start, end, kind, _ in taken}
        self._closing: dict[int, int] | None = None
        self._quotes: list[int] | None = None
        self.budget = self.SCAN_BUDGET * len(text) + 10_000

    def scan(self) -> list[tuple[int, int, str, str, bool]]:
        """(start, end, text, url, is_image) of links and images, outermost first."""
        found: list[tuple[int, int, str, str, bool]] = []
        links: list[tuple[int, int, str, object]] = []
        self._links(0, len(self.text), found, links, images_only=False)
        spans = sorted(self.fixed + links)
        if "<" in self.text:
            spans = self._autolinks(spans, found)
        self.spans = spans
        return found

    def _free_brackets(self, start: int, end: int) -> tuple[list[int], dict[int, int]]:
        """Offsets of '[' outside fixed spans, and each one's offset after its ']'."""
        openings: list[int] = []
        pairs: dict[int, int] = {}
        stack: list[int] = []
        text = self.text
        for match in _BRACKET.finditer(text, start, end):
            position = match.start()
            if self._in_fixed(position):
                continue
            if text[position] == "[":
                stack.append(position)
                openings.append(position)
            elif stack:
                pairs[stack.pop()] = position + 1
        return openings, pairs

    def _in_fixed(self, position: int) -> bool:
        fixed = self.fixed
        if not fixed:
            return False
        index = bisect.bisect_right(fixed, (position, float("inf"))) - 1
        return index >= 0 and fixed[index][0] <= position < fixed[index][1]

    def _links(self, start: int, end: int, found: list, links: list, images_only: bool) -> None:
        text = self.text
        openings, pairs = self._free_brackets(start, end)
        cursor = start
        for opening in openings:
            if opening < cursor:
                continue
            close = pairs.get(opening)
            if close is None or close > end:
                continue
            is_image = opening > start and text[opening - 1] == "!" and not self._in_fixed(opening - 1)
            if images_only and not is_image:
                result = self._reference(opening, close, end, short_only=True)
            else:
                result = self._reference(opening, close, end, short_only=False) if close < end and \
                    text[close] in "[ \n" else None
                if result is None and close < end and text[close] == "(":
                    result = self._destination(close, end)
                if result is None:
                    result = self._reference(opening, close, end, short_only=True)
            if result is None:
                continue
            link_end, url = result
            begin = opening - 1 if is_image else opening
            found.append((begin, link_end, text[opening + 1:close - 1], url, is_image))
            links.append((begin, link_end, "image" if is_image else "link", (opening + 1, close - 1)))
            cursor = link_end
            if not is_image:
                # The text of a link is parsed with the patterns after "link": images
                # and short references, not links.
                self._links(opening + 1, close - 1, found, links, images_only=True)

    def _reference(self, opening: int, close: int, end: int, short_only: bool) -> tuple[int, str] | None:
        text = self.text
        if not self.references:
            return None
        if not short_only:
            label = _REFERENCE_LABEL.match(text, close, end)
            if label is None:
                return None
            identifier = " ".join((label.group(1) or text[opening + 1:close - 1]).lower().split())
            url = self.references.get(identifier)
            return None if url is None else (label.end(), url)
        identifier = " ".join(text[opening + 1:close - 1].lower().split())
        url = self.references.get(identifier)
        return None if url is None else (close, url)

    def _destination(self, index: int, end: int) -> tuple[int, str] | None:
        """Python-Markdown's ``getLink`` from the '(' at ``index``: (end, href)."""
        text = self.text
        match = _LINK_OPEN.match(text, index, end)
        if match is None:
            return None
        if match.group(1):
            return match.end(), self._unescape(match.group(1)[1:-1]).strip()
        start_index = match.end()
        fast = self._unquoted_destination(index, start_index, end)
        if fast is not None:
            return fast if fast[0] >= 0 else None
        return self._quoted_destination(start_index, end)

    def _unquoted_destination(self, opening: int, start_index: int, end: int) -> tuple[int, str] | None:
        """The destination where no quote lies before the matching ')': then
        ``getLink``'s counting ends at that ')' (or never, (-1, "")). None: ask the
        full scan."""
        if self._closing is None:
            self._closing, self._quotes = {}, []
            stack: list[int] = []
            for found in _PAREN_OR_QUOTE.finditer(self.text):
                position = found.start()
                if self._in_fixed(position):
                    continue
                character = self.text[position]
                if character == "(":
                    stack.append(position)
                elif character == ")":
                    if stack:
                        self._closing[stack.pop()] = position
                else:
                    self._quotes.append(position)
        close = self._closing.get(opening)
        limit = end if close is None or close >= end else close
        next_quote = bisect.bisect_left(self._quotes, start_index)
        if next_quote < len(self._quotes) and self._quotes[next_quote] < limit:
            return None
        if close is None or close >= end:
            return -1, ""
        return close + 1, self._unescape(self.text[start_index:close]).strip()

    def _quoted_destination(self, start_index: int, end: int) -> tuple[int, str] | None:
        text = self.text
        bracket_count = backtrack_count = 1
        position = start_index
        last_bracket = -1
        quote = alt_quote = None
        start_quote = exit_quote = start_alt_quote = exit_alt_quote = -1
        ignore_matches = False
        last = ""
        href = None
        limit = min(end, start_index + max(self.budget, 0))
        self.budget -= limit - start_index
        skip = self.fixed_starts
        while position < limit:
            fixed = skip.get(position)
            if fixed is not None:
                character, step_to = "\x00", fixed[0]
            else:
                character, step_to = text[position], position + 1
            if character == "(":
                if not ignore_matches:
                    bracket_count += 1
                elif backtrack_count > 0:
                    backtrack_count -= 1
            elif character == ")":
                if (exit_quote != -1 and quote == last) or (exit_alt_quote != -1 and alt_quote == last):
                    bracket_count = 0
                elif not ignore_matches:
                    bracket_count -= 1
                elif backtrack_count > 0:
                    backtrack_count -= 1
                    if backtrack_count == 0:
                        last_bracket = step_to
            elif character in ("'", '"'):
                if not quote:
                    ignore_matches = True
                    backtrack_count = bracket_count
                    bracket_count = 1
                    start_quote = step_to
                    quote = character
                elif character != quote and not alt_quote:
                    start_alt_quote = step_to
                    alt_quote = character
                elif character == quote:
                    exit_quote = step_to
                elif alt_quote and character == alt_quote:
                    exit_alt_quote = step_to
            position = step_to
            if bracket_count == 0:
                if exit_quote >= 0 and quote == last:
                    href = text[start_index:start_quote - 1]
                elif exit_alt_quote >= 0 and alt_quote == last:
                    href = text[start_index:start_alt_quote - 1]
                else:
                    href = text[start_index:position - 1]
                break
            if character != " ":
                last = character
        if bracket_count != 0 and backtrack_count == 0:
            href = text[start_index:last_bracket - 1]
            position = last_bracket
            bracket_count = 0
        if bracket_count != 0 or href is None:
            return None
        return position, self._unescape(href).strip()

    @staticmethod
    def _unescape(raw: str) -> str:
        return _ESCAPE.sub(r"\1", raw) if "\\" in raw else raw

    def _autolinks(self, spans: list, found: list) -> list:
        added = []
        outermost = []
        for span in spans:
            if not outermost or span[0] >= outermost[-1][1]:
                outermost.append(span)
        for pattern, prefix in ((_AUTOLINK, ""), (_AUTOMAIL, "mailto:")):
            for match in pattern.finditer(self.text):
                index = bisect.bisect_right(outermost, (match.start(), float("inf"))) - 1
                if index >= 0 and outermost[index][1] > match.start():
                    continue
                following = bisect.bisect_left(outermost, (match.start(), 0))
                if following < len(outermost) and outermost[following][0] < match.end():
                    continue
                if any(start < match.end() and match.start() < end for start, end, _, _ in added):
                    continue
                address = match.group(1)
                url = address if not prefix or address.startswith("mailto:") else prefix + address
                found.append((match.start(), match.end(), address, url, False))
                added.append((match.start(), match.end(), "autolink", address))
        return sorted(spans + added)

    def plain_text(self, start: int = 0, end: int | None = None) -> str:
        """The text a reader sees between start and end: code without backticks, link
        text without the address, images and raw HTML tags left out, escapes and
        entities resolved, emphasis markers dropped. Text that is literal whatever
        surrounds it (code, escapes) is marked with \\x01 so emphasis stays outside it."""
        end = len(self.text) if end is None else end
        pieces: list[str] = []
        cursor = start
        text = self.text
        first = bisect.bisect_left(self.spans, (start, 0))
        for span_start, span_end, kind, payload in self.spans[first:]:
            if span_start >= end:
                break
            if span_start < cursor:
                continue
            pieces.append(text[cursor:span_start])
            if kind in ("code", "escape", "autolink"):
                pieces.append("\x01" + html.escape(str(payload), quote=False) + "\x01")
            elif kind == "link":
                pieces.append(self.plain_text(*payload))
            cursor = span_end
        pieces.append(text[cursor:end])
        return "".join(pieces)


_BRACKET = re.compile(r"[\[\]]")
_BACKTICK_RUN = re.compile("`+")
_PAREN_OR_QUOTE = re.compile(r"[()'\"]")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!])")


_EMPHASIS = (re.compile(r"(?<![\w*])(\*\*|__)(?![\s*_])(.+?)(?<![\s*_])\1(?![\w*])", re.DOTALL),
             re.compile(r"(?<!\*)(\*)(?![\s*])(.+?)(?<![\s*])\*(?!\*)", re.DOTALL),
             re.compile(r"(?<![\w_])(_)(?![\s_])(.+?)(?<![\s_])_(?![\w_])", re.DOTALL))


def _heading_text(raw: str, references: dict[str, str], fence_texts: list[str] = ()
                  ) -> tuple[str, str | None, list]:
    """Plain text (as toc's ``strip_tags`` leaves it, unescaped), explicit id and links
    of a heading's raw text."""
    scanner = _InlineScanner(raw, references, fence_texts)
    links = scanner.scan()
    identifier = None
    end = len(raw)
    # attr_list reads the text after the heading's last inline element.
    tail_start = max((span_end for _, span_end, kind, _ in scanner.spans if kind != "escape"), default=0)
    attributes = _HEADER_ATTRIBUTES.search(raw, tail_start) if "{" in raw[tail_start:] else None
    if attributes:
        found, remainder = _attribute_id(attributes.group(1))
        if not remainder:
            identifier = found
            end = attributes.start()
            while end > tail_start and raw[end - 1] == "#":
                end -= 1
    return _visible_text(scanner.plain_text(0, end)), identifier, links


@lru_cache(maxsize=4096)
def _plain_heading(raw: str) -> tuple[str, str | None, tuple]:
    """``_heading_text`` of a heading that needs no reference definitions: handbooks
    repeat the same headings (Syfte, Ansvar …) in every document."""
    text, identifier, links = _heading_text(raw, {})
    return text, identifier, tuple(links)


_LITERAL = re.compile("\x01([^\x01]*)\x01")


def _visible_text(marked: str) -> str:
    """Text with raw HTML tags, emphasis markers and entities resolved outside the
    stretches marked literal, whitespace collapsed."""
    literals: list[str] = []

    def keep(match: re.Match) -> str:
        literals.append(html.unescape(match.group(1)))
        return "\x01"

    text = _LITERAL.sub(keep, marked) if "\x01" in marked else marked
    if "<" in text:
        text = _INLINE_HTML.sub("", text)
    if ("*" in text or "_" in text) and len(text) < 2000:
        for pattern in _EMPHASIS:
            text = pattern.sub(r"\2", text)
    if "&" in text:
        text = _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)
    if literals:
        pieces = iter(literals)
        text = re.sub("\x01", lambda _: next(pieces), text)
    return " ".join(text.split())


# --- Pass 6: the answer -----------------------------------------------------------------

@dataclass(frozen=True)
class Nesting:
    """Where a text first nests deeper than ``MAX_NESTING``."""

    depth: int
    """The deepest level reached: of quotes, lists and admonitions in one another (a list
    in a quote is two), or of HTML elements."""
    line: int
    """0-based index of the body's line where it first passes the limit."""
    kind: str
    """What passed the limit: "citat", "lista", "ruta" (admonition) or "HTML"."""


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_NESTING_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(/?)>")


def _html_too_deep(text: str) -> Nesting | None:
    """Where HTML elements written in ``text`` first nest deeper than ``MAX_NESTING``
    (unclosed elements count; tags shown as code too, so that nothing the sanitizer
    might meet is missed), with the deepest level reached."""
    if text.count("<") <= MAX_NESTING:
        return None
    depth = deepest = 0
    at = None
    for match in _NESTING_TAG.finditer(text):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _VOID:
            continue
        if closing:
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if at is None and depth > MAX_NESTING:
                at = match.start()
    return None if at is None else Nesting(deepest, text.count("\n", 0, at), "HTML")


@dataclass(frozen=True)
class Structure:
    """What one read of a Markdown body finds; a ``Document`` keeps its own."""

    headings: tuple[tuple[int, str, str, int], ...]
    """(level, text, anchor, line index)"""
    links: tuple[tuple[str, str, int, bool, bool], ...]
    """(url, text, line index, is_image, is_definition)"""
    code_lines: frozenset[int]
    """Lines shown as code: fenced blocks with their fences, indented code."""
    fence_lines: frozenset[int]
    """The opening and closing lines of fenced blocks (their info string is not code)."""
    anchors: frozenset[str]
    code_columns: tuple[tuple[int, int, int], ...]
    """(line index, start, end) of the content of inline code, columns in the body's line."""
    depth: int
    """The deepest quote in quote, list in list or admonition in admonition (1: one
    level, 0: none), as the rendered blockquote, ul, ol and admonition elements nest."""
    too_deep: Nesting | None
    """Where quotes, lists, admonitions or HTML elements first nest past ``MAX_NESTING``."""

    def located_headings(self, first_line: int) -> list[Heading]:
        """The headings, with file line numbers for a body starting at ``first_line``."""
        return [Heading(level, text, slug, first_line + line) for level, text, slug, line in self.headings]

    def located_links(self, first_line: int) -> list[Link]:
        return [Link(url, text, first_line + line, is_image=image, is_definition=definition)
                for url, text, line, image, definition in self.links]


def scan(body: str) -> Structure:
    """Everything this module reads from ``body``, read once."""
    return _structure(body)


@lru_cache(maxsize=64)
def _structure(body: str) -> Structure:
    lines = _normalised_lines(body)
    body_lines = body.split("\n")
    numbers = list(range(len(lines)))
    # Markers are looked for in every line as written: a fenced block put back as text
    # (in indented code) brings its lines back.
    every_line = list(zip(lines, numbers))
    code_columns: list[tuple[int, int, int]] = []
    fence_texts: list[str] = []
    fence_sources: list = []
    lines, numbers, fences = _fences(lines, numbers, fence_texts, fence_sources)
    html_anchors: set[str] = set()
    lines, numbers, _ = _raw_html(lines, numbers, html_anchors)
    document = list(zip(lines, numbers))
    parser = _BlockParser(fence_sources, every_line)
    parser.parse_chunk(_Element("div"), document)
    fences = [block for index, block in enumerate(fences) if index not in parser.reverted_fences]
    code: set[int] = set(parser.code_lines)
    for first, last in fences:
        code.update(range(first, last + 1))
    taken = set(parser.block_ids)
    found_headings = []
    found_links: list[tuple[str, str, int, bool, bool]] = [(url, label, line, False, True)
                                                           for url, label, line in parser.reference_lines]
    for chunk in parser.chunks:
        if chunk.heading_level:
            (raw, line), = chunk.lines
            if parser.references or "\x02" in raw:
                text, identifier, heading_links = _heading_text(raw, parser.references, fence_texts)
            else:
                text, identifier, heading_links = _plain_heading(raw)
            if identifier:
                taken.add(identifier)
            found_headings.append((chunk.heading_level, text, identifier, line))
            if heading_links:
                found_links.extend((url, label, line, image, False) for _, _, label, url, image in heading_links)
            continue
        text = chunk.lines[0][0] if len(chunk.lines) == 1 else "\n".join(line for line, _ in chunk.lines)
        if "`" in text:
            code_columns.extend(_code_columns(body_lines, chunk.lines, _code_spans(text)))
        if "[" not in text and "<" not in text:
            continue
        line_of = _offset_lines(chunk.lines)
        found_links.extend((url, label, line_of(start), image, False)
                           for start, _, label, url, image in _InlineScanner(text, parser.references, fence_texts).scan())
    unique = _UniqueIds(taken)
    headings = tuple((level, text, identifier or unique.add(slugify(text)), line)
                     for level, text, identifier, line in found_headings)
    found_links.sort(key=lambda link: link[2])
    fence_lines = frozenset(line for block in fences for line in block)
    return Structure(headings, tuple(found_links), frozenset(code), fence_lines, frozenset(html_anchors),
                     tuple(code_columns), parser.deepest, _too_deep(body, parser))


def _too_deep(body: str, parser: "_BlockParser") -> Nesting | None:
    """The deeper of the containers' and the HTML elements' nesting past the limit."""
    found = _html_too_deep(body)
    if parser.too_deep is not None:
        line, _, kind = parser.too_deep
        if found is None or found.depth < parser.deepest:
            return Nesting(parser.deepest, line, kind)
    return found


def _code_columns(body_lines: list[str], lines: list[Line], spans: list) -> Iterator[tuple[int, int, int]]:
    """Where the contents of a chunk's code spans lie in the body's own lines. A chunk's
    line is the end of the body's line (containers take only indentation and markers
    off the front); a line whose tabs were expanded is left out, so nothing that is not
    certainly code is called code."""
    starts = []
    offset = 0
    for text, _ in lines:
        starts.append(offset)
        offset += len(text) + 1
    for _, content_start, content_end, _ in spans:
        index = bisect.bisect_right(starts, content_start) - 1
        while index < len(lines) and content_start < content_end:
            text, number = lines[index]
            original = body_lines[number] if number < len(body_lines) else ""
            line_end = starts[index] + len(text)
            stop = min(content_end, line_end)
            if "\t" not in original and original.endswith(text):
                shift = len(original) - len(text)
                yield number, content_start - starts[index] + shift, stop - starts[index] + shift
            index += 1
            content_start = line_end + 1


def _offset_lines(lines: list[Line]):
    """offset in the chunk's text -> file line index."""
    starts = []
    offset = 0
    for line, _ in lines:
        starts.append(offset)
        offset += len(line) + 1

    def line_of(position: int) -> int:
        low, high = 0, len(starts)
        while low < high:
            middle = (low + high) // 2
            if starts[middle] <= position:
                low = middle + 1
            else:
                high = middle
        return lines[max(low - 1, 0)][1]

    return line_of


# --- Public questions -------------------------------------------------------------------

def headings(body: str, first_line: int) -> list[Heading]:
    return _structure(body).located_headings(first_line)


def links(body: str, first_line: int) -> list[Link]:
    return _structure(body).located_links(first_line)


def first_title(body: str) -> str | None:
    """The text of the first level-1 heading: a document's title where its front-matter
    has none. A body that begins with a plain ``# Title`` line, as nearly every document
    does, is answered from that line alone: no block processor takes a first line that
    starts with ``# `` (a table would need a pipe in it), and with no brackets in it no
    reference definition can change its text. Any other body is read in full."""
    start = len(body) - len(body.lstrip("\n"))
    end = body.find("\n", start)
    line = body[start:] if end < 0 else body[start:end]
    if line.startswith("# ") and not any(character in line for character in "|[\t\r\x02\x03"):
        heading = _atx(line)
        if heading is not None and heading[0] == 1:
            return _heading_text(heading[1].strip(), {})[0]
    return next((text for level, text, _, _ in _structure(body).headings if level == 1), None)


def prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Lines that are not code (fenced or indented), with their file line numbers."""
    lines = body.split("\n")
    code = _structure(body).code_lines
    if not code:
        yield from enumerate(lines, first_line)
        return
    for index, line in enumerate(lines):
        if index not in code:
            yield first_line + index, line


def code_lines(body: str) -> frozenset[int]:
    """0-based indices of the body's lines that the site shows as code, fences included."""
    return _structure(body).code_lines


def plain_heading_text(raw: str) -> str:
    """The text a heading written as ``raw`` shows (markup, links and ``{#id}`` out)."""
    return _heading_text(raw, {})[0]


def code_mask(body: str, structure: Structure | None = None) -> str:
    """``body`` with what the site shows as code replaced by spaces: the lines inside
    fenced blocks (not the fences, whose attributes are HTML), indented code, and the
    contents of code spans. Same length and line breaks, so offsets stay valid.
    ``structure``: the body's, when the caller has it."""
    structure = structure or _structure(body)
    if not structure.code_lines and not structure.code_columns:
        return body
    lines = body.split("\n")
    for number in structure.code_lines - structure.fence_lines:
        if number < len(lines):
            lines[number] = " " * len(lines[number])
    for number, start, end in structure.code_columns:
        line = lines[number]
        lines[number] = line[:start] + " " * (end - start) + line[end:]
    return "\n".join(lines)


def inline_links(line: str) -> list[tuple[int, int, str, str, bool]]:
    """``[text](url "title")`` links and images in a stretch of text as (start, end, text,
    url, is_image), outermost first."""
    return _InlineScanner(line, {}).scan()
