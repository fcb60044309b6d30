"""Geometry of the analysis page's SVG charts: where each column, bar, dot and tick goes, in
the 720-unit-wide coordinates the template draws in. No JavaScript: the template writes the
shapes, each with a <title> naming its value, and the table beside the chart is the
accessible alternative."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext

if TYPE_CHECKING:
    from .analysis import Table

WIDTH = 720
# Stacked columns: the plot area, right of the value axis and above the year labels.
PLOT_LEFT, PLOT_TOP, PLOT_BOTTOM = 48, 26, 226
COLUMNS_HEIGHT = 248
BAR_HEIGHT, BAR_GAP, BAR_LEFT = 22, 6, 250
# Lanes (measures): a header row per kind of measure, a lane per pair of sides.
LANE_LEFT, LANE_HEIGHT, LANE_HEADER, LANE_AXIS = 200, 24, 22, 26
TICKS = 4


def nice_ticks(highest: float, count: int = TICKS) -> list[int]:
    """Round axis values from 0 up to at least ``highest``: 0, 5, 10, 15 rather than 0, 3.7…"""
    if highest <= 0:
        return [0, 1]
    raw = highest / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(int(step), 1)
    top = math.ceil(highest / step) * step
    return list(range(0, top + 1, step))


def year_ticks(first: int, last: int, most: int = 10) -> list[int]:
    """The years to label on an axis from ``first`` to ``last``: every one, or every 2nd, 5th…"""
    span = last - first + 1
    step = next(s for s in (1, 2, 5, 10, 20, 50) if span / s <= most)
    return [year for year in range(first, last + 1) if year % step == 0 or span <= most]


def columns_chart(table: Table) -> dict[str, Any]:
    """Stacked columns, one per year (the table's first column), one segment per series, on
    a labelled value axis."""
    series = table.columns[1:-1]
    ticks = nice_ticks(max((row[-1] for row in table.rows), default=0))
    scale = (PLOT_BOTTOM - PLOT_TOP) / ticks[-1]
    width = (WIDTH - PLOT_LEFT) / max(len(table.rows), 1)
    labelled = set(year_ticks(table.rows[0][0], table.rows[-1][0])) if table.rows else set()
    bars = []
    for index, row in enumerate(table.rows):
        top, segments = PLOT_BOTTOM, []
        for number, (name, value) in enumerate(zip(series, row[1:-1], strict=True)):
            height = value * scale
            top -= height
            if value:
                segments.append(
                    {"series": number, "name": name, "value": value, "y": top, "h": height}
                )
        x = PLOT_LEFT + index * width
        bars.append(
            {
                "x": x + 1,
                "w": max(width - 2, 1),
                "middle": x + width / 2,
                "label": row[0],
                "total": row[-1],
                "segments": segments,
                "show_label": row[0] in labelled,
            }
        )
    return {
        "kind": "columns",
        "bars": bars,
        "series": list(enumerate(series)),
        "highest": max((row[-1] for row in table.rows), default=0),
        "ticks": [{"value": value, "y": PLOT_BOTTOM - value * scale} for value in ticks],
        "axis_label": gettext("Events"),
        "left": PLOT_LEFT,
        "bottom": PLOT_BOTTOM,
        "height": COLUMNS_HEIGHT,
    }


def bars_chart(table: Table, value_column: int = 1) -> dict[str, Any]:
    """Horizontal bars, one per row, of the table's ``value_column``, each labelled with its
    value (the rows' names are the other axis)."""
    values = [row[value_column] if row[value_column] != "" else 0 for row in table.rows]
    highest = max(values, default=0) or 1
    bars = [
        {
            "y": index * (BAR_HEIGHT + BAR_GAP),
            "w": value / highest * (WIDTH - BAR_LEFT - 60),
            "label": row[0],
            "value": row[value_column],
        }
        for index, (row, value) in enumerate(zip(table.rows, values, strict=True))
    ]
    return {"kind": "bars", "bars": bars, "height": len(bars) * (BAR_HEIGHT + BAR_GAP)}


def lanes_chart(table: Table) -> dict[str, Any]:
    """Rounds per year as dots on a lane per (measure, imposing side, target side), grouped
    under each measure, with a line from the first round's year to the last's: when a kind
    of measure appeared, how often it came back, when it stopped."""
    years = [year for per_year in table.per_year for year in per_year]
    if not years:
        return {"kind": "lanes", "groups": [], "height": 0}
    first, last = min(years), max(years)
    plot = WIDTH - LANE_LEFT - 8
    column = plot / (last - first + 1)
    most = max(n for per_year in table.per_year for n in per_year.values())
    radius = min(column / 2 - 0.5, 10)

    def x_of(year: int) -> float:
        return LANE_LEFT + (year - first + 0.5) * column

    groups: list[dict[str, Any]] = []
    y = 0.0
    for row, per_year in zip(table.rows, table.per_year, strict=True):
        measure, by, on = row[0], row[1], row[2]
        if not groups or groups[-1]["name"] != measure:
            groups.append({"name": measure, "y": y + 15, "lanes": []})
            y += LANE_HEADER
        middle = y + LANE_HEIGHT / 2
        dots = [
            {
                "x": x_of(year),
                "r": max(radius * math.sqrt(n / most), 1.5),
                "year": year,
                "rounds": n,
            }
            for year, n in per_year.items()
        ]
        groups[-1]["lanes"].append(
            {
                "label": f"{by} → {on}",
                "y": middle,
                "from": x_of(min(per_year)),
                "to": x_of(max(per_year)),
                "dots": dots,
                "measure": measure,
            }
        )
        y += LANE_HEIGHT
    axis = [{"x": x_of(year), "year": year} for year in year_ticks(first, last)]
    return {
        "kind": "lanes",
        "groups": groups,
        "axis": axis,
        "axis_y": y + 16,
        "left": LANE_LEFT,
        "plot_bottom": y,
        "height": y + LANE_AXIS,
    }


CHARTS = {
    "by-type": columns_chart,
    "by-side": columns_chart,
    "lags": bars_chart,
    "lag-medians": bars_chart,
    "actors": bars_chart,
    "measures": lanes_chart,
}
