"""Dates written in an article, its date lines and its address: English, Russian and
Japanese forms (era years too), a time stamp's "updated" part, and dateparser for a date
sharing its line with other words."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_EN_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_EN_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_EN_MONTHS["sept"] = 9
_RU_MONTHS = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}
_MONTH_EN = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_MONTH_RU = "|".join(_RU_MONTHS)
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
DATE_PATTERNS = [
    (
        re.compile(
            rf"\b(?P<month>{_MONTH_EN})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",
            re.I,
        ),
        "en",
    ),
    (
        re.compile(
            rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH_EN})\.?,?\s+(?P<year>\d{{4}})\b",
            re.I,
        ),
        "en",
    ),
    (re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_RU})\s+(?P<year>\d{{4}})", re.I), "ru"),
    (re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"), "num"),
    # "2024.03.28 18:40", "2023/6/10(土) 21:03配信": Japanese sites' timestamp lines.
    (
        re.compile(
            r"(?<![\d/.])(?P<year>\d{4})[./](?P<month>\d{1,2})[./](?P<day>\d{1,2})(?![\d/.])"
        ),
        "num",
    ),
    (re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"), "num"),
    (re.compile(r"(?P<year>\d{4})年\s*(?P<month>\d{1,2})月\s*(?P<day>\d{1,2})日"), "num"),
    (
        re.compile(
            r"(?P<era>令和|平成|昭和)\s*(?P<year>\d{1,2}|元)年\s*(?P<month>\d{1,2})月\s*(?P<day>\d{1,2})日"
        ),
        "era",
    ),
]
MENAFN_ID = re.compile(r"MENAFN(?P<day>\d{2})(?P<month>\d{2})(?P<year>\d{4})\d*ID\d+")
# What may surround a date on a line that is only a dateline: times, zones, labels.
DATELINE_NOISE = re.compile(
    r"[(（][月火水木金土日][)）]|[(（](?:пн|вт|ср|чт|пт|сб|вс|mon|tue|wed|thu|fri|sat|sun)[)）]|"
    r"T?\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\s*(?:[ap]\.?m\.?)?|\d{1,2}時\d{1,2}分|\b(?:[A-Z]{2,4}|UTC|GMT)"
    r"(?:[+-]\d{1,2})?\b|\b(?:published|updated|posted|last\s+updated|on|at|date)\b|"
    r"опубликовано|обновлено|更新|公開|\b\d{1,2}\s*min(?:ute)?s?\s+read\b|[|,:·•()\-–—]|"
    # Japanese weekdays, morning/afternoon, "distributed", "last updated 6/10".
    r"午前|午後|配信|最終|\d{1,2}/\d{1,2}|[（）]|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\blocal\s+time\b|"
    r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|"
    # "10 июня 2023 года, 16:00", "10 июня 2023 г.": the Russian word for "year" after a date.
    r"\bгода\b|\bг\.",
    re.I,
)


def _date_from_match(match: re.Match, style: str) -> dt.date | None:
    try:
        parts = match.groupdict()
        if style == "en":
            month = _EN_MONTHS[parts["month"].lower().rstrip(".")]
        elif style == "ru":
            month = _RU_MONTHS[parts["month"].lower()]
        else:
            month = int(parts["month"])
        if style == "era":
            year = 1 if parts["year"] == "元" else int(parts["year"])
            year += _ERAS[parts["era"]]
        else:
            year = int(parts["year"])
        return dt.date(year, month, int(parts["day"]))
    except (KeyError, ValueError):
        return None


def find_date(text: str) -> tuple[dt.date | None, re.Match | None]:
    """The first full date written in ``text`` (English, Russian, Japanese or numeric)."""
    best: tuple[int, dt.date, re.Match] | None = None
    for pattern, style in DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _date_from_match(match, style)
            if found and 1900 < found.year < 2200 and (best is None or match.start() < best[0]):
                best = (match.start(), found, match)
            if found:
                break
    return (best[1], best[2]) if best else (None, None)


UPDATED = re.compile(r"\b(?:updated|modified)\b|обновлено|изменено|更新", re.I)


def _any_date(text: str) -> list[str]:
    """``text`` cut at every full date written in it."""
    combined = "|".join(f"(?:{pattern.pattern})" for pattern, _ in DATE_PATTERNS)
    return re.split(re.sub(r"\(\?P<\w+>", "(?:", combined), text, flags=re.I)


def is_dateline(unit: str, label_words: int = 0) -> dt.date | None:
    """The date, when ``unit`` is nothing but a date (with time, zone or a label). With
    ``label_words``, a line may also carry that many other words that are not a sentence: a
    section name sharing the date's line above an article ("POLITICS June 10, 2023 at 17:15
    JST", "国際 2024年3月14日"), which is never the headline."""
    if len(unit) > 80:
        return None
    found, match = find_date(unit)
    if not found:
        return None
    rest = unit[: match.start()] + " " + unit[match.end() :]
    if UPDATED.search(rest):
        # "2022年5月4日 19:30 (2022年5月5日 5:12更新)": the date it was updated on goes too.
        rest = " ".join(part for part in _any_date(rest) if part)
    rest = DATELINE_NOISE.sub(" ", rest).strip()
    if not rest:
        return found
    if label_words and len(rest.split()) <= label_words and not re.search(r"[.!?。！？]$", rest):
        return found if len(rest) <= (8 if re.search(r"[\u3040-\u9fff]", rest) else 30) else None
    return None


# dateparser, strict: a whole date (day, month and year) written out, never a relative one
# ("yesterday", "2 days ago" would date the article by when it was imported), read only in
# the article's own language, day before month in Russian ("10.06.2023" is 10 June).
_DATEPARSER_LANGUAGES = {"en": "en", "ru": "ru", "ja": "ja", "uk": "ru"}
_DATE_ORDER = {"en": "MDY", "ru": "DMY", "ja": "YMD"}


def date_in_line(line: str, language: str) -> dt.date | None:
    """A date written in a short line with other words ("Saturday 10th of June 2023 at 08:45",
    "Опубликовано: 10 июн. 2023 г., 14:20"), by dateparser where our patterns found none."""
    line = line.strip()
    if not line or len(line) > 120:
        return None
    found, _ = find_date(line)
    if found:
        return found
    lang = _DATEPARSER_LANGUAGES.get(language, "en")
    import dateparser
    from dateparser.search import search_dates

    settings = {
        "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["custom-formats", "absolute-time"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": _DATE_ORDER[lang],
    }
    # The line, then its parts without a label ("Опубликовано: …", "World | …").
    parts = [line, *(p.strip() for p in re.split(r"[|·•]|^[^\d|]{1,30}?[:：]", line) if p.strip())]
    parsed = None
    for part in dict.fromkeys(parts):
        if parsed := dateparser.parse(part, languages=[lang], settings=settings):
            break
    if parsed is None:
        hits = search_dates(line, languages=[lang], settings=settings) or []
        # A line holding one date only: two dates ("from 10 June 2023 to 12 June 2023")
        # are an event's span, not the article's date.
        parsed = hits[0][1] if len(hits) == 1 else None
    if parsed is None or not 1990 <= parsed.year <= 2200:
        return None
    return parsed.date()


# "/politics/14/03/2025/…": day-first dates in a path, which htmldate's rule does not read.
_URL_DAY_FIRST = re.compile(r"/(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/(?P<year>(?:19|20)\d\d)(?:/|$)")
# "/20230612/kurily-…": a whole path segment of eight digits (RIA Novosti's addresses).
_URL_COMPACT = re.compile(r"/(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?:/|$)")


def _whole_date_in(url: str, found: dt.date) -> bool:
    """Whether the address holds the date as a whole: "/2024/03/14/", "2024-03-14",
    "/20240314/" — not a day glued to an article's hex id ("/2024/03/7c2e91d0…", which
    htmldate reads as 7 March)."""
    y, m, d = found.year, found.month, found.day
    day = rf"0?{d}" if d < 10 else str(d)
    month = rf"0?{m}" if m < 10 else str(m)
    return bool(
        re.search(rf"(?<!\d){y}[/_-]?{month}[/_-]?{day}(?![0-9A-Za-z])", url)
        or re.search(rf"(?<!\d){y}{m:02d}{d:02d}(?!\d)", url)
    )


def date_from_url(url: str) -> dt.date | None:
    """The date in an article's address: htmldate's Y-M-D rule ("/2023/06/10/", "2023-06-10"),
    then a day-first path ("/14/03/2025/"), then a compact one ("/20230612/")."""
    if not url:
        return None
    from htmldate.extractors import extract_url_date
    from htmldate.utils import Extractor

    options = Extractor(False, dt.datetime(2200, 1, 1), dt.datetime(1990, 1, 1), True, "%Y-%m-%d")
    found = extract_url_date(url, options)
    if found and _whole_date_in(url, dt.date.fromisoformat(found)):
        return dt.date.fromisoformat(found)
    path = url.split("?")[0]
    for pattern in (_URL_DAY_FIRST, _URL_COMPACT):
        if match := pattern.search(path):
            try:
                return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                continue
    return None


def date_from_menafn(text: str) -> dt.date | None:
    match = MENAFN_ID.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


# A time stamp without a year, standing alone above a headline ("12 JUN, 14:20",
# "June 12, 14:20", "12 июня, 14:20", "6月12日 14時20分"): page chrome, like a date line.
YEARLESS_TIMESTAMP = re.compile(
    rf"^(?:\d{{1,2}}\s+(?:{_MONTH_EN}|{_MONTH_RU})\.?|(?:{_MONTH_EN})\.?\s+\d{{1,2}}|"
    r"\d{1,2}月\d{1,2}日(?:\s*[(（][月火水木金土日][)）])?)"
    r"[,\s]*(?:\d{1,2}[:：]\d{2}|\d{1,2}時\d{1,2}分)(?:\s*(?:JST|MSK|GMT|UTC|МСК))?$",
    re.I,
)
