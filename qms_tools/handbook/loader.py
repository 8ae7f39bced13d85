"""Loading a project: settings, role registry, regulations and every document.

One bad file never stops the others: each file's problems become findings and the
loader moves on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from qms_tools.handbook.fields import FieldContext, read_fields
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.runtime.forking import Background
from qms_tools.runtime.git import GitError
from qms_tools.handbook.history import History, history_is_kept, read_history
from qms_tools.handbook.kept_structures import CACHE_FILE as STRUCTURES_FILE, KeptStructures
from qms_tools.handbook.model import Document, Handbook, ReviewPolicy
from qms_tools.handbook.organisation import load_organisation
from qms_tools.handbook.regulations import load_laws, load_regulations
from qms_tools.handbook.settings import Settings, load_settings
from qms_tools.handbook.source import SourceFile, read_source


@dataclass
class Loaded:
    handbook: Handbook
    findings: list[Finding]


def document_files(content_root: Path, root: Path) -> tuple[list[tuple[Path, str]], list[Finding]]:
    """Every ``*.md`` under the content folder, sorted, with the symlinks that leave
    the repository reported instead of followed."""
    files: list[tuple[Path, str]] = []
    findings: list[Finding] = []
    root_resolved = root.resolve()
    for directory, subdirectories, names in os.walk(content_root, followlinks=False):
        subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
        for name in subdirectories:
            # os.walk does not enter linked folders, but a site generator would publish them.
            folder = Path(directory) / name
            if folder.is_symlink():
                findings.append(Finding(folder.relative_to(root).as_posix(), 1, "file.symlink", Severity.ERROR,
                                        "Mappen är en symbolisk länk och dess dokument kontrolleras inte. Flytta "
                                        "in dokumenten i handboken och ta bort länken."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            file = Path(directory) / name
            relative = file.relative_to(root).as_posix()
            if _printable(relative) != relative:
                findings.append(Finding(_printable(relative), 1, "file.name", Severity.ERROR,
                                        "Filnamnet innehåller tecken som inte är UTF-8 eller inte syns (t.ex. å, ä "
                                        "eller ö från ett zip-arkiv från Windows) och läses inte. Döp om filen "
                                        "med små bokstäver a–ö, siffror och bindestreck."))
                continue
            if not name.endswith(".md"):
                if name.lower().endswith(MARKDOWN_SUFFIXES):
                    findings.append(Finding(relative, 1, "file.extension", Severity.ERROR,
                                            f"Filen ser ut att vara Markdown men heter inte *.md och kontrolleras "
                                            f"inte. Byt namn till {name[:name.rindex('.')]}.md."))
                continue
            if file.is_symlink():
                try:
                    outside = not file.resolve(strict=True).is_relative_to(root_resolved)
                except (OSError, RuntimeError):  # a link to a deleted file, or a loop of links
                    findings.append(Finding(relative, 1, "file.symlink", Severity.ERROR,
                                            "Filen är en symbolisk länk som inte leder till någon fil (målet är "
                                            "borttaget eller länkarna går i cirkel). Ta bort länken."))
                    continue
                if outside:
                    findings.append(Finding(relative, 1, "file.symlink-outside", Severity.ERROR,
                                            "Filen är en symbolisk länk till något utanför handboken och läses "
                                            "inte. Ersätt länken med själva dokumentet."))
                    continue
            files.append((file, relative))
    return files, findings


def _printable(path: str) -> str:
    """``path`` with what no output can show escaped (``r\\xe4ttelse.md``): bytes that are
    not UTF-8, which reach Python as lone surrogates (PEP 383), and invisible characters."""
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(character if character.isprintable() else character.encode("unicode_escape").decode("ascii")
                   for character in text)


# What a site generator treats as Markdown (MkDocs: exactly these, lower case).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: loading and checking build millions of small
    objects and no reference cycles, so each of its passes over the growing heap found
    nothing and together they took a fifth of the time (1 s of 5.5 at 10,000 documents)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_document(source: SourceFile, content_path: str, policy: ReviewPolicy, context: FieldContext,
                  structures: KeptStructures | None = None) -> tuple[Document, list[Finding]]:
    """The document of a file that was read, made from its validated fields; its body's
    Markdown structure from ``structures`` where one was kept."""
    located = source.front_matter
    values: dict = {}
    findings: list[Finding] = []
    if located is not None and isinstance(located.data, dict):
        values, findings = read_fields(source.path, located.data, located.line_of, context)
        values["front_matter"] = located.data
    structure = structures.scan(source.body) if structures is not None else None
    document = Document.read(path=source.path, content_path=content_path, body=source.body,
                             body_line=source.body_line, review_policy=policy, structure=structure, **values)
    if located is not None and isinstance(located.data, dict) and not document.title:
        findings.append(Finding(source.path, document.body_line, "title.missing", Severity.ERROR,
                                "Dokumentet saknar titel: lägg till en rubrik '# Titel' först i texten eller "
                                "'title:' i front-matter."))
    return document, findings


def load(start: Path, today: dt.date) -> Loaded:
    with loading(start, today) as pending:
        return pending.finish()


class _HistoryNotYetRead:
    """A handbook's history while ``Loading.finish`` has not been called: any use of it
    is a mistake in the caller's order of work, and says so instead of reading as no
    history."""

    def __getattr__(self, name: str):
        raise RuntimeError(f"the history was used ({name}) before Loading.finish() read it")

    def __bool__(self) -> bool:
        raise RuntimeError("the history was used before Loading.finish() read it")


@dataclass
class Loading:
    """A project whose documents are read and whose history may still be on its way."""

    handbook: Handbook
    findings: list[Finding]
    reading: Background[History]

    def finish(self) -> Loaded:
        """The project with its history, once that is read."""
        if isinstance(self.handbook.history, _HistoryNotYetRead):
            try:
                self.handbook.history = self.reading.result()
            except GitError as error:
                # E.g. "dubious ownership" in a container: check the documents without it, and say so.
                self.findings.append(Finding(
                    self.handbook.settings.content_dir, 1, "history.unreadable", Severity.WARNING,
                    f"Git-historiken kunde inte läsas ({error.reason[:300]}), så borttagna dokuments id "
                    f"kontrolleras inte. Kontrollera att git fungerar i projektmappen."))
                self.handbook.history = History()
        return Loaded(self.handbook, self.findings)


@contextlib.contextmanager
def loading(start: Path, today: dt.date) -> Iterator[Loading]:
    """``load`` in two steps, for a caller with work that does not need the history
    (``check_project``'s other rules): the documents are read when the block starts,
    while the history is read beside them, and ``finish`` waits for it; until then the
    handbook's history refuses to be used. Leaving the block stops what is not done."""
    with without_cycle_collection():
        settings, findings = load_settings(start)
        root = settings.root
        # The history is read beside the documents: git in processes of its own, and its
        # output parsed in a forked child where that is safe, so that this parsing does not
        # wait for the interpreter lock of the document reading (a thread would). Kept from
        # an earlier run it takes less than sending it back from a child would.
        with Background(read_history, root, settings.content_dir, expected=(GitError,),
                        fork=not history_is_kept(root)) as reading:
            handbook = _read_project(settings, today, findings)
            yield Loading(handbook, findings, reading)


def _read_project(settings: Settings, today: dt.date, findings: list[Finding]) -> Handbook:
    """Everything but the history, which ``Loading.finish`` adds."""
    root = settings.root
    organisation, organisation_findings = load_organisation(settings.organisation_path, settings.organisation_file)
    findings.extend(organisation_findings)
    regulations = load_regulations(settings.regulations, settings.regulation_files, root)
    laws = load_laws(settings.law_files, root)
    context = FieldContext(regulations, laws)
    policy = ReviewPolicy(today=today, due_soon_days=settings.review.due_soon_days,
                          max_interval_months=settings.review.max_interval_months,
                          interval_months=settings.review.interval_months)
    files, file_findings = document_files(settings.content_root, root)
    findings.extend(file_findings)
    documents: list[Document] = []
    content_root = settings.content_root
    structures = KeptStructures(root / STRUCTURES_FILE)
    for file, relative in files:
        source = read_source(file, relative)
        findings.extend(Finding(relative, problem.line, problem.code, Severity.ERROR, problem.message)
                        for problem in source.problems)
        if not source.text:
            continue
        document, document_findings = read_document(source, file.relative_to(content_root).as_posix(),
                                                    policy, context, structures)
        findings.extend(document_findings)
        documents.append(document)
    structures.save()
    return Handbook(settings=settings, organisation=organisation, regulations=regulations,
                    documents=documents, today=today, history=_HistoryNotYetRead(), laws=laws)
