"""Build src/warledger/web/static/basemap.geojson (dev time only).

Country outlines of Syria, Iraq and their neighbours from Natural Earth 1:50m
(public domain, https://www.naturalearthdata.com), as packaged in the npm
registry's ``world-atlas`` (ISC licence, TopoJSON). Usage:

    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python scripts/build_basemap.py package/countries-50m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/warledger/web/static/basemap.geojson"
COUNTRIES = {"760": "Syria", "368": "Iraq", "792": "Turkey", "400": "Jordan", "422": "Lebanon", "376": "Israel",
             "682": "Saudi Arabia", "364": "Iran", "414": "Kuwait", "275": "Palestine"}


def decode_arcs(topology: dict) -> list[list[list[float]]]:
    """Quantised, delta-encoded arcs → lon/lat positions rounded to 3 decimals."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * sx + tx, 3), round(y * sy + ty, 3)])
        arcs.append(points)
    return arcs


def ring(arcs: list[list[list[float]]], indexes: list[int]) -> list[list[float]]:
    points: list[list[float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def feature(arcs: list, geometry: dict) -> dict:
    if geometry["type"] == "Polygon":
        coords = [ring(arcs, r) for r in geometry["arcs"]]
    else:
        coords = [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return {"type": "Feature", "properties": {"name": COUNTRIES[geometry["id"]], "focus":
                                              geometry["id"] in ("760", "368")},
            "geometry": {"type": geometry["type"], "coordinates": coords}}


def main(path: str) -> None:
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]
    features = [feature(arcs, g) for g in geometries if g.get("id") in COUNTRIES]
    OUT.write_text(json.dumps({"type": "FeatureCollection", "source": "Natural Earth 1:50m (public domain) via "
                               "the world-atlas npm package (ISC); built by scripts/build_basemap.py",
                               "features": features}, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {len(features)} countries to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
