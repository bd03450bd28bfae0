"""Sentences → events and claims: the walk over a document's prose and what it keeps between sentences.

Walks the prose in order, keeping the date anchor of the narrative. A sentence
with an incident cue or a casualty figure starts an event (two dated
incidents in one sentence give two events on the same offset); a later
sentence about the same incident is its ``support``; a total over a period is
a claim. What each sentence is, is decided by the passes of
:data:`~warledger.extract.narrative.sentence_kinds.SENTENCE_KINDS`, in order.

>>> from warledger.extract.pipeline import analyse
>>> from warledger.read import read_string
>>> doc = read_string("On 3 May 2021, IS killed 7 soldiers near Palmyra.", "r", fmt="text").documents[0]
>>> ev = analyse(doc).events[0]
>>> ev.date.start, ev.place.admin1, ev.casualties[0].count.low
('2021-05-03', 'Homs', 7)
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from warledger.extract.analysis import DocAnalysis, SentenceFacts, note
from warledger.extract.cues import cue_alternation
from warledger.extract.figures import Figure
from warledger.extract.mentions.event_types import classify
from warledger.extract.mentions.gazetteer import PlaceMention
from warledger.extract.mentions.places import UNKNOWN_PLACE, choose_place, infobox_place
from warledger.extract.mentions.sources import figure_source
from warledger.extract.narrative.claims import to_claims
from warledger.extract.narrative.discourse import background_marker, cue_origin, headline
from warledger.extract.narrative.figures_to_casualties import add_figures
from warledger.extract.narrative.parties import Setting, beside_one_side, claim_side, tellers_own
from warledger.extract.narrative.rows import one_row
from warledger.extract.narrative.segments import Segment, dated_segments, is_period
from warledger.extract.narrative.sentence_kinds import SENTENCE_KINDS, Tally, read_sentence
from warledger.extract.narrative.years import NarrativeYears, section_of
from warledger.extract.text.dates import find_dates, months_written
from warledger.extract.text.timeline import days_between
from warledger.model import Claim, DateSpan, Event, Place, Span

LOOSE_PRECISIONS = frozenset({"month", "part-of-month", "season", "year", "period"})
ANCHOR_PRECISIONS = ("day", "days", "part-of-month", "month")
BROAD_PLACES = ("country", "region")

BULLET_BEFORE = re.compile(r"\s*[*•·#-]+\s*")  # what opens a list item's line before its text


@dataclass
class State:
    """What the walk keeps from one sentence to the next."""

    anchor: DateSpan | None = None
    event: Event | None = None
    event_paragraph: int = -1
    event_end: int = -1  # where the last sentence that told of the event ends
    tally: Tally | None = None
    following: list[Event] = field(default_factory=list)
    last: str | None = None  # what the previous sentence gave: "event" | "claim"
    moved_on: bool = False  # a sentence after the last event moved the anchor past its day
    year: int | None = None  # the year of the last date the text wrote out
    year_section: str | None = None  # the section that wrote it
    section: str | None = None  # the section of the last sentence read
    stretch_paragraph: int = -1  # the paragraph whose last sentence read told a stretch of more than a week
    # The paragraph and its sentences that name a place: the last one with a governorate is the place
    # the paragraph is about, worked out only when an event names none of its own.
    places: tuple[int, list[SentenceFacts]] = field(default_factory=lambda: (-1, []))


MOVED_ON_DAYS = 7  # a dated sentence further on than this after the incident is an aside, not the next day
HEADING_WORDS = 3  # a heading of a place has at most this many words besides it ("Battle of … airbase")


# "a spokesman in Iraq for the council": the teller's country; "near the Iraq–Syria border": a border's side.
TELLER_IN = re.compile(rf"\b(?:{cue_alternation('speaker_nouns')})\s+(?:in|for)\s+\Z", re.I)
BORDER_PAIR = re.compile(r"[-–][A-Z]")


def _country_aside(sent: SentenceFacts, place: Place) -> bool:
    """Whether a country is named only by the way: as a teller's ("said X, a spokesman in Iraq") or as one side of
    a border ("areas near the Iraq-Syria border"), not as where the incident was."""
    at = place.offset - sent.start if place.precision == "country" and place.offset is not None else -1
    end = next((m.end for m in sent.places if m.start == at), None)
    if end is None:
        return False
    return TELLER_IN.search(sent.text, max(0, at - 40), at) is not None \
        or BORDER_PAIR.match(sent.text, end) is not None or sent.text[max(0, at - 1):at] in ("-", "–")


def _names_one_place(title: str, found: list[PlaceMention]) -> bool:
    """Whether a heading is about one place: places of one governorate and few other words ("Siege of Kobani";
    not "Advance into northern Kherson Oblast, eastern Mykolaiv Oblast", nor "Fall of Mariupol, counter-attacks
    and stalemate")."""
    rest = title
    for m in reversed(found):
        rest = rest[:m.start] + rest[m.end:]
    return len({m.entry.admin1 for m in found}) == 1 and len(rest.split()) <= HEADING_WORDS and "," not in title


class EventBuilder:
    """Runs over one document's sentences and collects events and claims."""

    def __init__(self, analysis: DocAnalysis):
        self.doc = analysis.doc
        self.deadline = analysis.deadline
        self.lexicon, self.gazetteer = analysis.lexicon, analysis.gazetteer
        self.sentences = analysis.sentences
        self.theatre, self.sides = analysis.theatre, analysis.sides
        self.date_order = analysis.date_order
        # A narrative naming three months or more tells of a campaign: its running counts "by 27 May" are tallies.
        self.campaign = len(months_written(tuple(m for s in self.sentences for m in s.date_matches))) >= 3
        self.newlines = [m.start() for m in re.finditer("\n", self.doc.text)]
        self.setting = Setting(self.lexicon, self.theatre, self.sides, {s.start: s for s in self.sentences},
                               tuple(sorted(s.start for s in self.sentences)), tuple(self.newlines))
        self.events: list[Event] = []
        self.claims: list[Claim] = []
        self.years = NarrativeYears(self.doc, self.sentences, self.paragraph)
        self.state = State(anchor=self._lead_day())
        self._places_chosen: dict[tuple[int, int], Place | None] = {}
        self._section_places: dict[int, Place | None] = {}  # by the section's start

    def listed(self, sent: SentenceFacts) -> bool:
        """Whether a sentence is an item of a list: its line opens on a bullet ("* 978 militants killed")."""
        line_start = self.doc.text.rfind("\n", 0, sent.start) + 1
        return BULLET_BEFORE.fullmatch(self.doc.text, line_start, sent.start) is not None

    def paragraph(self, offset: int) -> int:
        """The paragraph (from 0) of a document offset."""
        return bisect.bisect_right(self.newlines, offset)

    def default_year(self, sent: SentenceFacts) -> int | None:
        """The year of a date written without one: the narrative's, else the report's, else the article's."""
        return self.years.or_document_year(self.narrative_year(sent))

    def narrative_year(self, sent: SentenceFacts) -> int | None:
        """The year the text tells of at ``sent`` (:mod:`~warledger.extract.narrative.years`)."""
        return self.years.of(sent, self.state.year, self.state.year_section)

    def _lead_day(self) -> DateSpan | None:
        """The day a left-out lead dates the article's incident by ("The base was attacked by Russian forces on 13
        March 2022"): the narrative's present until the body writes a date. A lead opening on a longer run ("from
        February to May 2022") dates nothing."""
        sections = self.doc.sections
        if not sections or not self.sentences or self.sentences[0].start < sections[0].start:
            return None  # no lead, or it is read with the body
        found = find_dates(self.doc.text[:sections[0].start], self.years.document_year, self.date_order)
        span = found[0].span if found else None
        if span is None or not span.start or not span.end or days_between(span.start, span.end) > 1:
            return None
        return span

    def run(self) -> tuple[list[Event], list[Claim]]:
        """Walk the sentences; the events (numbered) and claims found."""
        first = headline(self.doc, self.sentences)
        if first:
            self._remember_place(first)  # "… in northern Hama": the place the body may leave out
        for sent in self.deadline.each(self.sentences[1:] if first else self.sentences, "events"):
            self.sentence(sent)
        if first and not any(e.casualties for e in self.events):
            # The headline tells of the incident the body reports; alone, it is the report.
            body, self.events, self.state = self.events, [], State()
            self.sentence(first)
            self.events += body
        elif first and first.trace is not None:
            note(first, "narrative.headline", "dropped", "the headline of the incidents the body reports")
        self._close_following(None)
        self.events = self._without_background(one_row(self.events, self.sentences))
        for i, event in enumerate(self.events, start=1):
            event.id = f"e-{i:03d}"
        return self.events, self.claims

    def _without_background(self, events: list[Event]) -> list[Event]:
        """A news report tells of its own days; an incident it dates before them ("In January 2014, the
        group took Fallujah in fighting that killed 60", "last year") is background, counted in its own reports."""
        day = self.doc.reference_date
        if self.doc.format != "text" or not day:
            return events
        recent = [e for e in events if e.date and e.date.end and 0 <= days_between(e.date.end, day) <= 7]
        if not recent:
            return events
        # A month or a year before the report's days ("In May, …", "last year"), or after its publication (a
        # month written without its year is last year's). A day the text names stays an incident of the report.
        return [e for e in events if not (e.date and e.date.end and e.date.start and (
            (days_between(e.date.end, day) > 7 and e.date.precision in LOOSE_PRECISIONS)
            or days_between(day, e.date.start) > 1))]

    # --- one sentence -----------------------------------------------------------

    def sentence(self, sent: SentenceFacts) -> None:
        """Take in one sentence: left out as background, else the first of SENTENCE_KINDS that applies acts."""
        self._remember_place(sent)
        if self.state.event is not None and (marker := background_marker(sent)):
            if sent.trace is not None:  # "A similar strike last week killed a member of the SDF"
                note(sent, "narrative.background", "dropped", f"another report's incident ({marker.group(0)!r})",
                     cue_origin("background_markers", marker.group(0)))
            return
        self._enter_section(sent)
        reading = read_sentence(self, sent)
        for kind in SENTENCE_KINDS:
            if kind(self, reading):
                break
        self._move_anchor(reading.dated)

    def segments(self, sent: SentenceFacts) -> list[Segment]:
        """The sentence cut before each further dated incident (the last year it writes out is kept)."""
        told = self.narrative_year(sent)
        segments, year = dated_segments(sent, self.years.or_document_year(told), self.state.anchor,
                                        self.doc.reference_date, self.date_order, told)
        if year is not None:
            self.state.year, self.state.year_section = year, self.years.scope(sent, year)
        return segments

    def place_of(self, sent: SentenceFacts, start: int, end: int) -> Place | None:
        """The place of ``sent.text[start:end]``, worked out once per span."""
        key = (sent.start + start, end - start)
        if key not in self._places_chosen:
            found = sent.places
            if start > 0 or end < len(sent.text):
                found = [PlaceMention(m.start - start, m.end - start, m.entry) for m in found
                         if start <= m.start and m.end <= end]
            self._places_chosen[key] = choose_place(sent.text[start:end], sent.start + start, self.gazetteer, found,
                                                    self.theatre, self.infobox_place and self.infobox_place.admin1)
        return self._places_chosen[key]

    @functools.cached_property
    def infobox_place(self) -> Place | None:
        """The one governorate the infobox's place (else the title) names: the article's, where a sentence and its
        paragraph name none."""
        return infobox_place(self.doc.infobox, self.gazetteer, self.theatre, self.doc.title)

    def _reported(self) -> DateSpan | None:
        """A report that names no date tells of the day it was published."""
        day = self.doc.reference_date
        return DateSpan(day, day, "day") if day else None

    def _remember_place(self, sent: SentenceFacts) -> None:
        paragraph = self.paragraph(sent.start)
        if self.state.places[0] != paragraph:
            self.state.places = (paragraph, [])
        if sent.places:
            self.state.places[1].append(sent)

    def _paragraph_place(self, paragraph: int) -> Place | None:
        """The place of the paragraph's last sentence that names one with its governorate."""
        if self.state.places[0] != paragraph:
            return None
        for sent in reversed(self.state.places[1]):
            place = self.place_of(sent, 0, len(sent.text))
            if place is not None and place.admin1:
                return place
        return None

    # --- building ---------------------------------------------------------------

    def add_event(self, sent: SentenceFacts, seg: Segment, figures: list[Figure], paragraph: int,
                  cue_text: str | SentenceFacts) -> None:
        """An event of the segment, when it has figures or an incident cue (not over a period) and a date."""
        seg_figures = [f for f in figures if seg.start <= f.start < seg.end]
        parties = [a.party for a in sent.actors if seg.start <= a.start < seg.end]
        kind = classify(cue_text, parties)
        if not seg_figures and (kind is None or is_period(seg.date)):
            return
        kind = kind or _kind_of_figures(seg_figures)
        date = seg.date or self.state.anchor or self._reported()
        if date is None and not seg_figures:
            return  # an undated remark ("the 4th Division took part in the offensive")
        place = self._event_place(sent, seg, paragraph)
        event = Event(id="", section=sent.section.path if sent.section else None, offset=sent.start,
                      text=sent.text, date=date, place=place, type=kind[0], sub_type=kind[1],
                      actors=[p for p in dict.fromkeys(parties) if p and p not in ("unknown", "civilians")])
        add_figures(event, sent, seg_figures, figures, sent.attributions, self.setting)
        self._follow(event, seg)
        self.events.append(event)
        self.state.event, self.state.event_paragraph = event, paragraph
        self.state.event_end = sent.start + len(sent.text)
        self.state.last, self.state.moved_on = "event", False

    def _event_place(self, sent: SentenceFacts, seg: Segment, paragraph: int) -> Place | None:
        """The place a segment names; else ("east of the city") the one the paragraph is about, else the article's.
        A village the gazetteer lacks is elsewhere than the sentence before's place, and in the article's own
        governorate ("clashes near the village of al-Jalabiyyi"); a region of no one governorate ("on the eastern
        bank of the Euphrates"), or a country named by the way, is no more than a place the paragraph or the
        article narrows."""
        named = self.place_of(sent, seg.start, seg.end)
        if named is not None and (named.admin1 or named.precision != "region") and not _country_aside(sent, named):
            return named
        unknown = UNKNOWN_PLACE.search(sent.text, seg.start, seg.end)
        return (None if unknown else self._paragraph_place(paragraph) or self._section_place(sent)) \
            or self.infobox_place or named

    def _section_place(self, sent: SentenceFacts) -> Place | None:
        """The place a section's heading names with its governorate ("===Battle of Al-Tabqa airbase==="): where its
        sentences and their paragraph name none, they tell of it."""
        section = sent.section
        if section is None:
            return None
        if section.start not in self._section_places:
            title, found = section.title, self.gazetteer.find(section.title)
            place = choose_place(title, section.start, self.gazetteer, found, self.theatre,
                                 self.infobox_place and self.infobox_place.admin1) \
                if _names_one_place(title, found) else None
            self._section_places[section.start] = \
                dataclasses.replace(place, offset=None) if place and place.admin1 else None
        return self._section_places[section.start]

    def _follow(self, event: Event, seg: Segment) -> None:
        """"In the following days" waits for the next dated event; a dated one ends those waiting."""
        if seg.following:
            self.state.following.append(event)
        elif seg.date is not None and not seg.flashback:
            self._close_following(seg.date)

    def support(self, sent: SentenceFacts, figures: list[Figure]) -> None:
        """Add a sentence and its figures to the last event: more of the same incident."""
        event = self.state.event
        assert event is not None
        event.support.append(Span(sent.start, sent.text))
        self.state.event_end = sent.start + len(sent.text)
        add_figures(event, sent, figures, figures, sent.attributions, self.setting)
        place = self.place_of(sent, 0, len(sent.text)) if sent.places else None
        if event.place is None or (place is not None and event.place.precision in BROAD_PLACES
                                   and place.precision not in ("country", "region", "unknown")):
            event.place = place or event.place  # "… in Iraq and Syria. In al-Qaim, 16 people were killed"

    def add_claims(self, sent: SentenceFacts, figures: list[Figure], period: DateSpan | None, paragraph: int,
                   tally: Tally | None = None) -> None:
        """Claims of the figures over ``period``; they open the paragraph's tally (its source kept)."""
        inherited = tally.source if tally else None
        figures = [f._replace(party=self._claim_party(sent, f, inherited)) for f in figures]
        new = to_claims(sent, figures, sent.attributions, period, len(self.claims), inherited)
        self.claims += new
        if new:
            sources = [c.source for c in new if c.source]
            self.state.tally = Tally(period, sources[0] if sources else None, paragraph)
            self.state.last = "claim"

    def _claim_party(self, sent: SentenceFacts, fig: Figure, inherited: str | None) -> str | None:
        """A tally's figure's side: its own words', else its teller's own ("they put their casualties at 11"), else
        the one side of the sentence's other figures ("the Russian army had lost 61 soldiers killed, 209 wounded")."""
        teller = figure_source(sent, fig.start, sent.attributions) or inherited
        return claim_side(fig, self.setting) or tellers_own(sent, fig, teller, self.setting) \
            or beside_one_side(sent, fig, self.setting)

    # --- the date anchor --------------------------------------------------------

    def _move_anchor(self, dated: list[Segment]) -> None:
        told = next((seg.told for seg in dated if seg.told is not None), None)
        if told is not None:
            self.state.anchor = told  # the day a teller speaks, not the earlier day they tell of
            return
        for seg in reversed(dated):
            if not (seg.flashback or seg.following) and seg.date and seg.date.precision in ANCHOR_PRECISIONS:
                self._set_anchor(seg.date)
                return

    def _enter_section(self, sent: SentenceFacts) -> None:
        """A section headed by a day alone ("====24 February====", "===1–2 March 2022===") tells of that day, as a
        timeline article's sections do: its sentences that write no date take it."""
        section = section_of(sent)
        if section == self.state.section or sent.section is None:
            return
        self.state.section = section
        title = sent.section.title
        found = find_dates(title, self.default_year(sent), self.date_order)
        if len(found) == 1 and found[0].span.precision in ("day", "days") \
                and not (title[:found[0].start] + title[found[0].end:]).strip(" ()–-,:"):
            self._set_anchor(found[0].span)

    def _set_anchor(self, day: DateSpan) -> None:
        event = self.state.event
        # "The following day, …": what comes next is of that day (not after a leap: "…, as Gerasimov received the
        # Order of Alexander Nevsky on May 23" tells the future, and the incident goes on).
        if event and event.date and event.date.end and day.start and day.start > event.date.end \
                and days_between(event.date.end, day.start) <= MOVED_ON_DAYS:
            self.state.moved_on = True
        self.state.anchor = day

    def _close_following(self, next_date: DateSpan | None) -> None:
        """"In the following days" runs to the day before the next dated event."""
        for event in self.state.following:
            if event.date and next_date and next_date.start and next_date.start > (event.date.start or ""):
                end = dt.date.fromisoformat(next_date.start) - dt.timedelta(days=1)
                event.date = DateSpan(event.date.start, end.isoformat(), "days")
        self.state.following = []


def _kind_of_figures(figures: list[Figure]) -> tuple[str, str]:
    """An event without an incident cue, by whom its figures count: civilians are attacked, fighters clash."""
    if all(f.party in ("civilians", "unknown") for f in figures):
        return "Violence against civilians", "Attack"
    return "Battles", "Armed clash"


def build_events(analysis: DocAnalysis) -> None:
    """Walk the sentences in order: incidents become events, tallies claims, later sentences support them."""
    analysis.events, analysis.prose_claims = EventBuilder(analysis).run()
