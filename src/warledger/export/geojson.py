"""GeoJSON FeatureCollection of the geocoded incidents (points), for QGIS and web maps."""

from __future__ import annotations

import json
from pathlib import Path

from warledger.export.common import citations, killed_total
from warledger.ledger import Ledger
from warledger.model import to_dict


def features(ledger: Ledger) -> list[dict[str, object]]:
    out, cited = [], citations(ledger)
    for doc, event in ledger.store.events_with_documents():
        place = event.place
        if place is None or place.lat is None or place.lon is None:
            continue
        low, best, high = killed_total(event)
        out.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                    "properties": {"id": f"{doc}:{event.id}", "document": doc,
                                   "date": event.date.start if event.date else None, "type": event.type,
                                   "sub_type": event.sub_type, "place": place.name, "admin1": place.admin1,
                                   "precision": place.precision, "killed_low": low, "killed_best": best,
                                   "killed_high": high, "casualties": to_dict(event.casualties),
                                   "text": event.text, **cited.get(doc, {})}})
    return out


def write(ledger: Ledger, path: Path) -> int:
    feats = features(ledger)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False),
                    encoding="utf-8")
    return len(feats)
