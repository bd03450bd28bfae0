"""The narrative's named passes: their order, their rules stated with an example, and what they do to short
reports (a revision supports the incident, a separate incident is its own event, a tally is a claim, a
background sentence adds nothing); a traced run records which pass decided and the data line behind it."""

from __future__ import annotations

import ast
import re
from importlib import resources

import pytest

from warledger.extract.analysis import DocAnalysis, TraceNote
from warledger.extract.narrative.discourse import CONTINUATION_RULES, guard_words
from warledger.extract.narrative.parties import PARTY_RULES, UNKNOWN_RULES
from warledger.extract.narrative.sentence_kinds import SENTENCE_KINDS
from warledger.extract.narrative.tallies import TALLY_RULES, is_aggregate, tally_rule
from warledger.extract.pipeline import PIPELINE, analyse
from warledger.model import DateSpan
from warledger.read import read_string

NARRATIVE = resources.files("warledger.extract.narrative")
QUOTED = re.compile(r"\"[^\"]{8,}\"")  # an example sentence, quoted in the rule


def _analysis(text: str, date: str | None = None, traced: bool = False) -> DocAnalysis:
    """The whole pipeline over a short report; ``traced``: every sentence records the passes' notes."""
    doc = read_string(text, "r", fmt="text", reference_date=date).documents[0]
    if not traced:
        return analyse(doc)
    analysis = DocAnalysis(doc)
    for stage in PIPELINE.stages:
        stage.run(analysis)
        if stage.name == "sentences":
            for s in analysis.sentences:
                s.trace = []
    return analysis


def _article(text: str) -> DocAnalysis:
    """The whole pipeline over a short article in the plain-text shape."""
    return analyse(read_string(text, "t", fmt="wiki-plaintext").documents[0])


def _article_events(text: str) -> list:
    """The events with casualties of a short article in the plain-text shape."""
    return [e for e in _article(text).events if e.casualties]


def _notes(analysis: DocAnalysis) -> list[tuple[str, TraceNote]]:
    return [(s.text, n) for s in analysis.sentences for n in s.trace or [] if n.stage.startswith("narrative.")]


# --- the passes, in order, each stating its rule -------------------------------------------------------------


def test_sentence_kinds_are_in_the_documented_order():
    assert [kind.__name__ for kind in SENTENCE_KINDS] == [
        "tally", "revision", "tally_continued", "tally_remark", "period_opener", "continuation", "retold_later",
        "incidents"]


def test_the_other_chains_are_named_rules_in_order():
    assert [r.__name__ for r in CONTINUATION_RULES] == [
        "back_reference", "separate_incident", "elsewhere_incident", "attributed_figures", "new_incident",
        "same_incident"]
    assert [r.__name__ for r in TALLY_RULES] == [
        "one_by_one", "how_long", "total_phrase", "running_count", "since_then", "whole_campaign", "war_toll",
        "bodies_counted", "displaced_so_far", "thousands_so_far", "too_many_for_a_day", "civilians_toll",
        "listed_total", "wide_scope", "fighting_of_the_stretch", "habitual", "period_dates"]
    assert [r.__name__ for r in PARTY_RULES] == [
        "moved_people", "own_words", "previous_toll", "attackers", "struck_side", "opposite_side"]
    assert [r.__name__ for r in UNKNOWN_RULES] == ["ranked_officer", "beside_civilians", "beside_one_side",
                                                   "told_before"]


@pytest.mark.parametrize("rule", [*SENTENCE_KINDS, *CONTINUATION_RULES, *TALLY_RULES, *PARTY_RULES, *UNKNOWN_RULES],
                         ids=lambda r: r.__name__)
def test_each_pass_states_its_rule_with_an_example(rule):
    doc = " ".join((rule.__doc__ or "").split())
    assert doc and doc[0].isupper(), rule.__name__
    assert QUOTED.search(doc), f"{rule.__name__}: no example sentence in its rule"


def _word_lists_in_code(source: str) -> list[str]:
    """Literal lists of more than five words in a module: a tuple/list/set of strings, or a regex group
    of more than five plain-word alternatives."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Tuple | ast.List | ast.Set) and len(node.elts) > 5 \
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            found.append(ast.unparse(node)[:60])
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for group in re.findall(r"\((?:\?:)?([^()]*)\)", node.value):
                words = [a for a in group.split("|") if re.fullmatch(r"[A-Za-z]+(?:\\s\+[A-Za-z]+)*", a)]
                if len(words) > 5:
                    found.append(group[:60])
    return found


def test_narrative_code_keeps_no_word_list_of_more_than_five_words():
    for module in NARRATIVE.iterdir():
        if module.name.endswith(".py"):
            assert _word_lists_in_code(module.read_text(encoding="utf-8")) == [], module.name


def test_narrative_modules_are_short_and_say_what_they_decide():
    for module in NARRATIVE.iterdir():
        if not module.name.endswith(".py") or module.name == "__init__.py":
            continue
        text = module.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 400, module.name
        assert text.startswith('"""') and ">>> " in text.split('"""')[1], f"{module.name}: a docstring with an example"


# --- what the passes do to short reports ---------------------------------------------------------------------


def test_a_revised_toll_supports_the_incident():
    a = _analysis("On 3 May 2021, an IS car bomb killed four civilians in Manbij. "
                  "The death toll rose to six on Tuesday.", "2021-05-05")
    [event] = a.events
    assert [s.text for s in event.support] == ["The death toll rose to six on Tuesday."]
    four, six = event.casualties
    assert (four.count.low, six.count.low, four.subset_of) == (4, 6, 1)  # the four are among the six
    assert a.prose_claims == []


def test_a_separate_incident_starts_a_new_event():
    a = _analysis("On 3 May 2021, IS militants attacked an army checkpoint near Palmyra, killing five soldiers. "
                  "In a separate incident, a roadside bomb killed two civilians in Deir ez-Zor.")
    first, second = a.events
    assert first.support == [] and second.text.startswith("In a separate incident")
    assert [(c.party, c.count.low) for c in second.casualties] == [("civilians", 2)]
    assert second.date == first.date  # the same day, told on


def test_a_tally_is_a_claim_not_an_event():
    a = _analysis("In 2022, SOHR documented 264 pro-government fighters killed.")
    assert a.events == []
    [claim] = a.prose_claims
    assert (claim.party, claim.count.low, claim.source) == ("pro-government", 264, "SOHR")
    assert (claim.period.start, claim.period.end) == ("2022-01-01", "2022-12-31")


def test_an_undated_sentence_after_a_period_opener_counts_the_tally():
    a = _analysis("Since 1 September, SOHR documented great fatalities among regime forces. "
                  "120 soldiers and 40 militiamen were killed.", "2021-10-01")
    assert a.events == []
    assert [(c.count.low, c.period.start, c.source) for c in a.prose_claims] == [
        (120, "2021-09-01", "SOHR"), (40, "2021-09-01", "SOHR")]


def test_after_a_tally_more_figures_count_in_it_a_remark_adds_nothing_and_one_incident_is_an_event():
    tally = "In 2022, SOHR documented 264 pro-government fighters killed. "
    more = _analysis(tally + "166 IS members were also killed.")
    assert more.events == []
    assert [(c.party, c.count.low, c.period.start, c.source) for c in more.prose_claims] == [
        ("pro-government", 264, "2022-01-01", "SOHR"), ("IS", 166, "2022-01-01", "SOHR")]
    remark = _analysis(tally + "All IS fighters were killed by airstrikes.")
    assert remark.events == [] and len(remark.prose_claims) == 1
    incident = _analysis(tally + "A landmine explosion killed a shepherd and his son near Palmyra.")
    assert len(incident.prose_claims) == 1
    [event] = incident.events
    assert [c.party for c in event.casualties] == ["civilians", "civilians"]


def test_a_death_from_wounds_adds_to_the_incident():
    a = _analysis("On 20 June 2021, a car bomb killed five civilians in Afrin. "
                  "Another civilian died of his wounds on June 27.")
    [event] = a.events
    assert [(c.count.low, c.died_of_wounds) for c in event.casualties] == [(5, False), (1, True)]


def test_a_back_reference_supports_the_incident():
    a = _analysis("On 3 May 2021, IS militants ambushed an army convoy near Palmyra, killing five soldiers. "
                  "The ambush was claimed by IS.")
    [event] = a.events
    assert [s.text for s in event.support] == ["The ambush was claimed by IS."]


def test_a_background_sentence_adds_nothing():
    text = "On 12 March 2021, a Turkish drone strike killed two SDF fighters near Qamishli."
    alone = _analysis(text, "2021-03-13")
    a = _analysis(text + " A similar strike last week killed a member of the SDF.", "2021-03-13")
    [event] = a.events
    assert event.support == [] and [c.count.low for c in event.casualties] == [2]
    assert [c.count.low for c in alone.events[0].casualties] == [2]


def test_a_sentence_pointing_back_at_the_incident_supports_it():
    a = _analysis("On 7 May 2020, IS militants attacked a regime forces position near al-Sukhnah, killing eleven "
                  "pro-government fighters. Four IS militants were also killed in the clashes, according to SOHR.")
    [event] = a.events
    assert [(c.party, c.count.low, c.source) for c in event.casualties] == [
        ("pro-government", 11, None), ("IS", 4, "SOHR")]


def test_an_aggregate_word_makes_a_tally_and_one_incident_loosely_dated_does_not():
    assert is_aggregate("Overall, 246 pro-government fighters were killed between 22 May and 11 June.", [])
    from warledger.model import DateSpan

    year = [DateSpan("2018-01-01", "2018-12-31", "year")]
    assert not is_aggregate("In 2018, an IS car bomb killed 4 civilians.", year)
    assert is_aggregate("In 2018, IS killed 40 civilians.", year)


def test_a_guard_is_a_few_words_one_of_which_every_entry_holds():
    assert guard_words("background_markers") == {"earlier", "last", "similar"}


# --- tracing --------------------------------------------------------------------------------------------------


def test_a_traced_run_records_which_pass_decided_and_its_data_line():
    a = _analysis("On 12 March 2021, a Turkish drone strike killed two SDF fighters near Qamishli. "
                  "A similar strike last week killed a member of the SDF. "
                  "In a separate incident, a landmine killed a shepherd near Hasakah.", "2021-03-13", traced=True)
    notes = _notes(a)
    by_stage = {n.stage: (text, n) for text, n in notes}
    assert by_stage["narrative.incidents"][1].action == "set"
    text, background = by_stage["narrative.background"]
    assert text.startswith("A similar strike") and background.action == "dropped"
    assert background.origin is not None and background.origin.startswith("cues/background_markers.yaml:")
    separate = by_stage["narrative.continuation.separate_incident"][1]
    assert separate.action == "dropped" and separate.origin.startswith("cues/separate_words.yaml:")
    assert any(n.stage.startswith("narrative.party.") and "→ SDF" in n.what for _, n in notes)


def test_a_traced_tally_names_its_rule():
    a = _analysis("In 2022, SOHR documented 264 pro-government fighters killed. "
                  "Overall, 1,611 pro-government fighters were killed in 2019–2021.", traced=True)
    tallies = [n for _, n in _notes(a) if n.stage == "narrative.tally"]
    assert [n.action for n in tallies] == ["set", "set"]
    assert "period_dates" in tallies[0].what and "264" in tallies[0].what
    assert "total_phrase" in tallies[1].what and tallies[1].origin.startswith("cues/total_words.yaml:")


def test_an_untraced_run_records_nothing():
    a = _analysis("On 3 May 2021, IS killed 7 soldiers near Palmyra.")
    assert all(s.trace is None for s in a.sentences)


def _wiki_dates(text: str) -> list[str | None]:
    """The start day of each event of a plain-text Wikipedia article (``= Title =`` headings)."""
    doc = read_string(text, "a", fmt="wiki-plaintext").documents[0]
    return [e.date.start if e.date else None for e in analyse(doc).events]


def test_an_article_without_years_in_its_sections_takes_its_titles_or_its_leads_year():
    body = "\n==Battle==\nOn 8 April, IS fighters killed 6 soldiers near Tabqa.\n"
    assert _wiki_dates("= Battle of Tabqa (2017) =\n\nThe SDF took the town.\n" + body) == ["2017-04-08"]
    assert _wiki_dates("= Battle of Tabqa =\n\nThe battle lasted from March to May 2017.\n" + body) == ["2017-04-08"]


def test_a_left_out_lead_naming_one_day_dates_the_body_until_it_writes_a_date():
    body = ("\n== Attack ==\nSeveral missiles hit the depot. Regional officials said 12 workers were killed.\n\n"
            "On 11 April, the governor said 20 workers had died in the attack.\n")
    one_day = "= Kramatorsk depot attack =\n\nRussian forces struck the depot in Kramatorsk on 9 April 2022.\n"
    assert _wiki_dates(one_day + body) == ["2022-04-09"]  # the telling of the next paragraph is of that attack
    # A lead naming a run of months dates nothing; the telling then has only its own day.
    campaign = "= Kramatorsk campaign =\n\nThe campaign lasted from March to June 2022.\n"
    assert _wiki_dates(campaign + body) == [None, "2022-04-11"]


def test_a_section_restarting_the_chronology_takes_the_year_its_paragraph_writes_in_full():
    text = ("= Battle of Avdiivka (2022–2023) =\n\nThe battle began in 2022.\n\n==Battle==\n"
            "On 10 March 2023, Russian shelling killed 4 soldiers in Avdiivka.\n\n==Casualties==\n"
            "On 8 April, one civilian was killed in Avdiivka. On 3 May 2022, 10 people died in an attack.\n")
    assert _wiki_dates(text) == ["2023-03-10", "2022-04-08", "2022-05-03"]


def test_a_casualties_section_with_no_year_tells_its_days_in_order_from_the_storys_start():
    text = ("= Battle of Bakhmut =\n\nThe shelling of the city began in May 2022, and the city fell on 20 May 2023."
            "\n\n==Battle==\nOn 3 June 2023, Russian shelling killed two soldiers in Bakhmut.\n\n==Casualties==\n"
            "On 10 November, shelling killed four civilians in Bakhmut. On 5 March, shelling killed six civilians.\n")
    assert _wiki_dates(text) == ["2023-06-03", "2022-11-10", "2023-03-05"]


def test_a_section_with_no_year_after_an_aftermath_is_back_in_the_titles_years():
    text = ("= Palmyra offensive (May 2015) =\n\nIS took the city.\n\n==Offensive==\n"
            "On 13 May 2015, IS fighters killed 70 soldiers near Palmyra.\n\n==Aftermath==\n"
            "In March 2016, the army regained control of the town on 27 March 2016, killing 40 militants.\n\n"
            "==Mass executions==\nOn 14 May, IS executed 26 civilians in Amiriya.\n")
    assert _wiki_dates(text) == ["2015-05-13", "2016-03-01", "2015-05-14"]


def test_an_event_with_no_place_takes_the_one_governorate_the_infobox_place_names():
    body = "\n\nThe SDF took the town.\n\n==Battle==\nOn 9 April 2017, SDF fighters killed 25 IS fighters.\n"

    def admin1s(place: str) -> list[str | None]:
        doc = read_string(f"= Battle of Tabqa =\n\n- Place: {place}{body}", "a", fmt="wiki-plaintext").documents[0]
        return [e.place.admin1 if e.place else None for e in analyse(doc).events]

    assert admin1s("Al-Thawrah District, Raqqa Governorate, Syria") == ["Raqqa"]
    assert admin1s("Syrian Desert, Syria") == [None]  # no one governorate: no place


def test_a_namesake_in_the_infobox_governorate_comes_first():
    text = ("= Battle of Tabqa =\n\n- Place: Al-Thawrah District, Raqqa Governorate, Syria\n\n"
            "The SDF took the town.\n\n==Battle==\nOn 9 April 2017, the SDF captured a village east of Safsafah, "
            "expanding their control in the eastern countryside of Tabqa, while 25 IS fighters were killed.\n")
    doc = read_string(text, "a", fmt="wiki-plaintext").documents[0]
    assert [(e.place.name, e.place.admin1) for e in analyse(doc).events if e.place] == [("Tabqa", "Raqqa")]


def test_a_dated_aside_months_on_does_not_move_the_incident_on():
    text = ("= Battle of Kharkiv (2022) =\n\nThe city held.\n\n==Battle==\nOn 7 March, Ukrainian forces killed a "
            "Russian general near Kharkiv. The claim later turned out to be untrue, as the general received an award "
            "on 23 May. Two other Russian officers were also killed in the attack.\n")
    doc = read_string(text, "a", fmt="wiki-plaintext").documents[0]
    assert [(e.date.start, [c.count.low for c in e.casualties]) for e in analyse(doc).events] == [
        ("2022-03-07", [1, 2])]


def test_a_figure_on_a_list_line_totals_the_campaign():
    text = ("= Siege of Tabqa (2017) =\n\nThe siege lasted from May to October 2017.\n\n==Battle==\n"
            "On 3 May 2017, IS fighters killed 4 soldiers near Tabqa.\n\n==Casualties==\n"
            "* 978 militants killed (13 foreigners)\n* 168 government forces killed\n")
    doc = read_string(text, "a", fmt="wiki-plaintext").documents[0]
    a = analyse(doc)
    assert [c.count.low for e in a.events for c in e.casualties] == [4]
    assert {c.count.low for c in a.claims} >= {978, 168}


@pytest.mark.parametrize(("text", "kept"), [
    ("Abu Ali, wanted for the January 2014 attacks, was killed on 3 March.", ["3 March"]),
    ("The toll since the beginning of 2024 has risen to 312.", ["beginning of 2024"]),
    ("The Camp Speicher massacre of June 2014 was avenged on 13 March.", ["13 March"]),
    ("An investigation in May 2022 concluded that the strike of 18 March killed 52.", ["18 March"]),
])
def test_a_date_naming_an_event_or_a_telling_dates_nothing_told(text, kept):
    from warledger.extract.narrative.date_roles import incident_dates
    from warledger.extract.stages import facts_for
    from warledger.extract.text.dates import find_dates

    s = facts_for(text)
    assert [m.text.rstrip(".") for m in incident_dates(s, find_dates(s, 2015), 2015)] == kept


def test_an_article_titled_by_a_place_with_no_place_field_is_of_its_governorate():
    doc = read_string("= Tiyas Military Airbase =\n\n==History==\nOn 9 April 2018, six Syrian soldiers were injured "
                      "in an airstrike, according to Syrian media.\n", "t", fmt="wiki-plaintext").documents[0]
    events = [e for e in analyse(doc).events if e.casualties]
    assert [e.place.admin1 if e.place else None for e in events] == ["Homs"]


def test_two_dates_split_by_a_slash_are_one_span():
    doc = read_string("During the night of 31 December 2022/1 January 2023, a rocket strike on a school in Makiivka, "
                      "Ukraine killed 63 soldiers.", "t").documents[0]
    [event] = [e for e in analyse(doc).events if e.casualties]
    assert (event.date.start, event.date.end) == ("2022-12-31", "2023-01-01")


def test_a_town_of_another_country_the_sentence_does_not_name_is_a_namesake():
    text = ("= Battle of Ramadi =\n\n- Place: Ramadi, Anbar Governorate, Iraq\n\n==Battle==\nOn 19 February 2016, the "
            "Iraqi Army cleared the Hamidiyah District, killing dozens of ISIL fighters. On 20 February 2016, 12 ISIL "
            "fighters who had fled to the Syrian border town of Abu Kamal were killed in an airstrike there.\n")
    events = _article_events(text)
    assert [e.place.admin1 if e.place else None for e in events] == ["Anbar", "Deir ez-Zor"]


def test_an_earlier_month_inside_a_sentence_leaves_the_narrative_in_its_year():
    text = ("= Deir ez-Zor campaign (2017–2019) =\n\n==Third phase==\n===The pocket===\nOn 5 January 2019, two British "
            "soldiers were injured in an attack. SOHR said 27,000 people had fled since early December 2018. A "
            "spokesman tied the gains to a change of tactics after the frontlines collapsed in late October 2018.\n\n"
            "===Last stand===\nOn 24 January, 35 ISIL fighters were killed near al-Marashidah.\n")
    events = _article_events(text)
    assert [e.date.start for e in events] == ["2019-01-05", "2019-01-24"]


def test_an_infobox_place_over_two_governorates_takes_the_one_its_title_names():
    text = ("= Deir ez-Zor campaign (2017–2019) =\n\n- Place: Eastern Syria, Southern Al-Hasakah Governorate, Eastern "
            "Deir ez-Zor Governorate\n\n==Campaign==\nOn 12 October 2017, a dozen SDF fighters were executed.\n")
    events = _article_events(text)
    assert [e.place.admin1 if e.place else None for e in events] == ["Deir ez-Zor"]


def test_a_town_of_another_governorate_inside_a_longer_name_is_a_namesake():
    text = ("= Siege of Kobanî =\n\n- Place: Kobanî, Kobanî Canton, Syria\n\n==Fighting==\nOn 15 March 2015, 45 ISIL "
            "militants were killed at Qara Qozak.\n")
    events = _article_events(text)
    assert [e.place.admin1 if e.place else None for e in events] == ["Aleppo"]


def test_a_village_the_gazetteer_lacks_takes_the_articles_governorate_not_the_sentence_befores():
    text = ("= Siege of Kobanî =\n\n- Place: Kobanî, Kobanî Canton, Syria\n\n==Fighting==\nOn 9 March 2015, airstrikes "
            "blew up an oil refinery just northwest of Tell Abyad, killing 30 ISIL militants. On 10 March, 13 YPG "
            "fighters were killed in clashes in the Mandek area, west of the village of al-Jalabiyyi.\n")
    events = _article_events(text)
    assert [e.place.admin1 if e.place else None for e in events] == ["Raqqa", "Aleppo"]


def test_ordinal_days_are_days_of_the_narratives_month():
    text = ("= T =\n\n==2019==\nOn 25 January, 35 ISIL fighters were killed in a failed breakout.\n\nOvernight clashes "
            "between the 26th and 27th killed 19 ISIL and 11 SDF fighters, SOHR reported.\n\nOn 2 February, the 17th "
            "Division lost 4 soldiers.\n")
    events = _article_events(text)
    assert [(e.date.start, e.date.end) for e in events] == [
        ("2019-01-25", "2019-01-25"), ("2019-01-26", "2019-01-27"), ("2019-02-02", "2019-02-02")]


def test_a_named_operation_of_a_few_days_is_one_incident_of_those_days():
    text = ("= Siege of Deir ez-Zor (2014–2017) =\n\n==2016==\nOn 16 January 2016, ISIL launched an offensive on Deir "
            "ez-Zor. Overall, according to SOHR, about 440 people were killed in the five-day ISIL offensive.\n\n"
            "==2017==\nIn February 2017, the army held the airport. In March 2017, the SDF advanced. On 9 April 2017, "
            "the army announced it had lost 12 soldiers after nearly ten days of fighting near the airport.\n")
    doc = read_string(text, "t", fmt="wiki-plaintext").documents[0]
    analysis = analyse(doc)
    events = [e for e in analysis.events if e.casualties]
    assert [(e.date.start, e.date.end, e.casualties[0].count.low) for e in events] == [
        ("2016-01-16", "2016-01-20", 440)]
    assert [c.count.low for c in analysis.claims] == [12]


def test_a_count_since_what_someone_did_is_a_tally_a_day_named_or_not():
    day = [DateSpan("2018-12-20", "2018-12-20", "day")]
    assert tally_rule("On 20 December, SOHR said 40 civilians were executed by ISIL since it lost Hajin.", day) == (
        True, "since_then")
    assert tally_rule("On 20 December, 40 civilians were executed since Sunday.", day)[0] is False


def test_a_named_person_takes_no_default_status():
    from warledger.extract.figures import NAMED_PERSON
    from warledger.extract.figures.casualties import find_figures
    text = ("The SDF stated that a number of foreign hostages, including missing British journalist John Cantlie, "
            "were possibly being held in the enclave.")
    statuses = [f.status for f in find_figures(text, default_status="killed") if f.head == NAMED_PERSON]
    assert statuses in ([], ["missing"])  # the word before him may say he is missing; the call's default, never


def _spans(text: str) -> list[tuple[str | None, str | None, int]]:
    """Each event with casualties of a text: its date's first and last day, and its first figure's count."""
    return [(e.date.start, e.date.end, e.casualties[0].count.low) for e in _analysis(text).events if e.casualties]


def test_a_count_since_an_ordinal_day_runs_from_it_to_the_narratives_day():
    assert _spans("On 28 January 2019, the SDF resumed its attack. Meanwhile, SOHR reported some 2,000 people had "
                  "fled the area since the 27th.") == [("2019-01-27", "2019-01-28", 2000)]


def test_a_count_by_the_next_day_runs_from_the_day_to_the_next_but_a_telling_then_is_of_that_day():
    assert _spans("On 9 March 2016, heavy Russian airstrikes started hitting the Palmyra area, with 32 ISIL fighters "
                  "reported killed by the next day.") == [("2016-03-09", "2016-03-10", 32)]
    retaken = _spans("On 9 June 2018, 5 soldiers were killed in Albu Kamal. By the following day it was reported "
                     "that the army had retaken the city, and 3 more soldiers were killed.")
    assert retaken[1] == ("2018-06-10", "2018-06-10", 3)
    assert _spans("On 24 January 2019, the SDF crossed the bridge. By the next day, an IS counterattack regained parts "
                  "of Baghuz, and 35 ISIL fighters were killed.") == [("2019-01-24", "2019-01-25", 35)]


def test_a_tales_months_ago_count_back_from_the_statements_day():
    said = ("On 1 July 2017, the army advanced. According to a statement on 4 July by Nour Eddin Qablan, deputy "
            "chief of the provincial council, 200 Turkmens were killed by the militants in Tal Afar two months ago.")
    assert _spans(said) == [("2017-05-01", "2017-05-31", 200)]


def test_a_trailing_clause_of_the_next_day_leaves_the_sentence_its_narratives_day():
    told = _spans("On 19 May 2023, the Ukrainian forces advanced. 141 more Russian soldiers were killed and one was "
                  "taken prisoner, with another 92 being killed the following day.")
    assert told == [("2023-05-19", "2023-05-19", 141), ("2023-05-20", "2023-05-20", 92)]


def test_days_listed_a_week_apart_at_most_are_one_incidents_span():
    a = _analysis("ISIL fighters raided SDF-held villages in southern al-Hasakah Governorate, ambushing and killing "
                  "several SDF fighters on 21 and 24 September 2017.")
    [event] = a.events
    assert (event.date.start, event.date.end, event.date.precision) == ("2017-09-21", "2017-09-24", "days")
    a = _analysis("IS fighters attacked Tabqa on 3 and 15 May 2017, killing 12 SDF fighters.")
    assert all(e.date.end != "2017-05-15" or e.date.start == "2017-05-15" for e in a.events)  # no span of 13 days


def test_a_campaigns_toll_told_on_a_day_is_a_tally_and_the_days_own_deaths_are_not():
    told = [DateSpan("2022-07-08", "2022-07-08", "day")]
    said = "On 8 July, Haidai claimed that hundreds of Kadyrovites died during the battle for Sievierodonetsk."
    assert tally_rule(said, told, campaign=True) == (True, "whole_campaign")
    that_day = "On 8 July, hundreds of Kadyrovites died during the battle for Sievierodonetsk."
    assert tally_rule(that_day, told, campaign=True)[1] != "whole_campaign"


def test_a_background_section_s_years_stay_behind_the_story_the_lead_dates():
    text = ("= Siege of Ternivka =\n\nThe siege of Ternivka began on 2 March 2022 and lasted until 9 April.\n\n"
            "==Background==\nIn 2014, separatists seized the town hall. 2018 saw clashes on the river again.\n\n"
            "==Siege==\nOn 4 March, Russian shelling killed six civilians in Ternivka. On 7 March, two soldiers were "
            "wounded near the bridge.\n")
    assert [e.date.start for e in _article_events(text)] == ["2022-03-04", "2022-03-07"]


def test_thousands_dead_told_in_the_perfect_are_a_campaigns_count_so_far_unless_days_bound_them():
    text = ("= Siege of Ternivka =\n\nThe siege of Ternivka began on 2 March 2022 and lasted until 20 May.\n\n"
            "==Siege==\nOn 4 March, Russian shelling killed six civilians in Ternivka. On 11 April, the mayor stated "
            "that over 10,000 civilians had died in the Russian siege of Ternivka. On 15 May, a British minister said "
            "that over 1,000 Russian troops had been killed in the past two days.\n")
    ledger = _article(text)
    assert [(e.date.start, e.casualties[0].count.low) for e in ledger.events if e.casualties] == [
        ("2022-03-04", 6), ("2022-05-13", 1001)]
    assert [c.count.low for c in ledger.claims] == [10001]


def test_a_count_up_to_part_of_a_month_is_a_running_count_in_a_campaign():
    told = [DateSpan("2022-03-01", "2022-03-31", "month")]
    said = "Ukraine claimed 14 special forces members of the Russian Spetsnaz GRU were killed by late March."
    assert tally_rule(said, told, campaign=True) == (True, "running_count")
    assert tally_rule("On 3 May, 14 soldiers were killed by a mine.", [DateSpan("2022-05-03", "2022-05-03", "day")],
                      campaign=True)[0] is False


def test_a_loss_over_just_twelve_days_is_a_tally_in_a_campaign():
    said = "Russian sources claimed that the regiment lost 2,500 men killed in just 12 days at a position near Svatove."
    assert tally_rule(said, [], campaign=True) == (True, "how_long")


def test_a_few_people_told_evacuated_in_the_perfect_are_that_days_and_thousands_the_count_so_far():
    text = ("= Siege of Ternivka =\n\nThe siege began on 2 March 2022.\n\n==Evacuation==\nOn 2 May, about 100 "
            "civilians were reported to have been evacuated. On 8 May, officials stated that more than 6,000 civilians "
            "had been evacuated from the city.\n")
    ledger = _article(text)
    assert [(e.date.start, e.casualties[0].count.low) for e in ledger.events if e.casualties] == [("2022-05-02", 100)]
    assert [c.count.low for c in ledger.claims] == [6001]


def test_another_tellers_count_after_a_tally_is_no_part_of_it():
    text = ("In 2022, SOHR documented 264 pro-government fighters killed in the Syrian desert. The Russian Defence "
            "Ministry said 30 IS fighters were killed in airstrikes on a cave near al-Sukhnah.")
    analysis = _analysis(text)
    assert [c.count.low for c in analysis.claims] == [264]
    assert [f.count.low for e in analysis.events for f in e.casualties] == [30]
