"""Sentences → events and claims.

Walks the prose in order, keeping the date anchor of the narrative. A sentence
with an incident cue or a casualty figure starts an event (two dated
incidents in one sentence give two events on the same offset); a later
sentence about the same incident is its ``support``; a total over a period is
a claim.

>>> from warledger.extract.pipeline import analyse
>>> from warledger.read import read_string
>>> doc = read_string("On 3 May 2021, IS killed 7 soldiers near Palmyra.", "r", fmt="text").documents[0]
>>> ev = analyse(doc).events[0]
>>> ev.date.start, ev.place.admin1, ev.casualties[0].count.low
('2021-05-03', 'Homs', 7)
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from warledger.extract.analysis import DocAnalysis, SentenceFacts
from warledger.extract.figures.casualties import Figure, find_figures
from warledger.extract.mentions.actors import ActorLexicon, ActorMention, government_party
from warledger.extract.mentions.event_types import classify, commentary_blanked, cue_rules
from warledger.extract.mentions.gazetteer import PlaceMention
from warledger.extract.mentions.places import choose_place
from warledger.extract.mentions.sources import Attribution, canonical_source, figure_source
from warledger.extract.narrative.claims import ONE_INCIDENT, is_aggregate, to_claims
from warledger.extract.text.dates import DateMention, find_dates
from warledger.extract.text.timeline import RelativeDate, find_relative
from warledger.model import CasualtyFigure, Claim, DateSpan, Event, Place, Span

YEAR_IN_HEADING = re.compile(r"\b(?:19|20)\d\d\b")
SPLIT_BEFORE = re.compile(
    r"(?:\bwhile|\band|;|,|\bmeanwhile|\bwhereas)(?:\s+[\w-]+){0,3}?\s+(?:on|in|by|between|from)?\s*$", re.I)
MERGE_BETWEEN = re.compile(r"^\s*,?\s*(?:and|to|until|till|through|–|-)\s", re.I)
CUT_KINDS = ("day", "days", "part-of-month")
LIST_GAP = re.compile(r"^\s*(?:,|and|&|,\s*and)\s*$")
RESPECTIVE_BREAK = re.compile(r",?\s+while\s+|;\s+|,\s+whereas\s+", re.I)
BY_NOW = re.compile(r"\b(?:by\s+this\s+point|by\s+then|so\s+far|to\s+date)\b", re.I)
# A later sentence that points back at the incident ("the ambush", "the same clashes") belongs to it.
INCIDENT_NOUNS = ("ambush", "attack", "attacks", "fighting", "clashes", "battle", "explosion", "assault", "raid",
                  "offensive", "bombing", "blast", "incident", "operation")
BACK_REFERENCE = re.compile(rf"\b(?:the|that|this|these)\s+(?:same\s+)?(?:{'|'.join(INCIDENT_NOUNS)})\b", re.I)
SUBORDINATE = re.compile(r"\b(?:when|as|after|while|because|since)\s", re.I)  # "… were killed when IS attacked"
ATTACK_VERB = re.compile(r"\b(?:attacked|attacking|attack\s+on|assaulted|assaulting|stormed|storming|raided|raiding|"
                         r"ambushed|ambushing|advanc(?:ed|ing)\s+(?:on|towards?|against))\b", re.I)
# "SOHR: …", "Security Media Cell: …" head a report; "Tuz Khurmatu: soldier killed …" is a place's entry.
HEADLINE_PREFIX = re.compile(r"^([A-Z][\w.'’ -]{1,40}):\s")
TELLER = re.compile(r"\b(?:news|agency|monitor|observatory|media|network|cell|ministry|command|council|"
                    r"statement|report|roundup)\b", re.I)
# "since 2015", "since the offensive began on 15 November", "since the group seized the city on May 20"
SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?(?:(?:[\w'’-]+\s+){1,6}?(?:on|in)\s+)?$", re.I)
WOUND_WORDS = frozenset({"wounds", "injuries", "wounded", "injured"})
DIED_OF_WOUNDS = re.compile(r"\b(?:died|succumbed)\s+(?:of|from|to)\s+(?:his|her|their|its)?\s*(?:wounds|injuries)\b|"
                            r"\bof\s+the\s+(?:wounded|injured)\b", re.I)
BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
CONTINUATION = re.compile(r"^(?:the|these|that|those|its|their|of\s+the|\w+\s+of\s+the)\b", re.I)
NEW_INCIDENT_WORDS = frozenset({"also", "further", "another", "again", "additional"})
FATALITY_NOTE = re.compile(r"^\W*(?:\d+|one|no)\s+fatalit(?:y|ies)\b|\bfatalities\s*:\s*\d+", re.I)
TOLD = re.compile(r"\b(?:said|told|says|reported)\b", re.I)
# Where a tally sentence's clauses part: "…; the ministry claimed 1,000 had been killed since January",
# "Two refugees were found shot dead …, bringing to 47 the number murdered since the start of the year".
TALLY_CLAUSE = re.compile(r";|,(?=\s+(?:bringing|raising|taking|pushing)\b)")
ORIGIN_BEFORE = re.compile(r"\b(?:to|from|towards|toward)\s+(?:the\s+)?$|\bhospitals?\s+(?:in|at)\s+(?:the\s+)?$", re.I)
LOOSE_PRECISIONS = frozenset({"month", "part-of-month", "season", "year", "period"})
BACKGROUND_WORDS = frozenset({"similar", "previous", "last", "came", "earlier"})
# A mention of an earlier, separate incident in a report about a later one: background, told elsewhere.
BACKGROUND = re.compile(r"\b(?:a|another)\s+similar\b|\ba\s+previous\s+(?:attack|strike|blast|explosion|ambush)|"
                        r"\blast\s+(?:week|month|year)\b|\ba\s+(?:week|month)\s+earlier\b|\bearlier\s+this\s+(?:month|year)\b|"
                        r"\blast\s+(?:week|month|year)'s\b|\bcame\s+(?:\w+\s+){0,3}after\s+(?:another|an?\s+earlier)\b",
                        re.I)
SEPARATE_WORDS = frozenset({"separately", "separate", "elsewhere"})
ANOTHER_SOURCE = re.compile(r"\b(?:another|other|a\s+second|a\s+different)\s+(?:source|report|account|estimate|"
                            r"monitor|tally|toll|count)s?\b", re.I)
@functools.lru_cache(maxsize=1024)
def _heading_year(heading: str) -> int | None:
    """The year a heading names ("2019", "Battle of Hajin (2018)"): every sentence below asks."""
    m = YEAR_IN_HEADING.search(heading)
    return int(m.group(0)) if m else None


RECENT_FIGURES = 64  # how far back in an incident's figures a new figure's side is weighed


@dataclass
class _Segment:
    start: int
    end: int
    text: str
    date: DateSpan | None
    flashback: bool
    following: bool


@dataclass
class _Tally:
    """The period and source that later sentences of a paragraph's tally share."""

    period: DateSpan | None
    source: str | None
    paragraph: int


@dataclass
class _State:
    anchor: DateSpan | None = None
    event: Event | None = None
    event_paragraph: int = -1
    tally: _Tally | None = None
    following: list[Event] = field(default_factory=list)
    last: str | None = None  # what the previous sentence gave: "event" | "claim"
    year: int | None = None  # the year of the last date the text wrote out
    # The paragraph and its sentences that name a place: the last one with a governorate is the place
    # the paragraph is about, worked out only when an event names none of its own.
    places: tuple[int, list[SentenceFacts]] = field(default_factory=lambda: (-1, []))


class EventBuilder:
    """Runs over one document's sentences and collects events and claims."""

    def __init__(self, analysis: DocAnalysis):
        self.doc = analysis.doc
        self.deadline = analysis.deadline
        self.lexicon, self.gazetteer = analysis.lexicon, analysis.gazetteer
        self.sentences = analysis.sentences
        self.theatre, self.sides = analysis.theatre, analysis.sides
        self.by_start = {s.start: s for s in self.sentences}
        self.events: list[Event] = []
        self.claims: list[Claim] = []
        self.state = _State()
        self.newlines = [m.start() for m in re.finditer("\n", self.doc.text)]
        self._places_chosen: dict[tuple[int, int], Place | None] = {}

    def paragraph(self, offset: int) -> int:
        return bisect.bisect_right(self.newlines, offset)

    def default_year(self, sent: SentenceFacts) -> int | None:
        if sent.section and (year := _heading_year(sent.section.path or sent.section.title)) is not None:
            return year
        if self.state.year is not None:
            return self.state.year
        return int(self.doc.reference_date[:4]) if self.doc.reference_date else None

    def run(self) -> tuple[list[Event], list[Claim]]:
        headline = self._headline()
        if headline:
            self._remember_place(headline)  # "… in northern Hama": the place the body may leave out
        for sent in self.deadline.each(self.sentences[1:] if headline else self.sentences, "events"):
            self.sentence(sent)
        if headline and not any(e.casualties for e in self.events):
            # The headline tells of the incident the body reports; alone, it is the report.
            body, self.events, self.state = self.events, [], _State()
            self.sentence(headline)
            self.events += body
        self._close_following(None)
        self.events = self._without_background(self.events)
        for i, event in enumerate(self.events, start=1):
            event.id = f"e-{i:03d}"
        return self.events, self.claims

    def _without_background(self, events: list[Event]) -> list[Event]:
        """A news report tells of its own days; an incident it dates before them ("In January 2014, the
        group took Fallujah in fighting that killed 60", "last year") is background, counted in its own reports."""
        day = self.doc.reference_date
        if self.doc.format != "text" or not day:
            return events
        recent = [e for e in events if e.date and e.date.end and 0 <= _days_between(e.date.end, day) <= 7]
        if not recent:
            return events
        # A month or a year before the report's days ("In May, …", "last year"), or after its publication (a
        # month written without its year is last year's). A day the text names stays an incident of the report.
        return [e for e in events if not (e.date and e.date.end and e.date.start and (
            (_days_between(e.date.end, day) > 7 and e.date.precision in LOOSE_PRECISIONS)
            or _days_between(day, e.date.start) > 1))]

    def _headline(self) -> SentenceFacts | None:
        """A report's first line when it is a headline ("SOHR: 5 soldiers killed in IS ambush")."""
        if self.doc.format != "text" or len(self.sentences) < 2:
            return None
        first = self.sentences[0]
        own_line = self.doc.text.startswith("\n", first.end) and not first.text.rstrip().endswith((".", "!", "?"))
        prefix = HEADLINE_PREFIX.match(first.text)
        told = prefix is not None and (canonical_source(prefix.group(1)) is not None or TELLER.search(prefix.group(1)))
        return first if own_line or told else None

    # --- one sentence -----------------------------------------------------------

    def sentence(self, sent: SentenceFacts) -> None:
        self._remember_place(sent)
        if self.state.event is not None and not sent.words.isdisjoint(BACKGROUND_WORDS) \
                and BACKGROUND.search(sent.text):
            return  # "A similar strike last week killed a member of the SDF": another report's incident
        segments = self.segments(sent)
        attributions = sent.attributions
        paragraph = self.paragraph(sent.start)
        dated = [s for s in segments if s.date is not None]
        tally = self.state.tally if self.state.tally and self.state.tally.paragraph == paragraph \
            and self.state.last == "claim" else None
        figures = sent.figures
        if tally and not dated:  # a tally's undated sentence counts the dead where no status word is written
            figures = find_figures(sent, self.lexicon, self.theatre, sides=self.sides, default_status="killed")
        singles = bool(figures) and all(f.count.low == 1 == f.count.high for f in figures)
        aggregate = is_aggregate(sent, [s.date for s in dated if s.date], singles)
        if figures and aggregate:
            period = _claim_period(dated, self.state.anchor, sent.text)
            # A tally of the next period in the same paragraph keeps the source ("In 2023, 417 …").
            inherit = tally if period is None or not attributions else None
            incident = self._incident_figures(sent, figures)
            self._claims(sent, _keep(figures, [i for i in range(len(figures)) if i not in incident]), attributions,
                         period or (tally.period if tally else None), paragraph, inherit)
            if incident:  # "11 soldiers were killed; the ministry claimed 1,000 had been killed since January"
                whole = _Segment(0, len(sent.text), sent.text, None, False, False)
                self._event(sent, whole, _keep(figures, incident), attributions, paragraph,
                            commentary_blanked(sent))
        elif figures and self._revises(sent, figures, paragraph):
            self._support(sent, figures, attributions)  # "The death toll rose to six on Tuesday"
        elif not dated and figures and tally and not _one_incident(sent, figures):
            self._claims(sent, figures, attributions, tally.period, paragraph, tally)
        elif not dated and tally and not figures:
            pass  # a remark on the tally before it ("All IS fighters were killed by airstrikes.")
        elif aggregate and dated and not figures and _is_period(dated[0].date):
            # "Since 1 September, SOHR documented great fatalities": the tally's period and source.
            source = attributions[0].source if attributions else None
            self.state.tally = _Tally(dated[0].date, source, paragraph)
            self.state.last = "claim"
        elif not dated and self._continues(sent, figures, attributions, paragraph):
            self._support(sent, figures, attributions)
        else:
            cue_text = commentary_blanked(sent)
            for seg in segments:
                self._event(sent, seg, figures, attributions, paragraph, _part(cue_text, seg))
        self._move_anchor(dated)

    def _place_of(self, sent: SentenceFacts, start: int, end: int) -> Place | None:
        """The place of ``sent.text[start:end]``, worked out once per span."""
        key = (sent.start + start, end - start)
        if key not in self._places_chosen:
            found = sent.places
            if start > 0 or end < len(sent.text):
                found = [PlaceMention(m.start - start, m.end - start, m.entry) for m in found
                         if start <= m.start and m.end <= end]
            self._places_chosen[key] = choose_place(sent.text[start:end], sent.start + start, self.gazetteer, found,
                                                    self.theatre)
        return self._places_chosen[key]

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
            place = self._place_of(sent, 0, len(sent.text))
            if place is not None and place.admin1:
                return place
        return None

    def segments(self, sent: SentenceFacts) -> list[_Segment]:
        """The sentence cut before each further dated incident."""
        year = self.default_year(sent)
        explicit = _merge_ranges(sent.text, find_dates(sent, year))
        written = [int(m.span.end[:4]) for m in explicit if m.span.end and YEAR_IN_HEADING.search(m.text)]
        self.state.year = written[-1] if written else self.state.year
        relative = [r for r in find_relative(sent, self.state.anchor, self.doc.reference_date)
                    if not any(d.start <= r.start < d.end or r.start <= d.start < r.end for d in explicit)]
        mentions: list[DateMention | RelativeDate] = sorted([*explicit, *relative], key=lambda m: m.start)
        if respective := _respective(sent.text, explicit):
            return respective
        cuts = [0] + [m.start for m in explicit[1:] if m.kind in CUT_KINDS
                      and SPLIT_BEFORE.search(sent.text, max(0, m.start - 60), m.start)]
        out = []
        for i, start in enumerate(cuts):
            end = cuts[i + 1] if i + 1 < len(cuts) else len(sent.text)
            inside = [m for m in mentions if start <= m.start < end]
            out.append(_segment(sent.text, start, end, inside))
        return out

    def _incident_figures(self, sent: SentenceFacts, figures: list[Figure]) -> list[int]:
        """The figures of a tally sentence's clauses that tell of one incident, not of the tally."""
        cuts = [m.end() for m in TALLY_CLAUSE.finditer(sent.text)]
        if not cuts:
            return []
        bounds = [0, *cuts, len(sent.text) + 1]
        year = self.default_year(sent)
        out = []
        for start, end in itertools.pairwise(bounds):
            part = sent.text[start:end]
            date = _segment(part, 0, len(part), list(find_dates(part, year))).date
            if not is_aggregate(part, [date] if date else []):
                out += [i for i, f in enumerate(figures) if start <= f.start < end]
        return out if len(out) < len(figures) else []

    def _revises(self, sent: SentenceFacts, figures: list[Figure], paragraph: int) -> bool:
        """Whether a sentence revises the toll of the paragraph's last incident, or adds those who died of
        their wounds since ("Another civilian died of his wounds on June 27")."""
        event = self.state.event
        return event is not None and self.state.event_paragraph == paragraph and bool(event.casualties) \
            and (any(f.revision for f in figures) or (not sent.words.isdisjoint(WOUND_WORDS)
                                                      and DIED_OF_WOUNDS.search(sent.text) is not None))

    def _continues(self, sent: SentenceFacts, figures: list[Figure], attributions: list[Attribution],
                   paragraph: int) -> bool:
        """Whether an undated sentence tells more of the paragraph's last incident.

        It does when it points back at it ("the ambush") or reports another
        source's count ("Russia reported that 43 attackers were also killed");
        "also"/"another" with new casualties or a new cue starts a new event.
        """
        event = self.state.event
        if event is None or self.state.event_paragraph != paragraph:
            return False
        words = sent.words
        if not words.isdisjoint(INCIDENT_NOUNS) and BACK_REFERENCE.search(sent.text):
            return True
        another_source = ANOTHER_SOURCE.search(sent.text) is not None  # "Another source said 11 died": the same
        if not words.isdisjoint(SEPARATE_WORDS) and not another_source:
            return False  # "In a separate incident, …", "Elsewhere, …"
        if (figures or cue_rules(sent)) and not another_source and self._elsewhere(sent, event, attributions):
            return False  # "In Quneitra, an explosive device targeted a vehicle …"
        if figures and attributions:
            return True
        if not words.isdisjoint(NEW_INCIDENT_WORDS) and cue_rules(sent) and not another_source:
            return False  # "IS also attacked …"; "48 attackers were also killed" tells more of the same
        return bool(CONTINUATION.match(sent.text)) or bool(figures)

    def _elsewhere(self, sent: SentenceFacts, event: Event, attributions: list[Attribution]) -> bool:
        """Whether a sentence sets its incident at another town or governorate than the event's."""
        place = self._place_of(sent, 0, len(sent.text)) if sent.places else None
        if place is not None and place.offset is not None \
                and any(a.start <= place.offset - sent.start < a.end for a in attributions):
            return False  # "The Deir Ezzor 24 network reported …": a teller's name, not a place
        if place is None or event.place is None or place.precision in ("country", "region", "unknown") \
                or (place.offset is not None and ORIGIN_BEFORE.search(self.doc.text, max(0, place.offset - 12),
                                                                      place.offset)):
            return False  # "pilgrims on their way to Karbala", "a woman from Baghdad"
        return place.name != event.place.name and (place.admin1 != event.place.admin1
                                                     or place.precision in ("town", "near-town", "site"))

    # --- building ---------------------------------------------------------------

    def _event(self, sent: SentenceFacts, seg: _Segment, figures: list[Figure], attributions: list[Attribution],
               paragraph: int, cue_text: str | SentenceFacts) -> None:
        seg_figures = [f for f in figures if seg.start <= f.start < seg.end]
        parties = [a.party for a in sent.actors if seg.start <= a.start < seg.end]
        kind = classify(cue_text, parties)
        if not seg_figures and (kind is None or _is_period(seg.date)):
            return
        if kind is None:
            only_civilians = all(f.party in ("civilians", "unknown") for f in seg_figures)
            kind = ("Violence against civilians", "Attack") if only_civilians else ("Battles", "Armed clash")
        date = seg.date or self.state.anchor or self._reported()
        if date is None and not seg_figures:
            return  # an undated remark ("the 4th Division took part in the offensive")
        place = self._place_of(sent, seg.start, seg.end)
        if place is None:
            place = self._paragraph_place(paragraph)  # "east of the city": the place the paragraph is about
        event = Event(id="", section=sent.section.path if sent.section else None, offset=sent.start,
                      text=sent.text, date=date, place=place, type=kind[0], sub_type=kind[1],
                      actors=[p for p in dict.fromkeys(parties) if p and p not in ("unknown", "civilians")])
        self._add_figures(event, sent, seg_figures, figures, attributions)
        if seg.following:
            self.state.following.append(event)
        elif seg.date is not None and not seg.flashback:
            self._close_following(seg.date)
        self.events.append(event)
        self.state.event, self.state.event_paragraph = event, paragraph
        self.state.last = "event"

    def _support(self, sent: SentenceFacts, figures: list[Figure], attributions: list[Attribution]) -> None:
        event = self.state.event
        assert event is not None
        event.support.append(Span(sent.start, sent.text))
        self._add_figures(event, sent, figures, figures, attributions)
        place = self._place_of(sent, 0, len(sent.text)) if sent.places else None
        if event.place is None or (place is not None and event.place.precision in ("country", "region")
                                   and place.precision not in ("country", "region", "unknown")):
            event.place = place or event.place  # "… in Iraq and Syria. In al-Qaim, 16 people were killed"

    def _claims(self, sent: SentenceFacts, figures: list[Figure], attributions: list[Attribution],
                period: DateSpan | None, paragraph: int, tally: _Tally | None = None) -> None:
        new = to_claims(sent, figures, attributions, period, len(self.claims), tally.source if tally else None)
        self.claims += new
        if new:
            sources = [c.source for c in new if c.source]
            self.state.tally = _Tally(period, sources[0] if sources else None, paragraph)
            self.state.last = "claim"

    def _add_figures(self, event: Event, sent: SentenceFacts, figures: list[Figure], all_figures: list[Figure],
                     attributions: list[Attribution]) -> None:
        base = len(event.casualties)
        # "Another civilian died of his wounds": further deaths, added to whatever source counted the rest.
        later_deaths = event.casualties != [] and not any(f.revision for f in figures) \
            and not sent.words.isdisjoint(WOUND_WORDS) and DIED_OF_WOUNDS.search(sent.text) is not None
        if "atalit" in sent.text and FATALITY_NOTE.search(sent.text) \
                and any(c.status == "killed" for c in event.casualties):
            figures = [f for f in figures if f.status != "killed"]  # "[1 fatality reported]" repeats the count
        tolls = []
        for fig in figures:
            source = figure_source(sent, fig.start, attributions)
            subset = None
            if fig.subset_of is not None and all_figures[fig.subset_of] in figures:
                subset = base + figures.index(all_figures[fig.subset_of])
            elif fig.relative == "among":
                totals = [i for i, c in enumerate(event.casualties) if c.subset_of is None and c.status == fig.status]
                subset = totals[-1] if totals else None
            party = self._party_of(event, sent, fig, source)
            for p in _each_side(event.actors or list(self.sides or ()), fig, party):
                event.casualties.append(CasualtyFigure(
                    party=p, group=fig.group if p == party else None, status=fig.status or "killed",
                    count=fig.count, source=source, quote=sent.text[fig.start:fig.end],
                    quote_offset=sent.start + fig.start, subset_of=subset, died_of_wounds=later_deaths))
            if fig.revision:
                _revise(event.casualties, fig.revision)
                tolls += [(len(event.casualties) - 1, fig.revision)] if fig.revision in ("later", "own") else []
        _parts_of_revision(event.casualties, range(base, len(event.casualties)), tolls)
        event.sources = list(dict.fromkeys([*event.sources, *(a.source for a in attributions)]))

    def _party_of(self, event: Event, sent: SentenceFacts, fig: Figure, source: str | None) -> str | None:
        """The side a figure counts, from its own words, else from the incident and the document."""
        if fig.relative == "both":
            return None  # "22 combatants on both sides": a total of no one side
        # The incident's latest figures only: this runs for every figure, and a run-on text may give one
        # incident thousands of them.
        recent = event.casualties[-RECENT_FIGURES:]
        totals = [c for c in recent if c.subset_of is None]
        before = totals[-1].party if fig.relative == "others" and totals else None
        if fig.revision and fig.party is None:
            before = next((c.party for c in reversed(totals) if c.status == (fig.status or "killed")),
                          before)  # the toll it revises
        attacker = self._attacker(event) if fig.relative == "attackers" and fig.party is None else None
        victims = (c.party for c in event.casualties)
        party = fig.party or before or attacker or _other_side(event.actors, fig, victims, self.sides) or "unknown"
        party = self._state_enemy(fig, party)
        # Another teller's count of the incident's dead: named in its clause, or told in a sentence of its own.
        if fig.party in (None, "unknown") and fig.relative is None and event.casualties:
            later = self._told_later(sent, recent)
            if source is not None or later:
                party = _same_victims(recent, fig.status or "killed", source, later) or party
        return party

    @staticmethod
    def _told_later(sent: SentenceFacts, recent: list[CasualtyFigure]) -> bool:
        return not any(sent.start <= (c.quote_offset or -1) < sent.end for c in recent) \
            and (ANOTHER_SOURCE.search(sent.text) is not None or TOLD.search(sent.text) is not None)

    def _attacker(self, event: Event) -> str | None:
        """Whose are "100 attackers": the side named last before the event's attack verb ("pro-government
        forces advancing on SDF positions", "IS cells ambushed …")."""
        verb = ATTACK_VERB.search(event.text)
        if verb is None:
            return None
        sides = [a for a in self.by_start[event.offset].actors if a.end <= verb.start()
                 and a.party not in (None, "unknown", "civilians")]
        before = event.text[:verb.start()]
        clause = max(before.rfind(","), before.rfind(";"), *(m.start() for m in SUBORDINATE.finditer(before)))
        subject = [a for a in sides if a.start > clause]
        # "SNA factions backed by Turkish artillery attacked …": a finite verb's subject comes first.
        if subject and not verb.group(0).lower().endswith("ing"):
            return subject[0].party
        return sides[-1].party if sides else None

    def _state_enemy(self, fig: Figure, party: str | None) -> str | None:
        """"dozens of terrorists" are the side the document shows fighting the government."""
        if fig.head not in self.lexicon.generic or not self.sides or party in self.sides:
            return party
        government = government_party(self.theatre)
        enemy = [s for s in self.sides if s != government]
        return enemy[0] if government in self.sides and enemy else party

    # --- the date anchor --------------------------------------------------------

    def _move_anchor(self, dated: list[_Segment]) -> None:
        for seg in reversed(dated):
            if not (seg.flashback or seg.following) and seg.date and \
                    seg.date.precision in ("day", "days", "part-of-month", "month"):
                self.state.anchor = seg.date
                return

    def _close_following(self, next_date: DateSpan | None) -> None:
        """"In the following days" runs to the day before the next dated event."""
        for event in self.state.following:
            if event.date and next_date and next_date.start and next_date.start > (event.date.start or ""):
                end = dt.date.fromisoformat(next_date.start) - dt.timedelta(days=1)
                event.date = DateSpan(event.date.start, end.isoformat(), "days")
        self.state.following = []


def _segment(text: str, start: int, end: int, mentions: list[DateMention | RelativeDate]) -> _Segment:
    explicit = [m for m in mentions if isinstance(m, DateMention)]
    chosen = (explicit or mentions or [None])[0]
    days = [m for m in mentions if isinstance(m, RelativeDate) and m.span.precision == "day" and not m.flashback]
    if chosen is not None and chosen.span.precision == "season" and days:
        chosen = days[0]  # "on Sunday, … after the fall of the base earlier in the summer": the day is the incident's
    if chosen is None:
        return _Segment(start, end, text[start:end], None, False, False)
    span = chosen.span
    since = next((m for m in explicit if SINCE_BEFORE.search(text, max(0, m.start - 60), m.start)), None) \
        if "ince" in text else None
    if since is chosen:
        span = DateSpan(span.start, None, "period", open_ended=True)
    elif since is not None and BY_BEFORE.search(text, max(0, chosen.start - 20), chosen.start):
        # "By the end of 2021, … since 2015": the tally runs from the "since" date to the other one.
        until = span.end if span.end and since.span.start and span.end > since.span.start else None
        span = DateSpan(since.span.start, until, "period", open_ended=until is None)
    flashback = isinstance(chosen, RelativeDate) and chosen.flashback
    following = isinstance(chosen, RelativeDate) and chosen.following
    return _Segment(start, end, text[start:end], span, flashback, following)


def _respective(text: str, explicit: list[DateMention]) -> list[_Segment] | None:
    """"On 11 and 18 April, A happened, while B happened": A on the 11th, B on the 18th."""
    chain = explicit[:1]
    for m in explicit[1:]:
        if m.kind == "day" == chain[-1].kind and LIST_GAP.match(text[chain[-1].end:m.start]):
            chain.append(m)
        else:
            break
    if len(chain) < 2:
        return None
    cuts = [m.start() for m in RESPECTIVE_BREAK.finditer(text, chain[-1].end)]
    if len(cuts) + 1 != len(chain):
        return None
    bounds = [0, *cuts, len(text)]
    return [_Segment(bounds[i], bounds[i + 1], text[bounds[i]:bounds[i + 1]], m.span, False, False)
            for i, m in enumerate(chain)]


def _merge_ranges(text: str, dates: list[DateMention]) -> list[DateMention]:
    """"between 24 March and 23 June", "on 10 June until … 11 June": one span."""
    out: list[DateMention] = []
    for d in dates:
        prev = out[-1] if out else None
        gap = text[prev.end:d.start] if prev else ""
        opened = prev is not None and re.search(r"\b(?:between|from)\s+$", text[max(0, prev.start - 20):prev.start],
                                                re.I)
        joined = prev is not None and ((MERGE_BETWEEN.match(gap) and opened) or re.search(r"\buntil\b", gap, re.I))
        if prev is not None and joined and prev.span.start and d.span.end:
            precision = "days" if prev.kind in ("day", "days") and d.kind in ("day", "days") else "period"
            out[-1] = DateMention(prev.start, d.end, text[prev.start:d.end],
                                  DateSpan(prev.span.start, d.span.end, precision), precision)
        else:
            out.append(d)
    return out


def main_sides(mentions: Iterable[list[ActorMention]], lexicon: ActorLexicon,
               theatre: str | None) -> tuple[str, str] | None:
    """The two armed parties a document names most: who fights whom."""
    armed = [a for group in mentions for a in group if a.party and a.party not in ("unknown", "civilians")]
    # "militants", "terrorists" say little about who fights; they count only where nothing else does.
    named = [a for a in armed if a.text.lower() not in lexicon.generic]
    counts = Counter(a.party for a in named)
    if len(counts) < 2:
        counts = Counter(a.party for a in armed)
    top = [p for p, _ in counts.most_common(2)]
    if len(top) == 2:
        return top[0], top[1]
    default = lexicon.default_sides.get(theatre or "")
    return (default[0], default[1]) if default else None


def _other_side(actors: list[str], fig: Figure, victims: Iterable[str | None],
                sides: tuple[str, str] | None) -> str | None:
    """"43 attackers": the side opposite the event's victims, else its first actor."""
    if fig.relative != "attackers":
        return None
    hit = next((v for v in victims if v), None)
    if sides and hit in sides:
        return sides[1] if hit == sides[0] else sides[0]
    return actors[0] if actors else None


def _is_period(date: DateSpan | None) -> bool:
    return date is not None and (date.precision in ("period", "year", "season") or date.open_ended)


def _claim_period(dated: list[_Segment], anchor: DateSpan | None, text: str) -> DateSpan | None:
    """The widest date of the sentence: a tally's period, not its report date.

    "By this point, since the offensive started on 10 September" runs from that
    date to the narrative's present (the anchor).
    """
    spans = [s.date for s in dated if s.date]
    if not spans:
        return None
    widest = max(spans, key=lambda d: (_is_period(d), (d.end or "9999") > (d.start or ""), _span_days(d)))
    if widest.open_ended and anchor and anchor.end and BY_NOW.search(text) and anchor.end > (widest.start or ""):
        return DateSpan(widest.start, anchor.end, "period")
    return widest


def _span_days(d: DateSpan) -> int:
    if not d.start or not d.end:
        return 10**6
    return (dt.date.fromisoformat(d.end) - dt.date.fromisoformat(d.start)).days


def _same_victims(casualties: list[CasualtyFigure], status: str, source: str | None,
                  told_later: bool = False) -> str | None:
    """Another source's count of "people" counts the incident's victims: "23 civilians perished, SOHR said.
    Local activists said 33 people had been killed."""
    parties = {c.party for c in casualties if c.subset_of is None and c.status == status}
    others = {c.source for c in casualties if c.subset_of is None and c.status == status}
    return parties.pop() if len(parties) == 1 and (told_later or source not in others) else None


def _keep(figures: list[Figure], keep: list[int]) -> list[Figure]:
    """Some of a sentence's figures, their ``subset_of`` renumbered (a total left out leaves none)."""
    pos = {old: new for new, old in enumerate(keep)}
    return [figures[i]._replace(subset_of=pos.get(figures[i].subset_of)) for i in keep]  # type: ignore[arg-type]


def _part(text: str | SentenceFacts, seg: _Segment) -> str | SentenceFacts:
    """The words of ``seg`` where cues are looked for: the whole sentence's facts when it is one segment."""
    if isinstance(text, str):
        return text[seg.start:seg.end]
    return text if seg.start == 0 and seg.end >= len(text.text) else text.text[seg.start:seg.end]


def _one_incident(sent: SentenceFacts, figures: list[Figure]) -> bool:
    """"a landmine explosion killed a shepherd and his son": an incident after a tally, not a part of it."""
    return ONE_INCIDENT.search(sent.text) is not None or all(f.count.low == 1 == f.count.high for f in figures) \
        or not sent.words.isdisjoint(SEPARATE_WORDS)  # "Separately, the monitor reported …"


def _parts_of_revision(casualties: list[CasualtyFigure], added: Iterable[int], tolls: list[tuple[int, str]]) -> None:
    """"The toll rose to nine after a child died of his wounds": the child is one of the nine."""
    if not tolls:
        return
    top, kind = tolls[-1]
    toll = casualties[top]
    for i in added:
        fig = casualties[i]
        if i != top and fig.status == "killed" and fig.subset_of is None and _same_party(fig.party, toll.party) \
                and (kind != "own" or fig.source == toll.source) and (fig.count.low or 0) <= (toll.count.low or 0):
            fig.subset_of = top


def _days_between(earlier: str, later: str) -> int:
    return (dt.date.fromisoformat(later) - dt.date.fromisoformat(earlier)).days


def _same_party(a: str | None, b: str | None) -> bool:
    """A toll of "people" may count any side's dead."""
    return a == b or "unknown" in (a, b)


def _revise(casualties: list[CasualtyFigure], revision: str) -> None:
    """Keep one toll per party: the earlier one becomes part of the revised one ("30 killed; the toll
    later rose to 35": the 30 are among the 35), so totals count the incident once."""
    new = casualties[-1]
    same = [i for i, c in enumerate(casualties[:-1]) if c.subset_of is None and c.status == new.status
            and _same_party(c.party, new.party) and (revision != "own" or c.source == new.source)]
    low = new.count.low or 0
    if revision in ("later", "own"):
        for i in same:
            if (casualties[i].count.low or 0) <= low:
                casualties[i].subset_of = len(casualties) - 1
    elif revision == "earlier" and (larger := [i for i in same if (casualties[i].count.low or 0) >= low]):
        new.subset_of = larger[-1]


def _each_side(actors: list[str], fig: Figure, party: str) -> list[str]:
    if fig.each_side and len(actors) >= 2:
        return actors[:2]
    return [party]


def build_events(analysis: DocAnalysis) -> None:
    """Walk the sentences in order: incidents become events, tallies claims, later sentences support them."""
    analysis.events, analysis.prose_claims = EventBuilder(analysis).run()
