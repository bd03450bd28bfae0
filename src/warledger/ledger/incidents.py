"""Stored incidents: cross-report dedup kept up to date as documents arrive, change and go.

An incident is a connected component of ``dedup.match`` (see ``warledger.ledger.dedup``), so it does not
depend on the order documents arrive in. Each new event is compared only with the stored events that can
match it — an indexed query for those whose days overlap its own (a day's slack) in its governorate or
with none (or at its place) — and joins every incident it matches: several become one. Removing a
document's events re-splits only their incidents, into the components of what is left.

Ids are stable: ``i-000001`` is given when an incident is made and never reused. When incidents merge, the
oldest id survives and the others are recorded as merged into it (``incident_merged``, with the event
that joined them and why), so an old id still resolves. When an incident splits, its largest part keeps
its id. Each incident's estimates per party and status, under both policies, are stored with it and
refreshed when its members change, as are the running totals (``warledger.ledger.tallies``).

Callers hold the write transaction (and, on PostgreSQL, the lock that serialises writers of derived rows:
``warledger.ledger.derived``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from warledger.ledger.dedup import (
    MAX_SPAN_DAYS,
    SLACK_DAYS,
    Footprint,
    components,
    known_parties,
    match,
    span_days,
)
from warledger.ledger.estimates import estimate_reports
from warledger.ledger.tallies import IncidentTallies
from warledger.model import CasualtyFigure, Count

if TYPE_CHECKING:
    from warledger.ledger.store import Store

MEMBER_COLUMNS = ("doc_id", "event_id", "seq", "incident_key", "date_start", "day_start", "day_end", "admin1",
                  "place_name", "has_place", "parties", "merge_event", "merge_reasons")
MEMBER_ORDER = "COALESCE(m.date_start, '9999'), m.doc_id, m.seq"
"""Members in date order, then by document and place in it: the first is the incident's anchor."""
UNDATED = "9999"
KEYS_PER_QUERY = 500


def incident_id(number: int) -> str:
    """The public id of incident ``number``.

    >>> incident_id(7)
    'i-000007'
    """
    return f"i-{number:06d}"


def incident_number(text: str) -> int | None:
    """The number in a public id, ``None`` when ``text`` is no incident id.

    >>> incident_number("i-000007"), incident_number("e-001")
    (7, None)
    """
    digits = text[2:] if text.startswith("i-") else ""
    return int(digits) if digits.isdigit() else None


def _footprint(row: dict[str, Any]) -> Footprint:
    """A stored member's footprint."""
    days = (row["day_start"], row["day_end"]) if row["day_start"] is not None else None
    place = (row["place_name"] or None, row["admin1"] or None) if row["has_place"] else None
    return Footprint(row["doc_id"], row["event_id"], row["date_start"], days, place,
                     frozenset(json.loads(row["parties"])))


def _event_footprints(store: Store, doc_id: str) -> list[tuple[int, Footprint]]:
    """The stored events of ``doc_id`` as ``(seq, footprint)``, in text order."""
    parties: dict[str, set[str | None]] = defaultdict(set)
    for r in store.rows("SELECT event_id, party FROM figures WHERE doc_id = ?", (doc_id,)):
        parties[r["event_id"]].add(r["party"])
    out = []
    for r in store.rows("SELECT event_id, seq, date_start, date_end, place_precision, place_name, admin1 "
                        "FROM events WHERE doc_id = ? ORDER BY seq", (doc_id,)):
        known = known_parties(parties[r["event_id"]])
        days = span_days(r["date_start"], r["date_end"]) if known else None
        place = (r["place_name"], r["admin1"]) if r["place_precision"] else None
        out.append((r["seq"], Footprint(doc_id, r["event_id"], r["date_start"], days, place, known)))
    return out


def _candidates(store: Store, fp: Footprint) -> list[tuple[int, Footprint]]:
    """Stored members of other documents that ``fp`` may match, with their incidents, in member order.

    Their first day is at most a month and a day before ``fp``'s (no member spans more), their last no
    earlier than the day before it starts; their governorate is ``fp``'s or none, or their place is ``fp``'s.
    """
    assert fp.days is not None
    base = ("SELECT m.* FROM incident_members m WHERE m.day_start BETWEEN ? AND ? AND m.day_end >= ? "
            "AND m.doc_id <> ?")
    window = (fp.days[0] - SLACK_DAYS - MAX_SPAN_DAYS, fp.days[1] + SLACK_DAYS, fp.days[0] - SLACK_DAYS, fp.doc)
    if fp.place is None:
        rows = store.rows(base, window)
    else:
        name, admin1 = fp.place
        statement, params = f"{base} AND m.admin1 IN (?, '')", (*window, admin1 or "")
        if name:
            statement += f" UNION ALL {base} AND m.place_name = ? AND m.admin1 NOT IN (?, '')"
            params += (*window, name, admin1 or "")
        rows = store.rows(statement, params)
    rows.sort(key=lambda r: (r["incident_key"], r["date_start"] or UNDATED, r["doc_id"], r["seq"]))
    return [(r["incident_key"], _footprint(r)) for r in rows]


class IncidentWriter:
    """One write transaction's changes to the stored incidents: :meth:`remove` a document's events before its
    rows are deleted, :meth:`add` them once stored, then :meth:`finish`."""

    def __init__(self, store: Store):
        self.store = store
        self.tallies = IncidentTallies()
        self.touched: set[int] = set()
        self.reusable: dict[tuple[str, str], int] = {}  # (document, event) → the incident its old event left empty
        self.reused: set[int] = set()
        self.counter: tuple[int, int] | None = None  # (stored, next) incident number

    # --- removing -----------------------------------------------------------------------------------------

    def remove(self, doc_id: str) -> None:
        """Take ``doc_id``'s events out of their incidents, re-splitting each into what is left."""
        removed: dict[int, list[str]] = defaultdict(list)
        for r in self.store.rows("SELECT event_id, incident_key FROM incident_members WHERE doc_id = ?", (doc_id,)):
            removed[r["incident_key"]].append(r["event_id"])
        for key in removed:
            self._touch(key)
        self.store.execute("DELETE FROM incident_members WHERE doc_id = ?", (doc_id,))
        for key, events in sorted(removed.items()):
            self._resize(key, -len(events))
            self._resplit(key, doc_id, events)

    def _resplit(self, key: int, doc_id: str, events: list[str]) -> None:
        """Incident ``key`` without ``doc_id``'s ``events``: its components, the largest keeping its id (ties:
        the one holding its earliest member). One left empty may be taken by the document's new event."""
        rest = [_footprint(r) for r in self.store.rows(
            f"SELECT m.* FROM incident_members m WHERE m.incident_key = ? ORDER BY {MEMBER_ORDER}", (key,))]
        if not rest:
            for event in events:
                self.reusable.setdefault((doc_id, event), key)
            return
        parts = sorted(components(rest), key=len, reverse=True)
        for n, part in enumerate(parts):
            target = key if n == 0 else self._create(len(part))
            if n:
                self._resize(key, -len(part))
            for fp, reasons in part:
                self.store.execute("UPDATE incident_members SET incident_key = ?, merge_event = ?, merge_reasons = ? "
                                   "WHERE doc_id = ? AND event_id = ?",
                                   (target, fp.key if reasons else None, _reasons(reasons), fp.doc, fp.event))

    # --- adding ---------------------------------------------------------------------------------------------

    def add(self, doc_id: str) -> None:
        """Put each of ``doc_id``'s stored events in the incident of every member it matches."""
        for seq, fp in _event_footprints(self.store, doc_id):
            matched: dict[int, list[str]] = {}
            for key, other in _candidates(self.store, fp) if fp.days else []:
                if key not in matched and (reasons := match(fp, other)) is not None:
                    matched[key] = reasons
            key, reasons = self._join(fp, matched)
            self._insert_member(fp, seq, key, reasons)

    def _join(self, fp: Footprint, matched: dict[int, list[str]]) -> tuple[int, list[str] | None]:
        """The incident ``fp`` joins and why: a new one (or the one its predecessor left empty), the one it
        matched, or the survivor of those it matched, merged."""
        if not matched:
            key = self.reusable.pop((fp.doc, fp.event), None)
            if key is None or key in self.reused:
                return self._create(1), None
            self.reused.add(key)
            self._resize(key, 1)
            return key, None
        for key in matched:
            self._touch(key)
        key = self._merge(fp, matched) if len(matched) > 1 else next(iter(matched))
        self._resize(key, 1)
        return key, matched[key]

    def _merge(self, fp: Footprint, matched: dict[int, list[str]]) -> int:
        """Merge the incidents ``fp`` matched: the largest keeps its rows (few members move), the oldest
        number becomes its id, and every other number is recorded as merged into it, with why."""
        marks = ", ".join("?" for _ in matched)
        rows = self.store.rows(f"SELECT key, number, size FROM incidents WHERE key IN ({marks})", tuple(matched))
        survivor = max(rows, key=lambda r: (r["size"], -r["number"]))["key"]
        oldest = min(r["number"] for r in rows)
        for r in sorted(rows, key=lambda r: r["number"]):
            if r["key"] != survivor:
                self._absorb(r["key"], survivor, fp, matched[r["key"]])
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        for r in rows:
            if r["number"] != oldest:
                self.store.execute("INSERT INTO incident_merged (number, into_key, event, reasons, merged_at) "
                                   "VALUES (?, ?, ?, ?, ?)", (r["number"], survivor, fp.key,
                                                              _reasons(matched[r["key"]]), now))
        self.store.execute("UPDATE incidents SET number = ?, size = ? WHERE key = ?",
                           (oldest, sum(r["size"] for r in rows), survivor))
        return survivor

    def _absorb(self, key: int, survivor: int, fp: Footprint, reasons: list[str]) -> None:
        """Move incident ``key``'s members (and the ids merged into it) to ``survivor``; its first member now
        hangs on ``fp``, which matched it for ``reasons``."""
        self.store.execute("UPDATE incident_members SET merge_event = ?, merge_reasons = ? "
                           "WHERE incident_key = ? AND merge_reasons IS NULL", (fp.key, _reasons(reasons), key))
        self.store.execute("UPDATE incident_members SET incident_key = ? WHERE incident_key = ?", (survivor, key))
        self.store.execute("UPDATE incident_merged SET into_key = ? WHERE into_key = ?", (survivor, key))
        self.store.execute("DELETE FROM incidents WHERE key = ?", (key,))

    def _insert_member(self, fp: Footprint, seq: int, key: int, reasons: list[str] | None) -> None:
        name, admin1 = fp.place or (None, None)
        days = fp.days or (None, None)
        values = (fp.doc, fp.event, seq, key, fp.date_start, *days, admin1 or "", name or "", int(fp.place is not None),
                  json.dumps(sorted(fp.parties), ensure_ascii=False), fp.key if reasons else None, _reasons(reasons))
        self.store.execute(f"INSERT INTO incident_members ({', '.join(MEMBER_COLUMNS)}) "
                           f"VALUES ({', '.join('?' for _ in MEMBER_COLUMNS)})", values)

    # --- bookkeeping ----------------------------------------------------------------------------------------

    def _touch(self, key: int) -> None:
        """Note that incident ``key`` changes: what it added to the totals is taken away now, and what it
        adds then is added by :meth:`finish`."""
        if key not in self.touched:
            self.touched.add(key)
            self.tallies.count(self.tallies.stored(self.store, [key]), -1)

    def _create(self, size: int) -> int:
        """A new incident of ``size`` members (given them by the caller), with the next number."""
        if self.counter is None:
            value = self.store.rows("SELECT value FROM counters WHERE name = 'incident'")[0]["value"]
            self.counter = (value, value)
        stored, last = self.counter
        self.counter = (stored, last + 1)
        self.store.execute("INSERT INTO incidents (key, number, size) VALUES (?, ?, ?)", (last + 1, last + 1, size))
        self.touched.add(last + 1)
        return last + 1

    def _resize(self, key: int, delta: int) -> None:
        self.store.execute("UPDATE incidents SET size = size + ? WHERE key = ?", (delta, key))

    def finish(self) -> None:
        """Refresh what each changed incident says (anchor, estimates, totals); drop the ones left empty."""
        touched = sorted(self.touched)
        for start in range(0, len(touched), KEYS_PER_QUERY):
            chunk = touched[start:start + KEYS_PER_QUERY]
            for r in self.store.rows(f"SELECT key, size FROM incidents WHERE key IN ({', '.join('?' for _ in chunk)})"
                                     " ORDER BY key", tuple(chunk)):
                if r["size"] == 0:
                    self.store.execute("DELETE FROM incidents WHERE key = ?", (r["key"],))
                else:
                    self.tallies.count(_refresh(self.store, r["key"]), 1)
        self.tallies.flush(self.store)
        if self.counter is not None and self.counter[1] != self.counter[0]:
            self.store.execute("UPDATE counters SET value = ? WHERE name = 'incident'", (self.counter[1],))
        self.touched.clear()
        self.reusable.clear()
        self.reused.clear()
        self.counter = None


def _reasons(reasons: list[str] | None) -> str | None:
    return json.dumps(reasons, ensure_ascii=False) if reasons is not None else None


def _refresh(store: Store, key: int) -> list[dict[str, Any]]:
    """Store incident ``key``'s anchor (its first member's date and place) and its estimates per party and
    status under both policies, from its members' figures; return the rows it adds to the totals."""
    rows = store.rows("SELECT m.doc_id, m.event_id, m.seq, e.date_start, e.admin1, e.place_name, e.lat, e.lon, "
                      "f.party, f.status, f.low, f.high, f.approximate, f.source, f.subset_of, f.died_of_wounds "
                      "FROM incident_members m JOIN events e ON e.doc_id = m.doc_id AND e.event_id = m.event_id "
                      "LEFT JOIN figures f ON f.doc_id = m.doc_id AND f.event_id = m.event_id "
                      f"WHERE m.incident_key = ? ORDER BY {MEMBER_ORDER}, f.idx", (key,))
    a = rows[0]
    anchor = {k: a[k] for k in ("date_start", "admin1", "place_name", "lat", "lon")}
    store.execute("UPDATE incidents SET anchor_doc = ?, anchor_event = ?, anchor_seq = ?, sort_date = ?, "
                  "date_start = ?, admin1 = ?, place_name = ?, lat = ?, lon = ? WHERE key = ?",
                  (a["doc_id"], a["event_id"], a["seq"], a["date_start"] or UNDATED, *anchor.values(), key))
    store.execute("DELETE FROM incident_estimates WHERE incident_key = ?", (key,))
    out = []
    for seq, ((party, status), reports) in enumerate(_reports(rows).items()):
        low, best, high = estimate_reports(list(reports.values()), "conservative")
        median = estimate_reports(list(reports.values()), "median")[1]
        sources = sorted({f.source for figs in reports.values() for f in figs if f.source})
        store.execute("INSERT INTO incident_estimates (incident_key, seq, party, status, low, best, median, high, "
                      "sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (key, seq, party, status, low, best, median, high, json.dumps(sources, ensure_ascii=False)))
        out.append({**anchor, "party": party, "status": status, "low": low, "best": best, "median": median,
                    "high": high})
    return out


def _reports(rows: list[dict[str, Any]]) -> dict[tuple[str | None, str], dict[str, list[CasualtyFigure]]]:
    """Per party and status, each document's figures (sub-figures left out): one document is one report, its
    sources' figures adding up, and the reports are alternative estimates of the incident."""
    out: dict[tuple[str | None, str], dict[str, list[CasualtyFigure]]] = {}
    for r in rows:
        if r["status"] is not None and r["subset_of"] is None:
            fig = CasualtyFigure(r["party"], None, r["status"], Count(r["low"], r["high"], bool(r["approximate"])),
                                 r["source"], died_of_wounds=bool(r["died_of_wounds"]))
            out.setdefault((r["party"], r["status"]), {}).setdefault(r["doc_id"], []).append(fig)
    return out
