"""The page for an address that leads nowhere, as a static host serves it (its own
404.html with status 404, at whatever depth the address had): in Swedish, styled, with
a way on, and a permanent link typed in lower case still reaches its document."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("missing", ["finns-inte/", "barn-och-unga/finns/inte/alls/", "d/RUT-XXX-999/"])
def test_a_missing_page_says_so_in_swedish_at_any_depth(phone, sample_site, missing):
    response = phone.goto(sample_site + missing, wait_until="load")
    assert response.status == 404
    assert phone.locator("article h1").inner_text() == "Sidan finns inte"
    assert phone.locator("[data-qms-notfound-address]").inner_text() == "/" + missing
    # Material's stylesheet reached the page: its header is fixed at the top, not in the flow.
    assert phone.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    assert "Not found" not in phone.content()


def test_the_missing_page_leads_on_to_the_register_and_to_search(phone, sample_site):
    phone.goto(sample_site + "barn-och-unga/finns/inte/", wait_until="load")
    phone.locator("[data-qms-search-prompt]").tap()
    phone.locator("#qms-search-input").wait_for(state="visible")
    assert phone.evaluate("document.activeElement.id") == "qms-search-input"
    phone.goto(sample_site + "barn-och-unga/finns/inte/", wait_until="load")
    phone.get_by_role("link", name="Dokumentregistret").tap()
    # Material's instant navigation changes the address before it swaps the page.
    expect(phone.locator("article h1")).to_have_text(re.compile(r"^Dokumentregister"))
    assert phone.url.endswith("/register/")


@pytest.mark.parametrize("typed", ["d/rut-bou-001/", "d/Rut-Bou-001/", "d/rut-bou-001"])
def test_a_permanent_link_in_another_case_reaches_its_document(phone, sample_site, typed):
    phone.goto(sample_site + typed)
    phone.wait_for_url("**/barn-och-unga/orosanmalan/")
    assert phone.locator(".qms-document[data-document-id='RUT-BOU-001']").count() == 1


@pytest.mark.parametrize("missing", ["finns-inte/", "barn-och-unga/finns/inte/alls/"])
def test_a_missing_page_names_the_handbook_contact_at_any_depth(phone, sample_site, missing):
    # qms.yml's contact, as "Frågor och fel" under every document shows it.
    phone.goto(sample_site + missing, wait_until="load")
    block = phone.locator("#qms-fraga")
    expect(block.locator("h2")).to_have_text("Frågor och fel")
    assert "Kvalitetsenheten" in block.inner_text()
    mail = block.locator("[data-qms-contact='handbook'] a[href^='mailto:']")
    href = mail.get_attribute("href")
    assert href.startswith("mailto:kvalitetsenheten@ekebro.example?")
    # The message names the address that led nowhere, so the link can be mended.
    body = phone.evaluate("href => new URL(href).searchParams.get('body')", href)
    assert f"Adress: {sample_site}{missing}" in body
    assert block.locator("a[href^='tel:']").get_attribute("href") == "tel:0846500400"
    if missing.count("/") > 1:
        screenshot(phone, "telefon-404")
