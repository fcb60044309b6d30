import datetime as dt

import pytest
from django.db import connection

from incidents.dates import (
    PartialDate,
    Precision,
    bounds_for,
    format_date_span,
    format_partial_date,
    parse_partial_date,
    sql_date_span,
    sql_iso_day,
)
from incidents.models import Event


@pytest.mark.parametrize(
    ("text", "precision", "lower", "upper", "shown"),
    [
        ("2023-06-09", Precision.DAY, dt.date(2023, 6, 9), dt.date(2023, 6, 9), "9 June 2023"),
        ("2023-05", Precision.MONTH, dt.date(2023, 5, 1), dt.date(2023, 5, 31), "May 2023"),
        ("2024-02", Precision.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29), "February 2024"),
        ("2025", Precision.YEAR, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "2025"),
    ],
)
def test_partial_dates_keep_their_precision(text, precision, lower, upper, shown):
    partial = parse_partial_date(text)
    assert partial == (precision, lower, upper)
    assert str(partial) == shown
    assert partial.iso == text


@pytest.mark.parametrize(
    "text", ["", "garbage", "2023-13", "2023-02-30", "23-05", "2023/05/01", "0000"]
)
def test_malformed_dates_are_refused_with_a_reason(text):
    with pytest.raises(ValueError, match=r"\w"):
        parse_partial_date(text)


def test_month_precision_event_is_never_shown_as_the_first_of_the_month(make):
    event = make.event(date="2023-05")
    event.refresh_from_db()
    assert event.date_display == "May 2023"
    assert "1 May" not in str(event)
    assert (event.date_lower, event.date_upper) == (dt.date(2023, 5, 1), dt.date(2023, 5, 31))


def test_saving_normalises_bounds_to_the_precision(make):
    event = make.event(date="2023-05-17")
    event.date_precision = Precision.MONTH
    event.save()
    event.refresh_from_db()
    assert (event.date_lower, event.date_upper) == (dt.date(2023, 5, 1), dt.date(2023, 5, 31))
    assert format_partial_date(event.date_precision, event.date_lower) == "May 2023"


def test_month_event_sorts_with_its_month(make):
    april = make.event(date="2023-04-30")
    may = make.event(date="2023-05")
    june = make.event(date="2023-06-01")
    ordered = list(Event.objects.chronological("asc").values_list("pk", flat=True))
    assert ordered == [april.pk, may.pk, june.pk]
    assert list(Event.objects.chronological("desc").values_list("pk", flat=True)) == [
        june.pk,
        may.pk,
        april.pk,
    ]


def test_range_filter_uses_bounds_overlap(make):
    may = make.event(date="2023-05")
    year = make.event(date="2023")
    day = make.event(date="2023-05-10")
    in_range = set(Event.objects.in_range(dt.date(2023, 5, 15), None))
    assert may in in_range and year in in_range
    assert day not in in_range
    assert set(Event.objects.in_range(None, dt.date(2023, 4, 30))) == {year}


def test_end_date_extends_the_span(make):
    drills = make.event(date="2022-09-01", end_date=dt.date(2022, 9, 7))
    drills.refresh_from_db()
    assert drills.span_end == dt.date(2022, 9, 7)
    assert drills in Event.objects.in_range(dt.date(2022, 9, 5), dt.date(2022, 9, 6))


# --- Every format from the date type, and its SQL twin ----------------------------------------

D = dt.date

# (precision, lower, end, as the pages show it): every month's name, unpadded days, spans
# within a month, across months and across years, and the cases that are not spans.
SHOWN = [
    *(
        (Precision.DAY, D(2023, month, 9), None, f"9 {name} 2023")
        for month, name in enumerate(
            [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
            start=1,
        )
    ),
    (Precision.MONTH, D(2022, 9, 1), None, "September 2022"),
    (Precision.YEAR, D(2022, 1, 1), None, "2022"),
    (Precision.YEAR, D(987, 1, 1), None, "987"),
    (Precision.DAY, D(2023, 6, 9), D(2023, 6, 12), "9–12 June 2023"),
    (Precision.DAY, D(2023, 5, 30), D(2023, 6, 2), "30 May – 2 June 2023"),
    (Precision.DAY, D(2024, 12, 30), D(2025, 1, 2), "30 December 2024 – 2 January 2025"),
    (Precision.DAY, D(2023, 6, 9), D(2023, 6, 9), "9 June 2023"),  # ends the day it starts
    (Precision.DAY, D(2023, 6, 9), D(2023, 6, 1), "9 June 2023"),  # an end before the start
    (Precision.MONTH, D(2023, 5, 1), D(2023, 6, 12), "May 2023"),  # a month is not a span
    (Precision.YEAR, D(2023, 1, 1), D(2024, 2, 1), "2023"),
]


@pytest.mark.parametrize(("precision", "lower", "end", "shown"), SHOWN)
def test_dates_and_spans_are_shown_as_known(precision, lower, end, shown):
    assert format_date_span(precision, lower, end) == shown
    partial = PartialDate(precision, *bounds_for(precision, lower))
    assert partial.span(end) == shown
    if end is None:
        assert str(partial) == format_partial_date(precision, lower) == shown


@pytest.mark.parametrize(
    ("partial", "iso", "period", "parts", "apa", "us"),
    [
        (PartialDate.of_day(D(2023, 6, 9)), "2023-06-09", "2023-06", [2023, 6, 9],
         "2023, June 9", "June 9, 2023"),
        (PartialDate.of_month(2023, 5), "2023-05", "2023-05", [2023, 5], "2023, May", "May 2023"),
        (PartialDate.of_year(2025), "2025", "2025", [2025], "2025", "2025"),
        (PartialDate.of_year(987), "0987", "0987", [987], "987", "987"),
    ],
)  # fmt: skip
def test_citation_and_iso_forms_are_no_more_precise_than_the_date(
    partial, iso, period, parts, apa, us
):
    assert (partial.iso, partial.period, partial.parts) == (iso, period, parts)
    assert (partial.apa, partial.us) == (apa, us)
    assert parse_partial_date(iso) == partial


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY (the SQL twin) is PostgreSQL's")
def test_the_sql_twin_writes_the_same_text_as_python(db):
    values = ", ".join("(%s, %s::date, %s::date)" for _ in SHOWN)
    params = [value for precision, lower, end, _shown in SHOWN for value in (precision, lower, end)]
    # The expressions under test, over literal column names.
    selected = ", ".join(
        [
            sql_date_span("e.p", "e.lower", "e.end_date"),
            sql_iso_day("e.lower"),
            sql_iso_day("e.end_date"),
        ]
    )
    sql = f"SELECT {selected} FROM (VALUES {values}) AS e(p, lower, end_date)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        by_postgresql = cursor.fetchall()
    by_python = [
        (format_date_span(precision, lower, end), lower.isoformat(), end and end.isoformat())
        for precision, lower, end, _shown in SHOWN
    ]
    assert by_postgresql == by_python
