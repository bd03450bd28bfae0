"""Gazetteer lookups and the choice of an event's place."""

from __future__ import annotations

import pytest

from warledger.data import data_text
from warledger.extract.mentions.gazetteer import Gazetteer
from warledger.extract.mentions.places import choose_place
from warledger.extract.pipeline import extract
from warledger.read import read_string


@pytest.fixture(scope="module")
def gz():
    return Gazetteer.load()


def test_lookup_and_governorate_aliases(gz):
    assert gz.lookup("al-Mayadin").admin1 == "Deir ez-Zor"
    assert gz.lookup("Tadmur").name == "Palmyra"
    assert gz.governorate("Deir Ezzor") == "Deir ez-Zor"
    assert gz.governorate("Salahuddin") == "Saladin"
    assert gz.governorate("Palmyra") is None


def test_word_like_names_need_their_capital(gz):
    assert [m.entry.name for m in gz.find("IS hit the convoy near Hit")] == ["Hit"]
    assert gz.find("the 4th Division and the Army") == []
    assert gz.find("the bodies were seen near the road") == []


@pytest.mark.parametrize("text, name, admin1, precision", [
    ("clashes in the desert near Mayadin", "Mayadin", "Deir ez-Zor", "near-town"),
    ("an attack on the T-3 Pumping Station", "T-3 Pumping Station", "Homs", "site"),
    ("in the eastern countryside of Homs Governorate", "eastern countryside of Homs Governorate", "Homs",
     "admin1-part"),
    ("an ambush in the Kobajjep area near Palmyra", "Kobajjep", "Deir ez-Zor", "area"),
    ("killed in Raqqa Governorate", "Raqqa Governorate", "Raqqa", "admin1"),
    ("along the Palmyra–Deir ez-Zor highway", "Palmyra–Deir ez-Zor highway", None, "route"),
])
def test_the_event_place(text, name, admin1, precision):
    place = choose_place(text, 0)
    assert (place.name, place.admin1, place.precision) == (name, admin1, precision)


def test_data_files_name_their_sources():
    for name in ("gazetteer.tsv", "places_curated.tsv", "governorates.tsv", "actors.yaml", "sources.yaml",
                 "event_types.yaml", "casualty_terms.yaml", "numbers.yaml", "dates.yaml", "abbreviations.yaml",
                 "person_nouns.tsv"):
        header = data_text(name).splitlines()[:6]
        assert any("ource" in line for line in header), name


def test_curated_coordinates_are_in_their_country():
    boxes = {"SY": ((29, 38), (35, 49)), "IQ": ((29, 38), (35, 49)), "UA": ((44, 53), (22, 41))}  # lat, lon
    for line in data_text("places_curated.tsv").splitlines():
        if line.startswith("#") or line.startswith("name\t"):
            continue
        country = line.split("\t")[4]
        lat, lon = (float(x) for x in line.split("\t")[5:7])
        (south, north), (west, east) = boxes[country]
        assert south <= lat <= north and west <= lon <= east, line


ARTICLE_WITH_SECTIONS = """Battle of Examples

The battle was fought in 2014.

==Battles==
===Battle of Al-Tabqa airbase===
On 24 August 2014, IS fighters breached the base and took control over large parts of it.

In the final assault, 170 soldiers were killed.

===Advance on Raqqa and Hasakah===
On 28 August 2014, 20 soldiers were killed.

===Aftermath===
On 30 August 2014, 12 civilians were killed in an airstrike.
"""


def test_a_heading_of_one_place_sets_its_sections_incidents_there():
    """A paragraph that names no place tells of the place its section's heading names; a heading of two
    governorates, or of no place, sets none."""
    doc = read_string(ARTICLE_WITH_SECTIONS, "sections", fmt="wiki-plaintext").documents[0]
    places = {e.casualties[0].count.low: e.place and e.place.admin1 for e in extract(doc).events if e.casualties}
    assert places == {170: "Raqqa", 20: None, 12: None}
