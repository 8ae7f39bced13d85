"""Writing the files of a handbook, with a Swedish answer when the system says no.

`qms fix`, `qms reviewed`, `qms new` and `qms codeowners` write into the editor's
repository, where a file may be read-only, a folder locked or the disk full. The editor
gets one line naming the file and what to do, never a traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path

from qms_tools.handbook.settings import ProjectError

_REASONS = {
    errno.EACCES: "{access}behörighet saknas (filen eller mappen är skyddad)",
    errno.EPERM: "{access}behörighet saknas (filen eller mappen är skyddad eller låst)",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "diskkvoten är slut",
    errno.ENOENT: "mappen finns inte",
    errno.EISDIR: "det är en mapp",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
    errno.EEXIST: "filen finns redan",
}


def reason(error: OSError, access: str = "skriv") -> str:
    """What went wrong, in Swedish; ``access`` is "skriv" or "läs"."""
    known = _REASONS.get(error.errno or 0)
    if known:
        return known.format(access=access)
    return f"felkod {errno.errorcode.get(error.errno or 0, error.errno)}"


def write_failure(shown: str, error: OSError) -> str:
    return (f"{shown} kunde inte skrivas: {reason(error)}. Kontrollera att filen och mappen går att skriva i "
            f"(inte skrivskyddade eller öppna i ett annat program) och försök igen.")


def write_bytes(file: Path, data: bytes, shown: str) -> None:
    """Write ``data`` to ``file``; ``shown`` names it in the message (project-relative)."""
    try:
        file.write_bytes(data)
    except OSError as error:
        raise ProjectError(write_failure(shown, error)) from None


def read_bytes(file: Path, shown: str) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise ProjectError(f"{shown} kunde inte läsas: {reason(error, 'läs')}. Kontrollera behörigheterna på "
                           f"filen.") from None


def file_failure(error: OSError) -> str:
    """A file operation the system refused, for any command: the file and the reason."""
    shown = error.filename if error.filename is not None else "en fil"
    return (f"{shown} gick inte att läsa eller skriva: {reason(error, access='')}. Kontrollera sökvägen och "
            f"att filen och mappen går att skriva i, och försök igen.")
