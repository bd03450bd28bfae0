"""The offline gazetteer: places, governorates and their spellings.

Three bundled TSV files, sources in their headers: ``gazetteer.tsv``
(GeoNames populated places of Syria and Iraq, built by
``scripts/build_gazetteer.py``), ``places_curated.tsv`` (sites, fields,
routes and regions) and ``governorates.tsv``. Curated entries win over
generated ones of the same name.

>>> gz = Gazetteer.load()
>>> [(m.entry.name, m.entry.admin1) for m in gz.find("clashes near al-Mayadin and in Homs Governorate")]
[('Mayadin', 'Deir ez-Zor'), ('Homs', 'Homs')]
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass

from warledger.data import data_text
from warledger.extract.phrases import PhraseMatcher, fold

ADMIN_CONTEXT_AFTER = re.compile(r"^\s+(?:governorate|province|countryside|desert|badia|rural)\b", re.I)
ADMIN_CONTEXT_BEFORE = re.compile(
    r"(?:(?:north|south|east|west|central)(?:ern|east|west)*(?:ern)?\s+(?:countryside\s+of\s+)?|"
    r"countryside\s+of\s+|desert\s+of\s+|province\s+of\s+|governorate\s+of\s+|outskirts\s+of\s+rural\s+)(?:the\s+)?$",
    re.I)
# Names that read as English words unless written as a name.
CASE_SENSITIVE = {"Hit", "Bab", "Tal", "Ain", "Raqqa"}


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: str  # town | site | area | route | region | admin1 | country
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    source: str
    curated: bool = False


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    entry: GazetteerEntry


def _rows(name: str) -> list[dict[str, str]]:
    lines = [line for line in data_text(name).splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"))


def _float(value: str | None) -> float | None:
    return float(value) if value else None


def _place_entries(name: str, curated: bool) -> list[tuple[list[str], GazetteerEntry]]:
    out = []
    for row in _rows(name):
        entry = GazetteerEntry(row["name"], row["kind"], row["admin1"] or None, row["country"] or None,
                               _float(row["lat"]), _float(row["lon"]), row["source"], curated)
        out.append(([row["name"], *filter(None, row["aliases"].split("|"))], entry))
    return out


def _governorate_entries() -> list[tuple[list[str], GazetteerEntry]]:
    out = []
    for row in _rows("governorates.tsv"):
        entry = GazetteerEntry(row["admin1"], "admin1", row["admin1"], row["country"], _float(row["lat"]),
                               _float(row["lon"]), row["source"], True)
        out.append(([row["admin1"], *filter(None, row["aliases"].split("|"))], entry))
    return out


class Gazetteer:
    """Name lookups and an Aho-Corasick scanner over every spelling."""

    def __init__(self, entries: list[tuple[list[str], GazetteerEntry]]):
        by_name: dict[str, list[GazetteerEntry]] = {}
        pairs = []
        for names, entry in entries:
            for name in dict.fromkeys(names):
                if len(name) >= 3:
                    by_name.setdefault(fold(name), []).append(entry)
                    pairs.append((name, fold(name)))
        self._by_name = {k: sorted(v, key=_preference) for k, v in by_name.items()}
        folded_sensitive = {fold(n) for n in CASE_SENSITIVE}
        sensitive = [n for n, key in pairs if key in folded_sensitive]
        self._matcher = PhraseMatcher(pairs, case_sensitive=sensitive)
        self._governorates = {k: v[0].admin1 for k, v in self._by_name.items() if v[0].kind == "admin1"}

    @classmethod
    def load(cls) -> Gazetteer:
        """The bundled gazetteer (read once per process)."""
        return _bundled()

    def names(self) -> list[str]:
        """Every spelling the gazetteer knows (folded)."""
        return list(self._by_name)

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The preferred entry for an exact name or alias."""
        entries = self._by_name.get(fold(" ".join(name.split())))
        return entries[0] if entries else None

    def governorate(self, name: str) -> str | None:
        """The canonical governorate for one of its names."""
        entries = [e for e in self._by_name.get(fold(name.strip()), []) if e.kind == "admin1"]
        return entries[0].admin1 if entries else None

    def find(self, text: str) -> list[PlaceMention]:
        """Every place named in ``text``, left-most longest."""
        out = []
        for hit in self._matcher.find(text):
            key = hit.value if isinstance(hit.value, str) else hit.value[0]
            entry = _choose(self._by_name[key], text, hit.start, hit.end)
            # A generated name written in lower case is an English word ("seen"), not a place.
            if entry.curated or text[hit.start].isupper() or not text[hit.start].isalpha():
                out.append(PlaceMention(hit.start, hit.end, entry))
        return out


def _preference(entry: GazetteerEntry) -> tuple[int, int]:
    # Curated before generated; a town before a governorate of the same name.
    return (0 if entry.curated else 1, 1 if entry.kind == "admin1" else 0)


def _choose(entries: list[GazetteerEntry], text: str, start: int, end: int) -> GazetteerEntry:
    """A governorate where the text says so ("Homs Governorate", "eastern Homs"), else the preferred entry."""
    admin = [e for e in entries if e.kind == "admin1"]
    if admin and (ADMIN_CONTEXT_AFTER.match(text[end:]) or ADMIN_CONTEXT_BEFORE.search(text[max(0, start - 40):start])):
        return admin[0]
    return entries[0]


@functools.cache
def _bundled() -> Gazetteer:
    return Gazetteer(_place_entries("places_curated.tsv", True) + _governorate_entries()
                     + _place_entries("gazetteer.tsv", False))
