"""Atom feeds (RFC 4287) of the latest changes: one for the handbook, one per area and
one per unit (the unit of the document's owner role), so staff and managers can
subscribe in a feed reader, Outlook or Teams. A removed document is in the feeds of the
area and unit its last version belonged to.

A feed is the same list as the "Senaste ändringar" page (``publishing/changes``),
capped at ``ENTRIES`` entries. Every id is stable across builds: an entry's id is a
name-based UUID of the site, the document id and the commit, and the feed's ``updated``
is its newest entry's time (or the newest change of the content, for an empty feed), so
a rebuild with nothing new gives the same bytes and a reader shows nothing new.
"""

from __future__ import annotations

import functools
import uuid
import xml.etree.ElementTree as ElementTree
from typing import Callable

from qms_tools.handbook.model import Handbook
from qms_tools.publishing.changes import RecentChange, what_changed
from qms_tools.publishing.qr import permanent_address
from qms_tools.publishing.static_site import StaticFile

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
FOLDER = "andringar"
HANDBOOK_FEED = f"{FOLDER}/handbok.xml"
PAGE_PATH = "andringar/"
"""The address of the "Senaste ändringar" page under the site (with directory URLs)."""


def area_feed(area_id: str) -> str:
    return f"{FOLDER}/omrade/{area_id}.xml"


def unit_feed(unit_id: str) -> str:
    return f"{FOLDER}/enhet/{unit_id}.xml"


def feed_index(handbook: Handbook) -> list[tuple[str, str]]:
    """(title, site path) of every feed, the handbook's first."""
    organisation = handbook.organisation
    return [("Hela handboken", HANDBOOK_FEED),
            *((f"Område: {area.title}", area_feed(area.id)) for area in organisation.areas.values()),
            *((f"Enhet: {unit.title}", unit_feed(unit.id)) for unit in organisation.units.values())]


def feed_files(handbook: Handbook, changes: Callable[[], list[RecentChange]]) -> list[StaticFile]:
    """Every feed, each made when it is first read; none without ``site_url`` (an Atom
    id and link must be absolute)."""
    site_url = handbook.settings.site_url
    if not site_url:
        return []
    organisation = handbook.organisation
    site = site_url.rstrip("/") + "/"

    def unit_of(item: RecentChange) -> str | None:
        unit = organisation.unit_of(item.facts.owner) if item.facts else None
        return unit.id if unit else None

    def make(path: str, title: str, keep: Callable[[RecentChange], bool]) -> str:
        return _feed(handbook, site, path, title, [item for item in changes() if keep(item)])

    name = organisation.name or "Kvalitetshandboken"
    files = [StaticFile(HANDBOOK_FEED, make=functools.partial(
        make, HANDBOOK_FEED, f"Senaste ändringar – {name}", lambda item: True))]
    for area in organisation.areas.values():
        files.append(StaticFile(area_feed(area.id), make=functools.partial(
            make, area_feed(area.id), f"Senaste ändringar – {area.title}, {name}",
            lambda item, area_id=area.id: item.facts is not None and item.facts.area == area_id)))
    for unit in organisation.units.values():
        files.append(StaticFile(unit_feed(unit.id), make=functools.partial(
            make, unit_feed(unit.id), f"Senaste ändringar – {unit.title}, {name}",
            lambda item, unit_id=unit.id: unit_of(item) == unit_id)))
    return files


def _feed(handbook: Handbook, site: str, path: str, title: str, items: list[RecentChange]) -> str:
    ElementTree.register_namespace("", ATOM)

    def element(parent: ElementTree.Element, tag: str, value: str | None = None, **attributes: str):
        child = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if value is not None:
            child.text = value
        return child

    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "sv"})
    element(feed, "id", f"{site}{path}")
    element(feed, "title", title)
    element(feed, "subtitle", "Nya, ändrade, granskade, flyttade, upphävda och borttagna dokument de senaste 90 dagarna.")
    items = items[:ENTRIES]
    newest = items[0].change.date if items else (handbook.history.log[0].date if handbook.history and
                                                 handbook.history.log else None)
    element(feed, "updated", _time(newest) if newest else "1970-01-01T00:00:00Z")
    element(feed, "link", rel="self", type="application/atom+xml", href=f"{site}{path}")
    element(feed, "link", rel="alternate", type="text/html", href=f"{site}{PAGE_PATH}")
    author = element(feed, "author")
    element(author, "name", handbook.organisation.name or "Kvalitetshandboken")
    element(feed, "generator", "qms-tools")
    for item in items:
        entry = element(feed, "entry")
        element(entry, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"{site}#{item.key}").urn)
        element(entry, "title", f"{item.kind.capitalize()}: {item.title} ({item.document_id})")
        element(entry, "updated", _time(item.change.date))
        element(entry, "link", rel="alternate", type="text/html", href=permanent_address(site, item.document_id))
        element(entry, "category", term=item.kind)
        element(entry, "summary", f"{item.change.date.date().isoformat()}: {what_changed(handbook, item.kind, item.change)}")
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


def _time(moment) -> str:
    return moment.isoformat(timespec="seconds")
