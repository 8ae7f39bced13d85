"""The `qms` MkDocs plugin: a thin adapter that publishes the handbook.

Every decision (what is published, what a page shows, which pages exist) is made by
the core; the hooks only hand MkDocs the files, the navigation and the Markdown.
"""

from __future__ import annotations

import functools
from collections import ChainMap
from pathlib import Path
from typing import Mapping
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from qms_tools.check.run import check_project
from qms_tools.handbook.abbreviations import glossary
from qms_tools.handbook.audience import Audience, choose_audience
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.history import History
from qms_tools.handbook.markdown_scan import MAX_NESTING, scan as scan_markdown
from qms_tools.handbook.model import Document
from qms_tools.publishing.abbreviations import Abbreviations
from qms_tools.publishing.pages import PlannedPage, plan_all, process_map, unpublished
from qms_tools.publishing.pages.document import (
    DocumentView,
    PageAddress,
    PageBlocks,
    not_found_contact,
    page_blocks,
    page_html,
)
from qms_tools.publishing.leak_gate import gate_site, withdraw_leaks
from qms_tools.publishing.posters import save_caches, site_files
from qms_tools.publishing.publication import Publication, attachments, publish
from qms_tools.publishing.safety import NUMBER_MEMO_FILE, escaped, number_sources, sanitise, scan_site, withdraw
from qms_tools.publishing.static_site import page_url
from qms_tools.publishing.theme import THEME_DIR, theme_assets
from qms_tools.handbook.settings import SETTINGS_FILE, ProjectError, resolve_today
from qms_tools.publishing.compact import compact_html
from qms_tools.mkdocs_plugin.config import QmsConfig
from qms_tools.mkdocs_plugin import offline
from qms_tools.mkdocs_plugin.search import readable, write_engine
from qms_tools.mkdocs_plugin.navigation import site_navigation
from qms_tools.mkdocs_plugin.preview import (
    BackgroundSearch,
    Overview,
    PreviewFile,
    Published,
    overview_inputs,
    pages_to_redo,
    remove_stale_outputs,
)
from qms_tools.mkdocs_plugin.worker import BuildWorker
from qms_tools.mkdocs_plugin.withheld_links import WithheldLinks

log = get_plugin_logger("qms")



class QmsPlugin(BasePlugin[QmsConfig]):
    def __init__(self) -> None:
        self.publication: Publication | None = None
        self.check_result = None
        self.history = History()
        self.documents: dict[str, tuple[File, Document]] = {}
        self.planned: dict[str, PlannedPage] = {}
        """Overview pages of a build whose Markdown the worker makes, by site path."""
        self.standalone: dict[str, File] = {}
        """Permanent links and QR files of a build, which the worker writes: their
        addresses, for the links of the page blocks."""
        self.attachment_ids: set[int] = set()
        self.theme_files: set[str] = set()
        """Site paths of the theme's static files: published as their authors wrote them."""
        self.audience = Audience.PUBLIC
        self.rendering: str | None = None
        """Source path of the page Python-Markdown renders now (for WithheldLinks)."""
        self.page_sources: dict[str, str] = {}
        """Site path -> the project file it is made from, for the final gate's report."""
        self.user_navigation = False
        self.serving = False
        """Under `mkdocs serve`: this instance outlives each rebuild (MkDocs keeps a plugin
        with on_startup), so a rebuild can reuse what the last one published."""
        self.dirty = False
        """`mkdocs serve --dirty`: no rebuild cleans the site folder."""
        self.last: Published | None = None
        self.pending: Published | None = None
        self.files: Files | None = None
        self.search = BackgroundSearch()
        self.worker = BuildWorker()
        """`mkdocs build`: the document pages' blocks, the overview pages, the search index
        and the standalone files, made on the other core while pages render."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        self.last = None
        self.search = BackgroundSearch()

    def on_shutdown(self) -> None:
        self.search.finish()
        self.worker.cancel()
        self.serving = False
        self.last = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # A plugin with on_startup is one instance for every build of the process:
        # nothing of the last build's documents may leak into this one.
        if not (self.serving and self.dirty):
            self.search.finish()  # before MkDocs cleans the site folder
        self.worker.cancel()
        self.publication = None
        self.documents = {}
        self.planned = {}
        self.standalone = {}
        self.pending = None
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path).resolve().parent / self.config.project
        try:
            # An editor's local preview is never published: it shows drafts by default.
            self.audience = choose_audience(self.config.publicering,
                                            default=Audience.PREVIEW if self.serving else Audience.PUBLIC)
            result = check_project(root, resolve_today(None))
        except ProjectError as error:
            raise PluginError(str(error)) from None
        self.check_result = result
        self.publication = publish(result, config.use_directory_urls, audience=self.audience)
        log.info(f"Bygger {self.audience.label} (publicering: {self.audience.value}): "
                 f"{len(self.publication.withheld_documents)} dokument är inte med.")
        settings = self.publication.handbook.settings
        if Path(config.docs_dir).resolve() != (settings.root / settings.docs_dir).resolve():
            log.warning(f"mkdocs.yml har docs_dir '{config.docs_dir}' men {SETTINGS_FILE} har docs_dir "
                        f"'{settings.docs_dir}': qms check läser då inte sidorna som publiceras. Ange samma mapp.")
        # The loader read the Git history once; the pages reuse it.
        self.history = self.publication.handbook.history or History()
        _log_findings(self.publication)
        if not config.site_url and settings.site_url:
            config.site_url = settings.site_url.rstrip("/") + "/"
        # After the user's custom_dir, so a site can still override our templates.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        config.extra_css.extend(theme_assets(".css"))
        config.extra_javascript.extend(theme_assets(".js"))
        offline.configure(config, self.config)
        config.markdown_extensions.append(WithheldLinks(self._rendering))
        config.markdown_extensions.append(Abbreviations(glossary(self.publication.handbook.acts)))
        self.user_navigation = config.nav is not None
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.publication is None:
            return files
        # The hand-written pages and the theme's files have their addresses first: a
        # document or attachment at one of them is held back, named with the file it
        # would have replaced, before any page or permanent link is planned.
        docs_name = Path(config.docs_dir).name
        taken = {(page_url(file.src_uri, config.use_directory_urls) if file.is_documentation_page()
                  else file.dest_uri): (f"{docs_name}/{file.src_uri}" if file.src_dir == config.docs_dir
                                        else "temat") for file in files}
        logged = set(self.publication.findings)
        self.publication = publish(self.check_result, config.use_directory_urls, taken, self.audience)
        for finding in self.publication.findings:
            if finding not in logged:
                log.warning(_finding_line(finding))
        handbook = self.publication.handbook
        content_root = str(handbook.settings.content_root)
        # Our pages reach the menu only through site_navigation: MkDocs' automatic
        # navigation would list every document (and say so for each one it leaves out).
        for document in handbook.documents:
            file = PreviewFile(document.content_path, content_root, config.site_dir, config.use_directory_urls,
                               inclusion=InclusionLevel.NOT_IN_NAV)
            if _add(files, file, f"{handbook.settings.content_dir}/{document.content_path}"):
                self.documents[file.src_uri] = (file, document)
        self.attachment_ids = set()
        for attachment in attachments(handbook.settings.content_root):
            if (f"{handbook.settings.content_dir}/{attachment}" in self.publication.refused_addresses
                    or attachment in self.publication.withheld_attachments):
                continue
            file = PreviewFile(attachment, content_root, config.site_dir, config.use_directory_urls,
                               inclusion=InclusionLevel.NOT_IN_NAV)
            if _add(files, file, f"{handbook.settings.content_dir}/{attachment}"):
                self.attachment_ids.add(id(file))
        generated: dict[str, str | bytes] = {}
        overview = self._overview(config)
        rejected_page = unpublished.render(self.publication)
        made_later = []
        if self.serving:
            pages = overview.pages() + ([rejected_page] if rejected_page else [])
            for page in pages:
                if _add(files, PreviewFile.generated(config, page.src_uri, content=page.markdown,
                                                     inclusion=InclusionLevel.NOT_IN_NAV), page.src_uri):
                    generated[page.src_uri] = page.markdown
        else:
            # A build leaves making the overview pages to the worker: MkDocs renders them
            # last, when the worker has long made them. Until then each is a generated
            # file without text; on_page_read_source gives MkDocs the page's Markdown.
            for planned in overview.planned:
                if _add(files, File.generated(config, planned.src_uri, content="",
                                              inclusion=InclusionLevel.NOT_IN_NAV), planned.src_uri):
                    made_later.append((planned.src_uri, planned.make))
                    self.planned[planned.src_uri] = planned
            if rejected_page:
                _add(files, PreviewFile.generated(config, rejected_page.src_uri, content=rejected_page.markdown,
                                                  inclusion=InclusionLevel.NOT_IN_NAV), rejected_page.src_uri)
        offline_page = offline.page(config, self.config, PreviewFile)
        if offline_page is not None and _add(files, offline_page, offline_page.src_uri) and self.serving:
            generated[offline_page.src_uri] = offline_page.content_string
        standalone = []
        if self.serving:
            # A preview reuses the files of the last build with the same overview.
            for static, file in zip(overview.standalone, overview.files(config)):
                if _add(files, file, static.dest_uri):
                    generated[static.dest_uri] = static.content
        else:
            # A build leaves making and writing them to the worker, which puts them in the
            # site folder beside the search index: MkDocs has nothing to copy. The pages
            # link to them from their HTML blocks only, never from Markdown it checks.
            standalone = [static for static in overview.standalone if not _taken(files, static.dest_uri)]
        self.standalone = {static.dest_uri: File(static.dest_uri, None, config.site_dir, config.use_directory_urls)
                           for static in standalone}
        # Material's files and ours are published as their authors wrote them; a site's
        # own custom_dir is content like any other, and the final gate reads it.
        custom = Path(config.theme.custom_dir).resolve() if config.theme.custom_dir else None
        theme_dirs = {folder for folder in config.theme.dirs if Path(folder).resolve() != custom}
        self.theme_files = {file.dest_uri for file in files if file.src_dir in theme_dirs}
        self.page_sources = {file.dest_uri: f"{Path(config.docs_dir).name}/{file.src_uri}" for file in files
                             if file.src_dir == config.docs_dir}
        self.page_sources.update((file.dest_uri, f"{handbook.settings.content_dir}/{file.src_uri}")
                                 for file in files if id(file) in self.attachment_ids)
        self.page_sources.update((file.dest_uri, document.path) for file, document in self.documents.values())
        if self.config.navigation and not self.user_navigation:
            config.nav = site_navigation(handbook, files, config.docs_dir)
        if self.serving:
            self._plan_rebuild(files, config, generated, overview)
        else:
            # Every file of the site is known now, so the worker can make each page's
            # blocks (they link to other pages), in the order MkDocs renders the pages.
            blocks = [(file.src_uri, functools.partial(self._blocks, file, document, files, config))
                      for file, document in self.documents.values()]
            self.worker.start(handbook, self.documents.values() if self.config.search else None, config.site_dir,
                              standalone, blocks + made_later)
        return files

    def _overview(self, config: MkDocsConfig) -> Overview:
        """The overview pages, permanent links d/<ID>/ and QR posters qr/…. None of them
        shows a document's text, so a preview reuses the last build's while every other
        fact is unchanged."""
        inputs = overview_inputs(self.publication, config.use_directory_urls) if self.serving else None
        if inputs is not None and self.last is not None and self.last.overview.inputs == inputs:
            return self.last.overview
        try:
            standalone = site_files(self.publication, config.use_directory_urls)
        except ProjectError as error:
            raise PluginError(str(error)) from None
        return Overview(inputs, plan_all(self.publication.handbook, self.history), standalone)

    def _plan_rebuild(self, files: Files, config: MkDocsConfig, generated: dict[str, str | bytes],
                      overview: Overview) -> None:
        """Mark the document pages a dirty rebuild must redo although their source is
        unchanged; remember what this build publishes for the next one."""
        handbook = self.publication.handbook
        redo = pages_to_redo(self.last, handbook, self.history, config.nav)
        for file, document in self.documents.values():
            file.must_render = redo is None or document.path in redo
        ours = [file for file in files if isinstance(file, PreviewFile)]
        if self.last is not None:
            for file in ours:
                same = file.src_uri in generated and self.last.generated.get(file.src_uri) == generated[file.src_uri]
                # A page's HTML also holds the navigation and the site settings: when
                # those changed (redo is None), every generated page is redone too.
                file.output_current = same and (redo is not None or not file.is_documentation_page())
        self.pending = Published(handbook, self.history, config.nav, overview, generated,
                                 {file.abs_dest_path for file in ours})
        self.files = files

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        # MkDocs reads front-matter its own way (mkdocs.utils.meta), and where that
        # differed from qms it published the front-matter as text (a value PyYAML cannot
        # construct, no line break after the closing '---'). So it never reads the file:
        # it gets the body qms checked, after a blank line, which ends its search for
        # metadata at once. on_page_markdown then sets the body and metadata qms read.
        document = self._document(page)
        if document is not None:
            return "\n" + document.body
        planned = self.planned.get(page.file.src_uri)
        if planned is None:
            return None
        # Made by the worker meanwhile, or now when MkDocs got here first.
        return (self.worker.take(planned.src_uri) or planned.make()).markdown

    @event_priority(100)  # before any other plugin reads the page's markdown or metadata
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return markdown
        self.rendering = page.file.src_uri
        document = self._document(page)
        if document is None:
            # A document this deep is held back by the check (content.too-deep); a docs/
            # page is read by no rule, and would end the build in a RecursionError or
            # take minutes to sanitise.
            deepest = scan_markdown(markdown).too_deep
            if deepest is not None:
                log.warning(f"{Path(config.docs_dir).name}/{page.file.src_uri}:{deepest.line + 1}: sidans text "
                            f"publiceras inte: den har {deepest.depth} nivåer i varandra, högst {MAX_NESTING} går.")
                return (f"# Sidan kan inte visas\n\nSidans text har fler än {MAX_NESTING} nivåer av listor, citat "
                        f"eller HTML i varandra. Redaktören behöver dela upp texten.\n")
            return markdown
        page.meta = page_metadata(document)
        if not document.is_process:
            return document.body.lstrip("\n")  # as MkDocs leaves it after front-matter
        return process_map.process_page_markdown(document, self.publication.handbook)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return html
        # Every page's text passes the allowlist, whatever the check said about it; the
        # theme's own HTML around it is not touched. Titles and front-matter values reach
        # the theme's templates escaped (Material prints page.meta.title as it is).
        html = sanitise(html, generated=page.file.generated_by is not None)
        page.meta = escaped(page.meta)
        page.title = escaped(page.title)
        # The header and footer are HTML: added to the rendered page, Markdown never parses them.
        document = self._document(page)
        if document is None:
            return html
        blocks = self.worker.take(page.file.src_uri) or self._blocks(page.file, document, files, config)
        return page_html(html, blocks)

    def _rendering(self):
        if self.publication is None or self.rendering is None:
            return None
        return self.publication.handbook, self.rendering

    def _blocks(self, file: File, document: Document, files: Files, config: MkDocsConfig) -> PageBlocks:
        view = DocumentView(document, self.publication.handbook, self.history,
                            _address(file, ChainMap(files.src_uris, self.standalone), config, document))
        return page_blocks(view)

    def _document(self, page: Page) -> Document | None:
        entry = self.documents.get(page.file.src_uri)
        if self.publication is None or entry is None or entry[0] is not page.file:
            return None
        return entry[1]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.serving and self.pending is not None:
            if self.last is not None:
                remove_stale_outputs(self.last, self.files, config.site_dir)
            self.last, self.pending, self.files = self.pending, None, None
        if self.publication is None:
            return
        if not self.serving:
            summary = self.worker.finish()
            if summary:
                log.info(summary)
            # The service worker's build id covers every other file; the gate reads its files too.
            offline.write(self.publication.handbook, config, self.config, serving=False)
            self._final_gate(config)
        else:
            save_caches(self.publication.handbook)
            if self.config.search:
                # While previewing, the edited page is served as soon as the build ends.
                self.search.start(self.publication.handbook, list(self.documents.values()), config.site_dir)
                write_engine(config.site_dir)
            offline.write(self.publication.handbook, config, self.config, serving=True)

    def _final_gate(self, config: MkDocsConfig) -> None:
        """Every published byte is read for personal identity numbers; a hit fails the
        build, even a non-strict one, and the files holding one are removed from the
        site folder, so that no later step can publish them. (A preview under
        `mkdocs serve` is not published and not read.)"""
        site = Path(config.site_dir)
        self._leak_gate(config)
        report = scan_site(site, self.theme_files, page_sources=self.page_sources, readable=readable,
                           memo=self.publication.handbook.settings.root
                           / NUMBER_MEMO_FILE.format(publicering=self.audience.value))
        if not report.hits:
            return
        report = scan_site(site, self.theme_files, number_sources(self._source_texts(config)), self.page_sources,
                           readable)
        raise PluginError(withdraw(config.site_dir, report))

    def _leak_gate(self, config: MkDocsConfig) -> None:
        """Nothing of a withheld document may be in the built site: its id, title,
        headings or sentences in any file or file name fail the build, and those files
        are removed from the site folder (publishing.leak_gate)."""
        leaks = gate_site(self.publication, Path(config.docs_dir), Path(config.site_dir), self.theme_files)
        if not leaks:
            if self.publication.withheld_documents:
                log.info(f"Läckspärren: inget av de {len(self.publication.withheld_documents)} dokument som inte "
                         f"publiceras finns i webbplatsens filer.")
            return
        raise PluginError(withdraw_leaks(Path(config.site_dir), leaks, self.audience.label))

    def _source_texts(self, config: MkDocsConfig):
        """(name, text) of everything a published number can come from: the documents,
        the hand-written pages, the settings and registries, every change's author and
        message. Read only when the gate has found a number."""
        handbook = self.publication.handbook
        settings = handbook.settings
        paths = [settings.root / document.path for document in handbook.documents]
        paths += sorted(Path(config.docs_dir).rglob("*.md")) + sorted(settings.content_root.rglob("*.y*ml"))
        paths.append(settings.root / SETTINGS_FILE)
        for path in paths:
            try:
                yield path.relative_to(settings.root).as_posix(), path.read_text(encoding="utf-8", errors="replace")
            except (OSError, ValueError):
                continue
        for document in handbook.documents:
            for change in self.history.changes(document.path):
                yield (f"Git-incheckning {change.commit[:10]} ({document.path})",
                       f"{change.author}\n{change.message}")

    def on_build_error(self, *, error: Exception) -> None:
        # The site folder is in an unknown state: the next rebuild redoes every page of ours.
        self.last = self.pending = self.files = None
        self.search.forget()
        self.worker.cancel()

    def on_template_context(self, context, /, *, template_name: str, config: MkDocsConfig):
        if template_name == "404.html" and self.publication is not None:
            context["qms_not_found_contact"] = not_found_contact(self.publication.handbook.settings.contact)
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        return compact_html(output) if self.config.enabled else output

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        if self.publication is not None:
            settings = self.publication.handbook.settings
            # qms.yml and extra regulation data usually sit outside the content folder.
            for path in (settings.content_root, settings.root / SETTINGS_FILE,
                         *(settings.root / file for file in settings.regulation_files)):
                if path.exists():
                    server.watch(str(path))
        return server


def _log_findings(publication: Publication) -> None:
    """Errors as warnings, so `mkdocs build --strict` fails on them; warnings as info."""
    for finding in publication.findings:
        message = _finding_line(finding)
        if finding.severity is Severity.ERROR:
            log.warning(message)
        else:
            log.info(message)
    if publication.rejected:
        log.warning(f"{len(publication.rejected)} dokument publiceras inte eftersom de har fel: "
                    f"{', '.join(sorted(publication.rejected))}. Se sidan {unpublished.SRC_URI}.")


def page_metadata(document: Document) -> dict:
    """The page's metadata: the front-matter as qms read it, with the title qms uses."""
    metadata = dict(document.front_matter)
    if "title" in metadata:
        metadata["title"] = document.title
    return metadata


def _finding_line(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}: [{finding.rule}] {finding.message}"


def _add(files: Files, file: File, origin: str) -> bool:
    """Add a file unless a hand-written page already has its address."""
    if _taken(files, file.src_uri, origin):
        return False
    files.append(file)
    return True


def _taken(files: Files, src_uri: str, origin: str | None = None) -> bool:
    """Whether a hand-written page already has this address: it wins, and the clash is
    logged, never silently resolved."""
    if files.get_file_from_path(src_uri) is None:
        return False
    log.warning(f"{origin or src_uri} publiceras inte: sidan {src_uri} finns redan i docs_dir. "
                f"Byt namn på en av dem.")
    return True


def _address(page_file: File, files: Mapping[str, File], config: MkDocsConfig, document: Document) -> PageAddress:
    """How the page of ``page_file`` links to others, from the files by site path alone
    (the worker makes the blocks before MkDocs has made the page)."""
    def resolve(target: str) -> str | None:
        src_uri, _, anchor = target.partition("#")
        # Targets are site paths the core made (posix, normalised): a plain lookup, not
        # get_file_from_path's path parsing, which cost a third of this hook.
        file = files.get(src_uri)
        if file is None:
            return None
        href = file.url_relative_to(page_file)
        return f"{href}#{anchor}" if anchor else href

    page_url = _canonical_url(config.site_url, page_file)
    print_url = page_url
    if config.site_url and document.id and f"d/{document.id}/index.html" in files:
        print_url = urljoin(config.site_url, f"d/{document.id}/")
    return PageAddress(resolve, page_url, print_url)


def _canonical_url(site_url: str | None, file: File) -> str | None:
    """The page's full address, as MkDocs gives it (``Page.canonical_url``)."""
    if not site_url:
        return None
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", file.url)
