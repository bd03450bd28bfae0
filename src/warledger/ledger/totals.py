"""Totals over incidents: low / best / high per group, from every source's figures.

Within one incident, one source's figures for a party add up (33 soldiers and
10 militiamen); different sources' totals for that party are alternative
estimates: low is the smallest low, high the largest high (unbounded if any
is), and best follows a policy — ``conservative`` (the smallest point
estimate, as ACLED counts) or ``median`` (the median of the sources' points).
Sub-figures (``subset_of``) are never added. Incidents are then summed.

>>> from warledger.model import CasualtyFigure, Count
>>> incident_estimate([CasualtyFigure("IS", None, "killed", Count(26, 30), "SOHR"),
...                    CasualtyFigure("IS", None, "killed", Count(16, 16), "Syrian military")], "conservative")
(16, 16, 30)
>>> incident_estimate([CasualtyFigure("IS", None, "killed", Count(33, 33)),
...                    CasualtyFigure("IS", None, "killed", Count(10, None))], "median")
(43, 43, None)
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from warledger.model import CasualtyFigure, Event

POLICIES = ("conservative", "median")
KEYS = ("year", "month", "party", "admin1", "source", "status", "type")


def _point(fig: CasualtyFigure) -> int:
    low, high = fig.count.low, fig.count.high
    if low is not None and high is not None and fig.count.approximate:
        return (low + high) // 2
    return low if low is not None else 0


def _per_source(figures: list[CasualtyFigure]) -> list[tuple[int, int, int | None]]:
    """Each source's own sum: ``(low, point, high)``."""
    by_source: dict[str | None, list[CasualtyFigure]] = defaultdict(list)
    for fig in figures:
        by_source[fig.source].append(fig)
    out = []
    for figs in by_source.values():
        highs = [f.count.high for f in figs]
        high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
        out.append((sum(f.count.low or 0 for f in figs), sum(_point(f) for f in figs), high))
    return out


def incident_estimate(figures: list[CasualtyFigure], policy: str) -> tuple[int, int, int | None]:
    """``(low, best, high)`` for one party's figures in one incident."""
    estimates = _per_source(figures)
    highs = [h for _, _, h in estimates]
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    points = [p for _, p, _ in estimates]
    best = min(points) if policy == "conservative" else int(statistics.median(points))
    return min(low for low, _, _ in estimates), best, high


def _key(event: Event, fig: CasualtyFigure, by: tuple[str, ...]) -> tuple[Any, ...]:
    start = (event.date.start if event.date else None) or ""
    values = {"year": start[:4] or None, "month": start[:7] or None, "party": fig.party,
              "admin1": event.place.admin1 if event.place else None, "source": fig.source, "status": fig.status,
              "type": event.type}
    return tuple(values[k] for k in by)


def totals(events: Iterable[Event], by: tuple[str, ...] = ("year", "party"), status: str | None = "killed",
           policy: str = "conservative") -> list[dict[str, Any]]:
    """Rows of ``by`` keys with summed low, best and high (``None`` = unbounded)."""
    unknown = [k for k in by if k not in KEYS]
    if unknown or policy not in POLICIES:
        raise ValueError(f"totals: group by {', '.join(KEYS)}; policy one of {', '.join(POLICIES)}")
    sums: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, 0, 0, 0])
    for event in events:
        groups: dict[tuple[Any, ...], list[CasualtyFigure]] = defaultdict(list)
        for fig in event.casualties:
            if fig.subset_of is None and (status is None or fig.status == status):
                groups[(*_key(event, fig, by), fig.party, fig.status)].append(fig)
        for key, figs in groups.items():
            low, best, high = incident_estimate(figs, policy)
            row = sums[key[:len(by)]]
            row[0] += low
            row[1] += best
            row[2] = None if high is None or row[2] is None else row[2] + high
            row[3] += 1
    return [{**dict(zip(by, key, strict=True)), "low": v[0], "best": v[1], "high": v[2], "incidents": v[3]}
            for key, v in sorted(sums.items(), key=lambda kv: tuple(str(x) for x in kv[0]))]
