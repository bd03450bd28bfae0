"""The wikitext reader on fixtures written as real Wikipedia source."""

from __future__ import annotations

from pathlib import Path

import pytest

from warledger.extract.infobox import extract_conflict
from warledger.extract.pipeline import extract
from warledger.model import Count
from warledger.read import read_path

FIXTURES = Path(__file__).parent / "fixtures" / "wikitext"


def read(name: str):
    result = read_path(FIXTURES / name)
    assert not result.failures
    return result.documents[0]


@pytest.fixture(scope="module")
def desert():
    return read("syrian_desert_campaign.wiki")


def test_format_is_detected_and_text_is_plain(desert):
    assert desert.format == "wikitext"
    assert desert.title == "Syrian Desert campaign (December 2017–December 2024)"
    for markup in ("[[", "]]", "{{", "}}", "'''", "<ref", "{|", "Category:"):
        assert markup not in desert.text


def test_infobox_items_have_exact_offsets_and_depths(desert):
    units = next(f for f in desert.infobox if f.name == "units1")
    assert [(i.text, i.depth) for i in units.items[:4]] == [
        ("Syrian Arab Armed Forces", 0), ("Army", 1), ("4th Division", 2), ("12th Brigade", 3)]
    for fld in desert.infobox:
        for item in fld.items:
            assert desert.text[item.offset:item.offset + len(item.text)] == item.text


def test_conflict_record_from_wikitext_matches_the_plain_text_reading(desert):
    rec = extract_conflict(desert)
    side1 = rec.sides[0]
    assert side1.combatants == ["Ba'athist Syria"]
    assert side1.allies == ["Popular Mobilization Forces", "Liwa Fatemiyoun", "Wagner Group"]
    assert [(c.name, c.status) for c in side1.commanders] == [
        ("Suhayl al-Hasan", "WIA"), ("Haj Nasser Jamil Hadraj", "KIA"), (None, "KIA")]
    republican_guard = side1.units[0].children[0].children[1]
    assert republican_guard.name == "Republican Guard"  # the 16px flag debris is gone
    assert [(i.label, i.count.low) for i in side1.casualties][:2] == [("2018 offensive", 237), ("2018 offensive", 9)]
    assert side1.casualties_total.count == Count(3105, 3105)
    assert rec.total_casualties == Count(4859, 4859)
    assert rec.sides[1].commanders[0].role == "Top IS commander in the Syrian Desert"


def test_efn_note_becomes_a_note_line(desert):
    assert desert.notes[0].value.startswith("Accumulated fatalities according to SOHR: 1,611 pro-gov.")
    note = desert.notes[0]
    assert desert.text[note.offset:note.offset + len(note.value)] == note.value


def test_refs_are_kept_aside_after_their_sentence(desert):
    first = desert.citations[0]
    assert first.name == "sohr1" and "Desert report" in first.text
    assert desert.text[:first.offset].endswith("in the Syrian Desert region.")
    reuse = desert.citations[1]
    assert reuse.name == "sohr1" and desert.text[:reuse.offset].endswith("the T-2 Pumping Station.")


def test_sections_and_source_offsets(desert):
    assert [s.path for s in desert.sections][:3] == ["Timeline", "2018", "2021"]
    source = (FIXTURES / "syrian_desert_campaign.wiki").read_text(encoding="utf-8")
    for word in ("One week after the capture", "On 3 February, 19 Syrian soldiers"):
        at = desert.source_offset(desert.text.index(word))
        assert source[at:at + len(word)] == word


def test_events_come_out_of_wikitext_prose(desert):
    ledger = extract(desert)
    killed = [(e.date.start, [(f.party, f.count.low) for f in e.casualties]) for e in ledger.events]
    assert ("2018-03-24", [("pro-government", 26), ("IS", 9)]) in killed
    assert any(f.group == "Baqir Brigade" and f.subset_of == 0 for e in ledger.events for f in e.casualties)
    assert not any("250" in (f.quote or "") for e in ledger.events for f in e.casualties)  # a distance


def test_iraq_infobox_with_three_columns_flags_and_lists():
    rec = extract_conflict(read("battle_of_example_town.wiki"))
    assert rec.part_of == ["War in Iraq", "Military intervention against ISIL", "Salahuddin campaign"]
    assert (rec.date.start, rec.date.end) == ("2015-03-02", "2015-03-31")
    assert rec.sides[0].combatants == ["Iraq", "Popular Mobilization Forces"]
    assert rec.sides[2].combatants == ["Iran"]
    assert [(c.name, c.status) for c in rec.sides[0].commanders][-1] == ("Maj. Gen. Ali Jameel", "KIA")
    assert rec.sides[0].strength[0].count == Count(20000, 30000, approximate=True)
    assert [(i.count.low, i.subset_of) for i in rec.sides[0].casualties] == [
        (300, None), (1200, None), (18, None), (10, 2), (8, 2)]
    assert [(i.count.low, i.source, i.estimate) for i in rec.sides[1].casualties] == [
        (900, "SOHR", None), (2500, "Iraqi military", 1), (40, "Iraqi military", 1)]
    assert [i.count.low for i in rec.sides[2].casualties] == [45]


def test_attack_infobox_and_settlement_infobox():
    attack = extract_conflict(read("market_bombing.wiki"))
    assert attack.sides == []
    assert [(i.status, i.count) for i in attack.other_casualties] == [
        ("killed", Count(32, 32)), ("wounded", Count(110, None))]
    assert extract_conflict(read("palmyra_settlement.wiki")) is None


def test_malformed_wikitext_does_not_raise():
    doc = read("malformed.wiki")
    assert "3 soldiers were killed" in doc.text
    ledger = extract(doc)
    assert any(f.count.low == 3 for e in ledger.events for f in e.casualties)
