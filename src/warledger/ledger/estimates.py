"""One incident's toll for one party, from every report and source.

One source's figures for a party add up (33 soldiers and 10 militiamen);
different sources' — and different reports' — totals for that party are
alternative estimates: low is the smallest low, high the largest high
(unbounded if any is), and best follows a policy: ``conservative`` (the
smallest point estimate, as ACLED counts) or ``median`` (the median of the
sources' points). Sub-figures (``subset_of``) are never added.

>>> from warledger.model import CasualtyFigure, Count
>>> incident_estimate([CasualtyFigure("IS", None, "killed", Count(26, 30), "SOHR"),
...                    CasualtyFigure("IS", None, "killed", Count(16, 16), "Syrian military")], "conservative")
(16, 16, 30)
>>> incident_estimate([CasualtyFigure("IS", None, "killed", Count(33, 33)),
...                    CasualtyFigure("IS", None, "killed", Count(10, None))], "median")
(43, 43, None)
>>> incident_estimate([CasualtyFigure("IS", None, "killed", Count(None, 200))], "conservative")  # "up to 200"
(0, 200, 200)
"""

from __future__ import annotations

import statistics
from collections import defaultdict

from warledger.model import CasualtyFigure

POLICIES = ("conservative", "median")


def _point(fig: CasualtyFigure) -> int:
    """A figure's point estimate: its low end, the middle of an approximate range, and for an upper bound
    alone ("up to 200") the bound, the one number told (its low end stays 0)."""
    low, high = fig.count.low, fig.count.high
    if low is not None and high is not None and fig.count.approximate:
        return (low + high) // 2
    if low is None:
        return high or 0
    return low


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
    """``(low, best, high)`` for one party's figures in one report of an incident.

    Deaths from wounds told later ("another civilian died of his wounds") add to every estimate.
    """
    later = [f for f in figures if f.died_of_wounds]
    rest = [f for f in figures if not f.died_of_wounds]
    low, best, high = _combine(_per_source(rest), policy) if rest else (0, 0, 0)
    extra = sum(f.count.low or 0 for f in later)
    return low + extra, best + extra, None if high is None else high + extra


def alternatives(figures: list[CasualtyFigure]) -> tuple[int, int]:
    """The smallest and the largest of one party's estimates in one report of an incident: each source's sum taken
    as its point, a range's high end for the largest (deaths from wounds told later added to both). The issue's
    measure holds a report right when the true toll lies between these, summed over incidents and parties.

    >>> from warledger.model import Count
    >>> alternatives([CasualtyFigure("IS", None, "killed", Count(26, 30), "SOHR"),
    ...               CasualtyFigure("IS", None, "killed", Count(16, 16), "Syrian military")])
    (16, 30)
    """
    later = sum(f.count.low or 0 for f in figures if f.died_of_wounds)
    estimates = _per_source([f for f in figures if not f.died_of_wounds]) or [(0, 0, 0)]
    return (min(point for _, point, _ in estimates) + later,
            max(point if high is None else high for _, point, high in estimates) + later)


def estimate_reports(reports: list[list[CasualtyFigure]], policy: str) -> tuple[int, int, int | None]:
    """``(low, best, high)`` over several reports of one incident, each with its own sources."""
    return _combine([e for figs in reports for e in _per_source(figs)], policy)


def _combine(estimates: list[tuple[int, int, int | None]], policy: str) -> tuple[int, int, int | None]:
    highs = [h for _, _, h in estimates]
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    points = [p for _, p, _ in estimates]
    best = min(points) if policy == "conservative" else int(statistics.median(points))
    return min(low for low, _, _ in estimates), best, high
