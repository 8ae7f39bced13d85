"""markdown_scan against the renderer: generated documents rendered with Python-Markdown,
configured from mkdocs.yml's ``markdown_extensions`` (names, options and the slugify
function read from the file, so the two cannot drift apart), must give the headings
(level, text, anchor), the link targets and the nesting depth (quotes, lists and
admonitions in one another, as the rendered elements nest) that markdown_scan reports.

The documents mix what handbooks contain and what trips a line scanner: admonitions
with headings inside, setext headings, indented code, fences of backticks and tildes,
longer and nested fences, lists with nested blocks, quotes, raw HTML blocks whose
content looks like Markdown, quotes, lists and admonitions in one another, ``{#id}`` anchors, repeated headings, code spans with
brackets and hashes, links with titles, parentheses, angle brackets, images, reference
links and autolinks.

The default run generates a few hundred documents. The acceptance run is 10,000::

    QMS_DIFFERENTIAL_EXAMPLES=10000 python3 -m pytest -q tests/handbook/test_markdown_scan_differential.py
"""

from __future__ import annotations

import importlib
import os
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from markdown.treeprocessors import Treeprocessor
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qms_tools.handbook import markdown_scan

REPOSITORY = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("QMS_DIFFERENTIAL_EXAMPLES", "300"))
# The suite's run draws the same documents each time, so that a difference Hypothesis
# happens upon does not fail an unrelated change; the acceptance run
# (QMS_DIFFERENTIAL_EXAMPLES) draws new ones; the differences it found are the fixed
# examples of the test.
DERANDOMIZE = "QMS_DIFFERENTIAL_EXAMPLES" not in os.environ


class _SiteConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it, for the one Python object it names (the slugify
    function); any other ``!!python`` tag is refused."""


def _apply(loader: _SiteConfigLoader, suffix: str, node: yaml.Node):
    allowed = {"pymdownx.slugs.slugify"}
    if suffix not in allowed:
        raise yaml.constructor.ConstructorError(None, None, f"refused {suffix}", node.start_mark)
    module, _, name = suffix.rpartition(".")
    arguments = loader.construct_mapping(node, deep=True)
    return getattr(importlib.import_module(module), name)(*arguments.get("args", ()), **arguments.get("kwds", {}))


_SiteConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _apply)


def site_markdown() -> markdown.Markdown:
    config = yaml.load((REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_SiteConfigLoader)
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            (name, settings_), = entry.items()
            names.append(name)
            options[name] = settings_ or {}
        else:
            names.append(entry)
    md = markdown.Markdown(extensions=names, extension_configs=options)
    md.treeprocessors.register(_DepthProbe(md), "depth_probe", 100)  # before the inline patterns
    return md


class _DepthProbe(Treeprocessor):
    """The deepest nesting of blockquote, ul, ol and admonition elements in the tree the
    block parser made (raw HTML is still stashed away then, so a ``<div>`` written in the
    text cannot pass for one)."""

    depth = 0

    def run(self, root):
        def depth(element) -> int:
            counted = element.tag in ("blockquote", "ul", "ol") or (
                element.tag == "div" and "admonition" in (element.get("class") or "").split())
            return counted + max((depth(child) for child in element), default=0)

        self.depth = depth(root)


class _Rendered(HTMLParser):
    """Headings (level, text, id) and link targets of rendered HTML; the toc's permalinks
    are not links of the document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str, str]] = []
        self.links: list[str] = []
        self.depth = 0
        self._heading: list | None = None
        self._in_permalink = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self._heading = [int(tag[1]), [], attributes.get("id")]
        elif tag == "a":
            if "headerlink" in (attributes.get("class") or "").split():
                self._in_permalink = True
            elif attributes.get("href") is not None:
                self.links.append(attributes["href"])
        elif tag == "img" and attributes.get("src") is not None:
            self.links.append(attributes["src"])

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_permalink = False
        elif self._heading is not None and tag == f"h{self._heading[0]}":
            level, text, identifier = self._heading
            self.headings.append((level, " ".join("".join(text).split()), identifier))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None and not self._in_permalink:
            self._heading[1].append(data)


def rendered(md: markdown.Markdown, body: str) -> _Rendered:
    md.reset()
    parser = _Rendered()
    parser.feed(md.convert(body))
    parser.close()
    parser.depth = md.treeprocessors["depth_probe"].depth
    return parser


# --- Generated documents ----------------------------------------------------------------

WORDS = ["Syfte", "ansvar", "Åtgärder", "för", "äldre", "Lex", "Sarah", "rapportering", "Steg", "1:", "Gör",
         "så", "här", "rutin", "(65+)", "–", "&", "vad?", "C#", "x_y", "a-b", "100 %", "'citat'", "e-post"]
TARGETS = ["rutin.md", "../omr/annan.md#ansvar", "https://example.org/sida", "bild.png", "a%20b.md",
           "mapp/", "#syfte", "sida.md#gör-så-här", "p(1).md", "x.md?a=1"]
IDENTIFIERS = ["eget", "syfte", "ansvar", "ansvar_1", "x-1", "titel_2"]

word = st.sampled_from(WORDS)


@st.composite
def inline(draw, allow_links: bool = True) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["word", "word", "word", "code", "link", "image", "emphasis", "escape",
                                     "entity", "autolink", "reference"]))
        if kind == "word" or (not allow_links and kind in ("link", "image", "autolink", "reference")):
            pieces.append(draw(word))
        elif kind == "code":
            pieces.append(draw(st.sampled_from(["`kod`", "``a`b``", "`[k](kod.md)`", "`# ej`", "`<div>`",
                                                "` x `", "`**`", "```trippel```"])))
        elif kind == "link":
            target = draw(st.sampled_from(TARGETS))
            form = draw(st.sampled_from(["plain", "title", "angle"]))
            destination = {"plain": target, "title": f'{target} "Titel"', "angle": f"<{target}>"}[form]
            pieces.append(f"[{draw(inline(allow_links=False))}]({destination})")
        elif kind == "image":
            pieces.append(f"![{draw(word)}]({draw(st.sampled_from(['bild.png', 'img/figur.svg']))})")
        elif kind == "emphasis":
            pieces.append(draw(st.sampled_from(["*{}*", "**{} {}**", "_{}_"])).format(draw(word), draw(word)))
        elif kind == "escape":
            pieces.append(draw(st.sampled_from(["\\*", "\\#", "\\[inte länk\\](x.md)", "\\_", "\\`"])))
        elif kind == "entity":
            pieces.append(draw(st.sampled_from(["&amp;", "&lt;", "&#229;"])))
        elif kind == "autolink":
            pieces.append("<https://example.org/auto>")
        else:
            pieces.append(f"[{draw(word)}][ref]")
    return " ".join(pieces)


@st.composite
def heading(draw) -> str:
    if draw(st.booleans()):
        level = draw(st.integers(1, 6))
        text = draw(inline())
        if draw(st.integers(0, 3)) == 0:
            text += " {#" + draw(st.sampled_from(IDENTIFIERS)) + "}"
        if draw(st.integers(0, 4)) == 0:
            text += " " + "#" * draw(st.integers(1, 3))
        return "#" * level + " " + text
    return draw(inline()) + "\n" + draw(st.sampled_from(["===", "---", "=", "------"]))


def indent(text: str, spaces: int = 4) -> str:
    return "\n".join(" " * spaces + line if line else "" for line in text.split("\n"))


@st.composite
def fence(draw) -> str:
    character = draw(st.sampled_from("`~"))
    length = draw(st.integers(3, 5))
    opening = character * length + draw(st.sampled_from(["", "python", " yaml", "md"]))
    content = draw(st.lists(st.sampled_from([
        "## Inte en rubrik", "[inte](en-länk.md)", character * 3, ("~" if character == "`" else "`") * 3,
        "!!! note", "    indragen", "text", "", "<div>", "Setext\n---"]), max_size=4))
    closing = character * draw(st.sampled_from([length, length, length + 1]))
    return "\n".join([opening, *content, closing])


@st.composite
def block(draw, depth: int = 0) -> str:
    kinds = ["paragraph", "heading", "heading", "fence", "indented", "hr", "quote", "html", "reference"]
    if depth < 3:
        kinds += ["list", "admonition", "admonition", "nested quote"]
    kind = draw(st.sampled_from(kinds))
    if kind == "paragraph":
        return "\n".join(draw(st.lists(inline(), min_size=1, max_size=3)))
    if kind == "heading":
        return draw(heading())
    if kind == "fence":
        return draw(fence())
    if kind == "indented":
        return indent(draw(st.sampled_from(["## Kod, inte rubrik", "[kod](kod.md)", "text\n\n# mer kod"])))
    if kind == "hr":
        return draw(st.sampled_from(["---", "***", "- - -"]))
    if kind == "quote":
        return "\n".join("> " + line for line in draw(st.lists(
            st.one_of(inline(), heading().map(lambda text: text.split("\n")[0])), min_size=1, max_size=3)))
    if kind == "nested quote":
        return "\n".join(">" + (" " + line if line else "") for line in draw(block(depth + 1)).split("\n"))
    if kind == "html":
        inner = draw(st.sampled_from(["## Inte en rubrik", "[inte länk](x.md)", "text\n\nmer text",
                                      "<p>stycke</p>"]))
        tag = draw(st.sampled_from(["div", "details", "section"]))
        return f"<{tag}>\n{inner}\n</{tag}>"
    if kind == "reference":
        return "[ref]: " + draw(st.sampled_from(TARGETS))
    if kind == "list":
        marker = draw(st.sampled_from(["- ", "* ", "1. "]))
        items = []
        for _ in range(draw(st.integers(1, 3))):
            item = marker + draw(inline())
            if draw(st.integers(0, 2)) == 0:
                item += "\n\n" + indent(draw(block(depth + 1)))
            items.append(item)
        return draw(st.sampled_from(["\n", "\n\n"])).join(items)
    title = draw(st.sampled_from(["", ' "Observera"', ' ""', ' "Se [x](rutin.md)"']))
    body = "\n\n".join(draw(st.lists(block(depth + 1), min_size=1, max_size=3)))
    return f"!!! {draw(st.sampled_from(['note', 'warning', 'tip inline']))}{title}\n" + indent(body)


@st.composite
def document(draw) -> tuple[str, bool]:
    blocks = draw(st.lists(block(), min_size=1, max_size=8))
    separators = [draw(st.sampled_from(["\n\n", "\n\n", "\n\n", "\n\n\n", "\n"])) for _ in blocks]
    body = "".join(piece + separator for piece, separator in zip(blocks, separators))
    if "[ref]" in body and "[ref]: " not in body:
        body += "\n[ref]: rutin.md\n"
    return body


MARKDOWN = site_markdown()


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document())
# Code spans: a run closed by a shorter run after a backslash (found by the acceptance run);
# a run that finds no closing, after which Python-Markdown searches on twice its length on;
# backslashes before a backtick, odd (escaped) and even.
@example("```a \\`` [b](b.md) `\n")
@example("## ```a \\`` b\n\n## ```a \\` b`\n")
@example("## ``a` ``` [b](b.md) `\n\n[c](c.md) `` x\n")
@example("## x\\\\\\` [a](a.md)` b`\n\n## \\\\`a` \\```b``\n")
def test_headings_links_and_depth_agree_with_python_markdown(body):
    site = rendered(MARKDOWN, body)
    assert markdown_scan.scan(body).depth == site.depth
    scanned = markdown_scan.headings(body, 1)
    assert [(h.level, h.text, h.slug) for h in scanned] == site.headings
    assert markdown_scan.first_title(body) == next((text for level, text, _ in site.headings if level == 1), None)
    # Reference definitions are reported (and checked) even where nothing uses them.
    links = Counter(link.url for link in markdown_scan.links(body, 1) if not link.is_definition)
    assert links == Counter(site.links)


@settings(max_examples=max(EXAMPLES // 3, 100), deadline=None, derandomize=DERANDOMIZE,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(heading(), st.sampled_from(["\n", "\n\n", "\n\n\n"]), document())
def test_the_title_read_from_a_first_heading_line_is_the_sites(title, separator, rest):
    """``first_title`` answers from the first line when it is a ``# `` heading: the
    documents here begin with a generated heading, often a level-1 one."""
    body = ("# " + title.lstrip("#").lstrip() if title.startswith("#") else title) + separator + rest
    site = rendered(MARKDOWN, body)
    assert markdown_scan.first_title(body) == next((text for level, text, _ in site.headings if level == 1), None)


def test_the_renderer_is_configured_from_mkdocs_yml():
    # The slugify function is the site's own: å, ä and ö survive in anchors.
    assert rendered(MARKDOWN, "## Åtgärder för äldre\n").headings == [(2, "Åtgärder för äldre", "åtgärder-för-äldre")]
    assert "admonition" in MARKDOWN.convert("!!! note\n    text\n")
