"""The conflict record from infoboxes: the seed and infoboxes of other wars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warledger.extract.infobox.conflict import extract_conflict, split_part_of
from warledger.model import Count, to_dict
from warledger.read import read_path, read_string

EXAMPLE = Path(__file__).resolve().parents[1] / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"
GOLD = Path(__file__).resolve().parents[2] / "shared/gold/000_236a5c723bb0497d.json"


def record(text: str):
    return extract_conflict(read_string(text, "t", fmt="wiki-plaintext").documents[0])


@pytest.fixture(scope="module")
def seed():
    return extract_conflict(read_path(EXAMPLE).documents[0])


def test_seed_header_fields(seed):
    assert seed.name == "Syrian Desert campaign (December 2017–December 2024)"
    assert seed.part_of == ["Syrian civil war", "Russian intervention in the Syrian civil war"]
    assert (seed.date.start, seed.date.end, seed.date.precision) == ("2017-12-16", "2024-12-08", "day")
    assert seed.place == "Syrian Desert, Syria"
    assert seed.total_casualties == Count(4859, 4859)


def test_seed_allies_and_commanders(seed):
    side1, side2 = seed.sides
    assert side1.combatants == ["Ba'athist Syria"] and side2.combatants == ["Islamic State"]
    assert side1.allies[0] == "Popular Mobilization Forces" and side1.allies[-1] == "Wagner Group"
    assert [(c.name, c.status) for c in side1.commanders][:4] == [
        ("Suhayl al-Hasan", "WIA"), ("Haj Nasser Jamil Hadraj", "KIA"), ("Ghassan Muhammad Hijazi", "KIA"),
        (None, "KIA")]
    assert side2.commanders[0].role == "Top IS commander in the Syrian Desert"


def test_seed_casualty_items_labels_and_totals(seed):
    side1 = seed.sides[0]
    assert [(i.label, i.count.low) for i in side1.casualties] == [
        ("2018 offensive", 237), ("2018 offensive", 9), ("March 2019–2024", 2563),
        ("March 2019–2024", 292), ("March 2019–2024", 4)]
    assert side1.casualties_total.count == Count(3105, 3105)
    other = seed.other_casualties[0]
    assert (other.label, other.status, other.count) == ("civilians (March 2019–2024)", "killed", Count(280, 280))


def test_seed_units_drop_image_debris_and_read_until(seed):
    army = seed.sides[0].units[0].children[0]
    assert [u.name for u in army.children][:2] == ["4th Division", "Republican Guard"]
    shield = army.children[4].children[0].children[0]
    assert (shield.name, shield.until) == ("Qalamoun Shield", 2018)


def test_seed_strength_items(seed):
    strength = seed.sides[1].strength
    assert [(s.count.low, s.count.high, s.year, s.source) for s in strength] == [
        (2000, 3000, None, None), (300, 300, 2019, None), (500, 600, 2024, "UN")]
    assert seed.sides[0].strength[0].count == Count(None, None)


@pytest.mark.skipif(not GOLD.exists(), reason="shared gold not beside the repository")
def test_seed_record_equals_the_gold_on_scored_parts(seed):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["conflict"]
    mine = to_dict(seed)
    for side, gside in zip(mine["sides"], gold["sides"], strict=True):
        assert side["combatants"] == gside["combatants"] and side["allies"] == gside["allies"]
        assert [(c["name"], c["status"]) for c in side["commanders"]] == [
            (c["name"], c["status"]) for c in gside["commanders"]]
        assert side["units"] == gside["units"]


IRAQ = """= Battle of Example Town =
- Conflict: Battle of Example Town
- Date: 22 March – 10 May 2017
- Combatant1: Iraq | Popular Mobilization Forces
- Combatant2: Islamic State
- Combatant3: Peshmerga
- Commander2: Unknown
- Commander1: Lt. Gen. Abdul-Wahab al-Saadi, Maj. Gen. Ali Jameel (Army commander)KIA, Abu Hassan POW
- Strength1: ~10,000–12,000, several thousand PMF fighters
- Strength2: 1,000+ (per SOHR)
- Casualties1: 300 killed, 1,200 wounded, 18 killed (10 soldiers and 8 PMC)
- Casualties2: Per SOHR: 900 killed, ---- Iraqi claim: 2,500 killed, 40 captured
- Casualties3: 45 killed, 120 wounded
- Casualties4: 3,000 displaced
"""


def test_other_war_infobox_with_three_columns_and_odd_order():
    rec = record(IRAQ)
    assert (rec.date.start, rec.date.end) == ("2017-03-22", "2017-05-10")
    assert [s.index for s in rec.sides] == [1, 2, 3]
    assert rec.sides[0].combatants == ["Iraq", "Popular Mobilization Forces"]
    assert [(c.name, c.status, c.role) for c in rec.sides[0].commanders] == [
        ("Lt. Gen. Abdul-Wahab al-Saadi", None, None), ("Maj. Gen. Ali Jameel", "KIA", "Army commander"),
        ("Abu Hassan", "POW", None)]
    assert [(c.name, c.status) for c in rec.sides[1].commanders] == [(None, None)]


def test_strength_ranges_plus_and_several_thousand():
    rec = record(IRAQ)
    s1 = rec.sides[0].strength
    assert (s1[0].count, s1[0].approximate) == (Count(10000, 12000, approximate=True), True)
    assert s1[1].count == Count(3000, None)
    assert (rec.sides[1].strength[0].count, rec.sides[1].strength[0].source) == (Count(1000, None), "SOHR")


def test_several_figures_per_line_and_subsets():
    items = record(IRAQ).sides[0].casualties
    assert [(i.status, i.count.low, i.subset_of) for i in items] == [
        ("killed", 300, None), ("wounded", 1200, None), ("killed", 18, None), ("killed", 10, 2), ("killed", 8, 2)]
    assert items[3].label == "soldiers"


def test_alternative_estimates_keep_their_sources_and_blocks():
    items = record(IRAQ).sides[1].casualties
    assert [(i.count.low, i.status, i.source, i.estimate) for i in items] == [
        (900, "killed", "SOHR", None), (2500, "killed", "Iraqi military", 1), (40, "captured", "Iraqi military", 1)]


def test_casualty_column_without_a_combatant_is_other_casualties():
    rec = record(IRAQ.replace("- Combatant3: Peshmerga\n", ""))
    assert [(i.count.low, i.status) for i in rec.other_casualties] == [
        (45, "killed"), (120, "wounded"), (3000, "displaced")]


def test_malformed_and_unknown_lines_are_kept_as_unparsed():
    rec = record("= W =\n- Combatant1: A\n- Combatant2: B\n- Territory: none changed\n- : stray value\n"
                 "- Casualties1: killed\n")
    reasons = [(u.field, u.reason) for u in rec.unparsed]
    assert ("Territory", "field 'Territory' has no place in the record") in reasons
    assert ("", "not a 'Field: value' line") in reasons
    assert ("Casualties1", "killed without a number") in reasons


def test_attack_infobox_fills_other_casualties_and_no_sides():
    rec = record("= Bombing =\n- Date: 3 January 2021\n- Fatalities: 15\n- Injuries: 15+\n")
    assert rec.sides == []
    assert [(i.status, i.count) for i in rec.other_casualties] == [
        ("killed", Count(15, 15)), ("wounded", Count(15, None))]


def test_settlement_infobox_gives_no_conflict_record():
    doc = read_string("= Palmyra =\n- Country: Syria\n- Governorate: Homs\n- Population: 51,323\n", "p",
                      fmt="wiki-plaintext").documents[0]
    assert extract_conflict(doc) is None


def test_part_of_splits_on_commas_and_and():
    assert split_part_of("the War in Iraq, the Military intervention against ISIL, and the Salahuddin campaign") \
        == ["War in Iraq", "Military intervention against ISIL", "Salahuddin campaign"]


INFOBOXES = Path(__file__).resolve().parents[1] / "eval" / "infobox"  # real infoboxes, CC BY-SA 4.0


def infobox(name: str):
    return extract_conflict(read_path(INFOBOXES / f"{name}.wiki").documents[0])


def test_ships_and_aircraft_lost_are_equipment_not_casualties():
    barents = infobox("battle_of_the_barents_sea")
    assert [(i.status, i.count.low) for s in barents.sides for i in s.casualties] == [("killed", 250), ("killed", 330)]
    assert [e.text for e in barents.sides[0].equipment] == ["1 destroyer sunk", "1 minesweeper sunk",
                                                            "1 destroyer damaged"]
    flax = infobox("operation_flax").sides[1]  # "4 Savoia-Marchetti SM.82", "123–157 Junkers Ju 52s": models
    assert flax.casualties == [] and [(e.count.low, e.count.high) for e in flax.equipment][:2] == [(4, 4), (123, 157)]


def test_a_commanders_role_line_heading_and_separator_name_no_one():
    bobruysk = infobox("bobruysk_offensive")  # "[[Hans Jordan]]<br />([[9th Army (Wehrmacht)|Ninth Army]])"
    assert [(c.name, c.role) for s in bobruysk.sides for c in s.commanders] == [
        ("Hans Jordan", "Ninth Army"), ("Konstantin Rokossovsky", "1st Belorussian Front")]
    tomaszow = infobox("battle_of_tomasz_w_lubelski").sides[1]  # "'''First Phase''':<br>…"
    assert [c.name for c in tomaszow.commanders][:2] == ["Antoni Szylling", "Tadeusz Piskor"]
    balikpapan = infobox("battle_of_balikpapan_1942")  # "Cornelis van den Hoogenband<hr>…"
    assert "----" not in [c.name for s in balikpapan.sides for c in s.commanders]
    hill = infobox("battle_of_hill_609").sides[0]
    assert "Terry de la Mesa Allen, Sr." in [c.name for c in hill.commanders]


def test_flag_names_interlanguage_links_and_support_headings():
    assert infobox("battle_of_ko_chang").sides[0].combatants == ["France"]  # {{flag|Vichy France|name=France}}
    assert "Ivan Dashichev" in [c.name for c in infobox("battle_of_suomussalmi").sides[1].commanders]  # {{illm|…}}
    odessa = infobox("siege_of_odessa_1941").sides[0]  # "Aerial support:" then {{flagcountry|Kingdom of Italy}}
    assert "Kingdom of Italy" in odessa.allies and "Kingdom of Italy" not in odessa.combatants


def test_a_figure_that_sums_the_others_is_the_total_and_days_are_no_counts():
    odessa = infobox("siege_of_odessa_1941").sides[0]  # "92,545 overall<br/>17,729 dead<br/>63,345 wounded<br/>…"
    assert odessa.casualties_total.count == Count(92545, 92545)
    assert [i.count.low for i in odessa.casualties] == [17729, 63345, 11471]
    yelnya = infobox("yelnya_offensive").sides[0]  # "23,000 (XX Army Corps for the period from August 8 to Sept 8)"
    assert [i.count.low for i in yelnya.casualties] == [23000]


def test_a_linked_name_with_a_comma_is_one_unit():
    edson = infobox("battle_of_edson_s_ridge").sides[0].units[0]  # "* [[2nd Battalion, 5th Marine Regiment]]"
    assert "2nd Battalion, 5th Marine Regiment" in [u.name for u in edson.children]


def test_strength_headings_are_no_items_and_a_bracketed_count_counts():
    vienna = infobox("vienna_offensive").sides[0].strength  # "'''16 March:'''<br>25 divisions<br>270,000 men…"
    assert [s.count.low for s in vienna][:2] == [25, 270000]
    invasion = infobox("western_allied_invasion_of_germany").sides[0].strength  # "4,500,000<br>(91 Divisions)"
    assert [s.count.low for s in invasion][:2] == [4500000, 91]


def test_a_line_that_is_a_parenthesis_gives_parts_of_the_figure_before_it():
    sinyavino = infobox("sinyavino_offensive_1942").sides[1]  # "40,085 dead and missing<br>(including 12,000 captured)"
    assert [(i.count.low, i.status, i.subset_of) for i in sinyavino.casualties][:2] == [
        (40085, "killed", None), (12000, "captured", 0)]


def test_in_plain_text_a_battalion_of_a_regiment_stays_one_unit():
    rec = record("= Battle of Edson's Ridge =\n- Combatant1: United States\n- Units1: Henderson Field HQ Defenses, "
                 "* 1st Raider Battalion, * 2nd Battalion, 5th Marine Regiment, * 67th Fighter Squadron\n")
    assert [u.name for u in rec.sides[0].units[0].children] == [
        "1st Raider Battalion", "2nd Battalion, 5th Marine Regiment", "67th Fighter Squadron"]
