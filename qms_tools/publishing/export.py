"""`qms export DIR`: the published handbook as a plain docs folder and a generator
configuration, made by the core alone (issue 23).

Material for MkDocs reaches its end of life on 2027-05-05 and MkDocs 1.x is unmaintained;
Zensical, Material's successor, reads ``mkdocs.yml`` but runs no MkDocs plugin. The
export therefore holds every page the site has, finished, so that a generator only has
to turn Markdown into HTML:

    DIR/mkdocs.yml   the project's site configuration without the ``qms`` plugin: the
                     menu written out (``nav``), the theme's stylesheets and scripts
                     listed, the handbook's search switched on for the theme
                     (``extra.qms.search``), ``docs`` and ``overrides`` as folders
    DIR/docs/        the hand-written pages; every published document with its
                     front-matter as qms read it, its header, process map and the
                     code, belonging and history blocks; the overview pages, the page of
                     held-back documents, the attachments; the permanent links d/<ID>/
                     and QR files qr/…; the search index search/; the theme's assets
    DIR/overrides/   the theme's templates (Material's, changed where the handbook
                     needs it), then the project's own ``custom_dir`` over them

The header and footer blocks are HTML inside the Markdown. Their links are written the
way Zensical reads links in HTML: relative to the page's source file, to the target's
source file (``../barn-och-unga/placering.md``, ``../d/RUT-BOU-001/index.html``);
Zensical turns them into the target's address, as it does for Markdown links. MkDocs
leaves HTML untouched, so this folder is for Zensical; MkDocs and ProperDocs build the
project itself through the plugin.

What a generator does after the pages are written is not in the export: the plugin's
allowlist sanitizer over each page's HTML, the gates that read every published file for
withheld documents and personal identity numbers (``finish`` runs them on the generator's
output), the compaction of the templates' whitespace, and the service worker of offline use,
whose build id is a hash of the finished site.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qms_tools.check.run import check_project
from qms_tools.handbook.findings import Finding
from qms_tools.handbook.history import History
from qms_tools.handbook.model import Document
from qms_tools.handbook.settings import ProjectError
from qms_tools.publishing import navigation, offline
from qms_tools.publishing.compact import compact_html
from qms_tools.publishing.leak_gate import gate_site, withdraw_leaks
from qms_tools.publishing.pages import GeneratedPage, plan_all, process_map, unpublished
from qms_tools.publishing.pages.document import DocumentView, PageAddress, render_page
from qms_tools.publishing.posters import save_caches, site_files
from qms_tools.publishing.publication import Publication, attachments, publish
from qms_tools.publishing.search.index import IndexedPage
from qms_tools.publishing.safety import NUMBER_MEMO_FILE, GateReport, scan_site, withdraw
from qms_tools.publishing.search.site import readable, write_search
from qms_tools.publishing.static_site import page_url, write_files
from qms_tools.publishing.withheld import shown_body
from qms_tools.publishing.theme import THEME_DIR, theme_assets

CONFIG_FILE = "mkdocs.yml"
DOCS_DIR = "docs"
OVERRIDES_DIR = "overrides"
PLUGIN = "qms"
GENERATOR = {"name": "Zensical", "url": "https://zensical.org/"}
"""Named in every page's footer, as the MkDocs build names Material for MkDocs."""
STATEMENT = "tillganglighet.md"
"""The accessibility statement, linked from every page's footer (DOS-lagen 13 §)."""
OFFLINE_SCRIPT = "offline.js"
"""Registers the service worker (``finish`` writes it into the built site)."""
ZENSICAL_SEARCH_CSS = Path(__file__).resolve().parent.parent / "templates" / "export" / "sok-zensical.css"
ZENSICAL_SEARCH_URI = "search/sok-zensical.css"
"""Zensical's stylesheets have no rules for Material's header search: the layout of ours."""
SITE_DIR = "site"
"""Where the generator writes the site, beside the configuration (its default)."""


@dataclass
class Export:
    """What ``export`` wrote, for the command's report."""

    target: Path
    documents: int = 0
    generated: list[str] = field(default_factory=list)
    """Source paths of the overview pages and the page of held-back documents."""
    hand_written: list[str] = field(default_factory=list)
    standalone: int = 0
    findings: list[Finding] = field(default_factory=list)
    held_back: list[str] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)
    """Site paths of pages and files the tool makes that a hand-written page already has:
    the hand-written page wins, as in a MkDocs build, and the command names each."""
    search: str = ""


class _Tagged:
    """A value of the site configuration with a YAML tag this reader does not run
    (``!!python/name:…``, ``!ENV``): kept as written and written back the same."""

    def __init__(self, tag: str, node: yaml.Node):
        self.tag, self.node = tag, node


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


# Every tag the safe loader has no constructor for (the standard ones keep theirs).
_ConfigLoader.add_multi_constructor("", lambda loader, tag, node: _Tagged(tag, node))
_ConfigDumper.add_representer(_Tagged, lambda dumper, value: _represent_tagged(dumper, value))


def _represent_tagged(dumper: yaml.SafeDumper, value: _Tagged) -> yaml.Node:
    node = value.node
    node.tag = value.tag
    return node


def read_site_config(path: Path) -> dict[str, Any]:
    """The project's ``mkdocs.yml`` as data, its tagged values kept as written."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProjectError(f"{path.name} kan inte läsas ({error.strerror}). Webbplatsens inställningar behövs "
                           f"för att exportera den.") from None
    try:
        config = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader that runs no tag
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ProjectError(f"{path.name}{line}: filen är inte giltig YAML ({getattr(error, 'problem', error)}). "
                           f"Rätta raden och försök igen.") from None
    if not isinstance(config, dict):
        raise ProjectError(f"{path.name}: filen ska vara en lista av inställningar (nyckel: värde).")
    return config


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The ``qms`` plugin's options in the site configuration; None when it is not listed."""
    for entry in config.get("plugins") or []:
        if entry == PLUGIN:
            return {}
        if isinstance(entry, dict) and PLUGIN in entry:
            return dict(entry[PLUGIN] or {})
    return None


def export(root: Path, target: Path, today: dt.date) -> Export:
    """Write the export of the project at ``root`` into ``target`` (emptied first)."""
    config = read_site_config(root / CONFIG_FILE)
    options = plugin_options(config)
    if options is None:
        options = {}
    project = (root / options.get("project", ".")).resolve()
    use_directory_urls = bool(config.get("use_directory_urls", True))
    result = check_project(project, today)
    settings = result.handbook.settings
    docs_root = root / config.get("docs_dir", "docs")
    _make_room(target, root)
    docs = target / DOCS_DIR
    docs.mkdir(parents=True)
    done = Export(target)

    # The hand-written pages and the theme's files have their addresses first, as in a
    # MkDocs build: a document at one of them is held back, named with what it would replace.
    hand_files = _files_under(docs_root)
    theme_statics = [path for path in _files_under(THEME_DIR) if not path.endswith(".html")]
    taken = {(page_url(uri, use_directory_urls) if uri.endswith(".md") else uri): f"{docs_root.name}/{uri}"
             for uri in hand_files}
    taken.update((uri, "temat") for uri in theme_statics)
    publication = publish(result, use_directory_urls, taken)
    handbook = publication.handbook
    done.findings = publication.findings
    done.held_back = sorted(publication.rejected)
    history = handbook.history or History()

    for uri in theme_statics:
        _copy(THEME_DIR / uri, docs / uri)
    _copy(ZENSICAL_SEARCH_CSS, docs / ZENSICAL_SEARCH_URI)
    for uri in hand_files:
        _copy(docs_root / uri, docs / uri)
    done.hand_written = [uri for uri in hand_files if uri.endswith(".md")]
    for attachment in attachments(settings.content_root):
        if f"{settings.content_dir}/{attachment}" not in publication.refused_addresses:
            _copy(settings.content_root / attachment, docs / attachment)

    generated: list[GeneratedPage] = [planned.make() for planned in plan_all(handbook, history)]
    rejected_page = unpublished.render(publication)
    if rejected_page is not None:
        generated.append(rejected_page)
    if options.get("offline", True):
        generated.append(GeneratedPage(offline.PAGE_SRC_URI, offline.page_markdown(_budget(options)),
                                       offline.PAGE_TITLE))
    standalone = site_files(publication, use_directory_urls)
    done.clashes = sorted({page.src_uri for page in generated if page.src_uri in hand_files}
                          | {static.dest_uri for static in standalone if static.dest_uri in hand_files})
    generated = [page for page in generated if page.src_uri not in hand_files]
    standalone = [static for static in standalone if static.dest_uri not in hand_files]
    pages = {document.content_path for document in handbook.documents} | {page.src_uri for page in generated}
    pages |= set(done.hand_written)
    addresses = pages | {static.dest_uri for static in standalone} | set(hand_files)

    for document in handbook.documents:
        _write(docs / document.content_path, _document_page(document, publication, history, addresses,
                                                                         use_directory_urls))
    done.documents = len(handbook.documents)
    for page in generated:
        _write(docs / page.src_uri, page.markdown)
        done.generated.append(page.src_uri)
    write_files(docs, standalone)
    done.standalone = len(standalone)
    save_caches(handbook)
    if options.get("search", True):
        done.search = write_search(handbook, [IndexedPage(document, page_url(document.content_path,
                                                                              use_directory_urls))
                                              for document in handbook.documents], docs)

    _write_overrides(root, config, target / OVERRIDES_DIR)
    nav = config.get("nav") if config.get("nav") is not None or not options.get("navigation", True) else \
        navigation.site_navigation(handbook, pages, done.hand_written)
    _write(target / CONFIG_FILE, _generator_config(config, settings.site_url, nav, options, pages))
    return done


HEADER = "# Made by `qms export`"
"""The first words of an export's configuration: a folder that starts so may be replaced."""


def _make_room(target: Path, root: Path) -> None:
    """Empty the target, but only a folder that is empty or an earlier export: never
    the project or a folder around it, never someone's other files."""
    if target == root or target in root.parents:
        raise ProjectError(f"{target} är projektet eller en mapp runt det: välj en egen mapp för exporten.")
    if not target.exists():
        return
    if not target.is_dir():
        raise ProjectError(f"{target} är en fil: välj en mapp för exporten.")
    config = target / CONFIG_FILE
    earlier = config.is_file() and config.read_text(encoding="utf-8", errors="replace").startswith(HEADER)
    if any(target.iterdir()) and not earlier:
        raise ProjectError(f"{target} innehåller redan filer som inte är en export: välj en tom eller ny mapp.")
    shutil.rmtree(target)


def _budget(options: dict[str, Any]) -> int:
    return offline.budget_bytes(options.get("offline_budget", offline.DEFAULT_BUDGET_MB))


@dataclass
class Finished:
    pages: int
    gate: GateReport
    build: str | None
    """The service worker's build id; None without offline use."""


def finish(root: Path, target: Path, today: dt.date) -> Finished:
    """What the MkDocs plugin does after the pages, done to the site a generator built
    from the export in ``target`` (``target/site``): the templates' whitespace compacted
    on every page, the files of offline use written (the build id is a hash of the
    finished site), and every published file read for what the public site must not show
    (the leak gate) and for personal identity numbers. A hit removes the files holding
    one and raises ``ProjectError``, naming them."""
    config = read_site_config(root / CONFIG_FILE)
    options = plugin_options(config) or {}
    use_directory_urls = bool(config.get("use_directory_urls", True))
    site = target / SITE_DIR
    docs = target / DOCS_DIR
    if not site.is_dir():
        raise ProjectError(f"{site} finns inte: bygg webbplatsen från exporten först (zensical build i {target}).")
    pages = 0
    for source in _files_under(docs):
        if not source.endswith(".md"):
            continue
        output = site / _output_path(page_url(source, use_directory_urls))
        if output.is_file():
            output.write_text(compact_html(output.read_text(encoding="utf-8")), encoding="utf-8")
            pages += 1
    build = None
    result = check_project((root / options.get("project", ".")).resolve(), today)
    handbook = result.handbook
    if options.get("offline", True):
        build = offline.write_site_files(handbook, site, site_name=str(config.get("site_name", "")),
                                         description=str(config.get("site_description") or ""),
                                         budget=_budget(options), use_directory_urls=use_directory_urls)
    # The generator's own files are published as their authors wrote them, like the theme's.
    generator_files = {path for path in _files_under(site, hidden=True)
                       if path.startswith("assets/") and not (docs / path).exists()}
    # The leak gate, as after a MkDocs build: the export publishes for the public site.
    publication = publish(result, use_directory_urls)
    leaks = gate_site(publication, root / config.get("docs_dir", "docs"), site, generator_files)
    if leaks:
        raise ProjectError(withdraw_leaks(site, leaks, publication.audience.label))
    memo = handbook.settings.root / NUMBER_MEMO_FILE.format(publicering=publication.audience.value)
    report = scan_site(site, generator_files, readable=readable, memo=memo)
    if report.hits:
        raise ProjectError(withdraw(site, report))
    return Finished(pages, report, build)


def _output_path(url: str) -> str:
    """The file a site-relative page address is served from."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def _document_page(document: Document, publication: Publication, history: History, addresses: set[str],
                   use_directory_urls: bool) -> str:
    """The document's Markdown as its page shows it, after the front-matter qms read."""
    handbook = publication.handbook
    source_dir = posixpath.dirname(document.content_path)

    def resolve(target: str) -> str | None:
        path, _, anchor = target.partition("#")
        if path not in addresses:
            return None
        href = posixpath.relpath(path, source_dir or ".")
        return f"{href}#{anchor}" if anchor else href

    site_url = handbook.settings.site_url
    page_address = None
    print_address = None
    if site_url:
        base = site_url.rstrip("/") + "/"
        page_address = base + page_url(document.content_path, use_directory_urls)
        permanent = f"d/{document.id}/index.html"
        print_address = base + f"d/{document.id}/" if document.id and permanent in addresses else page_address
    view = DocumentView(document, handbook, history, PageAddress(resolve, page_address, print_address))
    # Links to documents this site leaves out read "(internt dokument)", as in a build.
    markdown = render_page(shown_body(handbook, document).lstrip("\n"), view,
                           process_map.render(document, handbook) if document.is_process else "")
    metadata = dict(document.front_matter)
    if "title" in metadata:
        metadata["title"] = document.title
    front_matter = yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{front_matter}---\n\n{markdown}"


def _generator_config(config: dict[str, Any], site_url: str | None, nav: Any, options: dict[str, Any],
                      pages: set[str]) -> str:
    exported = dict(config)
    exported["docs_dir"] = DOCS_DIR
    exported.pop("site_dir", None)
    if not exported.get("site_url") and site_url:
        exported["site_url"] = site_url.rstrip("/") + "/"
    # No plugin runs: the pages are finished. An empty list, or MkDocs-compatible
    # generators would add their own search and its multi-megabyte index.
    exported["plugins"] = [entry for entry in config.get("plugins") or []
                           if entry != PLUGIN and not (isinstance(entry, dict) and PLUGIN in entry)]
    if nav is not None:
        exported["nav"] = nav
    theme = dict(exported.get("theme") or {"name": "material"})
    theme["custom_dir"] = OVERRIDES_DIR
    # Zensical's look of Material for MkDocs, which the theme's stylesheets build on.
    theme.setdefault("variant", "classic")
    exported["theme"] = theme
    exported["extra_css"] = list(config.get("extra_css") or []) + theme_assets(".css") + [ZENSICAL_SEARCH_URI]
    exported["extra_javascript"] = list(config.get("extra_javascript") or []) + [
        script for script in theme_assets(".js") if script != OFFLINE_SCRIPT or options.get("offline", True)]
    extra = dict(exported.get("extra") or {})
    extra[PLUGIN] = {"search": bool(options.get("search", True)), "generator": GENERATOR}
    if STATEMENT in pages:
        extra[PLUGIN]["statement"] = page_url(STATEMENT, bool(config.get("use_directory_urls", True)))
    exported["extra"] = extra
    header = (f"{HEADER} from the handbook's mkdocs.yml: every page is in docs/, finished.\n"
              "# For Zensical (`zensical build`): links in the pages' HTML blocks are relative to\n"
              "# their source files, as Zensical reads them.\n")
    return header + yaml.dump(exported, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False,
                              default_flow_style=False)


def _write_overrides(root: Path, config: dict[str, Any], target: Path) -> None:
    """The theme's templates, then the project's own custom_dir over them (the plugin
    puts its theme folder after the project's, so the project's wins)."""
    for uri in _files_under(THEME_DIR, hidden=True):
        if uri.endswith(".html") or uri.startswith(".icons/"):
            _copy(THEME_DIR / uri, target / uri)
    custom = (config.get("theme") or {}).get("custom_dir") if isinstance(config.get("theme"), dict) else None
    if custom and (root / custom).is_dir():
        shutil.copytree(root / custom, target, dirs_exist_ok=True)


def _files_under(folder: Path, hidden: bool = False) -> list[str]:
    """Every file under ``folder`` as a posix path relative to it; names starting with a
    dot are left out, as MkDocs leaves them out of docs_dir."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and (hidden or not any(part.startswith(".") for part in relative.parts)):
            found.append(relative.as_posix())
    return found


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
