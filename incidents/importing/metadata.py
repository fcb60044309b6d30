"""Metadata read from the article: dates and datelines, the outlet and wire agency, the
byline, the title, the preferred address and the kind of source."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from ..models import Actor, Source
from .results import Article

# --- Dates ----------------------------------------------------------------------------------

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


# --- Outlets --------------------------------------------------------------------------------

# Markers that name the outlet a plain-text copy came from.
OUTLET_MARKERS = [
    (re.compile(r"\bJN\s+ACCESS\s+RANKING\b|\bjapannews\.yomiuri\b"), "The Japan News"),
    (re.compile(r"^\(MENAFN\)|MENAFN\d{8,}ID\d+", re.M), "MENAFN"),
    (re.compile(r"—\s*РИА\s+Новости\.|\bРИА\s+Новости\b"), "РИА Новости"),
    (re.compile(r"/ТАСС/|\bТАСС\b"), "ТАСС"),
    (re.compile(r"/TASS/"), "TASS"),
]
WIRE_AGENCIES = {
    "reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "afp": "AFP",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "jiji": "Jiji Press",
    "jiji press": "Jiji Press",
    "tass": "TASS",
    "xinhua": "Xinhua",
    "bloomberg": "Bloomberg",
    "interfax": "Interfax",
    "interfax.ru": "Интерфакс",
    "ria novosti": "RIA Novosti",
    "yonhap": "Yonhap",
    "efe": "EFE",
    "dpa": "dpa",
    "ians": "IANS",
    "ani": "ANI",
    "риа новости": "РИА Новости",
    "тасс": "ТАСС",
    "интерфакс": "Интерфакс",
    "共同": "共同通信",
    "時事": "時事通信",
    "共同通信": "共同通信",
    "時事通信": "時事通信",
    "jiji press ltd": "Jiji Press",
    "киодо": "Киодо",
    "синьхуа": "Синьхуа",
}
KNOWN_DOMAINS = {
    "reuters.com": "Reuters",
    "apnews.com": "AP",
    "afp.com": "AFP",
    "kyodonews.net": "Kyodo News",
    "japantimes.co.jp": "The Japan Times",
    "japannews.yomiuri.co.jp": "The Japan News",
    "asahi.com": "The Asahi Shimbun",
    "mainichi.jp": "The Mainichi",
    "nhk.or.jp": "NHK",
    "nippon.com": "Nippon.com",
    "japantoday.com": "Japan Today",
    "tass.com": "TASS",
    "tass.ru": "ТАСС",
    "ria.ru": "РИА Новости",
    "interfax.ru": "Интерфакс",
    "themoscowtimes.com": "The Moscow Times",
    "menafn.com": "MENAFN",
    "mid.ru": "The Ministry of Foreign Affairs of the Russian Federation",
    "mofa.go.jp": "Ministry of Foreign Affairs of Japan",
    "kremlin.ru": "President of Russia",
    "kantei.go.jp": "Prime Minister's Office of Japan",
    "mod.go.jp": "Ministry of Defense of Japan",
    "jiji.com": "時事通信",
    "news.yahoo.co.jp": "Yahoo!ニュース",
    "yomiuri.co.jp": "読売新聞オンライン",
    "nikkei.com": "日本経済新聞",
    "sankei.com": "産経新聞",
    "tokyo-np.co.jp": "東京新聞",
    "hokkaido-np.co.jp": "北海道新聞",
    "rbc.ru": "РБК",
    "iz.ru": "Известия",
    "kommersant.ru": "Коммерсантъ",
    "vedomosti.ru": "Ведомости",
    "rg.ru": "Российская газета",
    "lenta.ru": "Лента.ру",
    "gazeta.ru": "Газета.Ru",
    "rt.com": "RT",
    "meduza.io": "Meduza",
    "novayagazeta.ru": "Новая газета",
}
# Outlets by the names they print on their own pages (a plain-text copy has no address): the
# name standing alone on a header or footer line, or opening it ("NHKニュース", "朝日新聞デジタル
# ニュース 政治…"). Longer names first, so "読売新聞オンライン" wins over "読売新聞".
OUTLET_NAMES = [
    "朝日新聞デジタル",
    "朝日新聞",
    "毎日新聞",
    "読売新聞オンライン",
    "読売新聞",
    "日本経済新聞",
    "日経新聞",
    "産経新聞",
    "東京新聞",
    "北海道新聞",
    "NHK",
    "Yahoo!ニュース",
    "共同通信",
    "時事通信",
    "時事ドットコム",
    "The Japan Times",
    "The Japan News",
    "The Asahi Shimbun",
    "The Mainichi",
    "Nippon.com",
    "Japan Today",
    "Kyodo News",
    "Jiji Press",
    "The Moscow Times",
    "Известия",
    "Коммерсантъ",
    "Ведомости",
    "Российская газета",
    "РБК",
    "Интерфакс",
    "РИА Новости",
    "ТАСС",
    "Лента.ру",
    "Газета.Ru",
]
# The same outlet under its names in English, Japanese and Russian (and its site's own
# variants): an outlet actor recorded under any one of them is the publisher.
OUTLET_EQUIVALENTS = [
    ("The Asahi Shimbun", "Asahi Shimbun", "朝日新聞", "朝日新聞デジタル"),
    ("The Mainichi", "Mainichi Shimbun", "The Mainichi Shimbun", "毎日新聞"),
    ("The Yomiuri Shimbun", "Yomiuri Shimbun", "読売新聞", "読売新聞オンライン"),
    ("Nikkei", "Nikkei Asia", "日本経済新聞", "日経新聞", "日経"),
    ("The Sankei Shimbun", "Sankei Shimbun", "産経新聞"),
    ("The Hokkaido Shimbun", "Hokkaido Shimbun", "北海道新聞"),
    ("NHK", "NHK World", "NHK World-Japan", "NHKニュース"),
    ("Kyodo News", "Kyodo", "共同通信", "Киодо"),
    ("Jiji Press", "JIJI", "時事通信", "時事ドットコム"),
    ("Yahoo! News Japan", "Yahoo!ニュース", "Yahoo! JAPAN"),
    ("TASS", "ТАСС"),
    ("RIA Novosti", "РИА Новости"),
    ("Interfax", "Интерфакс"),
    ("Izvestia", "Известия"),
    ("RBC", "РБК"),
    ("Kommersant", "Коммерсантъ", "Коммерсант"),
    ("Vedomosti", "Ведомости"),
    ("Rossiyskaya Gazeta", "Российская газета"),
    ("Lenta.ru", "Лента.ру"),
    ("Gazeta.Ru", "Газета.Ru"),
]


def outlet_aliases(name: str, url: str = "") -> list[str]:
    """Other names of the outlet ``name`` (its equivalents in the other languages), then the
    host of ``url`` and its registered domain, to match an outlet actor that lists them."""
    folded = name.casefold().strip()
    aliases = [
        other
        for group in OUTLET_EQUIVALENTS
        if folded in {n.casefold() for n in group}
        for other in group
        if other.casefold() != folded
    ]
    if url:
        aliases += [_host(url), host_outlet(url)]
    return [alias for alias in dict.fromkeys(aliases) if alias]


_OUTLET_LINE = re.compile(
    r"^(?:©\s*|copyright\s*(?:\(c\)\s*)?)?(?:\d{4}\s*)?[«\"]?(?P<name>"
    + "|".join(re.escape(name) for name in OUTLET_NAMES)
    + r")[»\"]?(?:$|(?=[\s\u3000|・:：、。,.]|ニュース|に掲載|デジタル))",
    re.I,
)
# A line that credits where the story came from: "Source: TASS", "Источник: ТАСС", "via Reuters".
CREDIT_LINE = re.compile(
    r"^[-–—(\s]*(?:source|источник|出典|via|по\s+материалам|(?:with\s+)?inputs?\s+from)\s*[:：]?\s*"
    r"(?P<agency>[^.:;()]{2,30})\.?$",
    re.I,
)
# "…, передает ТАСС.", "…, сообщает РИА Новости.": a Russian story carried from an agency.
RU_CARRIED = re.compile(
    r"(?:переда[её]т|сообщает|сообщило|сообщили|пишет|со\s+ссылкой\s+на)\s+"
    r"(?P<agency>ТАСС|РИА\s+Новости|Интерфакс|Reuters|AFP|Bloomberg|Kyodo|Киодо|Синьхуа)"
)
# "(… via Reuters)", "— via AP": an English story carried from an agency.
EN_CARRIED = re.compile(
    r"\bvia\s+(?P<agency>Reuters|AP|AFP|Kyodo(?:\s+News)?|Jiji(?:\s+Press)?|"
    r"TASS|Interfax|RIA\s+Novosti|Bloomberg|Xinhua)\b(?!\s*[\w-]*\s*(?:photo|image))"
)


# "…としている。（共同）", "…the ministry said. (Kyodo)": a paper's copy of an agency story
# closes with the agency's mark.
WIRE_MARK = re.compile(
    r"(?<=[。」.!?\"”»])\s*[（(](?P<agency>共同|時事|Kyodo|Jiji(?:\s+Press)?|AFP|AP|Reuters|TASS|"
    r"Xinhua|Interfax|ТАСС|Интерфакс|РИА\s+Новости)[)）]$"
)


def outlet_in_line(line: str) -> str:
    """The outlet a header or footer line names (its own name, or its copyright), if any."""
    match = _OUTLET_LINE.match(line.strip())
    if not match:
        return ""
    found = match["name"].casefold()
    return next(name for name in OUTLET_NAMES if name.casefold() == found)


def credit_in(lines: Iterable[str], text: str) -> str:
    """The wire agency a story says it was carried from, by a credit line or a phrase, in
    the text or in the site's notes around it ("This story was published via AFP and has
    not been edited by our staff")."""
    lines = [line.strip() for line in lines]
    for line in lines:
        if match := CREDIT_LINE.match(line):
            if agency := _agency(match["agency"]):
                return agency
        elif agency := _agency(line):
            return agency
    for pattern in (RU_CARRIED, EN_CARRIED):
        for where in (text, *lines):
            if match := pattern.search(where):
                return _agency(match["agency"]) or match["agency"]
    return ""


OFFICIAL_DOMAINS = (
    "mid.ru",
    "mofa.go.jp",
    "kremlin.ru",
    "kantei.go.jp",
    "mod.go.jp",
    "mil.ru",
    "government.ru",
    "go.jp",
    "gov.ru",
    ".gov",
)
OFFICIAL_PUBLISHER = re.compile(
    r"\b(?:ministry|embassy|consulate|government|cabinet|office\s+of|president\s+of|"
    r"prime\s+minister)\b|министерств|посольств|правительств|外務省|防衛省|大使館|官邸|政府",
    re.I,
)
# "TOKYO (Reuters) -", "Tokyo, March 28 (Jiji Press)--", "Moscow, June 10 (Reuters):".
WIRE_DATELINE = re.compile(
    r"^(?:[A-ZА-ЯЁ][\w .'’-]{1,40},\s*|[A-Z][A-Z .'’-]{1,40}\s)?"
    r"(?:[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?\s*)?"
    r"\((?P<agency>[A-Za-z][A-Za-z .-]{1,30})\)\s*(?:[-–—]{1,2}|:)"
)
# "【モスクワ共同】", "【ワシントン時事】": a Japanese wire agency's dateline.
JA_DATELINE = re.compile(r"^【[^】]{0,15}?(?P<agency>共同|時事)】")
RU_DATELINE = re.compile(
    r"^[А-ЯЁ][А-ЯЁ -]{1,40},\s*\d{1,2}\s+\w+\.?\s*(?:[—–-]\s*(?P<agency>[^./]{2,30})\.|"
    r"/(?:корр\.\s*)?(?P<tass>ТАСС|TASS)[^/]{0,40}/\.?)",
    re.I,
)
# "MOSCOW, June 12. /TASS/.": the English service of an agency that marks its copy in slashes.
SLASH_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{1,40},\s*[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?\.?\s*"
    r"/(?P<agency>TASS|Interfax|Xinhua|RIA\s+Novosti)/\.?"
)
# "Москва. 12 июня. INTERFAX.RU - ": Interfax's own dateline.
SITE_DATELINE = re.compile(
    r"^[А-ЯЁ][а-яё]+(?:[- ][А-ЯЁа-яё]+)?\.\s*\d{1,2}\s+[а-яё]+\.\s*"
    r"(?P<agency>INTERFAX\.RU|Интерфакс)\s*[-–—]\s*",
    re.I,
)
# Every dateline that names the agency a story comes from, in the order they are tried.
AGENCY_DATELINES = (WIRE_DATELINE, RU_DATELINE, JA_DATELINE, SLASH_DATELINE, SITE_DATELINE)


def dateline_agency(paragraph: str) -> str:
    """The wire agency a story's opening dateline names ("TOKYO (Reuters) -", "МОСКВА,
    12 июн — РИА Новости.", "【モスクワ共同】", "MOSCOW, June 12. /TASS/.")."""
    for dateline in AGENCY_DATELINES:
        if match := dateline.match(paragraph):
            agency = match.groupdict().get("tass") or match["agency"]
            return _agency(agency) or agency.strip()
    return ""


# A time stamp without a year, standing alone above a headline ("12 JUN, 14:20",
# "June 12, 14:20", "12 июня, 14:20", "6月12日 14時20分"): page chrome, like a date line.
YEARLESS_TIMESTAMP = re.compile(
    rf"^(?:\d{{1,2}}\s+(?:{_MONTH_EN}|{_MONTH_RU})\.?|(?:{_MONTH_EN})\.?\s+\d{{1,2}}|"
    r"\d{1,2}月\d{1,2}日(?:\s*[(（][月火水木金土日][)）])?)"
    r"[,\s]*(?:\d{1,2}[:：]\d{2}|\d{1,2}時\d{1,2}分)(?:\s*(?:JST|MSK|GMT|UTC|МСК))?$",
    re.I,
)


COPYRIGHT_HOLDER = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<who>[^.]{2,80}?)"
    r"(?:\.|\s+all\s+rights|$)",
    re.I,
)


# A legal entity's form around an agency's name: "一般社団法人共同通信社", "АО «Интерфакс»".
_LEGAL_FORM = re.compile(
    r"^(?:the\s+|一般社団法人|公益社団法人|株式会社|(?:ао|оао|ооо|фгуп)\s+)|[«»\"]|"
    r",?\s+(?:inc|ltd|llc|corp)\.?$",
    re.I,
)


def _agency(name: str) -> str:
    key = name.strip().lower().rstrip(".")
    bare = _LEGAL_FORM.sub("", key).strip()
    return next(
        (WIRE_AGENCIES[k] for k in (key, bare, bare.removesuffix("社")) if k in WIRE_AGENCIES), ""
    )


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def host_outlet(url: str) -> str:
    """The site's own name for an address no outlet table knows: its registered domain
    (courlan), e.g. "novosti-dnya.example" — a publisher the editor can rename, never none."""
    if not url:
        return ""
    from courlan import get_hostinfo

    domain, _ = get_hostinfo(url)
    return (domain or "").removeprefix("www.") if domain and "." in domain else ""


def _known_domain(url: str) -> str:
    host = _host(url)
    for domain, name in KNOWN_DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return ""


# --- Byline and title --------------------------------------------------------------------

# Case matters in the names (only they are capitalised), not in the label before them.
_BYLINE = re.compile(
    r"^(?i:by|written\s+by|author:|автор:?|текст:)\s+"
    r"(?P<who>[A-ZА-ЯЁ][\w.'’-]+(?:\s+[A-ZА-ЯЁ][\w.'’-]+){0,3}"
    r"(?:\s*(?:,|and|и)\s+[A-ZА-ЯЁ][\w.'’-]+(?:\s+[A-ZА-ЯЁ][\w.'’-]+){0,3})*)"
)


def _byline(unit: str) -> str:
    if len(unit) > 120:
        return ""
    match = _BYLINE.match(unit.strip())
    if not match:
        return ""
    who = match["who"].strip()
    agency = _agency(who.removesuffix(" Staff").removesuffix(" staff"))
    return agency or who


def _same_title(unit: str, title: str) -> bool:
    def fold(value: str) -> str:
        return re.sub(r"\W+", " ", value.casefold()).strip()

    return fold(unit) == fold(title) or (len(title) > 20 and fold(unit).startswith(fold(title)))


def guess_title(paragraphs: Sequence[str], limit: int = 120) -> str:
    """The first sentence, without its dateline, shortened: a suggestion for the editor."""
    if not paragraphs:
        return ""
    first = paragraphs[0]
    # A dateline is never the title ("Tokyo, June 10 (Jiji Press)--", "【モスクワ共同】").
    for dateline in AGENCY_DATELINES:
        first = dateline.sub("", first, count=1).lstrip(" .")
    first = re.sub(
        r"^(?:[A-ZА-ЯЁ][A-ZА-ЯЁ .'’-]+,\s*(?:[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*)?"
        r"(?:\([^)]{1,30}\)\s*)?[-–—]{1,2}\s*",
        "",
        first,
    )
    first = re.sub(r"^\([A-Za-z ]{2,20}\)\s*", "", first)
    sentence = re.split(r"(?<=[.!?])\s|(?<=[。！？])", first, maxsplit=1)[0].strip()
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


# --- Address and kind -------------------------------------------------------------------


def _preferred_url(fetched: str, canonical: str) -> str:
    """The page's canonical address when it is on the same site (AMP and mobile copies,
    tracking variants), otherwise the address it was fetched from."""
    if not fetched:
        return canonical
    if canonical:
        site = re.compile(r"^(?:www|m|amp|mobile)\.")
        if site.sub("", _host(fetched)) == site.sub("", _host(canonical)):
            return canonical
    return fetched


def _copyright_outlet(holder: str) -> str:
    # "© 2003-2026 The Ministry … All rights reserved" names the outlet; a site's legal
    # entity with "Inc."/"LLC" is still the best we have.
    return holder if holder and len(holder) <= 80 and not holder.islower() else ""


def _wire_publisher(credit: str) -> str:
    return {"Kyodo": "Kyodo News"}.get(credit, credit)


def _same_outlet(a: str, b: str) -> bool:
    fold_a, fold_b = a.casefold().strip(), b.casefold().strip()
    if not fold_a or not fold_b:
        return False
    return fold_a == fold_b or fold_b.startswith(fold_a + " ") or fold_a.startswith(fold_b + " ")


def _official_site(url: str) -> bool:
    host = _host(url)
    return bool(host) and any(
        host == d.lstrip(".") or host.endswith("." + d.lstrip(".")) for d in OFFICIAL_DOMAINS
    )


def _kind(article: Article, labels: Iterable[str]) -> str:
    if _official_site(article.url):
        return Source.Kind.OFFICIAL
    if article.publisher_name and OFFICIAL_PUBLISHER.search(article.publisher_name):
        return Source.Kind.OFFICIAL
    if any(
        re.search(r"press\s+release|statement|пресс-релиз|報道発表|談話", label, re.I)
        for label in labels
    ):
        return Source.Kind.OFFICIAL
    if article.publisher_name and _agency(article.publisher_name):
        return Source.Kind.WIRE
    return Source.Kind.NEWS


def publisher_kind(article: Article) -> str:
    """What the article's publisher is, to propose it as a new actor: the official body
    itself (an organisation) when the article is its own release on its own site or under its
    own name ("Ministry of Foreign Affairs of Japan", "Посольство России в Японии"), else
    a media outlet."""
    if article.kind == Source.Kind.OFFICIAL and (
        _official_site(article.url) or OFFICIAL_PUBLISHER.search(article.publisher_name)
    ):
        return Actor.Kind.ORGANISATION
    return Actor.Kind.MEDIA
