"""The benchmark handbook generator: deterministic, internally consistent, realistic.

Everything is checked on real output: files are parsed with PyYAML, links and anchors
are resolved on disk with an independent slug function, and the history is read with
the real ``git`` command.
"""

from __future__ import annotations

import collections
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import generate_handbook as generator  # noqa: E402
from qms_tools.handbook import markdown_scan  # noqa: E402

TODAY = dt.date(2026, 11, 22)
DOCUMENTS, COMMITS, SEED = 60, 80, 7
TYPES = {"process": "PROC", "rutin": "RUT", "instruktion": "INS", "checklista": "CHK", "mall": "MALL",
         "riktlinje": "RIK", "styrdokument": "STY"}
STATUSES = {"gällande", "utkast", "upphävd"}
SOSFS = {"1:1", "1:2", "2:1", "3:1", "3:2", *(f"4:{n}" for n in range(1, 9)), *(f"5:{n}" for n in range(1, 9)),
         "6:1", "6:2", "7:1", "7:2", "3", "4", "5", "6", "7"}
LAWS = {"SoL", "LSS", "HSL", "PSL", "LVU", "LVM", "LbSB", "OSL", "GDPR", "Lex Sarah", "Lex Maria"}
DOCUMENT_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
REGISTRY_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PERSONAL_NUMBER = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+]?\d{4}(?!\d)")


# ----------------------------------------------------------------------------- helpers


def git(repository: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(repository), *arguments], capture_output=True, text=True,
                          check=True).stdout


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file() and ".git" not in path.relative_to(root).parts}


class Document:
    def __init__(self, root: Path, path: Path):
        text = path.read_text(encoding="utf-8")
        match = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", text, re.DOTALL)
        assert match, f"{path} has no front-matter"
        self.path = path
        self.relative = path.relative_to(root).as_posix()
        self.meta = yaml.load(match.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        self.body = match.group(2)
        self.scanned_headings = markdown_scan.headings(self.body, 1)
        self.headings = [heading.text for heading in self.scanned_headings]

    @property
    def anchors(self) -> set[str]:
        return {heading.slug for heading in self.scanned_headings}

    @property
    def links(self) -> list[str]:
        return [link.url for link in markdown_scan.links(self.body, 1) if not link.is_external]


def load(root: Path) -> dict[str, Document]:
    documents = [Document(root, path) for path in sorted((root / "processes").rglob("*.md"))]
    return {document.relative: document for document in documents}


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("small") / "handbok"
    return generator.generate(out, DOCUMENTS, COMMITS, seed=SEED)


@pytest.fixture(scope="module")
def small_documents(small):
    return load(small.out)


@pytest.fixture(scope="module")
def organisation(small):
    return yaml.safe_load((small.out / "processes/organisation.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """Big enough for proportions to be meaningful; without history it takes about a second."""
    out = tmp_path_factory.mktemp("large") / "handbok"
    return generator.generate(out, 1000, seed=3, git=False)


@pytest.fixture(scope="module")
def large_documents(large):
    return load(large.out)


# ------------------------------------------------------------------------- determinism


def test_same_arguments_give_identical_files_and_commit_hashes(small, tmp_path, monkeypatch):
    # A developer's own Git identity, dates and repository must not leak into the result.
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Someone Else")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2001-01-01T00:00:00+0000")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "not-a-repository"))
    again = generator.generate(tmp_path / "again", DOCUMENTS, COMMITS, seed=SEED)
    monkeypatch.delenv("GIT_DIR")
    assert tree_bytes(again.out) == tree_bytes(small.out)
    assert again.head == small.head == git(small.out, "rev-parse", "HEAD").strip()
    assert again.ids == small.ids


def test_another_seed_gives_another_handbook(small, tmp_path):
    other = generator.generate(tmp_path / "other", DOCUMENTS, COMMITS, seed=SEED + 1)
    assert other.head != small.head
    assert tree_bytes(other.out) != tree_bytes(small.out)


# ------------------------------------------------------------------------ project files


def test_project_settings_and_site_configuration(small):
    settings = yaml.safe_load((small.out / "qms.yml").read_text(encoding="utf-8"))
    assert settings == {
        "content_dir": "processes", "organisation": "processes/organisation.yml",
        "regulations": ["sosfs-2011-9"], "site_url": "https://example.invalid/handbok/",
        "review": {"due_soon_days": 30, "max_interval_months": 36, "interval_months": 12},
    }
    site = yaml.safe_load((small.out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert site["docs_dir"] == "docs"
    assert site["theme"] == {"name": "material", "language": "sv"}
    assert site["plugins"] == ["search"]
    assert site["site_name"]
    assert (small.out / "docs/index.md").read_text(encoding="utf-8").startswith("# Kvalitetshandbok\n")


def test_result_counts_match_the_files(small, small_documents, organisation):
    assert small.documents == DOCUMENTS == len(small_documents)
    assert sorted(small.ids) == sorted(document.meta["id"] for document in small_documents.values())
    assert small.processes == sum(document.meta["type"] == "process" for document in small_documents.values())
    assert small.areas == len(organisation["areas"])
    assert small.units == len(organisation["units"])
    assert small.roles == len(organisation["roles"])
    assert small.commits == COMMITS


# --------------------------------------------------------------------------- documents


def test_ids_are_unique_well_formed_and_prefixed_by_type(small_documents, large_documents):
    for documents in (small_documents, large_documents):
        ids = [document.meta["id"] for document in documents.values()]
        assert len(ids) == len(set(ids))
        for document in documents.values():
            identifier, doc_type = document.meta["id"], document.meta["type"]
            assert DOCUMENT_ID.match(identifier), identifier
            assert identifier.split("-")[0] == TYPES[doc_type], identifier


def test_front_matter_uses_known_values(small_documents, organisation):
    roles = {role["id"] for role in organisation["roles"]}
    areas = {area["id"] for area in organisation["areas"]}
    ids = {document.meta["id"]: document for document in small_documents.values()}
    latest_review = generator.add_months(TODAY, 36)
    for path, document in small_documents.items():
        meta = document.meta
        assert "title" not in meta
        assert document.body.startswith("\n# ") or document.body.startswith("# "), path
        assert meta["type"] in TYPES and meta["status"] in STATUSES
        assert meta["owner"] in roles, path
        assert meta["area"] in areas and path.split("/")[1] == meta["area"], path
        assert meta["sosfs"] and set(meta["sosfs"]) <= SOSFS, meta["sosfs"]
        assert set(meta["laws"]) <= LAWS, meta["laws"]
        assert isinstance(meta["review_date"], dt.date) and isinstance(meta["reviewed"], dt.date)
        assert meta["reviewed"] < TODAY
        assert meta["review_date"] <= latest_review
        assert meta["reviewed"] < meta["review_date"] <= generator.add_months(meta["reviewed"], 36)
        if "replaced_by" in meta:
            assert meta["status"] == "upphävd"
            assert ids[meta["replaced_by"]].meta["status"] == "gällande"


def test_every_document_belongs_to_exactly_one_process(small_documents):
    folders = collections.defaultdict(list)
    for path, document in small_documents.items():
        parts = path.split("/")
        assert len(parts) == 4 and parts[0] == "processes", path   # processes/<area>/<process>/<file>.md
        folders["/".join(parts[:3])].append(document)
    for folder, documents in folders.items():
        processes = [document for document in documents if document.meta["type"] == "process"]
        assert len(processes) == 1, folder
        assert len(documents) >= 5, folder


def test_process_activities_list_routines_of_their_own_folder(small_documents):
    by_id = {document.meta["id"]: document for document in small_documents.values()}
    for document in small_documents.values():
        if document.meta["type"] != "process":
            assert "activities" not in document.meta
            continue
        folder = document.relative.rsplit("/", 1)[0]
        activities = document.meta["activities"]
        assert 4 <= len(activities) <= 8, document.relative
        names = [activity["name"] for activity in activities]
        assert len(names) == len(set(names))
        listed = []
        for activity in activities:
            assert 1 <= len(activity["routines"]) <= 6
            for routine_id in activity["routines"]:
                routine = by_id[routine_id]
                assert routine.meta["type"] != "process"
                assert routine.relative.rsplit("/", 1)[0] == folder
                listed.append(routine_id)
        # Every routine in force in the folder is used by exactly one activity.
        in_force = sorted(other.meta["id"] for other in small_documents.values()
                          if other.relative.startswith(folder + "/") and other.meta["type"] != "process"
                          and other.meta["status"] == "gällande")
        assert sorted(listed) == in_force
        # The process page shows the activities, in order, as headings.
        assert [heading for heading in document.headings if heading in names] == names


def test_every_relative_link_and_anchor_resolves(small_documents, large_documents, small, large):
    for root, documents in ((small.out, small_documents), (large.out, large_documents)):
        anchored = 0
        for document in documents.values():
            links = document.links
            if document.meta["type"] != "process":
                assert 1 <= len(links) <= 4, document.relative
            for url in links:
                target_part, _, anchor = url.partition("#")
                assert target_part.endswith(".md") and not target_part.startswith("/"), url
                target_path = (document.path.parent / target_part).resolve()
                assert target_path.is_file(), f"{document.relative}: {url}"
                target = documents[target_path.relative_to(root.resolve()).as_posix()]
                assert target is not document
                if anchor:
                    anchored += 1
                    assert anchor in target.anchors, f"{document.relative}: {url}"
        assert anchored > 0
    anchors = [url.partition("#")[2] for document in large_documents.values() for url in document.links]
    assert any(re.search("[åäö]", anchor) for anchor in anchors), "anchors keep å, ä and ö"


def test_links_point_only_to_documents_in_force(large_documents, large):
    for document in large_documents.values():
        for url in document.links:
            target = large_documents[(document.path.parent / url.partition("#")[0]).resolve()
                                     .relative_to(large.out.resolve()).as_posix()]
            assert target.meta["status"] == "gällande", f"{document.relative} -> {target.relative}"


def test_bodies_have_the_routine_headings_and_realistic_length(large_documents):
    expected = ["Syfte", "Omfattning", "Ansvar", "Gör så här", "Dokumentation", "Uppföljning",
                "Relaterade dokument"]
    lengths = []
    for document in large_documents.values():
        main_headings = [heading.text for heading in document.scanned_headings if heading.level == 2]
        if document.meta["type"] == "process":
            assert main_headings[:4] == ["Syfte", "Omfattning", "Ansvar", "Aktiviteter"]
            continue
        assert main_headings == expected, document.relative
        assert document.scanned_headings[0].level == 1          # the title comes first
        steps = re.findall(r"^(\d+)\. ", document.body, re.MULTILINE)
        assert steps and [int(step) for step in steps] == list(range(1, len(steps) + 1))
        lengths.append(len(document.body.split()))
    assert 300 <= min(lengths) and max(lengths) <= 1500
    assert max(lengths) > 1000 and min(lengths) < 450           # varied, not all alike
    # No sentence is repeated within a document.
    for document in list(large_documents.values())[:200]:
        sentences = [sentence for sentence in re.split(r"(?<=\.)\s+", document.body) if len(sentence) > 40
                     and "](" not in sentence]
        assert len(sentences) == len(set(sentences)), document.relative


def test_text_is_swedish_social_services_prose_without_personal_data_or_html(large, large_documents):
    corpus = "\n".join(path.read_text(encoding="utf-8") for path in (large.out / "processes").rglob("*")
                       if path.is_file())
    assert not PERSONAL_NUMBER.search(corpus)
    assert not re.search(r"<[A-Za-z/!]", corpus)
    for word in ("genomförandeplan", "krisberedskap", "placeringen", "Placeringar", "brukaren", "klienten",
                 "den enskilde", "patienten", "egenkontroll", "avvikelse", "vårdnadshavare", "SOSFS 2011:9"):
        assert word in corpus, word


# ------------------------------------------------------------------------ organisation


def test_organisation_registry_is_consistent(organisation):
    areas = {area["id"] for area in organisation["areas"]}
    units = {unit["id"]: unit for unit in organisation["units"]}
    roles = organisation["roles"]
    for identifier in [*areas, *units, *(role["id"] for role in roles)]:
        assert REGISTRY_ID.match(identifier), identifier
    assert len(roles) == len({role["id"] for role in roles})
    assert all(unit["area"] in areas for unit in units.values())
    assert all(role["unit"] in units for role in roles)
    assert {f"enhetschef-{unit}" for unit in units} <= {role["id"] for role in roles}
    vacant = [role for role in roles if role["holder"] is None]
    departed = [role for role in roles if role["holder"] and role["holder"].get("until")]
    assert vacant and departed
    assert all(role["holder"]["until"] < TODAY for role in departed)
    for role in roles:
        if role["holder"] is not None:
            assert role["holder"]["name"].count(" ") >= 1
            assert role["holder"]["github"] and all(isinstance(handle, str) for handle in role["holder"]["github"])


def test_large_organisations_have_realistic_areas_and_about_one_unit_per_forty_documents():
    import random

    areas = generator.build_organisation(10_000, random.Random("test"))
    assert len(areas) == 20
    titles = [area.spec.title for area in areas]
    assert not any(re.fullmatch(r"Område \d+", title) for title in titles)
    assert "Stadsdel Norr – äldreomsorg" in titles
    assert 240 <= sum(len(area.units) for area in areas) <= 260
    assert len(generator.build_organisation(60, random.Random("test"))) == 6


# ------------------------------------------------------------------------- proportions


def test_types_statuses_and_review_dates_have_realistic_proportions(large_documents):
    count = len(large_documents)
    types = collections.Counter(document.meta["type"] for document in large_documents.values())
    statuses = collections.Counter(document.meta["status"] for document in large_documents.values())
    assert 0.04 <= types["process"] / count <= 0.06
    assert 0.65 <= types["rutin"] / count <= 0.75
    assert all(types[doc_type] for doc_type in TYPES)
    assert 0.90 <= statuses["gällande"] / count <= 0.96
    assert 0.02 <= statuses["utkast"] / count <= 0.04
    assert 0.03 <= statuses["upphävd"] / count <= 0.05
    withdrawn = [document for document in large_documents.values() if document.meta["status"] == "upphävd"]
    assert sum("replaced_by" in document.meta for document in withdrawn) >= 0.7 * len(withdrawn)

    due = [document.meta["review_date"] for document in large_documents.values()]
    overdue = sum(day < TODAY for day in due)
    soon = sum(0 <= (day - TODAY).days <= 30 for day in due)
    usual = sum(dt.date(2027, 1, 1) <= day <= dt.date(2028, 6, 30) for day in due)
    assert 0.02 <= overdue / count <= 0.04
    assert 0.01 <= soon / count <= 0.03
    assert usual / count >= 0.9


# ----------------------------------------------------------------------------- history


def test_history_has_the_requested_commits_and_a_clean_tree(small):
    assert int(git(small.out, "rev-list", "--count", "HEAD")) == COMMITS + 1
    assert git(small.out, "status", "--porcelain") == ""
    assert git(small.out, "symbolic-ref", "HEAD").strip() == "refs/heads/main"


def history_commits(repository: Path) -> list[tuple[int, str, list[str]]]:
    """(author time, author, changed Markdown files) per commit, oldest first."""
    log = git(repository, "log", "--reverse", "-M", "--name-status", "--format=@%at %an")
    commits = []
    for block in log.split("@")[1:]:
        header, *changes = [line for line in block.splitlines() if line]
        stamp, author = header.split(" ", 1)
        commits.append((int(stamp), author, [change for change in changes
                                             if change.split("\t")[-1].endswith(".md")]))
    return commits


def test_commits_touch_one_to_three_documents_with_increasing_dates(small):
    commits = history_commits(small.out)
    for _stamp, _author, documents in commits[1:]:
        assert 1 <= len(documents) <= 3, documents
    times = [stamp for stamp, _author, _documents in commits]
    authors = {author for _stamp, author, _documents in commits}
    assert times == sorted(times) and len(set(times)) == len(times)
    first, last = (dt.datetime.fromtimestamp(stamp, dt.timezone.utc).date() for stamp in (times[0], times[-1]))
    assert first == dt.date(2023, 1, 1) and last == dt.date(2026, 11, 20)
    assert len(authors) >= 5


def test_many_more_commits_than_documents_still_change_one_to_three_each(tmp_path):
    result = generator.generate(tmp_path / "busy", 10, commits=150, seed=1)
    commits = history_commits(result.out)
    assert len(commits) == 151
    for _stamp, _author, documents in commits[1:]:
        assert 1 <= len(documents) <= 3, documents
    assert git(result.out, "status", "--porcelain") == ""


def test_edits_change_body_text_and_review_dates(small):
    changed_body = changed_dates = 0
    for path in [name for name in git(small.out, "ls-files", "processes").split() if name.endswith(".md")]:
        versions = git(small.out, "log", "--format=%H", "--follow", "--", path).split()
        if len(versions) < 3:
            continue
        diff = git(small.out, "diff", versions[-1], versions[0], "-M", "--", path, *_old_paths(small, path))
        added = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
        changed_dates += any(line.startswith("+reviewed:") for line in added)
        changed_body += any(not re.match(r"\+(reviewed|review_date|status|replaced_by):", line) for line in added)
    assert changed_body >= 5 and changed_dates >= 5


def _old_paths(handbook, path: str) -> list[str]:
    return [old for old, new in handbook.renamed if new == path]


def test_renamed_file_exists_in_history_under_its_old_path(small):
    assert small.renamed
    tracked = set(git(small.out, "ls-files").split())
    rename_commit: dict[tuple[str, str], str] = {}
    current = ""
    for line in git(small.out, "log", "-M", "--diff-filter=R", "--name-status", "--format=@%H").splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line.startswith("R"):
            _status, old, new = line.split("\t")
            rename_commit[(old, new)] = current
    first_commit = git(small.out, "rev-list", "--max-parents=0", "HEAD").strip()
    checked = 0
    for old, new in small.renamed:
        assert old not in tracked and new in tracked
        commit = rename_commit[(old, new)]
        assert git(small.out, "cat-file", "-t", f"{first_commit}:{old}").strip() == "blob"
        assert git(small.out, "cat-file", "-t", f"{commit}^:{old}").strip() == "blob"
        # Links followed the file: documents linking to it used the old name before the rename.
        new_name, old_name = new.rsplit("/", 1)[1], old.rsplit("/", 1)[1]
        linked_now = subprocess.run(["git", "-C", str(small.out), "grep", "-q", "-F", f"]({new_name}", commit,
                                     "--", "processes"]).returncode == 0
        if linked_now:
            assert git(small.out, "grep", "-h", "-F", f"]({old_name}", f"{commit}^", "--", "processes")
            assert subprocess.run(["git", "-C", str(small.out), "grep", "-q", "-F", f"]({old_name}", commit,
                                   "--", "processes"]).returncode == 1
            checked += 1
    assert checked


def test_withdrawn_documents_are_deleted_in_history_and_recorded_as_tombstones(small):
    assert small.deleted
    tracked = set(git(small.out, "ls-files").split())
    tombstones = yaml.safe_load((small.out / "processes/borttagna.yml").read_text(encoding="utf-8"))
    first_commit = git(small.out, "rev-list", "--max-parents=0", "HEAD").strip()
    for path in small.deleted:
        assert path not in tracked
        old = git(small.out, "show", f"{first_commit}:{path}")
        meta = yaml.safe_load(old.split("---\n")[1])
        assert meta["status"] == "upphävd"
        assert meta["id"] in {entry["id"] for entry in tombstones}
        assert meta["id"] not in small.ids


def test_without_git_only_files_are_written(large):
    assert large.head is None and large.commits == 0
    assert not (large.out / ".git").exists()
    assert large.documents == 1000


# --------------------------------------------------------------------------- interface


def test_command_line(tmp_path):
    script = ROOT / "benchmarks" / "generate_handbook.py"
    done = subprocess.run([sys.executable, str(script), "--documents", "20", "--out", str(tmp_path / "cli"),
                           "--no-git"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "cli" / "processes").rglob("*.md"))) == 20
    assert not (tmp_path / "cli" / ".git").exists()

    too_small = subprocess.run([sys.executable, str(script), "--documents", "4", "--out", str(tmp_path / "x")],
                               capture_output=True, text=True)
    assert too_small.returncode == 2 and "at least 5" in too_small.stderr

    not_empty = subprocess.run([sys.executable, str(script), "--documents", "20", "--out", str(tmp_path / "cli")],
                               capture_output=True, text=True)
    assert not_empty.returncode == 2 and "not empty" in not_empty.stderr


def test_the_smallest_handbook_is_still_complete(tmp_path):
    result = generator.generate(tmp_path / "tiny", 5, commits=4)
    documents = load(result.out)
    assert len(documents) == 5 and result.processes == 1
    assert int(git(result.out, "rev-list", "--count", "HEAD")) == 5
    assert git(result.out, "status", "--porcelain") == ""
