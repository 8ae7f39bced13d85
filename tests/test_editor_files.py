"""What the repository ships for editors: GitHub issue forms and pull-request template,
the pre-commit hook, the editor settings and the front-matter schema they point at."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner

from conftest import REPOSITORY
from qms_tools.cli import main
from qms_tools.handbook.markdown_scan import headings
from qms_tools.publishing.pages.document import ISSUE_TEMPLATE
from qms_tools.handbook.settings import load_settings

GITHUB = REPOSITORY / ".github"
FORMS = GITHUB / "ISSUE_TEMPLATE"

# GitHub's issue-form syntax: permitted top-level keys, element types, and what each needs.
TOP_LEVEL_KEYS = {"name", "description", "title", "labels", "assignees", "projects", "type", "body"}
ELEMENT_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
FIELD_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def load_form(name: str) -> dict:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["rapportera-fel.yml", "forslag-ny-rutin.yml"])
def test_issue_form_follows_githubs_syntax(name):
    form = load_form(name)
    assert set(form) <= TOP_LEVEL_KEYS
    for key in ("name", "description"):
        assert isinstance(form[key], str) and form[key].strip()
    assert isinstance(form.get("labels", []), list)
    body = form["body"]
    assert isinstance(body, list) and body
    ids, labels = [], []
    for element in body:
        assert element["type"] in ELEMENT_TYPES
        attributes = element["attributes"]
        if element["type"] == "markdown":
            assert attributes["value"].strip()
            assert "id" not in element and "validations" not in element
            continue
        assert FIELD_ID.match(element["id"])
        ids.append(element["id"])
        assert attributes["label"].strip()
        labels.append(attributes["label"])
        assert isinstance(element.get("validations", {}).get("required", False), bool)
        if element["type"] == "dropdown":
            options = attributes["options"]
            assert options and len(set(options)) == len(options)
        if element["type"] == "checkboxes":
            assert all(option["label"].strip() for option in attributes["options"])
    assert len(ids) == len(set(ids)), "field ids must be unique"
    assert len(labels) == len(set(labels)), "field labels must be unique"
    assert any(element["type"] != "markdown" for element in body)


def required_ids(form: dict) -> set[str]:
    return {element["id"] for element in form["body"]
            if element.get("validations", {}).get("required")}


def test_error_report_form_has_the_fields_the_sites_link_fills_in():
    assert (FORMS / ISSUE_TEMPLATE).is_file()          # the name the site's "Rapportera fel" link uses
    form = load_form("rapportera-fel.yml")
    inputs = {element["id"]: element for element in form["body"] if element["type"] == "input"}
    assert {"dokument", "sida"} <= set(inputs)        # docs/teknik/adresser.md: …&dokument=<ID>&sida=<page url>
    assert {"dokument", "fel"} <= required_ids(form)
    assert form["name"] == "Rapportera fel i en rutin"


def test_new_routine_form_asks_what_is_missing_and_why():
    form = load_form("forslag-ny-rutin.yml")
    assert form["name"] == "Förslag på ny rutin"
    assert {"titel", "typ", "behov"} <= required_ids(form)


@pytest.mark.parametrize("name", ["rapportera-fel.yml", "forslag-ny-rutin.yml"])
def test_issue_forms_require_confirming_no_personal_data(name):
    form = load_form(name)
    confirmations = [option for element in form["body"] if element["type"] == "checkboxes"
                     for option in element["attributes"]["options"] if option.get("required")]
    assert any("personuppgifter" in option["label"] for option in confirmations)


def test_issue_chooser_config_points_at_the_published_handbook():
    config = yaml.safe_load((FORMS / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False
    settings, _ = load_settings(REPOSITORY)
    for link in config["contact_links"]:
        assert set(link) == {"name", "url", "about"}
        assert link["url"].startswith(settings.site_url)


def test_pull_request_template_has_the_three_questions():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    titles = [heading.text for heading in headings(text, 1) if heading.level == 2]
    assert titles[:3] == ["Vad ändras", "Varför", "Granskad av"]
    assert text.count("- [ ] ") >= 3


def test_pre_commit_hook_runs_qms_check_on_markdown_and_yaml():
    hooks = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(hook for hook in hooks if hook["id"] == "qms-check")
    assert hook["entry"] == "qms check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("processes/ledning/arshjul.md", "processes/organisation.yml", "qms.yaml"):
        assert files.search(path)
    for path in ("qms_tools/cli/check.py", "docs/bild.png", "README.mdx"):
        assert not files.search(path)


def test_editor_settings_map_the_schema_onto_the_documents():
    settings = json.loads((REPOSITORY / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    (schema_path, globs), = mapping.items()
    assert (REPOSITORY / schema_path).is_file()
    assert f"{load_settings(REPOSITORY)[0].content_dir}/**/*.md" in globs


def test_shipped_schema_equals_fresh_output_of_qms_schema():
    result = CliRunner().invoke(main, ["schema", str(REPOSITORY)])
    assert result.exit_code == 0
    shipped = (REPOSITORY / "schemas" / "frontmatter.schema.json").read_text(encoding="utf-8")
    assert shipped == result.stdout, \
        "schemas/frontmatter.schema.json is stale: run `qms schema -o schemas/frontmatter.schema.json`"
