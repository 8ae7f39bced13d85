"""References to provisions in `laws:` and the law data behind them: what is accepted,
what is refused with "Menade du …?", and that a project file adds an act or an amendment
without code (data/laws.yml is the shipped data, read as shipped)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from conftest import write

from qms_tools.handbook.regulations import Provision, load_laws, parse_provision
from qms_tools.handbook.settings import ProjectError

LAWS = load_laws()


@pytest.mark.parametrize(("written", "law_id", "provision"), [
    ("SoL", "SoL", None),
    ("SoL 2025:400 11 kap. 1 §", "SoL", Provision(11, "1")),
    ("SoL (2025:400) 11 kap. 1 §", "SoL", Provision(11, "1")),
    ("SoL 11 kap 1§", "SoL", Provision(11, "1")),
    ("SoL 27 kap.", "SoL", Provision(27, None)),
    ("SoL (2001:453) 3 kap. 3 §", "SoL 2001:453", Provision(3, "3")),
    ("SoL 2001:453", "SoL 2001:453", None),
    ("LSS 9 §", "LSS", Provision(None, "9")),
    ("LSS 24 a §", "LSS", Provision(None, "24 a")),
    ("LSS 24a §", "LSS", Provision(None, "24 a")),
    ("SOSFS 2014:5", "SOSFS 2014:5", None),
    ("Lex Sarah", "Lex Sarah", None),
])
def test_accepted_references(written, law_id, provision):
    reference, problem = LAWS.reference(written, 4)
    assert problem is None
    assert (reference.law_id, reference.provision, reference.line) == (law_id, provision, 4)


@pytest.mark.parametrize(("written", "message"), [
    ("Sool 11 kap. 1 §", "Okänd lag 'Sool 11 kap. 1 §'. Menade du 'SoL 11 kap. 1 §'?"),
    ("Socialtjänstlagen", "Okänd lag 'Socialtjänstlagen'. Menade du 'SoL'?"),
    ("SoL 2002:453 3 kap.", "'SoL 2002:453 3 kap.': SoL har inget nummer 2002:453. Kända: SoL (2025:400), "
                            "SoL (2001:453). Menade du 'SoL 2001:453'?"),
    ("LSS 3 kap. 9 §", "'LSS 3 kap. 9 §': LSS (1993:387) är inte indelad i kapitel. Skriv bara paragrafen, "
                       "t.ex. 'LSS 9 §'."),
    ("SoL 9 §", "'SoL 9 §': SoL (2025:400) är indelad i kapitel. Skriv kapitlet före paragrafen, t.ex. "
                "'SoL 3 kap. 9 §'."),
])
def test_refused_references_say_what_was_meant(written, message):
    assert LAWS.reference(written, 1) == (None, message)


def test_a_misspelled_reference_in_front_matter_names_file_and_line(tmp_path, qms):
    write(tmp_path / "qms.yml", "content_dir: processes\n")
    write(tmp_path / "processes/organisation.yml", "roles:\n  - {id: chef, title: Chef}\n")
    write(tmp_path / "processes/a.md", "---\nid: RUT-A-001\ntype: rutin\nstatus: utkast\nowner: chef\n"
                                       "laws:\n  - SoL\n  - \"Sool 11 kap. 1 §\"\n---\n# Rubrik\n")
    result = qms("check", str(tmp_path), "--today", "2026-11-22")
    assert ("processes/a.md:8: fel [laws.unknown] Okänd lag 'Sool 11 kap. 1 §'. Menade du 'SoL 11 kap. 1 §'?"
            in result.output)


chapters = st.integers(min_value=1, max_value=40)
paragraphs = st.builds(lambda number, letter: f"{number}{' ' + letter if letter else ''}",
                       st.integers(min_value=1, max_value=120), st.sampled_from(["", "a", "b", "f"]))


@given(chapter=st.one_of(st.none(), chapters), paragraph=st.one_of(st.none(), paragraphs),
       spaces=st.sampled_from([" ", "  ", "\u00a0"]))
def test_every_provision_reads_back_from_its_label(chapter, paragraph, spaces):
    if chapter is None and paragraph is None:
        return
    provision = Provision(chapter, paragraph)
    assert parse_provision(provision.label.replace(" ", spaces)) == provision


@given(law_id=st.sampled_from(sorted(LAWS.laws)), chapter=chapters, paragraph=paragraphs)
def test_every_shipped_act_reads_back_from_its_citation(law_id, chapter, paragraph):
    """For every act in the data, what the tool writes (``SoL (2025:400) 11 kap. 1 §``) is
    read back to the same act and provision, or refused for the act's own structure."""
    law = LAWS.laws[law_id]
    provision = Provision(None if law.chapters is False else chapter, paragraph)
    reference, problem = LAWS.reference(law.cite(provision), 1)
    if law.number is None and " " in law.id:
        return  # "SOSFS 2014:5 3 §" cannot tell the id from a number: such acts are cited whole
    assert problem is None, problem
    assert (reference.law_id, reference.provision) == (law.id, provision)


def test_provisions_contain_each_other_by_chapter():
    chapter, paragraph, other = Provision(14, None), Provision(14, "3"), Provision(15, "3")
    assert chapter.overlaps(paragraph) and paragraph.overlaps(chapter)
    assert not paragraph.overlaps(other) and not chapter.overlaps(other)
    assert Provision(None, "9").overlaps(Provision(None, "9")) and not Provision(None, "9").overlaps(Provision(None, "9 a"))


def test_shipped_data_has_a_source_for_every_act_and_change():
    for law in LAWS.laws.values():
        if law.number:
            assert law.source, law.id
        for change in law.amendments:
            assert change.source and change.number, (law.id, change)
    old = LAWS.laws["SoL 2001:453"]
    assert (old.repealed, old.successor, LAWS.laws["SoL"].in_force) == (
        dt.date(2025, 7, 1), "SoL", dt.date(2025, 7, 1))


def test_a_project_file_adds_an_amendment_to_a_shipped_act(tmp_path):
    write(tmp_path / "lagar.yml", "laws:\n  - id: LSS\n    amendments:\n"
                                  "      - {number: \"TFS 2026:1\", in_force: 2026-03-01, touches: [\"9 §\"], "
                                  "source: testdata, verified: true}\n")
    merged = load_laws(("lagar.yml",), tmp_path).laws["LSS"]
    assert len(merged.amendments) == len(LAWS.laws["LSS"].amendments) + 1
    assert merged.changes[-1].number == "TFS 2026:1" and merged.title == LAWS.laws["LSS"].title


@pytest.mark.parametrize(("text", "message"), [
    ("laws:\n  - {id: X, number: 2017:30}\n", "numret ska vara en text som \"2025:400\""),
    ("laws:\n  - {id: X, amendments: [{number: \"SFS 2020:1\"}]}\n", "en ändring ska ha minst in_force"),
    ("laws:\n  - {id: X, amendments: [{in_force: 2020-01-01, touches: [\"elva\"]}]}\n",
     "'elva' i touches är ingen bestämmelse"),
    ("laws:\n  - {id: X, color: red}\n", "lagen 'X' har okända nycklar: color"),
    ("laws:\n  - {id: X\n", "lagar.yml:3: lagfilen kunde inte läsas som YAML"),
    ("laws:\n  - {id: X, successor: Y}\n", "successor 'Y' finns inte bland lagarna"),
])
def test_a_bad_law_file_is_one_swedish_line_naming_it(tmp_path, text, message):
    write(tmp_path / "lagar.yml", text)
    with pytest.raises(ProjectError) as raised:
        load_laws(("lagar.yml",), tmp_path)
    assert message in str(raised.value) and "lagar.yml" in str(raised.value)


@given(st.text(alphabet=st.sampled_from(list("SoLS 0123456789:()§kap.ab ÅÄÖåäö-")) | st.characters(), max_size=40))
def test_any_text_is_a_reference_or_one_swedish_message(raw):
    reference, problem = LAWS.reference(raw, 1)
    assert (reference is None) != (problem is None)
    if problem is not None:
        assert problem.endswith(("?", ".")), problem
