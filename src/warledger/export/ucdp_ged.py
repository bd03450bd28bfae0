"""UCDP GED CSV: the 49 columns of the GED codebook (since version 22.1), one row per deadly incident.

An incident is the ledger's reports of one event merged (``warledger.ledger``); its deaths are the stored
estimates under the chosen policy, so the rows sum to ``warledger totals``. Values follow the codebook's
vocabularies (``type_of_violence``, ``where_prec``, ``date_prec``, ``event_clarity``); UCDP's own conflict,
dyad and side ids stay empty, as no shipped mapping knows our actors (``../shared/spec/exports.md``). GED holds
deadly events only: an incident with no death is left out. Each row also cites the texts it comes from
(``source_url``, ``licence``: a Wikipedia article's attribution).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from warledger.export.common import STATE_PARTIES, sides_of
from warledger.export.incident_rows import ROWS, IncidentRow
from warledger.export.places import place_country, priogrid
from warledger.extract.mentions.event_types import is_government_party
from warledger.ledger import Ledger
from warledger.model import DateSpan, Place

COLUMNS = ["id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
           "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
           "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
           "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
           "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
           "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
           "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low", "gwnoa",
           "gwnob", "source_url", "licence"]
WHERE_PREC = {"site": 1, "town": 1, "near-town": 2, "area": 3, "admin1-part": 4, "admin1": 4, "route": 5,
              "region": 6, "country": 6, "unknown": 6}


def date_prec(span: DateSpan | None) -> int:
    """UCDP codes: 1 the day, 2 within 2–6 days, 3 a week, 4 a month, 5 longer."""
    if span is None or not span.start:
        return 5
    if span.precision == "day":
        return 1
    if span.precision == "days" and span.end:
        days = (date.fromisoformat(span.end) - date.fromisoformat(span.start)).days + 1
        return 2 if days <= 6 else 3 if days <= 7 else 4 if days <= 31 else 5
    return 4 if span.precision in ("part-of-month", "month") else 5


def violence_type(event_type: str | None, side_a: str | None, side_b: str | None) -> int:
    """1 state-based, 2 non-state, 3 one-sided violence against civilians."""
    if event_type == "Violence against civilians":
        return 3
    return 1 if side_a in STATE_PARTIES or side_b in STATE_PARTIES else 2


def _deaths(r: IncidentRow, side_a: str | None, side_b: str | None) -> dict[str, Any]:
    per_party = r.killed()
    low, best, high = r.killed_total()
    return {"deaths_a": per_party.get(side_a, (0, 0, 0))[1], "deaths_b": per_party.get(side_b, (0, 0, 0))[1],
            "deaths_civilians": per_party.get("civilians", (0, 0, 0))[1],
            "deaths_unknown": sum(v[1] for k, v in per_party.items() if k not in (side_a, side_b, "civilians")),
            "best": best, "high": "" if high is None else high, "low": low}


def _where(place: Place | None) -> dict[str, Any]:
    country = place_country(place) or {}
    located = place is not None and place.lat is not None and place.lon is not None
    return {"where_prec": WHERE_PREC.get(place.precision if place else "unknown", 6),
            "where_coordinates": place.name if place and place.name else "",
            "where_description": (place.text or place.name or "") if place else "",
            "adm_1": place.admin1 if place and place.admin1 else "", "adm_2": "",
            "latitude": place.lat if located else "", "longitude": place.lon if located else "",
            "geom_wkt": f"POINT({place.lon} {place.lat})" if located else "",
            "priogrid_gid": priogrid(place.lat, place.lon) if located else "",  # type: ignore[arg-type]
            "country": country.get("name", ""), "country_id": country.get("gw", ""),
            "region": country.get("region", "")}


def _sources(r: IncidentRow) -> dict[str, Any]:
    docs, sources = r.documents(), r.sources()
    return {"number_of_sources": len(sources), "source_article": "; ".join(d["id"] for d in docs),
            "source_office": "; ".join(sources),
            "source_date": "; ".join(dict.fromkeys(d["reference_date"] for d in docs if d.get("reference_date"))),
            "source_headline": "; ".join(dict.fromkeys(d["title"] for d in docs if d.get("title"))),
            "source_original": "; ".join(sources)}


def row(n: int, r: IncidentRow) -> dict[str, Any]:
    """The codebook row of one incident."""
    side_a, side_b = sides_of(r.actors())
    span, place = r.incident.date, r.incident.place
    country = place_country(place) or {}
    return {"id": n, "relid": r.incident.id, "year": (span.start or "")[:4] if span else "",
            "type_of_violence": violence_type(r.anchor.type, side_a, side_b),
            "dyad_name": " - ".join(s for s in (side_a, side_b) if s), "side_a": side_a or "",
            "side_b": side_b or "", **_sources(r), **_where(place),
            "event_clarity": 1 if span and span.precision in ("day", "days") else 2, "date_prec": date_prec(span),
            "date_start": span.start if span and span.start else "",
            "date_end": (span.end or span.start or "") if span else "", **_deaths(r, side_a, side_b),
            "gwnoa": country.get("gw", "") if side_a and is_government_party(side_a) else "",
            **r.citation()}


def write(ledger: Ledger, path: Path, policy: str = "conservative", level: str = "incident") -> int:
    """Write the deadly incidents' rows (an incident with no death is no GED event) and return how many."""
    n = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        for r in ROWS[level](ledger, policy):
            _, best, high = r.killed_total()
            if best or high is None or high:  # some estimate has a death (an unbounded high counts)
                n += 1
                writer.writerow(row(n, r))
    return n
