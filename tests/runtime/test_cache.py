"""The cache files under .cache/qms/: what is written is read back, anything else is None."""

from __future__ import annotations

import gzip

import pytest
from conftest import git

from qms_tools.runtime import cache


@pytest.mark.parametrize("name", ["data.json", "data.json.gz"])
def test_written_fields_are_read_back_by_the_same_version_only(tmp_path, name):
    file = tmp_path / "deeper" / name
    cache.write(file, "v1", head="abc", items=[["å", 1]])
    assert cache.read(file, "v1") == {"version": "v1", "head": "abc", "items": [["å", 1]]}
    assert cache.read(file, "v2") is None
    assert sorted(path.name for path in file.parent.iterdir()) == [".gitignore", name]  # no temporary file left


def test_the_cache_folder_is_never_committed(tmp_path):
    git(tmp_path, "init", "-q")
    cache.write(tmp_path / ".cache" / "qms" / "data.json", "v1", x=1)
    assert git(tmp_path, "status", "--porcelain", "--untracked-files=all") == ""


@pytest.mark.parametrize("content", [b"", b"not json", b"[1, 2]", b"{\"version\": 1}", b"[" * 100_000,
                                     b"\xff\xfe\x00", gzip.compress(b"{\"version\": \"v1\"}")[:-9]])
def test_missing_damaged_or_foreign_files_read_as_nothing(tmp_path, content):
    assert cache.read(tmp_path / "missing.json", "v1") is None
    for name in ("data.json", "data.json.gz"):
        (tmp_path / name).write_bytes(content)
        assert cache.read(tmp_path / name, "v1") is None


def test_damaged_gzip_stream_reads_as_nothing(tmp_path):
    compressed = bytearray(gzip.compress(b"{\"version\": \"v1\", \"x\": \"" + b"a" * 5000 + b"\"}"))
    compressed[20:40] = b"\x00" * 20
    file = tmp_path / "data.json.gz"
    file.write_bytes(bytes(compressed))
    assert cache.read(file, "v1") is None


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    cache.write(blocker / "qms" / "data.json", "v1", x=1)
    assert cache.read(blocker / "qms" / "data.json", "v1") is None


def test_a_file_memo_remembers_clean_files_by_path_and_bytes_for_one_context(tmp_path):
    file = tmp_path / "memo.json.gz"
    first = cache.FileMemo(file, "v1", "samma fingeravtryck")
    clean, hit = first.key("a.html", b"<p>ren</p>"), first.key("b.html", "<p>träff</p>".encode())
    assert not first.known(clean) and not first.known(hit)
    first.clean(clean)  # the check found nothing in a.html; b.html it found something in
    first.save()
    again = cache.FileMemo(file, "v1", "samma fingeravtryck")
    assert again.known(again.key("a.html", b"<p>ren</p>"))
    assert not again.known(again.key("b.html", b"<p>tr\xc3\xa4ff</p>"))  # a hit is never remembered
    assert not again.known(again.key("a.html", b"<p>ren.</p>"))  # one byte more: read again
    assert not again.known(again.key("c.html", b"<p>ren</p>"))  # same bytes, another path
    again.save()  # keeps what it saw clean again
    assert cache.FileMemo(file, "v1", "samma fingeravtryck").known(clean)
    assert not cache.FileMemo(file, "v1", "andra fingeravtryck").known(clean)
    assert not cache.FileMemo(file, "v2", "samma fingeravtryck").known(clean)

