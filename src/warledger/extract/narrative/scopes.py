"""Scopes: the words that tell a count covers more than one incident's place or days — a whole country ("across
Iraq", "nationwide"), a recent stretch ("in the past week", "this week", "during the three weeks of"), a published
count ("UN figures released on Monday showed") — and the short stretches that stay one incident's ("in the past 48
hours"); how long a sentence says its fighting lasted ("continued for one month"), and harm told as done again and
again ("continued to shell"). Read by ``tallies`` (the wide_scope, habitual and how_long rules and others).

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
