"""MkDocs never reads a document's front-matter itself: the plugin hands it the body and
the metadata as qms read them (QmsPlugin.on_page_read_source, on_page_markdown). Built
with the real `mkdocs build` from files that MkDocs' own reader (mkdocs.utils.meta)
would have read another way."""

from __future__ import annotations

import logging
import re

import pytest

from mkdocs_plugin.test_build import Built, build_site, copy_fixture

FRONT_MATTER = ("id: {id}\ntype: rutin\nstatus: gällande\nowner: kanslichef\narea: omsorg\nreviewed: 2026-04-01\n"
                "review_date: 2027-04-01\nsosfs: [\"5:2\"]\n")
ODD_FILES = {
    # MkDocs strips a BOM and reads CRLF as LF too; it must stay that way.
    "bom-crlf": ("\ufeff---\n" + FRONT_MATTER.format(id="RUT-OMS-010") + "---\n\n# Med BOM och CRLF\n\nText.\n")
    .replace("\n", "\r\n").encode("utf-8"),
    # PyYAML reads the title as a date and fails on it (there is no 30 February), so
    # MkDocs published the whole front-matter as text; qms reads the title as text.
    "datumtitel": ("---\n" + FRONT_MATTER.format(id="RUT-OMS-011") + "title: 2026-02-30\n---\n\nText.\n")
    .encode("utf-8"),
    # MkDocs wants a line break after the closing '---'; qms does not.
    "utan-radbrytning": ("---\n" + FRONT_MATTER.format(id="RUT-OMS-012") + "title: Bara front-matter\n---")
    .encode("utf-8"),
    # A first body line like "Nyckel: värde" right after the front-matter is text, not metadata.
    "nyckel-i-texten": ("---\n" + FRONT_MATTER.format(id="RUT-OMS-013") + "title: Ansvar direkt\n---\n"
                        "Ansvar: kanslichefen ser till att rutinen följs.\n\nMer text.\n").encode("utf-8"),
}
IDS = {"bom-crlf": "RUT-OMS-010", "datumtitel": "RUT-OMS-011", "utan-radbrytning": "RUT-OMS-012",
       "nyckel-i-texten": "RUT-OMS-013"}
TITLES = {"bom-crlf": "Med BOM och CRLF", "datumtitel": "2026-02-30", "utan-radbrytning": "Bara front-matter",
          "nyckel-i-texten": "Ansvar direkt"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    project = copy_fixture(tmp_path_factory.mktemp("front-matter") / "handbok")
    for name, raw in ODD_FILES.items():
        (project / f"processes/omsorg/{name}.md").write_bytes(raw)
    return build_site(project, project / "site", strict=False)


def _article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


@pytest.mark.parametrize("name", list(ODD_FILES))
def test_front_matter_is_never_rendered_as_text(built, name):
    article = _article(built.page(f"omsorg/{name}"))
    for key in ("id:", "owner:", "review_date:", "sosfs:", "status:"):
        assert key not in article, f"{name}: the front-matter is on the page"
    assert "<hr" not in article


@pytest.mark.parametrize("name", list(ODD_FILES))
def test_title_and_metadata_are_those_qms_read(built, name):
    html = built.page(f"omsorg/{name}")
    title = TITLES[name]
    assert re.search(rf"<title>{re.escape(title)} - ", html), name
    assert f'data-document-id="{IDS[name]}"' in html


def test_a_body_line_like_a_key_stays_text(built):
    article = _article(built.page("omsorg/nyckel-i-texten"))
    assert "<p>Ansvar: kanslichefen ser till att rutinen följs.</p>" in article


def test_the_odd_files_build_without_warnings(built):
    assert not built.aborted
    assert [message for message in built.messages(logging.WARNING) if "omsorg/" in message] == []
