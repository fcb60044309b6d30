"""Importer metadata and cleaning on real sites' layouts (issue 13): the title is the headline
and never chrome, the date is found wherever the page puts it, the publisher is always
recorded, the wire agency is credited, and boilerplate goes while every paragraph stays.

The texts below are written for these tests; they reproduce layouts, not articles."""

from __future__ import annotations

import datetime as dt

import pytest

from incidents import importing as importer
from incidents.importing import preview_record

BODY_EN = (
    "Japan's Foreign Ministry said on Monday that it had protested to Russia over the planned "
    "military drills on the disputed islands off Hokkaido.\n\n"
    "The ministry said the exercises were unacceptable and ran counter to Japan's position.\n"
)
BODY_JA = (
    "外務省は１２日、ロシア軍が北方領土で予定している演習について、ロシア側に抗議したと発表した。\n\n"
    "同省は、演習は日本の立場と相いれず受け入れられないとしている。\n"
)
BODY_RU = (
    "МИД России в понедельник заявил, что Москва примет ответные меры в связи с новыми "
    "санкциями Японии.\n\n"
    "В ведомстве отметили, что решение Токио не останется без ответа.\n"
)


def parse(text: str, url: str = "") -> importer.Article:
    return importer.parse_article(text, is_html=False, url=url)


# --- Title -----------------------------------------------------------------------------------


def test_a_dateline_is_never_the_title_of_a_story_without_a_headline():
    article = parse(
        "Tokyo, June 12 (Jiji Press)--Japan's Defense Ministry said Monday that two Russian "
        "bombers flew over the Sea of Japan. The ministry scrambled fighters.\n\n"
        "No violation of Japanese airspace was confirmed, the ministry said.\n"
    )
    assert article.title_guessed
    assert article.title.startswith("Japan's Defense Ministry said Monday")
    assert "Jiji" not in article.title
    # The agency whose dateline opens the copy is its publisher: a wire story.
    assert article.publisher_name == "Jiji Press"
    assert article.kind == "wire"


def test_a_japanese_navigation_row_is_not_the_title():
    article = parse(
        "トップ\u3000速報\u3000ライブ\u3000オリジナル\u3000ランキング\n"
        "外務省、ロシアの北方領土演習に抗議\n" + BODY_JA
    )
    assert article.title == "外務省、ロシアの北方領土演習に抗議"
    assert not article.title_guessed
    assert "ランキング" not in article.text


def test_a_japanese_headline_ending_on_a_quotation_is_the_title_not_a_paragraph():
    article = parse(
        "2025年11月14日 12時40分\n北方領土で演習 外相「受け入れられない」\nNHK\n\n" + BODY_JA
    )
    assert article.title == "北方領土で演習 外相「受け入れられない」"
    assert not article.title_guessed
    assert article.publisher_name == "NHK"
    assert article.published_on == dt.date(2025, 11, 14)


def test_an_seo_line_above_the_headline_is_not_the_title():
    article = parse(
        "Политика\n"
        "Москва пообещала ответ на новые японские санкции — главное за день\n"
        "МИД пообещал ответить Японии на новые санкции\n\n" + BODY_RU
    )
    assert article.title == "МИД пообещал ответить Японии на новые санкции"


def test_a_japanese_photo_caption_is_neither_title_nor_text():
    caption = "記者会見する林芳正官房長官＝首相官邸で２０２４年３月１２日午前、山田一郎撮影"
    article = parse(
        "毎日新聞\n2024/3/12 18:05（最終更新 3/12 20:12）\n外務省、ロシアの演習に抗議\n\n"
        + caption
        + "\n\n"
        + BODY_JA
    )
    assert article.title == "外務省、ロシアの演習に抗議"
    assert caption not in article.text
    assert article.published_on == dt.date(2024, 3, 12)
    assert article.publisher_name == "毎日新聞"


# --- Dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["2024.03.12 18:40", "2024/3/12(火) 21:03配信", "12 марта 2024, 14:20", "March 12, 2024"],
)
def test_a_timestamp_line_above_the_headline_gives_the_date(line):
    article = parse(f"{line}\nJapan protests over Russian drills on the islands\n\n{BODY_EN}")
    assert article.published_on == dt.date(2024, 3, 12)
    assert article.title == "Japan protests over Russian drills on the islands"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.org/2023/06/10/lavrov-japan", dt.date(2023, 6, 10)),
        ("https://www.rbc.ru/politics/14/03/2025/67d3f1a29a7947", dt.date(2025, 3, 14)),
        ("https://news.example.org/world/lavrov-japan-123456", None),
    ],
)
def test_a_date_only_in_the_address_is_used(url, expected):
    article = parse("Lavrov says Japan chose to end the dialogue\n\n" + BODY_EN, url=url)
    assert article.published_on == expected


def test_a_date_in_a_press_conference_title_is_the_date():
    article = parse(
        "令和6年3月12日（火）午前\n\n" + BODY_JA, url="https://www.kantei.go.jp/jp/a.html"
    )
    assert article.published_on == dt.date(2024, 3, 12)
    assert article.kind == "official"


# --- Publisher and credit ------------------------------------------------------------------------


def test_the_outlet_named_in_a_copys_header_is_the_publisher():
    article = parse("Известия\nПолитика\nМИД пообещал ответить Японии на санкции\n\n" + BODY_RU)
    assert article.publisher_name == "Известия"
    assert article.kind == "news"


def test_a_republisher_of_an_agency_story_is_the_publisher_and_the_agency_the_credit():
    article = parse(
        "Новости дня\nГлавная / Политика\nМИД пообещал ответить Японии на санкции\n\n"
        "МИД России заявил, что Москва примет ответные меры в связи с санкциями Японии, "
        "передает ТАСС.\n\nВ ведомстве отметили, что решение Токио не останется без ответа.\n\n"
        "Источник: ТАСС\n",
        url="https://novosti-dnya.example/2024/03/12/mid-yaponiya",
    )
    assert article.publisher_name == "novosti-dnya.example"
    assert article.credit == "ТАСС"
    assert article.kind == "news"
    assert "Источник" not in article.text


def test_a_japanese_wire_dateline_credits_the_agency():
    article = parse(
        "ロシア報道官、日本の演習を批判\n\n【モスクワ共同】ロシア外務省のザハロワ情報局長は１２日、"
        "日本の演習を批判した。\n\n同氏は、対抗措置を取ると述べた。\n",
        url="https://news.yahoo.co.jp/articles/abc123",
    )
    assert article.publisher_name == "Yahoo!ニュース"
    assert article.credit == "共同通信"


def test_a_republisher_credits_the_agency_of_its_colon_dateline():
    article = parse(
        "Russia summons Japanese envoy\n\nMoscow, June 10 (Reuters): Russia's foreign ministry "
        "summoned Japan's ambassador on Friday over military aid to Ukraine.\n\n"
        "Japan said the vehicles it provided are for non-combat use.\n",
        url="https://www.heraldexample.in/world/russia-japan-1234",
    )
    assert article.credit == "Reuters"
    assert article.publisher_name == "heraldexample.in"


def test_a_photo_credit_is_not_the_wire_credit():
    article = parse(
        "Japan protests over Russian drills\n\nPhoto: Ivan Petrov / RIA Novosti\n\n" + BODY_EN,
        url="https://www.example-daily.com/world/japan-protest",
    )
    assert not article.credit
    assert article.publisher_name == "example-daily.com"


def test_the_publisher_is_always_recorded_when_the_page_has_an_address():
    article = parse(
        "Japan protests over Russian drills\n\n" + BODY_EN, url="https://unknown.example.net/a"
    )
    assert preview_record(article)["publisher"] == "example.net"


# --- Byline -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "byline", ["（モスクワ＝山田太郎）", "【山田太郎】", "山田太郎記者", "記者名：山田太郎"]
)
def test_japanese_bylines_are_the_author(byline):
    article = parse("外務省、ロシアの演習に抗議\n" + byline + "\n\n" + BODY_JA)
    assert article.author == "山田太郎"
    assert byline not in article.text


def test_a_byline_closing_the_last_paragraph_is_the_author_and_the_paragraph_stays():
    article = parse("外務省、ロシアの演習に抗議\n\n" + BODY_JA.rstrip() + "【山田花子】\n")
    assert article.author == "山田花子"
    assert (
        article.paragraphs[-1] == "同省は、演習は日本の立場と相いれず受け入れられないとしている。"
    )


# --- Boilerplate ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "chrome",
    [
        "(With inputs from agencies.)",
        "◇",
        "window.yaContextCb.push(function(){Ya.adfoxCode.create({ownerId:173858,containerId:'adfox_x',"
        "params:{p1:'cxx',p2:'hjrx'}},['desktop','tablet','phone'],{tabletWidth:1023})});",
        "Home | World | Asia | Politics | Business",
    ],
)
def test_boilerplate_between_paragraphs_is_dropped_and_the_paragraphs_kept(chrome):
    paragraphs = BODY_EN.strip().split("\n\n")
    article = parse(
        "Japan protests over Russian drills\n\n"
        + paragraphs[0]
        + "\n\n"
        + chrome
        + "\n\n"
        + paragraphs[1]
        + "\n"
    )
    assert article.paragraphs == paragraphs


@pytest.mark.parametrize(
    ("line", "body", "expected"),
    [
        ("World | Saturday 10th of June 2023 at 08:45", BODY_EN, dt.date(2023, 6, 10)),
        ("Опубликовано: 10 июн. 2023 г., 14:20", BODY_RU, dt.date(2023, 6, 10)),
        # Never a relative date: it would date the article by the day it was imported.
        ("World | Updated 2 days ago", BODY_EN, None),
        ("Обновлено вчера в 14:20", BODY_RU, None),
    ],
)
def test_a_date_sharing_a_line_above_the_article_is_read_in_its_language(line, body, expected):
    article = parse(f"{line}\nMinistry protests over the drills on the islands\n\n{body}")
    assert article.published_on == expected


# --- Publisher matched to an existing outlet -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url"),
    [
        # The page names itself "読売新聞オンライン"; the actor is "The Yomiuri Shimbun" / 読売新聞.
        ("読売新聞オンライン\n外務省、ロシアの演習に抗議\n\n" + BODY_JA, ""),
        # By the site's address alone (an unknown page of the site, no name in the text).
        (
            "外務省、ロシアの演習に抗議\n\n" + BODY_JA,
            "https://www.yomiuri.co.jp/politics/20240312-OYT1/",
        ),
    ],
)
def test_the_publisher_is_matched_to_the_outlet_by_any_of_its_names_or_its_host(make, text, url):
    yomiuri = make.actor("The Yomiuri Shimbun", kind="media", name_ja="読売新聞")
    make.actor("Yomiuri Giants", kind="organisation")
    article = importer.match_actors(parse(text, url=url))
    assert article.publisher == yomiuri


def test_an_outlet_listing_its_domain_among_its_aliases_is_matched_by_host(make):
    outlet = make.actor("Novosti Dnya", kind="media", aliases="Новости дня\nnovosti-dnya.example")
    article = importer.match_actors(
        parse("Главная\nМИД ответил Японии\n\n" + BODY_RU, url="https://novosti-dnya.example/a/1")
    )
    assert article.publisher == outlet


def test_an_unknown_outlet_is_proposed_not_created(db):
    from incidents.models import Actor

    article = importer.match_actors(
        parse(
            "Japan protests over Russian drills\n\n" + BODY_EN,
            url="https://www.heraldexample.in/a",
        )
    )
    assert article.publisher is None
    assert article.publisher_name == "heraldexample.in"
    assert not Actor.objects.exists()


# --- A photo credit is not the wire credit; a label is not a byline ----------------------------


@pytest.mark.parametrize(
    "photo",
    [
        "A Russian patrol ship off Hokkaido on Monday. REUTERS/Issei Kato",
        "A Russian patrol ship off Hokkaido on Monday. AFP PHOTO / Kazuhiro Nogi",
        "Photo: AFP",
    ],
)
def test_a_photo_credit_is_not_the_wire_credit_nor_the_title(photo):
    article = parse(
        "Japan protests over Russian drills\n" + photo + "\n\n" + BODY_EN,
        url="https://www.example-daily.com/world/japan-protest",
    )
    assert not article.credit
    assert article.title == "Japan protests over Russian drills"
    assert article.paragraphs == BODY_EN.strip().split("\n\n")


@pytest.mark.parametrize("label", ["【速報】", "【独自】", "（共同）", "（写真）", "【解説】"])
def test_a_japanese_label_in_brackets_is_not_a_byline(label):
    article = parse("外務省、ロシアの演習に抗議\n" + label + "\n\n" + BODY_JA)
    assert article.author == ""


def test_a_japanese_byline_with_the_desk_is_the_author():
    article = parse("外務省、ロシアの演習に抗議\n（政治部・山田太郎）\n\n" + BODY_JA)
    assert article.author == "山田太郎"


@pytest.mark.parametrize(
    ("first", "title", "agency"),
    [
        (
            "МОСКВА, 10 июня. /ТАСС/. Россия примет ответные меры в связи с санкциями Японии. "
            "Об этом заявил замминистра.",
            "Россия примет ответные меры в связи с санкциями Японии.",
            "ТАСС",
        ),
        (
            "МОСКВА, 10 июн — РИА Новости. Россия примет ответные меры в связи с санкциями "
            "Японии. Об этом заявил замминистра.",
            "Россия примет ответные меры в связи с санкциями Японии.",
            "РИА Новости",
        ),
        (
            "【モスクワ時事】ロシア外務省は１０日、日本の制裁に対抗措置を取ると発表した。同省は声明で批判した。",
            "ロシア外務省は１０日、日本の制裁に対抗措置を取ると発表した。",
            "時事通信",
        ),
        (
            "TOKYO (Kyodo) -- Japan protested to Russia on Saturday over drills on the islands. "
            "The ministry said so.",
            "Japan protested to Russia on Saturday over drills on the islands.",
            "Kyodo News",
        ),
    ],
)
def test_a_wire_dateline_is_never_the_guessed_title_and_names_the_agency(first, title, agency):
    article = parse(first + "\n\nThe second paragraph of the story follows here, as usual.\n")
    assert article.title_guessed
    assert article.title == title
    assert article.publisher_name == agency
    assert article.kind == "wire"


@pytest.mark.parametrize(
    ("banner", "headline", "body"),
    [
        (
            "We use cookies to improve the site. By continuing to browse, you agree to this.",
            "Japan protests over Russian drills",
            BODY_EN,
        ),
        (
            "当サイトではCookieを使用しています。サイトの利用を続けると同意したものとみなします。",
            "外務省、ロシアの演習に抗議",
            BODY_JA,
        ),
        (
            "Сайт использует файлы cookie. Продолжая работу с сайтом, вы соглашаетесь с этим.",
            "МИД пообещал ответить Японии на санкции",
            BODY_RU,
        ),
    ],
)
def test_a_cookie_banner_is_neither_title_nor_text(banner, headline, body):
    article = parse(f"{banner}\nOK\n{headline}\n\n{body}")
    assert article.title == headline
    assert article.paragraphs == body.strip().split("\n\n")


@pytest.mark.parametrize(
    ("closing", "agency"),
    [
        ("同省は、演習は日本の立場と相いれないとしている。（共同）", "共同通信"),
        ("同省は、演習は日本の立場と相いれないとしている。（時事）", "時事通信"),
    ],
)
def test_a_story_closed_by_an_agency_mark_credits_it_and_keeps_the_paragraph(closing, agency):
    article = parse(
        "北海道新聞\n外務省、ロシアの演習に抗議\n\n"
        "外務省は１２日、ロシア軍が北方領土で予定している演習について、抗議したと発表した。\n\n"
        + closing
        + "\n"
    )
    assert article.publisher_name == "北海道新聞"
    assert article.credit == agency
    assert article.kind == "news"
    # The closing paragraph is the article's own: kept, without the agency's mark.
    assert article.paragraphs[-1] == "同省は、演習は日本の立場と相いれないとしている。"


def test_an_english_story_closed_by_an_agency_mark_credits_it_and_keeps_the_paragraph():
    article = parse(
        "Japan protests over Russian drills\n\n" + BODY_EN.strip() + " (Kyodo)\n",
        url="https://www.example-daily.com/world/japan-protest",
    )
    assert article.credit == "Kyodo"
    assert article.paragraphs == BODY_EN.strip().split("\n\n")


@pytest.mark.parametrize(
    "above",
    [
        "Home > News > Politics > Diplomacy > Asia Pacific",
        "Updated: Saturday, June 10, 2023, 08:45 a.m. local time",
        "By Taro Yamada and Hanako Suzuki, Staff Writers",
    ],
)
def test_a_chrome_line_of_wrapped_length_is_not_glued_to_the_headline(above):
    headline = "Japan protests over the Russian military drills on the disputed islands"
    article = parse(f"{above}\n{headline}\n\n{BODY_EN}")
    assert article.title == headline
