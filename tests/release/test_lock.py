"""The locks agree with pyproject.toml: every requirement of this Python is pinned, by hash,
to a version pyproject allows, and the handbook's lock (what `qms init` gives a new
handbook) uses the same versions as the tool's own. A dependency added to pyproject
without running requirements/update.sh fails here, not on a fresh machine."""

from __future__ import annotations

import re

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPOSITORY

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

LOCKS = {"tool": REPOSITORY / "requirements/lock.txt", "handbook": REPOSITORY / "qms_tools/data/lock/handbook.txt"}


def pins(path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    entries = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}.*\n)+)",
                         text, re.MULTILINE)
    names = [line.split("==")[0] for line in text.splitlines() if line and line[0] not in " #"]
    assert len(entries) == len(names), "every pin carries its hashes"
    return {canonicalize_name(name): version for name, version, _ in entries}


def requirements(*extras: str) -> list[Requirement]:
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["dependencies"] + [item for extra in extras for item in project["optional-dependencies"][extra]]
    return [requirement for requirement in map(Requirement, listed)
            if requirement.marker is None or requirement.marker.evaluate()]


def test_every_requirement_is_pinned_by_hash_to_an_allowed_version():
    for lock, extras in (("tool", ("test", "release")), ("handbook", ())):
        pinned = pins(LOCKS[lock])
        for requirement in requirements(*extras):
            name = canonicalize_name(requirement.name)
            assert name in pinned, f"{LOCKS[lock].name}: {requirement} is not locked (requirements/update.sh)"
            assert requirement.specifier.contains(pinned[name], prereleases=True), \
                f"{LOCKS[lock].name}: {name}=={pinned[name]} is outside {requirement}"


def test_the_handbook_lock_uses_the_tool_lock_versions():
    tool, handbook = pins(LOCKS["tool"]), pins(LOCKS["handbook"])
    assert {name: tool.get(name) for name in handbook} == handbook
    assert "pytest" not in handbook and "playwright" not in handbook  # runtime packages only
