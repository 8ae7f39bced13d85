"""Roles and responsibilities: each role by unit, its holder and what it owns, with
vacant roles and departed holders flagged."""

from __future__ import annotations

from page_checks import assert_golden, handbook, ids, page_fixtures, section, visible_text  # noqa: F401 - fixture

from qms_tools.publishing.pages import roles


page, page_html = page_fixtures(roles.generate)


def test_roles_page_matches_golden(page):
    assert page.src_uri == "roller.md"
    assert_golden("roller.md", page.markdown)


def test_every_role_has_its_anchor_under_its_unit(handbook, page_html):
    assert {roles.anchor(role_id) for role_id in handbook.organisation.roles} <= ids(page_html)
    unit = visible_text(section(page_html, "hemtjänsten-testby"))
    assert "Verksamhetschef omsorg (processägare)" in unit and "Enhetschef hemtjänst" in unit
    assert "Samordnare utan enhet" in visible_text(section(page_html, "roller-utan-enhet"))


def test_a_vacant_role_is_flagged_with_what_it_owns(page_html):
    text = visible_text(section(page_html, "roll-enhetschef-boende"))
    assert "Innehavare: Vakant" in text
    assert "Äger 2 dokument: Checklista vid första besöket" in text and "Mall för anteckning" in text


def test_a_departed_holder_is_flagged_with_the_date(page_html):
    assert "Innehavare: Bo Lind Slutat 2026-09-30" in visible_text(section(page_html, "roll-enhetschef-hemtjanst"))
    assert '<span class="qms-badge qms-badge--departed">Slutat 2026-09-30</span>' in page_html


def test_roles_nobody_holds_are_listed_first_when_they_own_documents(page_html):
    attention = page_html[page_html.index('class="qms-attention"'):page_html.index("</div>")]
    text = visible_text(attention)
    assert "Enhetschef hemtjänst Bo Lind Slutat 2026-09-30 – äger 2 dokument" in text
    assert "Enhetschef Ekgården Vakant – äger 2 dokument" in text
    assert 'href="#roll-enhetschef-boende"' in attention


def test_withdrawn_documents_are_not_counted_as_owned(page_html):
    # The departed holder's role owns an in-force routine and a draft; the withdrawn one is not listed.
    text = visible_text(section(page_html, "roll-enhetschef-hemtjanst"))
    assert "Inskrivning i hemtjänsten" in text and "Genomförandeplan" in text
    assert "Inskrivning på papper" not in text


def test_an_owner_missing_from_the_registry_is_shown(page_html):
    text = visible_text(page_html[page_html.index('id="ägare-som-saknas-i-rollregistret"'):])
    assert "enhetschef-natt¶ Nattpatrullens nycklar Instruktion" in text


def test_a_role_that_owns_nothing_says_so(page_html):
    assert "Äger inga dokument." in visible_text(section(page_html, "roll-samordnare"))


def test_summary_counts(page_html):
    assert "Registret har 5 roller: 1 vakant och 1 där innehavaren har slutat." in visible_text(page_html)
