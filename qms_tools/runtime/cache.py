"""Files under the project's ``.cache/qms/`` that spare the next run work it has done
before (QR codes, the Git history). Each is safe to delete, like Material's social
cards: a missing, damaged or outdated file is simply made again, never an error.

A file holds one JSON object with the ``version`` of what wrote it; a reader passes the
version it understands and gets nothing back from any other. Files ending in ``.gz``
are compressed. The folder ignores itself in Git, as pytest's and mypy's caches do.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any


def read(file: Path, version: str) -> dict[str, Any] | None:
    """The fields saved in ``file`` by ``write`` with this ``version``, or None."""
    try:
        raw = file.read_bytes()
        stored = json.loads(gzip.decompress(raw) if file.suffix == ".gz" else raw)
    except (OSError, EOFError, ValueError, zlib.error, RecursionError):
        return None
    if not isinstance(stored, dict) or stored.get("version") != version:
        return None
    return stored


def write(file: Path, version: str, **fields: Any) -> None:
    """Replace ``file`` in one step, so that a reader, or a build running beside this
    one, sees the old file or the new one and never half of it."""
    text = json.dumps({"version": version, **fields}, ensure_ascii=False, separators=(",", ":"))
    payload = gzip.compress(text.encode("utf-8"), compresslevel=5, mtime=0) if file.suffix == ".gz" \
        else text.encode("utf-8")
    temporary = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        ignore = file.parent / ".gitignore"
        if not ignore.exists():
            # Never committed, even where the project's .gitignore does not name .cache/.
            ignore.write_text("*\n", encoding="utf-8")
        temporary.write_bytes(payload)
        os.replace(temporary, file)
    except OSError:
        # A read-only checkout works as well, only without the head start next time.
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The package's own Python source, hashed: what a cache of the package's decisions
    is valid for. Any change to the code decides everything again (about 5 ms)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:16]


class FileMemo:
    """Which files a check found clean, by their path and bytes (SHA-256), kept in
    ``file`` for one ``context`` (what the check looked for) and ``version`` (its code),
    so that the next run reads only the files that changed. A file the check found
    something in is never remembered: it is read, and reported, every time."""

    def __init__(self, file: Path | None, version: str, context: str):
        self.file, self.version, self.context = file, version, context
        stored = read(file, version) if file is not None else None
        self._known = set(stored.get("clean", [])) if stored and stored.get("context") == context else set()
        self._clean: list[str] = []

    def key(self, path: str, data: bytes) -> str:
        return hashlib.sha256(path.encode("utf-8") + b"\0" + data).hexdigest()[:32] if self.file else ""

    def known(self, key: str) -> bool:
        """Whether the file of ``key`` was found clean before (and is then kept)."""
        if key and key in self._known:
            self._clean.append(key)
            return True
        return False

    def clean(self, key: str) -> None:
        if key:
            self._clean.append(key)

    def save(self) -> None:
        if self.file is not None:
            write(self.file, self.version, context=self.context, clean=sorted(self._clean))
