"""`qms export DIR`: every page of the site in a plain docs folder with a configuration
Zensical reads, made by the core (issue 23); `--finish` after the build. On the fixture
handbook tests/fixtures/site_small in a real Git repository, through the real command."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
import yaml

from qms_tools.publishing.export import HEADER, read_site_config

LINK = re.compile(r'(?:href|src)="([^"#:]+)(?:#[^"]*)?"')


@pytest.fixture
def handbook(project, git_repository) -> Path:
    return git_repository(project("site_small"))


@pytest.fixture
def exported(handbook, qms, tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(handbook)
    target = tmp_path / "export"
    result = qms("export", str(target), "--today", "2026-11-22")
    assert result.exit_code == 0, result.output + result.stderr
    assert "Exporterade till" in result.output and "zensical build" in result.output
    return target


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    head, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(head), body


def test_every_published_document_is_a_page_with_its_front_matter_and_blocks(exported, handbook):
    docs = exported / "docs"
    for source in sorted((handbook / "processes").rglob("*.md")):
        relative = source.relative_to(handbook / "processes").as_posix()
        original = yaml.safe_load(source.read_text(encoding="utf-8").split("---\n")[1])
        if original.get("publicering") == "intern" or original["status"] == "utkast":
            # The public site (a plain export's) leaves them out entirely.
            assert not (docs / relative).exists(), relative
            continue
        meta, body = _front_matter(docs / relative)
        assert meta["id"] == original["id"] and meta["status"] == original["status"], relative
        assert f'data-document-id="{original["id"]}"' in body, relative


def test_links_in_the_blocks_are_relative_to_the_source_file_and_lead_to_files_it_has(exported):
    docs = exported / "docs"
    checked = 0
    for page in sorted(docs.rglob("*.md")):
        source = page.relative_to(docs).as_posix()
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(source), link))
            assert (docs / target).is_file(), f"{source}: {link}"
            checked += 1
    assert checked > 20


def test_overview_pages_permanent_links_posters_search_and_assets_are_in_the_export(exported):
    docs = exported / "docs"
    for path in ("index.md", "register.md", "roller.md", "granskning.md", "utan-uppkoppling.md", "guide/index.md",
                 "search/index.json", "search/engine.js", "search/search.js", "assets/qms/qms.css", "pages.js"):
        assert (docs / path).is_file(), path
    assert sorted(path.name for path in (docs / "d").iterdir())[:1] and (docs / "qr" / "index.html").is_file()
    for permanent in (docs / "d").glob("*/index.html"):
        assert "d/" in permanent.relative_to(docs).as_posix()
    assert (exported / "overrides" / "main.html").is_file()
    assert (exported / "overrides" / "partials" / "header.html").is_file()


def test_the_configuration_is_the_projects_without_the_plugin_with_the_menu_written_out(exported, handbook):
    config = read_site_config(exported / "mkdocs.yml")
    assert (exported / "mkdocs.yml").read_text(encoding="utf-8").startswith(HEADER)
    assert config["plugins"] == ["search"]  # the project's other plugins stay
    assert config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "overrides"
    assert config["extra"]["qms"]["search"] is True
    assert {"Start": "index.md"} in config["nav"] and {"Dokumentregister": "register.md"} in config["nav"]
    assert config["extra_css"][0] == "assets/qms/qms.css" and "offline.js" in config["extra_javascript"]
    # A value with a Python tag is written back as the project wrote it, never run.
    text = (exported / "mkdocs.yml").read_text(encoding="utf-8")
    assert "slugify: !!python/object/apply:pymdownx.slugs.slugify" in text


def test_a_document_with_errors_is_held_back_and_named_on_its_page(handbook, qms, tmp_path, monkeypatch):
    broken = handbook / "processes" / "omsorg" / "nyckelhantering.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("owner:", "owner: okand-roll\nx_owner:", 1),
                      encoding="utf-8")
    monkeypatch.chdir(handbook)
    result = qms("export", str(tmp_path / "export"), "--today", "2026-11-22")
    assert result.exit_code == 0, result.output + result.stderr
    assert "1 dokument har fel" in result.output
    assert not (tmp_path / "export" / "docs" / "omsorg" / "nyckelhantering.md").exists()
    assert "processes/omsorg/nyckelhantering.md" in (tmp_path / "export" / "docs" / "ej-publicerade.md").read_text(encoding="utf-8")


def test_export_replaces_an_earlier_export_but_never_other_files(exported, handbook, qms, tmp_path):
    (exported / "docs" / "kvarglomd.md").write_text("# Gammal\n", encoding="utf-8")
    again = qms("export", str(exported), str(handbook), "--today", "2026-11-22")
    assert again.exit_code == 0, again.stderr
    assert not (exported / "docs" / "kvarglomd.md").exists()
    other = tmp_path / "annat"
    other.mkdir()
    (other / "viktig.txt").write_text("behåll", encoding="utf-8")
    refused = qms("export", str(other), str(handbook), "--today", "2026-11-22")
    assert refused.exit_code == 2
    assert "innehåller redan filer som inte är en export" in refused.stderr
    assert (other / "viktig.txt").read_text(encoding="utf-8") == "behåll"
    into_project = qms("export", str(handbook), str(handbook), "--today", "2026-11-22")
    assert into_project.exit_code == 2 and (handbook / "qms.yml").is_file()


def test_finish_compacts_pages_writes_offline_files_and_passes_a_clean_site(exported, handbook, qms):
    site = exported / "site"
    (site / "register").mkdir(parents=True)
    (site / "register" / "index.html").write_text("<html>\n      <body>\n        <p>Registret</p>\n</body></html>",
                                                 encoding="utf-8")
    result = qms("export", str(exported), str(handbook), "--finish", "--today", "2026-11-22")
    assert result.exit_code == 0, result.output + result.stderr
    assert "utan personnummer" in result.output
    assert (site / "register" / "index.html").read_text(encoding="utf-8") == \
        "<html><body><p>Registret</p></body></html>"
    assert (site / "sw.js").is_file() and (site / "manifest.json").is_file()


def test_finish_removes_a_file_holding_a_personal_identity_number_and_fails(exported, handbook, qms):
    site = exported / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>Ring om 19121212-1212</p>", encoding="utf-8")
    (site / "annan.html").write_text("<p>Inget nummer</p>", encoding="utf-8")
    result = qms("export", str(exported), str(handbook), "--finish", "--today", "2026-11-22")
    assert result.exit_code == 2
    assert "index.html" in result.stderr and "personnummer" in result.stderr
    assert "1212-1212" not in result.stderr  # named, never shown in full
    assert not (site / "index.html").exists() and (site / "annan.html").exists()


def test_finish_runs_the_leak_gate_on_the_generators_site(exported, handbook, qms):
    """The export is the public site: a file of the generator's output that names a
    document it leaves out (RUT-OMS-004, a draft) is removed and fails the finish."""
    site = exported / "site"
    (site / "omsorg").mkdir(parents=True)
    (site / "index.html").write_text("<p>Startsidan</p>", encoding="utf-8")
    (site / "omsorg" / "index.html").write_text('<a href="../d/RUT-OMS-004/">Larm</a>', encoding="utf-8")
    result = qms("export", str(exported), str(handbook), "--finish", "--today", "2026-11-22")
    assert result.exit_code == 2
    assert ("omsorg/index.html: filen innehåller dokumentets id från processes/omsorg/larm.md (RUT-OMS-004), "
            "som inte publiceras på publik webbplats.") in result.stderr
    assert not (site / "omsorg" / "index.html").exists() and (site / "index.html").exists()


def test_finish_without_a_built_site_says_what_to_do(exported, handbook, qms):
    result = qms("export", str(exported), str(handbook), "--finish", "--today", "2026-11-22")
    assert result.exit_code == 2 and "zensical build" in result.stderr


def test_a_hand_written_page_at_a_generated_address_wins_and_is_named(handbook, qms, tmp_path):
    (handbook / "docs" / "register.md").write_text("# Vårt eget register\n", encoding="utf-8")
    result = qms("export", str(tmp_path / "export"), str(handbook), "--today", "2026-11-22")
    assert result.exit_code == 0, result.stderr
    assert "register.md publiceras inte: sidan register.md finns redan i docs_dir" in result.stderr
    assert (tmp_path / "export" / "docs" / "register.md").read_text(encoding="utf-8") == "# Vårt eget register\n"
