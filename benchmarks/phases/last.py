"""Build phase timer, part two: runs after every plugin at each event, and writes the
phases as JSON to $QMS_BENCHMARK_PHASES at the end of the build."""

from __future__ import annotations

import json
import os
import resource
from pathlib import Path

from benchmark_phase_clock import SECONDS, begin, end
from mkdocs.plugins import event_priority


@event_priority(-100)
def on_config(config):
    end("plugins: on_config")


@event_priority(-100)
def on_files(files, config):
    end("plugins: on_files")


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    end("plugins: on_page_markdown")
    begin("Markdown to HTML")


@event_priority(-100)
def on_page_content(html, page, config, files):
    end("plugins: on_page_content")


@event_priority(-100)
def on_page_context(context, page, config, nav):
    end("plugins: on_page_context")
    begin("theme templates")


@event_priority(-100)
def on_post_page(output, page, config):
    end("plugins: on_post_page")
    begin("writing pages")


@event_priority(-100)
def on_post_build(config):
    end("plugins: on_post_build")
    target = os.environ.get("QMS_BENCHMARK_PHASES")
    if target:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        Path(target).write_text(json.dumps({**SECONDS, "process": usage.ru_utime + usage.ru_stime}),
                                encoding="utf-8")
