"""/api/events on a ledger of 100,000 synthetic events: time per page.

    .venv/bin/python bench/bench_api.py [--events 100000]

Prints the time of a page of 100 events through the HTTP API (in process),
first page, a filtered page and a deep page, beside the bare SQL query for
the same rows in the same process (the baseline). The target: a page well
under 100 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from warledger.ledger import Ledger
from warledger.model import CasualtyFigure, Count, DateSpan, Document, DocumentInfo, Event, LedgerDocument, Place

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from warledger.web.api import create_app

PARTIES = ["pro-government", "IS", "civilians", "SDF", "unknown"]
PLACES = [("Mayadin", "Deir ez-Zor", 35.02, 40.45), ("Palmyra", "Homs", 34.56, 38.28),
          ("Sukhnah", "Homs", 34.89, 38.87), ("Ithriya", "Hama", 35.35, 37.85), ("Ma'adan", "Raqqa", 35.73, 39.58)]


def synthetic(doc_id: str, n: int, rng: random.Random) -> tuple[Document, LedgerDocument]:
    text = f"Synthetic report {doc_id}."
    events = []
    for i in range(n):
        day = f"{rng.randint(2017, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        name, admin1, lat, lon = rng.choice(PLACES)
        figures = [CasualtyFigure(rng.choice(PARTIES), None, "killed", Count(k, k), rng.choice(["SOHR", None]))
                   for k in (rng.randint(1, 30) for _ in range(rng.randint(1, 3)))]
        events.append(Event(f"e-{i:06d}", None, 0, text, DateSpan(day, day, "day"),
                            Place(name, admin1, lat, lon, "town"), "Battles", "Armed clash", ["IS"], figures))
    doc = Document(doc_id, doc_id, "text", text)
    return doc, LedgerDocument(DocumentInfo(doc_id, doc_id, "text"), None, events)


def build(path: Path, total: int) -> None:
    rng = random.Random(7)
    led = Ledger.open(path)
    per_doc = 10_000
    for d in range(total // per_doc):
        doc, ledger = synthetic(f"synthetic-{d:02d}", per_doc, rng)
        led.store.put(doc, ledger)
    led.close()


def timed(fn, repeat: int = 15) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "bench.db"
    start = time.perf_counter()
    build(path, args.events)
    print(f"built a ledger of {args.events:,} events in {time.perf_counter() - start:.1f} s")
    client = TestClient(create_app(str(path)))
    led = Ledger.open(path)
    queries = {"first page": {"limit": 100}, "filtered (IS, Homs, 2020)": {"party": "IS", "admin1": "Homs",
                                                                           "from": "2020-01-01", "to": "2020-12-31",
                                                                           "limit": 100},
               "deep page (offset 50,000)": {"limit": 100, "offset": 50_000}}
    for label, params in queries.items():
        api_ms = timed(lambda p=params: client.get("/api/events", params=p).raise_for_status())
        sql_ms = timed(lambda p=params: led.store.rows(
            "SELECT * FROM events ORDER BY date_start LIMIT ? OFFSET ?", (p["limit"], p.get("offset", 0))))
        print(f"{label:28s} API {api_ms:6.1f} ms per page   bare SQL {sql_ms:6.1f} ms   ratio {api_ms / sql_ms:.1f}")
    led.close()


if __name__ == "__main__":
    main()
