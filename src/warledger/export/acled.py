"""ACLED-style CSV: one row per event with its type, actors, place and fatalities."""

from __future__ import annotations

import csv
from pathlib import Path

from warledger.export.common import citations, killed_total, sides
from warledger.ledger import Ledger
from warledger.model import Event

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
           "actor2", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
           "fatalities", "source_url", "licence"]
GEO_PRECISION = {"site": 1, "town": 1, "near-town": 2, "area": 2, "admin1-part": 2, "route": 2, "admin1": 3,
                 "region": 3, "country": 3, "unknown": 3}
COUNTRY_CODES = {"SY": "SYR", "IQ": "IRQ"}


def time_precision(event: Event) -> int:
    """ACLED codes: 1 the day, 2 within a week or part of a month, 3 a month or longer."""
    d = event.date
    if d is None:
        return 3
    return {"day": 1, "days": 2, "part-of-month": 2}.get(d.precision, 3)


def row(doc: str, n: int, event: Event) -> dict[str, object]:
    actor1, actor2 = sides(event)
    place, date = event.place, event.date
    return {"event_id_cnty": f"{doc}-{n:05d}", "event_date": date.start if date else "",
            "year": (date.start or "")[:4] if date else "", "time_precision": time_precision(event),
            "event_type": event.type or "", "sub_event_type": event.sub_type or "", "actor1": actor1 or "",
            "actor2": actor2 or "", "admin1": place.admin1 if place and place.admin1 else "",
            "location": place.name if place else "", "latitude": place.lat if place else None,
            "longitude": place.lon if place else None,
            "geo_precision": GEO_PRECISION.get(place.precision if place else "unknown", 3),
            "source": "; ".join(event.sources) or doc, "notes": event.text, "fatalities": killed_total(event)[1]}


def write(ledger: Ledger, path: Path) -> int:
    cited = citations(ledger)
    rows = [row(doc, n, e) | cited.get(doc, {}) for n, (doc, e) in
            enumerate(ledger.store.events_with_documents(), start=1)]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
