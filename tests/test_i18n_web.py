"""The site in three languages: addresses, the switcher, hreflang, caching, sitemap, dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import translation

from incidents.models import Place
from timeline.public import dates

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def record(make):
    """A published event with an actor, a tag, a place, a statement and a response."""
    actor = make.actor("Andrei Rudenko", slug="andrei-rudenko", name_ru="Андрей Руденко")
    source = make.source(
        url="https://wire.example/summons", title="Wire copy", published_on=dt.date(2023, 6, 10)
    )
    event = make.event(
        "Russia summons Japan's ambassador",
        date="2023-06-09",
        slug="summons",
        actors=[(actor, "initiator")],
        sources=[source],
        tags=["ukraine-war"],
    )
    event.places.add(Place.objects.get(slug="etorofu-iturup"))
    later = make.event("Japan answers", date="2023-09", slug="answer")
    later.responds_to.add(event)
    make.statement(event, actor, "Words said in this test.", source=source)
    return event


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text)[1]


PAGES = [
    "/",
    "/?q=summons",
    "/events/summons/",
    "/events/summons/chain/",
    "/actors/andrei-rudenko/",
    "/places/",
    "/places/etorofu-iturup/",
    "/map/",
    "/about/",
    "/analysis/",
    "/changes/",
    "/data/",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", ["ja", "ru"])
def test_every_public_page_answers_in_each_language_with_its_lang(client, record, path, language):
    english = client.get(path)
    translated = client.get(f"/{language}{path}")
    assert english.status_code == translated.status_code == 200
    assert html_lang(english) == "en"
    assert html_lang(translated) == language
    assert translated["Content-Language"] == language


def test_source_page_and_fragments_answer_under_a_language_prefix(client, record):
    source = record.source_links.get().source
    assert html_lang(client.get(f"/ru{source.get_absolute_url()}")) == "ru"
    fragment = client.get("/ja/?q=summons", headers=HTMX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert 'id="language-switcher"' in fragment.text


@pytest.mark.parametrize(
    "path", ["/export.csv", "/export.json", "/export/statements.csv", "/feed.atom", "/feed.rss"]
)
def test_exports_and_feeds_answer_under_a_prefix_with_english_field_names(client, record, path):
    english = client.get(path)
    japanese = client.get(f"/ja{path}")
    assert japanese.status_code == english.status_code == 200
    if path.endswith(".csv"):
        first_line = lambda r: b"".join(r.streaming_content).split(b"\n", 1)[0]  # noqa: E731
        assert first_line(japanese) == first_line(english)


def test_links_on_a_japanese_page_stay_in_japanese(client, record):
    page = client.get("/ja/").text
    assert 'href="/ja/events/summons/"' in page
    assert 'action="/ja/"' in page
    assert 'href="/events/summons/"' not in page


def test_english_is_not_also_served_under_en(client, record):
    assert client.get("/en/").status_code == 404
    assert client.get("/en/events/summons/").status_code == 404


def test_api_admin_and_health_stay_unprefixed(client, record):
    assert client.get("/api/events").status_code == 200
    assert client.get("/ja/api/events").status_code == 404
    assert client.get("/ja/healthz").status_code == 404
    assert client.get("/healthz").status_code == 200


# --- The switcher and the hreflang links -------------------------------------------------


def switcher(text: str) -> list[tuple[str, str, str, bool]]:
    """(lang, hreflang, href, current) of each link in the language switcher."""
    nav = re.search(r'<nav id="language-switcher".*?</nav>', text, re.S)[0]
    return [
        (m["lang"], m["hreflang"], m["href"].replace("&amp;", "&"), bool(m["current"]))
        for m in re.finditer(
            r'<a href="(?P<href>[^"]*)" lang="(?P<lang>\w+)" hreflang="(?P<hreflang>\w+)"'
            r'[^>]*?(?P<current> aria-current="true")?>',
            nav,
        )
    ]


def test_switcher_keeps_the_path_and_the_filters_and_marks_the_current_language(client, record):
    links = switcher(client.get("/ru/?q=summons&type=summons").text)
    assert links == [
        ("en", "en", "/?q=summons&type=summons", False),
        ("ja", "ja", "/ja/?q=summons&type=summons", False),
        ("ru", "ru", "/ru/?q=summons&type=summons", True),
    ]
    links = switcher(client.get("/events/summons/").text)
    assert [href for _l, _h, href, _c in links] == [
        "/events/summons/",
        "/ja/events/summons/",
        "/ru/events/summons/",
    ]
    assert [current for *_rest, current in links] == [True, False, False]


def test_switcher_names_each_language_in_its_own_script(client, record):
    page = client.get("/").text
    assert ">English</a>" in page and ">日本語</a>" in page and ">Русский</a>" in page


def test_htmx_fragment_swaps_the_switcher_and_alternates_with_the_new_filters(client, record):
    fragment = client.get("/ja/?q=summons&from=&to=", headers=HTMX)
    # The same tidy address the fragment pushes into the address bar.
    assert fragment["HX-Push-Url"] == "/ja/?q=summons"
    assert re.search(r'<nav id="language-switcher"[^>]*data-hx-swap-oob="true"', fragment.text)
    assert ("en", "en", "/?q=summons", False) in switcher(fragment.text)
    assert re.search(
        r'<link id="alternate-ru" rel="alternate" hreflang="ru" '
        r'href="http://testserver/ru/\?q=summons" data-hx-swap-oob="true">',
        fragment.text,
    )


def test_every_page_names_its_other_languages_and_x_default(client, record):
    page = client.get("/ja/events/summons/").text
    alternates = dict(
        re.findall(
            r'<link id="alternate-[\w-]+" rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', page
        )
    )
    assert alternates == {
        "en": "http://testserver/events/summons/",
        "ja": "http://testserver/ja/events/summons/",
        "ru": "http://testserver/ru/events/summons/",
        "x-default": "http://testserver/events/summons/",
    }


def test_api_docs_have_no_switcher(client):
    page = client.get("/api/docs").text
    assert "language-switcher" not in page
    assert 'hreflang="ja"' not in page


# --- One address, one page: no Accept-Language, no cookie, caches per address ---------------


def test_accept_language_and_language_cookie_change_nothing(client, record):
    plain = client.get("/")
    client.cookies["django_language"] = "ru"
    asked = client.get("/", headers={"Accept-Language": "ja,ru;q=0.8"})
    assert asked.status_code == 200  # offered by a script, never redirected
    assert html_lang(asked) == "en"
    assert asked["Content-Language"] == "en"
    assert switcher(asked.text) == switcher(plain.text)


@pytest.mark.parametrize(
    "path", ["/", "/ja/", "/ru/about/", "/ja/feed.atom", "/ja/export.json", "/api/events"]
)
def test_no_public_response_varies_on_language_or_cookies(client, record, path):
    response = client.get(path, headers={"Accept-Language": "ja"})
    vary = response.get("Vary", "").lower()
    assert "accept-language" not in vary
    assert "cookie" not in vary


def test_event_page_varies_only_on_the_session_cookie_of_staff_previews(client, record):
    # A draft's preview at the same address is for staff with a session: Cookie, never the
    # language.
    response = client.get("/ru/events/summons/", headers={"Accept-Language": "ja"})
    assert "accept-language" not in response.get("Vary", "").lower()


def test_response_cache_keeps_each_language_apart(client, record):
    japanese = client.get("/ja/")
    english = client.get("/")
    again_japanese = client.get("/ja/")
    again_english = client.get("/")
    assert html_lang(japanese) == html_lang(again_japanese) == "ja"
    assert html_lang(english) == html_lang(again_english) == "en"
    assert "2023年6月9日" in again_japanese.text
    assert "9 June 2023" in again_english.text and "2023年6月9日" not in again_english.text


def test_histogram_links_follow_the_page_language_from_the_cache(client, record):
    client.get("/")  # counted and cached in English first
    japanese = client.get("/ja/").text
    bars = re.findall(r'<a href="([^"]+)" data-hx-get="[^"]+" aria-label="[^"]*"><title>', japanese)
    assert bars and all(href.startswith("/ja/?") for href in bars)


def test_conditional_get_validators_are_per_address(client, record):
    first = client.get("/ja/")
    repeat = client.get("/ja/", headers={"If-None-Match": first["ETag"]})
    assert repeat.status_code == 304


def test_timeline_under_a_prefix_keeps_its_query_bound(
    client, record, django_assert_max_num_queries
):
    client.get("/ja/")  # the cached counts, as a reader finds them
    with django_assert_max_num_queries(12):
        assert client.get("/ja/?page=1").status_code == 200


# --- Sitemap and robots.txt ---------------------------------------------------------------


def test_sitemap_lists_every_page_in_every_language(client, record):
    sitemap = client.get("/sitemap.xml").text
    locations = re.findall(r"<loc>http://testserver([^<]*)</loc>", sitemap)
    for path in ("/", "/events/summons/", "/actors/andrei-rudenko/", "/places/etorofu-iturup/"):
        assert path in locations
        assert f"/ja{path}" in locations and f"/ru{path}" in locations
    assert "/api/docs" in locations and "/ja/api/docs" not in locations
    assert (
        '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/events/summons/"/>'
        in sitemap
    )


def test_sitemap_and_robots_live_at_the_root_only(client, record):
    assert client.get("/ja/sitemap.xml").status_code == 404
    assert client.get("/ru/robots.txt").status_code == 404
    assert client.get("/robots.txt").status_code == 200


# --- Dates ---------------------------------------------------------------------------------

DATE_TABLE = [
    ("en", "day", "9 June 2023"),
    ("en", "month", "June 2023"),
    ("en", "year", "2023"),
    ("ja", "day", "2023年6月9日"),
    ("ja", "month", "2023年6月"),
    ("ja", "year", "2023年"),
    ("ru", "day", "9 июня 2023 г."),
    ("ru", "month", "июнь 2023 г."),
    ("ru", "year", "2023 г."),
]


@pytest.mark.parametrize(("language", "precision", "expected"), DATE_TABLE)
def test_dates_honour_precision_in_each_language(language, precision, expected):
    with translation.override(language):
        assert dates.partial_date(precision, dt.date(2023, 6, 9)) == expected


SPANS = [
    ("en", dt.date(2023, 6, 12), "9–12 June 2023"),
    ("en", dt.date(2023, 7, 2), "9 June – 2 July 2023"),
    ("en", dt.date(2024, 1, 2), "9 June 2023 – 2 January 2024"),
    ("ja", dt.date(2023, 6, 12), "2023年6月9日〜12日"),
    ("ja", dt.date(2023, 7, 2), "2023年6月9日〜7月2日"),
    ("ja", dt.date(2024, 1, 2), "2023年6月9日〜2024年1月2日"),
    ("ru", dt.date(2023, 6, 12), "9–12 июня 2023 г."),
    ("ru", dt.date(2023, 7, 2), "9 июня – 2 июля 2023 г."),
    ("ru", dt.date(2024, 1, 2), "9 июня 2023 г. – 2 января 2024 г."),
]


@pytest.mark.parametrize(("language", "end", "expected"), SPANS)
def test_spans_of_days_in_each_language(language, end, expected):
    with translation.override(language):
        assert dates.date_span("day", dt.date(2023, 6, 9), end) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "September 2022"), ("ja", "2022年9月"), ("ru", "сентябрь 2022 г.")],
)
def test_month_headings_in_each_language(language, expected):
    with translation.override(language):
        assert dates.month_name(2022, 9) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "9 June 2023, 14:05"), ("ja", "2023年6月9日 14:05"), ("ru", "9 июня 2023 г., 14:05")],
)
def test_moments_in_each_language(language, expected):
    with translation.override(language):
        assert dates.day_time(dt.datetime(2023, 6, 9, 14, 5, tzinfo=dt.UTC)) == expected


def test_timeline_shows_dates_and_month_headings_in_its_language(client, record):
    russian = client.get("/ru/").text
    assert "9 июня 2023 г." in russian
    assert re.search(r'<h3 class="month-heading">сентябрь 2023 г.</h3>', russian)
    japanese = client.get("/ja/events/summons/").text
    assert "2023年6月9日" in japanese
    english = client.get("/").text
    assert re.search(r'<h3 class="month-heading">September 2023</h3>', english)
    assert "9 June 2023" in english


def test_a_write_warms_the_timeline_in_every_language(rf, make, client):
    from django.db import connection
    from django.http import HttpResponse, QueryDict
    from django.test.utils import CaptureQueriesContext

    from timeline.middleware.warming import WarmTimelineMiddleware
    from timeline.public.caching import counts_key
    from timeline.public.filters import EventFilter

    make.event("Summons over a visit")

    def save(request):
        make.event("Protest over drills")
        return HttpResponse("saved")

    WarmTimelineMiddleware(save)(rf.post("/admin/incidents/event/add/"))
    for language in ("en", "ja", "ru"):
        with translation.override(language):
            assert cache.get(counts_key(EventFilter(QueryDict()))) is not None
    with CaptureQueriesContext(connection) as warmed:
        client.get("/ru/")
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get("/ru/")

    def counting(queries) -> int:  # the histogram's and the facets' counts: one query
        return sum(q["sql"].startswith("WITH hits") for q in queries.captured_queries)

    assert (counting(cold), counting(warmed)) == (1, 0)


def test_drawings_keep_decimal_points_in_russian(client, record):
    """Russian writes 12,5 for 12.5: numbers inside SVG attributes must not be localized."""
    for path in ("/ru/map/", "/ru/", "/ru/analysis/"):
        page = client.get(path).text
        attributes = re.findall(r'\s(?:cx|cy|r|x|y|width|height)="([^"]*)"', page)
        assert attributes, path
        assert not [value for value in attributes if "," in value], path


# "May" is left out: the filter help says “May 2023” in every language until translated.
ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December)\b"
)


def test_public_pages_show_every_date_in_their_language(client, record):
    source = record.source_links.get().source
    page = client.get(f"/ru{source.get_absolute_url()}").text
    assert "10 июня 2023 г." in page
    for path in [*PAGES, source.get_absolute_url()]:
        page = client.get(f"/ru{path}").text
        # Citations keep their English styles (APA, Chicago), whatever the page's language.
        page = re.sub(r'<dl class="citations">.*?</dl>', "", page, flags=re.S)
        assert not ENGLISH_MONTHS.search(page), (path, ENGLISH_MONTHS.search(page))
    event = client.get("/ja/events/summons/").text
    assert "2023年6月10日" in event  # the source's date, beside the event's own


# --- Error pages -------------------------------------------------------------------------


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        translated = translation.gettext(text)
    assert translated != text, f"{text!r} has no {language} translation"
    return translated


def test_not_found_is_in_the_language_of_the_address(client, record):
    response = client.get("/ja/events/no-such-event/")
    assert response.status_code == 404
    assert html_lang(response) == "ja"
    assert in_language("ja", "Page not found") in response.text
    english = client.get("/events/no-such-event/")
    assert html_lang(english) == "en" and "Page not found" in english.text


def test_server_error_page_is_in_the_language_of_the_address(monkeypatch):
    from django.test import Client

    from timeline.middleware import conditional

    def broken(request):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(conditional, "_needs_no_data", broken)
    response = Client(raise_request_exception=False).get("/ru/about/")
    assert response.status_code == 500
    assert html_lang(response) == "ru"
    assert in_language("ru", "Something went wrong on our side") in response.text
    assert 'href="/ru/places/"' in response.text and 'href="/places/"' not in response.text


@pytest.mark.django_db
def test_unavailable_page_is_in_the_language_of_the_address(monkeypatch):
    from django.db import OperationalError, connections
    from django.test import Client

    def unreachable(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(type(connections["default"]), "cursor", unreachable)
    response = Client(raise_request_exception=False).get("/ja/events/some-event/")
    assert response.status_code == 503
    assert html_lang(response) == "ja"
    assert in_language("ja", "Temporarily unavailable") in response.text


# --- The API's lang= ------------------------------------------------------------------------


def test_api_labels_follow_lang_and_field_names_stay(client, record):
    english = client.get("/api/events/summons").json()
    russian = client.get("/api/events/summons?lang=ru").json()
    assert set(russian) == set(english)
    assert russian["actors"][0]["name"] == "Андрей Руденко"
    assert russian["statements"][0]["speaker"]["name"] == "Андрей Руденко"
    assert english["actors"][0]["name"] == "Andrei Rudenko"
    assert russian["date"]["text"] == "9 июня 2023 г." and russian["date"]["iso"] == "2023-06-09"
    assert russian["slug"] == english["slug"] and russian["type"]["slug"] == "summons"
    japanese = client.get("/api/events?lang=ja").json()["results"]
    assert {e["date"]["text"] for e in japanese} == {"2023年6月9日", "2023年9月"}


def test_api_actor_without_a_name_in_that_language_keeps_english(client, record, make):
    make.event("Another", actors=[(make.actor("Only English", slug="only-english"), "target")])
    names = {a["slug"]: a["name"] for a in client.get("/api/actors?lang=ja").json()["results"]}
    assert names["only-english"] == "Only English"
    assert names["andrei-rudenko"] == "Andrei Rudenko"  # no Japanese name recorded


@pytest.mark.parametrize(
    "path", ["/api/events", "/api/statements", "/api/actors", "/api/sources", "/api/tags"]
)
def test_api_refuses_an_unknown_lang_with_a_clear_400(client, record, path):
    response = client.get(f"{path}?lang=fr")
    assert response.status_code == 400
    assert "lang" in response.json()["errors"]


def test_api_documents_lang(client):
    parameters = client.get("/api/openapi.json").json()["paths"]["/api/events"]["get"]
    lang = next(p for p in parameters["parameters"] if p["name"] == "lang")
    assert lang["schema"]["enum"] == ["en", "ja", "ru"] or "enum" in str(lang["schema"])


def test_api_lang_costs_a_bounded_number_of_queries(client, record, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        assert client.get("/api/events?lang=ja").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/", "/?q=summons", "/actors/andrei-rudenko/", "/places/etorofu-iturup/", "/changes/"],
)
def test_a_page_in_japanese_or_russian_costs_no_more_queries_than_in_english(client, record, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for prefix in ("", "/ja", "/ru"):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{prefix}{path}").status_code == 200
        counts[prefix] = len(queries)
    assert counts["/ja"] <= counts[""] and counts["/ru"] <= counts[""], counts


def test_api_names_event_types_and_tags_in_lang_where_the_record_has_them(client, record):
    from incidents.models import EventType, Tag

    EventType.objects.filter(slug="summons").update(name_ja="呼び出し（テスト）", name_ru="")
    Tag.objects.filter(slug="ukraine-war").update(name_ru="Война (тест)")
    japanese = client.get("/api/events/summons?lang=ja").json()
    assert japanese["type"] == {**japanese["type"], "slug": "summons", "name": "呼び出し（テスト）"}
    russian = client.get("/api/events/summons?lang=ru").json()
    assert russian["tags"][0]["name"] == "Война (тест)"
    # No Russian name recorded: English.
    assert russian["type"]["name"] == client.get("/api/events/summons").json()["type"]["name"]
    types = {t["slug"]: t["name"] for t in client.get("/api/event-types?lang=ja").json()}
    assert types["summons"] == "呼び出し（テスト）"
    tags = {t["slug"]: t["name"] for t in client.get("/api/tags?lang=ru").json()}
    assert tags["ukraine-war"] == "Война (тест)"
