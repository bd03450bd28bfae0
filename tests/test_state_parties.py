"""One set of state parties for event typing and the exports (data/state_parties.yaml).

The decision (docs/counting-policy.md, "State parties"): the government of the
war regains territory (ACLED); a foreign state or a coalition of states is a
state side for UCDP (side A, state-based violence) but, for ACLED, a foreign
state actor whose captures are "Non-state actor overtakes territory".
"""

from __future__ import annotations

import pytest

from warledger.data import load_yaml
from warledger.export import common, ucdp_ged
from warledger.extract.mentions.event_types import classify, is_government_party, is_state_party, state_parties
from warledger.extract.pipeline import extract
from warledger.model import Event
from warledger.read import read_string


def _events(text: str) -> list[Event]:
    return extract(read_string(text, "t", fmt="text").documents[0]).events


def test_the_list_names_parties_the_extractor_emits():
    data = load_yaml("state_parties.yaml")
    actors = load_yaml("actors.yaml")
    emitted = {row.get("party") for key in ("modifiers", "heads") for row in actors.get(key) or []}
    emitted |= {p for sides in actors["default_sides"].values() for p in sides}
    assert set(data["government"]) <= emitted and set(data["foreign_states"]) <= emitted
    assert not set(data["government"]) & set(data["foreign_states"])


def test_typing_and_exports_read_the_same_set():
    assert common.STATE_PARTIES == ucdp_ged.STATE_PARTIES == state_parties()
    assert {"government", "pro-government", "US-led coalition", "Saudi-led coalition", "Russia", "Turkey"} \
        <= state_parties()
    assert not {"IS", "SDF", "opposition", "Houthis", "Wagner Group", "UN peacekeepers", None} & state_parties()


@pytest.mark.parametrize("party", ["US-led coalition", "Saudi-led coalition", "Russia", "Turkey", "Israel"])
def test_a_foreign_state_or_coalition_is_a_state_but_not_the_government(party):
    assert is_state_party(party) and not is_government_party(party)


@pytest.mark.parametrize("text, sub_type", [
    ("On 12 March 2017, Iraqi forces recaptured the village of Badush, west of Mosul, from IS after clashes "
     "that killed 14 IS fighters.", "Government regains territory"),
    ("On 11 November 2022, Ukrainian forces recaptured the city of Kherson after Russian troops withdrew "
     "across the Dnipro.", "Government regains territory"),
    # ACLED: "a non-state actor ... or a foreign state actor ... captures territory"
    ("On 17 February 2024, Russian forces captured the town of Avdiivka in Donetsk region, after heavy "
     "fighting with Ukrainian troops.", "Non-state actor overtakes territory"),
    ("On 18 March 2018, Turkish forces captured the town of Afrin in northern Syria from the SDF after clashes "
     "that killed 20 SDF fighters.", "Non-state actor overtakes territory"),
    ("On 9 June 2017, US-led coalition forces captured the village of al-Tanf in Syria from IS, killing 12 IS "
     "fighters.", "Non-state actor overtakes territory"),
])
def test_territory_goes_to_the_government_only(text, sub_type):
    (event,) = _events(text)
    assert (event.type, event.sub_type) == ("Battles", sub_type)


def test_classify_weighs_the_actor_named_first():
    assert classify("coalition forces recaptured the town", ["US-led coalition"])[1] \
        == "Non-state actor overtakes territory"
    assert classify("regime forces recaptured the town", ["pro-government"])[1] == "Government regains territory"


@pytest.mark.parametrize("actors, expected", [
    (["IS", "US-led coalition"], ("US-led coalition", "IS")),  # the coalition is the state side
    (["government", "US-led coalition", "IS"], ("government", "IS")),  # the coalition backs side A
    (["US-led coalition", "pro-government"], ("pro-government", "US-led coalition")),  # two states
    (["Houthis", "Saudi-led coalition"], ("Saudi-led coalition", "Houthis")),
    (["SDF", "IS"], ("SDF", "IS")),  # no state: as named
    (["Russia"], ("Russia", None)),
])
def test_sides(actors, expected):
    assert common.sides_of(actors) == expected


def test_a_coalition_strike_on_is_is_state_based_violence():
    (event,) = _events("On 3 March 2019, a US-led coalition airstrike on the village of Baghouz in Syria killed "
                       "15 IS fighters.")
    side_a, side_b = common.sides_of(event.actors)
    assert (side_a, side_b, ucdp_ged.violence_type(event, side_a, side_b)) == ("US-led coalition", "IS", 1)
