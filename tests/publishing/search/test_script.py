"""The engine as the site serves it: comments and indentation gone, the code intact."""

from __future__ import annotations

import subprocess

from conftest import required_tool
from qms_tools.publishing.search.script import ENGINE, served_engine


def test_served_engine_keeps_no_comment_and_is_a_third_smaller():
    source = ENGINE.read_text(encoding="utf-8")
    served = served_engine()
    assert "/*" not in served and "*/" not in served
    assert len(served.encode("utf-8")) < 0.8 * len(source.encode("utf-8"))


def test_comment_markers_in_the_source_are_only_comments():
    """The stripping is sound only while no string or regular expression holds a comment
    marker: every ``/*`` starts a comment line or follows code a comment ends on."""
    for number, line in enumerate(ENGINE.read_text(encoding="utf-8").split("\n"), 1):
        code = line.split("/*", 1)[0]
        assert '"' not in code.split("//")[0] or "/*" not in line or line.rstrip().endswith("*/"), number
        assert "//" not in line.split("/*", 1)[0].replace("://", ""), f"engine.js:{number} has a // comment"


def test_served_engine_parses(tmp_path):
    node = required_tool("node", "apt-get install nodejs")
    served = tmp_path / "engine.js"
    served.write_text(served_engine(), encoding="utf-8")
    subprocess.run([node, "--check", str(served)], check=True)
