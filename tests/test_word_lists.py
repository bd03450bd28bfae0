"""The rules' word lists live in data: each cue file is well formed, the patterns built from a list match
every entry, and the moved lists still drive their rules (a 12-year-old is no count of 12 people)."""

from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml

from warledger.data import load_yaml
from warledger.extract.cues import cue_alternation, cue_line, cue_list, cue_words
from warledger.extract.infobox.conflict import ATTACK_FIELDS, IGNORED_FIELDS, combatants_and_allies
from warledger.extract.mentions.gazetteer import Gazetteer
from warledger.extract.mentions.persons import find_persons
from warledger.extract.mentions.places import choose_place
from warledger.extract.mentions.sources import COUNT_AHEAD, figure_source, find_attributions
from warledger.extract.stages import facts_for
from warledger.extract.text.counts import count_mentions
from warledger.extract.text.dates import DateMention, find_dates
from warledger.extract.text.numbers import find_numbers, is_quantity, number_words
from warledger.extract.text.sentences import SKIPPED_SECTIONS, document_sentences
from warledger.extract.text.timeline import find_relative
from warledger.model import DateSpan, InfoboxField, InfoboxItem
from warledger.read import read_string

CUE_FILES = sorted(p.name for p in resources.files("warledger.data").joinpath("cues").iterdir()
                   if p.name.endswith(".yaml"))
CUES = [name.removesuffix(".yaml") for name in CUE_FILES]


def _counts(text: str) -> list[str]:
    return [n.text for n in count_mentions(facts_for(text))]


# --- every cue file -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CUES)
def test_cue_file_has_a_header_and_a_list_without_duplicates(name: str) -> None:
    text = resources.files("warledger.data").joinpath(f"cues/{name}.yaml").read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    assert len(header) >= 2, "a header saying what the list is for and which module reads it"
    assert "extract/" in " ".join(header), "the header names the module that reads the list"
    # Read as the cue loader reads it: each entry's text as written ("on" is the word, not YAML's true).
    node = next(value for key, value in yaml.compose(text).value if key.value == "words")
    assert isinstance(node, yaml.SequenceNode) and node.value
    assert all(isinstance(item, yaml.ScalarNode) and item.value.strip() == item.value != "" for item in node.value)
    words = cue_list(name)
    assert len(set(words)) == len(words), [w for w in words if words.count(w) > 1]


@pytest.mark.parametrize("name", CUES)
def test_alternation_of_a_list_matches_each_entry(name: str) -> None:
    pattern = re.compile(cue_alternation(name))
    for entry in cue_list(name):
        assert pattern.fullmatch(entry), entry
        assert set(entry.lower().split()) <= cue_words(name)
        assert cue_line(name, entry)


# --- the number words and measures of numbers.yaml ----------------------------------------------------------


@pytest.mark.parametrize("unit", load_yaml("numbers.yaml")["measures_after_hyphen"])
def test_a_measure_after_a_hyphen_is_no_count(unit: str) -> None:
    assert [n.text for n in find_numbers(f"a 12-{unit} thing and 3 soldiers")] == ["3"]


def test_measures_and_ranges() -> None:
    assert _counts("A 12-year-old boy and 3 soldiers were killed.") == ["3"]
    assert _counts("A 300-strong force lost 12 men.") == ["12"]
    assert [(n.count.low, n.count.high) for n in find_numbers("12-15 soldiers")] == [(12, 15)]


def test_words_of_number_phrases_that_carry_no_quantity() -> None:
    for word in load_yaml("numbers.yaml")["not_quantities"]:
        assert isinstance(word, str) and not is_quantity(word)
    assert is_quantity("nine") and is_quantity("dozens") and is_quantity("several")


def test_number_words_are_the_one_list_of_numbers_yaml() -> None:
    assert number_words("units", low=1, high=12)[-1] == "twelve"
    numbers = load_yaml("numbers.yaml")
    assert set(number_words("units", "tens")) == {*numbers["units"], *numbers["tens"]}


# --- counts ------------------------------------------------------------------------------------------------


def test_numbered_names_strengths_ages_and_counted_ones() -> None:
    assert _counts("Brigade 52 lost 7 of its men.") == ["7"]
    assert _counts("On Route 4, 9 civilians died.") == ["9"]
    assert _counts("A force of some 300 fighters attacked, killing 12.") == ["12"]
    assert _counts("Reinforcements of up to 500 troops arrived; 4 died.") == ["4"]
    assert _counts("Two children aged 9 and 11 were killed.") == ["Two"]
    assert _counts("Five of the eleven soldiers were killed.") == ["Five"]
    assert _counts("Two of the 30 soldiers were killed.") == ["Two"]


# --- sources -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", [*number_words("units", "tens"), *cue_list("count_ahead_quantities")])
def test_count_ahead_reads_every_number_word_and_quantity(word: str) -> None:
    assert COUNT_AHEAD.search(f"the army said {word} had died")


def test_a_later_teller_speaks_for_the_sentence_unless_a_count_follows() -> None:
    for text, source in (("IS lost 7 fighters; 3 were wounded, SOHR said.", "SOHR"),
                         ("IS lost 7 fighters; the army said several had died.", None),
                         ("IS lost 7 fighters; the army said fifteen had died.", None)):
        s = facts_for(text)
        assert figure_source(s, text.index("7"), find_attributions(s)) == source, text


def test_what_may_stand_between_a_source_and_its_verb() -> None:
    def sources(text: str) -> list[str]:
        return [a.source for a in find_attributions(facts_for(text))]

    assert sources("SOHR, which relies on a network of sources, said 5 died.") == ["SOHR"]
    assert sources("SOHR has documented 5 deaths.") == ["SOHR"]
    assert sources("32 ISIL fighters reported killed.") == []


# --- dates -------------------------------------------------------------------------------------------------


def test_may_the_verb_and_seasons_as_adjectives() -> None:
    assert [(d.text, d.kind) for d in find_dates("IS may attack in May.", 2018)] == [("May.", "month")]
    found = find_dates("a summer resort was hit in the summer of 2017", 2018)
    assert [(d.text, d.kind) for d in found] == [("summer of 2017", "season")]


def test_relative_dates_pass_function_words_over() -> None:
    anchor = DateSpan("2018-05-22", "2018-05-22", "day")
    assert [r.span.start for r in find_relative("The next day, IS attacked", anchor, None)] == ["2018-05-23"]
    assert find_relative("The town of the governorate fell", anchor, None) == []


def test_a_date_mention_carries_the_relative_flags() -> None:
    explicit = find_dates("On 17 March, IS attacked", 2018)[0]
    assert isinstance(explicit, DateMention)
    assert (explicit.relative, explicit.flashback, explicit.following) == (False, False, False)
    anchor = DateSpan("2018-05-22", "2018-05-22", "day")
    before = find_relative("A few days before, IS had shelled the town", anchor, None)[0]
    assert (before.relative, before.flashback, before.kind) == (True, True, "days")


# --- sentences, persons, places ------------------------------------------------------------------------------


def test_reference_sections_hold_no_prose() -> None:
    assert {"see also", "references", "external links"} <= SKIPPED_SECTIONS
    doc = read_string("= W =\nIS killed 7.\n\n== References ==\nIS killed 9.\n", "w").documents[0]
    assert [s.text for s in document_sentences(doc)] == ["IS killed 7."]


def test_a_role_ends_at_its_verb_and_a_name_may_begin_with_a_particle() -> None:
    for text, person in (("the commander of the 5th Brigade was killed", "the commander of the 5th Brigade"),
                         ("General al-Hassan was killed", "General al-Hassan")):
        assert [text[p.start:p.end] for p in find_persons(text)] == [person]


def test_place_words() -> None:
    assert choose_place("clashes in the eastern countryside of Homs killed 9", 0).precision == "admin1-part"
    assert choose_place("Damascus denied that 5 died near Homs", 0).name == "Homs"
    gazetteer = Gazetteer.load()
    assert [(m.entry.name, m.entry.kind) for m in gazetteer.find("clashes in Homs Governorate and al-Mayadin")] \
        == [("Homs", "admin1"), ("Mayadin", "town")]
    assert [m.entry.name for m in gazetteer.find("a hit on the convoy near Hit")] == ["Hit"]


# --- infobox -----------------------------------------------------------------------------------------------


def test_infobox_field_lists() -> None:
    assert ATTACK_FIELDS["fatalities"] == "killed" and ATTACK_FIELDS["injured"] == "wounded"
    assert ATTACK_FIELDS["victims"] is None and "image" in IGNORED_FIELDS
    statuses = load_yaml("cues/attack_casualty_fields.yaml")["statuses"]
    assert set(statuses) == set(cue_list("attack_casualty_fields"))
    items = [InfoboxItem(t, 0) for t in ("Syria", "Allied groups: Hezbollah", "Iran")]
    assert combatants_and_allies(InfoboxField("combatant1", "", 0, items)) == (["Syria"], ["Hezbollah", "Iran"])
