"""Hostile and careless content through a real `mkdocs build`, asserted on the built site
(issue 16): no event handler, no javascript:/vbscript:/data: URL and no script that the
theme did not put there; no personal number in any file in any form; every permanent
link where it should lead; the valid documents still published by a non-strict build.

The cases are what an attacker with a pull request would try and what a tired editor
pasting from Word produces. Each build is the fixture handbook (tests/fixtures/site_small)
with the sample handbook's site configuration, in a real Git repository.
"""

from __future__ import annotations

import datetime as dt
import logging
import struct
import zlib

import pytest
from conftest import TODAY, git, write
from mkdocs_plugin.test_build import build_site
from site_safety import active_content, build, files_holding, handbook_project, permalink_target, theme_free

from qms_tools.check.run import check_project

VALID_DOCUMENTS = {"RUT-OMS-001": "omsorg/mottagning/", "RUT-OMS-002": "omsorg/lakemedel/",
                   "RUT-OMS-003": "omsorg/nyckelhantering/", "PROC-OMS-001": "omsorg/hemtjanst/",
                   "PROC-STO-001": "stod/arendehantering/", "RUT-STO-001": "stod/diarieforing/"}

FRONT_MATTER = """---
id: {id}
type: rutin
status: gällande
owner: enhetschef-hemtjanst
area: omsorg
reviewed: 2026-04-01
review_date: 2027-04-01
sosfs: ["4:4"]
{extra}---

"""

# What a pull request can put into a document that the input scanner (content.unsafe-html)
# does not flag, so that the sanitizer alone must hold; the cases the scanner flags hold
# the document back, so they are tried in a docs/ page below, which no rule reads.
DOCUMENT_ATTACKS = """\
# Rutin med attribut

## Rubrik {:onclick="alert(1)"}

Stycke med attribut, som tar menyns id.
{: #__drawer .md-typeset data-md-component="header" }

<div markdown="1" id="__config">
{"base": "https://angripare.invalid/"}
</div>

<p style="background:url(javascript:alert(6))">Stil</p>

<p class="MsoNormal">Klistrat från Word:<o:p></o:p> <span style="mso-list:Ignore">·</span>&nbsp;Punkt</p>

<!--[if !supportLists]--><span>1.</span><!--[endif]-->

| Kolumn {:onclick="alert(2)"} |
|---|
| Cell |

- Punkt {:onclick="alert(3)"}

- [ ] Uppgift att bocka av
- [x] Avbockad uppgift
"""

SCANNED_ATTACKS = """\
Stycke med attribut.
{: onmouseover="alert(2)" }

[Länk](https://example.invalid/){: href="javascript:alert(3)" }

![Bild](bild.png){: onerror="alert(4)" }

<details open ontoggle=alert(5)><summary>Mer</summary>Text</details>

<math><mtext><table><mglyph><style><img src=x onerror=alert(7)></style></mglyph></table></mtext></math>

<svg><animate onbegin=alert(8) attributeName=x dur=1s></svg>

<a href="&#106;avascript:alert(9)">Kodad länk</a>

<a href="java&#x09;script:alert(10)">Tabb i schemat</a>

<img src="x" srcset="javascript:alert(11) 1x" alt="srcset">

<noscript><p title="</noscript><img src=x onerror=alert(12)>"></noscript>

<x-komponent onclick="alert(13)">Okänt element</x-komponent>
"""

# A docs/ page: hand-written, not a document, so the content rules never read it.
DOCS_PAGE_ATTACKS = """\
# Hjälpsida

<script>alert("docs")</script>

<img src=x onerror=alert(21)>

<iframe src="https://angripare.invalid/"></iframe>

<form action="https://angripare.invalid/"><input name="lösenord"><button>Logga in</button></form>

<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>

<embed src="javascript:alert(22)">

<base href="https://angripare.invalid/">

<meta http-equiv="refresh" content="0; url=javascript:alert(23)">

<link rel="stylesheet" href="https://angripare.invalid/stil.css">

<style>body { display: none }</style>

[Markdown-länk](javascript:alert(24))

[Data-länk](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

[Referens][r]

[r]: vbscript:msgbox(25)

![Bild](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)

<a href="  JaVaScRiPt:alert(26)">Blandade versaler</a>

<input id="__search" type="checkbox" autofocus onfocus="alert(27)">

<!-- <script>alert(28)</script> -->

<![CDATA[<script>alert(29)</script>]]>

<p>Klistrat från Word:<o:p></o:p> <span style="mso-list:Ignore">·</span>&nbsp;Punkt</p>

<!--[if !supportLists]--><span>1.</span><!--[endif]-->
"""


def _png() -> bytes:
    """A real one-pixel PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """The same handbook without hostile content: what the theme itself puts on a page."""
    project = handbook_project(tmp_path_factory.mktemp("ren") / "handbok")
    built = build_site(project, project / "site", strict=True)
    assert not built.aborted, built.messages(logging.WARNING)
    return active_content(built.site)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Every code-running case at once, in documents, a docs/ page, front-matter, the
    registry, the tombstones, attachments and the site's own address space; built
    without --strict."""
    project = handbook_project(tmp_path_factory.mktemp("fientlig") / "handbok", commit=False)
    processes = project / "processes"
    write(processes / "omsorg" / "attribut.md", FRONT_MATTER.format(id="RUT-OMS-010", extra="") + DOCUMENT_ATTACKS)
    write(processes / "omsorg" / "bild.png", _png())
    write(processes / "omsorg" / "titel.md", FRONT_MATTER.format(
        id="RUT-OMS-011", extra="title: \"<img src=x alt=a'b onerror=alert(31)>\"\n") + "Text.\n")
    write(processes / "omsorg" / "titel2.md", FRONT_MATTER.format(
        id="RUT-OMS-012", extra="title: \"</title></head><body><h1>Falsk sida</h1>\"\n") + "Text.\n")
    write(processes / "omsorg" / "rubrik.md", FRONT_MATTER.format(id="RUT-OMS-013", extra="")
          + "# Rubrik &lt;img src=x onerror=alert(33)&gt; och <b>fet</b>\n\nText.\n")
    write(project / "docs" / "farligt.md", DOCS_PAGE_ATTACKS + "\n" + SCANNED_ATTACKS + "\n" + DOCUMENT_ATTACKS[2:])
    write(project / "docs" / "meta.md", "---\ntitle: \"<svg onload=alert(34)>\"\ndescription: \"\\\" onmouseover=\\\""
                                        "alert(35)\"\n---\n\nSida med farlig metadata.\n")
    registry = processes / "organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8")
                        .replace("title: Hemtjänsten Testby", "title: \"Hemtjänsten <img src=x onerror=alert(36)>\"")
                        .replace("name: Bo Berg", "name: \"Bo <script>alert(37)</script> Berg\"")
                        .replace("title: Stöd", "title: \"Stöd</a><script>alert(38)</script>\""), encoding="utf-8")
    write(processes / "borttagna.yml", "- id: RUT-OMS-090\n  title: \"<script>alert(39)</script>\"\n"
                                       "  reason: \"<img src=x onerror=alert(40)>\"\n")
    # Attachments a browser would run, and one pretending to be an image.
    write(processes / "omsorg" / "sida.html", "<script>alert(41)</script>")
    write(processes / "omsorg" / "ritning.svg", "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(42)'/>")
    write(processes / "omsorg" / "falsk.png", "<html><script>alert(43)</script></html>")
    write(processes / "omsorg" / "makro.docm", b"PK\x03\x04 makro")
    # The site's own address space.
    write(processes / "d" / "RUT-OMS-001" / "index.md", FRONT_MATTER.format(id="RUT-OMS-020", extra="")
          + "# Kapad permanent länk\n\n<script>location='https://angripare.invalid/'</script>\n")
    write(processes / "register.md", FRONT_MATTER.format(id="RUT-OMS-021", extra="") + "# Falskt register\n")
    write(processes / "guide.md", FRONT_MATTER.format(id="RUT-OMS-023", extra="") + "# Falsk guide\n")
    write(processes / "omsorg" / "larm" / "index.md", FRONT_MATTER.format(id="RUT-OMS-022", extra="")
          + "# Samma adress som larm.md\n")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Första versionen <img src=x onerror=alert(44)>")
    built = build_site(project, project / "site", strict=False)
    return project, built


def test_nothing_runs_that_the_theme_did_not_put_there(hostile, baseline):
    project, built = hostile
    assert not built.aborted, built.messages(logging.ERROR)
    found = theme_free(active_content(built.site), baseline)
    assert found == {"handler": set(), "url": set(), "script": set(), "element": set()}


def test_valid_documents_and_their_permanent_links_survive(hostile):
    project, built = hostile
    for document_id, page in VALID_DOCUMENTS.items():
        assert (built.site / page / "index.html").is_file(), page
        assert permalink_target(built.site, document_id) == page, document_id
    # The sanitised documents are published too, their text intact.
    attributes = (built.site / "omsorg" / "attribut" / "index.html").read_text(encoding="utf-8")
    assert "Stycke med attribut, som tar menyns id." in attributes and "Klistrat från Word:" in attributes
    # Task lists keep their boxes (the site's script enables them).
    assert '<input type="checkbox" disabled="">' in attributes
    assert '<input type="checkbox" disabled="" checked="">' in attributes
    assert 'id="__drawer"' not in attributes.partition('<article')[2] and "data-md-component" not in \
        attributes.partition('<article')[2].partition('</article>')[0]
    docs_page = (built.site / "farligt" / "index.html").read_text(encoding="utf-8")
    assert "Okänt element" in docs_page and "Blandade versaler" in docs_page
    assert permalink_target(built.site, "RUT-OMS-010") == "omsorg/attribut/"


def test_titles_and_registry_values_are_shown_as_text(hostile):
    project, built = hostile
    title = (built.site / "omsorg" / "titel" / "index.html").read_text(encoding="utf-8")
    assert "<title>&lt;img src=x alt=a&#39;b onerror=alert(31)&gt; - " in title
    header = (built.site / "omsorg" / "titel2" / "index.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;/head&gt;&lt;body&gt;&lt;h1&gt;Falsk sida&lt;/h1&gt; - " in header
    roles = (built.site / "roller" / "index.html").read_text(encoding="utf-8")
    assert "alert(37)" in roles and "<script>alert(37)" not in roles


def test_the_site_address_space_is_not_taken(hostile):
    project, built = hostile
    warnings = "\n".join(built.messages(logging.WARNING))
    assert permalink_target(built.site, "RUT-OMS-001") == "omsorg/mottagning/"
    assert "Falskt register" not in (built.site / "register" / "index.html").read_text(encoding="utf-8")
    # A document at a hand-written page's address: held back, its permanent link says so.
    assert "Falsk guide" not in (built.site / "guide" / "index.html").read_text(encoding="utf-8")
    assert "processes/guide.md" in warnings and "docs/guide/index.md" in warnings
    assert "Dokumentet kan inte visas just nu" in (built.site / "d" / "RUT-OMS-023" / "index.html").read_text(
        encoding="utf-8")
    # Two files with one address: neither replaces the other, both are named.
    assert not (built.site / "omsorg" / "larm" / "index.html").exists()
    assert "processes/d/RUT-OMS-001/index.md" in warnings and "mappen d/" in warnings
    assert "processes/register.md" in warnings and "(register.md)" in warnings
    assert "processes/omsorg/larm/index.md" in warnings and "processes/omsorg/larm.md" in warnings


def test_unsafe_attachments_are_refused_by_name_and_reason(hostile):
    project, built = hostile
    for name in ("sida.html", "ritning.svg", "falsk.png", "makro.docm"):
        assert not (built.site / "omsorg" / name).exists(), name
    assert (built.site / "omsorg" / "bild.png").is_file()
    findings = {finding.path: finding.message
                for finding in check_project(project, dt.date.fromisoformat(TODAY)).findings
                if finding.rule == "attachment.refused"}
    assert set(findings) == {f"processes/omsorg/{name}" for name in ("sida.html", "ritning.svg", "falsk.png",
                                                                     "makro.docm")}
    assert "kan köra kod" in findings["processes/omsorg/sida.html"]
    assert "är ingen PNG-bild" in findings["processes/omsorg/falsk.png"]


def test_safety_rules_cannot_be_lowered(tmp_path):
    project = handbook_project(tmp_path / "handbok", commit=False)
    settings = project / "qms.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "severity:\n  content.unsafe-html: warning\n"
                        "  attachment.refused: warning\n", encoding="utf-8")
    write(project / "processes" / "omsorg" / "skript.md", FRONT_MATTER.format(id="RUT-OMS-030", extra="")
          + "# Skript\n\n<script>alert(1)</script>\n")
    write(project / "processes" / "omsorg" / "sida.html", "<script>alert(1)</script>")
    findings = check_project(project, dt.date.fromisoformat(TODAY)).findings
    severities = {finding.rule: finding.severity.value for finding in findings
                  if finding.rule in ("content.unsafe-html", "attachment.refused")}
    assert severities == {"content.unsafe-html": "error", "attachment.refused": "error"}


# --- Personal identity numbers ---------------------------------------------------------

NUMBER = "19121212-1212"
DIGITS = "1912121212"  # what every written form of it has in common once read


@pytest.mark.parametrize("case, form", [
    ("en dash", "121212–1212"),
    ("non-breaking hyphen", "121212\u20111212"),
    ("no-break space", "121212\u00a01212"),
    ("minus sign, full", "19121212\u22121212"),
    ("zero-width space", "1912\u200b1212-1212"),
    ("soft hyphen", "191212\u00ad12-1212"),
    ("character references", "&#49;&#57;121212&#45;1212"),
    ("tags between digits", "<b>191212</b><i>12</i>-1212"),
    ("fullwidth digits", "１９１２１２１２-１２１２"),
])
def test_a_number_in_a_docs_page_fails_the_build_without_printing_it(tmp_path, case, form):
    """docs/ pages are not documents, so no content rule reads them: the final gate must
    find the number in the built page in any form, and name the page."""
    project = handbook_project(tmp_path / "handbok", commit=False)
    write(project / "docs" / "guide" / "exempel.md", f"# Exempel\n\nKlienten har nummer {form} i journalen.\n")
    built, errors = build(project)
    assert errors is not None, case
    assert "guide/exempel/index.html" in errors and "docs/guide/exempel.md" in errors
    assert "****" in errors
    assert not (project / "site" / "guide" / "exempel" / "index.html").exists()
    assert DIGITS not in "".join(character for character in errors if character.isdigit())


@pytest.mark.parametrize("where, edit, source", [
    ("registry", ("name: Bo Berg", "name: Bo Berg 121212-1212"), "processes/organisation.yml"),
    ("tombstone", None, "processes/borttagna.yml"),
])
def test_a_number_from_settings_fails_the_build_naming_the_source(tmp_path, where, edit, source):
    project = handbook_project(tmp_path / "handbok", commit=False)
    if where == "tombstone":
        write(project / "processes" / "borttagna.yml",
              "- id: RUT-OMS-090\n  title: Borttagen rutin\n  reason: Gällde 121212–1212.\n")
    else:
        registry = project / "processes" / "organisation.yml"
        registry.write_text(registry.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    built, errors = build(project)
    assert errors is not None
    assert source in errors
    assert DIGITS not in "".join(character for character in errors if character.isdigit())


def test_a_number_in_git_history_is_masked_on_the_page_and_reported(tmp_path, qms):
    project = handbook_project(tmp_path / "handbok")
    routine = project / "processes" / "omsorg" / "mottagning.md"
    routine.write_text(routine.read_text(encoding="utf-8") + "3. Ring tillbaka.\n", encoding="utf-8")
    # The page shows the commit's description for readers (its Beskrivning: trailer).
    git(project, "-c", "user.name=Rut 121212\u20111212", "commit", "-q", "-am",
        f"Rättat efter klagomål från {NUMBER}", "-m", f"Beskrivning: Rättat efter klagomål från {NUMBER}")
    built, errors = build(project)
    assert errors is None, errors
    assert files_holding(built.site, DIGITS) == []
    page = (built.site / "omsorg" / "mottagning" / "index.html").read_text(encoding="utf-8")
    assert "Ändrad: Rättat efter klagomål från 19121212-****" in page
    result = qms("check", str(project), "--format", "json", "--today", TODAY)
    reported = [finding for finding in result.json()["findings"] if finding["rule"] == "history.personal-id"]
    assert len(reported) == 1 and "****" in reported[0]["message"]
    assert DIGITS not in "".join(character for character in result.output if character.isdigit())


def test_a_document_with_a_number_is_held_back_and_nothing_shows_it(tmp_path):
    project = handbook_project(tmp_path / "handbok", commit=False)
    write(project / "processes" / "omsorg" / "klient.md", FRONT_MATTER.format(id="RUT-OMS-040", extra="")
          + "# Klient\n\nGäller 1912&#8203;1212–1212.\n")
    built, errors = build(project)
    assert errors is None, errors
    assert not (built.site / "omsorg" / "klient").exists()
    assert files_holding(built.site, DIGITS) == []
    for document_id, page in VALID_DOCUMENTS.items():
        assert permalink_target(built.site, document_id) == page


# --- Depth ---------------------------------------------------------------------------

DEEP = {
    "div": "<div markdown=\"1\">\n" * 1000 + "Djupt\n" + "</div>\n" * 1000,
    "unclosed": "<div>" * 100_000 + "Aldrig stängd\n",
    "quote": ">" * 2000 + " Citat\n",
    "list": "".join("    " * level + "- Punkt\n" for level in range(1000)),
}


def test_deep_nesting_is_refused_not_a_traceback(tmp_path):
    project = handbook_project(tmp_path / "handbok", commit=False)
    for name, text in DEEP.items():
        write(project / "docs" / f"djup-{name}.md", f"# Djup {name}\n\n{text}")
        write(project / "processes" / "omsorg" / f"djup-{name}.md",
              FRONT_MATTER.format(id=f"RUT-OMS-{50 + len(name)}{name[0].upper()}", extra="") + f"# Djup\n\n{text}")
    built, errors = build(project)
    assert errors is None, errors
    warnings = "\n".join(built.messages(logging.WARNING))
    for name in DEEP:
        assert f"docs/djup-{name}.md" in warnings, name
        assert "Sidans text har fler än 50 nivåer" in (built.site / f"djup-{name}" / "index.html").read_text(
            encoding="utf-8")
        assert not (built.site / "omsorg" / f"djup-{name}").exists(), name
    findings = [finding for finding in check_project(project, dt.date.fromisoformat(TODAY)).findings
                if finding.rule == "content.too-deep"]
    assert sorted(finding.path for finding in findings) == sorted(f"processes/omsorg/djup-{name}.md" for name in DEEP)
    for document_id, page in VALID_DOCUMENTS.items():
        assert permalink_target(built.site, document_id) == page
