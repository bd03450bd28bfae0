"""Relative dates resolved against an anchor, as the contract says.

"The next day", "three days later", "one week after the capture", "the same
day", "in the following days", "a few days before" (a flashback), "in the
previous 48 hours" (those days up to the anchor's), days written as bare
ordinals ("between the 26th and 27th": the anchor's month, or the one beside it
nearest), a named operation of a few days ("the five-day ISIL offensive": the
anchor's day and the days after it), "the weekend" (the Saturday and Sunday last
come), and for news, "yesterday", "on Sunday", "last week" against the
reference date.

>>> anchor = DateSpan("2018-05-22", "2018-05-22", "day")
>>> [(r.text, r.span.start, r.flashback) for r in find_relative("The next day, IS attacked", anchor, None)]
[('The next day', '2018-05-23', False)]
>>> [r.span.start for r in find_relative("SOHR said on Sunday", None, "2021-03-04")]
['2021-02-28']
>>> [r.span.start for r in find_relative("Two days ago, a car bomb went off", None, "2021-05-04")]
['2021-05-02']
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal, TypedDict, cast

from warledger.data import load_yaml
from warledger.extract.analysis import SentenceFacts, as_facts
from warledger.extract.cues import cue_alternation, cue_words
from warledger.extract.text.dates import DateMention
from warledger.extract.text.numbers import word_value
from warledger.extract.text.phrases import PhraseMatcher
from warledger.model import DateSpan


def _relative(start: int, end: int, text: str, span: DateSpan, flashback: bool = False,
              following: bool = False) -> DateMention:
    """A relative date mention: its kind is its span's precision."""
    return DateMention(start, end, text, span, span.precision, flashback, following, True)


# A few days before the anchor | the days after it | a night: after the anchor's day, before it, or by telling | …
RelativeSpan = Literal["before", "following", "night_after", "night_before", "overnight", "weekend", "through_next"]
SATURDAY = 5  # datetime's weekday()
TELLING_WORDS = cue_words("teller_speech_verbs")  # "the SDF reported … overnight": the night before the telling
# "by the following day it was reported that …", "by the next day, according to SOHR, …": a telling's day.
TOLD_AFTER = re.compile(rf",?\s+(?:(?:it\s+was\s+|[\w'’-]+\s+)?(?:{cue_alternation('teller_speech_verbs')})"
                        r"|according\s+to)\b", re.I)


class RelativeRule(TypedDict, total=False):
    """One rule of ``dates.yaml``'s ``relative`` list: its phrases, and either a day offset or a span."""

    phrases: list[str]
    days: int
    span: RelativeSpan


@dataclass(frozen=True)
class _Rules:
    phrases: PhraseMatcher  # values: the phrase's rule
    counted: re.Pattern[str]
    counted_words: tuple[frozenset[str], frozenset[str]]  # a unit and a direction: "three days later"
    news: re.Pattern[str]
    units: dict[str, int]
    later: frozenset[str]
    weekdays: dict[str, int]


def _alt(words: object) -> str:
    return "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=lambda w: -len(str(w))))  # type: ignore[arg-type]


@functools.cache
def _rules() -> _Rules:
    data = load_yaml("dates.yaml")
    phrases = {p.lower(): rule for rule in data["relative"] for p in rule["phrases"]}
    # "in the past 24 hours" in a narrative: the day before its present and that day, as in a report.
    phrases.update({p: {"span": "night_before"} for p in map(str.lower, data["news_spans"]) if p not in phrases})
    units = {str(k): int(v) for k, v in data["units"].items()}
    later, earlier = data["later"], data["earlier"]
    counted = re.compile(rf"\b(?P<n>\w+(?:-\w+)?)\s+(?P<unit>{_alt(units)})\s+(?P<dir>{_alt(later + earlier)})\b", re.I)
    weekdays = {str(k): int(v) for k, v in data["weekdays"].items()}
    news = re.compile(rf"\b(?:(?P<word>{_alt(data['news'])})|(?P<span>{_alt(data['news_spans'])})"
                      rf"|(?:on\s+|last\s+)?(?P<weekday>{_alt(weekdays)})"
                      rf"|(?P<lastweek>last\s+week|earlier\s+this\s+week|this\s+week)"
                      rf"|(?P<lastspan>last\s+(?:month|year)))\b", re.I)
    matcher = PhraseMatcher(phrases.items(), shared=True)
    words = (frozenset(w for u in units for w in u.lower().split()),
             frozenset(w for d in later + earlier for w in d.lower().split()))
    return _Rules(matcher, counted, words, news, units, frozenset(later), weekdays)


OFF_CALENDAR = (OverflowError, ValueError)
"""What date arithmetic raises past the calendar's ends (years 1 to 9999): "1000000000 days ago", "the next day"
after 31 December 9999, "last year" in year 1. Such a phrase resolves to no date."""


def shift_day(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def days_between(earlier: str, later: str) -> int:
    """Days from one ISO day to another."""
    return (dt.date.fromisoformat(later) - dt.date.fromisoformat(earlier)).days


def _from_anchor(anchor: DateSpan, days: int) -> DateSpan:
    if days == 0:
        return anchor
    base = anchor.end if days > 0 else anchor.start
    if base is None:
        base = anchor.start
    day = shift_day(base, days)  # type: ignore[arg-type]
    return DateSpan(day, day, "day")


def _months_from(anchor: DateSpan, months: int) -> DateSpan:
    """The calendar month ``months`` from the anchor's ("two months ago" on 4 July: May)."""
    day = dt.date.fromisoformat((anchor.start if months < 0 else anchor.end or anchor.start) or "")
    index = day.year * 12 + day.month - 1 + months
    first = dt.date(index // 12, index % 12 + 1, 1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return DateSpan(first.isoformat(), last.isoformat(), "month")


NEWS_REACH = dt.timedelta(days=31)


def _still_news(anchor: DateSpan, reference: str | None) -> str | None:
    """The reference date, unless the narrative tells of a time long before it: an article copied in 2023 telling
    of 2016 ("… had fled over the past 24 hours", "on Tuesday") speaks of its narrative's days, not the copy's."""
    day = anchor.end or anchor.start
    if reference is None or day is None or len(day) < 10:
        return reference
    try:
        return reference if dt.date.fromisoformat(reference[:10]) - dt.date.fromisoformat(day) <= NEWS_REACH else None
    except ValueError:
        return reference


def _phrase_dates(s: SentenceFacts, anchor: DateSpan, reference: str | None = None) -> list[DateMention]:
    out, text = [], s.text
    for hit in _rules().phrases.find(s):
        rule, said = hit.value if isinstance(hit.value, dict) else hit.value[0], text[hit.start:hit.end]
        try:
            out.append(_phrase_date(cast(RelativeRule, rule), hit.start, hit.end, said, anchor, s, reference))
        except OFF_CALENDAR:
            continue
    return out


def _phrase_date(rule: RelativeRule, start: int, end: int, said: str, anchor: DateSpan,
                 s: SentenceFacts, reference: str | None) -> DateMention:
    span = rule.get("span")
    if span == "overnight":  # a report's own day, or a teller's, looks back on the night before it
        told = not s.words.isdisjoint(TELLING_WORDS) or anchor.end == reference
        span = "night_before" if told else "night_after"
    if span == "through_next" and TOLD_AFTER.match(s.text, end):
        # "by the following day it was reported that …": the day of the telling, the next
        return _relative(start, end, said, _from_anchor(anchor, 1))
    if span in ("night_after", "night_before", "through_next"):
        day = anchor.start if span == "night_before" else anchor.end
        first, last = (shift_day(day, -1), day) if span == "night_before" else (day, shift_day(day, 1))  # type: ignore[arg-type]
        return _relative(start, end, said, DateSpan(first, last, "days"))
    if span == "weekend":
        day = dt.date.fromisoformat(anchor.end or anchor.start)  # type: ignore[arg-type]
        saturday = day - dt.timedelta(days=(day.weekday() - SATURDAY) % 7)  # the anchor's day if a Saturday
        return _relative(start, end, said, DateSpan(saturday.isoformat(), shift_day(saturday.isoformat(), 1), "days"))
    if span == "before":
        first, last = shift_day(anchor.start, -4), shift_day(anchor.start, -1)  # type: ignore[arg-type]
        return _relative(start, end, said, DateSpan(first, last, "days"), flashback=True)
    if span == "following":
        first = shift_day(anchor.end or anchor.start, 1)  # type: ignore[arg-type]
        return _relative(start, end, said, DateSpan(first, shift_day(first, 5), "days"), following=True)
    return _relative(start, end, said, _from_anchor(anchor, int(rule["days"])))


def _counted_dates(s: SentenceFacts, anchor: DateSpan, ago: bool = False) -> list[DateMention]:
    """"three days later" from the anchor; with ``ago``, "two days ago" from the reference date."""
    out: list[DateMention] = []
    text = s.text
    units, directions = _rules().counted_words
    if s.words.isdisjoint(units) or s.words.isdisjoint(directions):
        return out
    for m in _rules().counted.finditer(text):
        n = 1 if m.group("n").lower() in ("a", "an", "one") else word_value(m.group("n"))
        if n is None or (m.group("dir").lower() == "ago") != ago:
            continue
        unit = m.group("unit").lower()
        sign = 1 if m.group("dir").lower() in _rules().later else -1
        try:
            span = _months_from(anchor, sign * n) if unit.startswith("month") \
                else _from_anchor(anchor, sign * n * _rules().units[unit])
            out.append(_relative(m.start(), m.end(), m.group(0), span, flashback=sign < 0))
        except OFF_CALENDAR:
            continue
    return out


# "in the previous 48 hours", "over the past two days": those days up to the narrative's present (the 24 hours of
# news_spans are a night's two days).
PAST_STRETCH = re.compile(r"\b(?:in|over|during|within)\s+the\s+(?:past|previous|last|preceding)\s+(?:(?P<n>\w+)\s+"
                          r"(?P<unit>hours|days)|(?P<one>day))\b"
                          # "had lost 63 men killed over just four days", "lost 377 troops in the span of five days"
                          r"|\b(?:over|within|in)\s+(?:just\s+|only\s+)?(?:the\s+(?:span|course)\s+of\s+)?"
                          r"(?P<n2>\w+)\s+(?P<unit2>days)\b(?!\s+(?:later|after|before|earlier|ago)\b)", re.I)
STRETCH_UNITS = frozenset(("hours", "days", "day"))  # none of them: no "in the previous 48 hours" to read
STRETCH_DAYS = 6  # a longer stretch is a tally's, which no incident's dates cover
LONGEST_INCIDENT = 7  # days: an operation told as one incident lasts a week at most


def past_stretch_days(text: str) -> list[tuple[re.Match[str], int]]:
    """Each "in the previous 48 hours", "over the past two days", "in the past day", "over just four days" of ``text``
    with its days (at most a week)."""
    out: list[tuple[re.Match[str], int]] = []
    if " hours" not in text and " day" not in text:
        return out  # the common case: no stretch to read, and no pattern tried
    for m in PAST_STRETCH.finditer(text):
        if m.group("one"):  # "in the past day": that day and the one before
            out.append((m, 1))
            continue
        n = word_value(m.group("n") or m.group("n2"))
        days = None if n is None else (-(-n // 24) if (m.group("unit") or "").lower() == "hours" else n)
        if days is not None and 1 < days <= STRETCH_DAYS:
            out.append((m, days))
    return out


def _past_stretch(s: SentenceFacts, day: str) -> list[DateMention]:
    """"39 ISIL and 27 Kurdish fighters had been killed in the previous 48 hours" (told on 21 September): 19–21
    September."""
    return [_relative(m.start(), m.end(), m.group(0), DateSpan(shift_day(day, -days), day, "days"))
            for m, days in past_stretch_days(s.text)]


# "between the 26th and 27th", "since the 27th", "on the 3rd": days of the month the narrative is in (not "the
# 17th Division", "the 3rd day of the offensive").
ORDINAL_DAYS = re.compile(rf"\b(?P<opener>{cue_alternation('ordinal_day_openers')})\s+(?P<day>the\s+"
                          r"(?P<first>\d{1,2})(?:st|nd|rd|th)(?:\s*(?:and|to|-|–)\s*(?:the\s+)?(?P<last>\d{1,2})(?:st|nd|rd|th))?)\b"
                          r"(?!\s+(?:[A-Z]|day|time|anniversary|century|of\b))")
ORDINAL = re.compile(r"\d(?:st|nd|rd|th)\b")


def _ordinal_days(s: SentenceFacts, anchor: DateSpan) -> list[DateMention]:
    """Days written as ordinals alone, in the month of the narrative's day nearest to them."""
    day = dt.date.fromisoformat(anchor.end or anchor.start)  # type: ignore[arg-type]
    out = []
    for m in ORDINAL_DAYS.finditer(s.text):
        first = _nearest_day(day, int(m.group("first")))
        last = _nearest_day(first, int(m.group("last"))) if m.group("last") else first
        if first is not None and last is not None and first <= last:
            # A day written out, only its month left to the narrative: as good as "on 26 January" (not relative).
            span = DateSpan(first.isoformat(), last.isoformat(), "day" if first == last else "days")
            start = m.start("day") if m.group("opener").lower() == "since" else m.start()  # "since" opens a stretch
            out.append(DateMention(start, m.end(), m.group(0)[start - m.start():], span, span.precision))
    return out


def _nearest_day(near: dt.date | None, day: int) -> dt.date | None:
    """The day ``day`` of ``near``'s month, of the month before or of the month after: the nearest to ``near``."""
    if near is None:
        return None
    months = [(near.replace(day=1) + dt.timedelta(days=d)).replace(day=1) for d in (-1, 0, 32)]
    found = []
    for month in months:
        try:
            found.append(month.replace(day=day))
        except ValueError:
            continue
    return min(found, key=lambda d: abs((d - near).days), default=None)


# How long the fighting told lasted, as written: "after nearly ten days of evacuating", "continued for one month",
# "within the 10 days preceding the battle", "during the next 3 weeks", "lasted 40 days",
# "the five-day ISIL offensive", "a two-week siege" (not "the first strike in 20 days", "a 20-year-old").
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_SOME = rf"(?:(?:{cue_alternation('duration_hedges')})\s+)?"
_UNITS = r"(?P<unit>day|week|month|year)s?"
# "the five-day ISIL offensive": an operation named with its length (the unit's pattern put in).
_NAMED_OPERATION = (r"\b(?:the|a|an|its|their)\s+(?P<{n}>\w+)-{unit}(?:-long)?\s+(?:[\w-]+\s+){{0,2}}?"
                    rf"(?:{cue_alternation('campaign_nouns')}|assault|attack|fighting|clashes)\b")
LASTED = re.compile(
    rf"\b(?:after|during|over|in|throughout)\s+{_SOME}(?P<n>\w+)\s+{_UNITS}\s+of\s+(?:heavy\s+|fierce\s+)?"
    rf"(?:\w+ing|clashes|battles?|combat|{cue_alternation('campaign_nouns')})\b"
    rf"|\b(?:(?:continued|raged|went\s+on)\s+for|lasted(?:\s+for)?|(?:within|during|over|for)\s+the"
    rf"(?:\s+(?:next|following))?|(?:in|over|within)\s+(?:just|only))\s+{_SOME}(?P<n2>\w+)\s+"
    rf"(?P<unit2>day|week|month|year)s?\b"
    rf"|{_NAMED_OPERATION.format(n='n3', unit='(?P<unit3>day|week|month|year)')}", re.I)
OPERATION = re.compile(_NAMED_OPERATION.format(n="n", unit="day"), re.I)


def durations(text: str) -> list[int]:
    """The lengths in days of the stretches ``text`` says its fighting lasted ("continued for one month": 30)."""
    out = []
    for m in LASTED.finditer(text):
        said = m.group("n") or m.group("n2") or m.group("n3")
        n = 1 if said.lower() in ("a", "an", "one") else word_value(said)
        if n is not None:
            out.append(n * UNIT_DAYS[(m.group("unit") or m.group("unit2") or m.group("unit3")).lower()])
    return out


def _operation_days(s: SentenceFacts, anchor: DateSpan) -> list[DateMention]:
    """"in the five-day ISIL offensive", told after its first day: that day and the four after it."""
    out = []
    for m in OPERATION.finditer(s.text):
        n = word_value(m.group("n"))
        if n is not None and 1 < n <= LONGEST_INCIDENT and anchor.start and anchor.start == anchor.end:
            out.append(_relative(m.start(), m.end(), m.group(0),
                                 DateSpan(anchor.start, shift_day(anchor.start, n - 1), "days")))
    return out


def _news_dates(s: SentenceFacts, reference: str) -> list[DateMention]:
    if s.words.isdisjoint(_news_words()):
        return []  # no news word ("yesterday", "on Sunday", "overnight", "last week"): the scan would find none
    ref = dt.date.fromisoformat(reference)
    out = []
    for m in _rules().news.finditer(s.text):
        try:
            out.append(_relative(m.start(), m.end(), m.group(0), _news_span(m, ref)))
        except OFF_CALENDAR:
            continue
    return out


def _news_span(m: re.Match[str], ref: dt.date) -> DateSpan:
    if m.group("span"):  # "overnight", "in the past 24 hours": the day before and the day itself
        return DateSpan((ref - dt.timedelta(days=1)).isoformat(), ref.isoformat(), "days")
    if m.group("word"):
        days = int(load_yaml("dates.yaml")["news"][" ".join(m.group("word").lower().split())])
        day = (ref + dt.timedelta(days=days)).isoformat()
        return DateSpan(day, day, "day")
    if m.group("weekday"):
        back = (ref.weekday() - _rules().weekdays[m.group("weekday").lower()]) % 7
        day = (ref - dt.timedelta(days=back)).isoformat()
        return DateSpan(day, day, "day")
    if m.group("lastspan"):
        return _last_span(ref, m.group("lastspan").lower().endswith("year"))
    week = m.group("lastweek").lower()
    first = ref - dt.timedelta(days=7 if week.startswith("last") else ref.weekday())
    return DateSpan(first.isoformat(), (ref - dt.timedelta(days=1)).isoformat(), "days")


def _last_span(ref: dt.date, year: bool) -> DateSpan:
    """"last month", "last year": the calendar month or year before the reference date's.

    >>> _last_span(dt.date(999, 5, 1), year=True).start
    '0998-01-01'
    """
    if year:
        return DateSpan(dt.date(ref.year - 1, 1, 1).isoformat(), dt.date(ref.year - 1, 12, 31).isoformat(), "year")
    end = ref.replace(day=1) - dt.timedelta(days=1)
    return DateSpan(end.replace(day=1).isoformat(), end.isoformat(), "month")


@functools.cache
def _news_words() -> frozenset[str]:
    """The last word of each news phrase: a sentence without one of them holds none."""
    data = load_yaml("dates.yaml")
    words = {str(p).lower().split()[-1] for key in ("news", "news_spans", "weekdays") for p in data[key]}
    return frozenset(words | {"week", "month", "year"})


@functools.cache
def _triggers() -> frozenset[str]:
    """Words without which no relative date can be written."""
    data = load_yaml("dates.yaml")
    words = {w for rule in data["relative"] for p in rule["phrases"] for w in p.lower().split()}
    words |= {w for key in ("units", "news", "weekdays") for p in data[key] for w in str(p).lower().split()}
    words |= {str(p).lower().split()[-1] for p in data["news_spans"]}  # "overnight", "hours" (not "past", "over")
    # Function words appear everywhere; the content word of each phrase is enough to look further.
    common = cue_words("relative_date_function_words")
    return frozenset((words | {"week", "same", "month", "year"}) - common | {"same"})


def find_relative(text: str | SentenceFacts, anchor: DateSpan | None, reference: str | None) -> list[DateMention]:
    """Relative date expressions of ``text`` resolved against ``anchor``/``reference``."""
    found: list[DateMention] = []
    s = as_facts(text)
    if s.words.isdisjoint(_triggers()):
        return found
    if anchor is not None and anchor.start:
        reference = _still_news(anchor, reference)
        found += _phrase_dates(s, anchor, reference) + _counted_dates(s, anchor)
        found += _past_stretch(s, anchor.end or anchor.start) if not s.words.isdisjoint(STRETCH_UNITS) else []
        found += _ordinal_days(s, anchor) if ORDINAL.search(s.text) and len(anchor.end or "") == 10 else []
        found += _operation_days(s, anchor) if "-day" in s.text else []
    if reference:
        found += _news_dates(s, reference) + _counted_dates(s, DateSpan(reference, reference, "day"), ago=True)
    found.sort(key=lambda r: (r.start, -r.end))
    out: list[DateMention] = []
    for r in found:
        if not out or r.start >= out[-1].end:
            out.append(r)
    return out
