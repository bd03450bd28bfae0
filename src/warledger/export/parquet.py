"""Parquet (pyarrow): one row per report's event, its figures nested, for pandas and DuckDB.

Rows are reports, as ``/api/events`` lists them; ``incident_id`` names the incident each belongs to, so that
``GROUP BY incident_id`` counts as ``warledger totals`` does. Dates are typed (``date32``), not text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from warledger.export.common import citations, killed_total
from warledger.export.incident_rows import event_incidents
from warledger.ledger import Ledger
from warledger.model import Event


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _row(doc: str, e: Event, incident: str | None) -> dict[str, Any]:
    low, best, high = killed_total(e)
    return {
        "id": f"{doc}:{e.id}", "incident_id": incident, "document": doc,
        "date_start": _day(e.date.start if e.date else None), "date_end": _day(e.date.end if e.date else None),
        "date_precision": e.date.precision if e.date else None,
        "place": e.place.name if e.place else None, "admin1": e.place.admin1 if e.place else None,
        "latitude": e.place.lat if e.place else None, "longitude": e.place.lon if e.place else None,
        "type": e.type, "sub_type": e.sub_type, "actors": e.actors, "killed_low": low, "killed_best": best,
        "killed_high": high, "text": e.text, "sentence_offset": e.offset,
        "casualties": [{"party": f.party, "group": f.group, "status": f.status, "low": f.count.low,
                        "high": f.count.high, "source": f.source, "source_kind": f.source_kind, "quote": f.quote,
                        "quote_offset": f.quote_offset, "subset_of": f.subset_of} for f in e.casualties]}


def table(ledger: Ledger, policy: str = "conservative"):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    cited, incident_of = citations(ledger), event_incidents(ledger, policy)
    rows = [_row(doc, e, incident_of.get(f"{doc}:{e.id}")) | cited.get(doc, {"source_url": "", "licence": ""})
            for doc, e in ledger.store.events_with_documents()]
    return pa.Table.from_pylist(rows)


def write(ledger: Ledger, path: Path, policy: str = "conservative") -> int:
    """Write one row per report, its incident named in ``incident_id``."""
    import pyarrow.parquet as pq

    data = table(ledger, policy)
    pq.write_table(data, path)
    return data.num_rows
