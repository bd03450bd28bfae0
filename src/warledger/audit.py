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

>>> from warledger.model import Claim, Count, DateSpan
>>> year = DateSpan("2023-01-01", "2023-12-31", "year")
>>> a = Claim(year, "IS", None, "killed", Count(412, 412), "SOHR", None, 0, "a")
>>> b = Claim(year, "IS", None, "killed", Count(417, 417), "SOHR", None, 9, "b")
>>> [(f.kind, f.claims, f.delta) for f in audit([("d", a), ("d", b)], [])]
[('contradiction', [0, 1], 5)]
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from itertools import combinations, pairwise

from warledger.model import Claim, Count, DateSpan, Event, Finding, LedgerDocument

LABEL_TOLERANCE_DAYS = 92  # "2019" vs "late March 2019": the same tally counted from a later day
END_TOLERANCE_DAYS = 31
OPERATION_LABEL = re.compile(r"[A-Za-z]{4,}")  # "2018 offensive" names an operation, not a period


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


def _who(c: Claim) -> tuple[str | None, str | None, str]:
    return c.party, c.group, c.status


def contradictions(claims: list[Claim]) -> list[Finding]:
    out = []
    for (i, a), (j, b) in combinations(enumerate(claims), 2):
        if a.source is None or a.source != b.source or _who(a) != _who(b) or a.subset_of is not None \
                or b.subset_of is not None or not same_tally(a.period, b.period):
            continue
        delta = gap(a.count, b.count)
        if delta:
            out.append(Finding("contradiction", [i, j], f"{a.source} {a.party or 'all'} {a.status} for "
                               f"{a.period.start}..{a.period.end}: {_n(a.count)} ({a.quote}) vs {_n(b.count)} "
                               f"({b.quote})", delta))
    return out


def _n(count: Count) -> str:
    if count.low == count.high and count.low is not None:
        return f"{count.low:,}"
    return f"{count.low if count.low is not None else '?'}–{count.high if count.high is not None else '…'}"


def _statements(claims: list[Claim]) -> dict[tuple, list[int]]:
    """Claims stated together: one line or field, one party, status and period label."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        if c.subset_of is None and _bounded(c):
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


def sum_mismatches(claims: list[Claim]) -> list[Finding]:
    """A stated total against another line's parts for the periods it covers."""
    statements = _statements(claims)
    out = []
    for key, total_ixs in statements.items():
        period = claims[total_ixs[0]].period
        by_line: dict[tuple, list[int]] = defaultdict(list)
        for other, ixs in statements.items():
            if other[0] != key[0] and other[2:5] == key[2:5] and len(ixs) == 1 \
                    and claims[ixs[0]].period.start >= _shift(period.start, -LABEL_TOLERANCE_DAYS) \
                    and claims[ixs[0]].period.end <= _shift(period.end, END_TOLERANCE_DAYS):
                by_line[(other[0], other[1], claims[ixs[0]].source)].append(ixs[0])
        for parts in by_line.values():
            tiles = _tiling(claims, parts, period)
            if tiles is None:
                continue
            stated, summed = _total(claims, total_ixs), _total(claims, tiles)
            if delta := gap(stated, summed):
                out.append(Finding("sum-mismatch", [*total_ixs, *tiles],
                                   f"{key[2] or 'all'} {key[4]} {period.start}..{period.end}: stated {_n(stated)}, "
                                   f"its parts add up to {_n(summed)}", delta))
    return out


def _shift(iso: str, days: int) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()


def _inside(inner: DateSpan | None, outer: DateSpan) -> bool:
    return inner is not None and bool(inner.start and inner.end) and outer.start <= inner.start \
        and inner.end <= outer.end


def _incident_low(event: Event, claim: Claim) -> int:
    """The most conservative count of the claim's people in one incident."""
    by_source: dict[str | None, int] = defaultdict(int)
    for fig in event.casualties:
        if fig.subset_of is None and fig.party == claim.party and fig.status == claim.status \
                and (claim.group is None or fig.group == claim.group):
            by_source[fig.source] += fig.count.low or 0
    return min(by_source.values()) if by_source else 0


def _covering(claims: list[Claim], i: int) -> list[int]:
    """Smaller tallies of the same people inside claim ``i``'s period, not overlapping each other."""
    c = claims[i]
    inner = [j for j, o in enumerate(claims) if j != i and _who(o) == _who(c) and o.subset_of is None
             and _bounded(o) and _inside(o.period, c.period) and o.period != c.period]
    chosen: list[int] = []
    for j in sorted(inner, key=lambda j: claims[j].period.start):
        if not chosen or claims[j].period.start > claims[chosen[-1]].period.end:
            chosen.append(j)
    return chosen


def _exceeds(claims: list[Claim], i: int, events: list[Event], tallies: list[int]) -> tuple[int, list[Event]]:
    c = claims[i]
    used = [e for e in events if _inside(e.date, c.period) and _incident_low(e, c)
            and not any(_inside(e.date, claims[j].period) for j in tallies)]
    return sum(_incident_low(e, c) for e in used) + sum(claims[j].count.low or 0 for j in tallies), used


def incidents_exceeding(claims: list[Claim], events: list[Event]) -> list[Finding]:
    out = []
    for i, c in enumerate(claims):
        if not _bounded(c) or c.count.high is None \
                or (c.label and OPERATION_LABEL.search(c.label) and c.label != "Total"):
            continue
        total, used = _exceeds(claims, i, events, [])
        tallies: list[int] = []
        if total <= c.count.high and (tallies := _covering(claims, i)):
            total, used = _exceeds(claims, i, events, tallies)
        if total > c.count.high and used:
            out.append(Finding("incidents-exceed-claim", [i, *tallies],
                               f"{c.party} {c.group or ''} {c.status} {c.period.start}..{c.period.end}: claim "
                               f"{_n(c.count)}, incidents add up to at least {total:,}", total - c.count.high,
                               events=[e.id for e in used]))
    return out


def audit(claims: list[tuple[str, Claim]], events: list[tuple[str, Event]]) -> list[Finding]:
    """Every finding over ``(document id, claim)`` and ``(document id, event)`` pairs.

    Findings index into ``claims``; incidents are compared with the claims of
    their own document.
    """
    plain = [c for _, c in claims]
    findings = contradictions(plain) + sum_mismatches(plain)
    by_doc: dict[str, list[Event]] = defaultdict(list)
    for doc, event in events:
        by_doc[doc].append(event)
    for doc in dict.fromkeys(d for d, _ in claims):
        ixs = [i for i, (d, _) in enumerate(claims) if d == doc]
        local = [plain[i] for i in ixs]
        for f in incidents_exceeding(local, by_doc.get(doc, [])):
            f.claims = [ixs[k] for k in f.claims]
            findings.append(f)
    return findings


def audit_document(ledger: LedgerDocument) -> LedgerDocument:
    """The same ledger document with its own findings filled in."""
    doc = ledger.document.id
    ledger.findings = audit([(doc, c) for c in ledger.claims], [(doc, e) for e in ledger.events])
    return ledger
