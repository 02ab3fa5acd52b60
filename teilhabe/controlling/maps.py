"""The districts' map as server-rendered SVG paths, computed once per process.

Geometry: `data/nrw-districts.geojson`, a copy of `../shared/data/nrw-districts.geojson` — the
53 Kreise and kreisfreie Städte from Geobasis NRW's DVG2 (layer Kreise, Stand 24.01.2018),
dl-de/zero-2-0, simplified preserving topology; properties `key` (the 5-digit district key,
05111..05978, exactly the keys of `territory.District.key`), `name`, `kind`,
`regierungsbezirk` (see that folder's README). The keys are matched to our districts by
`District.key` and nothing else.

Projection: equirectangular, longitudes scaled by cos of the middle latitude (at 51.4° N a
degree of longitude is 0.62 of a degree of latitude), into a box `WIDTH` wide. Simplification:
the rings are cut into arcs where the neighbours change (a run of edges shared by the same
rings), each arc is simplified once with Douglas–Peucker (`TOLERANCE` in map units) and reused
by both neighbours, so no gaps open between districts. From some 33,000 vertices about a tenth
remain; the paths are built on the first request and cached for the life of the process
(`districts()`), so a page only colours them.

The City of Aachen runs the 54th KI but is no district of its own: it lies inside the
Städteregion Aachen (05334), which the file holds as one area. The map shows the Städteregion's
KI on that area and the City's KI as a marked point at the City's centre (`point`), each with
its own value; summing the two would be wrong for any indicator that is not a count (a median
of days, FTE per month).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

GEOJSON = Path(__file__).resolve().parent / "data" / "nrw-districts.geojson"
ATTRIBUTION = (
    "Verwaltungsgrenzen: © Geobasis NRW (DVG2, Stand 2018), dl-de/zero-2-0, Geometrie vereinfacht"
)
WIDTH = 600.0
PADDING = 4.0
TOLERANCE = 0.6  # map units (about 0.6 px at the map's width): below what a screen shows

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    key: str  # the district key
    name: str
    path: str  # the SVG path data, every ring closed


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    shapes: tuple[Shape, ...]
    vertices: int  # after simplification
    source_vertices: int
    # the projection: x = (lon - west) * kx + PADDING, y = (north - lat) * ky + PADDING
    west: float
    north: float
    kx: float
    ky: float

    def point(self, lon: float, lat: float) -> Point:
        return (self.west_x(lon), self.north_y(lat))

    def west_x(self, lon: float) -> float:
        return round((lon - self.west) * self.kx + PADDING, 1)

    def north_y(self, lat: float) -> float:
        return round((self.north - lat) * self.ky + PADDING, 1)


def _rings(geometry: dict[str, Any]) -> list[list[Point]]:
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    rings = []
    for polygon in polygons:
        for ring in polygon:
            points = [(float(x), float(y)) for x, y in ring]
            if points[0] == points[-1]:
                points = points[:-1]
            rings.append(points)
    return rings


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance of p from the segment a–b."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker on an open line; both ends are kept (iterative: no recursion limit)."""
    if len(points) < 3:
        return list(points)
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
        if index != -1 and far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _edge(a: Point, b: Point) -> tuple[Point, Point]:
    return (a, b) if a <= b else (b, a)


def _arcs_of(
    ring: list[Point], users: dict[tuple[Point, Point], frozenset[int]]
) -> list[list[Point]]:
    """The ring cut where the set of rings that share its edges changes (each arc closed at
    both ends: its last point is the next arc's first)."""
    n = len(ring)
    signature = [users[_edge(ring[i], ring[(i + 1) % n])] for i in range(n)]
    cuts = [i for i in range(n) if signature[i] != signature[i - 1]]
    if not cuts:  # one neighbour all round (an island, an enclave): one closed arc
        start = ring.index(min(ring))
        turned = ring[start:] + ring[:start]
        return [[*turned, turned[0]]]
    arcs = []
    for k, cut in enumerate(cuts):
        end = cuts[(k + 1) % len(cuts)]
        span = (end - cut) % n or n
        arcs.append([ring[(cut + j) % n] for j in range(span + 1)])
    return arcs


def _simplified_arc(
    arc: list[Point], done: dict[tuple[Point, ...], list[Point]], tol: float
) -> list[Point]:
    """The arc simplified, the same for both rings that share it (whichever comes first)."""
    forward = tuple(arc)
    backward = forward[::-1]
    key = min(forward, backward)
    if key not in done:
        line = list(key)
        if line[0] == line[-1]:  # closed: keep the point farthest from the start, too
            far = max(range(len(line)), key=lambda i: math.dist(line[0], line[i]))
            simple = simplify(line[: far + 1], tol)[:-1] + simplify(line[far:], tol)
        else:
            simple = simplify(line, tol)
        done[key] = simple
    simple = done[key]
    return simple if key == forward else simple[::-1]


@cache
def districts() -> Geometry:
    """The 53 districts, projected and simplified (computed once per process)."""
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    features = data["features"]
    lons = [x for f in features for r in _rings(f["geometry"]) for x, _y in r]
    lats = [y for f in features for r in _rings(f["geometry"]) for _x, y in r]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    stretch = math.cos(math.radians((north + south) / 2))
    scale = (WIDTH - 2 * PADDING) / ((east - west) * stretch)
    kx, ky = scale * stretch, scale
    height = round((north - south) * ky + 2 * PADDING, 1)

    def project(p: Point) -> Point:
        return ((p[0] - west) * kx + PADDING, (north - p[1]) * ky + PADDING)

    projected: list[tuple[dict[str, Any], list[list[Point]]]] = [
        (f["properties"], [[project(p) for p in ring] for ring in _rings(f["geometry"])])
        for f in features
    ]
    users: dict[tuple[Point, Point], set[int]] = defaultdict(set)
    number = 0
    for _props, rings in projected:
        for ring in rings:
            for i in range(len(ring)):
                users[_edge(ring[i], ring[(i + 1) % len(ring)])].add(number)
            number += 1
    frozen = {edge: frozenset(found) for edge, found in users.items()}
    done: dict[tuple[Point, ...], list[Point]] = {}
    shapes, vertices, source = [], 0, 0
    for props, rings in projected:
        parts = []
        for ring in rings:
            source += len(ring)
            points: list[Point] = []
            for arc in _arcs_of(ring, frozen):
                simple = _simplified_arc(arc, done, TOLERANCE)
                points += simple[:-1]
            rounded = _dedupe([(round(x, 1), round(y, 1)) for x, y in points])
            if len(rounded) < 3:
                continue  # smaller than a tenth of a pixel
            vertices += len(rounded)
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in rounded) + "Z")
        shapes.append(Shape(str(props["key"]), str(props["name"]), "".join(parts)))
    return Geometry(
        WIDTH, height, tuple(shapes), vertices, source, west=west, north=north, kx=kx, ky=ky
    )


def _dedupe(points: list[Point]) -> list[Point]:
    out: list[Point] = []
    for p in points:
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out
