"""The headline of a pasted copy, chosen by score among the lines above the article
(incidents/importing/headlines.py): never a section heading, a photo caption, a prompt to
subscribe, the site's name, a breadcrumb or a standfirst; a headline broken over lines is
joined; a date sharing its line is the story's date.

The texts below are written for these tests; they reproduce layouts, not articles."""

from __future__ import annotations

import datetime as dt

import pytest

from incidents import importing as importer
from incidents.importing.bylines import clean_author

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


def parse(text: str) -> importer.Article:
    return importer.parse_article(text, is_html=False)


@pytest.mark.parametrize(
    ("header", "title", "body"),
    [
        # A numbered section heading nearer the text than the headline.
        (
            "Ministry of Defense\nHome > Press\nPress Conference by the Minister (10:30-10:45)\n"
            "1. Announcements\n2. Questions and Answers",
            "Press Conference by the Minister (10:30-10:45)",
            BODY_EN,
        ),
        # A photo caption under the headline (who, "＝", when and where).
        (
            "国際\n外務省、ロシア大使を呼び抗議\u3000演習巡り\n"
            "記者会見する外相＝１２日午前、東京・霞が関",
            "外務省、ロシア大使を呼び抗議\u3000演習巡り",
            BODY_JA,
        ),
        # A prompt to follow the site under the headline.
        (
            "外務省、ロシア大使を呼び抗議\u3000演習巡り\nテレグラムでニュースを購読",
            "外務省、ロシア大使を呼び抗議\u3000演習巡り",
            BODY_JA,
        ),
        # A breadcrumb of short section names between the headline and the site's name.
        (
            "速報\u3000政治\u3000国際\nニュース\u3000国際\u3000欧州・ロシア\n"
            "外務省、ロシア大使を呼び抗議\u3000演習巡り\n【モスクワ＝山川次郎】",
            "外務省、ロシア大使を呼び抗議\u3000演習巡り",
            BODY_JA,
        ),
        # A standfirst between the headline and the byline (a print page).
        (
            "Версия для печати\nТокио ввел новые ограничения\n"
            "Япония расширила список, Москва обещает ответные меры\nИван Петров",
            "Токио ввел новые ограничения",
            BODY_RU,
        ),
        # The site's name, which its footer repeats, is not the headline.
        (
            "Coastal Defence Agency\nSkip to content\nAgency protests planned drills near islands",
            "Agency protests planned drills near islands",
            BODY_EN + "\nCopyright Coastal Defence Agency. All rights reserved.\n",
        ),
        # A headline ending on a quotation without a full stop is no sentence of the text.
        (
            'Мир\n24.10.2024, 16:05\nЗахарова назвала учения у Курил "опасной игрой"',
            'Захарова назвала учения у Курил "опасной игрой"',
            BODY_RU,
        ),
    ],
)
def test_the_headline_is_chosen_over_the_chrome_around_it(header, title, body):
    article = parse(f"{header}\n{body}")
    assert article.title == title
    assert not article.title_guessed


def test_a_headline_broken_over_lines_is_joined():
    article = parse(
        "The Daily Print\nPrint\nClose\nRussia summons Japanese\nambassador over\n"
        "new export curbs\n" + BODY_EN
    )
    assert article.title == "Russia summons Japanese ambassador over new export curbs"


def test_a_date_sharing_the_headlines_line_is_the_date_and_not_the_title():
    article = parse(
        "国際\n外務省、ロシア大使を呼び抗議\u3000演習巡り\u30002025年04月22日19時14分\n" + BODY_JA
    )
    assert article.title == "外務省、ロシア大使を呼び抗議\u3000演習巡り"
    assert article.published_on == dt.date(2025, 4, 22)


def test_a_channel_with_no_headline_gets_a_guessed_title_not_its_name():
    article = parse("RT на русском\n@rt_russian\n13 июня 2024\n" + BODY_RU)
    assert article.title_guessed
    assert article.title.startswith("МИД России в понедельник заявил")
    assert article.publisher_name in {"RT", "RT на русском"}


@pytest.mark.parametrize(
    ("byline", "author"),
    [("【モスクワ＝山川次郎】", "山川次郎"), ("（ワシントン＝森田花子）", "森田花子")],
)
def test_a_japanese_byline_with_its_place_is_the_author_not_the_title(byline, author):
    article = parse(f"外務省、ロシア大使を呼び抗議\u3000演習巡り\n{byline}\n{BODY_JA}")
    assert article.author == author
    assert article.title == "外務省、ロシア大使を呼び抗議\u3000演習巡り"


def html_page(title: str, h1: str, og_title: str = "", site: str = "") -> str:
    og = f'<meta property="og:title" content="{og_title}">' if og_title else ""
    og += f'<meta property="og:site_name" content="{site}">' if site else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY_EN.split("\n\n") if p.strip())
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>{og}</head><body>"
        "<div class='menu'><a href='/'>Home</a> <a href='/world'>World</a></div>"
        f"<article><h1>{h1}</h1>{paragraphs}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("page", "title"),
    [
        # The <h1> that agrees with the <title> drops a site's name no table knows.
        (
            html_page(
                "Japan protests Russian drills near islands — The Island Courier",
                "Japan protests Russian drills near islands",
            ),
            "Japan protests Russian drills near islands",
        ),
        # An og:title with the site's name after it, the <h1> without.
        (
            html_page(
                "x",
                "Japan protests Russian drills near islands",
                og_title="Japan protests Russian drills near islands | Courier",
                site="Courier",
            ),
            "Japan protests Russian drills near islands",
        ),
        # A <title> that is only the site's name: the headline is the <h1>.
        (
            html_page("Посольство России в Японии", "Интервью Посла России в Японии агентству"),
            "Интервью Посла России в Японии агентству",
        ),
        # An <h1> that is the site's logo does not replace the page's title.
        (
            html_page(
                "Japan protests Russian drills near islands | Courier", "Courier", site="Courier"
            ),
            "Japan protests Russian drills near islands",
        ),
    ],
)
def test_an_html_pages_headline_is_its_h1_agreeing_with_its_title(page, title):
    article = importer.parse_article(page, is_html=True)
    assert article.title == title
    assert not article.title_guessed


def test_a_title_that_is_only_an_official_bodys_name_makes_it_the_publisher():
    page = html_page("Посольство России в Японии", "Интервью Посла России в Японии агентству")
    article = importer.parse_article(page, is_html=True)
    assert article.publisher_name == "Посольство России в Японии"
    assert article.kind == "official"


def test_a_title_nothing_speaks_for_is_marked_as_a_guess():
    # A short line above the text, beside no byline or date line: perhaps a section name.
    article = parse("北方領土問題\n" + BODY_JA)
    assert article.title == "北方領土問題"
    assert article.title_guessed


@pytest.mark.parametrize(
    ("text", "author"),
    [
        # A byline and date line under a one-sentence standfirst.
        (
            "Russia Expels Japanese Diplomat Over Sanctions\n"
            "A tit-for-tat expulsion shows how little is left of the relationship.\n"
            "By Helen Marsh\nSeptember 12, 2024\n" + BODY_EN,
            "Helen Marsh",
        ),
        # A reporter's name alone between the standfirst and the text, as print pages set it.
        (
            "Токио ввел новые ограничения\nЯпония расширила список, Москва обещает ответить\n"
            "Марина Ковалева\n" + BODY_RU,
            "Марина Ковалева",
        ),
    ],
)
def test_a_byline_around_the_standfirst_is_the_author(text, author):
    article = parse(text)
    assert article.author == author
    assert author not in article.text


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("KENJI OKADA; Nikkei staff writer", "Kenji Okada"),
        ("Anna Ivanova, Moscow correspondent", "Anna Ivanova"),
        ("By Taro Yamada | Staff Writer", "Taro Yamada"),
        ("Hannah Reed, BBC", "Hannah Reed"),  # the outlet after the name is the page's
        ("Игорь Смирнов; Би-би-си", "Игорь Смирнов"),
    ],
)
def test_the_role_after_an_authors_name_is_not_part_of_it(byline, author):
    assert clean_author(byline) == author


def test_a_credit_line_with_date_and_time_is_the_date_not_the_headline():
    article = parse(
        "WIRE NEWS - Jun 24, 2025 - 17:42 | Japan, World, All\n"
        "Japan lodges protest over Russian drills on disputed isles\n" + BODY_EN
    )
    assert article.title == "Japan lodges protest over Russian drills on disputed isles"
    assert article.published_on == dt.date(2025, 6, 24)


def test_an_h1_inside_a_title_that_starts_with_the_sites_name_is_the_headline():
    page = html_page(
        "Courier | Japan protests Russian drills near islands",
        "Japan protests Russian drills near islands",
    )
    assert importer.parse_article(page, is_html=True).title == (
        "Japan protests Russian drills near islands"
    )


def test_an_outlet_as_the_byline_is_no_author():
    article = parse("Japan Protests Russia's New Entry Ban\nBy The Yomiuri Shimbun\n" + BODY_EN)
    assert article.author == ""


def test_a_headline_over_its_section_label_and_date_is_not_taken_for_a_menu_list():
    """A menu with a ranking link above the headline, the story's section between the
    headline and its date line, and the picture's enlarge control under it."""
    article = parse(
        "ニュース\n天気\nランキング\n政治\n国際\n"
        "北海道沖でロシア艦が航行　防衛省が警戒監視を継続\n政治\n2026年2月3日(火) 10:15\n"
        "写真拡大\n" + BODY_JA
    )
    assert article.title == "北海道沖でロシア艦が航行　防衛省が警戒監視を継続"
    assert "写真拡大" not in article.text


def test_a_heading_mixing_two_scripts_is_not_a_reporters_name():
    from incidents.importing.cleaning import _trailing_name

    assert _trailing_name("Секреты YouTube") == ""
    assert _trailing_name("Марина Ковалева") == "Марина Ковалева"


def test_the_reporters_note_under_the_text_is_not_part_of_the_story():
    article = parse(
        "Japan protests Russian drills near disputed islands\nBy Helen Marsh\nJune 3, 2025\n"
        + BODY_EN
        + "\nMarsh covers Japan and the Koreas for the agency.\n"
    )
    assert article.author == "Helen Marsh"
    assert "covers Japan" not in article.text
