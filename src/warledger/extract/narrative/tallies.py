"""Tallies: whether a sentence's figures are a total over a period or a campaign ("264 pro-government fighters
were killed in 2022, according to SOHR") rather than one incident's.

Named rules decide in order (:data:`TALLY_RULES`); the first that has a say wins. Their words are lists under
``data/cues/`` (total words, aggregate phrases, cumulative verbs, one-incident nouns, fatality words). What a
tally becomes, a claim, is ``claims``' job.

>>> is_aggregate("Overall, 246 pro-government fighters were killed between 22 May and 11 June.", [])
True
>>> is_aggregate("On 22 May, 16 soldiers were killed.", [DateSpan("2018-05-22", "2018-05-22", "day")])
False
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from warledger.extract.analysis import SentenceFacts, as_facts
from warledger.extract.cues import cue_alternation, cue_list
from warledger.extract.figures import Figure
from warledger.extract.figures.syntax import MORE_OF
from warledger.extract.narrative.date_roles import told_that_day
from warledger.extract.narrative.scopes import (
    ACROSS,
    ACROSS_COUNTRY,
    CAMPAIGN_LEFT,
    CAMPAIGN_SCOPE,
    DURING_CAMPAIGN,
    DURING_PHASE,
    DURING_WHOLE,
    HABITUAL,
    HOURS_OR_DAYS,
    SHORT_STRETCH,
    THE_FIGHTING_LEFT,
    THIS_STRETCH,
    WHOLE_OF,
    WIDE_SCOPE,
    WIDE_SCOPE_WORDS,
    month_names,
    stretch_days,
    weekdays,
)
from warledger.extract.narrative.segments import span_days
from warledger.extract.text.dates import date_matches
from warledger.extract.text.phrases import PhraseMatcher
from warledger.extract.text.timeline import LONGEST_INCIDENT, OPERATION, durations, past_stretch_days
from warledger.model import DateSpan

PERIOD_PRECISIONS = {"period", "year", "season"}
# "In 2018, an IS car bomb killed 4 civilians": one incident dated only loosely is no tally.
LOOSE_DATES = {"year", "season"}
MANY_PEOPLE = 1000  # dead or moved told in the perfect: more than one incident leaves, as a rule
TOO_MANY_FOR_A_DAY = 3000  # dead or wounded: one day's fighting, one strike leaves fewer, as a rule
CASUALTY_STATUSES = frozenset(("killed", "wounded", "killed or wounded"))
ONE_INCIDENT = re.compile(rf"\b(?:a|an|one)\s+(?:[\w-]+\s+){{0,3}}?(?:{cue_alternation('one_incident_nouns')})\b|"
                          r"\bbodies\s+of\b|\bmass\s+grave\b", re.I)
# "By the end of the year, SOHR had documented …": a running count up to a date.
CUMULATIVE = re.compile(rf"^By\s[^,]{{1,40}},.*?\bhad\s+(?:been\s+|reportedly\s+)?"
                        rf"(?:{cue_alternation('cumulative_verbs')})\b", re.I)
PERFECT = (r"(?i:\b(?:(?:had|have|has)\s+(?:been\s+|reportedly\s+|likely\s+|already\s+)?|to\s+have\s+)"
           rf"(?:{cue_alternation('cumulative_verbs')})\b)")
INCREMENT = re.compile(rf"\b{MORE_OF}\s+[\d,]+", re.I)  # "another 1,500": more, not the count so far
AS_OF = re.compile(r"\s*as\s+of\b", re.I)
PERFECT_ANYWHERE = re.compile(PERFECT)
# The perfect of a side's losses: "Wagner had had more than 4,100 of its soldiers killed", "Russia had taken up
# to 70,000 casualties".
LOSSES_PERFECT = re.compile(rf"{PERFECT}|\b(?:had|have|has)\s+(?:had|taken)\b", re.I)
PERFECT_AS_OF = re.compile(rf"{PERFECT}[^.;]*?\bas\s+of\b")
TOLL_AS_OF = re.compile(r"\b(?:toll|number\s+of)\b[^.;]*?\bas\s+of\b", re.I)  # a toll "as of" a day: the count so far
BULLET = re.compile(r"\s*[*•·]\s")
# "… had been killed … by 2 April", "… to have killed … by the end of May": a count up to a date (not "killed by
# gunmen": a day or a month follows "by").
PERFECT_BY = re.compile(rf"{PERFECT}[^.;]*?\b(?i:by\s+(?:the\s+(?:end|middle|start)\s+of\s+|early\s+|mid-?|late\s+)?)"
                        rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{month_names()})|(?:{month_names()})\b)")
# "killed by late March", "had 158 killed … by mid-April": up to a month, with no day of it named.
BY_MONTH = re.compile(rf"\bby\s+(?:the\s+(?:end|middle|start)\s+of\s+|early\s+|mid-?|late\s+)"
                      rf"(?:{month_names()})\b(?!\s+\d)")
# "by the end of the second day", "by the end of the third week": a running count over an operation's days.
BY_DAY_OF_FIGHTING = re.compile(r"\bby\s+the\s+end\s+of\s+the\s+(?:second|third|fourth|fifth|sixth|seventh|"
                                r"\d+(?:nd|rd|th)|[a-z]+th)\s+(?:day|week)\b", re.I)
# "… have died since the campaign began", "… had been killed since entering the town"; not since a day ("since
# Sunday", "since the 27th", "since ISIS stormed the prison on Thursday": one incident still going on), whose date
# the period rule reads.
SINCE_EVENT = re.compile(rf"{PERFECT}[^.;]*?\b(?i:since)\s+(?!(?:the\s+)?\d)(?:the\s+|its\s+|their\s+)?[a-z]")
SINCE_CLAUSE = re.compile(r"\bsince\s+(?:it|they|he|she|we)\s+[a-z]{3,}")  # "executed by ISIL since it lost Hajin"
RECORD_SINCE = re.compile(rf"\b(?:{cue_alternation('superlative_words')})\b[^.;]{{0,60}}\bsince\b", re.I)
TELLER_VERB = re.compile(rf"\b(?:{cue_alternation('teller_speech_verbs')})\b", re.I)
SINCE_A_DAY = re.compile(rf"\b(?i:since|on)\s+(?:{weekdays()})|\bsince\s+(?:yesterday|last\s+\w+|the\s+day\s+before|"
                         r"the\s+previous\s+(?:day|night|evening))\b", re.I)
TOTAL_WORD_SET = frozenset(cue_list("total_words"))
INCIDENT_PARTICIPLE = re.compile(r"\b(?:killing|wounding|injuring|leaving)\s+$", re.I)
THE_CLASHES = re.compile(r"\b(?:during|in)\s+the\s+clashes\b", re.I)  # the clashes just told, a day's
DAY_ALONE = re.compile(r"\b(?:day|night)\s+alone\b|\bin\s+(?:a\s+single|one)\s+day\b", re.I)  # "that day alone"
ONE_DAY = re.compile(rf"\b(?:{cue_alternation('one_day_phrases')})\b", re.I)  # "that day", "throughout the day"
BODY_NOUNS = frozenset(("bodies", "corpses", "coffins"))
MASS_GRAVE = re.compile(r"\bmass\s+graves?\b", re.I)
KILLING_WORDS = frozenset((*cue_list("fatality_words"), *cue_list("person_death_verbs"), "killing", "died"))
# People moved, told in the perfect: "had been evacuated"; on no day named, also come to where they fled to: "had
# reached Samarra", "had arrived at the camp" ("about 4,000 people had fled the city" may be one day's flight).
PERFECT_MOVED = re.compile(r"\b(?:had|have|has)\s+(?:now\s+|already\s+)?(?:been\s+(?:\w+ly\s+)?(?:evacuated|displaced)|"
                           r"(?P<arrived>reached|arrived))\b", re.I)
TOTAL_WORDS = re.compile(rf"\b(?:{cue_alternation('total_words')})\b", re.I)
FATALITY_WORDS = re.compile(rf"\b(?:{cue_alternation('fatality_words')})\b", re.I)


@functools.cache
def _aggregate_matcher() -> PhraseMatcher:
    """Words that make a sentence's figures a total over a period ("overall", "in total", "so far"): the total
    words, then the aggregate phrases, each its own value (the phrase a trace names)."""
    phrases = [*cue_list("total_words"), *cue_list("aggregate_phrases")]
    return PhraseMatcher(((p, p) for p in phrases), shared=True)


class TallyText(NamedTuple):
    """A sentence (or a clause) as the tally rules read it."""

    s: SentenceFacts
    dates: list[DateSpan]
    singles: bool  # every figure counts one person
    day_named: bool  # one of the dates is a day or days
    campaign: bool  # the document tells of a campaign of several months, not of one incident
    listed: bool  # the sentence is an item of a list (its line opens on a bullet the reader took off)
    stretch_before: bool = False  # the sentence before, in its paragraph, told of more than a week's fighting


def one_by_one(t: TallyText) -> bool | None:
    """Figures of one person each are no tally without a total word: "a woman was shot dead …, the seventh
    killing since the start of the year"."""
    return False if t.singles and not TOTAL_WORDS.search(t.s.text) else None


def how_long(t: TallyText) -> bool | None:
    """How long the fighting lasted, when the sentence says: in the narrative of a campaign, more than a week is a
    tally ("after nearly ten days of evacuating 20,000 civilians"); a named operation of a few days is one
    incident, total words or not ("Overall, about 440 people were killed in the five-day ISIL offensive")."""
    lengths = stretch_days(t.s)
    if t.campaign and any(days > LONGEST_INCIDENT for days in lengths):
        return True  # (a report's "After ten days of fighting, the SDF said 121 … had died" is its incident's toll)
    return False if lengths and OPERATION.search(t.s.text) else None


def total_phrase(t: TallyText) -> bool | None:
    """An aggregate phrase makes a tally ("so far", "since the start"), and so does a total word ("overall", "in
    total") in the narrative of a campaign, over more than a day, or over a campaign ("during the campaign"): "A
    total of 3,105 pro-government fighters were killed during the campaign". In a report of one incident, "in
    total, 26 were killed" is that incident's toll."""
    # "Throughout the day, airstrikes killed 180 militants": one day, not "throughout the campaign"; "blew
    # themselves up, killing a total of 12 persons": the incident's own toll.
    text = t.s.text
    hits = [h for h in _aggregate_matcher().find(t.s) if not ONE_DAY.match(text, h.start)
            and not INCIDENT_PARTICIPLE.search(text, max(0, h.start - 12), h.start)]
    if not hits:
        return None
    if any(str(h.value) not in TOTAL_WORD_SET for h in hits):
        return True
    if t.campaign:  # "Overall, 348 militants were killed … throughout the day", "… during the clashes": that day's
        return None if ONE_DAY.search(text) or THE_CLASHES.search(text) else True
    # Dates not given to the rule: the sentence's own written dates say it is more than one incident's day.
    longer = any(d.precision != "day" for d in t.dates) if t.dates else bool(date_matches(t.s))
    return True if longer or CAMPAIGN_SCOPE.search(t.s.text) else None


def running_count(t: TallyText) -> bool | None:
    """A running count up to a date, told in the perfect, with no day named ("14 special forces members … were killed
    by late March", in a campaign, need no perfect): "By the end of the year, SOHR had
    documented 264 …", "claimed to have killed up to 276 fighters by the end of March". ("By 22 January, the
    fighting had killed 89 people" may be one incident of a few days: a day named is no tally by itself, except
    in the narrative of a campaign: "19 civilians … had been killed in Marawi by May 27".)"""
    text = t.s.text
    if (AS_OF.match(text) and PERFECT_ANYWHERE.search(text)) or (" as of " in text and (
            PERFECT_AS_OF.search(text) or TOLL_AS_OF.search(text))):
        # "As of then, 919 militants … had been killed", "… had killed nine people as of 22 June", "put the number
        # of executed at 450 as of 25 May"
        return True
    if t.day_named and (not t.campaign or HOURS_OR_DAYS.search(text) or INCREMENT.search(text)):
        return None  # "By 21 September, … had been killed in the previous 48 hours": the days' fighting; "By the
        # morning of 11 February, another 1,500 civilians had fled": more, not the count so far
    if text[:3].lower() == "by " and CUMULATIVE.search(text):
        return True
    if " by the end of the " in text and BY_DAY_OF_FIGHTING.search(text):
        return True  # "… were reported killed … by the end of the second day": the days' running count
    if t.campaign and " by " in text and BY_MONTH.search(text):
        return True  # "14 special forces members … were killed by late March": up to a month, no day
    return True if " by " in text and PERFECT_BY.search(text) else None


def displaced_so_far(t: TallyText) -> bool | None:
    """A thousand people or more displaced, their verb in the perfect, are the count so far, a day named or not: "On 8
    March, Synyehubov stated that more than 600,000 civilians had been evacuated from the city", "the UN estimated
    that about 28,000 civilians had reached Samarra" ("about 5,000 people were evacuated during the day", "another
    1,500 civilians had fled", "4,000 people had fled over the past 24 hours" are those days'; "On 3 March, 28,000
    had reached Samarra" that day's)."""
    figures = getattr(t.s, "figures", None) or []  # a bare text (no figures stage run) has none
    if not figures or not all(f.status == "displaced" and _many(f) for f in figures):
        return None
    text = t.s.text
    if INCREMENT.search(text) or HOURS_OR_DAYS.search(text):
        return None
    moved = PERFECT_MOVED.search(text, figures[0].end)
    return True if moved and not (moved.group("arrived") and t.day_named) else None


def _many(fig: Figure, least: int = MANY_PEOPLE) -> bool:
    """A thousand people or more (or ``least``), at the count's low end (else its high)."""
    return (fig.count.low or fig.count.high or 0) >= least


def thousands_so_far(t: TallyText) -> bool | None:
    """In the narrative of a campaign, a thousand dead or wounded or more told in the perfect are the count so far,
    a day named or not, unless a few days or an incident's word bound them: "On 11 April, Mayor Boychenko stated
    that over 10,000 civilians had died in the Russian siege", "Russians have suffered over 100,000 casualties in
    Bakhmut" ("over 1,000 Russian troops had been killed over just two days" is those days')."""
    figures = getattr(t.s, "figures", None) or []  # a bare text (no figures stage run) has none
    return True if t.campaign and LOSSES_PERFECT.search(t.s.text) and unbounded_losses(t.s.text, figures) else None


def too_many_for_a_day(t: TallyText) -> bool | None:
    """Three thousand dead or wounded or more are a count over many days, a day named or not, unless a few days or
    an incident's word bound them: "Ukrainian sources claimed that 17,000 Russian soldiers died in January"."""
    figures = getattr(t.s, "figures", None) or []
    return True if unbounded_losses(t.s.text, figures, TOO_MANY_FOR_A_DAY) else None


def unbounded_losses(text: str, figures: list[Figure], least: int = MANY_PEOPLE) -> bool:
    """Whether ``text`` (a sentence or a clause of it, with its ``figures``) counts ``least`` dead or wounded or
    more that no few days, one day or incident's word bound ("3,500 bodies were found in a mass grave", "had lost
    1,100 soldiers the previous day alone" are that day's)."""
    return any(f.status in CASUALTY_STATUSES and _many(f, least) for f in figures) \
        and not (past_stretch_days(text) or durations(text) or ONE_INCIDENT.search(text) or DAY_ALONE.search(text))


CIVILIAN_TOLL = 50  # civilians killed: a toll this large with no attack or find told is many days' dead, as a rule
# An attack, a find of bodies or a grave told: the toll is that incident's ("Coalition airplanes struck the city").
ANY_INCIDENT = re.compile(rf"\b(?:{cue_alternation('one_incident_nouns')})s?\b|\b(?:bodies|graves?|struck)\b|"
                          r"\bshell(?:ed|ing)\b", re.I)


def civilians_toll(t: TallyText) -> bool | None:
    """In the narrative of a campaign, fifty civilians killed or more, on no day named but the telling's, with no
    attack or find told, are the dead of many days: "The mayor said that 150 civilians had been killed, and that
    there may be more", "the mayor said that at least 80 civilians had been killed by the occupiers" ("a
    Coalition airstrike killed 80 civilians", "mass graves with 440 bodies were found" are one incident's)."""
    figures = getattr(t.s, "figures", None) or []
    if not t.campaign or not figures or not all(f.party == "civilians" and f.status == "killed" for f in figures) \
            or not any(_many(f, CIVILIAN_TOLL) for f in figures):
        return None
    return True if _no_day_but_the_tellings(t) and not ANY_INCIDENT.search(t.s.text) else None


def listed_total(t: TallyText) -> bool | None:
    """A figure on a line of a list, with no day named, totals a campaign: "* 978 militants killed (13
    foreigners)" in an article's casualties."""
    return True if not t.day_named and (t.listed or BULLET.match(t.s.text)) else None


def whole_campaign(t: TallyText) -> bool | None:
    """The whole of a campaign, a day named or not: "officials put the losses over the whole siege at 1,100";
    in the narrative of a campaign, a sentence that names it with no day named but the telling's: "During the
    battle, at least 606 civilians were killed", "the morgue had received 120 bodies during the battle", "On 8 July,
    Haidai claimed that hundreds of Kadyrovites died during the battle for Sievierodonetsk"; a stage of an operation
    so told ("during this phase, some ISIL militants surrendered")."""
    if not t.s.words.isdisjoint(("whole", "entire")) and WHOLE_OF.search(t.s.text):
        return True
    text = t.s.text
    undated = not t.day_named or (t.campaign and told_that_day(t.s))
    if undated and DURING_PHASE.search(text):
        return True
    return True if t.campaign and undated and (DURING_CAMPAIGN.match(text) or DURING_WHOLE.search(text)
                                               or CAMPAIGN_LEFT.match(text)) else None


# "the total death toll for the war stands at 9,758", "More than 2,000 people have reportedly died in the Philippine
# Drug War": a war's dead are many incidents', in any text.
WAR_TOLL = re.compile(rf"\btoll\s+(?:for|of|in)\s+the\s+(?:[\w-]+\s+){{0,2}}war\b|{PERFECT}"
                      r"\s+(?:[a-z]+ly\s+)?in\s+the\s+(?-i:(?:[A-Z][\w-]*\s+){0,3}[Ww]ar)\b", re.I)


def war_toll(t: TallyText) -> bool | None:
    """The toll of a war: "As of December 1, the total death toll for the war stands at an estimated 9,758"."""
    return True if "war" in t.s.folded and WAR_TOLL.search(t.s.text) else None


def _no_day_but_the_tellings(t: TallyText) -> bool:
    """Whether the sentence names no day, or only the day a teller speaks ("On 1 March, X said …")."""
    return not t.day_named or told_that_day(t.s, TELLER_VERB)


def bodies_counted(t: TallyText) -> bool | None:
    """In the narrative of a campaign, bodies found, received or sent home on no day named are the dead of days no
    one names ("The Red Crescent found 230 bodies", "the Ukrainians repatriated the bodies of 62 servicemen"),
    unless the sentence tells the killing too ("… had killed over 200 people as more bodies were recovered") or a
    mass grave holds them; on a day or in a month named, they are that day's or month's find ("discovered the
    bodies of 26 IS troops late 14 February", "In July 2019, 200 corpses were found near Raqqa")."""
    if not t.campaign or t.day_named or t.s.words.isdisjoint(BODY_NOUNS) or not t.s.words.isdisjoint(KILLING_WORDS):
        return None
    if any(d.precision == "month" for d in t.dates):
        return None
    return None if MASS_GRAVE.search(t.s.text) else True  # a grave found is one find, as the period rule has it


def since_then(t: TallyText) -> bool | None:
    """A count told in the perfect since an event, not a day, on no day but the telling's: "scores of pupils have
    died since the campaign began", "On 31 May, the mayor reported 204 residents had been killed since the invasion
    began"; or since what someone did: "more than 700 prisoners were executed by ISIL since it lost Hajin"."""
    text = t.s.text
    if "since " not in text or SINCE_A_DAY.search(text) or RECORD_SINCE.search(text):
        return None
    if SINCE_CLAUSE.search(text):
        return True
    return True if _no_day_but_the_tellings(t) and SINCE_EVENT.search(text) else None


FLIGHT_WORDS = frozenset((*cue_list("flight_verbs"), "leave"))


def habitual(t: TallyText) -> bool | None:
    """Harm told as done again and again, with no day named, is a count over the days it went on (people who
    "continued to flee" are each day's flight, as annotators count it)."""
    if t.day_named or not t.s.words.isdisjoint(FLIGHT_WORDS):
        return None
    return True if HABITUAL.search(t.s.text) else None


def wide_scope(t: TallyText) -> bool | None:
    """A whole country, a recent stretch or a published count, with no day named but the telling's: "across Iraq",
    "in the past week", "UN figures released on Monday showed", "On 1 March, the Free Burma Rangers said 15,000
    people had fled the area within the last month"."""
    if _no_day_but_the_tellings(t) and not t.s.words.isdisjoint(WIDE_SCOPE_WORDS) and WIDE_SCOPE.search(t.s.text):
        # "… had died over the previous two days": those days' fighting, as "in the past 48 hours" is.
        return None if SHORT_STRETCH.search(t.s.text) else True
    # "180 people have been killed in bombing attacks this week": the week's count so far.
    if THIS_STRETCH.search(t.s.text) and PERFECT_ANYWHERE.search(t.s.text):
        return True
    # A day's count over a whole country sums its incidents: "violence claimed six lives across Iraq on Sunday".
    if t.day_named and not t.s.words.isdisjoint(ACROSS) and ACROSS_COUNTRY.search(t.s.text):
        return True
    return None


def fighting_of_the_stretch(t: TallyText) -> bool | None:
    """In the narrative of a campaign, a toll of "the clashes" right after a sentence that tells of more than a
    week's fighting, with no day of its own, is the toll of those weeks: "Back-and-forth fighting continued for one
    month … The clashes left more than 470 dead"."""
    if t.campaign and t.stretch_before and not t.day_named and THE_FIGHTING_LEFT.match(t.s.text):
        return True
    return None


def period_dates(t: TallyText) -> bool:
    """A period, a year, a season, an open span ("since 1 September") or more than a week of days ("between 19 and
    26 October": no one incident's dates) make a tally; a year or a season over one incident ("In 2018, an IS car
    bomb killed 4") or over single victims ("a former member") does not."""
    if not t.dates:
        return False
    loose = any(d.precision in LOOSE_DATES for d in t.dates)
    single = loose and (t.singles or ONE_INCIDENT.search(t.s.text) is not None)
    return any((d.precision in PERIOD_PRECISIONS and not (single and d.precision in LOOSE_DATES))
               or d.open_ended or (d.precision == "days" and span_days(d) > 6) for d in t.dates)


TALLY_RULES: tuple[Callable[[TallyText], bool | None], ...] = (
    one_by_one, how_long, total_phrase, running_count, since_then, whole_campaign, war_toll, bodies_counted,
    displaced_so_far, thousands_so_far, too_many_for_a_day, civilians_toll, listed_total, wide_scope,
    fighting_of_the_stretch, habitual, period_dates)


def tally_rule(text: str | SentenceFacts, dates: list[DateSpan], singles: bool = False,
               campaign: bool = False, listed: bool = False, stretch_before: bool = False) -> tuple[bool, str]:
    """Whether a sentence's figures are a tally, and the name of the first of :data:`TALLY_RULES` that said so
    (or not); ``campaign``: the document tells of a campaign of several months; ``listed``: the sentence is a
    list's item; ``stretch_before``: the sentence before it tells of more than a week's fighting."""
    day_named = bool(dates) and any(d.precision in ("day", "days") for d in dates)
    t = TallyText(as_facts(text), dates, singles, day_named, campaign, listed, stretch_before)
    for rule in TALLY_RULES:
        verdict = rule(t)
        if verdict is not None:
            return verdict, rule.__name__
    return False, ""


def is_aggregate(text: str | SentenceFacts, dates: list[DateSpan], singles: bool = False) -> bool:
    """Whether a sentence's figures are a total over a period, not one incident.

    A period, a year, a season, an open span ("since 1 September") or a run of
    more than a week marks a tally; so do words such as "overall" and, unless a
    day is named, a whole country or a recent stretch ("across Iraq", "in the past week"). A year or a
    season over one incident ("In 2018, an IS car bomb killed 4") does not, nor over ``singles``: figures of
    one person each. The rules, in order: :data:`TALLY_RULES`.
    """
    return tally_rule(text, dates, singles)[0]


def tally_phrase(s: SentenceFacts) -> str | None:
    """The total word or aggregate phrase of a sentence, for a trace ("in total")."""
    hits = _aggregate_matcher().find(s)
    return str(hits[0].value) if hits else None
