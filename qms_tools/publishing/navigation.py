"""The site navigation: a few overview pages, never one entry per document.

Material renders the whole navigation into every page, so a navigation that lists each
routine makes every page grow with the handbook. Routines are reached through the area
and process pages, the register and search instead.
"""

from __future__ import annotations

from typing import Collection, Iterable

from qms_tools.handbook.model import Handbook

READER_HELP = ("guide/lasa-handboken.md", "tillganglighet.md")
"""The hand-written pages for readers, in menu order: how to find and read the handbook
first, then the accessibility statement (which the law requires be easy to find)."""
EDITOR_GUIDE = "guide/index.md"
"""The editors' guide: one menu entry after the readers' help. Its other pages (guide/)
are reached from it; a menu section of their own would add a kilobyte to every page."""
TECHNICAL_FOLDER = "teknik/"
"""Pages for IT staff (benchmarks, address space): published, but in no menu."""


def site_navigation(handbook: Handbook, pages: Collection[str], hand_written: Iterable[str]) -> list:
    """The menu as a site generator's ``nav``: titles and source paths of the site's
    pages. ``pages``: the source path of every page the site has; ``hand_written``: those
    of the hand-written pages (docs_dir)."""
    def present(src_uri: str) -> bool:
        return src_uri in pages

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
    for title, src_uri in (("Lagar", "lagar/index.md"), ("Roller och ansvar", "roller.md"),
                           ("Granskning", "granskning.md")):
        if present(src_uri):
            navigation.append({title: src_uri})
    # The hand-written pages are few by nature. Readers (care staff) see their own help;
    # the editors' guide is a section of its own; technical pages are in no menu.
    hand_written = [uri for uri in hand_written if uri != "index.md"]
    readers = [uri for uri in READER_HELP if uri in hand_written]
    editors = [EDITOR_GUIDE] if EDITOR_GUIDE in hand_written else []
    guide_folder = EDITOR_GUIDE.rpartition("/")[0] + "/"
    others = sorted(uri for uri in hand_written if uri not in readers
                    and not uri.startswith((guide_folder, TECHNICAL_FOLDER)))
    for title, pages in (("Hjälp", readers + others), ("För redaktörer", editors)):
        if len(pages) == 1:
            navigation.append({title: pages[0]})
        elif pages:
            navigation.append({title: pages})
    return navigation
