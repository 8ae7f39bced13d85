"""Review dates as iCalendar feeds (RFC 5545), so owners see them in Outlook's calendar
next to the rest of the annual wheel (årshjul).

One feed has every review; one per unit has the reviews of the documents its roles own.
Written by hand rather than with a library: the format needed is small, and writing it
here keeps the output byte-for-byte stable (UIDs from document ids, a stamp from the
given moment), so a subscribed calendar updates events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from qms_tools.handbook.contacts import responsible_for, role_label
from qms_tools.handbook.model import Document, Handbook
from qms_tools.handbook.personal_ids import find_in_published
from qms_tools.handbook.settings import ProjectError
from qms_tools.lifecycle.review_report import permanent_url

ALL_FEED = "granskningar.ics"
PRODUCT_ID = "-//qms-tools//Kvalitetshandbok granskningar//SV"
MAX_LINE_OCTETS = 75


def feed_name(unit_id: str) -> str:
    return f"granskningar-{unit_id}.ics"


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11). Control characters other than line breaks
    and tabs may not stand in a content line (3.1): a calendar reader stops at them, so
    each becomes a space, whatever the check said about the value."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub(" ", value)
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    pieces, current, size = [], "", 0
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > MAX_LINE_OCTETS:
            pieces.append(current)
            current, size = " ", 1  # the continuation's leading space counts as an octet
        current += character
        size += octets
    pieces.append(current)
    return "\r\n".join(pieces)


@dataclass(frozen=True)
class ReviewEvent:
    uid: str
    date: dt.date
    summary: str
    description: str
    url: str | None


def _uid_domain(handbook: Handbook) -> str:
    for address in (handbook.settings.site_url, handbook.settings.repo_url):
        if address and urlsplit(address).hostname:
            return urlsplit(address).hostname
    return "kvalitetshandbok.invalid"


def review_event(handbook: Handbook, document: Document) -> ReviewEvent:
    responsible = responsible_for(handbook.organisation, document.owner, handbook.today,
                                  handbook.settings.quality_role)
    url = permanent_url(handbook.settings, document)
    description = [f"Ägare: {role_label(responsible.role, document.owner)}",
                   f"Kontakt: {responsible.contact_label}"]
    if responsible.gap is not None:
        description.append(f"Eftersom: {responsible.reason}")
    description.extend(f"Lagändring sedan granskningen: {suspicion.summary}"
                       for suspicion in handbook.suspicions_of(document, verified_only=True))
    description.append(f"Länk: {url}" if url else f"Fil: {document.path}")
    description.append(f"Granskning utan ändringar registreras med: qms reviewed {document.id}")
    return ReviewEvent(uid=f"granskning-{document.id}@{_uid_domain(handbook)}", date=document.review.due,
                       summary=f"Granska: {document.display_title} ({document.id})",
                       description="\n".join(description), url=url)


def render(events: list[ReviewEvent], name: str, stamp: dt.datetime) -> str:
    stamp_text = stamp.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT_ID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"NAME:{escape_text(name)}", f"X-WR-CALNAME:{escape_text(name)}",
             "REFRESH-INTERVAL;VALUE=DURATION:P1D", "X-PUBLISHED-TTL:P1D"]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp_text}",
                  f"DTSTART;VALUE=DATE:{event.date.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{(event.date + dt.timedelta(days=1)).strftime('%Y%m%d')}",
                  f"SUMMARY:{escape_text(event.summary)}", f"DESCRIPTION:{escape_text(event.description)}",
                  "TRANSP:TRANSPARENT"]
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


@dataclass(frozen=True)
class Feed:
    file_name: str
    title: str
    text: str


def feeds(handbook: Handbook, stamp: dt.datetime) -> list[Feed]:
    """The all-events feed, then one per unit that has reviews. A feed with no events is
    not written: RFC 5545 requires at least one component."""
    organisation = handbook.organisation
    scheduled = sorted((document for document in handbook.by_id.values() if document.review.due is not None),
                       key=lambda document: (document.review.due, document.id))
    if not scheduled:
        return []
    owner_name = organisation.name or "kvalitetshandboken"
    result = [Feed(ALL_FEED, f"Granskningar – {owner_name}",
                   render([review_event(handbook, document) for document in scheduled],
                          f"Granskningar – {owner_name}", stamp))]
    by_unit: dict[str, list[Document]] = {}
    for document in scheduled:
        unit = organisation.unit_of(document.owner)
        if unit is not None:
            by_unit.setdefault(unit.id, []).append(document)
    for unit_id in organisation.units:
        if unit_id in by_unit:
            title = f"Granskningar – {organisation.units[unit_id].title}"
            result.append(Feed(feed_name(unit_id), title,
                               render([review_event(handbook, document) for document in by_unit[unit_id]],
                                      title, stamp)))
    return result


def write_feeds(handbook: Handbook, output: Path, stamp: dt.datetime) -> list[Path]:
    """Write the feeds into ``output`` (the deploy workflow puts them into the built site,
    after the site's final gate has run): none is written if any would publish a personal
    identity number, from a title or the role registry."""
    made = feeds(handbook, stamp)
    hits = [(feed.file_name, match.masked) for feed in made for match in find_in_published(feed.text)]
    if hits:
        raise ProjectError("Kalenderfilerna skrivs inte: de skulle innehålla personnummer eller "
                           "samordningsnummer (" + ", ".join(f"{name}: {masked}" for name, masked in hits)
                           + "). Ta bort numret ur dokumentets titel eller ur rollregistret och kör igen.")
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for feed in made:
        target = output / feed.file_name
        target.write_bytes(feed.text.encode("utf-8"))
        written.append(target)
    return written
