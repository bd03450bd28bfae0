"""A sentence's dated segments: where it tells of a further dated incident, and the date of each part.

A sentence is cut before each further day it dates when a joiner or a comma
leads to it ("On 3 May IS attacked Sukhnah, while on 5 May …": two segments);
"On 11 and 18 April, A happened, while B happened" gives A the 11th and B the
18th (respective dates); "between 24 March and 23 June" is one span. A
segment's date is its first written date (else its first relative one); a
date after "since" opens a period. A tally's period is the sentence's widest
date (:func:`claim_period`).

>>> from warledger.extract.stages import facts_for
>>> s = facts_for("On 3 May IS attacked Sukhnah, while on 5 May the army shelled Palmyra.")
>>> segs, year_written = dated_segments(s, 2021, None, None)
>>> [(seg.text, seg.date.start) for seg in segs]
[('On 3 May IS attacked Sukhnah, while on ', '2021-05-03'), ('5 May the army shelled Palmyra.', '2021-05-05')]
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation
from warledger.extract.narrative.clauses import cut_before, days_after_its_own, separate_clauses
from warledger.extract.narrative.date_roles import (
    OPENING,
    WHO_BEFORE,
    YEAR_WRITTEN,
    a_birth,
    incident_dates,
    last_year_written,
    looks_back,
)
from warledger.extract.narrative.tellings import retelling, told_dates
from warledger.extract.text.date_order import DateOrder
from warledger.extract.text.dates import DateMention, find_dates
from warledger.extract.text.timeline import days_between, find_relative, past_stretch_days, shift_day
from warledger.model import DateSpan

LATER_BEFORE = re.compile(r"\b(?:then\s+)?later\s+(?:[\w-]+\s+){0,2}?(?:on|in)\s+$", re.I)  # "then later released on"
MERGE_BETWEEN = re.compile(r"^\s*,?\s*(?:and|to|until|till|through|–|-)\s", re.I)
RANGE_OPENED = re.compile(r"\b(?:between|from)\s+$", re.I)
UNTIL = re.compile(r"\buntil\b", re.I)
CUT_KINDS = ("day", "days", "part-of-month")
LIST_GAP = re.compile(r"^\s*(?:,|and|&|,\s*and)\s*$")
RESPECTIVE_BREAK = re.compile(r",?\s+while\s+|;\s+|,\s+whereas\s+", re.I)
# "since 2015", "since the offensive began on 15 November", "since the group seized the city on May 20"
# A count told "since" a date: "released their figures on the operation since 9 January" (not "under IS control
# since April 2019").
COUNT_BEFORE = re.compile(rf"\b(?:{cue_alternation('since_count_nouns')})\b", re.I)
BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
BY_OPENING = re.compile(r"\W*By\s+(?:the\s+(?:morning|evening|afternoon|night|end)\s+of\s+)?$")  # "By 26 November, …"
BY_DAY_REACH = 6  # days: "By <day>" further on than this from the narrative's present is a day of its own
BY_NOW = re.compile(rf"\b(?:{cue_alternation('by_now_phrases')})\b", re.I)  # "by this point", "so far"
PERIOD_PRECISIONS = ("period", "year", "season")
YEAR_END, YEAR_START = ("11", "12"), ("01", "02")  # the months a narrative rolls over from and into


@dataclass(slots=True)
class Segment:
    """A part of a sentence (offsets into it) and the date of what it tells."""

    start: int
    end: int
    text: str
    date: DateSpan | None
    flashback: bool  # "a few days before": dated back from the narrative's present
    following: bool  # "in the following days": runs to the day before the next dated event
    told: DateSpan | None = None  # the day a teller speaks of what the segment is dated: the narrative's present


def heading_year(heading: str) -> int | None:
    """The year a heading, a title or a lead names: ``heading_year("Battle of Hajin (2018)") == 2018`` (not a year
    of someone's past: a text whose first line is its title may be a sentence, "…, who won gold at a championship
    held in 1995")."""
    return next((int(m.group(0)) for m in YEAR_WRITTEN.finditer(heading)
                 if not WHO_BEFORE.search(heading, max(0, m.start() - 120), m.start())), None)


def dated_segments(sent: SentenceFacts, year: int | None, anchor: DateSpan | None, reference: str | None,
                   order: DateOrder = "dmy", told: int | None = None) -> tuple[list[Segment], int | None]:
    """The sentence cut before each further dated incident, and the last year it writes out (if any).

    ``year`` completes a date written without one; relative dates ("the next day") resolve against
    ``anchor``, news words ("on Sunday") against ``reference``, the report's day; numeric dates are read in
    the document's ``order``; ``told`` is the year the text tells of so far (a year written before it, inside a
    sentence, recalls the past).
    """
    relative = _relative_dates(sent, anchor, reference)
    if not sent.date_matches and not relative:
        return [segment_of(sent.text, 0, len(sent.text), [])], None  # most sentences: no date, one segment
    dates = merge_ranges(sent.text, [rolled_over(m, anchor) for m in _dates(sent, year, order)])
    explicit = incident_dates(sent, dates, told, year)
    if anchor is None or not anchor.start:
        relative = _from_first_day(sent, explicit, relative, reference)
    relative = [r for r in relative if not any(d.start <= r.start < d.end or r.start <= d.start < r.end for d in dates)]
    # A telling of the incident told before dates only the telling.
    explicit, relative, told_on = retelling(sent, explicit, relative, anchor) or told_dates(sent, explicit, relative)
    last_year = last_year_written(sent.text, explicit, told)
    if respective := respective_segments(sent.text, explicit):
        return respective, last_year
    relative, later = (relative, []) if told_on else days_after_its_own(sent, explicit, relative, reference)
    mentions: list[DateMention] = sorted([*explicit, *relative], key=lambda m: m.start)
    separate = separate_clauses(sent) if "separate" in sent.words else []
    bounds = [*_cuts(sent.text, explicit, later + separate), len(sent.text)]
    segments = [segment_of(sent.text, start, end, [m for m in mentions if start <= m.start < end], told_on or anchor)
                for start, end in itertools.pairwise(bounds)]
    if separate:
        _same_day(segments, separate)
    segments[0].told = told_on
    return segments, last_year


def _relative_dates(sent: SentenceFacts, anchor: DateSpan | None, reference: str | None) -> list[DateMention]:
    """The sentence's relative dates, but a birth's ("three infants born 10 days ago")."""
    return [r for r in find_relative(sent, anchor, reference) if not a_birth(sent.text, r)]


def _from_first_day(sent: SentenceFacts, explicit: list[DateMention], relative: list[DateMention],
                    reference: str | None) -> list[DateMention]:
    """The narrative's first day anchors what the sentence tells after it: "On 9 March 2016, airstrikes started,
    with 32 fighters reported killed by the next day"."""
    first = explicit[0] if explicit and explicit[0].span.start else None
    if first is None:
        return relative
    return [r for r in relative if r.start < first.start] + \
        [r for r in find_relative(sent, first.span, reference) if r.start >= first.end]


def _cuts(text: str, explicit: list[DateMention], clauses: list[int]) -> list[int]:
    """Where the sentence's segments start: at its opening, a later clause of its first date, each further dated
    incident and the ``clauses`` of incidents of their own (a later day's, a separate one's)."""
    cuts = [0] + [cut for m in explicit[1:] if m.kind in CUT_KINDS and (cut := cut_before(text, m)) is not None]
    cuts[1:1] = _later_clause(text, explicit)
    return sorted({*cuts, *clauses}) if clauses else cuts


def _same_day(segments: list[Segment], separate: list[int]) -> None:
    """A separate incident's clause with no date of its own is of the day of the clause before it: "…, while a
    separate roadside bomb wounded three policemen"."""
    for before, seg in itertools.pairwise(segments):
        if seg.start in separate and seg.date is None:
            seg.date = before.date


def _later_clause(text: str, explicit: list[DateMention]) -> list[int]:
    """Where a later clause with the sentence's first date starts: "The pilot was captured by Russian forces then
    later released on 24 April" (the capture keeps the narrative's day)."""
    first = explicit[0] if explicit and explicit[0].kind in CUT_KINDS else None
    later = LATER_BEFORE.search(text, max(0, first.start - 40), first.start) if first else None
    return [later.start()] if later and OPENING.match(text[:later.start()]) is None else []


def _dates(sent: SentenceFacts, year: int | None, order: DateOrder) -> list[DateMention]:
    """The sentence's dates; with no year of the narrative yet, its own first written year completes the others
    ("On 17 March 2019, … since 9 January": 9 January 2019)."""
    found = find_dates(sent, year, order)
    if year is not None or len(found) >= len(sent.date_matches):
        return found  # every date written was read
    years = [m.span.start[:4] for m in found if m.span.start and YEAR_WRITTEN.search(m.text)]
    return find_dates(sent, int(years[0]), order) if years else found


def rolled_over(m: DateMention, anchor: DateSpan | None) -> DateMention:
    """A January or February written without its year, right after the narrative's November or December, is in
    the next year: "On 28 December 2016 … On 3 January, …" is 3 January 2017."""
    if YEAR_WRITTEN.search(m.text) or anchor is None or not anchor.start or not m.span.start or not m.span.end:
        return m
    if not (anchor.start[:4] == m.span.start[:4] and anchor.start[5:7] in YEAR_END and m.span.start[5:7] in
            YEAR_START):
        return m
    try:
        return m._replace(span=DateSpan(_next_year(m.span.start), _next_year(m.span.end), m.span.precision))
    except ValueError:  # past the calendar's end (9999): no year after it
        return m


def _next_year(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return (day.replace(year=day.year + 1, day=28) if (day.month, day.day) == (2, 29)
            else day.replace(year=day.year + 1)).isoformat()


def segment_of(text: str, start: int, end: int, mentions: list[DateMention],
               anchor: DateSpan | None = None) -> Segment:
    """``text[start:end]`` dated by the first of its ``mentions`` that dates an incident (``anchor``: the
    narrative's present, where a stretch "since" a recent day ends)."""
    if not mentions:
        return Segment(start, end, text[start:end], None, False, False)
    explicit = [m for m in mentions if not m.relative]
    chosen = _chosen(explicit, mentions)
    span = _days_back(text[start:end], _short_stretch(_since_span(text, explicit, chosen), anchor))
    span = _through_next_day(span, chosen, mentions)
    if start == 0 and BY_OPENING.match(text, 0, chosen.start):
        span = _from_present(span, anchor)
    return Segment(start, end, text[start:end], span, chosen.flashback, chosen.following)


def _from_present(span: DateSpan, anchor: DateSpan | None) -> DateSpan:
    """A sentence opening "By <day>" tells what happened from the narrative's present up to that day: "By the
    morning of 11 February, another 1,500 civilians had fled" (told after 10 February) is 10–11 February."""
    if span.precision != "day" or anchor is None or anchor.precision not in ("day", "days") or not anchor.start:
        return span
    gap = days_between(anchor.end or anchor.start, span.start)  # type: ignore[arg-type]
    return DateSpan(anchor.start, span.end, "days") if 1 <= gap <= BY_DAY_REACH else span


def _through_next_day(span: DateSpan, chosen: DateMention, mentions: list[DateMention]) -> DateSpan:
    """A day's count "by the next day" runs to the day after it: "On 9 March, airstrikes started, with 32 fighters
    reported killed by the next day" is 9–10 March (dates.yaml, through_next)."""
    if span.precision != "day" or not span.end or not any(
            m.relative and m.start > chosen.end and m.text.lower().startswith("by ") and m.span.precision == "days"
            for m in mentions):
        return span
    return DateSpan(span.start, shift_day(span.end, 1), "days")


def _days_back(text: str, span: DateSpan) -> DateSpan:
    """A day's count "in the previous 48 hours" runs back from that day: "By 21 September, … 39 ISIL and 27
    Kurdish fighters had been killed in the previous 48 hours" is 19–21 September."""
    stretch = past_stretch_days(text) if span.precision == "day" and span.start else []
    return DateSpan(shift_day(span.start, -stretch[0][1]), span.end, "days") if stretch else span  # type: ignore[arg-type]


def _short_stretch(span: DateSpan, anchor: DateSpan | None) -> DateSpan:
    """A stretch since a day at most a week before the narrative's present is those days' fighting, not a tally's
    period: "25 militants had been killed since 10 March" told on 12 March is 10–12 March."""
    end = span.end or (anchor.end if anchor is not None and span.open_ended else None)
    if span.precision != "period" or not span.start or not end or len(span.start) < 10 or len(end) < 10:
        return span
    return DateSpan(span.start, end, "days") if 0 <= days_between(span.start, end) <= 6 else span


def _chosen(explicit: list[DateMention], mentions: list[DateMention]) -> DateMention:
    """The first written date, else the first relative one; a named day over a season."""
    chosen = (explicit or mentions)[0]
    days = [m for m in mentions if m.relative and m.span.precision == "day" and not m.flashback]
    if chosen.span.precision == "season" and days:
        return days[0]  # "on Sunday, … after the fall of the base earlier in the summer": the day is the incident's
    return chosen


def _since_span(text: str, explicit: list[DateMention], chosen: DateMention) -> DateSpan:
    """The chosen date's span, opened into a period when a date follows "since"."""
    span = chosen.span
    since = next((m for m in explicit if looks_back(text, m)), None) if "ince" in text else None
    if since is None:
        return span
    if since is chosen:
        return DateSpan(span.start, None, "period", open_ended=True)
    after = bool(span.end and since.span.start and span.end > since.span.start) \
        and COUNT_BEFORE.search(text, max(0, since.start - 90), since.start) is not None
    if after or BY_BEFORE.search(text, max(0, chosen.start - 20), chosen.start):
        # "By the end of 2021, … since 2015", "On 17 March, the SDF released its figures since 9 January": the
        # tally runs from the "since" date to the other one.
        return DateSpan(since.span.start, span.end if after else None, "period", open_ended=not after)
    return span


def respective_segments(text: str, explicit: list[DateMention]) -> list[Segment] | None:
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
    return [Segment(bounds[i], bounds[i + 1], text[bounds[i]:bounds[i + 1]], m.span, False, False)
            for i, m in enumerate(chain)]


LIST_DAYS_APART = 6  # days listed further apart are incidents of their own, which no one span of a week covers


def merge_ranges(text: str, dates: list[DateMention]) -> list[DateMention]:
    """"between 24 March and 23 June", "on 10 June until … 11 June": one span."""
    out: list[DateMention] = []
    for d in dates:
        prev = out[-1] if out else None
        if prev is not None and _joined(text, prev, d) and prev.span.start and d.span.end:
            precision = "days" if prev.kind in ("day", "days") and d.kind in ("day", "days") else "period"
            out[-1] = DateMention(prev.start, d.end, text[prev.start:d.end],
                                  DateSpan(prev.span.start, d.span.end, precision), precision)
        else:
            out.append(d)
    return out


def _joined(text: str, prev: DateMention, d: DateMention) -> bool:
    """Whether two dates are the ends of one range: "between A and B", "from A to B", "A until B", or days a week
    at most apart in a list ("On 18 and 19 March, …": one stretch of fighting; "killing several SDF fighters on 21
    and 24 September": one incident's days)."""
    gap = text[prev.end:d.start]
    opened = RANGE_OPENED.search(text[max(0, prev.start - 20):prev.start]) is not None
    return (opened and MERGE_BETWEEN.match(gap) is not None) or UNTIL.search(gap) is not None \
        or (prev.kind in ("day", "days") and d.kind == "day" and LIST_GAP.match(gap) is not None
            and _within_a_week(prev.span.end, d.span.start))


def _within_a_week(day: str | None, after: str | None) -> bool:
    return bool(day and after) and 0 < days_between(day, after) <= LIST_DAYS_APART  # type: ignore[arg-type]


def is_period(date: DateSpan | None) -> bool:
    """Whether a date is a stretch a tally covers: a period, a year, a season or an open span."""
    return date is not None and (date.precision in PERIOD_PRECISIONS or date.open_ended)


def claim_period(dated: list[Segment], anchor: DateSpan | None, text: str) -> DateSpan | None:
    """The widest date of the sentence: a tally's period, not its report date.

    "By this point, since the offensive started on 10 September" runs from that
    date to the narrative's present (the anchor).
    """
    spans = [s.date for s in dated if s.date]
    if not spans:
        return None
    widest = max(spans, key=lambda d: (is_period(d), (d.end or "9999") > (d.start or ""), span_days(d)))
    if widest.open_ended and anchor and anchor.end and BY_NOW.search(text) and anchor.end > (widest.start or ""):
        return DateSpan(widest.start, anchor.end, "period")
    return widest


def span_days(d: DateSpan) -> int:
    """The days a span runs (an open span: a very long one)."""
    if not d.start or not d.end:
        return 10**6
    return (dt.date.fromisoformat(d.end) - dt.date.fromisoformat(d.start)).days


def segment_words(text: str | SentenceFacts, seg: Segment) -> str | SentenceFacts:
    """The words of ``seg`` where cues are looked for: the whole sentence's facts when it is one segment."""
    if isinstance(text, str):
        return text[seg.start:seg.end]
    return text if seg.start == 0 and seg.end >= len(text.text) else text.text[seg.start:seg.end]
