"""Cross-report dedup: the same incident told by several documents is one incident.

Two events from different documents are the same incident when their dates
overlap (a day's slack for reports filed the next day), they are in the same
place or governorate (or one names none), and their casualties share a party.
The incident keeps every report's figures; its estimate per party follows the
totals policy over the reports (see ``totals``). Each merge says what matched.

>>> from warledger.model import DateSpan, Event, Place, CasualtyFigure, Count
>>> a = Event("e-1", None, 0, "x", DateSpan("2020-05-07", "2020-05-07", "day"), Place("al-Shola", "Deir ez-Zor"),
...           casualties=[CasualtyFigure("pro-government", None, "killed", Count(11, 11), "SOHR")])
>>> b = Event("e-4", None, 0, "y", DateSpan("2020-05-08", "2020-05-08", "day"),
...           Place(None, "Deir ez-Zor", precision="admin1"),
...           casualties=[CasualtyFigure("pro-government", None, "killed", Count(9, 9), "Syrian state media")])
>>> [(i.events, i.estimates[0].low, i.estimates[0].high) for i in incidents([("r1", a), ("r2", b)])]
[(['r1:e-1', 'r2:e-4'], 9, 11)]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from warledger.ledger.estimates import estimate_reports
from warledger.model import CasualtyFigure, Estimate, Event, Incident, Merge

SLACK_DAYS = 1
MAX_SPAN_DAYS = 31  # a month-long "event" is too vague to merge on


def _span(event: Event) -> tuple[dt.date, dt.date] | None:
    d = event.date
    if d is None or not d.start:
        return None
    start = dt.date.fromisoformat(d.start)
    end = dt.date.fromisoformat(d.end) if d.end else start
    return (start, end) if (end - start).days <= MAX_SPAN_DAYS else None


def _parties(event: Event) -> set[str]:
    return {f.party for f in event.casualties if f.party and f.party != "unknown"}


def match(a: Event, b: Event) -> list[str] | None:
    """What makes two reports' events one incident, or ``None``."""
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return None
    slack = dt.timedelta(days=SLACK_DAYS)
    if sa[0] > sb[1] + slack or sb[0] > sa[1] + slack:
        return None
    reasons = [f"dates {a.date.start}/{b.date.start} overlap"]
    pa, pb = a.place, b.place
    if pa and pb and pa.name and pb.name and pa.name == pb.name:
        reasons.append(f"same place {pa.name}")
    elif pa and pb and pa.admin1 and pa.admin1 == pb.admin1:
        reasons.append(f"same governorate {pa.admin1}")
    elif pa and pb and (pa.admin1 or pb.admin1):
        return None
    shared = _parties(a) & _parties(b)
    if not shared:
        return None
    reasons.append(f"shared party {', '.join(sorted(shared))}")
    return reasons


def incidents(events: list[tuple[str, Event]], policy: str = "conservative") -> list[Incident]:
    """Group ``(document id, event)`` pairs into incidents, in date order."""
    ordered = sorted(events, key=lambda de: ((de[1].date.start if de[1].date else None) or "9999", de[0]))
    groups: list[list[tuple[str, Event, Merge | None]]] = []
    open_groups: list[int] = []
    for doc, event in ordered:
        joined = False
        for g in open_groups:
            _, anchor, _ = groups[g][0]
            if doc in {d for d, _, _ in groups[g]}:
                continue
            reasons = match(anchor, event)
            if reasons:
                groups[g].append((doc, event, Merge(f"{doc}:{event.id}", reasons, len(reasons) / 3)))
                joined = True
                break
        if not joined:
            groups.append([(doc, event, None)])
            open_groups = [g for g in open_groups if _recent(groups[g][0][1], event)] + [len(groups) - 1]
    return [_incident(n, g, policy) for n, g in enumerate(groups, start=1)]


def _recent(anchor: Event, event: Event) -> bool:
    """Whether an incident may still take reports (its dates are near the event's)."""
    sa, se = _span(anchor), _span(event)
    return sa is not None and se is not None and se[0] <= sa[1] + dt.timedelta(days=SLACK_DAYS)


def _incident(n: int, group: list[tuple[str, Event, Merge | None]], policy: str) -> Incident:
    anchor = group[0][1]
    reports: dict[tuple[str | None, str], list[list[CasualtyFigure]]] = defaultdict(list)
    for _, event, _ in group:
        by_key: dict[tuple[str | None, str], list[CasualtyFigure]] = defaultdict(list)
        for fig in event.casualties:
            if fig.subset_of is None:
                by_key[(fig.party, fig.status)].append(fig)
        for key, figs in by_key.items():
            reports[key].append(figs)
    estimates = [Estimate(party, status, *estimate_reports(figs, policy),
                          sources=sorted({f.source for r in figs for f in r if f.source}))
                 for (party, status), figs in reports.items()]
    return Incident(id=f"i-{n:05d}", events=[f"{d}:{e.id}" for d, e, _ in group], date=anchor.date,
                    place=anchor.place, estimates=estimates, merges=[m for _, _, m in group if m])
