"""The site navigation: a few overview pages, never one entry per document.

Material renders the whole navigation into every page, so a navigation that lists each
routine makes every page grow with the handbook. Routines are reached through the area
and process pages, the register and search instead.
"""

from __future__ import annotations

from mkdocs.structure.files import Files

from qms_tools.handbook.model import Handbook

HELP_FIRST = "guide/index.md"


def site_navigation(handbook: Handbook, files: Files, docs_dir: str) -> list:
    def present(src_uri: str) -> bool:
        return files.get_file_from_path(src_uri) is not None

    navigation: list = []
    if present("index.md"):
        navigation.append({"Start": "index.md"})
    areas = [{area.title: f"omraden/{area.id}.md"} for area in handbook.organisation.areas.values()
             if present(f"omraden/{area.id}.md")]
    if areas:
        navigation.append({"Områden": areas})
    if present("register.md"):
        navigation.append({"Dokumentregister": "register.md"})
    regulations = [{regulation.short_title: f"regelverk/{regulation.id}.md"}
                   for regulation in handbook.regulations.regulations if present(f"regelverk/{regulation.id}.md")]
    if len(regulations) == 1:
        navigation.append({"Regelverk": next(iter(regulations[0].values()))})
    elif regulations:
        navigation.append({"Regelverk": regulations})
    for title, src_uri in (("Roller och ansvar", "roller.md"), ("Granskning", "granskning.md")):
        if present(src_uri):
            navigation.append({title: src_uri})
    # The hand-written pages (editor guide, accessibility statement) are few by nature.
    hand_written = sorted((file.src_uri for file in files.documentation_pages()
                           if file.src_dir == docs_dir and file.src_uri != "index.md"),
                          key=lambda uri: (uri != HELP_FIRST, not uri.startswith("guide/"), uri))
    if len(hand_written) == 1:
        navigation.append({"Hjälp": hand_written[0]})
    elif hand_written:
        navigation.append({"Hjälp": hand_written})
    return navigation
