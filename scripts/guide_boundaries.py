"""Write the public guide's district boundaries: `teilhabe/guide/data/district-boundaries.json`.

From `../shared/data/nrw-districts.geojson` (Geobasis NRW DVG2, dl-de/zero-2-0; see that
folder's README): each district's rings simplified with Douglas–Peucker (TOLERANCE degrees,
about 100 m: a pixel at the zoom that shows a district) and rounded to 4 decimals (about
10 m), keyed by the 5-digit district key: 178 KB for all, at most 7 KB a district. One district
is shown at a time, so rings are simplified on their own (gaps between neighbours do not show).
Usage: `python scripts/guide_boundaries.py [SOURCE]`; idempotent.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "nrw-districts.geojson"
TARGET = ROOT / "teilhabe" / "guide" / "data" / "district-boundaries.json"
TOLERANCE = 0.0015

Point = tuple[float, float]


def _distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def simplify(points: list[Point]) -> list[Point]:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > far:
                far, index = d, i
        if index != -1 and far > TOLERANCE:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(points: list[list[float]]) -> list[list[float]]:
    pts = simplify([(float(x), float(y)) for x, y in points])
    if len(pts) < 4:  # a ring too small to keep its shape: keep it as it was
        pts = [(float(x), float(y)) for x, y in points]
    return [[round(x, 4), round(y, 4)] for x, y in pts]


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    data = json.loads(source.read_text(encoding="utf-8"))
    out: dict[str, dict[str, object]] = {}
    for feature in sorted(data["features"], key=lambda f: f["properties"]["key"]):
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        out[feature["properties"]["key"]] = {
            "type": "MultiPolygon",
            "coordinates": [[ring(r) for r in polygon] for polygon in polygons],
        }
    TARGET.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(out)} districts, {TARGET.stat().st_size} bytes -> {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
