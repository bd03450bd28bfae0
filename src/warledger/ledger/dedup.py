"""Cross-report dedup: the same incident told by several documents is one incident.

Two events from different documents match when their dates overlap (a day's
slack for reports filed the next day), they are in the same place or
governorate (or one names none), and their casualties share a party; an event
spanning more than a month is too vague to match anything. An incident is a
connected component of that relation: an event belongs with every event it
matches, and with every event those match. Components do not depend on the
order reports arrive in, which is what lets the ledger keep incidents up to
date one document at a time (``warledger.ledger.incidents``).

>>> from warledger.model import DateSpan, Event, Place, CasualtyFigure, Count
>>> a = Event("e-1", None, 0, "x", DateSpan("2020-05-07", "2020-05-07", "day"), Place("al-Shola", "Deir ez-Zor"),
...           casualties=[CasualtyFigure("pro-government", None, "killed", Count(11, 11), "SOHR")])
>>> b = Event("e-4", None, 0, "y", DateSpan("2020-05-08", "2020-05-08", "day"),
...           Place(None, "Deir ez-Zor", precision="admin1"),
...           casualties=[CasualtyFigure("pro-government", None, "killed", Count(9, 9), "Syrian state media")])
>>> match(footprint("r1", a), footprint("r2", b))
['dates 2020-05-07/2020-05-08 overlap', 'same governorate Deir ez-Zor', 'shared party pro-government']
>>> [[(f.key, bool(reasons)) for f, reasons in part] for part in components([footprint("r1", a), footprint("r2", b)])]
[[('r1:e-1', False), ('r2:e-4', True)]]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from warledger.model import Event

SLACK_DAYS = 1
MAX_SPAN_DAYS = 31  # a month-long "event" is too vague to merge on


@dataclass(frozen=True)
class Footprint:
    """What dedup compares of one report's event.

    ``days`` (first and last day, as ordinals) is ``None`` when the event can match nothing: no date, a span
    over MAX_SPAN_DAYS, or no known party. ``place`` is ``(name, governorate)``, ``None`` when it names none.
    """

    doc: str
    event: str
    date_start: str | None
    days: tuple[int, int] | None
    place: tuple[str | None, str | None] | None
    parties: frozenset[str]

    @property
    def key(self) -> str:
        """The event's ledger-wide id, ``document:event``."""
        return f"{self.doc}:{self.event}"


def span_days(start: str | None, end: str | None) -> tuple[int, int] | None:
    """First and last day of a date span as ordinals, ``None`` when there is none or it is too long to match."""
    if not start:
        return None
    first = dt.date.fromisoformat(start).toordinal()
    last = dt.date.fromisoformat(end).toordinal() if end else first
    return (first, last) if last - first <= MAX_SPAN_DAYS else None


def known_parties(parties: Iterable[str | None]) -> frozenset[str]:
    """The parties that can tie two reports together ("unknown" ties nothing)."""
    return frozenset(p for p in parties if p and p != "unknown")


def footprint(doc: str, event: Event) -> Footprint:
    """The footprint of ``event`` of document ``doc``."""
    d, p = event.date, event.place
    parties = known_parties(f.party for f in event.casualties)
    days = span_days(d.start, d.end) if d else None
    return Footprint(doc, event.id, d.start if d else None, days if parties else None,
                     (p.name, p.admin1) if p else None, parties)


def match(a: Footprint, b: Footprint) -> list[str] | None:
    """What makes two reports' events one incident, or ``None`` (two events of one report never match)."""
    if a.days is None or b.days is None or a.doc == b.doc:
        return None
    if a.days[0] > b.days[1] + SLACK_DAYS or b.days[0] > a.days[1] + SLACK_DAYS:
        return None
    reasons = [f"dates {a.date_start}/{b.date_start} overlap"]
    pa, pb = a.place, b.place
    if pa and pb and pa[0] and pa[0] == pb[0]:
        reasons.append(f"same place {pa[0]}")
    elif pa and pb and pa[1] and pa[1] == pb[1]:
        reasons.append(f"same governorate {pa[1]}")
    elif pa and pb and (pa[1] or pb[1]):
        return None
    shared = a.parties & b.parties
    if not shared:
        return None
    reasons.append(f"shared party {', '.join(sorted(shared))}")
    return reasons


Link = tuple[Footprint, list[str] | None]
"""A member of an incident and why it is in it: what it matched in the member before it in a spanning tree
(``None`` for the first member)."""


def components(members: list[Footprint]) -> list[list[Link]]:
    """The incidents ``members`` make on their own, each in the order given, in the order of its first member.

    Events are compared only with those starting no later than a day after they end (a sweep by first day),
    so a component costs its pairs of overlapping events, not all its pairs.
    """
    edges: dict[int, list[tuple[int, list[str]]]] = {i: [] for i in range(len(members))}
    dated = sorted((i for i, m in enumerate(members) if m.days), key=lambda i: members[i].days)
    for n, i in enumerate(dated):
        for j in dated[n + 1:]:
            if members[j].days[0] > members[i].days[1] + SLACK_DAYS:
                break
            if (reasons := match(members[i], members[j])) is not None:
                edges[i].append((j, reasons))
                edges[j].append((i, reasons))
    seen: set[int] = set()
    return [_tree(members, edges, root, seen) for root in range(len(members)) if root not in seen]


def _tree(members: list[Footprint], edges: dict[int, list[tuple[int, list[str]]]], root: int,
          seen: set[int]) -> list[Link]:
    """The component of ``root``: each member with the reasons it matched the member that reached it first."""
    seen.add(root)
    reached: dict[int, list[str] | None] = {root: None}
    frontier = [root]
    while frontier:
        i = frontier.pop()
        for j, reasons in edges[i]:
            if j not in seen:
                seen.add(j)
                reached[j] = reasons
                frontier.append(j)
    return [(members[i], reached[i]) for i in sorted(reached)]
