"""An id the loader reads is an id of the history: written in any way the YAML reader
accepts, a deleted document keeps its permanent link, `qms check` reports it gone
(``id.vanished``) and ``qms new`` never hands it out again. On real git repositories."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import git, write

from qms_tools.check.run import check_project
from qms_tools.handbook.history import id_and_title, read_history
from qms_tools.lifecycle.new_document import next_id
from qms_tools.handbook.vocabulary import DocumentType
from qms_tools.publishing.permalinks import Kind, permalinks

TODAY = dt.date(2026, 11, 22)
BODY = "\n# Rutin för {title}\n\nText.\n"

# Each is read by the loader (the test checks that first); the regular expressions the
# history used before missed every one of them.
WRITINGS = {
    "crlf": "---\r\nid: RUT-T-002\r\ntype: rutin\r\n---\r\n# Rutin för crlf\r\n",
    "bom": "\ufeff---\nid: RUT-T-002\ntype: rutin\n---" + BODY.format(title="bom"),
    "comment": "---\nid: RUT-T-002  # permanent, se QR-affischen\ntype: rutin\n---" + BODY.format(title="comment"),
    "quoted key": "---\n\"id\": RUT-T-002\n'type': rutin\n---" + BODY.format(title="quoted key"),
    "flow mapping": "---\n{id: RUT-T-002, type: rutin}\n---" + BODY.format(title="flow mapping"),
}


def other(document_id: str, title: str) -> str:
    return f"---\nid: {document_id}\ntype: rutin\n---\n# {title}\n"


def handbook_with_deleted(root, writing: str) -> None:
    write(root / "qms.yml", "content_dir: processes\n")
    write(root / ".gitignore", ".cache/\n")
    write(root / "processes" / "kvar.md", other("RUT-T-001", "Rutin som finns kvar"))
    write(root / "processes" / "borttagen.md", writing.encode("utf-8"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Första versionen")


@pytest.mark.parametrize("name", WRITINGS)
def test_an_id_written_any_way_the_loader_reads_outlives_its_file(tmp_path, name):
    handbook_with_deleted(tmp_path, WRITINGS[name])
    loaded = check_project(tmp_path, TODAY)
    assert {document.id for document in loaded.handbook.documents} == {"RUT-T-001", "RUT-T-002"}
    git(tmp_path, "rm", "-q", "processes/borttagen.md")
    git(tmp_path, "commit", "-q", "-m", "Ta bort rutinen")

    for use_cache in (False, True, True):  # read afresh, then kept, then from what was kept
        published = read_history(tmp_path, "processes", use_cache=use_cache).ids["RUT-T-002"]
        assert (published.title, published.path) == (f"Rutin för {name}", "processes/borttagen.md")
        assert published.deleted_lineages == ["processes/borttagen.md"]

    result = check_project(tmp_path, TODAY)
    (vanished,) = [finding for finding in result.findings if finding.rule == "id.vanished"]
    assert "RUT-T-002" in vanished.message and f"Rutin för {name}" in vanished.message
    links = {link.id: link for link in permalinks(result.handbook)}
    assert links["RUT-T-002"].kind is Kind.GONE
    assert links["RUT-T-002"].title == f"Rutin för {name}"
    assert next_id(result.handbook, DocumentType.ROUTINE, "T", result.handbook.history.ids) == "RUT-T-003"


def test_a_version_is_read_as_the_loader_reads_it():
    assert id_and_title(b"---\nid: RUT-A-001\ntitle: >-\n  Vikt\n  titel\n---\n# Rubrik\n") == (
        "RUT-A-001", "Vikt titel")  # a folded title, not '>-'
    assert id_and_title(b"---\nid: RUT-A-001\n---\n```\n# Inte en rubrik\n```\n# Rubriken\n") == (
        "RUT-A-001", "Rubriken")  # a heading in a code fence is no title
    assert id_and_title(b"---\nid: 'RUT-A-001'\ntitle: 12\n---\n") == ("RUT-A-001", "12")
    assert id_and_title(b"---\nid: [RUT-A-001]\n---\n") == (None, None)  # no id the loader takes
    assert id_and_title(b"---\nid: RUT-A-001\n") == (None, None)  # front-matter that never ends
    assert id_and_title("---\nid: RUT-A-001\n---\n# Å\n".encode("utf-16")) == (None, None)
