"""Build phase timer, part one (MkDocs hooks, see benchmarks/run.py): runs before every
plugin at each event. CPU seconds of the build process, per phase, summed over pages."""

from __future__ import annotations

from benchmark_phase_clock import begin, end
from mkdocs.plugins import event_priority


@event_priority(100)
def on_config(config):
    begin("plugins: on_config")


@event_priority(100)
def on_files(files, config):
    begin("plugins: on_files")


@event_priority(100)
def on_pre_page(page, config, files):
    begin("reading pages")


@event_priority(100)
def on_page_markdown(markdown, page, config, files):
    end("reading pages")
    begin("plugins: on_page_markdown")


@event_priority(100)
def on_page_content(html, page, config, files):
    end("Markdown to HTML")
    begin("plugins: on_page_content")


@event_priority(100)
def on_page_context(context, page, config, nav):
    end("writing pages")
    begin("plugins: on_page_context")


@event_priority(100)
def on_post_page(output, page, config):
    end("theme templates")
    begin("plugins: on_post_page")


@event_priority(100)
def on_post_build(config):
    end("writing pages")
    begin("plugins: on_post_build")
