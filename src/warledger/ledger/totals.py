"""Totals: low / best / high per group, summed over incidents.

Reports of the same incident are merged first (``dedup``), so a death told by
three documents is counted once; each incident's estimate per party follows
the policy in ``estimates``. Grouping by ``source`` instead sums each source's
own figures, report by report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from warledger.ledger.dedup import incidents
from warledger.ledger.estimates import POLICIES, incident_estimate
from warledger.model import CasualtyFigure, Event

KEYS = ("year", "month", "party", "admin1", "source", "status")
Row = tuple[int, int, int | None]


def _values(date: str | None, admin1: str | None, party: str | None, status: str, source: str | None,
            by: tuple[str, ...]) -> tuple[Any, ...]:
    start = date or ""
    values = {"year": start[:4] or None, "month": start[:7] or None, "party": party, "admin1": admin1,
              "source": source, "status": status}
    return tuple(values[k] for k in by)


def _by_incident(events: list[tuple[str, Event]], by: tuple[str, ...], status: str | None,
                 policy: str) -> Iterable[tuple[tuple[Any, ...], Row]]:
    for incident in incidents(events, policy):
        start = incident.date.start if incident.date else None
        admin1 = incident.place.admin1 if incident.place else None
        for est in incident.estimates:
            if status is None or est.status == status:
                yield _values(start, admin1, est.party, est.status, None, by), (est.low, est.best, est.high)


def _by_report(events: list[tuple[str, Event]], by: tuple[str, ...], status: str | None,
               policy: str) -> Iterable[tuple[tuple[Any, ...], Row]]:
    for _, event in events:
        groups: dict[tuple[Any, ...], list[CasualtyFigure]] = defaultdict(list)
        start = event.date.start if event.date else None
        admin1 = event.place.admin1 if event.place else None
        for fig in event.casualties:
            if fig.subset_of is None and (status is None or fig.status == status):
                key = _values(start, admin1, fig.party, fig.status, fig.source, by)
                groups[(*key, fig.party, fig.status, fig.source)].append(fig)
        for key, figs in groups.items():
            yield key[:len(by)], incident_estimate(figs, policy)


def totals(events: Iterable[tuple[str, Event]], by: tuple[str, ...] = ("year", "party"),
           status: str | None = "killed", policy: str = "conservative") -> list[dict[str, Any]]:
    """Rows of ``by`` keys with summed low, best and high (``None`` = unbounded).

    ``events`` are ``(document id, event)`` pairs; reports of one incident are
    merged unless the grouping is by source.
    """
    if any(k not in KEYS for k in by) or policy not in POLICIES:
        raise ValueError(f"totals: group by {', '.join(KEYS)}; policy one of {', '.join(POLICIES)}")
    pairs = list(events)
    rows = _by_report(pairs, by, status, policy) if "source" in by else _by_incident(pairs, by, status, policy)
    sums: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, 0, 0, 0])
    for key, (low, best, high) in rows:
        acc = sums[key]
        acc[0] += low
        acc[1] += best
        acc[2] = None if high is None or acc[2] is None else acc[2] + high
        acc[3] += 1
    return [{**dict(zip(by, key, strict=True)), "low": v[0], "best": v[1], "high": v[2], "incidents": v[3]}
            for key, v in sorted(sums.items(), key=lambda kv: tuple(str(x) for x in kv[0]))]
