"""The final gate reads the search index as text, not its base-64 numbers.

Postings and filter lists are numbers written in an alphabet that starts with the ten
digits; a run of them can have a personal identity number's shape and check digit by
chance (one stopped a build at 1,500 generated documents). The words in the index are
still read: a number written in a document reaches the index as a term and is found.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qms_tools.mkdocs_plugin.search import readable
from qms_tools.publishing.safety import scan_site
from qms_tools.publishing.search.index import encode_documents, encode_postings

CHANCE = [(8, 1, 1), (10, 1, 8), (19, 8, 7), (25, 10, 10)]
"""Postings whose encoding is 8112189876AA: a valid number (811218-9876) by chance."""


def _site(tmp_path, shard: str, filters: str = ""):
    (tmp_path / "search" / "t").mkdir(parents=True)
    (tmp_path / "search" / "f").mkdir()
    (tmp_path / "search" / "t" / "0.txt").write_text(shard, encoding="utf-8")
    (tmp_path / "search" / "f" / "enhet-0.txt").write_text(filters, encoding="utf-8")
    return tmp_path


def test_numbers_encoded_by_chance_do_not_stop_the_build(tmp_path):
    site = _site(tmp_path, f"ord\t4\t{encode_postings(CHANCE)}", encode_documents([811218, 811218 + 9876]))
    assert scan_site(site).hits, "the encoding must hold a number-shaped run, or this test proves nothing"
    assert scan_site(site, readable=readable).hits == []


def test_a_number_among_the_terms_is_still_found(tmp_path):
    site = _site(tmp_path, "ord\t1\tA1\n8112189876\t1\tB1")
    hits = scan_site(site, readable=readable).hits
    assert [(path, masked) for path, masked, _ in hits] == [("search/t/0.txt", "811218****")]


def test_the_gates_memo_reads_only_changed_files_and_never_hides_a_number(tmp_path, monkeypatch):
    """A deploy reads again only the files whose path or bytes changed: a number planted
    in a file remembered as clean is found, and a file with a number is reported on every
    run, never remembered."""
    from qms_tools.publishing import safety

    site, memo = tmp_path / "site", tmp_path / "cache" / "personnummerspar.json.gz"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<p>Ring enhetschefen.</p>", encoding="utf-8")
    (site / "b.html").write_text("<p>Anmälan för 811218-9876 saknas.</p>", encoding="utf-8")
    read = []
    real = safety.find_in_published
    monkeypatch.setattr(safety, "find_in_published", lambda text: read.append(text) or real(text))
    assert [path for path, _, _ in scan_site(site, memo=memo).hits] == ["b.html"]
    assert len(read) == 2
    assert [path for path, _, _ in scan_site(site, memo=memo).hits] == ["b.html"]
    assert len(read) == 3  # only b.html, which held a number, was read again
    (site / "a" / "index.html").write_text("<p>Ring enhetschefen, 811218-9876.</p>", encoding="utf-8")
    assert sorted(path for path, _, _ in scan_site(site, memo=memo).hits) == ["a/index.html", "b.html"]


def test_files_outside_the_index_are_read_whole(tmp_path):
    (tmp_path / "sida").mkdir()
    (tmp_path / "sida" / "index.html").write_text("<p>ord\t4\t8112189876AA</p>", encoding="utf-8")
    assert [masked for _, masked, _ in scan_site(tmp_path, readable=readable).hits] == ["811218****"]


@settings(max_examples=200)
@given(st.lists(st.tuples(st.text("abcåäö0123456789", min_size=1, max_size=12), st.integers(1, 999),
                          st.text("0123456789ABCxyz-_", max_size=30)), max_size=8))
def test_a_shard_line_reads_as_its_term_and_count(lines):
    shard = "\n".join(f"{term}\t{count}\t{postings}" for term, count, postings in lines)
    assert readable("search/t/3.txt", shard) == "\n".join(f"{term}\t{count}" for term, count, _ in lines)
