"""Scopes: the words that tell a count covers more than one incident's place or days — a whole country ("across
Iraq", "nationwide"), a recent stretch ("in the past week", "this week", "during the three weeks of"), a published
count ("UN figures released on Monday showed") — and the short stretches that stay one incident's ("in the past 48
hours"); how long a sentence says its fighting lasted ("continued for one month"), and harm told as done again and
again ("continued to shell"); the whole of a campaign or a stage of it ("over the whole siege", "during the battle",
"during this phase", "The battle left …"). Read by ``tallies`` (the wide_scope, habitual, how_long and whole_campaign
rules and others).

>>> WIDE_SCOPE.search("Twenty people were killed across Iraq.") is not None
True
>>> WIDE_SCOPE.search("the insurgents declared the start of their annual spring offensive") is None
True
"""

from __future__ import annotations

import re

from warledger.data import load_yaml
from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation
from warledger.extract.text.timeline import LONGEST_INCIDENT, UNIT_DAYS, durations

# A tally over a whole country, a recent stretch of days or a published count: "across Iraq", "nationwide", "in
# the past week", "UN figures released on Monday showed". The words heading each piece; a sentence with none of
# their last words (the guard) has none of them.
ACROSS, WHOLE = ("across", "throughout", "all over"), ("country", "nation", "region")
EVERYWHERE, LATEST, FIRST = ("nationwide", "countrywide"), ("past", "last", "previous"), ("first",)
STRETCH = ("those", "these")  # "during those three weeks"
# "during the week of the final offensive", "over the last months": more than one incident's days (not "over the
# following weeks, the death toll rose to 324": the incident's own toll, revised)
PERIOD_NOUNS = ("week", "weeks", "month", "months")
RECENT = ("recent",)  # "in recent fighting", "recent Coalition air raids had killed": no one day's
DURING, REGULAR, PUBLISHED = ("during", "throughout"), ("monthly", "annual"), ("figures", "statistics", "data")


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(r"\s+".join(w.split()) for w in words)


def month_names() -> str:
    """The months' full names (the longest of each month's words in data/dates.yaml), capitalised."""
    names: dict[int, str] = {}
    for word, month in load_yaml("dates.yaml")["months"].items():
        if len(str(word)) > len(names.get(int(month), "")):
            names[int(month)] = str(word)
    return "|".join(names[m].capitalize() for m in sorted(names))


def weekdays() -> str:
    """The weekdays' names of data/dates.yaml, as an alternation."""
    return "|".join(str(w) for w in load_yaml("dates.yaml")["weekdays"])


WIDE_SCOPE = re.compile(
    rf"\b(?:(?i:{_alt(ACROSS)})\s+(?:(?i:the\s+)?(?i:{_alt(WHOLE)})\b|[A-Z][\w-]+)|"
    rf"(?i:{_alt(EVERYWHERE)}|(?:in|over|during|within)\s+the\s+(?:{_alt(LATEST)})\s+(?:\w+\s+)?"
    r"(?:days|weeks?|months?|years?)|(?:in|during|over)\s+(?:its|the|their)\s+first\s+(?:\w+\s+)?"
    r"(?:days|weeks?|months?)|(?:in|over|during|throughout)\s+(?:those|these)\s+(?:\w+\s+)?(?:days|weeks|months)|"
    r"(?:over|during|throughout)\s+the\s+(?:(?:first|last|final)\s+(?:week|month)s?|(?:week|month)\s+of)\b|"
    # "during the three weeks of protests" (not "over the following weeks", the incident's own toll revised)
    r"(?:over|during|throughout)\s+the\s+(?:\d+|(?!following\b|next\b|coming\b)[a-z]+)\s+(?:weeks|months|years)\b|"
    rf"recent\s+(?:[A-Z][\w-]*\s+)?(?:{cue_alternation('recent_stretch_nouns')}))\b|"
    rf"(?i:{_alt(DURING)})\s+(?:{month_names()})\b|"
    # "monthly figures", not "their annual spring offensive"
    rf"(?i:(?:{_alt(REGULAR)})(?!\s+(?:[\w-]+\s+)?(?:{cue_alternation('campaign_nouns')}))|"
    rf"(?:{_alt(PUBLISHED)})\s+(?:released\s+|published\s+|issued\s+)?(?:\w+\s+){{0,3}}?"
    r"(?:show|showed|shows|released|published))\b)")
ACROSS_COUNTRY = re.compile(rf"\b(?i:{_alt(ACROSS)})\s+(?:(?i:the\s+)?(?i:{_alt(WHOLE)})\b|[A-Z][\w-]+)")
WIDE_SCOPE_WORDS = frozenset(w.split()[-1] for words in (ACROSS, EVERYWHERE, LATEST, FIRST, DURING, REGULAR, PUBLISHED,
                                                          STRETCH, RECENT, PERIOD_NOUNS)
                             for w in words)
# "in the past 48 hours", "over the last few days": one incident's days, not a tally's.
SHORT_STRETCH = re.compile(rf"\b(?:{_alt(LATEST)})\s+(?:24|48|72|two|three|few|couple\s+of)\s+(?:hours|days)\b", re.I)
THIS_STRETCH = re.compile(r"\bthis\s+(?:week|month|year)\b", re.I)  # "killed in bombings this week": so far
HOURS_OR_DAYS = re.compile(rf"\b(?:{_alt(LATEST)})\s+(?:\w+\s+)?(?:hours|days)\b", re.I)
# Harm done again and again: "continued to shell the suburbs, killing numerous civilians", "soldiers were killing
# civilians", "repeatedly shelled".
HABITUAL = re.compile(r"\b(?:continued|continues|kept)\s+(?:to\s+[a-z]+|[a-z]+ing)\b|\b(?:repeatedly|routinely|"
                      r"regularly|nightly)\b|\b(?:were|was)\s+(?:[a-z]+ly\s+)?(?:killing|executing|shelling)\b",
                      re.I)
WHOLE_OF = re.compile(r"\b(?:over|during|throughout|in)\s+the\s+(?:whole|entire)\s+(?:\w+\s+)?"
                      rf"(?:{cue_alternation('campaign_nouns')})\b", re.I)
# "During the battle, at least 606 civilians were killed", "Over the course of the siege, …": fronted, the
# campaign a narrative of several months tells of (in a report of one incident, the incident itself).
DURING_CAMPAIGN = re.compile(r"(?:during|throughout|over)\s+(?:the\s+course\s+of\s+)?the\s+"
                             rf"(?:{cue_alternation('campaign_nouns')})\s*,", re.I)
# "their morgue had received 120 bodies during the battle", "suffered at least 50 dead from the battles in
# Hostomel": the campaign a narrative of several months tells of, anywhere in the sentence ("the operation to
# capture the Tamim District" is one part of it); a name or a length may stand before the noun ("over the course of
# the 10 month battle", "during the May counteroffensive"; not "during the military operation": one day's).
DURING_WHOLE = re.compile(r"\b(?i:during|throughout|from|over)\s+the\s+(?i:course\s+of\s+the\s+)?"
                          r"(?:(?:[A-Z][\w-]*|\d+[\s-](?i:day|week|month|year))\s+)?"
                          rf"(?i:{cue_alternation('campaign_nouns')})s?\b(?!\s+to\b)")
# "during this phase", "during the current phase to retake the city": a stage of an operation, days or weeks long.
DURING_PHASE = re.compile(r"\b(?:during|throughout|in)\s+(?:this|that|the\s+(?:current|present|new|next|final|"
                          r"[a-z]+(?:st|nd|rd|th)))\s+(?:phase|stage)\b", re.I)  # "first", "second", "last", …
# "The battle left at least 13 PMU fighters killed", "According to the mayor, the battle led to the deaths of
# around 300": the campaign's toll (not "The assault left 30 … dead").
CAMPAIGN_LEFT = re.compile(rf"(?:[^,;]{{0,80}},\s*)?(?:The|This|the|this)\s+(?:{cue_alternation('campaign_nouns')})\s+"
                           rf"(?:{cue_alternation('campaign_toll_verbs')})\b")
# "during the campaign", "in the two operations": the scope of a total word that is more than one incident.
CAMPAIGN_SCOPE = re.compile(r"\b(?:during|in|over|throughout)\s+the\s+(?:\w+\s+)?"
                            rf"(?:{cue_alternation('campaign_nouns')})s?\b(?!\s+to\b)", re.I)
# "The clashes left …", "The clashes that erupted during this period of time killed …": the fighting just told.
THE_FIGHTING_LEFT = re.compile(rf"(?:The|These|Those)\s+(?:{cue_alternation('fighting_nouns')})\b(?:\s+that\s+"
                               rf"[^,;]{{1,80}}?)?\s+(?:{cue_alternation('campaign_toll_verbs')})\b")
DURATION_UNITS = frozenset(unit + plural for unit in UNIT_DAYS for plural in ("", "s"))


def stretch_days(s: SentenceFacts) -> list[int]:
    """The lengths in days of the stretches a sentence says its fighting lasted; none where it writes no unit of
    time (the common case: no pattern tried)."""
    if "-day" not in s.text and s.words.isdisjoint(DURATION_UNITS):
        return []
    return durations(s.text)


def tells_a_stretch(s: SentenceFacts) -> bool:
    """Whether a sentence tells of fighting that lasted more than a week ("continued for one month")."""
    return any(days > LONGEST_INCIDENT for days in stretch_days(s))
