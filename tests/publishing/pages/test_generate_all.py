"""All generated pages together: the set the site gets, links that land on real pages
and anchors, untrusted text shown as text, and the same pages however often generated."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from page_checks import HOSTILE_TITLE, handbook, hrefs, ids, to_html, visible_text  # noqa: F401 - fixture

from qms_tools.handbook.history import History
from qms_tools.publishing.feeds import feed_index
from qms_tools.publishing.pages import GeneratedPage, generate_all, plan_all

EXPECTED = ["index.md", "omraden/omsorg.md", "omraden/ledning.md", "omraden/tomt.md", "register.md",
            "regelverk/sosfs-2011-9.md", "regelverk/ikf-2026-1.md", "roller.md", "granskning.md", "upphavda.md",
            "uppfoljning/index.md", "andringar.md"]


def test_every_page_family_is_generated_once(handbook):
    pages = generate_all(handbook)
    assert [page.src_uri for page in pages] == EXPECTED
    assert all(isinstance(page, GeneratedPage) and page.markdown.endswith("\n") for page in pages)
    titles = {page.src_uri: page.title for page in pages}
    assert titles["omraden/omsorg.md"] == "Omsorg"
    assert titles["regelverk/sosfs-2011-9.md"] == "SOSFS 2011:9"


def test_the_plan_names_each_page_before_it_is_made_in_any_order(handbook):
    """A site build lists the pages before any is made, and may make them elsewhere and
    in another order."""
    plan = plan_all(handbook)
    assert [planned.src_uri for planned in plan] == EXPECTED
    made_backwards = [planned.make() for planned in reversed(plan)]
    assert [page.src_uri for page in reversed(made_backwards)] == EXPECTED
    assert list(reversed(made_backwards)) == generate_all(handbook)


def test_every_link_lands_on_a_page_or_document_and_every_anchor_exists(handbook):
    pages = generate_all(handbook, History())
    rendered = {page.src_uri: to_html(page.markdown) for page in pages}
    # The feeds are standalone files of the site (publishing/feeds.py), linked from andringar.md.
    targets = set(rendered) | {document.content_path for document in handbook.documents} \
        | {path for _, path in feed_index(handbook)}
    checked = 0
    for src_uri, page_html in rendered.items():
        for href in hrefs(page_html):
            if href.startswith(("http://", "https://")):
                continue
            path, _, anchor = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(path))) if path \
                else src_uri
            assert target in targets, f"{src_uri}: länken {href} leder ingenstans"
            if anchor and target in rendered:
                assert anchor in ids(rendered[target]), f"{src_uri}: ankaret {href} finns inte"
            checked += 1
    assert checked > 100


def test_a_hostile_title_is_shown_as_text_on_every_page_that_lists_it(handbook):
    shown_on = []
    for page in generate_all(handbook):
        page_html = to_html(page.markdown)
        assert "<script" not in page_html
        assert 'href="https://example.invalid"' not in page_html
        assert "<em>fet</em>" not in page_html
        if HOSTILE_TITLE in visible_text(page_html):
            shown_on.append(page.src_uri)
    # The review page lists every document with a review date (the reader's clock picks).
    assert sorted(shown_on) == sorted(["omraden/omsorg.md", "register.md", "regelverk/sosfs-2011-9.md",
                                       "regelverk/ikf-2026-1.md", "roller.md", "andringar.md", "granskning.md"])


def test_a_hostile_title_keeps_the_register_table_intact(handbook):
    register = next(page for page in generate_all(handbook) if page.src_uri == "register.md")
    page_html = to_html(register.markdown)
    rows = page_html.split("<tr>")[2:]
    assert len(rows) == len(handbook.documents)
    assert all(row.count("<td") == 7 for row in rows)


def test_generating_twice_gives_the_same_pages(handbook):
    assert generate_all(handbook) == generate_all(handbook)
