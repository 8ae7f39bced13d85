"""The plugin touches MkDocs only through its public API: the documented events and
``File.generated``, no private attribute of any MkDocs object, and a file class of its
own changes nothing of how MkDocs reads or copies a file (issue 23).

Read from the plugin's source with Python's own parser, so that a later change cannot
slip past with a different spelling of the same access."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from mkdocs.plugins import EVENTS
from mkdocs.structure.files import File

import qms_tools.mkdocs_plugin
from qms_tools.mkdocs_plugin.plugin import QmsPlugin

PLUGIN_DIR = Path(qms_tools.mkdocs_plugin.__file__).parent
SOURCES = sorted(PLUGIN_DIR.glob("*.py"))

OVERRIDABLE = {"is_modified"}
"""What a file class of the plugin may redefine: when a `mkdocs serve --dirty` rebuild
redoes it (a public method MkDocs asks). Reading and copying stay MkDocs' own."""


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _trees():
    for path in SOURCES:
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_no_private_attribute_of_another_object_is_read_or_set():
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            # self._x and cls._x are the plugin's own state; anything else with a leading
            # underscore belongs to someone else (MkDocs' config, files, plugins).
            if isinstance(node, ast.Attribute) and _private(node.attr):
                owner = node.value
                if not (isinstance(owner, ast.Name) and owner.id in ("self", "cls")):
                    found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def test_file_classes_of_the_plugin_change_only_public_overridable_methods():
    file_attributes = set(dir(File))
    checked = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            module = __import__(f"qms_tools.mkdocs_plugin.{path.stem}", fromlist=[node.name])
            cls = getattr(module, node.name, None)
            if not (inspect.isclass(cls) and issubclass(cls, File)):
                continue
            checked.append(node.name)
            for member in node.body:
                names = ([member.name] if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)) else
                         [target.id for target in getattr(member, "targets", [getattr(member, "target", None)])
                          if isinstance(target, ast.Name)])
                for name in names:
                    assert not _private(name), f"{path.name}: {node.name}.{name}"
                    assert name not in file_attributes or name in OVERRIDABLE, f"{path.name}: {node.name}.{name}"
    assert checked  # the preview's file class is read, so the test reads what it means to


def test_every_hook_is_a_documented_event():
    events = {f"on_{event}" for event in EVENTS}
    hooks = {name for name, _ in inspect.getmembers(QmsPlugin, inspect.isfunction) if name.startswith("on_")}
    assert hooks and hooks <= events, hooks - events
