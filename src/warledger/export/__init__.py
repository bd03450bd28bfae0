"""Exports of the ledger in the layouts other tools read.

``ucdp-ged`` and ``acled`` are CSV in those datasets' column layouts, one row
per incident (the reports of one event merged, counted under a policy as
``warledger totals`` counts them); ``geojson`` a FeatureCollection of the
geocoded incidents for QGIS; ``parquet`` one row per report's event (figures
nested, with its incident's id) for pandas or DuckDB; ``json`` the contract's
documents.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from warledger.export import acled, geojson, json_docs, parquet, ucdp_ged
from warledger.export.incident_rows import ROWS
from warledger.ledger import Ledger
from warledger.ledger.estimates import POLICIES

BY_INCIDENT: dict[str, Callable[[Ledger, Path, str, str], int]] = {
    "ucdp-ged": ucdp_ged.write,
    "acled": acled.write,
    "geojson": geojson.write,
}
"""The layouts with a row per incident (or per report on request), counted under a policy."""
FORMATS = [*BY_INCIDENT, "parquet", "json"]


def export(ledger: Ledger, fmt: str, path: str | Path, policy: str = "conservative", level: str = "incident") -> int:
    """Write the ledger as ``fmt`` to ``path``, counted under ``policy`` (conservative or median) by incident (the
    reports of one event merged) or, ``level="report"``, each report on its own; return the number of records."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}; choose one of {', '.join(POLICIES)}")
    if level not in ROWS:
        raise ValueError(f"unknown level {level!r}; choose one of {', '.join(ROWS)}")
    if fmt in BY_INCIDENT:
        return BY_INCIDENT[fmt](ledger, Path(path), policy, level)
    return parquet.write(ledger, Path(path), policy) if fmt == "parquet" else json_docs.write(ledger, Path(path))
