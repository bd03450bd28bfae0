"""The figure passes: their order as documented, their rules on real-looking sentences, and their trace notes."""

from __future__ import annotations

import inspect
import re

import pytest

from warledger.extract.cues import cue_line, cue_list
from warledger.extract.figures import breakdowns, candidates, casualties, singular_drops, statuses
from warledger.extract.figures.breakdowns import LIST_PASSES
from warledger.extract.figures.casualties import FIGURE_PASSES, RELATION_PASSES, find_figures
from warledger.extract.figures.singular_drops import SINGULAR_DROPS
from warledger.extract.figures.statuses import HYPOTHETICAL
from warledger.extract.pipeline import extract
from warledger.extract.stages import facts_for
from warledger.read import read_string

ALL_PASSES = FIGURE_PASSES + RELATION_PASSES + LIST_PASSES + SINGULAR_DROPS
# Checks outside the tuples that note what they drop.
OTHER_NOTED = (statuses.hypothetical, candidates.teller)


def _documented(module: object, lead: str) -> list[str]:
    """The names a module's docstring lists after ``lead`` (up to the full stop), sub-lists flattened in order."""
    doc = " ".join((module.__doc__ or "").split())
    listed = doc.split(lead, 1)[1].split(".", 1)[0]
    return re.findall(r"\w+", listed)


def _names(passes: tuple) -> list[str]:
    return [p.__name__ for p in passes]


def test_figure_passes_are_in_the_documented_order():
    flat = []
    for p in FIGURE_PASSES:
        flat.append(p.__name__)
        if p is casualties.relation:
            flat += _names(RELATION_PASSES)  # relation runs these, the first that applies wins
    assert _documented(casualties, "The passes, in order:") == flat
    assert _documented(breakdowns, "The list passes, in order:") == _names(LIST_PASSES)
    assert _documented(singular_drops, "The singular drops, in order:") == _names(SINGULAR_DROPS)


def test_the_order_keeps_the_rules_that_depend_on_each_other():
    order = _names(FIGURE_PASSES)
    # The total first, then the status word, which a teller loses, then the status and the side it gives.
    assert order.index("subset_of_cue") < order.index("of_them_total") < order.index("list_goes_on_subset") \
        < order.index("bind_status") < order.index("teller_not_casualty") < order.index("status_of_word") \
        < order.index("list_status") < order.index("attackers_lost") < order.index("agent_party") \
        < order.index("relation") < order.index("revision") < order.index("keep")
    assert order[-1] == "keep" and _names(RELATION_PASSES)[0] == "join_parent"


@pytest.mark.parametrize("rule", ALL_PASSES + OTHER_NOTED, ids=lambda p: p.__name__)
def test_each_pass_states_its_rule_with_an_example(rule):
    doc = inspect.getdoc(rule)
    assert doc, f"{rule.__name__} has no docstring"
    assert re.search(r"\"[^\"]*\w+\s+\w+[^\"]*\"", doc), f"{rule.__name__}: no quoted example sentence"


def _traced(text: str, **kwargs) -> tuple[list, list]:
    s = facts_for(text)
    s.trace = []
    return find_figures(s, **kwargs), s.trace


def _stages(trace: list) -> list[str]:
    return [n.stage for n in trace]


def cue_line_of(name: str, entry: str) -> int:
    line = cue_line(name, entry)
    assert line is not None
    return line


def test_including_makes_a_part_and_others_take_the_side_before():
    figs, trace = _traced("IS killed 35 pro-government fighters, including nine Russians, and wounded 15 others.")
    assert [(f.count.low, f.status, f.party, f.subset_of) for f in figs] == [
        (35, "killed", "pro-government", None), (9, "killed", "pro-government", 0),
        (15, "wounded", "pro-government", None)]
    subset = next(n for n in trace if n.stage == "figures.subset_of_cue")
    assert subset.action == "set" and "nine Russians" in subset.what
    assert subset.origin == f"cues/subset_cues.yaml:{cue_line_of('subset_cues', 'including')}"
    assert "figures.resolve_relatives" in _stages(trace)


def test_a_threat_to_kill_is_no_figure():
    figs, trace = _traced("IS fighters were threatening to kill thousands of civilians.")
    assert figs == []
    dropped = next(n for n in trace if n.stage == "figures.hypothetical")
    assert dropped.action == "dropped"
    assert dropped.origin == f"cues/hypothetical_words.yaml:{cue_line_of('hypothetical_words', 'threatening')}"
    assert find_figures("Up to 40 civilians may have died in the strike.")  # told with doubt, not a threat


def test_a_toll_that_rises_revises_the_earlier_one():
    figs, trace = _traced("The death toll rose to 19.")
    assert [(f.count.low, f.status, f.revision) for f in figs] == [(19, "killed", "later")]
    assert "figures.revision" in _stages(trace)
    assert [f.revision for f in find_figures("An earlier toll stood at 27.")] == ["earlier"]


def test_among_the_dead_is_a_part_of_the_toll():
    figs, trace = _traced("Among the dead were seven soldiers.")
    assert [(f.count.low, f.status, f.relative) for f in figs] == [(7, "killed", "among")]
    assert "figures.among_before" in _stages(trace)
    figs, trace = _traced("Five soldiers were among the wounded.")
    assert [(f.count.low, f.status, f.relative) for f in figs] == [(5, "wounded", "among")]
    assert "figures.among_after" in _stages(trace)


def test_of_whom_is_a_part_unless_its_status_is_its_own():
    figs, trace = _traced("Clashes killed 16 people, 11 of whom were civilians.")
    assert [(f.count.low, f.party, f.subset_of) for f in figs] == [(16, None, None), (11, "civilians", 0)]
    assert "figures.of_them_total" in _stages(trace)
    figs = find_figures("IS killed or wounded 8 fighters, three of whom died.")
    assert [(f.count.low, f.status, f.subset_of) for f in figs] == [(8, "killed or wounded", None),
                                                                    (3, "killed", None)]


def test_a_list_after_a_total_is_its_breakdown():
    figs, trace = _traced("The attack killed 42 people: 36 soldiers and 6 civilians.")
    assert [f.subset_of for f in figs] == [None, 0, 0]
    assert _stages(trace).count("figures.breakdowns") == 2


def test_at_least_covers_its_list():
    figs = find_figures("At least 12 soldiers and 4 civilians were killed.")
    assert [(f.count.low, f.count.high, f.qualifier) for f in figs] == [(12, None, "min"), (4, None, "min")]


def test_tellers_and_agents_are_no_casualties():
    figs, trace = _traced("Three soldiers were killed, a military commander said.")
    assert [f.count.low for f in figs] == [3]
    teller = next(n for n in trace if n.stage == "figures.teller")
    assert teller.origin == f"cues/speech_verbs.yaml:{cue_line_of('speech_verbs', 'said')}"
    figs, trace = _traced("A soldier was killed by a sniper.")
    assert [f.count.low for f in figs] == [1] and "figures.by_agent" in _stages(trace)


def test_whose_fighters():
    figs, trace = _traced("IS cells ambushed an NDF patrol, killing five militiamen.", sides=("IS", "pro-government"))
    assert [f.party for f in figs] == ["pro-government"] and "figures.agent_party" in _stages(trace)
    figs, trace = _traced("The attackers also lost 56 fighters.")
    assert [f.relative for f in figs] == ["attackers"] and "figures.attackers_lost" in _stages(trace)
    figs, trace = _traced("28 fighters on the rebel side were killed.")
    assert [f.party for f in figs] == ["opposition"] and "figures.side_phrase" in _stages(trace)


def test_trace_notes_name_the_passes():
    known = {p.__name__ for p in ALL_PASSES + OTHER_NOTED}
    texts = ("IS killed 35 pro-government fighters, including nine Russians, and wounded 15 others.",
             "IS fighters were threatening to kill thousands of civilians.",
             "The strike killed 5 people, including 2 children and 3 women.",
             "Three soldiers were killed, a military commander said.")
    for text in texts:
        _, trace = _traced(text)
        assert trace, text
        for n in trace:
            assert n.stage.startswith("figures.") and n.stage.split(".", 1)[1] in known, n
            assert n.action in ("set", "dropped"), n
            assert n.origin is None or re.fullmatch(r"cues/\w+\.yaml:\d+", n.origin), n


def test_no_trace_no_notes():
    s = facts_for("IS killed 35 pro-government fighters, including nine Russians.")
    assert s.trace is None
    assert len(find_figures(s)) == 2 and s.trace is None


def test_the_hypothetical_pattern_is_built_from_its_lists():
    alone = set(cue_list("hypothetical_words_without_to"))
    assert alone <= set(cue_list("hypothetical_words"))
    for word in cue_list("hypothetical_words"):
        assert HYPOTHETICAL.search(f"IS {word} to "), word
        assert bool(HYPOTHETICAL.search(f"IS {word} ")) == (word in alone), word
    assert HYPOTHETICAL.search("they feared that ") and not HYPOTHETICAL.search("they planned that ")


def _quotes(text: str) -> list[tuple[str, str]]:
    """Each figure's quote and party, the whole pipeline run (places included) on a text of Ukraine."""
    doc = read_string(text, "t", "text", reference_date="2022-01-01").documents[0]
    return [(f.quote, f.party) for e in extract(doc).events for f in e.casualties]


def test_a_role_after_a_name_counts_the_named_person_once_with_the_role_s_side():
    assert _quotes("On 18 March 2022, Serhii Parkhomenko, a commander in the 229th Tactical Aviation Brigade, was "
                   "shot down and killed near Huliaipole in Zaporizhzhia Oblast, Ukraine.") \
        == [("Serhii Parkhomenko", "unknown")]  # the name told dead past its role: one person, not two
    assert _quotes("On 18 March 2022 in Shtepivka, a local man died when a mined vehicle exploded.") \
        == [("a local man", "civilians")]
    assert _quotes("A Russian strike on 30 July 2022 killed Oleksiy Vadaturskyi, the owner of Ukrainian agricultural "
                   "company Nibulon, in Mykolaiv, Ukraine.") == [("Oleksiy Vadaturskyi", "civilians")]
    assert _quotes("On 14 March 2022, Oleksiy Arestovych, an adviser to Ukrainian president Volodymyr Zelenskyy, "
                   "stated that 25 civilians had been killed in Mariupol, Ukraine.") == [("25 civilians", "civilians")]


def test_a_singular_noun_before_another_is_its_kind_and_the_phrase_goes_on_to_the_second():
    assert _quotes("On 3 May 2022, two militia leaders were killed in Donetsk, Ukraine.")[0][0] == "two militia leaders"
    assert _quotes("On 3 May 2022, a militia commander was wounded in Donetsk, Ukraine.")[0][0] == "a militia commander"
