"""Internal documents and drafts never reach a site whose audience may not read them.

On real builds of the sample handbook (three internal documents, linked from public
ones): the public site has nothing of them and its gate finds nothing; the internal site
has them. Then a leak is planted into a real file of every surface of the public site
(page, search shard, register, feed, sitemap, poster, permanent link, history, overview
page, 404, offline files) and the gate must name that file and the document. End to end,
a real build fails when a Git commit message or a process's activity names an internal
document, and the leaking files are gone from the site folder.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import json
import logging
import shutil
from pathlib import Path

import pytest

from conftest import REPOSITORY, TODAY, git
from site_safety import build, handbook_project

from qms_tools.check.run import check_project
from qms_tools.handbook.audience import Audience, for_audience
from qms_tools.lifecycle.calendar_feed import write_feeds
from qms_tools.publishing import leak_gate
from qms_tools.publishing.leak_gate import publication_fingerprints, scan_for_leaks
from qms_tools.publishing.publication import publish
from qms_tools.publishing.withheld import WITHHELD_MESSAGE

INTERNAL = {"RUT-STOD-013": ("stodprocesser/larm-och-inpassering", "Larm och inpassering i förvaltningens lokaler"),
            "RUT-STOD-014": ("stodprocesser/krisledning-larmlista", "Krisledningens larmlista och ledningsplats"),
            "INS-STOD-002": ("stodprocesser/skyddade-personuppgifter", "Klienter med skyddade personuppgifter")}
SENTENCE = ("Reservledningsplatsen är räddningstjänstens lektionssal i Norrby, som har reservkraft och egen "
            "internetförbindelse.")


@pytest.fixture(scope="module")
def publication():
    return publish(check_project(REPOSITORY, dt.date.fromisoformat(TODAY)))


@pytest.fixture(scope="module")
def fingerprints(publication):
    return publication_fingerprints(publication.handbook, publication.withheld_documents.values(),
                                    REPOSITORY / "docs")


def _reader_text(path: Path) -> str:
    return html.unescape(path.read_bytes().decode("utf-8", "replace")).casefold()


def test_the_public_sample_has_nothing_of_its_internal_documents(public_sample_build):
    site = public_sample_build.site
    assert any("Läckspärren: inget av de" in message for message in public_sample_build.messages(logging.INFO))
    # Read here without the gate's code: ids, titles and addresses in no file or file name.
    for file in site.rglob("*"):
        name = file.relative_to(site).as_posix()
        text = _reader_text(file) if file.is_file() and file.suffix not in (".png", ".gz") else ""
        for document_id, (address, title) in INTERNAL.items():
            assert document_id not in name and address not in name, name
            assert document_id.casefold() not in text and title.casefold() not in text, (name, document_id)
            assert address not in text, (name, address)
    linking = (site / "stodprocesser/hot-och-vald/index.html").read_text(encoding="utf-8")
    assert '<span class="qms-withheld">(internt dokument)</span>' in linking
    process = (site / "stodprocesser/sakerhet-och-krisberedskap/index.html").read_text(encoding="utf-8")
    assert process.count('<span class="qms-muted">Internt dokument</span>') == 2
    # Drafts are out of the readers' site too, their permanent links with them.
    assert not (site / "barn-och-unga/barns-delaktighet").exists() and not (site / "d/RUT-BOU-007").exists()


def test_the_internal_site_has_them_and_still_no_drafts(internal_sample_build):
    site = internal_sample_build.site
    for document_id, (address, title) in INTERNAL.items():
        assert title in (site / address / "index.html").read_text(encoding="utf-8")
        assert (site / "d" / document_id / "index.html").is_file()
        assert (site / "qr" / document_id / "a4" / "index.html").is_file()
    assert 'href="../larm-och-inpassering/"' in (site / "stodprocesser/hot-och-vald/index.html").read_text("utf-8")
    assert INTERNAL["RUT-STOD-013"][1] in (site / "register/index.html").read_text(encoding="utf-8")
    assert not (site / "barn-och-unga/barns-delaktighet").exists() and not (site / "d/RUT-BOU-007").exists()
    # Its QR codes and permanent addresses lead to the internal server (intern_site_url).
    assert "https://handbok.intranat.ekebro.se/d/RUT-STOD-013/" in \
        (site / "stodprocesser/larm-och-inpassering/index.html").read_text(encoding="utf-8")


def _plant_page(text: str) -> str:
    title = INTERNAL["RUT-STOD-013"][1]
    planted = text.replace('<span class="qms-withheld">(internt dokument)</span>',
                           f'<a href="../larm-och-inpassering/">{html.escape(title)}</a>')
    assert planted != text
    return planted


def _plant_search(text: str) -> str:
    entries = json.loads(text)
    entries.append({"u": "stodprocesser/larm-och-inpassering/", "t": INTERNAL["RUT-STOD-013"][1]})
    return json.dumps(entries, ensure_ascii=True)


def _before(marker: str, planted: str):
    def plant(text: str) -> str:
        assert marker in text, marker
        return text.replace(marker, planted + marker, 1)
    return plant


def _title_in_html(document_id: str, marker: str = "</body>"):
    return _before(marker, f"<p>{html.escape(INTERNAL[document_id][1])}</p>")


SURFACES = {
    # surface: (a real file of the public site, how to plant, the file the gate must name)
    "sida": ("stodprocesser/hot-och-vald/index.html", _plant_page, None),
    "sökindex": ("search/d/0.json", _plant_search, None),
    "sökindexets id": ("search/id/0.json", lambda text: text.replace("{", '{"RUT-STOD-014":"x/",', 1), None),
    "register": ("register/index.html", _before("</tbody>", "<tr><td>RUT-STOD-014</td></tr>"), None),
    "webbplatskarta": ("sitemap.xml", _before("</urlset>", "<url><loc>https://ekebro-kommun.github.io/"
                                                             "kvalitetshandbok/stodprocesser/krisledning-larmlista/"
                                                             "</loc></url>"), None),
    "affisch": ("qr/PROC-STOD-004/a4/index.html", _title_in_html("RUT-STOD-014"), None),
    "affisch för dokumentet": ("qr/PROC-STOD-004/a4/index.html", lambda text: text,
                               "qr/RUT-STOD-013/a4/index.html"),
    "permanent länk": ("d/RUT-STOD-005/index.html", lambda text: text, "d/RUT-STOD-013/index.html"),
    "historik": ("stodprocesser/hot-och-vald/index.html",
                 _before("</tbody>", f"<tr><td>2026-11-01</td><td>Rut Redaktör</td><td>Länka till "
                                     f"{INTERNAL['INS-STOD-002'][1]}</td></tr>"), None),
    "översiktssida": ("omraden/stodprocesser/index.html", _title_in_html("INS-STOD-002"), None),
    "startsida": ("index.html", _before("</body>", f"<p>{SENTENCE}</p>"), None),
    "404": ("404.html", _before("</body>", "<script>var ids = ['RUT-STOD-013'];</script>"), None),
    "offline": ("sw.js", lambda text: text + '\nconst extra = ["stodprocesser/larm-och-inpassering/"];\n', None),
}


@pytest.mark.parametrize("surface", list(SURFACES))
def test_a_planted_leak_is_found_in_every_surface(surface, public_sample_build, fingerprints, tmp_path):
    source, plant, target = SURFACES[surface]
    target = target or source
    original = (public_sample_build.site / source).read_text(encoding="utf-8")
    clean = tmp_path / "ren"
    (clean / source).parent.mkdir(parents=True)
    (clean / source).write_text(original, encoding="utf-8")
    assert scan_for_leaks(clean, fingerprints) == []
    site = tmp_path / "site"
    (site / target).parent.mkdir(parents=True)
    (site / target).write_text(plant(original), encoding="utf-8")
    leaks = scan_for_leaks(site, fingerprints)
    assert leaks and {leak.site_path for leak in leaks} == {target}
    message = leaks[0].message("publik webbplats")
    assert message.startswith(f"{target}: filen innehåller ") and "processes/stodprocesser/" in message


@pytest.mark.parametrize("surface", list(SURFACES))
def test_the_gates_memo_never_hides_a_leak_planted_after_a_clean_run(surface, public_sample_build, fingerprints,
                                                                      tmp_path, monkeypatch):
    """A deploy reads again only the files whose bytes changed; a leak planted in a file
    the memo remembers as clean is found all the same."""
    source, plant, target = SURFACES[surface]
    target = target or source
    original = (public_sample_build.site / source).read_text(encoding="utf-8")
    site, memo = tmp_path / "site", tmp_path / "cache" / "lackspar.json.gz"
    for path in (source, target):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / "andra.html").write_text("<p>Öppna rutiner för alla.</p>", encoding="utf-8")
    (site / source).write_text(original, encoding="utf-8")
    reads = []
    real = leak_gate.site_file_texts
    monkeypatch.setattr(leak_gate, "site_file_texts", lambda data, suffix: reads.append(suffix) or real(data, suffix))
    assert scan_for_leaks(site, fingerprints, memo=memo) == []
    first = len(reads)
    assert first == 2
    # Nothing changed: nothing is read again, and the answer is the same.
    assert scan_for_leaks(site, fingerprints, memo=memo) == [] and len(reads) == first
    (site / target).write_text(plant(original), encoding="utf-8")
    leaks = scan_for_leaks(site, fingerprints, memo=memo)
    assert {leak.site_path for leak in leaks} == {target}
    assert len(reads) == first + 1  # only the changed (or new) file was read
    # The leaking file is never remembered: found again on the next run.
    assert {leak.site_path for leak in scan_for_leaks(site, fingerprints, memo=memo)} == {target}


def test_the_gates_memo_is_forgotten_when_the_fingerprints_change(publication, fingerprints, tmp_path, monkeypatch):
    """A file found clean for one set of withheld documents says nothing about another."""
    site, memo = tmp_path / "site", tmp_path / "lackspar.json.gz"
    site.mkdir()
    (site / "sida.html").write_text("<p>Larmrutin för natten gäller alla enheter.</p>", encoding="utf-8")
    reads = []
    real = leak_gate.site_file_texts
    monkeypatch.setattr(leak_gate, "site_file_texts", lambda data, suffix: reads.append(suffix) or real(data, suffix))
    assert scan_for_leaks(site, fingerprints, memo=memo) == []
    other = leak_gate.Fingerprints([publication.handbook.documents[0]], [])
    assert other.digest() != fingerprints.digest()
    scan_for_leaks(site, other, memo=memo)
    assert len(reads) == 2


def test_a_feed_of_every_document_leaks_and_one_of_the_public_ones_does_not(publication, fingerprints, tmp_path):
    """The review calendars (qms calendar) go into the built site: folded iCalendar lines
    must not hide a title."""
    stamp = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)
    full = check_project(REPOSITORY, dt.date.fromisoformat(TODAY)).handbook
    write_feeds(for_audience(full, Audience.PUBLIC), tmp_path / "offentlig" / "kalender", stamp)
    assert scan_for_leaks(tmp_path / "offentlig", fingerprints) == []
    write_feeds(full, tmp_path / "alla" / "kalender", stamp)
    leaks = scan_for_leaks(tmp_path / "alla", fingerprints)
    assert "kalender/granskningar.ics" in {leak.site_path for leak in leaks}
    assert {leak.document.id for leak in leaks} >= {"RUT-STOD-013", "RUT-STOD-014", "INS-STOD-002"}


INTERNAL_ROUTINE = """---
id: RUT-OMS-030
type: rutin
status: gällande
publicering: intern
owner: samordnare
area: omsorg
reviewed: 2026-04-01
review_date: 2027-04-01
sosfs: ["4:4"]
---

# Nattpatrullens nyckelskåp i Testby

Nyckelskåpet står i förrådet bakom tvättstugan på Testbygatan och öppnas med patrullens bricka.
"""


def _project_with_internal_routine(target: Path) -> Path:
    project = handbook_project(target, commit=False)
    (project / "processes/omsorg/nattpatrull.md").write_text(INTERNAL_ROUTINE, encoding="utf-8")
    public = project / "processes/omsorg/nyckelhantering.md"
    public.write_text(public.read_text(encoding="utf-8") + "\nSe också [nattpatrullens skåp](nattpatrull.md).\n",
                      encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Första versionen")
    return project


def test_a_link_to_an_internal_document_is_plain_text_and_a_warning(tmp_path, qms):
    project = _project_with_internal_routine(tmp_path / "handbok")
    built, error = build(project, strict=True)
    assert error is None and not built.aborted, built.messages(logging.WARNING)
    page = built.page("omsorg/nyckelhantering")
    assert '<span class="qms-withheld">(internt dokument)</span>' in page and "nattpatrullens skåp" not in page
    result = qms("check", str(project), "--today", TODAY)
    line = (project / "processes/omsorg/nyckelhantering.md").read_text(encoding="utf-8").split("\n").index(
        "Se också [nattpatrullens skåp](nattpatrull.md).") + 1
    assert f"processes/omsorg/nyckelhantering.md:{line}: varning [link.withheld]" in result.output
    internal = build_internal(project)
    assert not internal.aborted and "Nattpatrullens nyckelskåp i Testby" in internal.page("omsorg/nattpatrull")


def build_internal(project: Path):
    from mkdocs_plugin.test_build import build_site

    return build_site(project, project / "site-intern", strict=True, publicering="intern")


def test_a_commit_message_naming_an_internal_document_is_not_shown_on_the_public_site(tmp_path):
    """One commit often changes several documents and names them: on a public page's
    history its subject is replaced when it names an internal one (the gate would
    otherwise fail the build: the planted "historik" case above)."""
    project = _project_with_internal_routine(tmp_path / "handbok")
    public = project / "processes/omsorg/mottagning.md"
    public.write_text(public.read_text(encoding="utf-8") + "\nTillägg.\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "Samordna med Nattpatrullens nyckelskåp i Testby",
        "-m", "Beskrivning: Samordna med Nattpatrullens nyckelskåp i Testby")
    built, error = build(project, strict=True)
    assert error is None and not built.aborted
    page = built.page("omsorg/mottagning")
    # The description (the commit's Beskrivning: trailer) is the cell's text after the kind
    # of change, or the text of its link to the change view.
    cell = r'<td>(?:<a href="[^"]*">)?Ändrad: {}(?:</a>)?</td>'
    assert "Nattpatrullens" not in page and re.search(cell.format(re.escape(html.escape(WITHHELD_MESSAGE))), page)
    internal = build_internal(project)
    assert re.search(cell.format("Samordna med Nattpatrullens nyckelskåp i Testby"), internal.page("omsorg/mottagning"))


def test_an_activity_naming_an_internal_document_fails_the_public_build(tmp_path):
    project = _project_with_internal_routine(tmp_path / "handbok")
    process = project / "processes/omsorg/hemtjanst.md"
    process.write_text(process.read_text(encoding="utf-8").replace(
        "- name: Utföra insatsen", "- name: Nattpatrullens nyckelskåp i Testby"), encoding="utf-8")
    built, error = build(project)
    assert built.aborted and error is not None
    assert "omraden/omsorg/index.html: filen innehåller dokumentets titel från processes/omsorg/nattpatrull.md" in error
    assert "omsorg/hemtjanst/index.html: filen innehåller dokumentets titel" in error


def test_an_unknown_audience_stops_the_build(tmp_path):
    from mkdocs_plugin.test_build import build_site

    project = handbook_project(tmp_path / "handbok")
    built = build_site(project, project / "site", strict=False, publicering="hemlig")
    assert built.aborted
    assert any("QMS_PUBLICERING är 'hemlig', men ska vara offentlig, intern eller förhandsgranskning" in message
               for message in built.messages(logging.ERROR))


def test_the_editors_preview_shows_drafts_and_internal_documents(tmp_path):
    from mkdocs_plugin.test_build import build_site

    project = _project_with_internal_routine(tmp_path / "handbok")
    preview = build_site(project, project / "site", strict=True, publicering="förhandsgranskning")
    assert not preview.aborted
    assert "qms-banner--draft" in preview.page("omsorg/larm")
    assert "Nattpatrullens nyckelskåp i Testby" in preview.page("omsorg/nattpatrull")
    shutil.rmtree(project / "site")


def test_the_internal_site_passes_the_site_safety_scans(public_sample_build, internal_sample_build):
    """What the public site is held to (test_hostile_site, site_safety), on the internal
    site: nothing runs that the public build's theme does not run, every permanent link
    leads to a page that exists, and no file holds a planted-number shape."""
    from site_safety import active_content, permalink_target, theme_free

    internal = internal_sample_build.site
    found = theme_free(active_content(internal), active_content(public_sample_build.site))
    # The sites have different addresses (site_url, intern_site_url): a theme script is
    # the same file under the other site's path.
    public_scripts = {script.rsplit("/", 1)[-1] for script in active_content(public_sample_build.site)["script"]}
    found["script"] = {script for script in found["script"] if script.rsplit("/", 1)[-1] not in public_scripts}
    assert found == {"handler": set(), "url": set(), "script": set(), "element": set()}
    for link in sorted((internal / "d").iterdir()):
        target = permalink_target(internal, link.name)
        if target is not None:
            assert (internal / target / "index.html").is_file(), (link.name, target)
    assert permalink_target(internal, "RUT-STOD-013") == "stodprocesser/larm-och-inpassering/"


def test_earlier_versions_show_links_to_internal_documents_as_the_page_does_and_hide_their_names(tmp_path):
    """Git history cannot be edited. An earlier text of a public routine shows its link
    to an internal one as "(internt dokument)", as the page in force does; a version
    that names it in plain text (or holds a sentence since moved there) is not shown on
    the public site's version pages at all. The internal site shows both."""
    project = _project_with_internal_routine(tmp_path / "handbok")
    public = project / "processes/omsorg/nyckelhantering.md"
    first = public.read_text(encoding="utf-8")
    public.write_text(first + "\nNycklarna finns i Nattpatrullens nyckelskåp i Testby.\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "Nämn skåpet")
    public.write_text(first.replace("\nSe också [nattpatrullens skåp](nattpatrull.md).\n", "\nTillägg.\n"),
                      encoding="utf-8")
    git(project, "commit", "-q", "-am", "Ta bort hänvisningen")
    built, error = build(project, strict=True)
    assert error is None and not built.aborted, built.messages(logging.WARNING)
    shown = [path.read_text(encoding="utf-8") for path in (built.site / "versioner").rglob("*.html")]
    assert shown and all("nattpatrull" not in text.casefold() for text in shown)
    versions = [text for text in shown if "Versionen gällde" in text]
    assert len(versions) == 2
    assert any("(internt dokument)" in text for text in versions)
    assert any("data-qms-version-withheld" in text for text in versions)
    internal = build_internal(project)
    texts = [path.read_text(encoding="utf-8") for path in (internal.site / "versioner").rglob("*.html")]
    assert any("nattpatrullens skåp" in text for text in texts)
    assert any("Nattpatrullens nyckelskåp i Testby" in text for text in texts)


def test_a_deleted_internal_document_is_not_named_on_the_public_site(tmp_path):
    """Git keeps a deleted document: its permanent link says it is gone and names it,
    and the latest changes list its removal. For one whose last version was internal,
    the public site does neither; the internal site does both."""
    project = _project_with_internal_routine(tmp_path / "handbok")
    public = project / "processes/omsorg/nyckelhantering.md"
    public.write_text(public.read_text(encoding="utf-8").replace(
        "\nSe också [nattpatrullens skåp](nattpatrull.md).\n", "\n"), encoding="utf-8")
    git(project, "rm", "-q", "processes/omsorg/nattpatrull.md")
    # The deletion is recorded, as qms check asks (id.vanished), with the last title.
    (project / "processes/borttagna.yml").write_text(
        "- id: RUT-OMS-030\n  title: Nattpatrullens nyckelskåp i Testby\n", encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Ta bort en rutin")
    built, error = build(project, strict=True)
    assert error is None and not built.aborted, built.messages(logging.WARNING)
    assert not (built.site / "d" / "RUT-OMS-030").exists()
    for path in built.site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "Nattpatrullens nyckelskåp" not in text and "RUT-OMS-030" not in text, path
    internal = build_internal(project)
    gone = (internal.site / "d" / "RUT-OMS-030" / "index.html").read_text(encoding="utf-8")
    assert "Nattpatrullens nyckelskåp i Testby" in gone
    # Its removal is in the feed of the area its last version belonged to, there only.
    area_feed = (internal.site / "andringar/omrade/omsorg.xml").read_text(encoding="utf-8")
    assert "Borttagen: Nattpatrullens nyckelskåp i Testby (RUT-OMS-030)" in area_feed
    assert "RUT-OMS-030" not in (internal.site / "andringar/omrade/stod.xml").read_text(encoding="utf-8")


def test_the_marks_digest_names_what_the_fingerprints_are_made_of(publication, tmp_path, monkeypatch):
    """The memo's key is known without making the fingerprints: it is the same from any
    working directory and changes with what is withheld, a withheld text, a published
    text and the hand-written pages."""
    handbook, withheld = publication.handbook, list(publication.withheld_documents.values())
    digest = leak_gate.PublicationMarks(handbook, withheld, REPOSITORY / "docs").digest()
    monkeypatch.chdir(REPOSITORY)
    assert leak_gate.PublicationMarks(handbook, withheld, Path("docs")).digest() == digest
    assert leak_gate.PublicationMarks(handbook, withheld[1:], REPOSITORY / "docs").digest() != digest
    changed = withheld[0]
    body = changed.body
    try:
        changed.body = body + "\nEn ny mening som bara står i den interna rutinen.\n"
        assert leak_gate.PublicationMarks(handbook, withheld, REPOSITORY / "docs").digest() != digest
        changed.body = body
        published = handbook.documents[0]
        published_body = published.body
        published.body = published_body + "\nEn ny mening."
        assert leak_gate.PublicationMarks(handbook, withheld, REPOSITORY / "docs").digest() != digest
        published.body = published_body
    finally:
        changed.body = body
    docs = tmp_path / "docs"
    shutil.copytree(REPOSITORY / "docs", docs)
    assert leak_gate.PublicationMarks(handbook, withheld, docs).digest() == digest
    (docs / "index.md").write_text("# Start\n", encoding="utf-8")
    assert leak_gate.PublicationMarks(handbook, withheld, docs).digest() != digest


def test_a_gate_whose_memo_knows_every_file_makes_no_fingerprints(publication, public_sample_build, fingerprints,
                                                                  tmp_path, monkeypatch):
    """What it finds is what the fingerprints find; once every file is remembered under
    the marks' digest, a deploy hashes the files and makes no fingerprints."""
    site, memo = tmp_path / "site", tmp_path / "lackspar.json.gz"
    shutil.copytree(public_sample_build.site, site)
    planted = site / "planterad.html"
    planted.write_text(f"<p>{SENTENCE}</p>", encoding="utf-8")
    made = []
    real = leak_gate.publication_fingerprints
    monkeypatch.setattr(leak_gate, "publication_fingerprints", lambda *arguments: made.append(1) or real(*arguments))
    marks = leak_gate.PublicationMarks(publication.handbook, publication.withheld_documents.values(),
                                       REPOSITORY / "docs")
    found = scan_for_leaks(site, marks, memo=memo)
    assert [(leak.site_path, leak.document.id) for leak in found] == \
        [(leak.site_path, leak.document.id) for leak in scan_for_leaks(site, fingerprints)] == \
        [("planterad.html", "RUT-STOD-014")]
    assert made == [1]
    planted.unlink()
    again = leak_gate.PublicationMarks(publication.handbook, publication.withheld_documents.values(),
                                       REPOSITORY / "docs")
    assert scan_for_leaks(site, again, memo=memo) == [] and made == [1]
    planted.write_text(f"<p>{SENTENCE}</p>", encoding="utf-8")
    assert [leak.site_path for leak in scan_for_leaks(site, again, memo=memo)] == ["planterad.html"]
    assert made == [1, 1]


def test_kept_version_decisions_follow_what_the_site_withholds(tmp_path):
    """What each earlier version is shown as is kept between builds, under what the site
    withholds. A routine made internal after a build hides, in the next build with that
    cache, every earlier version that names it; the internal build's decisions, kept in
    the same file, never show it on the public site."""
    project = _project_with_internal_routine(tmp_path / "handbok")
    internal_routine = project / "processes/omsorg/nattpatrull.md"
    internal_text = internal_routine.read_text(encoding="utf-8")
    internal_routine.write_text(internal_text.replace("publicering: intern", "publicering: offentlig"),
                                encoding="utf-8")
    public = project / "processes/omsorg/nyckelhantering.md"
    first = public.read_text(encoding="utf-8")
    public.write_text(first + "\nNycklarna finns i Nattpatrullens nyckelskåp i Testby.\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "Nämn skåpet")
    public.write_text(first + "\nTillägg.\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "Ta bort meningen")
    built, error = build(project, strict=False)
    assert error is None and not built.aborted, built.messages(logging.WARNING)
    shown = [path.read_text(encoding="utf-8") for path in (built.site / "versioner").rglob("*.html")]
    assert any("Nattpatrullens nyckelskåp i Testby" in text for text in shown)
    assert (project / ".cache/qms/versionssidor.json.gz").is_file()

    internal_routine.write_text(internal_text, encoding="utf-8")
    git(project, "commit", "-q", "-am", "Gör rutinen intern")
    build_internal(project)
    shutil.rmtree(project / "site")
    again, error = build(project, strict=False)
    assert error is None and not again.aborted, again.messages(logging.WARNING)
    shown = [path.read_text(encoding="utf-8") for path in (again.site / "versioner").rglob("*.html")]
    assert shown and all("nattpatrull" not in text.casefold() for text in shown)
    assert any("data-qms-version-withheld" in text for text in shown)


def test_a_deploy_building_both_sites_keeps_each_sites_memo(tmp_path, monkeypatch):
    """The deploy builds the public site, then the internal one, on every push: each has
    its own memo, so the next public build reads again only what changed."""
    project = _project_with_internal_routine(tmp_path / "handbok")
    first, error = build(project, strict=True)
    assert error is None and not first.aborted
    build_internal(project)
    files = sum(1 for path in first.site.rglob("*") if path.is_file())
    shutil.rmtree(first.site)
    reads = []
    real = leak_gate.site_file_texts
    monkeypatch.setattr(leak_gate, "site_file_texts", lambda data, suffix: reads.append(suffix) or real(data, suffix))
    again, error = build(project, strict=True)
    assert error is None and not again.aborted
    assert files > 50 and len(reads) <= files // 10, (len(reads), files)
