"""The API on a synthetic ledger of a million events: incremental dedup, then each request against its SQL.

    .venv/bin/python bench/bench_api.py [--events 1000000] [--batch 1000]

Writes a synthetic ledger straight into the store's tables (reports of ten events, bulk inserts, no
extraction): events in 60 governorates over 2011–2024, a party or two each out of 30, and a quarter of
them retellings, by another report, of an incident told before (the same or the next day, the same
place and party). Then times the incremental dedup over them as ``Store.put`` runs it, ``--batch``
reports to a transaction, and prints the incidents it made. Then, for ``/api/totals``, ``/api/timeline``,
``/api/map``, the first page and a filtered page of ``/api/events``: the request's time through the HTTP
API (in process, median of 15), the bare SQL's time for the same answer, and their ratio. Targets: dedup
in minutes; each request at most 200 ms and within 5× of its bare SQL. Prints; asserts nothing. (An
in-process request costs a few milliseconds however little it reads: printed first, as the floor.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from warledger.ledger import Ledger
from warledger.ledger.derived import Derived
from warledger.ledger.store import EVENT_COLUMNS, FIGURE_COLUMNS, Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from warledger.web.api import create_app

PER_REPORT = 10
GOVERNORATES = [f"Governorate {g:02d}" for g in range(60)]
PLACES = [(f"Town {g:02d}-{p:02d}", admin1, 30 + g / 10, 35 + p / 10)
          for g, admin1 in enumerate(GOVERNORATES) for p in range(20)]
PARTIES = ["IS", "civilians", "SDF", "pro-government", *(f"armed group {n}" for n in range(26))]
SOURCES = ["SOHR", "SANA", "Reuters", "local media", None]
FIRST_DAY = 734138  # 2011-01-01
DAYS = 5113  # to 2024-12-31


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _incidents(rng: random.Random) -> Iterator[tuple[int, tuple, list[str]]]:
    """An endless run of (day, place, parties): new incidents, and now and then one told before, again."""
    told: list[tuple[int, tuple, list[str]]] = []
    while True:
        if told and rng.random() < 0.25:
            day, place, parties = rng.choice(told[-5000:])
            yield day + rng.choice((0, 0, 1)), place, parties[:1]
        else:
            incident = (FIRST_DAY + rng.randrange(DAYS), rng.choice(PLACES), rng.sample(PARTIES, rng.choice((1, 2))))
            told.append(incident)
            yield incident


def _rows(n: int, rng: random.Random) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Documents, events and figures of ``n`` synthetic events, in the tables' column order."""
    docs, events, figures = [], [], []
    incidents = _incidents(rng)
    for r in range(n // PER_REPORT):
        doc = f"report-{r:07d}"
        docs.append((doc, doc, "text", None, f"hash-{r}", "bench", 1, f"Synthetic report {r}.", None, "[]",
                     "2025-01-01T00:00:00+00:00", None, None))
        for seq in range(PER_REPORT):
            ordinal, (name, admin1, lat, lon), parties = next(incidents)
            event = f"e-{seq + 1:03d}"
            events.append((doc, event, seq, None, 0, "x", _day(ordinal), _day(ordinal), "day", name, admin1, lat,
                           lon, "town", name, 0, "Battles", "Armed clash", "[]", "[]", "[]"))
            for idx, party in enumerate(parties):
                k = rng.randint(1, 30)
                figures.append((doc, event, idx, party, None, "killed", k, k, 0, rng.choice(SOURCES), "q", 0,
                                None, 0, None))
    return docs, events, figures


def build(store: Store, n: int) -> list[str]:
    """Bulk-insert ``n`` synthetic events (no incidents yet); the reports' ids."""
    docs, events, figures = _rows(n, random.Random(7))
    document_columns = ("id", "title", "format", "reference_date", "content_hash", "extractor_version", "version",
                        "text", "conflict", "warnings", "ingested_at", "origin", "provenance")
    cur = store.conn.cursor()
    for table, columns, rows in (("documents", document_columns, docs), ("events", EVENT_COLUMNS, events),
                                 ("figures", FIGURE_COLUMNS, figures)):
        marks = ", ".join("?" for _ in columns)
        cur.executemany(store.sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"), rows)
    store.conn.commit()
    return [d[0] for d in docs]


def dedup(store: Store, ids: list[str], batch: int) -> None:
    """Incidents, totals and findings for every report, as ``Store.put`` derives them, ``batch`` at a time."""
    for start in range(0, len(ids), batch):
        with store.transaction("bench"):
            derived = Derived(store)
            for doc in ids[start:start + batch]:
                derived.add(doc)
            derived.finish()


def timed(fn: Callable[[], Any], repeat: int = 15) -> float:
    """Median milliseconds of ``fn`` over ``repeat`` runs, after one to warm up."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _fetch(store: Store, *statements: tuple[str, tuple]) -> None:
    for sql, params in statements:
        store.rows(sql, params)


EVENTS_PAGE = "SELECT * FROM events e WHERE {where} ORDER BY e.date_start, e.doc_id, e.seq LIMIT 100 OFFSET 0"
FIGURES = "SELECT * FROM figures WHERE doc_id = ? ORDER BY event_id, idx"
FILTER = ("EXISTS (SELECT 1 FROM figures x WHERE x.doc_id = e.doc_id AND x.event_id = e.event_id AND x.party = ?) "
          "AND e.date_start >= ? AND e.date_start <= ? AND e.admin1 = ?")
FILTER_PARAMS = ("IS", "2020-01-01", "2020-12-31", GOVERNORATES[3])
SUMS = "SUM(low), SUM(best), SUM(high), SUM(unbounded), SUM(incidents)"


def _events_sql(store: Store, where: str, params: tuple) -> None:
    """What /api/events asks: how many match, a page of them, and their figures."""
    store.rows(f"SELECT COUNT(*) FROM events e WHERE {where}", params)
    page = store.rows(EVENTS_PAGE.format(where=where), params)
    for doc in sorted({r["doc_id"] for r in page}):
        store.rows(FIGURES, (doc,))


def requests(store: Store) -> dict[str, tuple[str, dict[str, Any], Callable[[], None]]]:
    """label → (path, query, the bare SQL of the same answer)."""
    return {
        "/api/totals (year, party)": ("/api/totals", {}, lambda: _fetch(store, (
            f"SELECT substr(month, 1, 4), party, {SUMS} FROM party_totals WHERE status = ? GROUP BY 1, 2",
            ("killed",)))),
        "/api/timeline": ("/api/timeline", {}, lambda: _fetch(store, (
            f"SELECT month, party, {SUMS} FROM party_totals WHERE status = ? GROUP BY month, party",
            ("killed",)))),
        "/api/map": ("/api/map", {}, lambda: _fetch(store, (
            f"SELECT place_name, admin1, lat, lon, {SUMS} FROM place_totals WHERE status = ? "
            "GROUP BY place_name, admin1, lat, lon", ("killed",)))),
        "/api/events first page": ("/api/events", {"limit": 100}, lambda: _events_sql(store, "1 = 1", ())),
        "/api/events filtered page": ("/api/events", {"party": "IS", "from": "2020-01-01", "to": "2020-12-31",
                                                      "admin1": GOVERNORATES[3], "limit": 100},
                                      lambda: _events_sql(store, FILTER, FILTER_PARAMS)),
    }


def report_incidents(store: Store) -> None:
    sizes = store.rows("SELECT size, COUNT(*) AS n FROM incidents GROUP BY size ORDER BY size")
    total = sum(r["n"] for r in sizes)
    biggest = max((r["size"] for r in sizes), default=0)
    merged = sum(r["n"] for r in sizes if r["size"] > 1)
    print(f"  {total:,} incidents, {merged:,} of them told more than once; the largest holds {biggest} reports' "
          f"events; sizes {json.dumps({r['size']: r['n'] for r in sizes[:8]})}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1000, help="reports per dedup transaction")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(Path(folder) / "bench.db", args.events, args.batch)


def run(path: Path, events: int, batch: int) -> None:
    led = Ledger.open(path)
    start = time.perf_counter()
    ids = build(led.store, events)
    print(f"wrote {len(ids) * PER_REPORT:,} events in {len(ids):,} reports in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    dedup(led.store, ids, batch)
    took = time.perf_counter() - start
    print(f"incremental dedup: {took:.1f} s ({len(ids) * PER_REPORT / took:,.0f} events/s)")
    report_incidents(led.store)
    led.store.execute("ANALYZE")  # what PRAGMA optimize does for a ledger grown by ingest
    client = TestClient(create_app(str(path)))
    floor = timed(lambda: client.get("/static/none.js"))
    print(f"a request that reads nothing (a missing static file): {floor:.1f} ms, what every API time includes")
    for label, (route, query, bare) in requests(led.store).items():
        api_ms = timed(lambda r=route, q=query: client.get(r, params=q).raise_for_status())
        sql_ms = timed(bare)
        print(f"{label:28s} API {api_ms:7.1f} ms   bare SQL {sql_ms:7.1f} ms   ratio {api_ms / sql_ms:5.1f}")
    led.close()


if __name__ == "__main__":
    main()
