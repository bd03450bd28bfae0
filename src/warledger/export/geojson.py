"""GeoJSON FeatureCollection of the geocoded incidents (points), for QGIS and web maps.

One feature per incident with a place, as the UCDP and ACLED exports count them; its properties are scalars
(QGIS shows a list as a string): killed low/best/high over all parties and per party (``killed_IS``), its
reports' events, sources and documents joined with "; ", and the citation of the texts it quotes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from warledger.export.incident_rows import ROWS, IncidentRow
from warledger.ledger import Ledger


def properties(r: IncidentRow) -> dict[str, Any]:
    """An incident's flat properties."""
    place, span = r.incident.place, r.incident.date
    low, best, high = r.killed_total()
    per_party = {f"killed_{party or 'all'}": v[1] for party, v in r.killed().items()}
    return {"id": r.incident.id, "date_start": span.start if span else None, "date_end": span.end if span else None,
            "date_precision": span.precision if span else None, "type": r.anchor.type,
            "sub_type": r.anchor.sub_type, "actors": "; ".join(r.actors()), "place": place.name if place else None,
            "admin1": place.admin1 if place else None, "precision": place.precision if place else None,
            "killed_low": low, "killed_best": best, "killed_high": high, **per_party,
            "reports": len(r.reports), "events": "; ".join(r.incident.events), "sources": "; ".join(r.sources()),
            "source_kinds": "; ".join(dict.fromkeys(f.source_kind for _, e in r.reports for f in e.casualties
                                                    if f.source_kind)),
            "documents": "; ".join(d["id"] for d in r.documents()), "text": r.anchor.text, **r.citation()}


def features(ledger: Ledger, policy: str = "conservative", level: str = "incident") -> list[dict[str, Any]]:
    out = []
    for r in ROWS[level](ledger, policy):
        place = r.incident.place
        if place is None or place.lat is None or place.lon is None:
            continue
        out.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                    "properties": properties(r)})
    return out


def write(ledger: Ledger, path: Path, policy: str = "conservative", level: str = "incident") -> int:
    feats = features(ledger, policy, level)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False),
                    encoding="utf-8")
    return len(feats)
