"""Metadata read from the article: the outlet and wire agency, the byline, the title, the
preferred address and the kind of source (dates and datelines: article_dates.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from ..models import Actor, Source
from .outlets import OUTLETS, header_names, outlet_for_url, outlet_named
from .results import Article

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
# Every other outlet of the table by the names it prints (outlets.py), only on a line of
# their own: "Вести" opens "Вести Островов", another outlet's name. A wire agency's name
# there is the credit of a story it wrote (its copyright under a republished story), never
# the site's.
_HEADER_NAMES = [
    name
    for name in header_names()
    if name not in OUTLET_NAMES
    and name.casefold() not in WIRE_AGENCIES
    and not any(other.casefold() in WIRE_AGENCIES for other in outlet_named(name).all_names)
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
    *(outlet.all_names for outlet in OUTLETS if outlet.names),
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
    r"(?P<agency>[^.:;()]{2,30})\.?\)?\.?$",
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


_OUTLET_ALONE = re.compile(
    r"^(?:©\s*|copyright\s*(?:\(c\)\s*)?)?(?:\d{4}\s*)?[«\"]?(?P<name>"
    + "|".join(re.escape(name) for name in _HEADER_NAMES)
    + r")[»\"]?(?:,?\s*\d{4})?[.\s]*"
    # "The Diplomat – Asia-Pacific Current Affairs Magazine", "東京新聞 TOKYO Web": a tagline.
    + r"(?:(?:\s+[|–—-]\s+|\s*[：｜]\s*)[^.!?。]{1,60})?$",
    re.I,
)


def outlet_alone(line: str) -> bool:
    """The line is nothing but an outlet's name (or its copyright)."""
    return bool(_OUTLET_ALONE.match(line.strip()))


def outlet_in_line(line: str) -> str:
    """The outlet a header or footer line names (its own name, or its copyright), if any."""
    match = _OUTLET_LINE.match(line.strip())
    if not match:
        if alone := _OUTLET_ALONE.match(line.strip()):
            return outlet_named(alone["name"]).name
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
        elif agency := _agency(line.strip("-–—()（） ")):
            return agency  # "AFP", "— AFP", "(Reuters)" alone on a line
    for pattern in (RU_CARRIED, EN_CARRIED):
        for where in (text, *lines):
            if match := pattern.search(where):
                return _agency(match["agency"]) or match["agency"]
    return ""


# Government sites the outlet table does not list by name: an official body's all the same.
OFFICIAL_DOMAINS = ("go.jp", "lg.jp", "gov.ru", ".gov", "gov.ua", "gov.uk")
OFFICIAL_PUBLISHER = re.compile(
    r"\b(?:ministry|embassy|consulate|government|cabinet|office\s+of|president\s+of|"
    r"prime\s+minister)\b|министерств|посольств|правительств|外務省|防衛省|大使館|官邸|政府",
    re.I,
)
# "TOKYO (Reuters) -", "Tokyo, March 28 (Jiji Press)--", "Moscow, June 10 (Reuters):".
WIRE_DATELINE = re.compile(
    r"^(?:[A-ZА-ЯЁ][\w .'’-]{1,40},\s*|[A-Z][A-Z .'’-]{1,40}\s|"
    # "Tokyo (AFP) –": a city in title case, without a comma.
    r"[A-Z][a-z.'’-]+(?:\s+[A-Z][a-z.'’-]+){0,2}\s)?"
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
            city = paragraph[: match.start("agency")].rstrip(" (")
            if dateline is WIRE_DATELINE and city and not city.isupper() and "," not in city:
                # "Tokyo (AFP) –" names a known agency; "Coast Guard (JCG) –" names none.
                return _agency(agency)
            return _agency(agency) or agency.strip()
    return ""


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
    """The name of the outlet or official body whose site ``url`` is on (outlets.py)."""
    outlet = outlet_for_url(url)
    return outlet.name if outlet else ""


# --- Byline and title --------------------------------------------------------------------

# Case matters in the names (only they are capitalised), not in the label before them.
_BYLINE = re.compile(
    r"^(?i:by|written\s+by|author:|автор:?|текст:)\s+"
    r"(?P<who>[A-ZА-ЯЁ][\w.'’-]+(?:\s+[A-ZА-ЯЁ][\w.'’-]+){0,3}"
    r"(?:\s*(?:,|and|и)\s+[A-ZА-ЯЁ][\w.'’-]+(?:\s+[A-ZА-ЯЁ][\w.'’-]+){0,3})*)"
)


# A label without its colon before a whole name and nothing else: "Текст Игорь Звягинцев",
# "文・山田太郎" (a headline may start with "Текст", never be a name alone after it).
_LABELLED_NAME = re.compile(
    r"^(?:(?i:текст|автор|text)\s+(?P<who>[A-ZА-ЯЁ][a-zа-яё’'-]+(?:\s+[A-ZА-ЯЁ][a-zа-яё’'-]+){1,2})"
    r"|文\s*[・／/:：]\s*(?P<ja>[\u4e00-\u9fff\u3005\u30a0-\u30ff]{2,8}))$",
)


def _byline(unit: str) -> str:
    if len(unit) > 120:
        return ""
    if labelled := _LABELLED_NAME.match(unit.strip()):
        return labelled["who"] or labelled["ja"]
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
    if (outlet := outlet_for_url(url)) is not None:
        return outlet.official
    host = _host(url)
    return bool(host) and any(
        host == d.lstrip(".") or host.endswith("." + d.lstrip(".")) for d in OFFICIAL_DOMAINS
    )


def _official_body(name: str) -> bool:
    """An official body's name: one of the table's (Совет Федерации, 外務省) or any that
    says it is a ministry, embassy, government or office."""
    if (outlet := outlet_named(name)) is not None:
        return outlet.official
    return bool(OFFICIAL_PUBLISHER.search(name))


def _kind(article: Article, labels: Iterable[str]) -> str:
    if _official_site(article.url):
        return Source.Kind.OFFICIAL
    if article.publisher_name and _official_body(article.publisher_name):
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
        _official_site(article.url) or _official_body(article.publisher_name)
    ):
        return Actor.Kind.ORGANISATION
    return Actor.Kind.MEDIA
