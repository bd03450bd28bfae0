"""Totals: low / best / high per group, summed over incidents, in SQL over the stored rows.

Reports of one incident are merged first (the stored incidents, ``warledger.ledger.incidents``), so a death
told by three documents is counted once; each incident's estimate per party follows the policy in
``estimates``. Grouping by ``source`` instead sums each source's own figures, report by report. The sums
are read from the running totals (``tallies``: a row per month, governorate, party and status) unless a
date bound falls inside a month; then from the incidents' (or figures') own rows — the same numbers.
A high of ``None`` is unbounded: some figure gave no upper bound.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warledger.ledger.estimates import POLICIES
from warledger.ledger.tallies import report_groups

if TYPE_CHECKING:
    from warledger.ledger.store import Store

KEYS = ("year", "month", "party", "admin1", "source", "status")
COLUMNS = {"year": "substr(t.month, 1, 4)", "month": "t.month", "party": "t.party", "admin1": "t.admin1",
           "source": "t.source", "status": "t.status"}
PLACE = {"place": "t.place_name", "admin1": "t.admin1", "lat": "t.lat", "lon": "t.lon"}
INCIDENT_ROWS = ("SELECT i.date_start AS day, COALESCE(substr(i.date_start, 1, 7), '') AS month, "
                 "COALESCE(i.admin1, '') AS admin1, COALESCE(i.place_name, '') AS place_name, i.lat, i.lon, "
                 "COALESCE(e.party, '') AS party, e.status, e.low, e.best, e.median, COALESCE(e.high, 0) AS high, "
                 "CASE WHEN e.high IS NULL THEN 1 ELSE 0 END AS unbounded, 1 AS incidents, "
                 "COALESCE(a.type, '') AS type "
                 "FROM incident_estimates e JOIN incidents i ON i.key = e.incident_key "
                 "LEFT JOIN events a ON a.doc_id = i.anchor_doc AND a.event_id = i.anchor_event")
"""Each incident's estimates with its anchor's date, place and type: what ``incident_totals`` and
``place_totals`` add up."""
PLACE_ROWS = f"SELECT * FROM ({INCIDENT_ROWS}) p WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL"
"""The geocoded ones: what ``place_totals`` adds up."""
SOURCE_ROWS = f"SELECT g.*, g.best AS median, 1 AS incidents FROM ({report_groups()}) g"
"""Each report's figures per event, party, status and source: what ``source_totals`` adds up."""
SOURCE_PLACE_ROWS = f"SELECT * FROM ({SOURCE_ROWS}) p WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL"
"""The geocoded ones: a source's own figures on the map."""
FILTERS = ("date_from", "date_to", "year", "admin1", "party", "source", "type")


@dataclass(frozen=True)
class Where:
    """Which incidents (or, by source, which reports) to sum: a date range (days, inclusive) of their first
    day, a governorate, a party, the type of their first report; ``source`` sums that source's own figures,
    report by report, as grouping by source does."""

    date_from: str | None = None
    date_to: str | None = None
    admin1: str | None = None
    party: str | None = None
    source: str | None = None
    type: str | None = None

    @classmethod
    def of(cls, year: int | None = None, **filters: Any) -> Where:
        """From keyword filters (``year`` is a date range); an unknown one is a :class:`ValueError`."""
        unknown = sorted(set(filters) - set(FILTERS))
        if unknown:
            raise ValueError(f"filter by {', '.join(FILTERS)}, not {', '.join(unknown)}")
        if year is not None:
            filters.setdefault("date_from", f"{year}-01-01")
            filters.setdefault("date_to", f"{year}-12-31")
        where = cls(**filters)
        for day in (where.date_from, where.date_to):
            if day is not None and not _is_day(day):
                raise ValueError(f"dates are YYYY-MM-DD, not {day!r}")
        return where

    def whole_months(self) -> bool:
        """Whether the date range begins and ends with a month and no type is asked, so that monthly sums hold
        it exactly (they are not kept per type)."""
        if self.type is not None:
            return False
        first = self.date_from is None or self.date_from.endswith("-01")
        last = self.date_to is None or (dt.date.fromisoformat(self.date_to) + dt.timedelta(days=1)).day == 1
        return first and last

    def sql(self, monthly: bool) -> tuple[list[str], list[Any]]:
        """Conditions on rows ``t`` (monthly sums, or rows with their ``day``) and their parameters."""
        clauses, params = [], []
        column, cut = ("t.month", 7) if monthly else ("t.day", 10)
        for op, day in ((">=", self.date_from), ("<=", self.date_to)):
            if day is not None:
                clauses.append(f"{column} {op} ? AND {column} <> ''")
                params.append(day[:cut])
        for column, value in (("t.admin1", self.admin1), ("t.party", self.party), ("t.source", self.source),
                              ("t.type", self.type)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        return clauses, params


EVERY = Where()


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def totals(store: Store, by: tuple[str, ...] = ("year", "party"), status: str | None = "killed",
           policy: str = "conservative", where: Where = EVERY) -> list[dict[str, Any]]:
    """Rows of ``by`` keys with summed low, best and high (``None`` = unbounded) and how many estimates they add
    up (``estimates``: an incident's toll of one party and status; by source, one report's figures), in key order.
    An incident with a toll for two parties is two estimates: the count is of tolls, not of incidents."""
    if any(k not in KEYS for k in by) or policy not in POLICIES:
        raise ValueError(f"totals: group by {', '.join(KEYS)}; policy one of {', '.join(POLICIES)}")
    monthly = where.whole_months()
    if "source" in by or where.source is not None:
        table = "source_totals" if monthly else f"({SOURCE_ROWS})"
    elif monthly and "admin1" not in by and where.admin1 is None:
        table = "party_totals"
    else:
        table = "incident_totals" if monthly else f"({INCIDENT_ROWS})"
    rows = _sums(store, table, {k: COLUMNS[k] for k in by}, status, policy, where, monthly)
    return sorted(rows, key=lambda r: tuple(str(r[k]) for k in by))


def places(store: Store, status: str | None = "killed", policy: str = "conservative",
           where: Where = EVERY) -> list[dict[str, Any]]:
    """The map's points: per geocoded place, the sums of its incidents' estimates, in order of place."""
    monthly = where.whole_months() and where.party is None and where.source is None  # kept per place only
    table = f"({SOURCE_PLACE_ROWS})" if where.source is not None else "place_totals" if monthly else f"({PLACE_ROWS})"
    rows = _sums(store, table, PLACE, status, policy, where, monthly)
    return sorted(rows, key=lambda r: (str(r["place"]), str(r["admin1"]), r["lat"], r["lon"]))


def _sums(store: Store, table: str, groups: dict[str, str], status: str | None, policy: str, where: Where,
          monthly: bool) -> list[dict[str, Any]]:
    """SUMs over ``table`` (as ``t``) grouped by ``groups`` (name → SQL), '' read back as ``None``."""
    clauses, params = where.sql(monthly)
    if status is not None:
        clauses.append("t.status = ?")
        params.append(status)
    best = "t.best" if policy == "conservative" else "t.median"
    keys = ", ".join(groups.values())
    statement = (f"SELECT {', '.join(f'{sql} AS {name}' for name, sql in groups.items())}{', ' if groups else ''}"
                 f"SUM(t.low) AS low, SUM({best}) AS best, SUM(t.high) AS high, SUM(t.unbounded) AS unbounded, "
                 f"SUM(t.incidents) AS incidents FROM {table} t WHERE {' AND '.join(clauses) or '1 = 1'}"
                 + (f" GROUP BY {keys}" if groups else ""))
    out = []
    for r in store.rows(statement, tuple(params)):
        if not r["incidents"]:
            continue  # no group: the one row SUM gives over nothing
        sums = {"low": int(r["low"]), "best": int(r["best"]),
                "high": None if r["unbounded"] else int(r["high"]), "estimates": int(r["incidents"])}
        out.append({**{k: (None if r[k] == "" else r[k]) for k in groups}, **sums})
    return out
