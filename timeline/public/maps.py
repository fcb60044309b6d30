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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import ngettext

from incidents.models import GazetteerRow

# The frame: the Sea of Japan to the northern Kurils, Okinawa's waters to the Sea of Okhotsk.
WEST, EAST, SOUTH, NORTH = 122.0, 160.0, 24.0, 56.0
WIDTH = 600  # SVG units; the height follows from the projection
MARGIN = 1.0  # degrees kept around the land image when cutting the basemap
STEP = 0.05  # degrees: the basemap's finest detail (about 0.8 SVG units)
BASEMAP = Path(settings.BASE_DIR) / "static" / "map" / "land-northeast-asia.json"
# The same land as an SVG image in the frame's projection, the static map's background and
# the interactive map's only layer under the markers: built with BASEMAP by build_basemap.
LAND_SVG = BASEMAP.with_suffix(".svg")
# Equirectangular, with longitudes shrunk by the cosine of the middle latitude: at this
# scale it keeps shapes recognisable, and it needs no library.
_ASPECT = math.cos(math.radians((SOUTH + NORTH) / 2))
HEIGHT = round(WIDTH * (NORTH - SOUTH) / ((EAST - WEST) * _ASPECT))
# The land is drawn beyond the frame, as far as a wide screen shows around it.
LAND_WEST, LAND_EAST, LAND_SOUTH, LAND_NORTH = 90.0, 190.0, 12.0, 66.0
# What the interactive map needs to place the image and the points as this module does.
FRAME = {
    "west": WEST,
    "south": SOUTH,
    "east": EAST,
    "north": NORTH,
    "width": WIDTH,
    "height": HEIGHT,
    "land": [LAND_SOUTH, LAND_WEST, LAND_NORTH, LAND_EAST],
}


def project(longitude: float, latitude: float) -> tuple[float, float]:
    x = (longitude - WEST) / (EAST - WEST) * WIDTH
    y = (NORTH - latitude) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


def in_frame(longitude: float, latitude: float) -> bool:
    return WEST <= longitude <= EAST and SOUTH <= latitude <= NORTH


def land_path(rings: list[list[list[float]]]) -> str:
    """The SVG path of the land's rings of [longitude, latitude]."""
    parts = []
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
    return "".join(parts)


def land_box() -> tuple[float, float, float, float]:
    """Where the land image lies in the frame's SVG units: x, y, width, height."""
    x0, y0 = project(LAND_WEST, LAND_NORTH)
    x1, y1 = project(LAND_EAST, LAND_SOUTH)
    return x0, y0, round(x1 - x0, 1), round(y1 - y0, 1)


def land_svg(rings: list[list[list[float]]]) -> str:
    """The land as an SVG document (static/map/land-northeast-asia.svg)."""
    x, y, width, height = land_box()
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x} {y} {width} {height}" '
        f'width="{width}" height="{height}"><path d="{land_path(rings)}" fill="#f4f1ea" '
        'stroke="#9a958a" stroke-width="0.6" vector-effect="non-scaling-stroke"/></svg>\n'
    )


@dataclass
class Marker:
    slug: str
    name: str
    count: int  # events in the place or inside it (what selecting it lists)
    within: list[str] = field(default_factory=list)  # slugs of the places it lies in
    latitude: float = 0.0
    longitude: float = 0.0
    x: float = 0.0
    y: float = 0.0
    radius: float = 0.0
    url: str = ""

    def as_data(self) -> dict:
        """What the interactive map needs of it (the timeline's ``map-data`` JSON)."""
        return {
            "slug": self.slug,
            "lat": self.latitude,
            "lon": self.longitude,
            "count": self.count,
            "within": self.within,
            "url": self.url,
            "label": ngettext(
                "%(place)s: %(count)d event", "%(place)s: %(count)d events", self.count
            )
            % {"place": self.name, "count": self.count},
        }


def markers(
    counts: Iterable[tuple[GazetteerRow, int]], ancestors: dict[int, list[str]]
) -> tuple[list, list]:
    """(markers in the frame, places outside it) for (place, events) rows; ``ancestors``
    names the places each place lies in, by id.

    A place and the places inside it are drawn as circles within circles (the Kuril
    Islands around Etorofu), each with its own count; countries are not drawn (their point
    says nothing about where in them). Places without a point are left out of both lists.
    """
    shown, outside = [], []
    for place, count in counts:
        if place.latitude is None or place.kind == "country":
            continue
        within = ancestors.get(place.pk, [])
        name = place.local_name()
        marker = Marker(place.slug, name, count, within, place.latitude, place.longitude)
        if in_frame(place.longitude, place.latitude):
            marker.x, marker.y = project(place.longitude, place.latitude)
            marker.radius = round(5 + 4 * math.sqrt(count), 1)
            shown.append(marker)
        else:
            outside.append(marker)
    # Largest first, so that small circles are drawn on top and stay clickable.
    shown.sort(key=lambda marker: -marker.radius)
    return shown, outside


# --- building the basemap (run by hand when the source data changes) ----------------------


def build_basemap(topojson_path: Path, out: Path = BASEMAP) -> int:
    """Cut Natural Earth land (world-atlas land-50m.json) to the land image's extent, write
    it and the image; returns the number of rings.

    ``make vendor`` runs it on node_modules/world-atlas/land-50m.json (world-atlas 2.0.2,
    package-lock.json).
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

    west, east = LAND_WEST - MARGIN, LAND_EAST + MARGIN
    south, north = LAND_SOUTH - MARGIN, LAND_NORTH + MARGIN
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
    out.with_suffix(".svg").write_text(land_svg(rings), encoding="utf-8")
    return len(rings)
