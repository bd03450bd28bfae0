"""Parquet (pyarrow): one row per incident, its figures nested, for pandas and DuckDB."""

from __future__ import annotations

from pathlib import Path

from warledger.export.common import citations, killed_total
from warledger.ledger import Ledger


def table(ledger: Ledger):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    rows, cited = [], citations(ledger)
    for doc, e in ledger.store.events_with_documents():
        low, best, high = killed_total(e)
        rows.append({
            "id": f"{doc}:{e.id}", "document": doc, "date_start": e.date.start if e.date else None,
            "date_end": e.date.end if e.date else None, "date_precision": e.date.precision if e.date else None,
            "place": e.place.name if e.place else None, "admin1": e.place.admin1 if e.place else None,
            "latitude": e.place.lat if e.place else None, "longitude": e.place.lon if e.place else None,
            "type": e.type, "sub_type": e.sub_type, "actors": e.actors, "killed_low": low, "killed_best": best,
            "killed_high": high, "text": e.text, "sentence_offset": e.offset,
            "casualties": [{"party": f.party, "group": f.group, "status": f.status, "low": f.count.low,
                            "high": f.count.high, "source": f.source, "source_kind": f.source_kind, "quote": f.quote,
                            "quote_offset": f.quote_offset, "subset_of": f.subset_of} for f in e.casualties],
            **cited.get(doc, {"source_url": "", "licence": ""})})
    return pa.Table.from_pylist(rows)


def write(ledger: Ledger, path: Path) -> int:
    import pyarrow.parquet as pq

    data = table(ledger)
    pq.write_table(data, path)
    return data.num_rows
