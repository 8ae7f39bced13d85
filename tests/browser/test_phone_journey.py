"""The phone journey of issue 19: an assistant nurse scans the QR code on a poster,
reads the routine, and reaches whom to ask, with the document's id in the message, in
at most two taps, without a GitHub account. Measured on the built sample handbook at
390x844 with touch; the mail program is not opened: the second tap's link is recorded."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

RECORD_TAPPED_LINKS = """() => {
    window.qmsTapped = [];
    document.addEventListener('click', event => {
        const link = event.target.closest('a[href^="mailto:"], a[href^="tel:"]');
        if (link) { window.qmsTapped.push(link.href); event.preventDefault(); }
    }, true);
}"""


@pytest.mark.parametrize("document_id, address", [
    ("RUT-BOU-001", "mottagningen.bou@ekebro.example"),   # the owner's own mailbox
    ("rut-vux-003", "kvalitetsenheten@ekebro.example"),   # vacant owner: the quality role, as in `qms review`
])
def test_qr_link_to_the_owners_contact_in_two_taps(phone, sample_site, document_id, address):
    # The permanent link is a redirecting page; the routine is where it lands.
    page = phone
    page.goto(sample_site + f"d/{document_id}/", wait_until="commit")
    page.wait_for_selector(f".qms-document[data-document-id='{document_id.upper()}']")
    page.evaluate(RECORD_TAPPED_LINKS)
    taps = 0
    ask = page.locator(".qms-facts a.qms-ask-link")
    assert ask.is_visible() and ask.bounding_box()["y"] + ask.bounding_box()["height"] <= PHONE.height
    ask.tap()
    taps += 1
    contact = page.locator("[data-qms-contact='owner'] a[href^='mailto:']")
    page.wait_for_function("() => location.hash === '#qms-fraga'")
    # The jump may scroll smoothly: wait until the page has come to rest.
    page.wait_for_function("""() => new Promise(done => { const y = scrollY;
        requestAnimationFrame(() => requestAnimationFrame(() => done(scrollY === y && y > 0))); })""")
    box = contact.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE.height, "the contact is not on the screen after tap 1"
    assert box["height"] >= 44
    contact.tap()
    taps += 1
    (tapped,) = page.evaluate("window.qmsTapped")
    parts = urlsplit(tapped)
    assert unquote(parts.path) == address
    subject = parse_qs(parts.query)["subject"][0]
    assert document_id.upper() in subject
    assert taps <= 2


def test_report_error_is_a_mail_naming_the_document_not_github(open_page):
    page = open_page("barn-och-unga/orosanmalan/")
    report = page.locator("[data-qms-report]")
    assert report.is_visible()
    parts = urlsplit(report.get_attribute("href"))
    fields = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert parts.scheme == "mailto" and fields["subject"].startswith("Fel i RUT-BOU-001: Orosanmälan om barn och unga")
    assert "Version:" in fields["body"]
    # GitHub's form stays, folded away under "För redaktörer".
    github = page.locator(".qms-editors a[href*='github.com'][href*='issues/new']")
    assert github.count() == 1 and not github.is_visible()
    page.locator(".qms-editors > summary").tap()
    assert github.is_visible()
