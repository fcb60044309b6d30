"""A static map of where the events are: a server-rendered SVG, no JavaScript needed.

The basemap is Natural Earth's 1:50m land (public domain), taken from the world-atlas npm
package (2.0.2) and cut to the region the record happens in by ``build_basemap()``; the
result, static/map/land-northeast-asia.json (rings of [longitude, latitude]), ships with
the code, so nothing is fetched at run time. Each place with events is a circle sized by
its count and linked to the timeline filtered to it; places beyond the frame (Moscow,
Kyiv) are listed beside it, so the map is never the only way to a place.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

# The frame: the Sea of Japan to the northern Kurils, Okinawa's waters to the Sea of Okhotsk.
WEST, EAST, SOUTH, NORTH = 122.0, 160.0, 24.0, 56.0
WIDTH = 600  # SVG units; the height follows from the projection
MARGIN = 3.0  # degrees kept around the frame when cutting the basemap
STEP = 0.05  # degrees: the basemap's finest detail (about 0.8 SVG units)
BASEMAP = Path(settings.BASE_DIR) / "static" / "map" / "land-northeast-asia.json"
# Equirectangular, with longitudes shrunk by the cosine of the middle latitude: at this
# scale it keeps shapes recognisable, and it needs no library.
_ASPECT = math.cos(math.radians((SOUTH + NORTH) / 2))
HEIGHT = round(WIDTH * (NORTH - SOUTH) / ((EAST - WEST) * _ASPECT))


def project(longitude: float, latitude: float) -> tuple[float, float]:
    x = (longitude - WEST) / (EAST - WEST) * WIDTH
    y = (NORTH - latitude) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


def in_frame(longitude: float, latitude: float) -> bool:
    return WEST <= longitude <= EAST and SOUTH <= latitude <= NORTH


@cache
def land_path() -> str:
    """The SVG path of the land in the frame (read once per process)."""
    rings = json.loads(BASEMAP.read_text(encoding="utf-8"))["rings"]
    parts = []
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
    return "".join(parts)


@dataclass
class Marker:
    slug: str
    name: str
    count: int
    x: float = 0.0
    y: float = 0.0
    radius: float = 0.0
    url: str = ""


def markers(counts: list[tuple[str, str, int]], points: dict[str, tuple]) -> tuple[list, list]:
    """(markers in the frame, places outside it) for (slug, name, count) rows.

    A place and the places inside it are drawn as circles within circles (the Kuril
    Islands around Etorofu), each with its own count; countries are not drawn (their point
    says nothing about where in them). Places without a point are left out of both lists.
    """
    shown, outside = [], []
    for slug, name, count in counts:
        point = points.get(slug)
        if point is None or point[0] is None or point[2] == "country":
            continue
        latitude, longitude = float(point[0]), float(point[1])
        marker = Marker(slug, name, count)
        if in_frame(longitude, latitude):
            marker.x, marker.y = project(longitude, latitude)
            marker.radius = round(5 + 4 * math.sqrt(count), 1)
            shown.append(marker)
        else:
            outside.append(marker)
    # Largest first, so that small circles are drawn on top and stay clickable.
    shown.sort(key=lambda marker: -marker.radius)
    return shown, outside


# --- building the basemap (run by hand when the source data changes) ----------------------


def build_basemap(topojson_path: Path, out: Path = BASEMAP) -> int:
    """Cut Natural Earth land (world-atlas land-50m.json) to the frame; returns the rings.

    ``python -c "from timeline.public.maps import build_basemap; ..."`` with the path of
    node_modules/world-atlas/land-50m.json, from an npm install of world-atlas 2.0.2.
    """
    topology = json.loads(topojson_path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring_of(indices: list[int]) -> list[tuple[float, float]]:
        ring: list[tuple[float, float]] = []
        for index in indices:
            points = arcs[index] if index >= 0 else arcs[~index][::-1]
            ring.extend(points[1:] if ring else points)
        return ring

    west, east, south, north = WEST - MARGIN, EAST + MARGIN, SOUTH - MARGIN, NORTH + MARGIN
    rings = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for indices in polygon:
                ring = ring_of(indices)
                if not any(west <= x <= east and south <= y <= north for x, y in ring):
                    continue
                # Points beyond the margin are pulled onto it: what is drawn inside the
                # frame is unchanged, and Eurasia's far coasts cost nothing.
                # Points closer than STEP degrees to the last kept one add nothing at the
                # map's scale.
                clamped: list[list[float]] = []
                for x, y in ring:
                    point = [round(min(max(x, west), east), 2), round(min(max(y, south), north), 2)]
                    last = clamped[-1] if clamped else None
                    if (
                        last is None
                        or max(abs(last[0] - point[0]), abs(last[1] - point[1])) >= STEP
                    ):
                        clamped.append(point)
                if len(clamped) >= 3:
                    rings.append(clamped)
    source = "Natural Earth 1:50m land (public domain), via world-atlas 2.0.2"
    out.write_text(json.dumps({"source": source, "rings": rings}, separators=(",", ":")))
    return len(rings)
