"""Clauses of one sentence that tell incidents of their own, cut off from the incident the sentence opens with.

A sentence may say outright that it tells two incidents: "…, while a separate roadside bomb wounded three
policemen in Tarmiyah", "SOHR documented two separate attacks on 3 November: an IS ambush killed five soldiers
near Maadan, and a landmine killed two shepherds near al-Sukhnah". Each such clause is an incident of the same
day, at its own place. A clause joined on with a later day of its own ("…, and a week later a mass grave was
discovered") is one of that day, counted from the sentence's own; so is one with a date written in full ("…; on 6
March, 12 were killed": :func:`cut_before` says where it starts).

>>> from warledger.extract.stages import facts_for
>>> s = facts_for("IS killed two soldiers near Tuz, while a separate bomb wounded three policemen in Tarmiyah.")
>>> s.text[separate_clauses(s)[0]:]
', while a separate bomb wounded three policemen in Tarmiyah.'
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_words
from warledger.extract.text.dates import DateMention
from warledger.extract.text.timeline import days_between, find_relative, shift_day
from warledger.model import DateSpan

# "…, while a separate roadside bomb wounded three policemen in Tarmiyah": another incident of the same day.
SEPARATE_CLAUSE = re.compile(rf"(?:[,;]\s*|\s+)(?:{cue_alternation('incident_joiners')})\s+(?:in\s+)?(?:an?|another)"
                             r"\s+separate\b", re.I)
# "SOHR documented two separate attacks on 3 November: an IS ambush killed …, and a landmine killed …".
SEPARATE_LIST = re.compile(r"\bseparate\s+[a-z]+s\b[^:;.]{0,60}:")
LIST_CLAUSE = re.compile(r"(?:,\s*and|;)\s+")


def separate_clauses(sent: SentenceFacts) -> list[int]:
    """Where a clause telling a separate incident starts (in a sentence that has the word "separate")."""
    listed = SEPARATE_LIST.search(sent.text)
    items = [m.start() for m in LIST_CLAUSE.finditer(sent.text, listed.end())] if listed else []
    return items + [m.start() for m in SEPARATE_CLAUSE.finditer(sent.text) if m.start() > 0]


# A further dated incident joined on: "…, while on 5 May", "; meanwhile, in early June" (data: incident_joiners).
SPLIT_BEFORE = re.compile(rf"(?:\b(?:{cue_alternation('incident_joiners')})|;|,)(?:\s+[\w-]+){{0,3}}?\s+"
                          r"(?:on|in|by|between|from)?\s*$", re.I)
# A contrasting clause with a date of its own at its end: the clause is the dated incident.
CONTRAST_CLAUSE = re.compile(r",\s*(?:while|whereas)\s[^;:,()]*(?:\([^()]*\)[^;:,()]*)*\s(?:on|in)\s*$", re.I)
LATER_WORDS = cue_words("later_day_words")
DAY_UNITS = frozenset({"day", "days", "week", "weeks"})
DAY_UNIT = re.compile(rf"\b(?:{'|'.join(DAY_UNITS)})\b", re.I)  # "a week later", "the next day" (not "earlier")
TRAILING_CLAUSE = re.compile(r",\s+(?:with|while|whereas)\s")  # "…, with another 92 killed the following day"
# "two days after they had attacked a checkpoint": the clause after it is the earlier incident.
COUNTED_BACK = re.compile(r"\b(?:after|before)\s*$", re.I)


def cut_before(text: str, m: DateMention) -> int | None:
    """Where a further dated incident starts: at its date ("…; on 6 March, 12 were killed"), or at the joiner
    when a count stands between ("346 were evacuated, with 400 more on 6 March")."""
    split = SPLIT_BEFORE.search(text, max(0, m.start - 60), m.start)
    if split is None:  # "X was killed on 26 February, while Y … was killed by a sniper on 3 March"
        contrast = CONTRAST_CLAUSE.search(text, max(0, m.start - 160), m.start)
        return contrast.start() + 1 if contrast else None
    return split.start() + 1 if any(ch.isdigit() for ch in split.group(0)) else m.start


def days_after_its_own(sent: SentenceFacts, explicit: list[DateMention], relative: list[DateMention],
                        reference: str | None) -> tuple[list[DateMention], list[int]]:
    """A relative day in a clause of its own after the sentence's own day counts from that day and starts another
    incident: "On 4 May 2019, 12 corpses were found near Tabqa, and a week later a mass grave … was discovered" (11
    May); the sentence's own day may be a relative one ("on Monday, a day after a landmine killed a shepherd"). The
    relative dates, and where each such clause starts."""
    if sent.words.isdisjoint(LATER_WORDS) or sent.words.isdisjoint(DAY_UNITS):
        return relative, []
    first = min((m for m in [*explicit, *relative] if m.kind == "day"), key=lambda m: m.start, default=None)
    if first is None:
        return relative, []
    own = [_counted_back(r, first.span) if COUNTED_BACK.search(r.text) else r
           for r in find_relative(sent, first.span, reference)
           if r.start > first.end and not r.following and r.span != first.span and DAY_UNIT.search(r.text)
           and not (COUNTED_BACK.search(r.text) and ";" in sent.text[r.end:])]  # "…; meanwhile, …": the day again
    cuts = [cut for r in own if (cut := cut_before(sent.text, r)) is not None and cut > first.end]
    if not cuts:
        return relative, _trailing_day(sent.text, explicit, relative)
    return [r for r in relative if r.start < first.end] + own, cuts


def _counted_back(m: DateMention, day: DateSpan) -> DateMention:
    """"…, a day after a landmine killed a shepherd": the clause it opens is that many days before the sentence's
    day (a flashback, no new anchor); "…, two days before …" that many after."""
    assert day.start is not None and m.span.start is not None
    told = shift_day(day.start, days_between(m.span.start, day.start))
    return m._replace(span=DateSpan(told, told, "day"), flashback=told < day.start)


def _trailing_day(text: str, explicit: list[DateMention], relative: list[DateMention]) -> list[int]:
    """A sentence that writes no day of its own but ends on a later day's clause tells the narrative's day first:
    "141 more Russian soldiers were killed, …, with another 92 being killed and 156 wounded the following day"."""
    if explicit or len(relative) != 1 or relative[0].flashback or relative[0].kind != "day":
        return []
    opens = list(TRAILING_CLAUSE.finditer(text, max(0, relative[0].start - 120), relative[0].start))
    cut = opens[-1].start() + 1 if opens else None
    return [cut] if cut and any(ch.isdigit() for ch in text[:cut]) else []
