"""Events per month for the current filters, as data for a server-drawn SVG bar chart.

An event is counted in the month it starts. Events known only to the year belong to no
month: they are counted apart (per year), so that the chart's total is the result count.
One grouped query.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse

from incidents.dates import PartialDate, Precision

from .filters import EventFilter

# Above this many months the bars would be too thin to point at: one bar per year instead.
MAX_MONTH_BARS = 180
CHART_HEIGHT = 80  # px available to the tallest bar


@dataclass
class Bar:
    label: str  # "May 2023" or "2023"
    count: int
    period: str  # the from/to value that narrows the timeline to it: "2023-05" or "2023"
    x: float  # left edge, percent of the chart width
    width: float  # percent
    height: int  # px
    url: str = ""

    @property
    def y(self) -> int:
        return CHART_HEIGHT - self.height

    # SVG attribute values: the bar takes 80% of its slot, centred.
    @property
    def x_attr(self) -> str:
        return f"{self.x:.3f}%"

    @property
    def slot_attr(self) -> str:
        return f"{self.width:.3f}%"

    @property
    def bar_x_attr(self) -> str:
        return f"{self.x + self.width * 0.1:.3f}%"

    @property
    def bar_width_attr(self) -> str:
        return f"{self.width * 0.8:.3f}%"

    @property
    def description(self) -> str:
        noun = "event" if self.count == 1 else "events"
        return f"{self.label}: {self.count} {noun}"


@dataclass
class Histogram:
    bars: list[Bar] = field(default_factory=list)
    year_only: list[Bar] = field(default_factory=list)  # events dated only to a year
    total: int = 0
    monthly: bool = True
    max_count: int = 0
    axis: list[tuple[str, str, str]] = field(default_factory=list)  # (x percent, year label)

    @property
    def height(self) -> int:
        return CHART_HEIGHT

    @property
    def label_y(self) -> int:
        return CHART_HEIGHT + 16

    @property
    def svg_height(self) -> int:
        return CHART_HEIGHT + 22


def build_histogram(filterset: EventFilter) -> Histogram:
    rows = (
        filterset.unordered.annotate(
            year=ExtractYear("date_lower"), month=ExtractMonth("date_lower")
        )
        .values_list("date_precision", "year", "month")
        .annotate(n=Count("pk"))
    )
    months: Counter[tuple[int, int]] = Counter()
    years_only: Counter[int] = Counter()
    for precision, year, month, count in rows:
        if precision == Precision.YEAR:
            years_only[year] += count
        else:
            months[(year, month)] += count
    histogram = Histogram(total=sum(months.values()) + sum(years_only.values()))

    def query(period: str) -> str:
        query_string = filterset.query_string(**{"from": period, "to": period, "page": None})
        return f"{reverse('timeline:index')}?{query_string}"

    for year in sorted(years_only):
        known = PartialDate.of_year(year)
        bar = Bar(str(known), years_only[year], known.iso, 0, 0, 0)
        bar.url = query(bar.period)
        histogram.year_only.append(bar)
    if not months:
        return histogram

    first, last = min(months), max(months)
    span = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    if span > MAX_MONTH_BARS:
        histogram.monthly = False
        per_year: Counter[int] = Counter()
        for (year, _month), count in months.items():
            per_year[year] += count
        periods = [((year, 0), per_year[year]) for year in range(first[0], last[0] + 1)]
    else:
        periods = []
        year, month = first
        for _ in range(span):
            periods.append(((year, month), months[(year, month)]))
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)

    histogram.max_count = max(count for _period, count in periods)
    slot = 100 / len(periods)
    for index, ((year, month), count) in enumerate(periods):
        known = PartialDate.of_month(year, month) if month else PartialDate.of_year(year)
        label, period = str(known), known.iso
        height = round(CHART_HEIGHT * count / histogram.max_count) if count else 0
        bar = Bar(label, count, period, round(index * slot, 3), round(slot, 3), height)
        if count:
            bar.url = query(period)
            bar.height = max(bar.height, 2)
        histogram.bars.append(bar)
        if month in (0, 1) or index == 0:
            # Labels start at their bar; the last ones end at the right edge instead.
            anchor = "end" if index * slot > 94 else "start"
            x = 100 if anchor == "end" else index * slot
            histogram.axis.append((f"{x:.3f}", str(year), anchor))
    # A first-year label squeezed against January's label would overlap it.
    if len(histogram.axis) > 1 and float(histogram.axis[1][0]) - float(histogram.axis[0][0]) < 6:
        histogram.axis.pop(0)
    return histogram
