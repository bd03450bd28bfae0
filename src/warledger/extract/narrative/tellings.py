"""The day a teller speaks, and what it dates: the telling, or the tale told.

"Chaus stated on 17 March that 53 people were killed during the previous day": the day of the telling gives way
to the tale's, and the tale's relative dates count from it (16 March); "On 2 January, Russia acknowledged 63
soldiers had died in the attack" dates only the telling, the attack keeps the narrative's day.

>>> from warledger.extract.stages import facts_for
>>> from warledger.extract.text.dates import find_dates
>>> s = facts_for("Chaus stated on 17 March that 53 people were killed during the previous day.")
>>> explicit, relative, told_on = told_dates(s, find_dates(s, 2022), [])
>>> [r.span.start for r in relative], told_on.start
(['2022-03-16'], '2022-03-17')
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_words
from warledger.extract.narrative.date_roles import TELLING_WORDS
from warledger.extract.text.dates import DateMention
from warledger.extract.text.timeline import find_relative, shift_day
from warledger.model import DateSpan

# The day a teller speaks: "stated on 17 March that …", "On 8 March, Zhyvytskyi stated that …".
TELLS_ON = re.compile(rf"\b(?:{cue_alternation('teller_speech_verbs')})\s+(?:on\s+)?$", re.I)
# "According to a statement on 4 July by Nour Eddin Qablan, …": the day of a statement, the tale after its comma.
ACCORDING_ON = re.compile(rf"\baccording\s+to\s+(?:[\w'’-]+\s+){{1,3}}?"
                          rf"(?:{cue_alternation('statement_nouns')})\s+(?:[\w-]+\s+)?on\s+$", re.I)
THAT = re.compile(r"\s*,?\s*that\b", re.I)
PASSIVE_SAID = re.compile(r"\b(?:was|were|is|are|been)\s+\w+$", re.I)
# A tale about the incident told before: "Russia acknowledged 63 soldiers had died in the attack".
TALE_OF_THE_INCIDENT = re.compile(rf"\b(?:in|during|from|by)\s+the\s+(?:{cue_alternation('incident_nouns')})\b", re.I)
TELLS_OPENING = re.compile(rf"\s*,\s+(?:[\w'’.-]+\s+){{0,6}}?(?:{cue_alternation('teller_speech_verbs')})\b", re.I)
INCIDENT_WORDS = cue_words("incident_nouns")
# Before the day a teller speaks: a few words, after a fronted clause ("Despite the main offensive being on hold, on")
TALE_OPENING = re.compile(r"^\W*(?:[^,.;]{1,80},\s+)?(?:[A-Za-z]+\s+){0,4}$")
PERFECT_TALE = re.compile(r"\b(?:had|have|has)\s+been\s+(?:\w+ly\s+)?(?:killed|wounded|injured|captured)\b")


def told_dates(sent: SentenceFacts, explicit: list[DateMention], relative: list[DateMention]
               ) -> tuple[list[DateMention], list[DateMention], DateSpan | None]:
    """The day a teller speaks gives way to the date of what they tell, and the tale's relative dates count from
    it: "Chaus stated on 17 March that 53 people were killed during the previous day" (16 March), "reported on 23
    September that 10 fighters had been killed during clashes from 22 to 23 September" (22–23 September), "On 8
    March, Zhyvytskyi stated that 22 civilians were killed overnight" (7–8 March); "… stated on 18 October that 4
    militants had been killed" is 17–18 October. The day told stays the narrative's present (the third value): "The
    following day, X claimed that the city had been shelled on 14 March" leaves the next "following day" after
    it, not after 14 March."""
    day, tale = _telling(sent, explicit + relative)
    if day is None or not day.span.start:
        return explicit, relative, None
    others = [m for m in explicit if m is not day]
    # A day or days (a month or a year in the tale more likely names the past: "the mastermind of July 2016 …").
    if any(m.start >= tale and m.kind in ("day", "days") for m in explicit):
        return others, [r for r in relative if r is not day], day.span
    retold = [r for r in find_relative(sent, day.span, day.span.start) if r.start >= tale]
    if retold:
        return others, [*[r for r in relative if r.start < tale and r is not day], *retold], day.span
    if PERFECT_TALE.search(sent.text, tale) and not day.relative:
        return [_day_or_the_one_before(day, day.span.start) if m is day else m for m in explicit], relative, None
    return explicit, relative, None


def retelling(sent: SentenceFacts, explicit: list[DateMention], relative: list[DateMention],
               anchor: DateSpan | None) -> tuple[list[DateMention], list[DateMention], None] | None:
    """The day that opens a telling of the incident told before, which dates only the telling ("On 2 January,
    Russia acknowledged 63 soldiers had died in the attack": the attack's date, the anchor), as ``told_dates``
    gives them (not "… reported that during the past two weeks, 700 militants had been killed in the clashes")."""
    if anchor is None or not explicit or sent.words.isdisjoint(TELLING_WORDS) or sent.words.isdisjoint(INCIDENT_WORDS):
        return None
    day = explicit[0]
    verb = TELLS_OPENING.match(sent.text, day.end) if day.kind == "day" and TALE_OPENING.match(sent.text[:day.start]) \
        else None
    if verb is None or any(m.start >= verb.end() for m in explicit):
        return None
    incident = TALE_OF_THE_INCIDENT.search(sent.text, verb.end())
    if incident is None or any(verb.end() <= m.start < incident.start() for m in relative):
        return None
    # The tale's "two days later" counts from the telling too; "The following day, on 10 October, X confirmed …" names
    # the telling's day twice.
    return [m for m in explicit if m is not day], [r for r in relative if r.start < verb.end()
                                                   and not APPOSED_DAY.match(sent.text[r.end:day.start])], None


APPOSED_DAY = re.compile(r"^\s*,?\s*(?:on\s+)?$", re.I)  # "The following day, on 10 October"


def _telling(sent: SentenceFacts, mentions: list[DateMention]) -> tuple[DateMention | None, int]:
    """The day a teller speaks, and where the tale starts (none in a sentence without a speech verb)."""
    for m in mentions if not sent.words.isdisjoint(TELLING_WORDS) or "according" in sent.words else ():
        tale = _tale_start(sent.text, m)
        if tale is not None:
            return m, tale
    return None, 0


def _day_or_the_one_before(day: DateMention, iso: str) -> DateMention:
    """"stated on October 18 that 4 militants had been killed": on that day or the one before."""
    before = shift_day(iso, -1)
    return day._replace(span=DateSpan(before, iso, "days"), kind="days")


def _tale_start(text: str, m: DateMention) -> int | None:
    """Where the tale starts when ``m`` is the day a teller speaks: "X stated on 17 March that …", "On 8 March, X
    stated that …", "On 6 March, the SDF reported it had captured …" (not "On 8 March, IS attacked …, officials
    said"); a month only opening the sentence ("In November 2021, CENTCOM acknowledged that …")."""
    if m.kind != "day" and (m.kind != "month" or m.start > 3):
        return None
    if ACCORDING_ON.search(text, max(0, m.start - 80), m.start):
        comma = text.find(",", m.end)
        return comma + 1 if comma != -1 else None
    if TELLS_ON.search(text, max(0, m.start - 30), m.start):
        that = THAT.match(text, m.end)
        return that.end() if that else None
    after = TELLS_OPENING.match(text, m.end) if TALE_OPENING.match(text[:m.start]) else None
    that = THAT.match(text, after.end()) if after else None
    if after is None or (that is None and PASSIVE_SAID.search(after.group(0))):
        return None  # "On 21 July, Ahmad Salem was said to have been killed": no one tells
    return (that or after).end()
