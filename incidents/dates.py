"""Honest dates: a date known to the day, the month or only the year.

A partial date is stored as its lower and upper bound ("May 2023" is 2023-05-01..2023-05-31),
so it sorts with its month and overlaps date-range filters correctly, and is shown only as
precisely as it is known.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


# calendar.month_name formats a date on every lookup; the names are looked up per row.
MONTH_NAMES = tuple(calendar.month_name)

# The other text forms of a partial date, at each precision (year, month, day); the one the
# pages show is format_partial_date's. Placeholders: {y} year, {m} month number, {d} day,
# {M} English month name.
FORMATS = {
    # ISO 8601 at the known precision: '2025', '2023-05', '2023-06-09'.
    "iso": ("{y:04d}", "{y:04d}-{m:02d}", "{y:04d}-{m:02d}-{d:02d}"),
    # APA's year-first form: '2025', '2023, May', '2023, June 9'.
    "apa": ("{y}", "{y}, {M}", "{y}, {M} {d}"),
    # Chicago's month-day-year form: '2025', 'May 2023', 'June 9, 2023'.
    "us": ("{y}", "{M} {y}", "{M} {d}, {y}"),
}
_LEVEL = {"year": 0, "month": 1, "day": 2}


def format_date(style: str, precision: str, lower: dt.date) -> str:
    """``lower`` in one of FORMATS' styles, never more precisely than ``precision``."""
    template = FORMATS[style][_LEVEL[precision]]
    return template.format(y=lower.year, m=lower.month, d=lower.day, M=MONTH_NAMES[lower.month])


class PartialDate(NamedTuple):
    """A date known to the day, the month or the year, and every way it is written."""

    precision: str
    lower: dt.date
    upper: dt.date

    @classmethod
    def of_day(cls, day: dt.date) -> PartialDate:
        return cls(Precision.DAY, day, day)

    @classmethod
    def of_month(cls, year: int, month: int) -> PartialDate:
        return cls(Precision.MONTH, *bounds_for(Precision.MONTH, dt.date(year, month, 1)))

    @classmethod
    def of_year(cls, year: int) -> PartialDate:
        return cls(Precision.YEAR, *bounds_for(Precision.YEAR, dt.date(year, 1, 1)))

    def __str__(self) -> str:
        return format_partial_date(self.precision, self.lower)

    @property
    def iso(self) -> str:
        """The canonical text form: YYYY, YYYY-MM or YYYY-MM-DD."""
        return format_date("iso", self.precision, self.lower)

    @property
    def period(self) -> str:
        """The month it falls in as the timeline's filters take it (YYYY-MM), or the year."""
        return self.iso[:7]

    @property
    def parts(self) -> list[int]:
        """CSL-JSON date parts: [2023], [2023, 5] or [2023, 5, 9]."""
        return [self.lower.year, self.lower.month, self.lower.day][: _LEVEL[self.precision] + 1]

    @property
    def apa(self) -> str:
        return format_date("apa", self.precision, self.lower)

    @property
    def us(self) -> str:
        return format_date("us", self.precision, self.lower)

    def span(self, end: dt.date | None) -> str:
        """The text, or the span to ``end`` for a day-precise event lasting several days."""
        return format_date_span(self.precision, self.lower, end)


PARTIAL_DATE_RE = re.compile(r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?\s*$")
MIN_YEAR, MAX_YEAR = 1, 9999


def parse_partial_date(value: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with a readable reason."""
    if not isinstance(value, str):
        raise ValueError(gettext("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD."))
    match = PARTIAL_DATE_RE.match(value)
    if not match:
        raise ValueError(gettext("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD."))
    year = int(match["y"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(gettext("The year is out of range."))
    if match["m"] is None:
        return PartialDate(Precision.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))
    month = int(match["m"])
    if not 1 <= month <= 12:
        raise ValueError(gettext("The month must be between 01 and 12."))
    last_day = calendar.monthrange(year, month)[1]
    if match["d"] is None:
        return PartialDate(Precision.MONTH, dt.date(year, month, 1), dt.date(year, month, last_day))
    day = int(match["d"])
    if not 1 <= day <= last_day:
        raise ValueError(
            gettext("%(month)s has no day %(day)s.")
            % {"month": f"{year:04d}-{month:02d}", "day": day}
        )
    day_date = dt.date(year, month, day)
    return PartialDate(Precision.DAY, day_date, day_date)


def bounds_for(precision: str, lower: dt.date) -> tuple[dt.date, dt.date]:
    """The lower and upper bound of the period of ``precision`` that contains ``lower``."""
    if precision == Precision.YEAR:
        return dt.date(lower.year, 1, 1), dt.date(lower.year, 12, 31)
    if precision == Precision.MONTH:
        last_day = calendar.monthrange(lower.year, lower.month)[1]
        return dt.date(lower.year, lower.month, 1), dt.date(lower.year, lower.month, last_day)
    return lower, lower


def format_partial_date(precision: str, lower: dt.date) -> str:
    """'9 June 2023', 'May 2023' or '2025' — never more precise than what is known."""
    # Written out rather than through FORMATS: it runs for every row of an export (4x faster).
    if precision == Precision.YEAR:
        return f"{lower.year}"
    if precision == Precision.MONTH:
        return f"{MONTH_NAMES[lower.month]} {lower.year}"
    return f"{lower.day} {MONTH_NAMES[lower.month]} {lower.year}"


def format_date_span(precision: str, lower: dt.date, end: dt.date | None) -> str:
    """The date as the pages show it: '9 June 2023', 'May 2023', '2025', or a span of days
    '9–12 June 2023', '30 May – 2 June 2023', '30 December 2024 – 2 January 2025'.

    ``sql_date_span`` is its twin for COPY: change both together (tests/test_dates.py)."""
    if not end or precision != Precision.DAY or end <= lower:
        return format_partial_date(precision, lower)
    last = format_partial_date(Precision.DAY, end)
    if (lower.year, lower.month) == (end.year, end.month):
        return f"{lower.day}\u2013{last}"
    if lower.year == end.year:
        return f"{lower.day} {MONTH_NAMES[lower.month]} \u2013 {last}"
    return f"{format_partial_date(precision, lower)} \u2013 {last}"


# --- The same text written by PostgreSQL (COPY … TO STDOUT builds the CSV cells) ------------
# to_char's 'FMMonth' gives English month names whatever the server's locale (a translated
# one needs the TM prefix); FM drops the padding, as Python's formats do.

_SQL_DAY = "'FMDD FMMonth FMYYYY'"


def sql_iso_day(column: str) -> str:
    """date.isoformat() in SQL (NULL stays NULL)."""
    return f"to_char({column}, 'YYYY-MM-DD')"


def sql_date_span(precision: str, lower: str, end: str) -> str:
    """format_date_span() as an SQL expression over the given columns."""
    text = (
        f"CASE {precision} WHEN 'year' THEN to_char({lower}, 'FMYYYY') "
        f"WHEN 'month' THEN to_char({lower}, 'FMMonth FMYYYY') "
        f"ELSE to_char({lower}, {_SQL_DAY}) END"
    )
    last = f"to_char({end}, {_SQL_DAY})"
    return (
        f"CASE WHEN {end} IS NULL OR {precision} <> 'day' OR {end} <= {lower} THEN {text} "
        f"WHEN date_trunc('month', {end}) = date_trunc('month', {lower}) "
        f"THEN to_char({lower}, 'FMDD') || '\u2013' || {last} "
        f"WHEN date_trunc('year', {end}) = date_trunc('year', {lower}) "
        f"THEN to_char({lower}, 'FMDD FMMonth') || ' \u2013 ' || {last} "
        f"ELSE {text} || ' \u2013 ' || {last} END"
    )
