"""The start page: search up front, the areas with their processes, what changed
lately (from the Git history), and where the whole system stands."""

from __future__ import annotations

import datetime as dt

from page_checks import assert_golden, handbook, section, to_html, visible_text  # noqa: F401 - fixture

from qms_tools.handbook.history import Change, History
from qms_tools.publishing.pages import start


def history_of(paths: list[str]) -> History:
    """Real History data: the first path changed most recently."""
    newest = dt.datetime(2026, 11, 20, 15, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    return History(changes_by_path={
        path: [Change(f"{index:040x}", newest - dt.timedelta(days=index), "Rut Redaktör", f"Ändring {index}")]
        for index, path in enumerate(paths)})


def test_start_page_matches_golden(handbook):
    page = start.generate(handbook)
    assert (page.src_uri, page.title) == ("index.md", "Start")
    assert_golden("index.md", page.markdown)


def test_search_comes_first_as_a_button_that_opens_the_site_search(handbook):
    page_html = to_html(start.generate(handbook).markdown)
    assert page_html.index('<h1 id="kvalitetshandbok--testby-kommun">') < page_html.index("data-qms-search-prompt") \
        < page_html.index('id="verksamhetsområden"')
    assert '<button type="button" class="qms-search-prompt__button" data-qms-search-prompt>' in page_html
    assert "Sök rutin, process eller blankett" in visible_text(page_html)


def test_every_area_is_shown_with_its_processes_and_their_activities_in_order(handbook):
    page_html = to_html(start.generate(handbook).markdown)
    omsorg = visible_text(section(page_html, "omsorg"))
    assert "Hemtjänstprocessen Ta emot uppdraget → Genomföra insatsen → Följa upp" in omsorg
    assert "1 process, 7 dokument." in omsorg
    assert "Inga processer ännu. 0 processer, 0 dokument." in visible_text(section(page_html, "nytt-område"))
    assert '<a href="omraden/tomt.md">Nytt område</a>' in page_html


def test_recently_changed_documents_newest_first_from_the_history(handbook):
    paths = [document.path for document in handbook.documents]
    page_html = to_html(start.generate(handbook, history_of(list(reversed(paths)))).markdown)
    recent = visible_text(section(page_html, "senast-ändrade"))
    newest_first = list(reversed(handbook.documents))[:start.RECENT]
    assert recent.count("2026-") == start.RECENT
    positions = [recent.index(document.display_title) for document in newest_first[:3]]
    assert positions == sorted(positions)
    assert recent.startswith("Senast ändrade¶ 2026-11-20 ")


def test_no_history_no_recent_changes(handbook):
    assert "Senast ändrade" not in start.generate(handbook, None).markdown
    assert "Senast ändrade" not in start.generate(handbook, History()).markdown


def test_overview_states_where_the_system_stands(handbook):
    text = visible_text(section(to_html(start.generate(handbook).markdown), "överblick"))
    assert "Dokumentregister – alla 12 dokument, sortera och filtrera" in text
    assert "Täckning av SOSFS 2011:9 – 16 av 22 paragrafer har gällande dokument, 6 saknas" in text
    assert "Roller och ansvar – 1 vakant roll, 1 innehavare som har slutat" in text
    assert "Granskning – 1 försenad, 1 snart dags" in text
