"""ProperDocs, the continuation of MkDocs 1.x, builds the sample handbook and passes the
plugin's tests.

ProperDocs installs beside MkDocs (its own package, module and command) and loads
plugins and themes registered for MkDocs; its ``properdocs`` command redirects every
``mkdocs.*`` import to ``properdocs.*``. Both tests therefore run in a fresh interpreter,
so that the MkDocs the rest of the suite imports is never replaced in this one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPOSITORY, TODAY, service_worker_build

HERE = Path(__file__).resolve().parent


def _require_properdocs() -> None:
    if importlib.util.find_spec("properdocs") is None:
        message = "properdocs saknas: installera testberoendena (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _environment() -> dict[str, str]:
    return {**os.environ, "QMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def test_properdocs_builds_the_sample_handbook_strictly(properdocs_site):
    site = properdocs_site
    start = (site / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs' in start  # ProperDocs built it, not MkDocs
    routine = (site / "barn-och-unga/orosanmalan/index.html").read_text(encoding="utf-8")
    assert 'data-document-id="RUT-BOU-001"' in routine and "Ändringshistorik" in routine
    assert (site / "register/index.html").is_file() and (site / "search/index.json").is_file()
    assert (site / "d/RUT-BOU-001/index.html").is_file()


GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')
CONTENTS = "offline/innehall.json"


def test_properdocs_and_mkdocs_build_the_same_site(properdocs_site, sample_build):
    """Byte for byte, once each page's generator tag is set aside and the service
    worker's build id (a hash over every page, tags included) is read as one value."""
    mkdocs_site = sample_build.site
    files = sorted(path.relative_to(mkdocs_site).as_posix() for path in mkdocs_site.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(properdocs_site).as_posix() for path in properdocs_site.rglob("*")
                           if path.is_file())
    ids = [service_worker_build(site).encode() for site in (mkdocs_site, properdocs_site)]
    differing = []
    for name in files:
        if name == CONTENTS:
            continue
        left, right = ((site / name).read_bytes() for site in (mkdocs_site, properdocs_site))
        left, right = (GENERATOR_TAG.sub(b"", data).replace(build, b"BUILD") for data, build in zip((left, right), ids))
        if left != right:
            differing.append(name)
    assert differing == []
    assert len(files) > 500
    # The offline contents list gives each page's size: larger by the longer tag, no more.
    tags = [GENERATOR_TAG.search((site / "index.html").read_bytes()).group(0) for site in (mkdocs_site, properdocs_site)]
    left, right = (json.loads((site / CONTENTS).read_text(encoding="utf-8")) for site in (mkdocs_site, properdocs_site))
    assert [size + len(tags[1]) - len(tags[0]) for size in left.pop("sizes")] == right.pop("sizes")
    for contents in (left, right):  # the build id, and sums of the sizes
        contents.pop("build"), contents.pop("shell")
        for group in contents["groups"]:
            group.pop("bytes")
    assert left == right


PLUGIN_TESTS_UNDER_PROPERDOCS = """
import sys
import properdocs.replacement  # what the properdocs command does first: mkdocs.* -> properdocs.*
import mkdocs
assert mkdocs.__name__ == "properdocs", mkdocs.__name__
import pytest
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "--ignore", sys.argv[2], sys.argv[1]]))
"""


def test_the_plugin_tests_pass_under_properdocs():
    _require_properdocs()
    done = subprocess.run([sys.executable, "-c", PLUGIN_TESTS_UNDER_PROPERDOCS, str(HERE), __file__],
                          cwd=REPOSITORY, env=_environment(), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and " skipped" not in done.stdout, done.stdout[-2000:]
