"""Previewing with `mkdocs serve --dirty`: a saved edit redoes its own page and the pages
that show its facts, keeps every other output, and the site ends where a fresh build of
the same content starts (new, removed, renamed and held-back documents included).

Most tests drive the server's builder as mkdocs.commands.serve does (one plugin instance
for the whole session, one site folder, a dirty build per save), which shows which files
a rebuild wrote; one starts the real `mkdocs serve --dirty` and waits for the edit."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import mkdocs
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from qms_tools.check.run import check_project
from qms_tools.handbook.audience import Audience
from qms_tools.mkdocs_plugin.preview import overview_inputs
from qms_tools.publishing.pages import generate_all
from qms_tools.publishing.posters import site_files
from qms_tools.publishing.publication import publish
from qms_tools.handbook.settings import resolve_today

from conftest import FIXTURES, REPOSITORY, TODAY, git, service_worker_build
from test_build import BROKEN_DOCUMENT, _Collect, copy_fixture

if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

# The benchmark's own way to wait for `mkdocs serve`, which measures this on big handbooks.
from benchmarks.run import wait_for, free_port, stop_server  # noqa: E402

SERVE_URL = "http://127.0.0.1:8000/"
SERVE_TIMEOUT = 90
ALWAYS_WRITTEN = {"404.html", "sitemap.xml", "sitemap.xml.gz"}
"""Theme templates MkDocs writes on every build, dirty or not."""
FOLLOW_EVERY_CHANGE = {"sw.js", "offline/innehall.json"}
"""The service worker and its contents list carry the build id, new at every rebuild of
a preview (publishing/offline.py): every rebuild rewrites them."""
ROUTINE = "processes/omsorg/mottagning.md"
"""RUT-OMS-001: named by the process hemtjanst.md, replacing gammal-mottagning.md."""
NEW_ROUTINE = BROKEN_DOCUMENT.replace("RUT-OMS-009", "RUT-OMS-010").replace(
    "# Trasig rutin\n\nSe [en rutin som inte finns](saknas.md).",
    "# Nattpatrull\n\nNattpatrullen tar emot larm efter klockan 22.")
"""A valid routine: the broken one of test_build.py with a text that links nowhere."""


class Preview:
    """A preview session without the HTTP server: what mkdocs.commands.serve runs."""

    def __init__(self, project: Path, site: Path, dirty: bool = True):
        self.project = project
        self.site = site
        self.dirty = dirty
        self.records = _Collect()
        logger = logging.getLogger(mkdocs.__name__)
        logger.addHandler(self.records)
        self._logger_level = logger.level
        logger.setLevel(logging.DEBUG)
        config = self._config()
        self.plugins = config.plugins
        self.plugin = config.plugins["qms"]
        self.plugins.on_startup(command="serve", dirty=dirty)
        self.save(config)

    def _config(self):
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def save(self, config=None) -> set[str]:
        """One rebuild after a saved edit; the site files it wrote (search index aside)."""
        before = self.mtimes()
        self.records.records.clear()
        build(config or self._config(), serve_url=SERVE_URL, dirty=self.dirty)
        self.plugin.search.finish()
        return {path for path, mtime in self.mtimes().items() if before.get(path) != mtime}

    def mtimes(self) -> dict[str, int]:
        return {path.relative_to(self.site).as_posix(): path.stat().st_mtime_ns
                for path in self.site.rglob("*") if path.is_file() and path.parts[len(self.site.parts)] != "search"}

    def page(self, url_path: str) -> str:
        return (self.site / url_path / "index.html").read_text(encoding="utf-8")

    def warnings(self) -> list[str]:
        """The plugin's warnings (MkDocs warns about every dirty build as such)."""
        return [record.getMessage() for record in self.records.records
                if record.levelno >= logging.WARNING and record.name.endswith("plugins.qms")]

    def stop(self) -> None:
        self.plugins.on_shutdown()
        logger = logging.getLogger(mkdocs.__name__)
        logger.removeHandler(self.records)
        logger.setLevel(self._logger_level)


def _project(target: Path) -> Path:
    project = copy_fixture(target)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Första versionen")
    return project


@pytest.fixture
def preview(tmp_path, monkeypatch):
    monkeypatch.setenv("QMS_TODAY", TODAY)
    session = Preview(_project(tmp_path / "handbok"), tmp_path / "site")
    yield session
    session.stop()


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _pages(written: set[str]) -> set[str]:
    return {path.removesuffix("/index.html") for path in written - ALWAYS_WRITTEN - FOLLOW_EVERY_CHANGE}


def test_a_text_edit_redoes_its_own_page_only(preview):
    overview = preview.plugin.last.overview
    _append(preview.project / ROUTINE, "\nRingen bekräftar mottagningen samma dag.\n")
    written = preview.save()
    assert preview.plugin.last.overview is overview  # not even made again
    assert "Ringen bekräftar mottagningen samma dag." in preview.page("omsorg/mottagning")
    # Overview pages, permanent links, QR posters and the other documents keep the
    # output of the first build: none of them shows a document's text.
    assert _pages(written) == {"omsorg/mottagning"}
    assert preview.warnings() == [], preview.warnings()


def test_a_rebuild_without_changes_writes_no_page_of_ours(preview):
    # The service worker and its list name the rebuild's new build id.
    assert preview.save() == ALWAYS_WRITTEN | FOLLOW_EVERY_CHANGE


def test_every_rebuild_gives_the_service_worker_a_new_build(preview):
    """A preview's build id is new after every rebuild, edit or not, so its service
    worker never keeps a page from before; it is not a hash of the whole site, which was
    read again after every edit (publishing.offline.preview_build_id)."""
    ids = [service_worker_build(preview.site)]
    _append(preview.project / ROUTINE, "\nRingen bekräftar mottagningen samma dag.\n")
    preview.save()
    ids.append(service_worker_build(preview.site))
    preview.save()
    ids.append(service_worker_build(preview.site))
    assert len(set(ids)) == 3, ids
    contents = json.loads((preview.site / "offline/innehall.json").read_text(encoding="utf-8"))
    assert contents["build"] == ids[-1]


def test_a_new_title_reaches_the_process_map_register_and_poster(preview):
    overview = preview.plugin.last.overview
    routine = preview.project / ROUTINE
    routine.write_text(routine.read_text(encoding="utf-8").replace("# Mottagning av beställning",
                                                                   "# Mottagning av nya beställningar"),
                       encoding="utf-8")
    written = preview.save()
    assert preview.plugin.last.overview is not overview
    # Every page that names the routine: the processes naming it, the routine it
    # replaces, the document it links to (whose "Hänvisar hit" lists it), the overview
    # pages and its poster. Diarieföring links to it in its own words, not by title.
    for page in ("omsorg/hemtjanst", "stod/arendehantering", "omsorg/gammal-mottagning", "omsorg/lakemedel",
                 "register", "omraden/omsorg", "qr/RUT-OMS-001/a4"):
        assert "Mottagning av nya beställningar" in preview.page(page), page
        assert f"{page}/index.html" in written
    assert "omsorg/larm/index.html" not in written and "d/RUT-OMS-002/index.html" not in written


def test_new_removed_and_renamed_documents_appear_and_disappear(preview):
    content = preview.project / "processes/omsorg"
    (content / "nattpatrull.md").write_text(NEW_ROUTINE, encoding="utf-8")
    (content / "larm.md").unlink()
    (content / "nyckelhantering.md").rename(content / "nycklar.md")
    preview.save()
    assert "Nattpatrullen tar emot larm" in preview.page("omsorg/nattpatrull")
    assert "Nattpatrull" in preview.page("register")
    assert (preview.site / "omsorg/nycklar/index.html").is_file()
    for gone in ("omsorg/larm", "omsorg/nyckelhantering"):
        assert not (preview.site / gone).exists(), gone


def test_a_document_with_an_error_is_held_back_until_it_is_fixed(preview):
    broken = preview.project / "processes/omsorg/larm.md"
    original = broken.read_text(encoding="utf-8")
    broken.write_text(original.replace("Utkast till rutin för trygghetslarm.",
                                       "Se [en rutin som inte finns](saknas.md)."), encoding="utf-8")
    preview.save()
    assert not (preview.site / "omsorg/larm").exists()
    assert "processes/omsorg/larm.md" in preview.page("ej-publicerade")
    assert any("processes/omsorg/larm.md:" in message and "saknas.md" in message
               for message in preview.warnings()), preview.warnings()

    broken.write_text(original, encoding="utf-8")
    preview.save()
    assert "Utkast till rutin för trygghetslarm." in preview.page("omsorg/larm")
    assert not (preview.site / "ej-publicerade").exists()


def test_the_search_index_follows_text_edits_only(preview):
    manifest = preview.site / "search/index.json"
    first = manifest.stat().st_mtime_ns
    assert (preview.site / "search/search.js").is_file()  # the theme's part of the folder stays

    _append(preview.project / "docs/guide/index.md", "\nEn rad i hjälpen.\n")
    preview.save()
    assert manifest.stat().st_mtime_ns == first

    _append(preview.project / ROUTINE, "\nKvittot läggs i en xylofon.\n")
    preview.save()
    assert manifest.stat().st_mtime_ns != first
    terms = "".join(path.read_text(encoding="utf-8") for path in (preview.site / "search/t").iterdir())
    assert "xylofon" in terms
    assert (preview.site / "search/search.js").is_file()


def test_the_preview_ends_where_a_fresh_build_starts(preview, tmp_path):
    content = preview.project / "processes/omsorg"
    _append(content / "mottagning.md", "\nRingen bekräftar mottagningen samma dag.\n")
    preview.save()
    (content / "nattpatrull.md").write_text(NEW_ROUTINE, encoding="utf-8")
    (content / "larm.md").write_text(BROKEN_DOCUMENT, encoding="utf-8")
    preview.save()
    (content / "nyckelhantering.md").rename(content / "nycklar.md")
    git(preview.project, "add", "-A")
    git(preview.project, "-c", "user.name=Rut Redaktör", "commit", "-q", "-m", "Nattpatrull och nycklar")
    preview.save()
    preview.stop()

    fresh = Preview(preview.project, tmp_path / "fresh", dirty=False)
    fresh.stop()
    assert _tree(preview.site) == _tree(fresh.site)


@pytest.mark.parametrize("root", [FIXTURES / "site_small", REPOSITORY], ids=["fixture", "sample"])
def test_overview_pages_and_standalone_files_never_show_document_text(root):
    """What lets a preview reuse them after a text edit (preview.overview_inputs). A
    preview shows every document; a site that withholds some judges the earlier
    versions it shows against the published texts, so a text edit redoes them."""
    checked = check_project(root, resolve_today(TODAY))
    public = publish(checked)
    if public.withheld_documents:
        edited = dataclasses.replace(public, handbook=dataclasses.replace(public.handbook, documents=[
            dataclasses.replace(document, body="# Annan rubrik\n\nAnnan text.\n")
            for document in public.handbook.documents]))
        assert overview_inputs(edited, True) != overview_inputs(public, True)
    publication = publish(checked, audience=Audience.PREVIEW)
    handbook = publication.handbook
    rewritten = dataclasses.replace(publication, handbook=dataclasses.replace(handbook, documents=[
        dataclasses.replace(document, body="# Annan rubrik\n\nAnnan text.\n") for document in handbook.documents]))
    retitled = dataclasses.replace(publication, handbook=dataclasses.replace(handbook, documents=[
        dataclasses.replace(document, title=f"{document.title} (ny)") for document in handbook.documents]))

    def made_from(version):
        return ([(page.src_uri, page.markdown) for page in generate_all(version.handbook, version.handbook.history)]
                + [(static.dest_uri, static.content) for static in site_files(version)])

    assert made_from(rewritten) == made_from(publication)
    assert overview_inputs(rewritten, True) == overview_inputs(publication, True)
    assert overview_inputs(retitled, True) != overview_inputs(publication, True)


MATERIAL_SEARCH_INDEX = "search/search_index.json"
"""Material's search plugin (in the fixture, not in the repository's mkdocs.yml) indexes
only the pages a dirty build rendered: a limit of MkDocs' dirty builds, not ours."""


def _tree(site: Path) -> dict[str, bytes]:
    """Every file's bytes, the build id (new at every rebuild of a preview) left out."""
    build = service_worker_build(site).encode()
    return {path.relative_to(site).as_posix(): path.read_bytes().replace(build, b"BUILD") for path in site.rglob("*")
            if path.is_file() and path.name != "sitemap.xml.gz"
            and path.relative_to(site).as_posix() != MATERIAL_SEARCH_INDEX}


def test_mkdocs_serve_dirty_shows_saved_edits_of_a_document_and_of_qms_yml(tmp_path):
    project = _project(tmp_path / "handbok")
    port = free_port()
    url = f"http://127.0.0.1:{port}/omsorg/mottagning/"
    environment = {**os.environ, "QMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1",
                   "DISABLE_MKDOCS_2_WARNING": "true"}
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=environment, stdout=output, stderr=output,
                                  start_new_session=True)
    try:
        assert wait_for(url, lambda text: "Mottagning av beställning" in text, server, SERVE_TIMEOUT), \
            log.read_text()
        _append(project / ROUTINE, "\nRingen bekräftar mottagningen samma dag.\n")
        assert wait_for(url, lambda text: "Ringen bekräftar mottagningen samma dag." in text, server,
                         SERVE_TIMEOUT), log.read_text()
        # qms.yml is outside the content folder: watched too, and its repo_url is on every page.
        settings = project / "qms.yml"
        settings.write_text(settings.read_text(encoding="utf-8").replace("testby/handbok", "testby/ny-handbok"),
                            encoding="utf-8")
        assert wait_for(url, lambda text: "github.com/testby/ny-handbok/edit/" in text, server, SERVE_TIMEOUT), \
            log.read_text()
    finally:
        stop_server(server)
