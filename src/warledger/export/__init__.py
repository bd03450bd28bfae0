"""Exports of the ledger in the layouts other tools read.

``ucdp-ged`` and ``acled`` are CSV in those datasets' column layouts,
``geojson`` a FeatureCollection of geocoded incidents for QGIS, ``parquet``
one row per incident (figures nested) for pandas or DuckDB, ``json`` the
contract's documents.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from warledger.export import acled, geojson, json_docs, parquet, ucdp_ged
from warledger.ledger import Ledger

FORMATS: dict[str, Callable[[Ledger, Path], int]] = {
    "ucdp-ged": ucdp_ged.write,
    "acled": acled.write,
    "geojson": geojson.write,
    "parquet": parquet.write,
    "json": json_docs.write,
}


def export(ledger: Ledger, fmt: str, path: str | Path) -> int:
    """Write the ledger as ``fmt`` to ``path``; return the number of records."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return FORMATS[fmt](ledger, Path(path))
