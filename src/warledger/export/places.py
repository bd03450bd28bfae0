"""The country columns of the export codebooks, from an event's governorate (or the country it is placed in), and
PRIO-GRID cells.

>>> country_of("Homs")["name"], country_of("Nineveh")["iso_numeric"], country_of(None)
('Syria', 368, None)
>>> place_country(Place("Turkey", precision="country"))["iso3"]
'TUR'
>>> priogrid(33.51, 36.29)  # Damascus
178273
"""

from __future__ import annotations

import functools
import math
from typing import Any

from warledger.data import data_text, load_yaml
from warledger.model import Place


@functools.cache
def _countries_by_admin1() -> dict[str, dict[str, Any]]:
    """Each governorate's country row (data/countries.yaml), by the governorate's canonical name."""
    countries = load_yaml("countries.yaml")["countries"]
    rows = [line.split("\t") for line in data_text("governorates.tsv").splitlines()
            if line and not line.startswith("#")][1:]
    return {admin1: countries[code] for admin1, code, *_ in rows if code in countries}


def country_of(admin1: str | None) -> dict[str, Any] | None:
    """The country (name, ISO codes, Gleditsch–Ward number, region) a governorate belongs to, if known."""
    return _countries_by_admin1().get(admin1) if admin1 else None


def place_country(place: Place | None) -> dict[str, Any] | None:
    """The country of an event's place: its governorate's, or the country itself for a place of country precision
    ("five civilians in Turkey were injured")."""
    if place is None:
        return None
    if place.admin1 or place.precision != "country":
        return country_of(place.admin1)
    return next((c for c in load_yaml("countries.yaml")["countries"].values() if c["name"] == place.name), None)


def priogrid(lat: float, lon: float) -> int:
    """The PRIO-GRID cell of a point (0.5 degree cells: gid = (row - 1) * 720 + col)."""
    row = math.floor((lat + 90) / 0.5) + 1
    col = math.floor((lon + 180) / 0.5) + 1
    return (row - 1) * 720 + col
