"""The publisher read from a page's address or a pasted copy's header (incidents/importing/
outlets.py): a table of the outlets and official bodies that report on Russia–Japan affairs,
matched by registered domain and any subdomain; an official body's site makes the page its
official statement.

The texts below are written for these tests; they reproduce layouts, not articles."""

from __future__ import annotations

import datetime as dt

import pytest

from incidents import importing as importer
from incidents.importing.outlets import OUTLETS, outlet_for_url, outlet_named

BODY_EN = (
    "Japan's Foreign Ministry said on Monday that it had protested to Russia over the planned "
    "military drills on the disputed islands off Hokkaido.\n\n"
    "The ministry said the exercises were unacceptable and ran counter to Japan's position.\n"
)
BODY_RU = (
    "МИД России в понедельник заявил, что Москва примет ответные меры в связи с новыми "
    "санкциями Японии.\n\n"
    "В ведомстве отметили, что решение Токио не останется без ответа.\n"
)
BODY_JA = (
    "外務省は１２日、ロシア軍が北方領土で予定している演習について、ロシア側に抗議したと発表した。\n\n"
    "同省は、演習は日本の立場と相いれず受け入れられないとしている。\n"
)


def parse(text: str, url: str = "") -> importer.Article:
    return importer.parse_article(text, is_html=False, url=url)


def test_the_table_is_broad_and_every_host_belongs_to_one_outlet():
    hosts = [host for outlet in OUTLETS for host in outlet.hosts]
    assert len(hosts) >= 150
    assert len(hosts) == len(set(hosts))
    assert all(host == host.lower() and "/" not in host for host in hosts)


@pytest.mark.parametrize(
    ("url", "publisher", "kind"),
    [
        # A subdomain is its registered domain's outlet…
        (
            "https://function.mil.ru/news_page/country/more.htm?id=1@egNews",
            "Министерство обороны Российской Федерации",
            "official",
        ),
        ("https://english.kyodonews.net/news/2025/06/x.html", "Kyodo News", "wire"),
        ("https://www3.nhk.or.jp/news/html/20250101/k1.html", "NHK", "news"),
        ("http://council.gov.ru/events/news/1/", "Совет Федерации", "official"),
        ("https://duma.gov.ru/news/1/", "Государственная Дума", "official"),
        (
            "https://www.mofa.go.jp/mofaj/press/release/x.html",
            "Ministry of Foreign Affairs of Japan",
            "official",
        ),
        ("https://thediplomat.com/2024/09/x/", "The Diplomat", "news"),
        ("https://www.sankei.com/article/20250313-x/", "産経新聞", "news"),
        # …unless a more specific host is listed: the embassy, not the ministry.
        ("https://tokyo.mid.ru/ru/press-centre/news/1/", "Посольство России в Японии", "official"),
        (
            "https://mid.ru/ru/foreign_policy/news/1/",
            "The Ministry of Foreign Affairs of the Russian Federation",
            "official",
        ),
        ("https://asia.nikkei.com/Politics/x", "Nikkei Asia", "news"),
        # A look-alike host is not the outlet.
        ("https://notmid.ru/x", None, None),
        ("https://mid.ru.example/x", None, None),
    ],
)
def test_an_outlet_is_found_by_its_registered_domain(url, publisher, kind):
    outlet = outlet_for_url(url)
    assert (outlet.name if outlet else None) == publisher
    if kind:
        assert (outlet.official if outlet else False) == (kind == "official")


@pytest.mark.parametrize(
    ("url", "body", "publisher"),
    [
        (
            "https://sakhalin.gov.ru/index.php?id=105&tx_ttnews[tt_news]=1",
            BODY_RU,
            "Правительство Сахалинской области",
        ),
        (
            "https://www.kantei.go.jp/jp/tyoukanpress/202501/1.html",
            BODY_JA,
            "Prime Minister's Office of Japan",
        ),
        ("https://ru.emb-japan.go.jp/itpr_ru/x.html", BODY_RU, "Embassy of Japan in Russia"),
        # A government site the table does not name is an official page all the same.
        ("https://www.pref.nemuro.example.lg.jp/x.html", BODY_JA, None),
    ],
)
def test_an_official_bodys_site_is_its_official_statement(url, body, publisher):
    article = parse(body, url=url)
    assert article.kind == "official"
    if publisher:
        assert article.publisher_name == publisher
        assert article.publisher_kind == "organisation"


@pytest.mark.parametrize(
    ("header", "body", "publisher"),
    [
        ("The Diplomat\nSubscribe\nLog in", BODY_EN, "The Diplomat"),
        ("産経ニュース\n速報\u3000政治\u3000国際", BODY_JA, "産経新聞"),
        ("スプートニク日本\nロシア\u3000国際\u3000経済", BODY_JA, "スプートニク日本"),
        (
            "Совет Федерации Федерального Собрания Российской Федерации\nГлавная / Новости",
            BODY_RU,
            "Совет Федерации",
        ),
    ],
)
def test_a_pasted_copy_is_credited_to_the_outlet_its_header_names(header, body, publisher):
    article = parse(f"{header}\nA headline written for this test about the islands\n{body}")
    assert article.publisher_name == publisher


@pytest.mark.parametrize(
    "header",
    [
        # One word may be a rubric or a headline's first word, not the site's name.
        "Kremlin",
        # An outlet's name opening a longer name is another outlet.
        "Вести Островов",
        # A wire agency's copyright under its story is the credit, not the site.
        "Copyright 2024 The Associated Press",
    ],
)
def test_a_line_that_only_looks_like_an_outlet_is_not_the_publisher(header):
    article = parse(f"{header}\nA headline written for this test about the islands\n{BODY_EN}")
    assert article.publisher_name not in {"President of Russia", "Вести", "AP"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ロシア国防省", "Министерство обороны Российской Федерации"),
        ("Federation Council", "Совет Федерации"),
        ("Embassy of the Russian Federation in Japan", "Посольство России в Японии"),
        ("КОММЕРСАНТЪ", "Коммерсантъ"),
        ("Some Local Weekly", None),
    ],
)
def test_an_outlet_is_known_by_its_name_in_any_language(name, expected):
    outlet = outlet_named(name)
    assert (outlet.name if outlet else None) == expected


def test_an_outlets_name_with_its_tagline_names_the_publisher():
    article = parse(
        "The Diplomat – Asia-Pacific Current Affairs Magazine\n"
        "A headline written for this test about the islands\n" + BODY_EN
    )
    assert article.publisher_name == "The Diplomat"


def test_the_date_in_the_credit_line_under_an_html_headline_is_the_date():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY_EN.split("\n\n") if p.strip())
    page = (
        "<html><head><title>Japan protests drills</title></head><body>"
        "<a href='/news/2025/04/other'>Other story</a><article>"
        "<h1>Japan protests drills</h1>"
        "<p class='credit'>WIRE NEWS - Jun 24, 2025 - 17:42 | Japan, World</p>"
        f"{paragraphs}</article></body></html>"
    )
    assert importer.parse_article(page, is_html=True).published_on == dt.date(2025, 6, 24)


def test_the_agency_in_the_dateline_under_a_standfirst_is_the_credit():
    article = parse(
        "Japan and Russia trade warnings over missiles\n\n"
        "Moscow has warned Tokyo against deploying long-range missiles in the south.\n\n"
        "Issued on: 14/11/2025 - 09:37\n\n"
        "Moscow (AFP) – Russia on Friday said it would respond to any deployment of "
        "long-range missiles in southern Japan, calling the plan a threat to the region.\n\n"
        "Japan says the missiles are purely defensive and aimed at deterring an attack.",
        url="https://www.example-news.com/en/asia-pacific/20251114-japan-russia",
    )
    assert article.credit == "AFP"


def test_with_inputs_from_an_agency_in_brackets_is_the_credit():
    article = parse(
        "Russia warns Japan over missile plans\n\n"
        "Russia will respond if intermediate-range missiles are placed in Japan, its foreign "
        "minister said on Thursday, in the sharpest warning to Tokyo this year.\n\n"
        "Japan says its defence build-up is only for protecting its people and territory.\n\n"
        "(With inputs from Reuters)",
        url="https://www.example-news.com/world/story/russia-japan-missiles",
    )
    assert article.credit == "Reuters"
