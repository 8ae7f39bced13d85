"""Standalone files whose content is made when first read: a build can list thousands
of them before it renders any, and leave the making to whoever writes them."""

from __future__ import annotations

import pytest

from qms_tools.publishing.static_site import StaticFile


def test_content_is_made_once_when_first_read():
    made = []

    def make() -> str:
        made.append(1)
        return "<p>Hej</p>"

    file = StaticFile("d/RUT-1/index.html", make=make)
    assert made == []
    assert file.content == "<p>Hej</p>" and file.content == "<p>Hej</p>"
    assert made == [1]


def test_files_are_equal_by_path_and_content_however_made():
    made = StaticFile("a/index.html", make=lambda: "x")
    assert made == StaticFile("a/index.html", "x")
    assert made != StaticFile("a/index.html", "y")
    assert made != StaticFile("b/index.html", "x")


def test_a_file_needs_its_content_or_how_to_make_it():
    with pytest.raises(TypeError):
        StaticFile("a/index.html")
    with pytest.raises(TypeError):
        StaticFile("a/index.html", "x", make=lambda: "x")
