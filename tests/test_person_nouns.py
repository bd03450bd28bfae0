"""WordNet's person nouns as heads: any trade or kinship names people, a title or an owner names no one more."""

import pytest

from warledger.extract.mentions.actors import ActorLexicon, kin_nouns, person_nouns


def heads(text: str) -> list[tuple[str, str | None]]:
    return [(a.text, a.party) for a in ActorLexicon.load().find(text, "PK") if a.kind == "head"]


@pytest.mark.parametrize("text, expected", [
    ("gunmen shot two rubber tappers", [("gunmen", None), ("tappers", "civilians")]),
    ("a veterinarian and a grocer", [("veterinarian", "civilians"), ("grocer", "civilians")]),
    ("an army reservist", [("reservist", None)]),  # armed: the modifier or the sentence gives the side
    ("her mother-in-law", [("mother-in-law", "civilians")]),
])
def test_trades_and_kin_are_people(text, expected):
    assert [h for h in heads(text) if h[0] != "army"] == expected


@pytest.mark.parametrize("text", [
    "the talks with President Rahimov",  # a title before a name
    "the Secretary of State said",  # a capital inside a sentence
    "as he left a neighbour's home",  # an owner
    "the hostage-takers fled",  # part of a compound word
])
def test_titles_owners_and_compounds_are_no_heads(text):
    assert heads(text) == []


def test_the_curated_entry_wins_over_a_wordnet_compound():
    assert heads("a non-commissioned officer") == [("officer", "government")]


def test_the_list_keeps_apart_words_the_extractor_reads_otherwise():
    nouns = {noun for noun, _, _ in person_nouns()}
    assert {"tapper", "informer", "peasant"} <= nouns
    assert nouns.isdisjoint({"casualty", "has-been", "would-be", "loggerhead"})
    assert {kind for _, _, kind in person_nouns()} == {"person", "kin", "leader", "armed"}
    assert {"uncles", "mothers-in-law"} <= kin_nouns()
