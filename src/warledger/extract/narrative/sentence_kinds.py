"""What a sentence is to the narrative: the named passes that decide it, in order.

Each pass of :data:`SENTENCE_KINDS` reads one sentence (a :class:`Reading`:
its dated segments, its figures, whether they are a tally, the paragraph's
open tally) and, when its rule applies, acts on the builder and says so; the
first pass that applies wins. A sentence telling of an earlier incident as
background is left out before any pass reads it
(:func:`~warledger.extract.narrative.discourse.background_marker`).

>>> [kind.__name__ for kind in SENTENCE_KINDS]  # doctest: +NORMALIZE_WHITESPACE
['tally', 'revision', 'tally_continued', 'tally_remark', 'period_opener', 'continuation', 'retold_later',
 'incidents']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.cues import cue_alternation
from warledger.extract.figures import Figure
from warledger.extract.figures.casualties import find_figures
from warledger.extract.mentions.event_types import commentary_blanked
from warledger.extract.narrative.discourse import (
    NEW_INCIDENT_WORDS,
    POSTING_VERBS,
    SEPARATE_WORDS,
    TOLD,
    Continuation,
    back_reference,
    continues,
    cue_origin,
    incident_figures,
    one_incident,
    revises,
)
from warledger.extract.narrative.figures_to_casualties import keep
from warledger.extract.narrative.retellings import the_count_again
from warledger.extract.narrative.scopes import tells_a_stretch
from warledger.extract.narrative.segments import Segment, claim_period, is_period, segment_words
from warledger.extract.narrative.tallies import ONE_INCIDENT, tally_phrase, tally_rule
from warledger.model import DateSpan, Event, Place

if TYPE_CHECKING:
    from warledger.extract.narrative.events import EventBuilder


@dataclass
class Tally:
    """The period and source that later sentences of a paragraph's tally share."""

    period: DateSpan | None
    source: str | None
    paragraph: int


@dataclass(slots=True)
class Reading:
    """One sentence as the passes read it."""

    sent: SentenceFacts
    paragraph: int
    segments: list[Segment]
    dated: list[Segment]  # the segments with a date
    tally: Tally | None  # the paragraph's tally, when the sentence before gave its claims
    figures: list[Figure]
    aggregate: bool  # the figures are a total over a period
    aggregate_rule: str  # the tally rule that decided (tallies.TALLY_RULES)


def read_sentence(b: EventBuilder, sent: SentenceFacts) -> Reading:
    """Read a sentence: its segments (the narrative's year moves on), figures and whether they are a tally."""
    segments = b.segments(sent)
    paragraph = b.paragraph(sent.start)
    dated = [s for s in segments if s.date is not None]
    state = b.state
    tally = state.tally if state.tally and state.tally.paragraph == paragraph and state.last == "claim" else None
    figures = sent.figures
    if tally and not dated:  # a tally's undated sentence counts the dead where no status word is written
        figures = find_figures(sent, b.lexicon, b.theatre, sides=b.sides, default_status="killed")
    singles = bool(figures) and all(f.count.low == 1 == f.count.high for f in figures)
    stretch_before = state.stretch_paragraph == paragraph
    state.stretch_paragraph = paragraph if tells_a_stretch(sent) else -1
    # Only a sentence with figures (a tally) or a date (a tally's period opener) asks whether it is a tally.
    aggregate, rule = tally_rule(sent, [s.date for s in dated if s.date], singles, b.campaign, b.listed(sent),
                                 stretch_before) if figures or dated else (False, "")
    return Reading(sent, paragraph, segments, dated, tally, figures, aggregate, rule)


def tally(b: EventBuilder, r: Reading) -> bool:
    """Figures that are a total over a period are claims, not an event: "In 2022, SOHR documented 264
    pro-government fighters killed". A clause of it that tells of one incident is an event: "11 soldiers were
    killed; the ministry claimed 1,000 had been killed since January"."""
    if not (r.figures and r.aggregate):
        return False
    sent, open_tally = r.sent, r.tally
    period = claim_period(r.dated, b.state.anchor, sent.text)
    # A tally of the next period in the same paragraph keeps the source ("In 2023, 417 …").
    inherit = open_tally if period is None or not sent.attributions else None
    incident, day = incident_figures(sent, r.figures, b.default_year(sent), b.date_order, b.campaign)
    claimed = keep(r.figures, [i for i in range(len(r.figures)) if i not in incident])
    b.add_claims(sent, claimed, period or (open_tally.period if open_tally else None), r.paragraph, inherit)
    if incident:
        whole = Segment(0, len(sent.text), sent.text, day, False, False)  # the clause's own day, else the story's
        b.add_event(sent, whole, keep(r.figures, incident), r.paragraph, commentary_blanked(sent))
    if sent.trace is not None:
        phrase = tally_phrase(sent) if r.aggregate_rule == "total_phrase" else None
        origin = phrase and (cue_origin("total_words", phrase) or cue_origin("aggregate_phrases", phrase))
        note(sent, "narrative.tally", "set", f"claims ({r.aggregate_rule}): {_quotes(sent, claimed)}"
             + (f"; an incident: {_quotes(sent, keep(r.figures, incident))}" if incident else ""), origin)
    return True


def revision(b: EventBuilder, r: Reading) -> bool:
    """Figures that revise the toll of the paragraph's last incident support it: "The death toll rose to six on
    Tuesday"; so do those who died of their wounds since: "Another civilian died of his wounds on June 27"."""
    state = b.state
    if not (r.figures and revises(r.sent, r.figures, state.event, state.event_paragraph == r.paragraph)):
        return False
    b.support(r.sent, r.figures)
    if r.sent.trace is not None:
        note(r.sent, "narrative.revision", "set", f"support of the last incident: {_quotes(r.sent, r.figures)}")
    return True


def tally_continued(b: EventBuilder, r: Reading) -> bool:
    """An undated sentence with figures right after a tally of its paragraph counts more of it, with its period
    and source: "In 2022, SOHR documented 264 pro-government fighters killed. 166 IS members were also killed."
    One incident told after it ("A landmine explosion killed a shepherd and his son"), or another teller's count ("…
    had been evacuated according to the United Nations. The Azov Regiment reported one fighter killed"), is not
    part of it."""
    if r.dated or not r.figures or not r.tally or one_incident(r.sent, r.figures):
        return False
    if any(a.source != r.tally.source for a in r.sent.attributions):
        return False
    b.add_claims(r.sent, r.figures, r.tally.period, r.paragraph, r.tally)
    if r.sent.trace is not None:
        note(r.sent, "narrative.tally_continued", "set", f"claims of the tally: {_quotes(r.sent, r.figures)}")
    return True


def tally_remark(b: EventBuilder, r: Reading) -> bool:
    """An undated sentence without figures right after a tally remarks on it and adds nothing: "All IS fighters
    were killed by airstrikes"."""
    if r.dated or not r.tally or r.figures:
        return False
    if r.sent.trace is not None:
        note(r.sent, "narrative.tally_remark", "dropped", "a remark on the tally")
    return True


def period_opener(b: EventBuilder, r: Reading) -> bool:
    """A sentence without figures that opens a period sets the period and source of the tally the next
    sentences give: "Since 1 September, SOHR documented great fatalities among the regime forces"."""
    if not (r.aggregate and r.dated and not r.figures and is_period(r.dated[0].date)):
        return False
    attributions = r.sent.attributions
    b.state.tally = Tally(r.dated[0].date, attributions[0].source if attributions else None, r.paragraph)
    b.state.last = "claim"
    if r.sent.trace is not None:
        date = r.dated[0].date
        note(r.sent, "narrative.period_opener", "set", f"a tally's period: {_period(date)}")
    return True


def continuation(b: EventBuilder, r: Reading) -> bool:
    """An undated sentence, or one dated to the incident's own day (:func:`_same_day`), that tells more of its
    paragraph's last incident supports it: "Four IS militants were also killed in the clashes, according to SOHR"
    (:data:`~.discourse.CONTINUATION_RULES` decide)."""
    event, sent = b.state.event, r.sent
    same_paragraph = b.state.event_paragraph == r.paragraph
    if (r.dated and not _same_day(r, event)) or event is None or b.state.moved_on \
            or not (same_paragraph or right_after(b, sent)):
        return False
    def place() -> Place | None:
        return b.place_of(sent, 0, len(sent.text)) if sent.places else None

    c = Continuation(sent, r.figures, sent.attributions, event, place, b.doc.text)
    # A paragraph that opens pointing back at the incident told right before ("SOHR said that the attack also
    # wounded seven soldiers") goes on with it; so does one right after the lead of a report of one incident
    # ("Insurgents fired on the patrol from several compounds. …" after the lead that told the raid).
    if not (same_paragraph or back_reference(c) or _after_the_lead(b)) or not continues(c):
        return False
    b.support(sent, r.figures)
    return True


def _after_the_lead(b: EventBuilder) -> bool:
    """Whether the incident to go on with is the one a report of one incident (no campaign) opened with: its lead,
    which the next paragraphs tell in detail."""
    return not b.campaign and bool(b.events) and b.state.event is b.events[0]


# A time told against another one: "Hours later, …", "Earlier that day, …" (another incident on that day); not
# against the incident itself ("were taken to hospital after the strike on the family home").
TIME_SHIFT = re.compile(rf"\b(?:{cue_alternation('time_shift_words')})\b"
                        rf"(?!\s+the\s+(?:same\s+)?(?:{cue_alternation('incident_nouns')})\b)", re.I)


def _same_day(r: Reading, event: Event | None) -> bool:
    """Whether a sentence dates itself to the day of the last incident only, by naming it, not by a time after or
    before another ("On Wednesday morning, warplanes targeted the house", told again the day after it was told
    first): it may tell more of it. A telling some hours on that names no incident of its own tells of the same one
    ("Two hours later, the camp committee posted that 14 of the dead were pulled out"; not "Hours later, an airstrike
    hit …")."""
    day = event.date if event is not None else None
    if day is None or day.precision != "day" or len(r.dated) != 1 or r.dated[0].date != day:
        return False
    text = r.sent.text
    return TIME_SHIFT.search(text) is None or (TOLD.search(text) is not None and ONE_INCIDENT.search(text) is None)


# A sentence opened by the day it was told, then its teller's verb and "that": "On 12 August, an adviser claimed
# that 60 pilots had been killed in the explosions".
TOLD_ON_A_DAY = re.compile(rf"^\W*On\s+[^,]{{3,30}},\s+[^;]{{1,120}}?\b(?:{cue_alternation('teller_speech_verbs')})"
                           r"\s+(?:that\s+)?[^;]*\b(?:had|have|has)\s+(?:been|died|[a-z]+ed)\b")
THE_INCIDENT = re.compile(rf"\bthe\s+(?:same\s+)?(?:{cue_alternation('incident_nouns')})\b", re.I)


def retold_later(b: EventBuilder, r: Reading) -> bool:
    """Figures told on a later day of the incident the sentence points back at, or of its toll revised, are that
    incident's: "On 12 August, an adviser claimed that 60 pilots had been killed in the explosions" (the explosions
    of 9 August), "On 10 August, the authorities announced that the number injured had increased to 13", "Police
    on Tuesday named the two dead as …" (the count of the dead told before, under "the"); in a report of one
    incident, a post of a later day that names no incident of its own (:func:`_told_of_it`)."""
    event, sent = b.state.event, r.sent
    if not (r.figures and len(r.dated) == 1 and event is not None and event.date is not None):
        return False
    # "Police on Tuesday named the two dead as …": the dead the incident told, named on another day.
    if all(the_count_again(event, sent, f, f.status or "killed") for f in r.figures):
        return _support_later(b, r)
    if (date := r.dated[0].date) is None or not (event.date.end and date.start and event.date.end < date.start):
        return False
    if _told_of_it(b, sent):
        return _support_later(b, r)
    if not TOLD_ON_A_DAY.match(sent.text):
        return False
    # "the explosions" told before, not "this attack" the sentence has just told ("… said that a column had
    # advanced on the city, but this attack was repulsed, with six soldiers captured": that day's)
    if not (THE_INCIDENT.search(sent.text) or any(f.revision for f in r.figures)):  # "the number … increased to 13"
        return False
    return _support_later(b, r)


def _told_of_it(b: EventBuilder, sent: SentenceFacts) -> bool:
    """In a report of one incident (no campaign's narrative), a post on a later day that names no incident of its
    own tells of that one: "The next day, a relative posted the names of two more of the family" (not "On Tuesday,
    a strike hit …": another; nor "On 6 March, officials said 10 soldiers were killed": that day's)."""
    return not b.campaign and not sent.words.isdisjoint(POSTING_VERBS) and ONE_INCIDENT.search(sent.text) is None \
        and sent.words.isdisjoint(NEW_INCIDENT_WORDS | SEPARATE_WORDS)


def _support_later(b: EventBuilder, r: Reading) -> bool:
    """Add the sentence's figures to the last incident (the passes' one act of support on another day)."""
    sent = r.sent
    b.support(sent, r.figures)
    if sent.trace is not None:
        note(sent, "narrative.retold_later", "set", f"support of the last incident: {_quotes(sent, r.figures)}")
    return True


def right_after(b: EventBuilder, sent: SentenceFacts) -> bool:
    """Whether a sentence follows right after the last one that told of the event (blank lines between)."""
    gap = sent.start - b.state.event_end
    return 0 <= gap <= 4 and not b.doc.text[b.state.event_end:sent.start].strip()


def incidents(b: EventBuilder, r: Reading) -> bool:
    """Otherwise each dated segment with an incident cue or figures is an event: "On 7 May 2020, IS militants
    attacked a regime forces position near al-Sukhnah, killing eleven pro-government fighters"."""
    cue_text = commentary_blanked(r.sent)
    made = len(b.events)
    for seg in r.segments:
        b.add_event(r.sent, seg, r.figures, r.paragraph, segment_words(cue_text, seg))
    if r.sent.trace is not None:
        made = len(b.events) - made
        note(r.sent, "narrative.incidents", "set" if made else "dropped",
             f"{made} event(s) of {len(r.segments)} segment(s)")
    return True


SENTENCE_KINDS: tuple[Callable[[EventBuilder, Reading], bool], ...] = (
    tally, revision, tally_continued, tally_remark, period_opener, continuation, retold_later, incidents)


def _quotes(sent: SentenceFacts, figures: list[Figure]) -> str:
    return ", ".join(repr(sent.text[f.start:f.end]) for f in figures) or "none"


def _period(date: DateSpan | None) -> str:
    if date is None:
        return "none"
    return f"from {date.start}" if date.end is None else f"{date.start} to {date.end}"
