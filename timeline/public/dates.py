"""Dates as the public pages show them, in the active language and never more precise than known.

English keeps the record's own forms (incidents/dates.py: '9 June 2023', 'May 2023', '2025');
Japanese and Russian write them as their readers do: '2023年6月9日', '2023年6月', '2023年' and
'9 июня 2023 г.' (the month in the genitive after a day), 'июнь 2023 г.', '2023 г.'. Month names
come from Django's own catalogs, through its date formats. Exports, feeds, the API and the
citations keep ISO or English dates: they are read by programs and by other languages' style
guides, not by this site's readers.

Numbers (counts) are shown plain in every language, as the English pages always have.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from incidents.dates import Precision, format_date_span, format_partial_date

# Django date formats per language and precision. "E" is the month's genitive ("июня"),
# "F" its nominative; Russian writes a month heading in lower case (see month_name below).
FORMATS = {
    "ja": {
        "day": "Y年n月j日",
        "month": "Y年n月",
        "year": "Y年",
        "day_month": "n月j日",  # the start of a span within one year
        "day_only": "j日",  # the end of a span within one month
    },
    "ru": {
        "day": "j E Y г.",
        "month": "F Y г.",
        "year": "Y г.",
        "day_month": "j E",
        "day_only": "j",
    },
}
# Between the ends of a span of days: an en dash in Russian (spaced unless both ends are in one
# month), a wave dash in Japanese.
SPAN_DASH = {"ja": ("〜", "〜"), "ru": ("\u2013", " \u2013 ")}


def language() -> str:
    """The active language among the site's: 'en', 'ja' or 'ru'."""
    code = (translation.get_language() or "en").lower()
    return code.split("-")[0] if code.split("-")[0] in FORMATS else "en"


def _format(value: dt.date, kind: str, lang: str) -> str:
    text = date_format(value, FORMATS[lang][kind])
    if lang == "ru" and kind == "month":
        # A month on its own is a common noun in Russian: 'сентябрь 2022 г.'.
        text = text[:1].lower() + text[1:]
    return text


def partial_date(precision: str, lower: dt.date) -> str:
    """'9 June 2023', 'May 2023' or '2025' in the active language."""
    lang = language()
    if lang == "en":
        return format_partial_date(precision, lower)
    kind = {Precision.YEAR: "year", Precision.MONTH: "month"}.get(precision, "day")
    return _format(lower, kind, lang)


def date_span(precision: str, lower: dt.date, end: dt.date | None) -> str:
    """An event's date as the pages show it, a span of days included: '9–12 June 2023',
    '2023年6月9日〜12日', '30 мая – 2 июня 2023 г.'."""
    lang = language()
    if lang == "en":
        return format_date_span(precision, lower, end)
    if not end or precision != Precision.DAY or end <= lower:
        return partial_date(precision, lower)
    tight, spaced = SPAN_DASH[lang]
    if lang == "ja":
        if lower.year != end.year:
            return f"{_format(lower, 'day', lang)}{tight}{_format(end, 'day', lang)}"
        last = _format(end, "day_only" if lower.month == end.month else "day_month", lang)
        return f"{_format(lower, 'day', lang)}{tight}{last}"
    last = _format(end, "day", lang)
    if (lower.year, lower.month) == (end.year, end.month):
        return f"{_format(lower, 'day_only', lang)}{tight}{last}"
    if lower.year == end.year:
        return f"{_format(lower, 'day_month', lang)}{spaced}{last}"
    return f"{_format(lower, 'day', lang)}{spaced}{last}"


def month_name(year: int, month: int) -> str:
    """A month heading of the timeline: 'September 2022', '2022年9月', 'сентябрь 2022 г.'."""
    return partial_date(Precision.MONTH, dt.date(year, month, 1))


def day(value: dt.date | dt.datetime) -> str:
    """A day (a source's date, when a change was made): '9 June 2023', '2023年6月9日'."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return partial_date(Precision.DAY, value)


def day_time(value: dt.datetime) -> str:
    """A moment, to the minute, in the site's time zone: '9 June 2023, 14:05',
    '2023年6月9日 14:05', '9 июня 2023 г., 14:05'."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    lang = language()
    separator = " " if lang == "ja" else ", "
    return f"{day(value)}{separator}{value:%H:%M}"
