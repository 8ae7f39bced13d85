"""Whom a reader asks, and where a reader reports an error, without a GitHub account
(issue 19): the owner role's mailbox and phone, the quality role when the owner's role
is vacant or its holder has left (the fallback `qms review` uses), the handbook-wide
contact, and the channel qms.yml sets. The real fixture handbook, loaded by the checker."""

from __future__ import annotations

import datetime as dt
import html as html_module
import re
import shutil
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import FIXTURES, TODAY

from qms_tools.check.run import check_project
from qms_tools.handbook.history import History
from qms_tools.handbook.model import Handbook
from qms_tools.lifecycle.review_report import build_report
from qms_tools.publishing.pages.common import link
from qms_tools.publishing.pages.document import DocumentView, PageAddress, render_footer, render_header

PAGE_URL = "https://example.invalid/handbok/omsorg/mottagning/"
QUALITY = """  - id: kvalitetschef
    title: Kvalitetschef
    unit: kansli
    contact:
      email: kvalitet@testby.example
      phone: 08-465 004 90
    holder:
      name: Kim Kvist
      github: [kim-k]
"""


def _project(tmp_path, feedback: str) -> Handbook:
    root = tmp_path / "site_small"
    shutil.copytree(FIXTURES / "site_small", root)
    registry = root / "processes" / "organisation.yml"
    text = registry.read_text(encoding="utf-8").replace(
        "    title: Enhetschef hemtjänst\n    unit: hemtjanst\n",
        "    title: Enhetschef hemtjänst\n    unit: hemtjanst\n    contact:\n      email: hemtjansten@testby.example\n"
        "      phone: 08-465 004 91\n")
    registry.write_text(text + QUALITY, encoding="utf-8")
    with (root / "qms.yml").open("a", encoding="utf-8") as settings:
        settings.write("contact:\n  name: Kvalitetsenheten\n  email: kvalitetsenheten@testby.example\n" + feedback)
    result = check_project(root, dt.date.fromisoformat(TODAY))
    assert [finding for finding in result.findings if finding.rule.startswith(("settings", "organisation"))] == []
    return result.handbook


@pytest.fixture
def mail_handbook(tmp_path) -> Handbook:
    return _project(tmp_path, "feedback:\n  email: fel@testby.example\n")


@pytest.fixture
def form_handbook(tmp_path) -> Handbook:
    return _project(tmp_path, "feedback:\n  form: https://testby.example/e-tjanst/synpunkt?typ=handbok\n"
                              "  parameter: dok\n")


def _view(handbook: Handbook, document_id: str) -> DocumentView:
    document = handbook.by_id[document_id]
    return DocumentView(document, handbook, History(),
                        PageAddress(lambda target: str(link(document.content_path, target.partition("#")[0])),
                                    PAGE_URL))


def _section(html: str) -> str:
    start = html.index('<section class="qms-ask"')
    return html[start:html.index("</section>", start)]


def _hrefs(html: str) -> list[str]:
    return [html_module.unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


def _mail(href: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    return unquote(parts.path), {key: values[0] for key, values in parse_qs(parts.query).items()}


def test_the_owner_is_asked_by_mail_and_phone_naming_the_document(mail_handbook):
    section = _section(render_footer(_view(mail_handbook, "RUT-OMS-001")))
    assert "Fråga dokumentets ägare" in section and "<strong>Bo Berg</strong>, Enhetschef hemtjänst" in section
    owner = re.search(r'data-qms-contact="owner">(.*?)</ul>', section, re.DOTALL).group(1)
    mail, tel = _hrefs(owner)
    address, fields = _mail(mail)
    assert address == "hemtjansten@testby.example"
    assert fields["subject"].startswith("Fråga om RUT-OMS-001: Mottagning av beställning")
    assert "Dokument: RUT-OMS-001 – Mottagning av beställning" in fields["body"]
    assert f"Sida: {PAGE_URL}" in fields["body"]
    assert tel == "tel:0846500491"


@pytest.mark.parametrize("document_id, reason", [
    ("RUT-OMS-003", "Den som hade dokumentets ägarroll har slutat."),   # kanslichef left 2026-06-30
    ("RUT-OMS-004", "Dokumentets ägarroll är vakant."),                 # samordnare is vacant
])
def test_a_departed_or_vacant_owner_sends_the_reader_to_whoever_qms_review_names(mail_handbook, document_id, reason):
    document = mail_handbook.by_id[document_id]
    section = _section(render_footer(_view(mail_handbook, document_id)))
    assert f"{reason} Fråga i stället:" in section
    assert "<strong>Kim Kvist</strong>, Kvalitetschef" in section
    address, fields = _mail(_hrefs(re.search(r'data-qms-contact="owner">(.*?)</ul>', section, re.DOTALL).group(1))[0])
    assert address == "kvalitet@testby.example" and document_id in fields["subject"]
    # One answer in the handbook: the review report names the same person for this owner.
    group = next((group for group in build_report(mail_handbook).groups if group.responsible.role_id == document.owner),
                 None)
    if document_id == "RUT-OMS-003":   # in force and due soon, so in the report (the draft is not)
        assert group is not None and group.responsible.holder.name == "Kim Kvist"


def test_report_by_mail_names_id_title_and_version(mail_handbook):
    footer = render_footer(_view(mail_handbook, "RUT-OMS-001"))
    report = re.search(r'<a class="md-button md-button--primary" href="([^"]+)" data-qms-report>Rapportera fel</a>',
                       footer)
    address, fields = _mail(html_module.unescape(report.group(1)))
    assert address == "fel@testby.example"
    version = mail_handbook.by_id["RUT-OMS-001"].reviewed.isoformat()   # no history: the review date
    assert fields["subject"] == f"Fel i RUT-OMS-001: Mottagning av beställning (version {version})"
    assert f"Version: {version}" in fields["body"]


def test_report_by_the_organisations_form_carries_the_id(form_handbook):
    footer = render_footer(_view(form_handbook, "RUT-OMS-001"))
    report = html_module.unescape(re.search(r'href="([^"]+)" data-qms-report', footer).group(1))
    parts = urlsplit(report)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "testby.example", "/e-tjanst/synpunkt")
    assert parse_qs(parts.query) == {"typ": ["handbok"], "dok": ["RUT-OMS-001"]}


def test_the_github_form_is_for_editors_only(mail_handbook):
    footer = render_footer(_view(mail_handbook, "RUT-OMS-001"))
    editors = footer[footer.index('<details class="qms-editors">'):]
    reader_part = footer[:footer.index('<details class="qms-editors">')]
    assert "github.com" not in reader_part
    assert "<summary>För redaktörer</summary>" in editors
    assert "/issues/new?template=rapportera-fel.yml" in editors and "Föreslå ändring" in editors


def test_the_header_points_to_whom_to_ask(mail_handbook):
    assert '<a class="qms-ask-link" href="#qms-fraga">Frågor och fel</a>' in render_header(
        _view(mail_handbook, "RUT-OMS-001"))


def test_without_any_contact_settings_nobody_is_invented(tmp_path):
    root = tmp_path / "site_small"
    shutil.copytree(FIXTURES / "site_small", root)
    handbook = check_project(root, dt.date.fromisoformat(TODAY)).handbook
    footer = render_footer(_view(handbook, "RUT-OMS-003"))   # departed owner, no quality role in the registry
    assert "data-qms-report" not in footer and "mailto:" not in footer
    staffed = _section(render_footer(_view(handbook, "RUT-OMS-001")))
    assert "<strong>Bo Berg</strong>" in staffed and "data-qms-contact" not in staffed


def test_the_handbook_contact_is_not_repeated_when_it_is_the_mailbox_just_given(mail_handbook):
    import dataclasses

    from qms_tools.handbook.contact_details import ContactDetails

    settings = dataclasses.replace(mail_handbook.settings,
                                   contact=ContactDetails("kvalitet@testby.example", name="Kvalitetsenheten"))
    same = dataclasses.replace(mail_handbook, settings=settings)
    vacant = _section(render_footer(_view(same, "RUT-OMS-004")))    # the quality role's mailbox is the same
    assert vacant.count("kvalitet@testby.example") == 2 and 'data-qms-contact="handbook"' not in vacant
    staffed = _section(render_footer(_view(same, "RUT-OMS-001")))
    assert 'data-qms-contact="handbook"' in staffed
