"""UCDP GED-style CSV: one row per incident, deaths per side, precision codes."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from warledger.export.common import STATE_PARTIES, citations, killed_by_party, killed_total, sides
from warledger.ledger import Ledger
from warledger.model import Event

COLUMNS = ["id", "year", "type_of_violence", "side_a", "side_b", "adm_1", "where_coordinates", "latitude",
           "longitude", "where_prec", "date_start", "date_end", "date_prec", "deaths_a", "deaths_b",
           "deaths_civilians", "deaths_unknown", "best", "low", "high", "source_article", "source_original",
           "source_url", "licence"]
WHERE_PREC = {"site": 1, "town": 1, "near-town": 2, "area": 3, "admin1-part": 4, "admin1": 4, "route": 5,
              "region": 6, "country": 6, "unknown": 6}


def date_prec(event: Event) -> int:
    """UCDP codes: 1 the day, 2 within 2–6 days, 3 a week, 4 a month, 5 longer."""
    d = event.date
    if d is None or not d.start:
        return 5
    if d.precision == "day":
        return 1
    if d.precision == "days" and d.end:
        span = (date.fromisoformat(d.end) - date.fromisoformat(d.start)).days + 1
        return 2 if span <= 6 else 3 if span <= 7 else 4 if span <= 31 else 5
    return 4 if d.precision in ("part-of-month", "month") else 5


def violence_type(event: Event, side_a: str | None, side_b: str | None) -> int:
    """1 state-based, 2 non-state, 3 one-sided violence against civilians."""
    if event.type == "Violence against civilians":
        return 3
    return 1 if side_a in STATE_PARTIES or side_b in STATE_PARTIES else 2


def row(doc: str, seq: int, event: Event) -> dict[str, object]:
    side_a, side_b = sides(event)
    per_party = killed_by_party(event)
    low, best, high = killed_total(event)
    place, span = event.place, event.date
    return {"id": f"{doc}:{event.id}", "year": (span.start or "")[:4] if span else "",
            "type_of_violence": violence_type(event, side_a, side_b), "side_a": side_a or "", "side_b": side_b or "",
            "adm_1": place.admin1 if place and place.admin1 else "", "where_coordinates": place.name if place else "",
            "latitude": place.lat if place else None, "longitude": place.lon if place else None,
            "where_prec": WHERE_PREC.get(place.precision if place else "unknown", 6),
            "date_start": span.start if span else "", "date_end": (span.end or span.start) if span else "",
            "date_prec": date_prec(event), "deaths_a": per_party.get(side_a, (0, 0, 0))[1],
            "deaths_b": per_party.get(side_b, (0, 0, 0))[1],
            "deaths_civilians": per_party.get("civilians", (0, 0, 0))[1],
            "deaths_unknown": sum(v[1] for k, v in per_party.items() if k not in (side_a, side_b, "civilians")),
            "best": best, "low": low, "high": "" if high is None else high,
            "source_article": doc, "source_original": "; ".join(event.sources)}


def write(ledger: Ledger, path: Path) -> int:
    cited = citations(ledger)
    rows = [row(doc, i, e) | cited.get(doc, {}) for i, (doc, e) in enumerate(ledger.store.events_with_documents())]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
