"""Running sums behind the totals: per month, governorate, party and status, kept as incidents change.

Summing a million incidents' estimates on every request takes seconds; the sums they add up to per month,
governorate, party and status are a few thousand rows, and totals by year, month, party, governorate or
status are sums of those (``warledger.ledger.totals``). Each write transaction gathers what it takes away
and adds (:class:`Tally`), then writes the difference once. ``incident_totals`` holds incident estimates
per month, governorate, party and status; ``party_totals`` the same without the governorate (the
timeline's and the default totals' few rows); ``place_totals`` per month, geocoded place and status (the
map); ``source_totals`` each report's own figures, per source. Keys hold ``''`` for "none": an upsert never
matches a NULL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from warledger.ledger.store import Store

VALUES = ("low", "best", "median", "high", "unbounded", "incidents")
INCIDENT_KEYS = ("month", "admin1", "party", "status")
PARTY_KEYS = ("month", "party", "status")
PLACE_KEYS = ("place_name", "admin1", "lat", "lon", "month", "status")
SOURCE_KEYS = ("month", "admin1", "party", "status", "source")

POINT = ("CASE WHEN f.approximate = 1 AND f.low IS NOT NULL AND f.high IS NOT NULL THEN (f.low + f.high) / 2 "
         "ELSE COALESCE(f.low, f.high, 0) END")  # an upper bound alone ("up to 200"): the bound


def report_groups(condition: str = "1 = 1") -> str:
    """SQL for each report's own figures summed per event, party, status and source (sub-figures left out), as
    ``warledger.ledger.estimates.incident_estimate`` sums one source's figures: low and best (the point of a
    range given as approximate) add up, high is unbounded if any figure's is, and deaths from wounds told
    later add their low to all three. Columns: day, month, admin1, place_name, lat, lon, type, party, status,
    source and the sums."""
    return ("SELECT e.date_start AS day, COALESCE(substr(e.date_start, 1, 7), '') AS month, "
            "COALESCE(e.admin1, '') AS admin1, COALESCE(e.place_name, '') AS place_name, e.lat, e.lon, "
            "COALESCE(e.type, '') AS type, COALESCE(f.party, '') AS party, f.status, "
            "COALESCE(f.source, '') AS source, SUM(COALESCE(f.low, 0)) AS low, "
            f"SUM(CASE WHEN f.died_of_wounds = 1 THEN COALESCE(f.low, 0) ELSE {POINT} END) AS best, "
            "SUM(CASE WHEN f.died_of_wounds = 1 THEN COALESCE(f.low, 0) ELSE COALESCE(f.high, 0) END) AS high, "
            "MAX(CASE WHEN f.died_of_wounds = 0 AND f.high IS NULL THEN 1 ELSE 0 END) AS unbounded "
            "FROM figures f JOIN events e ON e.doc_id = f.doc_id AND e.event_id = f.event_id "
            f"WHERE f.subset_of IS NULL AND {condition} "
            "GROUP BY f.doc_id, f.event_id, e.date_start, e.admin1, e.place_name, e.lat, e.lon, e.type, f.party, "
            "f.status, f.source")


class Tally:
    """Differences to one totals table, gathered in memory and written in one go by :meth:`flush`."""

    def __init__(self, table: str, keys: tuple[str, ...]):
        self.table = table
        self.keys = keys
        self.deltas: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * len(VALUES))

    def count(self, key: tuple[Any, ...], values: Iterable[int], sign: int) -> None:
        """Add (``sign`` 1) or take away (-1) one row's values under ``key``."""
        acc = self.deltas[key]
        for i, v in enumerate(values):
            acc[i] += sign * int(v)

    def flush(self, store: Store) -> None:
        """Write the differences: an upsert per key that changed, then drop the keys left with no incident."""
        columns = (*self.keys, *VALUES)
        update = ", ".join(f"{v} = {self.table}.{v} + excluded.{v}" for v in VALUES)
        upsert = (f"INSERT INTO {self.table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
                  f"ON CONFLICT ({', '.join(self.keys)}) DO UPDATE SET {update}")
        match = " AND ".join(f"{k} = ?" for k in self.keys)
        for key, acc in self.deltas.items():
            if any(acc):
                store.execute(upsert, (*key, *acc))
            if acc[-1] < 0:
                store.execute(f"DELETE FROM {self.table} WHERE {match} AND incidents <= 0", key)
        self.deltas.clear()


class IncidentTallies:
    """The incident and place totals, from incidents' estimates (each row: the incident's date_start, admin1,
    place_name, lat and lon, and an estimate's party, status, low, best, median and high)."""

    def __init__(self) -> None:
        self.incidents = Tally("incident_totals", INCIDENT_KEYS)
        self.parties = Tally("party_totals", PARTY_KEYS)
        self.places = Tally("place_totals", PLACE_KEYS)

    def count(self, rows: Iterable[dict[str, Any]], sign: int) -> None:
        for r in rows:
            high = r["high"]
            values = (r["low"], r["best"], r["median"], high or 0, high is None, 1)
            month, admin1 = (r["date_start"] or "")[:7], r["admin1"] or ""
            self.incidents.count((month, admin1, r["party"] or "", r["status"]), values, sign)
            self.parties.count((month, r["party"] or "", r["status"]), values, sign)
            if r["lat"] is not None and r["lon"] is not None:
                self.places.count((r["place_name"] or "", admin1, r["lat"], r["lon"], month, r["status"]), values,
                                  sign)

    def stored(self, store: Store, keys: list[int]) -> list[dict[str, Any]]:
        """The rows that incidents ``keys`` add to the totals now."""
        if not keys:
            return []
        marks = ", ".join("?" for _ in keys)
        return store.rows("SELECT i.date_start, i.admin1, i.place_name, i.lat, i.lon, e.party, e.status, "
                          "e.low, e.best, e.median, e.high FROM incident_estimates e "
                          f"JOIN incidents i ON i.key = e.incident_key WHERE e.incident_key IN ({marks})",
                          tuple(keys))

    def flush(self, store: Store) -> None:
        for tally in (self.incidents, self.parties, self.places):
            tally.flush(store)


class SourceTally:
    """The source totals: each report's own figures per source, added when a document is stored and taken
    away when it is replaced."""

    def __init__(self) -> None:
        self.tally = Tally("source_totals", SOURCE_KEYS)

    def count(self, store: Store, doc_id: str, sign: int) -> None:
        rows = store.rows("SELECT month, admin1, party, status, source, SUM(low) AS low, SUM(best) AS best, "
                          "SUM(high) AS high, SUM(unbounded) AS unbounded, COUNT(*) AS incidents "
                          f"FROM ({report_groups('f.doc_id = ?')}) g GROUP BY month, admin1, party, status, source",
                          (doc_id,))
        for r in rows:
            self.tally.count(tuple(r[k] for k in SOURCE_KEYS),
                             (r["low"], r["best"], r["best"], r["high"], r["unbounded"], r["incidents"]), sign)

    def flush(self, store: Store) -> None:
        self.tally.flush(store)
