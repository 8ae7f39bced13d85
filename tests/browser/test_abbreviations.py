"""Abbreviations in a routine's text on a phone (390x844, touch): a tap shows what the
abbreviation stands for beside it, a second tap hides it; the keyboard does the same, and
a screen reader meets a button named by the abbreviation and described by its expansion."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LEX_MARIA = "aldreomsorg/lex-maria/"   # "anmäls till Inspektionen … (IVO)", "MAS utreder …"


def test_a_tap_on_an_abbreviation_shows_what_it_stands_for(open_page):
    page = open_page(LEX_MARIA)
    mark = page.locator("article p abbr[data-qms-abbr]", has_text="IVO").first
    mark.scroll_into_view_if_needed()
    expansion = page.locator("#" + mark.get_attribute("aria-controls"))
    assert not expansion.is_visible()
    mark.tap()
    assert mark.get_attribute("aria-expanded") == "true"
    assert expansion.is_visible() and expansion.inner_text().strip() == "(Inspektionen för vård och omsorg)"
    mark.tap()
    assert not expansion.is_visible() and mark.get_attribute("aria-expanded") == "false"


def test_the_keyboard_opens_it_and_a_screen_reader_hears_the_expansion(open_page):
    page = open_page(LEX_MARIA)
    mark = page.locator("article abbr[data-qms-abbr]", has_text="MAS").first
    mark.focus()
    page.keyboard.press("Enter")
    assert mark.get_attribute("aria-expanded") == "true"
    snapshot = page.get_by_role("button", name="MAS", exact=True).first
    assert snapshot.get_attribute("title") == "Medicinskt ansvarig sjuksköterska"

