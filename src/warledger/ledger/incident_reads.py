"""Reading the stored incidents back as :class:`~warledger.model.Incident`: a page at a time, or one by id
(an id merged into another incident resolves to it)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from warledger.ledger.incidents import MEMBER_ORDER, incident_id, incident_number
from warledger.ledger.totals import EVERY, Where
from warledger.model import DateSpan, Estimate, Incident, Merge, Place

if TYPE_CHECKING:
    from warledger.ledger.store import Store

KEYS_PER_QUERY = 500
ORDER = "i.sort_date, i.anchor_doc, i.anchor_seq"
"""Incidents in the order of their anchors: date (undated last), document, place in it."""


HAS_SOURCE = ("EXISTS (SELECT 1 FROM incident_members m JOIN figures f ON f.doc_id = m.doc_id AND "
              "f.event_id = m.event_id WHERE m.incident_key = i.key AND f.source = ?)")
"""An incident one of whose reports has a figure from that source."""


def _conditions(where: Where) -> tuple[str, tuple[Any, ...]]:
    clauses, params = [], []
    for clause, value in (("i.date_start >= ?", where.date_from), ("i.date_start <= ?", where.date_to),
                          ("i.admin1 = ?", where.admin1),
                          ("EXISTS (SELECT 1 FROM incident_estimates x WHERE x.incident_key = i.key AND x.party = ?)",
                           where.party), (HAS_SOURCE, where.source),
                          ("EXISTS (SELECT 1 FROM events a WHERE a.doc_id = i.anchor_doc AND "
                           "a.event_id = i.anchor_event AND a.type = ?)", where.type)):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    return " AND ".join(clauses) or "1 = 1", tuple(params)


def incident_page(store: Store, policy: str = "conservative", where: Where = EVERY, limit: int | None = None,
                  offset: int = 0) -> tuple[int, list[Incident]]:
    """How many incidents match ``where``, and ``limit`` of them (all when ``None``) from ``offset``."""
    condition, params = _conditions(where)
    total = store.rows(f"SELECT COUNT(*) AS n FROM incidents i WHERE {condition}", params)[0]["n"]
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    return int(total), _load(store, f"{condition} ORDER BY {ORDER}{page}", params, policy)


def find_incident(store: Store, ident: str, policy: str = "conservative") -> tuple[Incident, list[dict]] | None:
    """The incident ``ident`` names — itself, or the one it was merged into — and the ids merged into that
    one, each with the event that joined them and why; ``None`` when no incident has that id."""
    number = incident_number(ident)
    if number is None:
        return None
    found = store.rows("SELECT key FROM incidents WHERE number = ?", (number,)) \
        or store.rows("SELECT into_key AS key FROM incident_merged WHERE number = ?", (number,))
    if not found:
        return None
    key = found[0]["key"]
    merged = [{"id": incident_id(r["number"]), "event": r["event"], "reasons": json.loads(r["reasons"]),
               "merged_at": r["merged_at"]}
              for r in store.rows("SELECT * FROM incident_merged WHERE into_key = ? ORDER BY number", (key,))]
    return _load(store, "i.key = ?", (key,), policy)[0], merged


def _load(store: Store, condition: str, params: tuple[Any, ...], policy: str) -> list[Incident]:
    """The incidents meeting ``condition`` (which may end in ORDER BY and LIMIT), with their anchors' dates and
    places, members, merges and estimates under ``policy``."""
    rows = store.rows("SELECT i.key, i.number, e.date_start, e.date_end, e.date_precision, e.place_name, e.admin1, "
                      "e.lat, e.lon, e.place_precision, e.place_text, e.place_offset FROM incidents i "
                      "JOIN events e ON e.doc_id = i.anchor_doc AND e.event_id = i.anchor_event "
                      f"WHERE {condition}", params)
    members: dict[int, list[dict[str, Any]]] = defaultdict(list)
    estimates: dict[int, list[Estimate]] = defaultdict(list)
    keys = [r["key"] for r in rows]
    for start in range(0, len(keys), KEYS_PER_QUERY):
        chunk = tuple(keys[start:start + KEYS_PER_QUERY])
        marks = ", ".join("?" for _ in chunk)
        for m in store.rows("SELECT m.incident_key, m.doc_id, m.event_id, m.merge_event, m.merge_reasons FROM "
                            f"incident_members m WHERE m.incident_key IN ({marks}) ORDER BY {MEMBER_ORDER}", chunk):
            members[m["incident_key"]].append(m)
        for e in store.rows(f"SELECT * FROM incident_estimates WHERE incident_key IN ({marks}) "
                            "ORDER BY incident_key, seq", chunk):
            estimates[e["incident_key"]].append(_estimate(e, policy))
    return [_incident(r, members[r["key"]], estimates[r["key"]]) for r in rows]


def _estimate(row: dict[str, Any], policy: str) -> Estimate:
    high = None if row["high"] is None else int(row["high"])
    return Estimate(row["party"], row["status"], int(row["low"]),
                    int(row["best"] if policy == "conservative" else row["median"]), high, json.loads(row["sources"]))


def _incident(row: dict[str, Any], members: list[dict[str, Any]], estimates: list[Estimate]) -> Incident:
    date = DateSpan(row["date_start"], row["date_end"], row["date_precision"]) if row["date_precision"] else None
    place = Place(row["place_name"], row["admin1"], row["lat"], row["lon"], row["place_precision"],
                  row["place_text"], row["place_offset"]) if row["place_precision"] else None
    merges = [Merge(m["merge_event"], reasons, len(reasons) / 3)
              for m in members if (reasons := json.loads(m["merge_reasons"] or "null")) is not None]
    return Incident(incident_id(row["number"]), [f"{m['doc_id']}:{m['event_id']}" for m in members], date, place,
                    estimates, merges)
