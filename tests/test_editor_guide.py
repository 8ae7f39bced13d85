"""The Swedish editor guide: its links lead somewhere and its how-tos are step lists."""

from __future__ import annotations

import re

import pytest

from conftest import REPOSITORY
from qms_tools.handbook.markdown_scan import headings, links, prose_lines

GUIDE = REPOSITORY / "docs" / "guide"
PAGES = ["index.md", "andra-rutin.md", "godkannande.md"]
HOW_TOS = ["Ändra en rutin i webbläsaren", "Öppna en pull request", "Läs kontrollens resultat", "Vem godkänner",
           "Registrera en granskning utan ändringar", "Upphäva ett dokument", "Skapa ett nytt dokument",
           "Rätta formfel med ett klick", "Byta ägare eller innehavare", "Arbeta i Codespaces"]


@pytest.mark.parametrize("page", PAGES)
def test_guide_links_and_anchors_resolve(page):
    text = (GUIDE / page).read_text(encoding="utf-8")
    for link in links(text, 1):
        if link.is_external:
            continue
        target = GUIDE / link.path_part if link.path_part else GUIDE / page
        assert target.is_file(), f"{page}:{link.line}: {link.url} leads nowhere"
        if link.anchor:
            slugs = {heading.slug for heading in headings(target.read_text(encoding="utf-8"), 1)}
            assert link.anchor in slugs, f"{page}:{link.line}: no heading #{link.anchor} in {target.name}"


def sections(text: str) -> dict[str, list[str]]:
    """Level-2 sections with their prose lines (code excluded)."""
    result: dict[str, list[str]] = {}
    current = None
    for _, line in prose_lines(text, 1):
        if line.startswith("## "):
            current = line[3:].strip()
            result[current] = []
        elif current:
            result[current].append(line)
    return result


def test_every_how_to_is_a_numbered_step_list():
    found = sections((GUIDE / "andra-rutin.md").read_text(encoding="utf-8"))
    for title in HOW_TOS:
        steps = [line for line in found[title] if re.match(r"^\d+\. ", line)]
        assert len(steps) >= 3, f"'{title}' has {len(steps)} numbered steps"
        numbers = [int(step.split(".")[0]) for step in steps]
        assert numbers[0] == 1


def test_guide_names_the_commands_it_relies_on():
    text = (GUIDE / "andra-rutin.md").read_text(encoding="utf-8")
    for command in ("qms new rutin --process", "qms reviewed", "qms fix", "qms check", "replaced_by",
                    "status: upphävd"):
        assert command in text


def test_moving_from_word_is_a_numbered_step_list_naming_the_command():
    text = (GUIDE / "andra-rutin.md").read_text(encoding="utf-8")
    section = sections(text)["Flytta rutiner från Word"]
    importing = section[section.index("### Importera") + 1:]
    steps = [line for line in importing[:next(i for i, line in enumerate(importing) if line.startswith("### "))]
             if re.match(r"^\d+\. ", line)]
    assert len(steps) >= 3
    # The command stands in a code block of step 2, which prose_lines leaves out.
    whole = text[text.index("## Flytta rutiner från Word"):]
    whole = whole[:whole.find("\n## ", 1) if "\n## " in whole[1:] else len(whole)]
    for words in ("qms import", "--area", "--owner", "--type", "source_sha256", "Fastställd datum", "qms check"):
        assert words in whole, words


def test_the_browser_paths_name_what_the_workflows_really_show():
    """The guide sends editors to workflows, a comment command, a form and review texts:
    each must be what the workflows and the package really use."""
    from qms_tools.lifecycle.browser_editing import fix_suggestions, review_request
    from test_workflows import WORKFLOWS, workflow

    text = (GUIDE / "andra-rutin.md").read_text(encoding="utf-8")
    approval = (GUIDE / "godkannande.md").read_text(encoding="utf-8")
    for name in ("forslag.yml", "agare.yml", "granskad.yml", "rattningar.yml"):
        assert f"*{workflow(WORKFLOWS / name)['name']}*" in text, name
        assert f"`{name}`" in approval, name
    assert review_request.COMMAND.match("/granskad") and review_request.COMMAND.match("/granskad RUT-BOU-001")
    assert "`/granskad`" in text and "`/granskad RUT-BOU-001`" in text
    suggestion = fix_suggestions.Suggestion("a.md", 1, 1, ("x",)).comment()["body"]
    assert "*" + suggestion.split(" (")[0] + "*" in text
    form = (REPOSITORY / ".github/ISSUE_TEMPLATE/forslag-ny-rutin.yml").read_text(encoding="utf-8")
    assert form.startswith("name: Förslag på ny rutin\n") and "*Förslag på ny rutin*" in text
    assert "https://codespaces.new/" in text
