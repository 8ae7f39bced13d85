"""`qms init`: a new handbook repository that passes its own check on the first day, names
the organisation everywhere a reader sees it, and pins the tool that made it.

The wheel, a fresh virtual environment, MkDocs and the generated workflows' own install
step are tested in tests/release/test_adoption.py; this is the fast, in-process part."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest
import yaml

from conftest import git

from qms_tools import __version__
from qms_tools.check.run import check_project
from qms_tools.handbook import codeowners
from qms_tools.lifecycle import init

TODAY = dt.date(2026, 12, 7)
NAME = "Exempelby kommun"
SITE = "https://exempelby.github.io/kvalitetshandbok/"
REPO = "https://github.com/exempelby/kvalitetshandbok"


def create(target, **options):
    return init.create(target, init.Organisation(NAME, SITE, REPO, **options), TODAY)


def test_a_complete_handbook_that_passes_its_own_check(tmp_path):
    root = tmp_path / "handbok"
    written = create(root, quality_holder="Kim Kvalitet", quality_github="kim-kvalitet")
    for expected in ("qms.yml", "mkdocs.yml", "processes/organisation.yml", "docs/guide/lasa-handboken.md",
                     "docs/guide/redaktorer.md", "docs/tillganglighet.md", ".github/CODEOWNERS",
                     ".github/PULL_REQUEST_TEMPLATE.md", ".github/ISSUE_TEMPLATE/rapportera-fel.yml",
                     ".github/labels.json", ".github/workflows/kontroll.yml", ".github/workflows/publicera.yml",
                     ".github/workflows/granskning.yml", ".github/workflows/forslag.yml",
                     ".github/workflows/agare.yml", ".github/workflows/granskad.yml",
                     ".github/workflows/rattningar.yml", ".devcontainer/devcontainer.json",
                     ".github/ISSUE_TEMPLATE/forslag-ny-rutin.yml", ".pre-commit-config.yaml", ".vscode/settings.json",
                     "schemas/frontmatter.schema.json", "requirements/qms.txt", "requirements/lock.txt"):
        assert expected in written and (root / expected).is_file(), expected
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Ny kvalitetshandbok")

    result = check_project(root, TODAY)
    assert [(f.path, f.rule) for f in result.findings] == []
    documents = {document.id: document for document in result.handbook.documents}
    assert sorted(documents) == ["PROC-LED-001", "RUT-LED-001"]
    assert documents["RUT-LED-001"].review.due == dt.date(2027, 12, 7)
    assert result.handbook.settings.quality_role in result.handbook.organisation.roles
    assert "@kim-kvalitet" in (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    # A year on, the example documents are overdue: a warning, never a red main.
    later = check_project(root, dt.date(2028, 1, 1))
    assert later.errors == [] and {f.rule for f in later.warnings} == {"review.overdue"}


def test_the_organisation_is_named_where_readers_and_editors_see_it(tmp_path):
    root = tmp_path / "handbok"
    create(root)
    mkdocs = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "Kvalitetshandbok – Exempelby kommun"' in mkdocs
    for page in ("docs/guide/lasa-handboken.md", "docs/guide/redaktorer.md",
                 "docs/tillganglighet.md", "README.md"):
        text = (root / page).read_text(encoding="utf-8")
        assert NAME in text, page
        assert "Ekebro" not in text and "[[" not in text and "[%" not in text, page
    settings = yaml.safe_load((root / "qms.yml").read_text(encoding="utf-8"))
    assert settings["site_url"] == SITE and settings["repo_url"] == REPO
    assert yaml.safe_load((root / "processes/organisation.yml").read_text(encoding="utf-8"))["organisation"] == NAME
    forms = (root / ".github/ISSUE_TEMPLATE/config.yml").read_text(encoding="utf-8")
    assert f"url: {SITE}guide/redaktorer/" in forms
    schema = json.loads((root / "schemas/frontmatter.schema.json").read_text(encoding="utf-8"))
    assert "kvalitetschef" in json.dumps(schema)
    assert json.loads((root / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"] == {
        "./schemas/frontmatter.schema.json": ["processes/**/*.md"]}


def test_the_tool_is_pinned_to_this_version_and_its_packages_by_hash(tmp_path):
    root = tmp_path / "handbok"
    create(root)
    pins = [line for line in (root / "requirements/qms.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert pins == [f"qms-tools=={__version__}"]
    lock = (root / "requirements/lock.txt").read_text(encoding="utf-8")
    packages = [line.split(" ")[0] for line in lock.splitlines() if line and not line[0] in " #"]
    assert len(packages) > 20 and all("==" in package for package in packages)
    assert lock.count("--hash=sha256:") >= len(packages)
    assert {"mkdocs", "mkdocs-material", "pyyaml", "click"} <= {package.split("==")[0] for package in packages}


def test_the_unassigned_quality_role_is_a_warning_not_an_error(tmp_path):
    root = tmp_path / "handbok"
    create(root)
    result = check_project(root, TODAY)
    assert result.errors == []
    assert {f.rule for f in result.warnings} == {"owner.vacant"}
    assert codeowners.read_current(root) is not None


@pytest.mark.parametrize("options, message", [
    ({"site_url": "exempelby.se"}, "--site-url 'exempelby.se' är ingen webbadress"),
    ({"repo_url": "github.com/x"}, "--repo-url 'github.com/x' är ingen webbadress"),
    ({"name": "  "}, "--namn är tomt"),
])
def test_bad_options_are_refused_in_swedish(tmp_path, options, message):
    values = {"name": NAME, "site_url": SITE, "repo_url": REPO, **options}
    with pytest.raises(init.InitError, match=message):
        init.create(tmp_path / "ny", init.Organisation(**values), TODAY)


def test_an_existing_folder_with_files_is_left_alone(tmp_path, qms):
    (tmp_path / "gammal.txt").write_text("min fil", encoding="utf-8")
    result = qms("init", str(tmp_path), "--namn", NAME, "--site-url", SITE, "--repo-url", REPO)
    assert result.exit_code == 2 and "inte tom" in result.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["gammal.txt"]


def test_cli_writes_the_handbook_and_says_what_next(tmp_path, qms):
    result = qms("init", str(tmp_path / "ny"), "--namn", NAME, "--site-url", SITE, "--repo-url", REPO,
                 env={"QMS_TODAY": TODAY.isoformat()})
    assert result.exit_code == 0, result.stderr
    assert f"med qms {__version__}" in result.output and "mkdocs build --strict" in result.output
    assert "reviewed: 2026-12-07" in (tmp_path / "ny/processes/ledning/rapportera-avvikelse.md").read_text(
        encoding="utf-8")


def test_generated_workflows_pass_actionlint(tmp_path):
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint saknas (tests/test_workflows.py kräver det under CI)")
    root = tmp_path / "handbok"
    create(root)
    files = sorted(str(path) for path in (root / ".github/workflows").glob("*.yml"))
    assert len(files) == 7
    result = subprocess.run([actionlint, "-no-color", *files], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
