"""Absolute date expressions → :class:`DateSpan`, with their spans.

Days, day ranges, months, early/mid/late parts of months, seasons, years and
multi-month periods. A missing year comes from ``default_year`` (the section
heading or the previous resolved date; the caller decides). Words live in
``data/dates.yaml``.

>>> [(m.text, m.span.start, m.span.end, m.span.precision) for m in find_dates("On 17 March, IS attacked", 2018)]
[('17 March', '2018-03-17', '2018-03-17', 'day')]
>>> parse_date_span("16 December 2017 – 8 December 2024")
DateSpan(start='2017-12-16', end='2024-12-08', precision='day', open_ended=False)
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from warledger.data import load_yaml
from warledger.extract.analysis import SentenceFacts, as_facts
from warledger.extract.cues import cue_alternation
from warledger.extract.text.date_order import DateOrder, day_and_month
from warledger.extract.text.phrases import PhraseMatcher
from warledger.model import DatePrecision, DateSpan
from warledger.read.text import DATELINE

DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
DASH = r"\s*(?:–|—|-|to|until|till)\s*"
# A list of days ("12, 13 and 14 March") names at most a month's days: the bound keeps the look-ahead from
# re-reading a long run of "1, 1, 1, …" at every number in it (quadratic), and no real list is longer.
LIST_DAYS = 30


class DateMention(NamedTuple):
    """A date as written: absolute ("17 March 2018", found here) or relative to an anchor ("the next day",
    "three days later", "yesterday": found by :func:`warledger.extract.text.timeline.find_relative`)."""

    start: int
    end: int
    text: str
    span: DateSpan
    kind: DatePrecision  # the form as written ("12–14 March": days); a relative date's is its span's precision
    flashback: bool = False  # relative: "a few days before", "two weeks earlier": before the anchor, no new anchor
    following: bool = False  # relative: "in the following days": ends before the next dated event
    relative: bool = False  # resolved against an anchor or the reference date, not written in full


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]
    parts: dict[str, tuple[int, int]]
    seasons: dict[str, tuple[int, int]]
    pattern: re.Pattern[str]


def _alt(words: object) -> str:
    return "|".join(re.escape(str(w)) for w in sorted(words, key=lambda w: -len(str(w))))  # type: ignore[arg-type]


@functools.cache
def _words() -> _Words:
    data = load_yaml("dates.yaml")
    months = {str(k).lower(): int(v) for k, v in data["months"].items()}
    parts = {str(k).lower(): (int(v[0]), int(v[1])) for k, v in data["parts"].items()}
    seasons = {str(k).lower(): (int(v[0]), int(v[1])) for k, v in data["seasons"].items()}
    mon = rf"(?:{_alt(months)})\.?"
    part = rf"(?:{_alt(parts)})[\s-]*"
    forms = [
        rf"(?P<na>\d\d?)(?P<ns>[/.])(?P<nb>\d\d?)(?P=ns)(?P<ny>{YEAR})",  # numeric: "21/03/2013", "03.21.2013"
        rf"(?P<iy>{YEAR})-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])",  # ISO: "2021-08-14"
        # "12 March – 3 April", "the night of 31 December 2022/1 January 2023"
        rf"(?P<d1>{DAY})\s+(?P<m1>{mon})(?:,?\s+(?P<y1>{YEAR}))?(?:{DASH}|\s*/\s*)(?P<d2>{DAY})\s+(?P<m2>{mon})"
        rf"(?:,?\s+(?P<y2>{YEAR}))?",
        rf"(?P<bd>between\s+)?(?P<d3>{DAY})\s*(?:–|-|to|(?(bd)and|(?!)))\s*(?P<d4>{DAY})\s+(?P<m3>{mon})(?:,?\s+(?P<y3>{YEAR}))?",
        rf"(?P<m4>{mon})\s+(?P<d5>{DAY})(?:\s*(?:–|-)\s*(?P<d6>{DAY}))?(?:,?\s+(?P<y4>{YEAR}))?(?!\d)",
        rf"(?P<dl>{DAY})(?=(?:\s*,\s*{DAY}){{0,{LIST_DAYS}}},?\s+(?:and|&)\s+{DAY}\s+(?P<ml>{mon})(?:,?\s+(?P<yl>{YEAR}))?)",
        rf"(?P<d7>{DAY})\s+(?P<m5>{mon})(?:,?\s+(?P<y5>{YEAR}))?",
        rf"(?P<do>{DAY})\s+of\s+(?P<mo>{mon})(?:,?\s+(?P<yo>{YEAR}))?",  # "the 3rd of March 2021"
        rf"(?P<part>{part})(?P<m6>{mon})(?:,?\s+(?P<y6>{YEAR}))?",
        rf"(?P<m7>{mon})(?:,?\s+(?P<y7>{YEAR}))?(?:{DASH}|\s+and\s+)(?P<m8>{mon}),?\s+(?P<y8>{YEAR})",
        rf"(?P<m9>{mon})(?:,?\s+(?P<y9>{YEAR}))?",
        rf"(?P<season>{_alt(seasons)})(?:\s+of)?(?:\s+(?P<y10>{YEAR}))?",
        rf"(?P<ypart>{part})(?P<y11>{YEAR})",
        rf"(?P<y12>{YEAR})(?:{DASH}|\s+and\s+)(?P<y13>{YEAR}|\d\d(?!\d))",
        rf"(?P<y14>{YEAR})",
    ]
    # Matched on the folded sentence (lower case, one kind of dash): no case-insensitive matching needed.
    # "1968.5 feet", "2,019": a number with decimals or thousands is no year.
    pattern = re.compile(r"\b(?:" + "|".join(f"(?:{f})" for f in forms) + r")(?![\w]|[.,]\d)")
    return _Words(months, parts, seasons, pattern)


def _month(word: str) -> int:
    return _words().months[word.lower().rstrip(".")]


def _day(text: str) -> int:
    """ "12th" → 12: a day is written with one or two digits first."""
    return int(text[:2]) if text[1:2].isdigit() else int(text[:1])


TWO_DIGITS = tuple(f"{n:02d}" for n in range(32))


@functools.lru_cache(maxsize=1024)
def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _iso(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1000 <= year <= 9999 and day >= 1):
        return None
    return f"{year}-{TWO_DIGITS[month]}-{TWO_DIGITS[min(day, _last_day(year, month))]}"


def _span(start: str | None, end: str | None, precision: DatePrecision) -> DateSpan | None:
    if start is None or end is None:
        return None
    return DateSpan(start, end, precision)


def _year(group: str | None, default: int | None) -> int | None:
    return int(group) if group else default


def _days_form(g: re.Match[str], default: int | None) -> tuple[DateSpan | None, DatePrecision] | None:
    if g["d1"]:
        y2 = _year(g["y2"], default)
        y1 = _year(g["y1"], y2)
        if y1 is None or y2 is None:
            return None
        return _span(_iso(y1, _month(g["m1"]), _day(g["d1"])),
                     _iso(y2, _month(g["m2"]), _day(g["d2"])), "days"), "days"
    if g["d3"]:
        y = _year(g["y3"], default)
        if y is None:
            return None
        m = _month(g["m3"])
        return _span(_iso(y, m, _day(g["d3"])), _iso(y, m, _day(g["d4"])), "days"), "days"
    return None


def _day_form(g: re.Match[str], default: int | None) -> tuple[DateSpan | None, DatePrecision] | None:
    if g["iy"]:
        iso = _iso(int(g["iy"]), int(g["im"]), int(g["id"]))
        return _span(iso, iso, "day"), "day"
    if g["m4"]:
        y, m = _year(g["y4"], default), _month(g["m4"])
        if y is None:
            return None
        d1 = _day(g["d5"])
        d2 = _day(g["d6"]) if g["d6"] else d1
        kind: DatePrecision = "days" if g["d6"] else "day"
        return _span(_iso(y, m, d1), _iso(y, m, d2), kind), kind
    for day, month, year in (("d7", "m5", "y5"), ("dl", "ml", "yl"), ("do", "mo", "yo")):
        if g[day]:
            y = _year(g[year], default)
            if y is None:
                return None
            iso = _iso(y, _month(g[month]), _day(g[day]))
            return _span(iso, iso, "day"), "day"
    return None


def _month_form(g: re.Match[str], default: int | None) -> tuple[DateSpan | None, DatePrecision] | None:
    words = _words()
    if g["m6"]:
        y, m = _year(g["y6"], default), _month(g["m6"])
        lo, hi = words.parts[" ".join(g["part"].lower().replace("-", " ").split()) or "mid"]
        if y is None:
            return None
        return _span(_iso(y, m, lo), _iso(y, m, hi), "part-of-month"), "part-of-month"
    if g["m7"]:
        y2 = _year(g["y8"], default)
        y1 = _year(g["y7"], y2)
        if y1 is None or y2 is None:
            return None
        m1, m2 = _month(g["m7"]), _month(g["m8"])
        return _span(_iso(y1, m1, 1), _iso(y2, m2, 31), "period"), "period"
    if g["m9"]:
        y, m = _year(g["y9"], default), _month(g["m9"])
        if y is None:
            return None
        return _span(_iso(y, m, 1), _iso(y, m, 31), "month"), "month"
    return None


def _year_form(g: re.Match[str], default: int | None) -> tuple[DateSpan | None, DatePrecision] | None:
    words = _words()
    if g["season"]:
        y = _year(g["y10"], default)
        if y is None:
            return None
        m1, m2 = words.seasons[g["season"].lower()]
        y1 = y - 1 if m1 > m2 else y
        return _span(_iso(y1, m1, 1), _iso(y, m2, 31), "season"), "season"
    if g["y11"]:
        y = int(g["y11"])
        lo = words.parts[" ".join(g["ypart"].lower().replace("-", " ").split())][0]
        if lo >= 21:  # "the end of 2017": late December
            return _span(_iso(y, 12, 21), _iso(y, 12, 31), "part-of-month"), "part-of-month"
        if lo <= 10:
            return _span(_iso(y, 1, 1), _iso(y, 4, 30), "period"), "period"
        return _span(_iso(y, 5, 1), _iso(y, 8, 31), "period"), "period"
    if g["y12"]:
        y1 = int(g["y12"])
        y2 = int(g["y13"]) if len(g["y13"]) == 4 else y1 // 100 * 100 + int(g["y13"])
        return (_span(_iso(y1, 1, 1), _iso(y2, 12, 31), "period"), "period") if y2 > y1 else None  # not "2011-03"
    y = int(g["y14"])
    return _span(_iso(y, 1, 1), _iso(y, 12, 31), "year"), "year"


def _numeric_form(m: re.Match[str], order: DateOrder) -> tuple[DateSpan | None, DatePrecision]:
    day, month = day_and_month(m, order)
    iso = _iso(int(m["ny"]), month, day) if day <= 31 else None
    return _span(iso, iso, "day"), "day"


def _resolve(m: re.Match[str], default_year: int | None, order: DateOrder = "dmy"
             ) -> tuple[DateSpan | None, DatePrecision] | None:
    if m["na"]:
        return _numeric_form(m, order)
    for keys, form in FORMS:  # a match reads its groups by name: m["d1"]
        if any(m.group(*keys)):  # every form has two or more groups: a tuple
            return form(m, default_year)  # None when the year is unknown
    return None


# Which groups each form's match sets: a form is tried only for its own match.
FORMS = ((("d1", "d3"), _days_form), (("iy", "m4", "d7", "dl", "do"), _day_form), (("m6", "m7", "m9"), _month_form),
         (("season", "y11", "y12", "y14"), _year_form))


def _bare_may(m: re.Match[str], text: str) -> bool:
    """"may" alone is the verb far more often than the month, and "march" written small is the verb; a season
    without a year before a noun is an adjective ("a summer resort", "winter clothing"), and so is a year after "the"
    ("the 2018 settlement"). ``m`` matched the folded text; ``text`` is the text as written, for the capitals of
    names."""
    if m.group(0).strip().lower() == "may":
        return not MONTH_CONTEXT.search(m.string, max(0, m.start() - 8), m.start())  # "In May," is the month
    if m.group(0).strip() == "march" and text[m.start():m.start() + 5] == "march":
        return True  # "protesters march through Kabul": the verb, written small
    if m.group("y14") and THE_BEFORE.search(m.string, max(0, m.start() - 5), m.start()):
        return NOUN_AFTER.match(m.string, m.end()) is not None  # "the 2019 ceasefire": an event's name
    if m.group("y14") and _a_names_year(m, text):
        return True
    if (m.group("season") or m.group(0).strip(" .") in _words().months) \
            and NAME_BEFORE.search(text, max(0, m.start() - 20), m.start()):
        return True  # "Operation Peace Spring", "the rebel leader Omar Jan": a name
    if m.group("season") and OWNED_BEFORE.search(m.string, max(0, m.start() - 20), m.start()):
        return True  # "their annual spring offensive": a side's yearly offensive, not this spring
    return bool(m.group("season")) and not m.group("y10") and NOUN_AFTER.match(m.string, m.end()) is not None


def _a_names_year(m: re.Match[str], text: str) -> bool:
    """"2016 Nampala attack: …", "War in Afghanistan (2015–present): …": a year of a name, not of the news."""
    return bool(NAMED_EVENT_AFTER.match(text, m.end()) or NAMED_HEADING_AFTER.match(text, m.end())
                or (m.string[max(0, m.start() - 2):m.start()].endswith("(") and TITLE_YEARS.match(m.string, m.end())))


MONTH_CONTEXT = re.compile(rf"\b(?:{cue_alternation('may_month_context')})\s+$", re.I)
NAME_BEFORE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\s+$")
THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
# A year before a name's capitalised words and its incident noun ("2016 Nampala attack", a heading's "2016 Istanbul
# airport attack."); a title's years in brackets ("(2015–present)", "(2014–2017)").
_NAME_WORDS = r"(?:(?:\s+[A-Z][\w'’-]+){1,3}|\s+[A-Z][\w'’-]+(?:\s+[\w'’-]+){1,2}(?=\s+\w+\s*[.:]))"
_EVENT_NOUN = rf"(?:{cue_alternation('incident_nouns')}|{cue_alternation('campaign_nouns')}|shooting|bombings)"
NAMED_EVENT_AFTER = re.compile(rf"{_NAME_WORDS}\s+{_EVENT_NOUN}\b")
# A heading's name of more words, up to its colon: "2016 Quetta police training college attack: Gunmen attack …".
NAMED_HEADING_AFTER = re.compile(rf"\s+[A-Z][\w'’-]+(?:\s+[\w'’-]+){{0,5}}?\s+{_EVENT_NOUN}\s*:")
TITLE_YEARS = re.compile(r"\s*[-–]\s*(?:present|\d{4})\s*\)")
OWNED_BEFORE = re.compile(r"\b(?:their|its|annual|yearly)\s+(?:annual\s+|yearly\s+)?$", re.I)
NOUN_AFTER = re.compile(rf"\s+(?!(?:{cue_alternation('date_modifier_stops')})\b)[a-z]+\b")


@functools.cache
def _heads() -> frozenset[str]:
    """Words a date can begin with: a month, a season, a part-of-month word."""
    words = _words()
    heads = {w.split()[0].rstrip(".-") for w in [*words.months, *words.seasons, *words.parts]} | {"between"}
    return frozenset(heads - {"the"})  # "the end of May" is also found from "end"


@functools.cache
def _head_matcher() -> PhraseMatcher:
    return PhraseMatcher(((head, head) for head in _heads()), shared=True)


DIGIT_RUN = re.compile(r"\d+")
NUMERIC_DATE = re.compile(r"([/.])\d\d?\1(?:1[89]|20)\d\d(?!\d)")  # what follows the day or month of one


def _may_start_date(text: str, digits: re.Match[str]) -> bool:
    """Whether a date can start at these digits: a year from 1800 to 2099, or a day that a month,
    a range or a list follows ("12 March", "12–14 March", "12, 13 and 14 March"); not "150 fighters"."""
    run = digits.group(0)
    if NUMERIC_DATE.match(text, digits.end()):  # "21/03/2013", "03.21.2013"
        return len(run) <= 2
    if len(run) == 4:
        return run[:2] in ("18", "19", "20")
    if len(run) > 2:
        return False
    after = DAY_AFTER.match(text, digits.end())
    if after is None:
        return False
    joiner, word = after.group("joiner"), after.group("word")
    return bool(joiner) or (word is not None and word.lower() in _day_followers())


# What follows a day: an ordinal suffix, then a joiner ("–", "&", a list's comma) or a word ("March", "to").
# (A comma joins days of a list, "12, 13 and 14 March", not the thousands of "1,611".)
DAY_AFTER = re.compile(r"(?:st|nd|rd|th)?\s*(?:(?P<joiner>[–—\-&]|,\s*(?:\d\d?\b|and\b|&))|(?P<word>[A-Za-z]+))")


@functools.cache
def _day_followers() -> frozenset[str]:
    return frozenset({*(m.rstrip(".") for m in _words().months), "to", "and", "of"})


def months_written(matches: tuple[re.Match[str], ...]) -> set[int]:
    """The months named in dates as written ("17 March 2018", "late May"): numeric dates name none."""
    months = _words().months
    return {months[w.rstrip(".")] for m in matches for w in m.group(0).split() if w.rstrip(".") in months}


def date_matches(s: SentenceFacts) -> tuple[re.Match[str], ...]:
    """Leftmost date matches in the folded text, tried only where a date can start (a digit,
    a month, a season): the full pattern is tried at a few offsets instead of every character."""
    text = s.text
    digits = [m.start() for m in DIGIT_RUN.finditer(text) if _may_start_date(text, m)]
    starts = sorted(digits + [h.start for h in _head_matcher().find(s)])
    pattern, folded, out = _words().pattern, s.folded, []
    # A dateline's day ("KABUL, Afghanistan (March 12, 2011) –") is the report's, not its events': read from after it.
    end = dateline.end() if (dateline := DATELINE.match(text)) else 0
    for start in starts:
        if start < end:
            continue
        m = pattern.match(folded, start)
        if m:
            out.append(m)
            end = m.end()
    return tuple(out)


def _matches(text: str | SentenceFacts) -> tuple[re.Match[str], ...]:
    """A sentence's date matches as the dates stage found them, or those of a text on its own."""
    return date_matches(as_facts(text)) if isinstance(text, str) else text.date_matches


def date_spans(text: str | SentenceFacts) -> list[tuple[int, int]]:
    """Where date expressions are, without resolving them (numbers inside are no counts)."""
    written = text if isinstance(text, str) else text.text
    return [(m.start(), m.end()) for m in _matches(text) if not _bare_may(m, written)]


def find_dates(text: str | SentenceFacts, default_year: int | None = None, order: DateOrder = "dmy"
               ) -> list[DateMention]:
    """Absolute date expressions in ``text``, left to right (``order``: how the document writes numeric dates,
    see :mod:`warledger.extract.text.date_order`)."""
    written = text if isinstance(text, str) else text.text
    matches = [m for m in _matches(text) if not _bare_may(m, written)]
    text = written
    out = []
    for i, m in enumerate(matches):
        # "between 31 March and 1 April 2018": the year written later serves both.
        year = default_year if default_year is not None else _year_ahead(matches, i + 1, m.end())
        resolved = _resolve(m, year, order)
        if resolved and resolved[0] is not None:
            out.append(DateMention(m.start(), m.end(), text[m.start():m.end()], resolved[0], resolved[1]))
    return out


def _year_ahead(matches: list[re.Match[str]], first: int, end: int) -> int | None:
    """The first year written in the matches from ``first`` on that start within 40 characters of ``end``."""
    for j in range(first, len(matches)):  # by index: a slice per match would copy the rest (quadratic)
        m = matches[j]
        if m.start() - end > 40:
            return None
        written = [int(v) for k, v in m.groupdict().items() if k.startswith("y") and v and len(v) == 4]
        if written:
            return written[0]
    return None


def parse_date_span(text: str, default_year: int | None = None) -> DateSpan | None:
    """One span covering the date or dates written in ``text`` (infobox style)."""
    found = find_dates(text, default_year)
    if not found:
        return None
    # A conflict's date span keeps the precision of its end points: "16 December
    # 2017 – 8 December 2024" is day-precise, not a short run of days.
    first, last = found[0].span, found[-1].span
    precision: DatePrecision = "day" if first.precision == "days" else first.precision
    if len(found) == 1:
        return DateSpan(first.start, first.end, precision)
    return DateSpan(first.start, last.end, precision if first.precision == last.precision else "period")
