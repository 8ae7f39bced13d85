"""`qms init`: a complete new handbook repository for one organisation.

What a municipality needs on the first day, and nothing it must ask us for later: the
settings, the site configuration, a role registry with the quality role, one example
process and routine, the reader and editor guides and the accessibility statement with
the organisation's name, the GitHub workflows, CODEOWNERS, pull request template, issue
forms and labels, a pre-commit configuration, editor schema settings, and the tool
pinned to the exact version that made the repository (``requirements/qms.txt``) with
every package under it locked by hash (``requirements/lock.txt``, this release's lock).

The files are Jinja templates under ``templates/init/``, with ``[[ ]]`` and ``[% %]`` as
delimiters because the workflows are full of GitHub's own ``${{ }}``. A path part that
starts with ``dot-`` is written with a leading dot: setuptools' package-data globs leave
out hidden folders. CODEOWNERS and the front-matter schema are not templates: they are
made by the same code as `qms codeowners` and `qms schema`, from the files just written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

import jinja2

from qms_tools import __version__
from qms_tools.handbook import codeowners
from qms_tools.handbook.dates import add_months
from qms_tools.handbook.fields import json_schema
from qms_tools.handbook.loader import load
from qms_tools.handbook.regulations import load_laws, load_regulations

TEMPLATES = "templates/init"
LOCK = "data/lock/handbook.txt"
"""This release's dependencies, locked by hash (pip-compile; see requirements/README.md)."""
SCHEMA_FILE = "schemas/frontmatter.schema.json"


class InitError(ValueError):
    """The handbook cannot be created as asked; the message says why in Swedish."""


@dataclass(frozen=True)
class Organisation:
    name: str
    site_url: str
    repo_url: str
    quality_holder: str | None = None
    quality_github: str | None = None

    @property
    def repository(self) -> str:
        """owner/name on GitHub, for the links in the guides and the issue forms."""
        return urlparse(self.repo_url).path.strip("/")


def _check_url(value: str, option: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InitError(f"{option} '{value}' är ingen webbadress. Ange hela adressen, till exempel "
                        f"https://exempelby.github.io/kvalitetshandbok/.")
    return value.rstrip("/") + "/" if option == "--site-url" else value.rstrip("/")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("qms_tools", TEMPLATES),
        variable_start_string="[[", variable_end_string="]]",
        block_start_string="[%", block_end_string="%]",
        comment_start_string="[#", comment_end_string="#]",
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, autoescape=False)


def _target_path(template: str) -> str:
    return "/".join("." + part[len("dot-"):] if part.startswith("dot-") else part for part in template.split("/"))


def _yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON is a subset of YAML)."""
    return json.dumps(value, ensure_ascii=False)


def create(target: Path, organisation: Organisation, today: dt.date, version: str = __version__) -> list[str]:
    """Write the new handbook into ``target`` (missing or empty); return the files written."""
    if target.exists() and any(target.iterdir()):
        raise InitError(f"Mappen {target} är inte tom. Välj en ny mapp, så skapas den.")
    organisation = Organisation(organisation.name.strip(), _check_url(organisation.site_url, "--site-url"),
                                _check_url(organisation.repo_url, "--repo-url"),
                                organisation.quality_holder, organisation.quality_github)
    if not organisation.name:
        raise InitError("--namn är tomt. Ange organisationens namn, till exempel \"Exempelby kommun\".")
    if organisation.quality_github and not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})",
                                                         organisation.quality_github):
        raise InitError(f"'{organisation.quality_github}' är inget GitHub-användarnamn.")
    environment = _environment()
    values = {
        "org": organisation, "yaml": _yaml_text, "version": version,
        "today": today.isoformat(), "review_date": add_months(today, 12).isoformat(),
    }
    written = []
    for template in sorted(environment.list_templates()):
        relative = _target_path(template)
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(environment.get_template(template).render(values), encoding="utf-8", newline="\n")
        written.append(relative)
    lock = resources.files("qms_tools").joinpath(LOCK).read_text(encoding="utf-8")
    (target / "requirements" / "lock.txt").write_text(lock, encoding="utf-8", newline="\n")
    written.append("requirements/lock.txt")

    handbook = load(target, today).handbook
    settings = handbook.settings
    regulations = load_regulations(settings.regulations, settings.regulation_files, settings.root)
    schema = json_schema(regulations, load_laws(), sorted(handbook.organisation.roles),
                         sorted(handbook.organisation.areas))
    (target / SCHEMA_FILE).parent.mkdir(parents=True, exist_ok=True)
    (target / SCHEMA_FILE).write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(SCHEMA_FILE)
    codeowners.write(handbook)
    written.append(codeowners.CODEOWNERS_PATH)
    return sorted(written)
