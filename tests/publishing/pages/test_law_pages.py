"""The law pages and the review page as readers get them: on the `laws` fixture (a
verified and an unverified amendment) and on the sample handbook's built site, where the
lex Sarah routine, last reviewed before SoL (2025:400) came into force, waits for review."""

from __future__ import annotations

import datetime as dt

from conftest import FIXTURES, TODAY, REPOSITORY

from page_checks import hrefs, to_html, visible_text

from qms_tools.handbook.loader import load
from qms_tools.publishing.pages import generate_all, laws, review_status

CASE = FIXTURES / "laws"
AMENDMENTS = """      - {number: "TFS 2026:2", in_force: 2026-03-01, touches: ["6 §"], source: testdata, verified: true}
      - {number: "TFS 2026:3", in_force: 2026-03-15, touches: ["7 §"], source: testdata, verified: false}
"""


def fixture_pages(tmp_path) -> dict[str, str]:
    import shutil

    root = tmp_path / "laws"
    shutil.copytree(CASE, root)
    path = root / "lagar.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    successors:\n", AMENDMENTS + "    successors:\n"),
                    encoding="utf-8")
    handbook = load(root, dt.date(2026, 4, 1)).handbook
    return {page.src_uri: page.markdown for page in generate_all(handbook)}


def test_an_act_page_has_its_timeline_the_waiting_documents_and_each_provision(tmp_path):
    pages = fixture_pages(tmp_path)
    page_html = to_html(pages["lagar/tl-2020-1.md"])
    text = visible_text(page_html)
    assert text.startswith("TL (2020:1)")
    waiting = text[text.index("Väntar på granskning"):text.index("Ändringar")]
    assert "Insatser enligt testlagen" in waiting and "RUT-LAG-002, granskad 2026-01-10" in waiting
    # The unverified amendment to 7 § is for the editors: readers see neither it nor its effect.
    assert "Avgifter" not in waiting and "TFS 2026:3" not in text
    timeline = text[text.index("Ändringar"):text.index("Hänvisningar per bestämmelse")]
    assert timeline.index("2026-03-01 Ändring genom TFS 2026:2 6 §") < timeline.index(
        "2024-07-01 Ändring genom TFS 2024:1 6 §, upph. 5 §") < timeline.index("2020-07-01 TL (2020:1) träder i kraft")
    for anchor, title in (("p-5", "5 §"), ("p-6", "6 §"), ("p-7", "7 §")):
        assert f'id="{anchor}"' in page_html and f">{title}<" in page_html.replace("¶", "")
    assert "../omr/insatser.md" in hrefs(page_html)


def test_the_review_page_shows_only_verified_changes(tmp_path):
    pages = fixture_pages(tmp_path)
    text = visible_text(to_html(pages["granskning.md"]))
    assert "Lagändring TL (2020:1) ändrades genom TFS 2026:2 (6 §), i kraft 2026-03-01" in text
    assert "TFS 2026:3" not in text and "verifierad" not in text


def test_the_repealed_act_page_names_its_successor_without_the_unverified_mapping(tmp_path):
    pages = fixture_pages(tmp_path)
    text = visible_text(to_html(pages["lagar/sol-2001-453.md"]))
    assert "Upphävd 2025-07-01 – ersatt av SoL (2025:400)" in text
    assert "27 kap." not in text  # the old→new mapping is not verified
    index = visible_text(to_html(pages[laws.INDEX_URI]))
    assert "SoL (2001:453) (upphävd)" in index


def test_the_sample_shows_the_suspect_routine_on_its_review_page():
    handbook = load(REPOSITORY, dt.date.fromisoformat(TODAY)).handbook
    text = visible_text(to_html(review_status.generate(handbook).markdown))
    assert ("Lex Sarah: rapportera, utreda och anmäla missförhållanden Rutin RUT-STOD-003, senast 2027-01-31 "
            "Lagändring SoL (2025:400) trädde i kraft 2025-07-01; dokumentet hänvisar till SoL.") in text


def test_the_built_sample_site_shows_the_suspect_routine(sample_build):
    review = visible_text(sample_build.page("granskning"))
    assert "RUT-STOD-003" in review and "SoL (2025:400) trädde i kraft 2025-07-01" in review
    page_html = sample_build.page("lagar/sol-2025-400")
    waiting = visible_text(page_html[page_html.index('id="vantar-pa-granskning"'):page_html.index('id="andringar"')])
    assert "Lex Sarah: rapportera, utreda och anmäla missförhållanden" in waiting
    assert "RUT-STOD-003" in visible_text(page_html[page_html.index('id="kap-27"'):])
    assert "inte verifierad" not in visible_text(page_html)
