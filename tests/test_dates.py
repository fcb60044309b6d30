import datetime as dt

import pytest

from incidents.dates import Precision, format_partial_date, parse_partial_date
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
