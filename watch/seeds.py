"""The feeds and listing pages of the outlets the record already cites, switched off.

Addresses only: nothing here is ever fetched until an editor switches a source on in the
admin (check the address in a browser first: sites move their feeds). ``load_seed`` adds them
after the seed actors, so each is linked to its outlet; running it again changes nothing.
"""

from __future__ import annotations

from incidents.models import Actor

from .models import WatchedSource

# name, address, kind, language, outlet actor's slug (None: the outlet is not an actor yet)
SOURCES = [
    (
        "MOFA Japan: press releases (en)",
        "https://www.mofa.go.jp/press/release/index.html",
        "listing",
        "en",
        None,
    ),
    (
        "MOFA Japan: press releases (ja)",
        "https://www.mofa.go.jp/mofaj/press/release/index.html",
        "listing",
        "ja",
        None,
    ),
    ("MID Russia: news (ru)", "https://mid.ru/ru/foreign_policy/news/", "listing", "ru", None),
    ("MID Russia: news (en)", "https://mid.ru/en/foreign_policy/news/", "listing", "en", None),
    (
        "MID Russia: spokeswoman's briefings (ru)",
        "https://mid.ru/ru/press_service/spokesman/briefings/",
        "listing",
        "ru",
        None,
    ),
    ("Kremlin: all events (ru)", "http://kremlin.ru/events/all/feed", "feed", "ru", None),
    ("Kremlin: all events (en)", "http://en.kremlin.ru/events/all/feed", "feed", "en", None),
    (
        "Prime Minister's Office of Japan: news (ja)",
        "https://www.kantei.go.jp/index-jnews.rdf",
        "feed",
        "ja",
        None,
    ),
    ("Prime Minister's Office of Japan (en)", "https://japan.kantei.go.jp/", "listing", "en", None),
    ("TASS (en)", "https://tass.com/rss/v2.xml", "feed", "en", "tass"),
    ("TASS (ru)", "https://tass.ru/rss/v2.xml", "feed", "ru", "tass"),
    ("Kyodo News (en)", "https://english.kyodonews.net/rss/all.xml", "feed", "en", "kyodo-news"),
    ("NHK News (ja)", "https://www3.nhk.or.jp/rss/news/cat0.xml", "feed", "ja", "nhk"),
    ("NHK World-Japan (en)", "https://www3.nhk.or.jp/nhkworld/en/news/", "listing", "en", "nhk"),
    ("The Japan Times", "https://www.japantimes.co.jp/feed/", "feed", "en", "the-japan-times"),
    ("Interfax (ru)", "https://www.interfax.ru/rss.asp", "feed", "ru", "interfax"),
    ("Interfax (en)", "https://interfax.com/newsroom/top-stories/", "listing", "en", "interfax"),
    (
        "The Japan News (Yomiuri)",
        "https://japannews.yomiuri.co.jp/feed/",
        "feed",
        "en",
        "the-japan-news",
    ),
    ("Lenta.ru", "https://lenta.ru/rss", "feed", "ru", "lenta-ru"),
    ("Japan Today", "https://japantoday.com/feed", "feed", "en", "japan-today"),
    (
        "The Moscow Times",
        "https://www.themoscowtimes.com/rss/news",
        "feed",
        "en",
        "the-moscow-times",
    ),
    ("Nippon.com (en)", "https://www.nippon.com/en/news/", "listing", "en", "nippon-com"),
]


def seed_watched_sources() -> int:
    """Add the sources not yet present (switched off); returns how many were added."""
    outlets = Actor.objects.filter(
        kind=Actor.Kind.MEDIA, slug__in={row[4] for row in SOURCES if row[4]}
    ).in_bulk(field_name="slug")
    added = 0
    for name, url, kind, language, outlet in SOURCES:
        _, created = WatchedSource.objects.get_or_create(
            url=url,
            defaults={
                "name": name,
                "kind": kind,
                "language": language,
                "outlet": outlets.get(outlet),
                "enabled": False,
            },
        )
        added += created
    return added
