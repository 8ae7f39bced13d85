"""The handbook's search in a real browser, on the built sample handbook at phone size:
Swedish stems, compound parts, synonyms, exact ids, filters and withdrawn documents,
the keyboard, and what a page downloads before anyone searches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import only_for

from qms_tools.check.run import check_project
from qms_tools.handbook.markdown_scan import slugify
from qms_tools.language.text import stem, words

pytestmark = pytest.mark.browser

REPOSITORY = Path(__file__).resolve().parents[2]
START = "barn-och-unga/orosanmalan/"


@pytest.fixture(scope="module")
def handbook():
    return check_project(REPOSITORY, dt.date(2026, 11, 22)).handbook


@pytest.fixture
def page(open_page):
    return open_page(START)


def _open(page) -> None:
    page.click("[data-qms-search-open]")
    page.wait_for_function("window.qmsSearch !== undefined")


def _search(page, query: str) -> list[dict]:
    """Type a query and wait until its results are all shown; each result's texts."""
    page.fill("#qms-search-input", query)
    page.evaluate("() => { clearTimeout(window.qmsSearch.timer); return window.qmsSearch.run(); }")
    return page.eval_on_selector_all("#qms-search-results [role=option]", """options => options.map(option => ({
        title: option.querySelector('.qms-search__title').textContent,
        snippet: (option.querySelector('.qms-search__snippet') || {}).textContent || '',
        marked: [...option.querySelectorAll('.qms-search__snippet mark')].map(mark => mark.textContent),
        section: (option.querySelector('.qms-search__section') || {}).textContent || '',
        facts: option.querySelector('.qms-search__facts').textContent,
        href: option.href}))""")


def _ids(results: list[dict]) -> list[str]:
    return [result["facts"].rsplit(" · ", 1)[-1] for result in results]


def _loaded(page) -> list[str]:
    return page.evaluate("performance.getEntriesByType('resource').map(entry => entry.name)")


def test_a_page_loads_only_the_small_search_script_before_search_is_opened(page):
    search = [url for url in _loaded(page) if "/search/" in url]
    assert sorted(url.rsplit("/", 1)[-1] for url in search) == ["search.css", "search.js"]
    _open(page)
    page.wait_for_function("document.querySelector('[data-qms-search-filters] select') !== null")
    names = [url.rsplit("/search/", 1)[-1] for url in _loaded(page) if "/search/" in url]
    assert "engine.js" in names and "index.json" in names


def test_every_form_of_a_word_finds_the_routine_named_by_it(page):
    _open(page)
    for query in ("placeringen", "placeringar", "Placering"):
        results = _search(page, query)
        assert _ids(results)[0] == "RUT-BOU-005", query
        assert results[0]["title"].startswith("Placering")
        assert results[0]["facts"].startswith("Gällande")


def test_part_of_a_compound_finds_the_compound(page):
    _open(page)
    # Krisberedskap och kontinuitet; Säkerhet och krisberedskap
    assert {"RUT-STOD-006", "PROC-STOD-004"} <= set(_ids(_search(page, "kris"))[:5])
    # Genomförandeplan i hemtjänsten; Genomförandeplan inom LSS
    assert {"RUT-ALD-003", "RUT-LSS-002"} <= set(_ids(_search(page, "plan"))[:5])


def test_synonym_finds_documents_that_use_another_word_for_the_same_person(page, handbook):
    document = handbook.by_id["RUT-ALD-003"]
    text = document.body.lower()
    assert "klient" not in text and "brukare" in text  # the document only says "brukare"
    _open(page)
    # Documents that say "klient" come first (a synonym weighs less than the word);
    # with a second word, the one that says "brukare" is found through the synonym.
    assert _ids(_search(page, "klient genomförandeplan"))[0] == "RUT-ALD-003"


def test_exact_id_and_enter_opens_the_document(page, sample_site):
    _open(page)
    page.fill("#qms-search-input", " rut-bou-005 ")  # as typed on a phone
    page.press("#qms-search-input", "Enter")
    page.wait_for_url(sample_site + "barn-och-unga/placering/")
    assert not page.is_checked("#__search")


@only_for("intern")
def test_an_internal_document_is_found_and_opened_by_its_id_on_the_internal_site(page, sample_site):
    _open(page)
    assert _ids(_search(page, "krisledningens larmlista"))[0] == "RUT-STOD-014"
    page.fill("#qms-search-input", "RUT-STOD-014")
    page.press("#qms-search-input", "Enter")
    page.wait_for_url(sample_site + "stodprocesser/krisledning-larmlista/")


@only_for("offentlig")
def test_an_internal_document_is_neither_found_nor_known_by_its_id_on_the_public_site(page):
    _open(page)
    assert "RUT-STOD-014" not in _ids(_search(page, "krisledningens larmlista"))
    page.fill("#qms-search-input", "RUT-STOD-014")
    page.press("#qms-search-input", "Enter")
    page.wait_for_function("document.querySelector('[data-qms-search-status]').textContent"
                           ".startsWith('Inget dokument har id RUT-STOD-014.')")
    assert page.url.endswith(START)


def test_unknown_id_says_so_and_stays(page):
    _open(page)
    page.fill("#qms-search-input", "RUT-BOU-999")
    page.press("#qms-search-input", "Enter")
    page.wait_for_function("document.querySelector('[data-qms-search-status]').textContent"
                           ".startsWith('Inget dokument har id RUT-BOU-999.')")
    assert page.url.endswith(START)


def test_filter_by_area_keeps_only_that_areas_documents(page):
    _open(page)
    assert any("-ALD-" not in document_id for document_id in _ids(_search(page, "plan")))
    page.click(".qms-search__filters summary")
    value = page.eval_on_selector("select[data-filter=omrade]", """select => [...select.options]
        .find(option => option.textContent.startsWith('Äldreomsorg')).value""")
    page.select_option("select[data-filter=omrade]", value)
    filtered = _search(page, "plan")
    assert filtered and all("-ALD-" in document_id for document_id in _ids(filtered))
    assert _ids(filtered)[0] == "RUT-ALD-003"


def test_withdrawn_documents_are_shown_only_when_asked_for(page):
    _open(page)
    assert "RUT-LED-010" not in _ids(_search(page, "avvikelsehantering"))
    page.click(".qms-search__filters summary")
    page.check("[data-qms-search-withdrawn]")
    results = _search(page, "avvikelsehantering")
    withdrawn = [result for result in results if result["facts"].endswith("RUT-LED-010")]
    assert withdrawn and withdrawn[0]["facts"].startswith("Upphävd")


def test_result_names_the_section_that_matched(page):
    _open(page)
    results = {_ids([result])[0]: result for result in _search(page, "levnadsberättelse")}
    # Genomförandeplan i hemtjänsten mentions it once, under "Omfattning".
    assert results["RUT-ALD-003"]["section"] == "Avsnitt: Omfattning"
    assert results["RUT-ALD-003"]["href"].endswith("/aldreomsorg/genomforandeplan/#omfattning")


def test_keyboard_alone_moves_through_results_and_opens_one(page):
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "qms-search-input"
    page.wait_for_function("window.qmsSearch !== undefined")
    results = _search(page, "orosanmälan")
    combobox = page.locator("#qms-search-input")
    assert combobox.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert combobox.get_attribute("aria-activedescendant") == "qms-search-option-1"
    assert page.get_attribute("#qms-search-option-1", "aria-selected") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url(results[1]["href"])
    page.keyboard.press("Escape")


def test_escape_clears_then_closes(page):
    _open(page)
    _search(page, "placering")
    page.keyboard.press("Escape")
    assert page.input_value("#qms-search-input") == ""
    page.keyboard.press("Escape")
    assert not page.is_checked("#__search")


def test_browser_stems_every_word_of_the_handbook_as_the_build_does(page, handbook):
    _open(page)
    vocabulary = sorted({word for document in handbook.documents for word in words(document.body)})
    assert len(vocabulary) > 1000
    in_browser = page.evaluate("words => words.map(window.qmsSearchEngine.stem)", vocabulary)
    assert [(word, stem(word)) for word in vocabulary] == list(zip(vocabulary, in_browser))


def test_browser_derives_heading_anchors_as_the_index_expects(page, handbook):
    _open(page)
    headings = sorted({heading.text for document in handbook.documents for heading in document.headings}
                      | {"Koden <div> i en rubrik", "En <b>fet</b> rubrik", "  Åtgärder – äldre (65+)  "})
    in_browser = page.evaluate("texts => texts.map(window.qmsSearchEngine.slug)", headings)
    assert [(text, slugify(text)) for text in headings] == list(zip(headings, in_browser))



def _notice(page) -> str:
    return page.text_content("[data-qms-search-notice]")


def test_compound_title_comes_first_for_its_first_part(page):
    """"avvikelse", the start page's own example, opens Avvikelsehantering first."""
    _open(page)
    for query in ("avvikelse", "avvikelser"):
        results = _search(page, query)
        assert _ids(results)[0] == "RUT-LED-005", query
        assert results[0]["title"] == "Avvikelsehantering"


def test_a_typo_finds_the_word_and_says_what_was_searched(page):
    _open(page)
    results = _search(page, "genomförandplan")
    assert _ids(results)[0] in {"RUT-ALD-003", "RUT-LSS-002"}
    assert _notice(page).startswith("Menade du genomförandeplan? Träffarna gäller det.")
    # The query as typed is one tap away, and is then searched without correction.
    page.click("[data-qms-search-notice] button[data-action=exact]")
    page.wait_for_function("document.querySelector('[data-qms-search-status]').textContent"
                           ".startsWith('Inga träffar')")
    assert page.input_value("#qms-search-input") == "genomförandplan"
    assert "Menade du" not in _notice(page)


def test_menade_du_for_a_compound_typed_as_one_word(page):
    _open(page)
    results = _search(page, "fallrisk")
    assert _notice(page).startswith("Menade du fall risk?")
    assert _ids(results)[0] == "RUT-ALD-006"


def test_result_shows_the_sentence_that_matched_with_the_words_marked(page):
    _open(page)
    results = _search(page, "narkotiska läkemedel")
    assert _ids(results)[0] == "RIK-ALD-001"
    # The snippet follows once the query has stayed a moment (not while typing).
    page.wait_for_selector("#qms-search-option-0 .qms-search__snippet mark")
    snippet = page.text_content("#qms-search-option-0 .qms-search__snippet")
    marked = page.eval_on_selector_all("#qms-search-option-0 .qms-search__snippet mark",
                                       "marks => marks.map(mark => mark.textContent)")
    assert "Narkotiska läkemedel förvaras separat" in snippet
    assert {"Narkotiska", "läkemedel"} <= set(marked)


def test_withdrawn_matches_are_announced_and_shown_on_request(page):
    _open(page)
    results = _search(page, "avvikelsehantering")
    assert "RUT-LED-010" not in _ids(results)
    assert _notice(page) == "1 upphävt dokument matchade – visa"
    page.click("[data-qms-search-notice] button[data-action=withdrawn]")
    page.wait_for_selector("#qms-search-results a[href*='avvikelsehantering-2019']")
    assert page.is_checked("[data-qms-search-withdrawn]")
    assert _notice(page) == ""


def test_drafts_are_not_found_on_the_readers_site(page, handbook):
    """RUT-ALD-008 (digital tillsyn) is a draft: only the editors' preview publishes it
    (issue 19), where the engine labels it "Utkast, gäller inte än"."""
    assert handbook.by_id["RUT-ALD-008"].status.value == "utkast"
    _open(page)
    results = _search(page, "digital tillsyn")
    assert "RUT-ALD-008" not in _ids(results)
    assert not any(result["facts"].startswith("Utkast") for result in results)


def test_hint_is_written_for_touch_and_names_an_id_of_this_handbook(page, handbook):
    _open(page)
    page.wait_for_function("document.querySelector('[data-qms-search-example]').textContent !== ''")
    hint = page.text_content("#qms-search-hint")
    assert "Tryck på en träff" in hint and "Enter" not in hint and "Pilarna" not in hint
    example = hint.split(" som ", 1)[1].split(".", 1)[0]
    assert example in handbook.by_id
