"""ACLED CSV: the 31 columns of ACLED's export layout (in use since 2023), one row per incident.

An incident is the ledger's reports of one event merged; ``fatalities`` is its killed under the chosen policy
(``conservative``, the smallest point estimate, is ACLED's own rule), so the rows sum to ``warledger totals``.
Its type, actors and notes are its first report's; ``source`` names the publishers and tellers of every report.
Actor types (``inter1``/``inter2``) come from data/state_parties.yaml: the war's own state is "State forces", a
foreign state or a coalition of states "External/Other forces" (ACLED's Inter 8), civilians "Civilians", any
other named armed party a "Rebel group"; an unidentified one stays empty. ``source_scale``, ``admin2``,
``admin3`` and ``tags`` stay empty: no shipped data knows them (``../shared/spec/exports.md``).
"""

from __future__ import annotations

import csv
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from warledger.export.common import sides_of
from warledger.export.incident_rows import ROWS, IncidentRow
from warledger.export.places import place_country
from warledger.extract.mentions.event_types import is_government_party, is_state_party
from warledger.ledger import Ledger
from warledger.model import DateSpan

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
           "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
           "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
           "source_url", "licence"]
GEO_PRECISION = {"site": 1, "town": 1, "near-town": 2, "area": 2, "admin1-part": 2, "route": 2, "admin1": 3,
                 "region": 3, "country": 3, "unknown": 3}
DISORDER = {"Protests": "Demonstrations", "Riots": "Demonstrations",
            "Strategic developments": "Strategic developments"}
"""ACLED's disorder type of each event type; any other (battles, explosions, violence against civilians) is
political violence."""
UNNAMED = ("unknown", "civilians")


def time_precision(span: DateSpan | None) -> int:
    """ACLED codes: 1 the day, 2 within a week or part of a month, 3 a month or longer."""
    if span is None:
        return 3
    return {"day": 1, "days": 2, "part-of-month": 2}.get(span.precision, 3)


def actor_type(party: str | None) -> str:
    """ACLED's Inter type of a party, as text."""
    if not party or party == "unknown":
        return ""
    if party == "civilians":
        return "Civilians"
    if is_government_party(party):
        return "State forces"
    return "External/Other forces" if is_state_party(party) else "Rebel group"


def _actors(r: IncidentRow) -> dict[str, Any]:
    """Actor 1 and 2 (UCDP's side order: the state first), each with the actors of its side beside it."""
    actors = r.actors()
    actor1, actor2 = sides_of(actors)
    states = [a for a in actors if is_state_party(a) and a not in (actor1, actor2)]
    others = [a for a in actors if not is_state_party(a) and a not in (actor1, actor2, *UNNAMED)]
    assoc_1, assoc_2 = (states, others) if actor1 and is_state_party(actor1) else ([], states + others)
    inter1, inter2 = actor_type(actor1), actor_type(actor2)
    civilians = r.anchor.type == "Violence against civilians" or "civilians" in r.killed()
    return {"actor1": actor1 or "", "assoc_actor_1": "; ".join(assoc_1), "inter1": inter1,
            "actor2": actor2 or "", "assoc_actor_2": "; ".join(assoc_2), "inter2": inter2,
            "interaction": "-".join(t for t in (inter1, inter2) if t) if inter1 else "",
            "civilian_targeting": "Civilian targeting" if civilians else ""}


def _place(r: IncidentRow) -> dict[str, Any]:
    place = r.incident.place
    country = place_country(place) or {}
    return {"iso": country.get("iso_numeric", ""), "region": country.get("region", ""),
            "country": country.get("name", ""), "admin1": place.admin1 if place and place.admin1 else "",
            "location": place.name if place and place.name else "",
            "latitude": place.lat if place and place.lat is not None else "",
            "longitude": place.lon if place and place.lon is not None else "",
            "geo_precision": GEO_PRECISION.get(place.precision if place else "unknown", 3)}


def row(r: IncidentRow, changed: int) -> dict[str, Any]:
    """The layout's row of one incident; ``changed``: when its reports last changed (Unix time)."""
    span = r.incident.date
    start = date.fromisoformat(span.start) if span and span.start else None
    country = place_country(r.incident.place) or {}
    event_type = r.anchor.type or ""
    return {"event_id_cnty": f"{country.get('iso3', 'XXX')}{r.incident.id.removeprefix('i-')}"
            if r.incident.id.startswith("i-") else r.incident.id,
            "event_date": start.strftime("%d %B %Y") if start else "", "year": start.year if start else "",
            "time_precision": time_precision(span),
            "disorder_type": DISORDER.get(event_type, "Political violence") if event_type else "",
            "event_type": event_type, "sub_event_type": r.anchor.sub_type or "", **_actors(r), **_place(r),
            "source": "; ".join(r.sources()), "notes": " ".join(e.text for _, e in r.reports),
            "fatalities": r.killed_total()[1], "timestamp": changed, **r.citation()}


def _changed(doc: dict[str, Any]) -> int:
    """A document row's time of storage as Unix time (now when the store does not say)."""
    stamp = doc.get("ingested_at")
    if isinstance(stamp, datetime):
        return int(stamp.timestamp())
    try:
        return int(datetime.fromisoformat(str(stamp)).timestamp())
    except ValueError:
        return int(time.time())


def write(ledger: Ledger, path: Path, policy: str = "conservative", level: str = "incident") -> int:
    """Write every incident's row and return how many."""
    n = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        for r in ROWS[level](ledger, policy):
            writer.writerow(row(r, max(_changed(d) for d in r.documents())))
            n += 1
    return n
