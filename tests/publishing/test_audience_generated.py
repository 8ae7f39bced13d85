"""Both sites from a generated handbook (benchmarks/generate_handbook.py, with its Git
history): every fifth routine made internal, the public and the internal site built
strictly, each gate satisfied, and each site holding exactly its audience's documents."""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest

from conftest import REPOSITORY, git
from site_safety import MKDOCS_YML

if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from benchmarks import generate_handbook as generator  # noqa: E402
from qms_tools.check.run import check_project  # noqa: E402
from qms_tools.handbook.audience import Audience, for_audience  # noqa: E402
from qms_tools.publishing.static_site import page_url  # noqa: E402

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return generated_with_internal_routines(tmp_path_factory.mktemp("generated") / "handbok")


def generated_with_internal_routines(out):
    generator.generate(out, 60, 40, seed=11)
    (out / "docs/index.md").unlink(missing_ok=True)  # the start page is the handbook's own
    routines = sorted(out.glob("processes/**/*.md"))
    texts = {path: path.read_text(encoding="utf-8") for path in routines}
    made_internal = []
    for number, path in enumerate(routines):
        text = texts[path]
        document_id = re.search(r"\nid: (\S+)\n", text).group(1)
        # An editor who makes a routine internal also stops naming its id in public text
        # (the gate would fail the build otherwise: test_leak_gate); activities may name it.
        named = any(document_id in other.partition("\n---\n")[2] for other_path, other in texts.items()
                    if other_path != path)
        if number % 4 or "\ntype: rutin\n" not in text or named:
            continue
        path.write_text(re.sub(r"\nstatus: ([^\n]*)\n", r"\nstatus: \1\npublicering: intern\n", text, count=1),
                        encoding="utf-8")
        made_internal.append(path)
    assert len(made_internal) >= 3
    (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")  # the sample's site, with the qms plugin
    git(out, "add", "-A")
    git(out, "commit", "-q", "-m", "Några rutiner blir interna")
    return out


@pytest.mark.parametrize("audience", ["offentlig", "intern"])
def test_each_site_of_a_generated_handbook_has_its_documents_and_passes_its_gate(generated, audience):
    from mkdocs_plugin.test_build import build_site

    built = build_site(generated, generated / f"site-{audience}", strict=True, publicering=audience)
    assert not built.aborted, built.messages(40) + built.messages(30)
    handbook = for_audience(check_project(generated, TODAY).handbook, Audience(audience))
    assert any("Läckspärren: inget av de" in message for message in built.messages(20))
    internal = [document for document in check_project(generated, TODAY).handbook.documents
                if document.publicering and document.publicering.value == "intern"]
    for document in handbook.documents:
        assert (built.site / page_url(document.content_path) / "index.html").is_file()
    for content_path in handbook.withheld:
        assert not (built.site / content_path.removesuffix(".md")).exists()
    shown = {document.path for document in handbook.documents}
    if audience == "offentlig":
        assert internal and not shown & {document.path for document in internal}
        assert not any((built.site / "d" / document.id).exists() for document in internal)
    else:
        assert {document.path for document in internal if document.status.value != "utkast"} <= shown
