"""Events per month for the current filters, as data for a server-drawn SVG bar chart.

An event is counted in the month it starts. Events known only to the year belong to no
month: they are counted apart (per year), so that the chart's total is the result count.
The counts come from timeline/public/matching.py (one query with the facets' counts).

Every bar is a link (a target of at least 24 × 24 px, WCAG 2.5.8): a chart is never drawn
narrower than 24 px per bar, and scrolls sideways when its box is narrower than that. On a
phone a monthly chart of more than a year would be several screens of scrolling, so when
the months would not fit there, the same counts are also drawn per year; the stylesheet
shows that chart on small screens (picking a year then shows its months, which fit).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import ngettext

from incidents.dates import PartialDate, Precision

from . import dates
from .filters import EventFilter
from .matching import Counts, count_matches

# Above this many months the bars would be too thin to point at: one bar per year instead.
MAX_MONTH_BARS = 180
CHART_HEIGHT = 80  # px available to the tallest bar
MIN_SLOT = 24  # px: the narrowest a bar's target may be
PHONE_SLOTS = 14  # bars that fit a 390 px screen at MIN_SLOT (about 340 px of chart)


@dataclass
class Bar:
    """One bar. Cached for every language alike (timeline/public/caching.py): its label and
    link are written when the page is, in the page's language and under its address."""

    known: PartialDate  # the month or the year it counts
    count: int
    x: float  # left edge, percent of the chart width
    width: float  # percent
    height: int  # px
    query: str = ""  # the timeline's query string narrowed to it; none for an empty bar

    @property
    def period(self) -> str:
        """The from/to value that narrows the timeline to it: "2023-05" or "2023"."""
        return self.known.iso

    @property
    def label(self) -> str:
        """ "May 2023" or "2023" ("2023年5月", "май 2023 г.")."""
        return dates.partial_date(self.known.precision, self.known.lower)

    @property
    def url(self) -> str:
        return f"{reverse('timeline:index')}?{self.query}" if self.query else ""

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
        return ngettext(
            "%(period)s: %(count)s event", "%(period)s: %(count)s events", self.count
        ) % {"period": self.label, "count": self.count}


@dataclass
class Histogram:
    bars: list[Bar] = field(default_factory=list)
    year_only: list[Bar] = field(default_factory=list)  # events dated only to a year
    total: int = 0
    monthly: bool = True
    max_count: int = 0
    axis: list[tuple[str, str, str]] = field(default_factory=list)  # (x percent, year label)
    # The monthly counts again per year, for screens too narrow for the months (or empty).
    year_bars: list[Bar] = field(default_factory=list)
    year_axis: list[tuple[str, str, str]] = field(default_factory=list)
    year_max_count: int = 0

    @property
    def min_width(self) -> int:
        """px: the chart is never narrower than this (it scrolls instead)."""
        return len(self.bars) * MIN_SLOT

    @property
    def year_min_width(self) -> int:
        return len(self.year_bars) * MIN_SLOT

    @property
    def height(self) -> int:
        return CHART_HEIGHT

    @property
    def label_y(self) -> int:
        return CHART_HEIGHT + 16

    @property
    def svg_height(self) -> int:
        return CHART_HEIGHT + 22


def build_histogram(filterset: EventFilter, counts: Counts | None = None) -> Histogram:
    """The chart for ``filterset`` (``counts``: those of ``count_matches(filterset)``, when
    they are known already)."""
    rows = (counts if counts is not None else count_matches(filterset)).months
    months: Counter[tuple[int, int]] = Counter()
    years_only: Counter[int] = Counter()
    for precision, year, month, count in rows:
        if precision == Precision.YEAR:
            years_only[year] += count
        else:
            months[(year, month)] += count
    histogram = Histogram(total=sum(months.values()) + sum(years_only.values()))

    def query(period: str) -> str:
        return filterset.query_string(**{"from": period, "to": period, "page": None})

    for year in sorted(years_only):
        known = PartialDate.of_year(year)
        histogram.year_only.append(Bar(known, years_only[year], 0, 0, 0, query(known.iso)))
    if not months:
        return histogram

    first, last = min(months), max(months)
    span = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    per_year: Counter[int] = Counter()
    for (year, _month), count in months.items():
        per_year[year] += count
    years = [((year, 0), per_year[year]) for year in range(first[0], last[0] + 1)]
    if span > MAX_MONTH_BARS:
        histogram.monthly = False
        periods = years
    else:
        periods = []
        year, month = first
        for _ in range(span):
            periods.append(((year, month), months[(year, month)]))
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        if span > PHONE_SLOTS and len(years) > 1:
            histogram.year_max_count = max(count for _period, count in years)
            histogram.year_bars, histogram.year_axis = draw(years, query)

    histogram.max_count = max(count for _period, count in periods)
    histogram.bars, histogram.axis = draw(periods, query)
    return histogram


def draw(
    periods: list[tuple[tuple[int, int], int]], query: Callable[[str], str]
) -> tuple[list[Bar], list[tuple[str, str, str]]]:
    """Bars (month 0 = the whole year) and their axis labels: each year's label where its
    first bar starts; on a chart of years, every year's label under its bar."""
    bars: list[Bar] = []
    axis: list[tuple[str, str, str]] = []
    max_count = max(count for _period, count in periods)
    slot = 100 / len(periods)
    for index, ((year, month), count) in enumerate(periods):
        known = PartialDate.of_month(year, month) if month else PartialDate.of_year(year)
        height = round(CHART_HEIGHT * count / max_count) if count else 0
        bar = Bar(known, count, round(index * slot, 3), round(slot, 3), height)
        if count:
            bar.query = query(known.iso)
            bar.height = max(bar.height, 2)
        bars.append(bar)
        if not month and slot >= 8:
            axis.append((f"{(index + 0.5) * slot:.3f}", str(year), "middle"))
        elif month in (0, 1) or index == 0:
            # Labels start at their bar; the last ones end at the right edge instead.
            anchor = "end" if index * slot > 94 else "start"
            x = 100 if anchor == "end" else index * slot
            axis.append((f"{x:.3f}", str(year), anchor))
    # A first-year label squeezed against January's label would overlap it.
    if len(axis) > 1 and float(axis[1][0]) - float(axis[0][0]) < 6:
        axis.pop(0)
    return bars, axis
