"""The wikitext reader on fixtures written as real Wikipedia source.

The rendered text must look like the plain-text article format to everything
downstream, every offset must index it exactly, and ``source_offset`` must
lead back to the same words in the wikitext.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.extract.infobox.conflict import extract_conflict
from warledger.extract.pipeline import extract
from warledger.model import Count, Document
from warledger.read import read_path, read_string
from warledger.read.wikitext import read_wikitext

FIXTURES = Path(__file__).parent / "fixtures" / "wikitext"
ALL = sorted(p.name for p in FIXTURES.glob("*.wiki"))
MARKUP = ("[[", "]]", "{{", "}}", "'''", "''", "<ref", "</", "<br", "{|", "|}", "Category:", "File:", "<!--",
          ".svg", "16px", "\x00")


def read(name: str) -> Document:
    result = read_path(FIXTURES / name)
    assert not result.failures
    return result.documents[0]


def source(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def field(doc: Document, name: str):
    return next(f for f in doc.infobox if f.name == name)


def assert_offsets_hold(doc: Document) -> None:
    """Every field, item, note, citation and section offset indexes ``doc.text``."""
    for fld in doc.infobox + doc.notes:
        assert doc.text[fld.offset:fld.offset + len(fld.value)] == fld.value
        for item in fld.items:
            assert doc.text[item.offset:item.offset + len(item.text)] == item.text
    for cite in doc.citations:
        assert 0 <= cite.offset <= len(doc.text)
    for sec in doc.sections:
        assert doc.text[sec.start:].startswith("=" * sec.level + sec.title + "=" * sec.level)
    assert doc.source_offsets == sorted(doc.source_offsets)


@pytest.fixture(scope="module")
def desert() -> Document:
    return read("syrian_desert_campaign.wiki")


# --- every fixture -----------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_every_fixture_reads_as_plain_text_with_exact_offsets(name):
    doc = read(name)
    assert doc.format == "wikitext"
    for markup in MARKUP:
        assert markup not in doc.text, markup
    assert_offsets_hold(doc)


@pytest.mark.parametrize("name", ALL)
def test_prose_words_map_back_to_the_same_words_in_the_source(name):
    doc, src = read(name), source(name)
    prose = doc.text.index("\n\n") + 2
    words = list(re.finditer(r"[A-Za-z][A-Za-z'-]{3,}", doc.text[prose:]))
    assert words
    for m in words:
        at = doc.source_offset(prose + m.start())
        assert src[at:at + len(m.group())] == m.group()


# --- the Syrian Desert campaign: the seed article as wikitext -----------------------


def test_header_has_the_plain_text_shape(desert):
    lines = desert.text.splitlines()
    assert lines[0] == "= Syrian Desert campaign (December 2017–December 2024) ="
    assert desert.title == "Syrian Desert campaign (December 2017–December 2024)"
    assert lines[1] == "- conflict: Syrian Desert campaign (December 2017–December 2024)"
    assert [f.name for f in desert.infobox][:4] == ["conflict", "partof", "caption", "date"]
    assert "image" not in [f.name for f in desert.infobox]  # a file and nothing else: empty, left out
    assert field(desert, "date").value == "16 December 2017 – 8 December 2024, ()"
    first_note = lines.index(next(x for x in lines if x.startswith("note1|")))
    assert lines[first_note - 1].startswith("- casualties3: ") and lines[first_note + 4] == ""
    assert desert.infobox_kind == "military conflict"


def test_commanders_have_their_status_glued_like_the_seed(desert):
    commanders = field(desert, "commander1")
    assert commanders.value == ("Suhayl al-HasanWIA, Haj Nasser Jamil HadrajKIA, Ghassan Muhammad HijaziKIA, "
                                "KIA, Muhammad Taysar Az-ZahirKIA")
    assert [i.depth for i in commanders.items] == [0] * 5  # the plainlist bullet is no nesting level
    assert field(desert, "commander2").items[0].text == (
        "Abu Abdallah Sheikh Qaduli (Top IS commander in the Syrian Desert)")


def test_flag_icons_are_gone_and_list_entries_are_items(desert):
    combatants = field(desert, "combatant1")
    assert [(i.text, i.depth) for i in combatants.items][:4] == [
        ("Ba'athist Syria", 0), ("Allied groups:", 0), ("Popular Mobilization Forces", 0),
        ("Islamic Resistance in Iraq", 0)]
    assert combatants.items[-1].text == "Wagner Group"
    assert field(desert, "combatant2").value == "Islamic State"


def test_unit_tree_keeps_its_stars_as_depth(desert):
    units = field(desert, "units1")
    assert units.value.startswith("Syrian Arab Armed Forces, * Army, ** 4th Division, *** 12th Brigade, "
                                  "** Republican Guard, *** 47th Regiment")
    assert [(i.text, i.depth) for i in units.items][:5] == [
        ("Syrian Arab Armed Forces", 0), ("Army", 1), ("4th Division", 2), ("12th Brigade", 3),
        ("Republican Guard", 2)]
    assert ("Qalamoun Shield (until 2018)", 4) in [(i.text, i.depth) for i in units.items]
    assert ("Russian Armed Forces", 0) in [(i.text, i.depth) for i in units.items]


def test_breaks_and_rules_split_casualty_items(desert):
    casualties = [i.text for i in field(desert, "casualties1").items]
    assert casualties == ["2018 offensive:", "237 killed", "9 killed", "March 2019–2024:", "2,563 killed",
                          "292 killed", "4 killed", "----", "Total: 3,105 killed"]
    assert [i.text for i in field(desert, "casualties2").items][-2:] == ["----", "Total: 1,474 killed"]
    strength = [i.text for i in field(desert, "strength2").items]
    assert strength == ["2,000–3,000 main force", "300 reinforcements (2019 estimate)",
                        "500–600 (UN estimate, 2024)"]  # the comma inside the parenthesis does not split


def test_explanatory_notes_become_note_lines(desert):
    assert [n.name for n in desert.notes] == ["note1", "note2", "note3", "note4"]
    assert desert.notes[0].value.startswith("Accumulated fatalities according to SOHR: 1,611 pro-gov.")
    assert desert.notes[1].value == 'The insurgency is also called the "desert insurgency".'  # prose {{efn}}
    assert desert.notes[2].value == "The highway is also called the M20."  # <ref group="note">
    assert desert.notes[3].value == "The SOHR counts foreign fighters separately."  # {{refn|group=note}}
    assert "desert insurgency" not in desert.text.split("\n\n", 1)[1]


def before(doc: Document, offset: int) -> str:
    return doc.text[:offset]


def test_refs_are_kept_aside_right_after_what_they_cite(desert):
    by_name = {}
    for cite in desert.citations:
        by_name.setdefault(cite.name, []).append(cite)
    strength = by_name["militias"][0]
    assert before(desert, strength.offset).endswith("- strength1: Unknown number of SAA soldiers, "
                                                   "1,385 Iranian-backed fighters (2019)")
    assert "Iran's militias in the desert" in strength.text and "Example Institute" in strength.text
    first, reuse = by_name["sohr1"]
    assert "Desert report" in first.text and reuse.text == first.text
    assert before(desert, first.offset).endswith("in the Syrian Desert region.")
    assert before(desert, reuse.offset).endswith("captured the T-2 Pumping Station.")
    early, late = by_name["late"]  # used before it is defined
    assert early.text == late.text and "Late report" in early.text
    assert before(desert, early.offset).endswith("which collapsed in December 2024.")
    assert "Twenty-fourth report" in by_name["un2024"][0].text  # defined in {{reflist|refs=…}}
    sfn = next(c for c in desert.citations if c.text == "Smith 2021, p. 4")
    assert before(desert, sfn.offset).endswith("IS militants in eastern Hama.")
    for leaked in ("Desert report", "example.org", "Reuters", "Smith"):
        assert leaked not in desert.text


def test_headings_keep_their_level_and_build_sections(desert):
    assert [s.path for s in desert.sections] == [
        "Background", "Timeline", "2017", "2018", "2018 > January–March", "2018 > April–June",
        "2019: IS insurgency begins", "2021", "Casualties", "See also", "Notes", "References"]
    assert "\n====January–March====\n" in desert.text
    assert "\n==Timeline==\n===2017===\n" in desert.text


def test_prose_templates_render_as_text(desert):
    text = desert.text
    assert "push IS 60 km from Mayadin, clearing 1500 km² of territory." in text
    assert "one of which – on 24 March – left five soldiers dead." in text
    assert "The Syrian Desert campaign (حملة البادية السورية) was a campaign" in text
    assert "- Battle of Baghuz Fawqani – a battle in 2019" in text  # a prose list like the seed's See also
    for dropped in ("22 May || 26", "figures per SOHR", "A patrol near", "Military campaign in Syria",
                    "Campaignbox", "notelist"):
        assert dropped not in text


def test_a_paragraph_over_two_source_lines_is_one_line(desert):
    line = next(x for x in desert.text.splitlines() if x.startswith("Following a series"))
    assert line.endswith("Deir ez-Zor Governorate. From there they used guerrilla tactics to target "
                         "pro-government forces.")


def test_source_offsets_lead_back_into_the_wikitext(desert):
    src = source("syrian_desert_campaign.wiki")
    for word in ("One week after the capture", "On 3 February, 19 Syrian soldiers", "Republican Guard",
                 "4th Division", "Accumulated fatalities", "2019: IS insurgency begins", "units1",
                 "1,385 Iranian-backed fighters (2019)", "Allied groups:"):
        at = desert.source_offset(desert.text.index(word))
        assert src[at:at + len(word)] == word, word
    heading = next(s for s in desert.sections if s.title == "2018")
    assert src[desert.source_offset(heading.start):].startswith("=== 2018 ===")
    for fld in desert.infobox:  # an anchor at every item start
        anchored = {a for a, _ in desert.source_offsets}
        assert all(i.offset in anchored for i in fld.items if i.text and i.text[0].isalnum()), fld.name


def test_conflict_record_from_wikitext_matches_the_plain_text_reading(desert):
    rec = extract_conflict(desert)
    side1 = rec.sides[0]
    assert side1.combatants == ["Ba'athist Syria"]
    assert side1.allies[0] == "Popular Mobilization Forces" and side1.allies[-1] == "Wagner Group"
    assert [(c.name, c.status) for c in side1.commanders][:4] == [
        ("Suhayl al-Hasan", "WIA"), ("Haj Nasser Jamil Hadraj", "KIA"), ("Ghassan Muhammad Hijazi", "KIA"),
        (None, "KIA")]
    assert side1.units[0].children[0].children[1].name == "Republican Guard"
    assert [(i.label, i.count.low) for i in side1.casualties][:2] == [
        ("2018 offensive", 237), ("2018 offensive", 9)]
    assert side1.casualties_total.count == Count(3105, 3105)
    assert rec.total_casualties == Count(4859, 4859)
    assert rec.sides[1].commanders[0].role == "Top IS commander in the Syrian Desert"
    assert rec.notes[0].startswith("Accumulated fatalities")


def test_events_come_out_of_wikitext_prose(desert):
    ledger = extract(desert)
    killed = [(e.date.start, [(f.party, f.count.low) for f in e.casualties]) for e in ledger.events]
    assert ("2018-03-24", [("pro-government", 26), ("IS", 9)]) in killed
    assert any(f.group == "Baqir Brigade" and f.subset_of == 0 for e in ledger.events for f in e.casualties)
    assert not any(f.count.low == 250 for e in ledger.events for f in e.casualties)


# --- other wars: other infobox shapes -------------------------------------------------


def test_iraq_battle_with_three_columns_fields_out_of_order_and_alternatives():
    doc = read("second_battle_of_tikrit.wiki")
    assert [f.name for f in doc.infobox][:3] == ["result", "conflict", "date"]
    assert [i.text for i in field(doc, "casualties1").items] == [
        "300 killed", "1,200 wounded", "18 killed (10 soldiers and 8 PMC)"]
    assert [i.text for i in field(doc, "casualties2").items] == [
        "Per SOHR: 900 killed", "----", "Iraqi claim: 2,500 killed", "40 captured", "----", "Unknown"]
    assert field(doc, "commander1").items[-1].text == "Maj. Gen. Ali Jameel (Army commander)KIA"
    rec = extract_conflict(doc)
    assert rec.part_of == ["War in Iraq", "Military intervention against ISIL", "Salahuddin campaign"]
    assert (rec.date.start, rec.date.end) == ("2015-03-02", "2015-04-15")
    assert [s.combatants for s in rec.sides] == [["Iraq", "Popular Mobilization Forces"], ["Islamic State"],
                                                 ["Iran", "CJTF–OIR"]]
    assert rec.sides[0].commanders[-1].role == "Army commander"
    # {{circa}} renders "c.": the range is kept and flagged approximate.
    assert rec.sides[0].strength[0].count == Count(20000, 30000, approximate=True)
    assert rec.sides[0].strength[0].approximate
    assert [(i.count.low, i.subset_of) for i in rec.sides[0].casualties] == [
        (300, None), (1200, None), (18, None), (10, 2), (8, 2)]
    assert [(i.count.low, i.source, i.estimate) for i in rec.sides[1].casualties][:3] == [
        (900, "SOHR", None), (2500, "Iraqi military", 1), (40, "Iraqi military", 1)]
    assert rec.sides[1].commanders[0].name is None  # "Unknown"
    assert [(i.status, i.count.low) for i in rec.other_casualties] == [("displaced", 30000)]
    ap = [c for c in doc.citations if c.name == "ap"]
    assert len(ap) == 4 and all("Iraq launches Tikrit offensive" in c.text for c in ap)


def test_yemen_battle_with_bulleted_values_and_supporters():
    doc = read("battle_of_hodeidah.wiki")
    assert doc.title == "Battle of Hodeidah" and doc.infobox_kind == "military conflict"
    assert "coordinates" not in [f.name for f in doc.infobox]
    assert [(i.text, i.depth) for i in field(doc, "commander1").items] == [
        ("Tareq Saleh", 1), ("Brig. Gen. Abu Zaraa al-MuharramiWIA", 1)]
    assert field(doc, "date").value == "13 June 2018 – 18 December 2018"
    assert doc.notes[0].value == "Estimates of Houthi strength vary widely."
    assert "c. 150 fighters were killed" in doc.text
    rec = extract_conflict(doc)
    assert rec.sides[0].combatants == [
        "Yemen (Hadi government)", "United Arab Emirates", "National Resistance"]
    assert rec.sides[0].allies == ["Saudi Arabia"]
    assert [c.status for c in rec.sides[0].commanders] == [None, "WIA"]
    assert [(i.count.low, i.estimate) for i in rec.sides[1].casualties] == [(1000, None), (450, 1)]


# --- other infobox kinds ----------------------------------------------------------------


def test_attack_infobox_fills_other_casualties_and_no_sides():
    doc = read("baghdad_bombings_2021.wiki")
    assert doc.infobox_kind == "civilian attack"
    assert doc.title == "January 2021 Baghdad bombings"
    assert field(doc, "fatalities").value == "32 (including both bombers)"
    assert field(doc, "time").value == "c. 10:00"
    rec = extract_conflict(doc)
    assert rec.sides == []
    assert [(i.status, i.count) for i in rec.other_casualties] == [
        ("killed", Count(32, 32)), ("wounded", Count(110, None))]
    assert (rec.date.start, rec.date.end) == ("2021-01-21", "2021-01-21")


def test_settlement_infobox_is_kept_but_gives_no_conflict():
    doc = read("palmyra_settlement.wiki")
    assert doc.infobox_kind == "settlement" and doc.title == "Palmyra"
    assert field(doc, "native_name").value == "تدمر"
    assert field(doc, "subdivision_name").value == "Syria"  # {{flag|Syria}}
    assert "215 km northeast of Damascus" in doc.text
    assert extract_conflict(doc) is None


# --- bad input never raises ---------------------------------------------------------------


def test_malformed_wikitext_degrades_and_says_what_it_dropped():
    doc = read("malformed.wiki")
    assert doc.title == "Broken battle"
    assert "On 4 May 2016, 3 soldiers were killed. Stray and and here." in doc.text
    assert "unclosed ref" not in doc.text
    assert any("stray fragment" in w for w in doc.warnings)
    assert any("table markup" in w for w in doc.warnings)
    assert [s.title for s in doc.sections] == ["Heading", "Later"]
    ledger = extract(doc)
    assert any(f.count.low == 3 for e in ledger.events for f in e.casualties)


@pytest.mark.parametrize("text", [
    "", "}}", "{{", "[[", "]]", "<ref>", "</ref>", "{|", "|}", "'''", "{{Infobox military conflict",
    "{{Infobox military conflict|combatant1=* a\n** b {{KIA", "{{a|{{b|{{c|d", "<ref name=x/>", "{{KIA}}",
    "* \n** \n", "==\n==", "= =", "[[File:x.svg|thumb|[[y]]]]", "<!--", "\x00\x00", "{{plainlist|", "<br>",
    "{{Infobox settlement}}", "text <ref name=a>{{cite web|title=T}}</ref> more<ref name=a/>.",
])
def test_odd_inputs_never_raise(text):
    doc = read_wikitext(text, "odd")
    assert doc.title and doc.format == "wikitext"
    assert_offsets_hold(doc)


TOKENS = ["{{", "}}", "[[", "]]", "|", "=", "==", "\n", "* ", "** ", "<br>", "<ref>", "</ref>", "----",
          "<ref name=a/>", "'" * 3, "'" * 2, "{{KIA}}", "{{flagicon|X}}", "{{plainlist|", "{{efn|", "&nbsp;",
          "{{Infobox military conflict", "casualties1", "<hr>", "<!--", "-->", "{|", "|}", "12 killed", "Ali",
          ",", " "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=40))
def test_any_token_soup_reads_with_exact_offsets(tokens):
    doc = read_wikitext("".join(tokens), "soup")
    assert_offsets_hold(doc)
    assert "\x00" not in doc.text


# --- titles ----------------------------------------------------------------------------------


def test_title_comes_from_the_argument_then_the_infobox_then_bold_then_the_id():
    wiki = "{{Infobox military conflict|conflict=Battle of X}}\n'''Y''' was fought.<ref>r</ref>"
    assert read_wikitext(wiki, "id", title="Given").title == "Given"
    assert read_wikitext(wiki, "id").title == "Battle of X"
    bold = read_wikitext("'''Siege of [[Z]]''' was long.", "id")
    assert bold.text.startswith("= Siege of Z =\n\nSiege of Z was long.")
    assert read_wikitext("no title here", "the-id").title == "the-id"
    assert read_wikitext("x", "d", reference_date="2020-01-02").reference_date == "2020-01-02"


def test_two_flags_on_one_line_are_two_combatants_and_qualifiers_leave_the_name():
    text = ("{{Infobox military conflict\n| conflict = A battle\n"
            "| combatant1 = {{flag|Libya}} (GNA)<br>{{flag|Turkey}} (from May 2020)<br>"
            "{{flagicon|Qatar}} [[Qatar]] (disputed)\n"
            "| combatant2 = {{flagicon|Russia}} [[Wagner Group]]<br>{{flag|United Arab Emirates}} {{flag|Egypt}}\n"
            "}}\nOn 4 June 2020, GNA forces captured [[Tarhuna]].\n")
    doc = read_string(text, "w", fmt="wikitext").documents[0]
    sides = extract(doc).conflict.sides
    assert sides[0].combatants == ["Libya (GNA)", "Turkey", "Qatar"]
    assert sides[1].combatants == ["Wagner Group", "United Arab Emirates", "Egypt"]
