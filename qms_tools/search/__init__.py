"""Search for the published handbook, as plain Python: what is indexed for each document,
Swedish stems, compound parts and synonyms, and the static index the browser reads.

The names are imported on first use (PEP 562): `qms check` reads only the synonym list,
and need not import the index builder."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .index import IndexedPage, IndexSummary, build_index
    from .synonyms import SynonymTable, read_synonyms

_MODULE_OF = {"IndexedPage": "index", "IndexSummary": "index", "build_index": "index",
              "SynonymTable": "synonyms", "read_synonyms": "synonyms"}

__all__ = ["IndexedPage", "IndexSummary", "SynonymTable", "build_index", "read_synonyms"]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
