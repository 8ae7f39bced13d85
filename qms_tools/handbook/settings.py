"""Project settings (``qms.yml``): where the content is, and the review policy.

``qms.yml`` marks the project root, the way ``mkdocs.yml`` marks an MkDocs project; the
core reads it without MkDocs so that the checker and every generator agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from qms_tools.handbook.contact_details import ContactDetails, Feedback, parse_contact, parse_feedback
from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.plain_text import has_control_characters, printable
from qms_tools.handbook.vocabulary import Publicity
from qms_tools.handbook.yaml_reader import read_yaml

SETTINGS_FILE = "qms.yml"


class ProjectError(Exception):
    """The command cannot run at all (no project, unreadable settings): exit code 2."""


@dataclass(frozen=True)
class ReviewSettings:
    due_soon_days: int = 30
    """Days before the review date from which a document counts as due soon."""
    max_interval_months: int = 36
    """A review date further ahead than this is refused (`review.too-far`)."""
    interval_months: int = 12
    """How far `qms reviewed` moves the review date, unless the type says otherwise."""
    interval_months_by_type: dict[str, int] = field(default_factory=dict)
    """Per document type (Swedish type name) overrides of `interval_months`."""


@dataclass(frozen=True)
class Settings:
    root: Path
    content_dir: str = "processes"
    docs_dir: str = "docs"
    """The hand-written site pages (MkDocs' docs_dir): checked like documents."""
    organisation_file: str = "processes/organisation.yml"
    regulations: tuple[str, ...] = ("sosfs-2011-9",)
    regulation_files: tuple[str, ...] = ()
    """Extra regulation data files in the project (same format as the shipped ones)."""
    law_files: tuple[str, ...] = ()
    """The project's own law data (same format as ``data/laws.yml``): acts it adds, and
    amendments it records before the tool ships them."""
    site_url: str | None = None
    intern_site_url: str | None = None
    """The internal site's address (on the organisation's own server): its QR codes and
    permanent links lead there. Without it they lead to ``site_url``."""
    repo_url: str | None = None
    edit_branch: str = "main"
    review: ReviewSettings = field(default_factory=ReviewSettings)
    severity: dict[str, str] = field(default_factory=dict)
    """Per-rule severity overrides, e.g. {"review.overdue": "error"}."""
    quality_role: str = "kvalitetschef"
    """The role of the quality unit: it owns the role registry, the regulation data and
    CODEOWNERS, and stands in for vacant roles and departed holders."""
    contact: ContactDetails | None = None
    """Whom staff ask about the handbook as a whole (name, mailbox, phone): shown under
    every document, and where a document's owner and the quality role are both unstaffed."""
    feedback: Feedback | None = None
    """Where readers without a GitHub account report an error: a mailbox or a form."""
    publicering: Publicity = Publicity.PUBLIC
    """Who may read a document without ``publicering:`` in its front-matter. Public by
    default: a municipality's routines are public documents unless secrecy applies."""

    @property
    def content_root(self) -> Path:
        return self.root / self.content_dir

    @property
    def organisation_path(self) -> Path:
        return self.root / self.organisation_file


def find_root(start: Path) -> Path:
    start = start.resolve()
    if start.is_file():
        start = start.parent
    for candidate in (start, *start.parents):
        if (candidate / SETTINGS_FILE).is_file():
            return candidate
    raise ProjectError(f"Hittar ingen {SETTINGS_FILE} i {start} eller någon mapp ovanför. "
                       f"Kör kommandot i handbokens mapp eller ange sökvägen till den.")


def load_settings(start: Path) -> tuple[Settings, list[Finding]]:
    root = find_root(start)
    path = root / SETTINGS_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ProjectError(f"{SETTINGS_FILE} kunde inte läsas: {error}") from None
    located = read_yaml(text)
    findings = [Finding(SETTINGS_FILE, problem.line, problem.code, Severity.ERROR, problem.message)
                for problem in located.problems]
    data = located.data if isinstance(located.data, dict) else {}
    known = {"content_dir", "docs_dir", "organisation", "regulations", "regulation_files", "law_files", "site_url",
             "repo_url", "edit_branch", "review", "severity", "quality_role", "contact", "feedback", "publicering",
             "intern_site_url"}
    for key in data:
        if key not in known:
            findings.append(Finding(SETTINGS_FILE, located.line_of(key), "settings.unknown-key", Severity.ERROR,
                                    f"Okänd inställning '{key}'. Kända inställningar: {', '.join(sorted(known))}."))

    def text_value(key: str, default: str | None) -> str | None:
        value = data.get(key, default)
        if value is not None and not isinstance(value, str):
            findings.append(Finding(SETTINGS_FILE, located.line_of(key), "settings.type", Severity.ERROR,
                                    f"Inställningen '{key}' ska vara en text."))
            return default
        return value

    def list_value(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = data.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            findings.append(Finding(SETTINGS_FILE, located.line_of(key), "settings.type", Severity.ERROR,
                                    f"Inställningen '{key}' ska vara en lista med texter."))
            return default
        return tuple(value)

    review_data = data.get("review") or {}
    review_defaults = ReviewSettings()
    review_values: dict = {}
    if isinstance(review_data, dict):
        for key in ("due_soon_days", "max_interval_months", "interval_months"):
            if key in review_data:
                value = review_data[key]
                if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                    review_values[key] = value
                else:
                    findings.append(Finding(SETTINGS_FILE, located.line_of("review", key), "settings.type",
                                            Severity.ERROR, f"review.{key} ska vara ett positivt heltal."))
        by_type = review_data.get("interval_months_by_type") or {}
        if isinstance(by_type, dict):
            review_values["interval_months_by_type"] = {
                str(key): value for key, value in by_type.items() if isinstance(value, int) and value > 0}
    severity = data.get("severity") or {}

    def refuse_under(key: str):
        def refuse(keys: tuple[str, ...], message: str) -> None:
            findings.append(Finding(SETTINGS_FILE, located.line_of(key, *keys), "settings.value", Severity.ERROR,
                                    message))
        return refuse

    contact = parse_contact(data.get("contact"), refuse_under("contact"), f"contact i {SETTINGS_FILE}", named=True)
    feedback = parse_feedback(data.get("feedback"), refuse_under("feedback"), is_web_address)
    publicity = Publicity.PUBLIC
    publicity_value = text_value("publicering", Publicity.PUBLIC.value)
    try:
        publicity = Publicity(publicity_value)
    except ValueError:
        findings.append(Finding(SETTINGS_FILE, located.line_of("publicering"), "settings.value", Severity.ERROR,
                                f"publicering ska vara {' eller '.join(member.value for member in Publicity)}, inte "
                                f"'{printable(str(publicity_value))}'. Dokument utan publicering räknas som offentliga "
                                f"tills det är rättat."))
    settings = Settings(
        root=root,
        content_dir=text_value("content_dir", "processes") or "processes",
        docs_dir=text_value("docs_dir", "docs") or "docs",
        organisation_file=text_value("organisation", "processes/organisation.yml") or "processes/organisation.yml",
        regulations=list_value("regulations", ("sosfs-2011-9",)),
        regulation_files=list_value("regulation_files", ()),
        law_files=list_value("law_files", ()),
        site_url=text_value("site_url", None),
        intern_site_url=text_value("intern_site_url", None),
        repo_url=text_value("repo_url", None),
        edit_branch=text_value("edit_branch", "main") or "main",
        review=ReviewSettings(**{**review_defaults.__dict__, **review_values}),
        severity={str(key): str(value) for key, value in severity.items()} if isinstance(severity, dict) else {},
        quality_role=text_value("quality_role", "kvalitetschef") or "kvalitetschef",
        contact=contact, feedback=feedback,
        publicering=publicity,
    )
    settings = _validated(settings, located, findings)
    if not settings.content_root.is_dir():
        raise ProjectError(f"Innehållsmappen '{settings.content_dir}' som {SETTINGS_FILE} pekar ut finns inte i "
                           f"{root}. Skapa mappen eller rätta content_dir.")
    return settings, findings


def is_web_address(value: str) -> bool:
    """An http(s) address safe to print in a link on every page."""
    parts = urlsplit(value) if not has_control_characters(value) else None
    return parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc) and not any(
        character in value for character in " \"'<>`\\")


_BRANCH = re.compile(r"[A-Za-z0-9._/-]{1,200}")


def _validated(settings: Settings, located, findings: list[Finding]) -> Settings:
    """``settings`` with every value that would be unsafe to publish or use refused: an
    address that is not http(s) (``javascript:`` in a link on every page), a control
    character in any text, a folder outside the project. A refused address is left out;
    a folder outside the project cannot be worked with at all."""
    def refuse(key: str, message: str) -> None:
        findings.append(Finding(SETTINGS_FILE, located.line_of(key), "settings.value", Severity.ERROR, message))

    changes: dict[str, object] = {}
    for key in ("site_url", "intern_site_url", "repo_url"):
        value = getattr(settings, key)
        if value is None:
            continue
        if not is_web_address(value):
            refuse(key, f"{key} ska vara en webbadress som börjar med https:// (eller http://), utan mellanslag "
                        f"och citattecken; '{printable(value)}' används inte.")
            changes[key] = None
    for key, value in (("content_dir", settings.content_dir), ("docs_dir", settings.docs_dir),
                       ("organisation", settings.organisation_file), ("quality_role", settings.quality_role), ("edit_branch", settings.edit_branch),
                       *(("regulation_files", file) for file in settings.regulation_files),
                       *(("law_files", file) for file in settings.law_files),
                       *(("regulations", name) for name in settings.regulations)):
        if has_control_characters(value):
            raise ProjectError(f"{SETTINGS_FILE}: {key} innehåller ett osynligt styrtecken ('{printable(value)}'). "
                               f"Skriv om värdet för hand.")
    for key, value in (("content_dir", settings.content_dir), ("docs_dir", settings.docs_dir),
                       ("organisation", settings.organisation_file),
                       *(("regulation_files", file) for file in settings.regulation_files),
                       *(("law_files", file) for file in settings.law_files)):
        if not _inside(settings.root, value):
            raise ProjectError(f"{SETTINGS_FILE}: {key} '{value}' pekar ut ur projektmappen {settings.root}. "
                               f"Ange en mapp eller fil i projektet, relativt till {SETTINGS_FILE}.")
    if not _BRANCH.fullmatch(settings.edit_branch) or ".." in settings.edit_branch:
        refuse("edit_branch", f"edit_branch '{printable(settings.edit_branch)}' är inget grennamn. Skriv t.ex. main.")
        changes["edit_branch"] = "main"
    return dataclasses.replace(settings, **changes) if changes else settings


def _inside(root: Path, relative: str) -> bool:
    if Path(relative).is_absolute():
        return False
    try:
        (root / relative).resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def resolve_today(value: str | None) -> dt.date:
    """``--today`` wins over ``QMS_TODAY``, which wins over the clock."""
    raw = value or os.environ.get("QMS_TODAY")
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ProjectError(f"Datumet '{raw}' för 'i dag' är inte ett giltigt datum. Skriv det som "
                           f"ÅÅÅÅ-MM-DD, t.ex. 2026-11-22.") from None
