"""Hostile and broken input, each case a real file in tests/fixtures/hostile/.

All cases live in one project and are checked together, so every test here also shows
that one bad file never hides the findings of the others, and that the valid documents
beside them are still checked and publishable.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from conftest import FIXTURES, REPOSITORY, TODAY

from qms_tools.check.run import CheckResult, check_project
from qms_tools.publishing.safety import sanitise
from qms_tools.check.rules.content import (
    DANGEROUS_ELEMENTS,
    DANGEROUS_SCHEMES,
    unsafe_html_spans,
)

OMR = "processes/omr/"
FIFTY_MEGABYTES = 50 * 1024 * 1024
LATIN1_NAME = os.fsdecode("rättelse.md".encode("latin-1"))  # unzipped from a Windows archive

# (file, rule, line, words of the Swedish message that say how to fix it)
CASES = [
    # YAML
    ("yaml-utan-avslut.md", "frontmatter.unclosed", 1, "lägg till en rad med bara '---' efter sista nyckeln, "
                                                       "före rubriken på rad 7"),
    ("yaml-utan-avslut-med-linje.md", "yaml.syntax", 9, "saknas den avslutande '---' före rubriken på rad 7"),
    ("yaml-tabb.md", "yaml.tab", 7, "ersätt tabben med två mellanslag"),
    ("yaml-indrag.md", "yaml.syntax", 4, "ta bort mellanslagen i början av raden"),
    ("yaml-dubblett.md", "yaml.duplicate-key", 6, "Ta bort den ena raden"),
    ("yaml-stavfel.md", "frontmatter.unknown-key", 5, "Menade du 'owner'?"),
    ("yaml-fel-typ.md", "frontmatter.type", 3, "Skriv om raden, t.ex. title:"),
    ("yaml-fel-typ.md", "frontmatter.type", 7, "t.ex. laws: [\"SoL\"]"),
    ("datum-nummer.md", "date.invalid", 6, "Skriv datumet som ÅÅÅÅ-MM-DD"),
    ("datum-omojligt.md", "date.invalid", 6, "Kontrollera dag och månad"),
    ("datum-format.md", "date.format", 6, "ska skrivas ÅÅÅÅ-MM-DD, alltså 2026-11-22"),
    ("datum-text.md", "date.invalid", 6, "Skriv datumet som ÅÅÅÅ-MM-DD"),
    ("frontmatter-tom.md", "frontmatter.empty", 1, "Fyll i minst id, type, status och owner"),
    ("frontmatter-saknas.md", "frontmatter.missing", 1, "Börja filen med en rad '---'"),
    ("frontmatter-sent.md", "frontmatter.missing", 1, "ta bort det som står före '---'"),
    ("styrtecken.md", "yaml.character", 4, "ta bort tecknet"),
    # Encodings
    ("bom.md", "date.invalid", 6, "Kontrollera dag och månad"),
    ("crlf.md", "date.invalid", 6, "Kontrollera dag och månad"),
    ("latin1.md", "file.encoding", 9, "Spara om den som UTF-8"),
    ("utf16.md", "file.encoding", 1, "Spara den som UTF-8"),
    ("utf16-utan-bom.md", "file.encoding", 1, "Spara den som UTF-8"),
    ("nul.md", "file.binary", 9, "Skriv om raden för hand"),
    ("bild.md", "file.binary", 1, "Ta bort den, eller lägg den som bilaga"),
    ("tom.md", "file.empty", 1, "Lägg till front-matter och innehåll, eller ta bort filen"),
    ("gammal-rutin.markdown", "file.extension", 1, "Byt namn till gammal-rutin.md"),
    # Size and abuse
    ("stor.md", "file.too-large", 1, "Dela upp dokumentet"),
    ("alias-bomb.md", "yaml.alias", 6, "Skriv ut värdet i stället"),
    ("djup-nastling.md", "yaml.depth", 6, "ta bort de extra hakparenteserna"),
    ("lang-lista.md", "frontmatter.too-long", 1, "flytta texten under den avslutande '---'"),
    ("lang-lista-pa-en-rad.md", "yaml.too-many-items", 6, "Ta bort det som inte hör hemma här"),
    # Structure
    ("dubblett-b.md", "id.duplicate", 2, "ge det här dokumentet ett nytt, oanvänt id"),
    ("process-sjalv.md", "process.cycle", 9, "Ta bort 'PROC-OMR-051' ur listan"),
    ("process-cirkel-a.md", "process.cycle", 6, "Bryt cirkeln"),
    ("lankar.md", "link.broken", 9, "Menade du 'rutin-åäö.md'?"),
    ("lankar.md", "link.broken", 10, "Menade du '#ansvar-för-åtgärder'?"),
    ("lankar.md", "link.outside", 11, "Länka till ett dokument i processes/"),
    ("lankar.md", "link.outside", 12, "Länka till ett dokument i processes/"),
    ("lank-utanfor.md", "file.symlink-outside", 1, "Ersätt länken med själva dokumentet"),
    ("lank-cirkel-a.md", "file.symlink", 1, "Ta bort länken"),
    ("lankad-mapp", "file.symlink", 1, "Flytta in dokumenten i handboken"),
    # Dangerous content
    ("farligt-innehall.md", "content.unsafe-html", 9, "<script> får inte finnas i handboken"),
    ("farligt-innehall.md", "content.unsafe-html", 10, "'onclick' kör kod"),
    ("farligt-innehall.md", "content.unsafe-html", 11, "'javascript:'"),
    ("farligt-innehall.md", "content.unsafe-html", 12, "'javascript:'"),
    ("farligt-innehall.md", "content.unsafe-html", 13, "'data:'"),
    ("farligt-innehall.md", "content.unsafe-html", 14, "<iframe>"),
    ("farligt-innehall.md", "content.unsafe-html", 15, "<object>"),
    ("farligt-innehall.md", "content.unsafe-html", 16, "<embed>"),
    ("farligt-innehall.md", "content.unsafe-html", 17, "<form>"),
    ("farligt-innehall.md", "content.unsafe-html", 18, "<style>"),
    ("farligt-innehall.md", "content.unsafe-html", 19, "'vbscript:'"),
    ("farligt-innehall.md", "content.unsafe-html", 20, "'onmouseover' kör kod"),
    ("farligt-innehall.md", "content.unsafe-html", 22, "'onclick' kör kod"),
]


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> CheckResult:
    """The hostile project, plus the cases git cannot hold: a 50 MB file and symlinks."""
    workspace = tmp_path_factory.mktemp("hostile")
    project = workspace / "hostile"
    shutil.copytree(FIXTURES / "hostile", project, symlinks=True)
    content = project / OMR
    paragraph = "Den här raden upprepas tills filen är 50 MB. Å, ä och ö.\n".encode()
    with (content / "stor.md").open("wb") as big:
        big.write(b"---\nid: RUT-OMR-090\n---\n# Stor\n")
        big.write(paragraph * (FIFTY_MEGABYTES // len(paragraph) + 1))
    outside = workspace / "utanfor.md"
    outside.write_text("---\nid: RUT-UTE-001\n---\n# Utanför handboken\n", encoding="utf-8")
    (content / "lank-utanfor.md").symlink_to(outside)
    (content / "lank-cirkel-a.md").symlink_to("lank-cirkel-b.md")
    (content / "lank-cirkel-b.md").symlink_to("lank-cirkel-a.md")
    (workspace / "mapp").mkdir()
    (workspace / "mapp" / "dold.md").write_text("---\nid: RUT-UTE-002\n---\n# Dold\n", encoding="utf-8")
    (content / "lankad-mapp").symlink_to(workspace / "mapp", target_is_directory=True)
    (content / LATIN1_NAME).write_text("---\nid: RUT-OMR-091\n---\n# Rättelse\n", encoding="utf-8")
    return check_project(project, dt.date.fromisoformat(TODAY))


@pytest.mark.parametrize("name, rule, line, fix", CASES, ids=[f"{case[0]}:{case[2]}" for case in CASES])
def test_each_case_names_rule_file_line_and_the_fix(checked, name, rule, line, fix):
    found = [finding for finding in checked.findings if finding.path == OMR + name and finding.rule == rule]
    assert [finding.line for finding in found if finding.line == line] == [line], \
        [(finding.line, finding.message) for finding in found]
    (finding,) = [finding for finding in found if finding.line == line]
    assert fix in finding.message
    assert finding.severity.value == "error"


def test_every_hostile_file_is_rejected_and_the_valid_ones_are_published(checked):
    rejected = {path.removeprefix(OMR) for path in checked.rejected_paths}
    assert {name for name, *_ in CASES} - {"lankad-mapp"} <= rejected
    published = {document.path.removeprefix(OMR) for document in checked.publishable_documents}
    assert {"giltig.md", "rutin-åäö.md", "dubblett-a.md", "inte-personnummer.md"} <= published
    assert not published & rejected


def test_valid_documents_next_to_hostile_ones_have_no_findings(checked):
    for name in ("giltig.md", "rutin-åäö.md"):
        # giltig.md links to a draft: the public site shows "(utkast)" there, as it warns.
        assert [finding for finding in checked.findings if finding.path == OMR + name
                and finding.rule != "link.withheld"] == []


def test_aao_work_in_file_names_values_and_anchors(checked):
    by_path = {document.path: document for document in checked.handbook.documents}
    routine = by_path[OMR + "rutin-åäö.md"]
    assert routine.content_path == "omr/rutin-åäö.md"
    assert routine.title == "Översyn av äldres läkemedelsförråd"
    assert "ansvar-för-åtgärder" in routine.anchors
    assert by_path[OMR + "giltig.md"].title == "Åtgärder när en äldre person faller"
    assert checked.handbook.organisation.name == "Östbro kommun"
    assert checked.handbook.organisation.roles["enhetschef"].holder.name == "Åsa Öberg"


def test_a_file_name_that_is_not_utf8_is_reported_not_read(checked):
    # The path is shown with the odd byte escaped: no output stream can print it as it is.
    (finding,) = [finding for finding in checked.findings if finding.path == OMR + "r\\xe4ttelse.md"]
    assert (finding.line, finding.rule) == (1, "file.name")
    assert "Döp om filen" in finding.message
    assert "RUT-OMR-091" not in {document.id for document in checked.handbook.documents}


def test_bom_and_crlf_documents_read_like_any_other(checked):
    by_path = {document.path: document for document in checked.handbook.documents}
    assert by_path[OMR + "bom.md"].id == "RUT-OMR-030"
    assert by_path[OMR + "crlf.md"].title == "Rutin med Windows-radslut"
    assert "\r" not in by_path[OMR + "crlf.md"].body


def test_abuse_gives_one_finding_per_file_not_one_per_value(checked):
    for name, rule in (("alias-bomb.md", "yaml.alias"), ("djup-nastling.md", "yaml.depth"),
                       ("lang-lista.md", "frontmatter.too-long"), ("lang-lista-pa-en-rad.md", "yaml.too-many-items"),
                       ("stor.md", "file.too-large")):
        assert sum(1 for finding in checked.findings if finding.path == OMR + name and finding.rule == rule) == 1


def test_only_the_second_duplicate_and_nothing_outside_is_read(checked):
    ids = {document.id for document in checked.handbook.documents}
    assert "RUT-UTE-001" not in ids and "RUT-UTE-002" not in ids
    assert not any(finding.path == OMR + "dubblett-a.md" for finding in checked.findings)


def test_code_is_not_reported_as_unsafe_html(checked):
    lines = {finding.line for finding in checked.findings
             if finding.path == OMR + "farligt-innehall.md" and finding.rule == "content.unsafe-html"}
    assert lines == {9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22}


def test_cli_reports_file_and_line_with_aao_and_fails(qms, checked):
    result = qms("check", str(checked.handbook.settings.root), "--today", TODAY)
    assert result.exit_code == 1
    assert "processes/omr/latin1.md:9: fel [file.encoding]" in result.output
    assert "processes/omr/lankar.md:10: fel [link.broken] Länken 'rutin-åäö.md#ansvar-for-atgarder'" in result.output


class _Elements(HTMLParser):
    """The elements and attributes a browser would build from rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data):
        self.text += data


class _SiteConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, leaving out its !!python tags (the slugify function)."""


_SiteConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _site_markdown_extensions() -> list[str]:
    config = yaml.load((REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_SiteConfigLoader)
    return [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]


def _render(body: str) -> str:
    """``body`` as the site renders it: with the Markdown extensions of mkdocs.yml."""
    return markdown.markdown(body, extensions=_site_markdown_extensions())


def _rendered(body: str) -> _Elements:
    parser = _Elements()
    parser.feed(_render(body))
    return parser


def _rendered_elements(body: str) -> list[tuple[str, dict[str, str]]]:
    return _rendered(body).tags


@pytest.mark.parametrize("body", [
    "Text\n\n```html\n<script>alert(1)</script>\n```\n",
    "~~~\n<script>alert(1)</script>\n\n<b onclick=x>a</b>\n~~~\n",
    "Som exempel: `<script>alert(1)</script>` i löptext.\n",
])
def test_what_the_rule_ignores_as_code_is_code_on_the_site(body):
    assert unsafe_html_spans(body) == []
    assert not any(tag in DANGEROUS_ELEMENTS or any(name.startswith("on") for name in attributes)
                   for tag, attributes in _rendered_elements(body))
    assert "<script>alert(1)</script>" in _rendered(body).text  # shown as text, not run


def test_sanitised_body_renders_without_anything_that_runs(checked):
    """The site's guarantee is the sanitizer on the rendered page (publishing.safety),
    not the rule: the fixture's body, rendered and sanitised, keeps nothing that runs."""
    document = next(d for d in checked.handbook.documents if d.path == OMR + "farligt-innehall.md")
    before = _rendered_elements(document.body)
    assert any(tag == "script" for tag, _ in before)  # the fixture is dangerous as written

    parser = _Elements()
    parser.feed(sanitise(_render(document.body)))
    for tag, attributes in parser.tags:
        assert tag not in DANGEROUS_ELEMENTS
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name)
            assert not value.strip().lower().startswith(tuple(scheme + ":" for scheme in DANGEROUS_SCHEMES))
    # The code example is left as it was: still shown, as code.
    assert '<script>alert("bara ett exempel")</script>' in parser.text


def test_a_hostile_role_registry_is_one_finding_and_documents_are_still_read(tmp_path):
    project = tmp_path / "projekt"
    shutil.copytree(FIXTURES / "hostile", project)
    registry = project / "processes" / "organisation.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "extra: [" + ",".join(["x"] * 150_000) + "]\n",
                        encoding="utf-8")
    result = check_project(project, dt.date.fromisoformat(TODAY))
    registry_findings = [finding for finding in result.findings if finding.path == "processes/organisation.yml"]
    assert [(finding.line, finding.rule) for finding in registry_findings] == [(1, "yaml.too-large")]
    assert "Dela upp den" in registry_findings[0].message
    assert OMR + "giltig.md" in {document.path for document in result.handbook.documents}
