"""Attachments: the files of the content folder that are neither documents nor settings,
and which of them the site may publish.

Published files are served from the handbook's own origin, so a file a browser runs
(HTML, SVG, XML with a stylesheet) would run with the site's rights. Only what a handbook
needs is published, by allowlist, and each file must start the way its type does (a
``.png`` that is really HTML is refused):

- PDF: forms and signed governing documents;
- raster images (PNG, JPEG, GIF, WebP): photos, screenshots, exported diagrams;
- office documents in the current XML formats (Word, Excel, PowerPoint, OpenDocument):
  templates (mallar) staff fill in. The macro-enabled variants (``.docm`` …) and the
  legacy binary formats (``.doc``, ``.xls``, ``.ppt``) can carry macros and are refused:
  save them as ``.docx``/``.xlsx``/``.pptx``.

SVG is refused rather than sanitised: it is a document format that runs script on the
site's origin, and a diagram exported as PNG or PDF serves the reader as well.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

NOT_ATTACHMENTS = (".md", ".yml", ".yaml")
"""Markdown is published as documents; YAML is configuration, never published."""

_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04",)
ALLOWED = {
    ".pdf": ("PDF", _PDF),
    ".png": ("PNG-bild", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("JPEG-bild", (b"\xff\xd8\xff",)),
    ".jpeg": ("JPEG-bild", (b"\xff\xd8\xff",)),
    ".gif": ("GIF-bild", (b"GIF87a", b"GIF89a")),
    ".webp": ("WebP-bild", (b"RIFF",)),
    ".docx": ("Word-dokument", _ZIP),
    ".xlsx": ("Excel-dokument", _ZIP),
    ".pptx": ("PowerPoint-dokument", _ZIP),
    ".odt": ("OpenDocument-text", _ZIP),
    ".ods": ("OpenDocument-kalkyl", _ZIP),
    ".odp": ("OpenDocument-presentation", _ZIP),
}
_REASONS = {
    ".html": "HTML-filer publiceras inte: de kan köra kod på handbokens webbplats. Skriv innehållet som ett "
             "Markdown-dokument i stället.",
    ".svg": "SVG-bilder publiceras inte: de kan köra kod på handbokens webbplats. Spara bilden som PNG "
            "(eller diagrammet som PDF) och länka till den.",
    ".doc": "Word-filer i det gamla formatet (.doc) kan innehålla makron. Spara filen som .docx.",
    ".xls": "Excel-filer i det gamla formatet (.xls) kan innehålla makron. Spara filen som .xlsx.",
    ".ppt": "PowerPoint-filer i det gamla formatet (.ppt) kan innehålla makron. Spara filen som .pptx.",
}
for _suffix in (".htm", ".xhtml", ".shtml", ".xht"):
    _REASONS[_suffix] = _REASONS[".html"]
_REASONS[".svgz"] = _REASONS[".svg"]
for _suffix in (".docm", ".dotm", ".xlsm", ".xltm", ".pptm", ".potm"):
    _REASONS[_suffix] = "Filer med makron publiceras inte. Spara filen utan makron (.docx, .xlsx eller .pptx)."


@dataclass(frozen=True)
class Attachment:
    path: str
    """Relative to the content folder, POSIX style: the site path."""
    refusal: str | None = None
    """Why it is not published (Swedish, for the editor), or None when it is."""


def read_attachments(content_root: Path) -> list[Attachment]:
    """Every attachment of the content folder, sorted, each with its verdict. Hidden
    files are left out; symbolic links are not followed out of the folder."""
    found = []
    for directory, subdirectories, names in os.walk(content_root, followlinks=False):
        subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
        for name in sorted(names):
            file = Path(directory) / name
            if name.startswith(".") or name.lower().endswith(NOT_ATTACHMENTS) or file.is_symlink():
                continue
            found.append(Attachment(file.relative_to(content_root).as_posix(), _refusal(file)))
    return found


def _refusal(file: Path) -> str | None:
    suffix = file.suffix.lower()
    allowed = ALLOWED.get(suffix)
    if allowed is None:
        return _REASONS.get(suffix, f"Filtypen '{suffix or file.name}' publiceras inte. Bilagor får vara PDF, "
                                    f"bilder (PNG, JPEG, GIF, WebP) eller Office-dokument (.docx, .xlsx, .pptx, "
                                    f".odt, .ods, .odp).")
    kind, signatures = allowed
    try:
        with file.open("rb") as stream:
            head = stream.read(16)
    except OSError as error:
        return f"Filen kunde inte läsas ({error.strerror or error})."
    if not head.startswith(signatures) or (suffix == ".webp" and head[8:12] != b"WEBP"):
        return (f"Filen heter {suffix} men är ingen {kind}: innehållet börjar inte som en sådan fil. Spara den i "
                f"rätt format eller byt filändelse.")
    return None
