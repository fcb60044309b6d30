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


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class PartialDate(NamedTuple):
    precision: str
    lower: dt.date
    upper: dt.date

    def __str__(self) -> str:
        return format_partial_date(self.precision, self.lower)

    @property
    def iso(self) -> str:
        """The canonical text form: YYYY, YYYY-MM or YYYY-MM-DD."""
        if self.precision == Precision.YEAR:
            return f"{self.lower.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.lower.year:04d}-{self.lower.month:02d}"
        return self.lower.isoformat()


# calendar.month_name formats a date on every lookup; the names are looked up per row.
MONTH_NAMES = tuple(calendar.month_name)

PARTIAL_DATE_RE = re.compile(r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?\s*$")
MIN_YEAR, MAX_YEAR = 1, 9999


def parse_partial_date(value: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with a readable reason."""
    if not isinstance(value, str):
        raise ValueError("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")
    match = PARTIAL_DATE_RE.match(value)
    if not match:
        raise ValueError("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")
    year = int(match["y"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError("The year is out of range.")
    if match["m"] is None:
        return PartialDate(Precision.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))
    month = int(match["m"])
    if not 1 <= month <= 12:
        raise ValueError("The month must be between 01 and 12.")
    last_day = calendar.monthrange(year, month)[1]
    if match["d"] is None:
        return PartialDate(Precision.MONTH, dt.date(year, month, 1), dt.date(year, month, last_day))
    day = int(match["d"])
    if not 1 <= day <= last_day:
        raise ValueError(f"{year:04d}-{month:02d} has no day {day}.")
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
    if precision == Precision.YEAR:
        return f"{lower.year}"
    if precision == Precision.MONTH:
        return f"{MONTH_NAMES[lower.month]} {lower.year}"
    return f"{lower.day} {MONTH_NAMES[lower.month]} {lower.year}"
