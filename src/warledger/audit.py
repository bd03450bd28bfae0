"""The audit: where a ledger's figures contradict each other or don't add up.

Pure functions over claims and events, with interval arithmetic on counts:

- ``contradiction``: the same source, party, group and status for the same
  period — or the same running tally under period labels that differ by a few
  weeks at the start ("2019–2021" and "late March 2019 – December 2021") — and
  counts that cannot both be true;
- ``sum-mismatch``: a stated total against the parts another tally states for
  the periods it covers (one line's per-year figures, one field's items);
- ``incidents-exceed-claim``: the incidents in a claim's period (with any
  smaller tallies standing in for the incidents they cover) add up to more
  than the claim allows.

A January–October figure is a sub-period of the year, not a contradiction.

Nothing is compared pair by pair: claims are indexed by what they count and
sorted by date, so the audit takes O((claims + events) log) time plus its
output. A figure stated many times over is one figure: its finding lists every
claim that states it, so repetition does not multiply the findings.

>>> from warledger.model import Claim, Count, DateSpan
>>> year = DateSpan("2023-01-01", "2023-12-31", "year")
>>> a = Claim(year, "IS", None, "killed", Count(412, 412), "SOHR", None, 0, "a")
>>> b = Claim(year, "IS", None, "killed", Count(417, 417), "SOHR", None, 9, "b")
>>> [(f.kind, f.claims, f.delta) for f in audit([("d", a), ("d", b)], [])]
[('contradiction', [0, 1], 5)]
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice, pairwise
from operator import itemgetter

from warledger.model import Claim, Count, DateSpan, Event, Finding, LedgerDocument

LABEL_TOLERANCE_DAYS = 92  # "2019" vs "late March 2019": the same tally counted from a later day
END_TOLERANCE_DAYS = 31
OPERATION_LABEL = re.compile(r"[A-Za-z]{4,}")  # "2018 offensive" names an operation, not a period
MAX_PARTNERS = 32
"""A figure is compared with at most this many figures stated after it for the same tally, and a total
with at most this many lines of parts: a thousand different counts for one period cost thousands of
comparisons, not half a million. Real ledgers state a tally a handful of times."""

Who = tuple[str | None, str | None, str]  # party, group, status
Figure = tuple  # source, party, group, status, period start, period end, count low, count high


def _day(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _days_between(a: str | None, b: str | None) -> int | None:
    da, db = _day(a), _day(b)
    return abs((da - db).days) if da and db else None


def _bounded(claim: Claim) -> bool:
    p = claim.period
    return p is not None and bool(p.start and p.end) and not p.open_ended


def same_tally(a: DateSpan | None, b: DateSpan | None) -> bool:
    """The same period, or the same running tally under slightly different labels."""
    if a is None or b is None or not (a.start and a.end and b.start and b.end):
        return False
    start_gap, end_gap = _days_between(a.start, b.start), _days_between(a.end, b.end)
    return start_gap is not None and end_gap is not None and start_gap <= LABEL_TOLERANCE_DAYS \
        and end_gap <= END_TOLERANCE_DAYS and (start_gap == 0 or end_gap == 0)


def gap(a: Count, b: Count) -> int:
    """How far apart two counts are (0 when their ranges meet)."""
    if a.high is not None and b.low is not None and a.high < b.low:
        return b.low - a.high
    if b.high is not None and a.low is not None and b.high < a.low:
        return a.low - b.high
    return 0


def _who(c: Claim) -> Who:
    return c.party, c.group, c.status


def _n(count: Count) -> str:
    if count.low == count.high and count.low is not None:
        return f"{count.low:,}"
    return f"{count.low if count.low is not None else '?'}–{count.high if count.high is not None else '…'}"


def _shift(iso: str, days: int) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()


@dataclass(frozen=True)
class _Spans:
    """Date spans sorted by start (ties keep the order given), each with an item: a claim's or event's index."""

    starts: list[str]
    ends: list[str]
    items: list[int]
    inverted: bool  # some span here ends before it starts

    @classmethod
    def of(cls, rows: Iterable[tuple]) -> _Spans:
        """From rows that begin (start, end, item)."""
        ordered = sorted(rows, key=itemgetter(0))
        return cls([r[0] for r in ordered], [r[1] for r in ordered], [r[2] for r in ordered],
                   any(r[0] > r[1] for r in ordered))

    def starting(self, lo: str, hi: str) -> range:
        """Positions of the spans that start in [lo, hi]."""
        return range(bisect_left(self.starts, lo), bisect_right(self.starts, hi))

    def window(self, lo: str, hi: str) -> range:
        """Positions of every span that can lie inside [lo, hi]: those starting in it, then the rest of the
        list when a span here ends before it starts (such a span can start after ``hi`` and still end by it)."""
        found = self.starting(lo, hi)
        return range(found.start, len(self.starts)) if self.inverted else found


# --- contradictions -------------------------------------------------------------------------------------------


def _figures(claims: list[Claim]) -> dict[Figure, list[int]]:
    """Claims that can contradict one another, grouped by what they state: source, who, period and count."""
    figures: dict[Figure, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        p = c.period
        if c.source is not None and c.subset_of is None and p is not None and p.start and p.end:
            figures[(c.source, *_who(c), p.start, p.end, c.count.low, c.count.high)].append(i)
    return figures


def _cell(fig: Figure) -> tuple:
    """Where a figure is filed: its source and who, and its period as day numbers."""
    return fig[:4], dt.date.fromisoformat(fig[4]).toordinal(), dt.date.fromisoformat(fig[5]).toordinal()


def _between(days: list[int], mid: int, tolerance: int) -> list[int]:
    return days[bisect_left(days, mid - tolerance):bisect_right(days, mid + tolerance)]


def _same_tally_cells(cell: tuple, ends: dict, starts: dict) -> list[tuple]:
    """The cells holding the same tally as ``cell`` (see ``same_tally``): the same start and an end within
    END_TOLERANCE_DAYS, or the same end and another start within LABEL_TOLERANCE_DAYS."""
    key, start, end = cell
    return [(key, start, e) for e in _between(ends[(key, start)], end, END_TOLERANCE_DAYS)] \
        + [(key, s, end) for s in _between(starts[(key, end)], start, LABEL_TOLERANCE_DAYS) if s != start]


def _later(cells: dict[tuple, list[tuple[int, Figure]]], near: list[tuple], first: int) -> Iterator[Figure]:
    """The figures of the ``near`` cells first stated after claim ``first``, in the order stated,
    at most MAX_PARTNERS of them."""
    runs = []
    for cell in near:
        rows = cells[cell]
        runs.append(map(rows.__getitem__, range(bisect_right(rows, first, key=itemgetter(0)), len(rows))))
    return (fig for _, fig in islice(heapq.merge(*runs), MAX_PARTNERS))


def contradictions(claims: list[Claim]) -> list[Finding]:
    """Figures of one source, party, group and status for the same tally whose counts cannot both be true.

    A figure stated several times is one figure: the finding lists every claim that states either count
    (``[i, j]`` when each is stated once), ordered as the pairs of first statements are.
    """
    figures = _figures(claims)
    cells: dict[tuple, list[tuple[int, Figure]]] = defaultdict(list)
    for fig, ixs in figures.items():
        cells[_cell(fig)].append((ixs[0], fig))
    ends: dict[tuple, list[int]] = defaultdict(list)
    starts: dict[tuple, list[int]] = defaultdict(list)
    for key, start, end in cells:
        ends[(key, start)].append(end)
        starts[(key, end)].append(start)
    for days in (*ends.values(), *starts.values()):
        days.sort()
    out = []
    for fig, ixs in figures.items():
        a = claims[ixs[0]]
        for other in _later(cells, _same_tally_cells(_cell(fig), ends, starts), ixs[0]):
            b = claims[figures[other][0]]
            if delta := gap(a.count, b.count):
                out.append(Finding("contradiction", [*ixs, *figures[other]], f"{a.source} {a.party or 'all'} "
                                   f"{a.status} for {a.period.start}..{a.period.end}: {_n(a.count)} ({a.quote}) vs "
                                   f"{_n(b.count)} ({b.quote})", delta))
    return out


# --- sum mismatches -------------------------------------------------------------------------------------------


def _restatements(claims: list[Claim]) -> dict[int, list[int]]:
    """Each claim of a line's first statement → itself and the same claim in every restatement of the line.

    A line is the claims at one offset with one text; a restatement has the same text and states the same
    claims (who, period, count, source). Claims of restatements are not keys.
    """
    lines: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        lines[(c.offset, c.text)].append(i)
    firsts: dict[tuple, list[int]] = {}
    copies: dict[int, list[int]] = {}
    for (_, text), ixs in lines.items():
        first = firsts.setdefault((text, *((*_who(claims[i]), claims[i].period, claims[i].count.low,
                                            claims[i].count.high, claims[i].source, claims[i].subset_of is None)
                                           for i in ixs)), ixs)
        for a, b in zip(first, ixs, strict=True):
            copies.setdefault(a, []).append(b)
    return copies


def _statements(claims: list[Claim], copies: dict[int, list[int]]) -> dict[tuple, list[int]]:
    """Claims stated together: one line or field, one party, status and period label."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        if i in copies and c.subset_of is None and _bounded(c):
            groups[(c.offset, c.text, c.party, c.group, c.status, c.period.start, c.period.end)].append(i)
    return groups


def _total(claims: list[Claim], ixs: list[int]) -> Count:
    lows = [claims[i].count.low for i in ixs]
    highs = [claims[i].count.high for i in ixs]
    return Count(sum(x or 0 for x in lows), None if any(h is None for h in highs) else sum(highs))


def _tiling(claims: list[Claim], parts: list[int], period: DateSpan) -> list[int] | None:
    """Parts whose periods follow one another and cover ``period`` (within label tolerance)."""
    ordered = sorted(parts, key=lambda i: claims[i].period.start)
    for a, b in pairwise(ordered):
        end, start = _day(claims[a].period.end), _day(claims[b].period.start)
        if end is None or start is None or (start - end).days != 1:
            return None
    first, last = claims[ordered[0]].period, claims[ordered[-1]].period
    covers = (_days_between(first.start, period.start) or 0) <= LABEL_TOLERANCE_DAYS \
        and (_days_between(last.end, period.end) or 0) <= END_TOLERANCE_DAYS
    return ordered if covers and len(ordered) > 1 else None


@dataclass(frozen=True)
class _Parts:
    """Single-claim statements: by who (``near``) and by line and who (``lines``: offset, text, source, who)."""

    near: dict[Who, _Spans]
    lines: dict[tuple, _Spans]

    @classmethod
    def of(cls, claims: list[Claim], statements: dict[tuple, list[int]]) -> _Parts:
        near: dict[Who, list[tuple[str, str, int]]] = defaultdict(list)
        lines: dict[tuple, list[tuple[str, str, int]]] = defaultdict(list)
        for key, ixs in statements.items():
            if len(ixs) == 1:
                c = claims[ixs[0]]
                near[key[2:5]].append((c.period.start, c.period.end, ixs[0]))
                lines[(c.offset, c.text, c.source, *key[2:5])].append((c.period.start, c.period.end, ixs[0]))
        return cls({k: _Spans.of(v) for k, v in near.items()}, {k: _Spans.of(v) for k, v in lines.items()})

    def candidates(self, claims: list[Claim], key: tuple, period: DateSpan) -> list[list[int]]:
        """Each other line's parts inside ``period`` (give or take the label tolerance), for the lines whose
        first such part starts close enough to the period's start to tile it (at most MAX_PARTNERS lines),
        in the order of their first-stated part."""
        spans = self.near.get(key[2:5])
        if spans is None:
            return []
        lo, hi = _shift(period.start, -LABEL_TOLERANCE_DAYS), _shift(period.end, END_TOLERANCE_DAYS)
        found: dict[tuple, None] = {}
        for k in spans.starting(lo, min(_shift(period.start, LABEL_TOLERANCE_DAYS), hi)):
            c = claims[spans.items[k]]
            if len(found) == MAX_PARTNERS:
                break
            if spans.ends[k] <= hi and c.offset != key[0]:
                found[(c.offset, c.text, c.source, *key[2:5])] = None
        per_line = []
        for line in found:
            parts = self.lines[line]
            per_line.append([parts.items[k] for k in parts.window(lo, hi) if parts.ends[k] <= hi])
        return sorted(per_line, key=min)


def sum_mismatches(claims: list[Claim]) -> list[Finding]:
    """A stated total against another line's parts for the periods it covers.

    A line restated word for word is the same line: it is checked once, and the finding lists the claims of
    every restatement next to the claim they restate.
    """
    copies = _restatements(claims)
    statements = _statements(claims, copies)
    index = _Parts.of(claims, statements)
    out = []
    for key, total_ixs in statements.items():
        period = claims[total_ixs[0]].period
        for parts in index.candidates(claims, key, period):
            tiles = _tiling(claims, parts, period)
            if tiles is None:
                continue
            stated, summed = _total(claims, total_ixs), _total(claims, tiles)
            if delta := gap(stated, summed):
                out.append(Finding("sum-mismatch", [j for i in (*total_ixs, *tiles) for j in copies[i]],
                                   f"{key[2] or 'all'} {key[4]} {period.start}..{period.end}: stated {_n(stated)}, "
                                   f"its parts add up to {_n(summed)}", delta))
    return out


# --- incidents exceeding a claim --------------------------------------------------------------------------------


def _sums_inside(spans: _Spans, weights: list[int], periods: set[tuple[str, str]]) -> dict[tuple, tuple[int, int]]:
    """For each (start, end): the weight and number of the spans inside it (starting no earlier, ending no
    later). One sweep in order of end over a Fenwick tree of starts: O((spans + periods) log spans)."""
    n = len(spans.starts)
    weight, number = [0] * (n + 1), [0] * (n + 1)  # Fenwick trees over positions 1..n
    by_end = sorted(range(n), key=spans.ends.__getitem__)
    out, k, added = {}, 0, (0, 0)
    for start, end in sorted(periods, key=itemgetter(1)):
        while k < n and spans.ends[by_end[k]] <= end:
            p, w = by_end[k] + 1, weights[by_end[k]]
            added = (added[0] + w, added[1] + 1)
            while p <= n:
                weight[p] += w
                number[p] += 1
                p += p & -p
            k += 1
        p, before = bisect_left(spans.starts, start), [0, 0]  # the spans added so far that start too early
        while p > 0:
            before[0] += weight[p]
            before[1] += number[p]
            p -= p & -p
        out[(start, end)] = (added[0] - before[0], added[1] - before[1])
    return out


def _incident_lows(events: list[Event]) -> dict[Who, list[tuple[str, str, int, int]]]:
    """Per who, (start, end, position, count) of each dated incident with those people in it, the count
    the most conservative: each source's figures added up (a claim with no group takes every group), the
    lowest source kept."""
    lows: dict[Who, list[tuple[str, str, int, int]]] = defaultdict(list)
    for position, e in enumerate(events):
        if not e.casualties or e.date is None or not (e.date.start and e.date.end):
            continue
        by_who: dict[Who, dict[str | None, int]] = {}
        for fig in e.casualties:
            if fig.subset_of is None:
                for group in {None, fig.group}:
                    by_source = by_who.setdefault((fig.party, group, fig.status), {})
                    by_source[fig.source] = by_source.get(fig.source, 0) + (fig.count.low or 0)
        for who, by_source in by_who.items():
            if low := min(by_source.values()):
                lows[who].append((e.date.start, e.date.end, position, low))
    return lows


@dataclass
class _Incidents:
    """One who's dated incidents in one document, and the weight of those inside each of its claims' periods."""

    spans: _Spans
    lows: list[int]  # by position in ``spans``
    sums: dict[tuple, tuple[int, int]]

    @classmethod
    def of(cls, rows: list[tuple[str, str, int, int]], periods: set[tuple[str, str]]) -> _Incidents:
        """From (start, end, position, count) rows in document order."""
        ordered = sorted(rows, key=itemgetter(0))
        spans, weights = _Spans.of(ordered), [count for *_, count in ordered]
        return cls(spans, weights, _sums_inside(spans, weights, periods))

    def outside(self, period: DateSpan, tallies: list[DateSpan]) -> list[int]:
        """Positions of the incidents inside ``period`` and inside none of the ``tallies`` (sorted by start,
        not overlapping: an incident is inside one when a tally starting no later ends no earlier)."""
        starts, ends, reach = [t.start for t in tallies], [t.end for t in tallies], ""
        for k, end in enumerate(ends):
            ends[k] = reach = max(reach, end)
        s = self.spans
        return [k for k in s.window(period.start, period.end) if s.ends[k] <= period.end
                and not ((t := bisect_right(starts, s.starts[k])) and ends[t - 1] >= s.ends[k])]


@dataclass
class _Document:
    """One document's claims and incidents, indexed by the people they count."""

    claims: list[Claim]
    smaller: dict[Who, _Spans]  # the claims that can stand in for incidents
    incidents: dict[Who, _Incidents]
    covering_memo: dict[tuple, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, claims: list[Claim], events: list[Event]) -> _Document:
        periods: dict[Who, set[tuple[str, str]]] = defaultdict(set)
        smaller: dict[Who, list[tuple[str, str, int]]] = defaultdict(list)
        for i, c in enumerate(claims):
            if _bounded(c):
                periods[_who(c)].add((c.period.start, c.period.end))
                if c.subset_of is None:
                    smaller[_who(c)].append((c.period.start, c.period.end, i))
        lows = _incident_lows(events)
        return cls(claims, {w: _Spans.of(rows) for w, rows in smaller.items()},
                   {w: _Incidents.of(lows.get(w, []), ps) for w, ps in periods.items()})

    def covering(self, who: Who, period: DateSpan) -> list[int]:
        """Smaller tallies of the same people inside ``period``, not overlapping each other: the earliest
        starting first, then the next one starting after it ends."""
        if (who, period) not in self.covering_memo:
            spans, chosen = self.smaller.get(who), []
            positions = spans.window(period.start, period.end) if spans else range(0)
            k = positions.start
            while k < positions.stop:
                j = spans.items[k]
                if spans.ends[k] <= period.end and self.claims[j].period != period:
                    chosen.append(j)
                    k = bisect_right(spans.starts, spans.ends[k], lo=k + 1)
                else:
                    k += 1
            self.covering_memo[(who, period)] = chosen
        return self.covering_memo[(who, period)]

    def exceeding(self, who: Who, period: DateSpan, high: int) -> tuple[int, list[int], list[int]] | None:
        """The incidents' total, the tallies standing in and the incidents used, when they add up to more than
        ``high``: first the incidents alone, then, if they don't, with the smaller tallies in their stead."""
        inc = self.incidents[who]
        total, number = inc.sums[(period.start, period.end)]
        tallies: list[int] = []
        if total <= high and (tallies := self.covering(who, period)):
            spans = [self.claims[j].period for j in tallies]
            stand_in = sum(self.claims[j].count.low or 0 for j in tallies)
            if inc.spans.inverted:  # an incident ending before it starts can be inside two tallies
                used = inc.outside(period, spans)
                total, number = sum(inc.lows[k] for k in used) + stand_in, len(used)
            else:
                total += stand_in - sum(inc.sums[(t.start, t.end)][0] for t in spans)
                number -= sum(inc.sums[(t.start, t.end)][1] for t in spans)
        if total <= high or not number:
            return None
        used = inc.outside(period, [self.claims[j].period for j in tallies])
        return total, tallies, sorted(inc.spans.items[k] for k in used)


def _claim_figures(claims: list[Claim]) -> dict[tuple, list[int]]:
    """The claims with a period and an upper bound (not an operation's total), grouped by who, period and count."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        if _bounded(c) and c.count.high is not None \
                and not (c.label and OPERATION_LABEL.search(c.label) and c.label != "Total"):
            groups[(_who(c), c.period, c.count.low, c.count.high)].append(i)
    return groups


def incidents_exceeding(claims: list[Claim], events: list[Event]) -> list[Finding]:
    """Claims that the incidents in their period (smaller tallies standing in for theirs) add up to more than.

    Claims of the same people, period and count are one finding listing them all, then the tallies used.
    """
    doc = _Document.of(claims, events)
    out = []
    for (who, period, _, high), ixs in _claim_figures(claims).items():
        if (found := doc.exceeding(who, period, high)) is None:
            continue
        total, tallies, used = found
        c = claims[ixs[0]]
        out.append(Finding("incidents-exceed-claim", [*ixs, *tallies],
                           f"{c.party} {c.group or ''} {c.status} {c.period.start}..{c.period.end}: claim "
                           f"{_n(c.count)}, incidents add up to at least {total:,}", total - high,
                           events=[events[p].id for p in used]))
    return out


def audit(claims: list[tuple[str, Claim]], events: list[tuple[str, Event]]) -> list[Finding]:
    """Every finding over ``(document id, claim)`` and ``(document id, event)`` pairs.

    Findings index into ``claims``; incidents are compared with the claims of
    their own document.
    """
    plain = [c for _, c in claims]
    findings = contradictions(plain) + sum_mismatches(plain)
    events_of: dict[str, list[Event]] = defaultdict(list)
    for doc, event in events:
        events_of[doc].append(event)
    claims_of: dict[str, list[int]] = defaultdict(list)
    for i, (doc, _) in enumerate(claims):
        claims_of[doc].append(i)
    for doc, ixs in claims_of.items():
        for f in incidents_exceeding([plain[i] for i in ixs], events_of.get(doc, [])):
            f.claims = [ixs[k] for k in f.claims]
            findings.append(f)
    return findings


def audit_document(ledger: LedgerDocument) -> LedgerDocument:
    """The same ledger document with its own findings filled in."""
    doc = ledger.document.id
    ledger.findings = audit([(doc, c) for c in ledger.claims], [(doc, e) for e in ledger.events])
    return ledger
