"""The handbook without a connection, adapted to MkDocs (issue 25): the page with the
save control, the page script only where offline use is on, and the manifest, icons and
service worker written once every other file of the site is (qms_tools.publishing.offline)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from qms_tools.handbook.model import Handbook
from qms_tools.mkdocs_plugin.config import QmsConfig
from qms_tools.publishing import offline

PAGE_SCRIPT = "offline.js"
"""The theme's page script (qms_tools/theme/offline.js), which registers sw.js."""


def configure(config: MkDocsConfig, options: QmsConfig) -> None:
    """Without offline use, no page loads the script that would register a worker."""
    if not options.offline:
        config.extra_javascript[:] = [script for script in config.extra_javascript if str(script) != PAGE_SCRIPT]


def page(config: MkDocsConfig, options: QmsConfig, file_type: type[File] = File) -> File | None:
    if not options.offline:
        return None
    markdown = offline.page_markdown(offline.budget_bytes(options.offline_budget))
    return file_type.generated(config, offline.PAGE_SRC_URI, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)


def write(handbook: Handbook, config: MkDocsConfig, options: QmsConfig, serving: bool) -> str | None:
    if not options.offline:
        return None
    return offline.write_site_files(handbook, Path(config.site_dir), site_name=config.site_name,
                                    description=config.site_description or "",
                                    budget=offline.budget_bytes(options.offline_budget),
                                    use_directory_urls=config.use_directory_urls,
                                    build=offline.preview_build_id() if serving else None)
