"""Search for the published handbook, as plain Python: what is indexed for each document,
Swedish stems, compound parts and synonyms, and the static index the browser reads."""

from .index import IndexedPage, IndexSummary, build_index
from .synonyms import SynonymTable, read_synonyms

__all__ = ["IndexedPage", "IndexSummary", "SynonymTable", "build_index", "read_synonyms"]
