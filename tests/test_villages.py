"""Villages: tens of thousands of small places, named only where the text says a place is meant.

Sentences marked "Wikipedia" are quoted from the Wikipedia articles of ../shared/corpus/wikipedia (CC BY-SA 4.0,
https://en.wikipedia.org); the others are written for these tests.
"""

from __future__ import annotations

import pytest

from warledger.extract.pipeline import analyse, extract
from warledger.read import read_string


def places(text: str) -> list[tuple[str, str, str | None]]:
    """(surface, name, admin1) of every village the pipeline finds in ``text``."""
    doc = read_string(text, "t", fmt="text").documents[0]
    return [(s.text[m.start:m.end], m.entry.name, m.entry.admin1)
            for s in analyse(doc).sentences for m in s.places if m.entry.kind == "village"]


def event_place(text: str) -> tuple[str | None, str | None]:
    [event] = extract(read_string(text, "t", fmt="text").documents[0]).events
    assert event.place is not None
    return event.place.name, event.place.admin1


@pytest.mark.parametrize("text, village", [
    # Wikipedia, Deir ez-Zor campaign (2017–2019): a cue, then a list that goes on after it.
    ("The same day, the villages of as-Safafinah and al-Shajlah in Deir ez-Zor were also reported captured.",
     [("as-Safafinah", "Safafinah", "Deir ez-Zor"), ("al-Shajlah", "Ash Shajilah", "Deir ez-Zor")]),
    # Wikipedia, Siege of Kobanî: "the village of".
    ("ISIL attacked Kurdish positions in the village of Alishar, 4 kilometers from Kobani.",
     [("Alishar", "Alishar", "Aleppo")]),
    # Written right before a place the gazetteer knows.
    ("Turkish drones struck Tall Ghazal, Hasakah, on Friday.", [("Tall Ghazal", "Tall Ghazal", "Hasakah")]),
])
def test_a_village_after_a_cue_in_a_list_or_before_a_known_place(text, village):
    assert places(text) == village


def test_a_village_is_the_event_place_over_the_town_it_lies_near():
    # Wikipedia, Deir ez-Zor campaign (2017–2019), with a toll added.
    text = "On 19 February 2019, airstrikes killed 16 people in al-Bahrah, north of Hajin."
    assert event_place(text) == ("Al Bahrah", "Deir ez-Zor")


@pytest.mark.parametrize("text", [
    "Clashes between Iraqi forces and IS militants near Qaim killed 14 militants.",  # a side, not a village
    "Alishar reported that the convoy was hit near Palmyra.",  # a village's name, but no cue before it
    "IS set fire to oil wells in the Ajil oilfield near Tikrit.",  # a field named after a village
])
def test_names_that_are_no_village_here(text):
    assert places(text) == []


def test_a_namesake_in_another_governorate_is_not_taken():
    # "Saida" is a village of Daraa; the one near Ain Issa is in Raqqa, which the bundled list lacks.
    text = "The SDF repelled an attack on the village of Saida near Ain Issa, killing nine of the attackers."
    assert places(text) == []
    assert event_place(text)[1] == "Raqqa"


def test_a_text_about_another_war_names_no_village():
    text = "AQAP militants attacked a checkpoint in Abyan province on 18 October 2022, killing 13 soldiers."
    assert places(text) == []
