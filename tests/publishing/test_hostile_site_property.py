"""Random Markdown and HTML through a real `mkdocs build` of a one-document handbook: the
built site never runs what the theme did not put there and never shows a personal number,
and the document's permanent link always leads to its page or says why it cannot.

The text goes into the document and into a docs/ page (which no content rule reads), so
the sanitizer is tried whether the check holds the document back or not. Each example is
a whole build (about 2 s): the default run tries a few; set QMS_PROPERTY_EXAMPLES for more.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_safety import active_content, build, files_holding, handbook_project, permalink_target, theme_free

EXAMPLES = int(os.environ.get("QMS_PROPERTY_EXAMPLES", "6"))
DOCUMENT = """---
id: RUT-OMS-001
type: rutin
status: gällande
owner: enhetschef-hemtjanst
area: omsorg
reviewed: 2026-04-01
review_date: 2027-04-01
sosfs: ["4:4"]
---

# Slumpad rutin

"""
NUMBERS = {"121212–1212": "1912121212", "19850612\u00ad-9827": "8506129827", "&#55;01063-2391": "7010632391"}

TAGS = ["a", "img", "div", "p", "span", "script", "style", "svg", "math", "mtext", "mglyph", "details", "summary",
        "iframe", "x-komponent", "table", "td", "input", "form", "object", "base", "meta", "noscript", "template",
        "textarea", "title", "select", "option", "animate", "use", "foreignObject", "button", "video", "link"]
ATTRIBUTES = ["onclick", "onerror", "onload", "onfocus", "ontoggle", "onbegin", "style", "href", "src", "srcset",
              "id", "class", "markdown", "data-md-component", "formaction", "xlink:href", "action", "autofocus",
              "content", "http-equiv", "open", "type", "name", "poster", "background"]
VALUES = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "&#106;avascript:alert(1)",
          "&#x6A;avascript&colon;alert(1)", " \x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
          "vbscript:msgbox(1)", "https://example.invalid/", "#__config", "__drawer", "alert(1)", "1", "x\" onclick=\"a",
          "0;url=javascript:alert(1)", "background:url(javascript:alert(1))", "checkbox", "'><script>alert(1)</script>"]
MARKDOWN = ["\n\n", "\n", "# ", "## ", "> ", "- ", "1. ", "```\n", "`", "    ", "| a | b |\n|---|---|\n", "**",
            "[länk](", ")", "![bild](", "[r]: ", "[r]", "{: ", "}", "{:", "<div markdown=\"1\">\n", "\n</div>\n",
            "!!! note\n    ", "&lt;", "&amp;", "&#60;", "<!-- ", " -->", "<![CDATA[", "]]>", "\u200b", "\u00ad",
            "\u2011", "text", "Ärende", " "]


@st.composite
def tags(draw) -> str:
    name = draw(st.sampled_from(TAGS))
    attributes = "".join(
        f" {attribute}" + (f"={quote}{value}{quote}" if value is not None else "")
        for attribute, value, quote in draw(st.lists(st.tuples(
            st.sampled_from(ATTRIBUTES), st.one_of(st.none(), st.sampled_from(VALUES)),
            st.sampled_from(['"', "'", ""])), max_size=3)))
    closing = draw(st.sampled_from(["", f"</{name}>", "/>", ">"]))
    return f"<{name}{attributes}>" + draw(st.sampled_from(["", "x", "<b>", "alert(1)"])) + closing


pieces = st.one_of(tags(), st.sampled_from(MARKDOWN), st.sampled_from(VALUES), st.text(max_size=8),
                   st.sampled_from(sorted(NUMBERS)))
texts = st.lists(pieces, max_size=30).map("".join)


@pytest.fixture(scope="module")
def one_document(tmp_path_factory) -> tuple[Path, dict[str, set[str]]]:
    """The one-document handbook, and what its clean build's theme runs."""
    template = tmp_path_factory.mktemp("en") / "mall"
    handbook_project(template, commit=False)
    for folder in ("omsorg", "stod"):
        shutil.rmtree(template / "processes" / folder)
    (template / "processes" / "omsorg").mkdir()
    clean = tmp_path_factory.mktemp("ren") / "handbok"
    shutil.copytree(template, clean)
    (clean / "processes" / "omsorg" / "rutin.md").write_text(DOCUMENT + "Text.\n", encoding="utf-8")
    built, errors = build(clean)
    assert errors is None, errors
    return template, active_content(built.site)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=texts)
def test_random_content_never_runs_nor_shows_a_number(one_document, body):
    template, baseline = one_document
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "handbok"
        shutil.copytree(template, project)
        (project / "processes" / "omsorg" / "rutin.md").write_text(DOCUMENT + body + "\n", encoding="utf-8")
        (project / "docs" / "slump.md").write_text("# Slumpad sida\n\n" + body + "\n", encoding="utf-8")
        built, errors = build(project)
        planted = [digits for written, digits in NUMBERS.items() if written in body]
        for digits in NUMBERS.values():
            assert files_holding(built.site, digits) == [], digits
            if errors:
                assert digits not in "".join(character for character in errors if character.isdigit())
        if errors is not None:
            # Only the final gate may stop a build, and only for a number.
            assert planted and "personnummer" in errors, errors
            return
        assert theme_free(active_content(built.site), baseline) == {"handler": set(), "url": set(),
                                                                    "script": set(), "element": set()}
        target = permalink_target(built.site, "RUT-OMS-001")
        if (built.site / "omsorg" / "rutin" / "index.html").exists():
            assert target == "omsorg/rutin/"
        else:
            assert "Dokumentet kan inte visas just nu" in (built.site / "d" / "RUT-OMS-001" / "index.html").read_text(
                encoding="utf-8")
