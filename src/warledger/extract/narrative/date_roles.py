"""What a date written in a sentence is to its narrative: the time of what it tells, or a name, a telling, a past.

A month or a year that names something ("the January 2015 attacks", "the Camp Speicher massacre of June 2014"),
dates a telling ("who revealed it to the public in November 2021", "an investigation in May 2022 concluded
that …") or, as a bare year inside a sentence, recalls the past ("who had masterminded an escape in 2009") dates
nothing the sentence tells (:func:`incident_dates`); of those left, the last year written sets the narrative's
year unless it follows "since" (:func:`last_year_written`).

>>> from warledger.extract.stages import facts_for
>>> from warledger.extract.text.dates import find_dates
>>> s = facts_for("On 3 March, Abu Ali, wanted for the January 2014 attacks, was killed.")
>>> [m.text for m in incident_dates(s, find_dates(s, 2015), 2015)]
['3 March']
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation
from warledger.extract.text.dates import DateMention, date_matches
from warledger.extract.text.timeline import TELLING_WORDS  # none of them: no teller speaks in the sentence

YEAR_WRITTEN = re.compile(r"\b(?:19|20)\d\d\b")
# "since 2015", "since the offensive began in late December 2015", "since the launch of the third phase of the Deir
# ez-Zor campaign on 10 September".
SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?(?:(?:[\w'’-]+\s+){1,10}?(?:on|in)\s+)?$", re.I)
# A telling's own date: "who revealed it to the public in November 2021", "in May 2022 concluded that".
TOLD_BEFORE = re.compile(rf"\b(?:{cue_alternation('teller_speech_verbs')})\b[^,;.]*?\s(?:in|on|by)\s+$", re.I)
TELLS_THAT_AFTER = re.compile(rf"\s+(?:[\w'’-]+\s+){{0,2}}?(?:{cue_alternation('teller_speech_verbs')})\s+that\b", re.I)
# "claimed on 12 March that": the day of the telling, between its verb and what is told.
VERB_DAY_THAT = re.compile(rf"\b(?:{cue_alternation('teller_speech_verbs')})\s+(?:on|in)\s+[^,;.]{{1,30}}?\s+that\b",
                           re.I)
# What may come before a date that opens its sentence: "On ", "In early ", "By the end of ", "Later in ".
OPENING = re.compile(r"^\W*(?:[A-Za-z]+\s+){0,4}$")
THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
# "although Ukraine did not establish control of the city until 10 September": a day ahead of the narrative, when
# what did not happen yet happened; the narrative stays on its day.
NOT_UNTIL = re.compile(r"\b(?:not|n't)\b[^,;.]*\buntil\s+$", re.I)
# A record's "since": "the most deadly single attack in the capital since 2011", "the first air raid on Marib since
# the truce began in 2019" date no count of the sentence (unless it goes on to tell the earlier incident: "since
# January 2018, when a bombing killed 31").
RECORD_SINCE_BEFORE = re.compile(rf"\b(?:{cue_alternation('superlative_words')})\b[^.;]{{0,80}}\bsince\s+"
                                 r"(?:[^.;,]{0,50}\s)?$", re.I)
# "in one of the deadliest bombings of 2016": the year the record is kept over, no date of the bombing.
RECORD_OF_BEFORE = re.compile(rf"\b(?:{cue_alternation('superlative_words')})\s+[^.;,]{{0,40}}\bof\s+$", re.I)
WHEN_AFTER = re.compile(r",?\s+when\b", re.I)
EVENT_OF = re.compile(rf"\b(?:{cue_alternation('incident_nouns')})\s+of\s+$", re.I)  # "the … massacre of June 2014"
# A relative clause about a place that recalls another incident there: "near the village, which was the site of
# other clashes on 8 June", "in the market, where a previous bombing on 2 May killed nine".
BORN_BEFORE = re.compile(r"\bborn\s+(?:on\s+|in\s+)?$", re.I)  # "three infants born 10 days ago": a birth, no incident
OTHER_INCIDENT_BEFORE = re.compile(r",\s*(?:which|where)\b[^,;.]*\b(?:other|earlier|previous|prior)\b[^,;.]*$", re.I)
# A word after the date that shows it modifies a noun: any but those that show a date ends there (data).
WORD_AFTER = re.compile(rf"\s+(?!(?:{cue_alternation('date_modifier_stops')})\b)[^\W\d_][\w'’-]*", re.I)


def incident_dates(sent: SentenceFacts, dates: list[DateMention], told: int | None,
                   year: int | None = None) -> list[DateMention]:
    """The written dates that date what the sentence tells (``told``: the narrative's year so far; ``year``: the
    one that completes its dates, the report's or the article's before the text writes one)."""
    return [m for m in dates if not recalls_the_past(sent.text, m, told)
            and not (told is None and recalled_of_someone(sent.text, m, year)) and not names_a_past_event(sent.text, m)
            and not dates_a_telling(sent, m) and not NOT_UNTIL.search(sent.text, max(0, m.start - 120), m.start)
            and not OTHER_INCIDENT_BEFORE.search(sent.text, max(0, m.start - 120), m.start)
            and not a_birth(sent.text, m) and not RECORD_OF_BEFORE.search(sent.text, max(0, m.start - 60), m.start)
            and not (RECORD_SINCE_BEFORE.search(sent.text, max(0, m.start - 160), m.start)
                     and not WHEN_AFTER.match(sent.text, m.end))]


def a_birth(text: str, m: DateMention) -> bool:
    """Whether a date tells when someone was born ("three infants born 10 days ago"), not when anything happened."""
    return BORN_BEFORE.search(text, max(0, m.start - 12), m.start) is not None


def last_year_written(text: str, explicit: list[DateMention], told: int | None = None) -> int | None:
    """The last year the sentence writes out that sets the narrative's (not "the January 2015 attacks", not
    "since 2015", not an earlier month inside the sentence: "… after their frontlines collapsed in late October
    2018", told in January 2019)."""
    written = [int(m.span.end[:4]) for m in explicit if m.span.end and YEAR_WRITTEN.search(m.text)
               and not names_an_event(text, m) and not looks_back(text, m) and not _month_back(text, m, told)]
    return written[-1] if written else None


def _month_back(text: str, m: DateMention, told: int | None) -> bool:
    """A month of a year before the narrative's, written inside a sentence: a look back that dates what it tells
    but leaves the narrative in its year."""
    return m.kind in ("month", "part-of-month") and _earlier_inside(text, m, told)


def names_an_event(text: str, m: DateMention) -> bool:
    """A date that names something ("the January 2015 attacks", "the March 2018 accords", "the Camp Speicher
    massacre of June 2014") is no time of the narrative: its year does not carry over to the dates after it."""
    named = THE_BEFORE.search(text, max(0, m.start - 5), m.start) is not None and WORD_AFTER.match(text, m.end)
    return bool(named) or EVENT_OF.search(text, max(0, m.start - 30), m.start) is not None


def names_a_past_event(text: str, m: DateMention) -> bool:
    """A month or a year naming something ("wanted for the January 2015 attacks") dates nothing the sentence
    tells (a day may name the incident itself: "the 15 March attack killed 12")."""
    return m.kind in ("month", "year") and names_an_event(text, m)


def dates_a_telling(sent: SentenceFacts, m: DateMention) -> bool:
    """A month or a year inside a telling, not opening the sentence, dates the telling only ("…, according to The
    New York Times, who revealed it to the public in November 2021", "A US military investigation in May 2022
    concluded that the airstrike killed 52"): the incident keeps its own day."""
    if m.kind in ("day", "days") or m.start < 4 or sent.words.isdisjoint(TELLING_WORDS):
        return False
    text = sent.text
    return TOLD_BEFORE.search(text, max(0, m.start - 50), m.start) is not None \
        or TELLS_THAT_AFTER.match(text, m.end) is not None


def recalls_the_past(text: str, m: DateMention, year: int | None) -> bool:
    """A bare year before the narrative's, written inside a sentence rather than opening it, recalls the past
    ("…, who had masterminded a prison escape in 2009"): the narrative stays in its year. A year opening the
    sentence ("In 2009, …") moves it back, as does a day ("… launched the offensive on 8 December 2016")."""
    return m.kind == "year" and _earlier_inside(text, m, year)


# A relative clause about someone: "…, who won medals at a championship held in 1995".
WHO_BEFORE = re.compile(r"\b(?:who|whom|whose)\b[^,;.]*$", re.I)


def recalled_of_someone(text: str, m: DateMention, year: int | None) -> bool:
    """A year before the report's (or any year, when no year is known), in a relative clause about someone, recalls
    their past before the text has written a year of its own ("a sergeant, who won gold at a championship held in
    1995,")."""
    past = recalls_the_past(text, m, year) if year is not None \
        else m.kind == "year" and OPENING.match(text[:m.start]) is None
    return past and WHO_BEFORE.search(text, max(0, m.start - 120), m.start) is not None


def _earlier_inside(text: str, m: DateMention, year: int | None) -> bool:
    """A date of a year before ``year``, written inside the sentence rather than opening it."""
    if year is None or not m.span.end or int(m.span.end[:4]) >= year:
        return False
    return OPENING.match(text[:m.start]) is None


def looks_back(text: str, m: DateMention) -> bool:
    """A date after "since" starts a period that ends in the narrative's present ("600 had been killed since the
    offensive began in late December 2015"): its year is no year of the narrative."""
    return SINCE_BEFORE.search(text, max(0, m.start - 90), m.start) is not None


def told_that_day(s: SentenceFacts, verb: re.Pattern[str] = TELLS_THAT_AFTER) -> bool:
    """Whether every date the sentence writes comes before a teller's "said that" (``verb``): the day of the
    telling ("On 8 July, … Haidai, claimed that hundreds of Kadyrovites died during the battle", "the mayor
    claimed on 3 May that …")."""
    if "that" not in s.words:  # (the telling's "that" is read by both patterns, and by the default verb)
        told = None if verb is TELLS_THAT_AFTER else verb.search(s.text)
    else:
        told = verb.search(s.text) or VERB_DAY_THAT.search(s.text)
    if told is None:
        return False
    written = getattr(s, "date_matches", None)  # found by the dates stage, else (a text on its own) found now
    return all(m.end() <= told.start() or (told.re is VERB_DAY_THAT and m.end() <= told.end())
               for m in (date_matches(s) if written is None else written))
