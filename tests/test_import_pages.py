"""Real pages' layouts and bytes the first importer got wrong (issue 13, the reported
held-back cases): a description sentence above the headline, a photo caption under the date
line, a Russian date line with "года", a two-part breadcrumb, a credit in the site's note, a
reporter's name under the text, Windows-1252 text mistaken for other encodings. The
articles are written for these tests."""

from __future__ import annotations

import pytest

from incidents.importing import parse_article, read_file
from incidents.importing.boilerplate import is_boilerplate
from incidents.importing.reading import decode_bytes


def test_a_description_sentence_above_the_headline_is_neither_title_nor_text():
    text = (
        "Accept all\n"
        "Tokyo says a Russian patrol plane flew along its coast for hours, the second such flight"
        " this month.\n"
        "Japan scrambles jets as Russian patrol plane circles Hokkaido\n\n"
        "Japan's air force scrambled fighter jets on Tuesday after a Russian patrol plane flew"
        " along the coast of Hokkaido, the defence ministry said.\n\n"
        "The ministry said the plane did not enter Japanese airspace."
    )
    article = parse_article(text)
    assert article.title == "Japan scrambles jets as Russian patrol plane circles Hokkaido"
    assert not article.title_guessed
    assert "second such flight" not in article.text
    assert article.paragraphs[0].startswith("Japan's air force scrambled")


def test_a_description_is_not_taken_when_a_headline_stands_above_it():
    """A standfirst under the headline is the article's own text."""
    text = (
        "Russia holds drills on disputed islands\n"
        "Moscow sent troops to the Kurils for exercises that Tokyo called unacceptable.\n"
        "What the drills involve\n"
        "More than 1,000 troops took part, the Eastern Military District said on Friday."
    )
    article = parse_article(text)
    assert article.title == "Russia holds drills on disputed islands"
    assert article.paragraphs[0].startswith("Moscow sent troops")


def test_a_photo_caption_under_the_date_line_is_not_the_headline():
    text = (
        "HOME  NEWS  POLITICS  WORLD  BUSINESS\n"
        "Russia rejects Japan's protest over seized crab boat\n"
        "POLITICS June 12, 2023 at 08:30 JST\n"
        "Photo/Illustration A crab boat moored at Rausu, Hokkaido (Asahi Shimbun file photo)\n\n"
        "Moscow has rejected Tokyo's protest over the seizure of a crab boat, saying its crew"
        " broke Russian law.\n\n"
        "The Japanese government demanded the crew's release."
    )
    article = parse_article(text)
    assert article.title == "Russia rejects Japan's protest over seized crab boat"
    assert article.published_on.isoformat() == "2023-06-12"
    assert "Rausu" not in article.text


def test_a_japanese_caption_closing_with_the_agency_is_not_the_headline():
    text = (
        "ロシア国防省、北方領土で演習　部隊１千人参加\n"
        "2023年6月12日 9時00分\n"
        "演習に参加するロシア兵＝２０２３年６月、クリル諸島、タス\n\n"
        "ロシア国防省は１１日、北方領土で部隊約１千人が参加する演習を始めたと発表した。\n\n"
        "日本政府は外交ルートで抗議した。"
    )
    article = parse_article(text)
    assert article.title == "ロシア国防省、北方領土で演習　部隊１千人参加"
    assert "演習に参加するロシア兵" not in article.text
    assert article.paragraphs[-1] == "日本政府は外交ルートで抗議した。"  # short, still a sentence


def test_a_russian_date_line_with_the_word_for_year_is_not_the_headline():
    text = (
        "Президент России\n"
        "Новости\n"
        "Встреча с министром иностранных дел\n"
        "12 июня 2023 года, 15:30\n\n"
        "Владимир Путин провёл встречу с министром иностранных дел Сергеем Лавровым.\n\n"
        "Обсуждались отношения с Японией."
    )
    article = parse_article(text)
    assert article.title == "Встреча с министром иностранных дел"
    assert article.published_on.isoformat() == "2023-06-12"


def test_a_two_part_breadcrumb_is_chrome():
    assert is_boilerplate("時事ドットコムニュース\u3000>\u3000政治")
    assert is_boilerplate("News › World")
    assert not is_boilerplate("Japan/Russia talks stall")


def test_a_wire_credit_in_the_sites_note_below_the_article():
    text = (
        "URL: https://newsdigest.example/asia/japan-protests-missile-test\n\n"
        "Japan protests Russian missile test\n\n"
        "Japan lodged a protest with Russia on Monday over a missile test in the Sea of Japan,"
        " the foreign ministry said.\n\n"
        "This article was published via Reuters and has not been edited by our staff."
    )
    article = parse_article(text)
    assert article.publisher_name == "newsdigest.example"
    assert article.credit == "Reuters"
    assert "has not been edited" not in article.text


def test_a_reporters_name_alone_under_the_text_is_the_author():
    text = (
        "Лавров ответил Токио\n\n"
        "Министр иностранных дел России Сергей Лавров прокомментировал заявления японского"
        " правительства о Курилах.\n\n"
        "Японская сторона настаивает на переговорах.\n\n"
        "Иван Петров"
    )
    article = parse_article(text)
    assert article.author == "Иван Петров"
    assert "Иван Петров" not in article.text


def test_a_paywall_prompt_is_chrome():
    assert is_boilerplate("有料会員になると続きをお読みいただけます。")


def test_a_time_stamp_without_a_year_above_the_headline_is_chrome():
    text = (
        "URL: https://tass.com/politics/1633002\n\n"
        "Russian Politics & Diplomacy\n"
        "12 JUN, 14:20\n"
        "Russia warns Japan over missile defense plans\n"
        "The diplomat said Moscow would take such steps into account in its planning\n\n"
        "MOSCOW, June 12. /TASS/. Moscow will regard Japan's part in a US missile defense"
        " network as a threat, a Russian diplomat told reporters on Monday.\n\n"
        "He said Russia remained open to dialogue."
    )
    article = parse_article(text)
    assert article.title == "Russia warns Japan over missile defense plans"
    assert "12 JUN" not in article.text


def test_a_slash_dateline_credits_the_agency_on_a_republishers_page():
    text = (
        "URL: https://newsdigest.example/world/russia-japan-missiles\n\n"
        "Russia warns Japan over missile defense plans\n\n"
        "MOSCOW, June 12. /TASS/. Moscow will regard Japan's part in a US missile defense"
        " network as a threat, a Russian diplomat told reporters on Monday."
    )
    article = parse_article(text)
    assert (article.publisher_name, article.credit) == ("newsdigest.example", "TASS")


# --- Encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Café",  # a few bytes: read as UTF-16 by the detector
        "Japan café talks",  # read as Urdu (cp1006): "cafﻠ"
        "Déjà vu at the café: it was a naïve move, said the résumé.",  # cp1250: "naďve"
    ],
)
def test_western_text_saved_by_windows_is_read_as_windows_1252(text):
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Россия вызвала посла Японии в МИД в пятницу.", "cp1251"),
        ("Россия вызвала посла Японии в МИД в пятницу.", "koi8_r"),
        ("ロシア外務省は十日、日本の大使を呼び出して抗議した。", "shift_jis"),
        ("<html><body><p>Мы вызвали посла.</p><p>Да.</p></body></html>", "koi8_r"),
        ("<html><body><p>Посол Японии вызван в МИД.</p></body></html>", "cp1251"),
    ],
)
def test_russian_and_japanese_legacy_encodings_still_win(text, encoding):
    assert decode_bytes(text.encode(encoding)) == text


# --- More layouts: bylines sharing the date's line, standfirsts, list links, URL dates ---------


def test_a_japanese_byline_sharing_the_date_line_is_the_author_not_the_headline():
    text = (
        "朝日新聞デジタル\n"
        "ロシア、日本の漁船を拿捕　北方領土周辺で\n"
        "モスクワ＝佐藤一郎2023年6月12日 9時00分\n\n"
        "ロシア国境警備局は１１日、北方領土周辺で日本の漁船を拿捕したと発表した。\n\n"
        "日本政府は早期の解放を求めている。"
    )
    article = parse_article(text)
    assert article.title == "ロシア、日本の漁船を拿捕　北方領土周辺で"
    assert (article.author, article.published_on.isoformat()) == ("佐藤一郎", "2023-06-12")


def test_a_standfirst_under_the_headline_and_a_barred_photo_credit_are_not_the_headline():
    text = (
        "NATIONAL\n"
        "Japan and Russia fail to agree on salmon fishing quota\n"
        "Talks held online ended without a deal for the second year in a row, leaving"
        " Hokkaido fishers uncertain\n"
        "BY KENJI SATO\n"
        "STAFF WRITER\n"
        "Jun 12, 2023\n"
        "Fishing boats moored at Nemuro port in Hokkaido in May. | KYODO\n\n"
        "Japan and Russia have failed to agree on a quota for salmon caught by Japanese boats,"
        " the Fisheries Agency said Monday.\n\n"
        "The agency said it would keep seeking an agreement."
    )
    article = parse_article(text)
    assert article.title == "Japan and Russia fail to agree on salmon fishing quota"
    assert "Nemuro port" not in article.text


def test_an_author_line_under_the_text_is_the_author():
    text = (
        "Посол Японии вызван в МИД России\n\n"
        "Посол Японии в Москве был вызван в министерство иностранных дел России, сообщила"
        " Мария Захарова.\n\n"
        "Автор: Ольга Иванова"
    )
    assert parse_article(text).author == "Ольга Иванова"


def test_links_to_other_articles_shaped_speaker_quotation_are_not_text():
    text = (
        "Japan protests Russian drills\n\n"
        "Japan lodged a protest with Russia on Thursday over military exercises on the islands,"
        " the government's top spokesman said.\n\n"
        "Related coverage:\n"
        'Kishida: "We will never accept the occupation of our islands"\n'
        "Захарова: «Токио окончательно выбрал путь конфронтации»"
    )
    text_kept = parse_article(text).text
    assert "never accept" not in text_kept and "конфронтации" not in text_kept


def test_a_day_glued_to_an_articles_id_in_the_address_is_no_date():
    from incidents.importing.article_dates import date_from_url

    assert date_from_url("https://english.kyodonews.net/news/2024/03/7c2e91d0a4b3-x.html") is None
    assert date_from_url("https://lenta.ru/news/2025/03/14/mid-hokkaido").isoformat() == (
        "2025-03-14"
    )
    assert date_from_url("https://ria.ru/20230612/kurily-1877001234.html").isoformat() == (
        "2023-06-12"
    )


def test_a_page_without_a_site_name_is_published_by_the_site_its_title_names():
    html = (
        "<!doctype html><html><head><title>Protest against drills | Ministry of Foreign"
        " Affairs of Japan</title></head><body><h1>Protest against drills by Russia</h1>"
        "<p>On June 12, it was confirmed that the Russian military is conducting exercises in"
        " the Northern Territories, and Japan protested through diplomatic channels.</p>"
        "<p>Such activities are unacceptable, the Government of Japan said on Monday.</p>"
        "</body></html>"
    )
    article = parse_article(html, is_html=True)
    assert article.publisher_name == "Ministry of Foreign Affairs of Japan"
    assert article.kind == "official"


def test_a_feed_label_over_the_page_does_not_swallow_the_headline():
    text = (
        "Top Stories\n"
        "Breaking News\n"
        "Russia expels Japanese consul in Vladivostok\n"
        "June 12, 2023 10:05 JST\n\n"
        "Russia ordered a Japanese consul in Vladivostok to leave the country, the Federal"
        " Security Service said on Monday.\n\n"
        "The Japanese government called the accusation groundless."
    )
    article = parse_article(text)
    assert (article.title, article.title_guessed) == (
        "Russia expels Japanese consul in Vladivostok",
        False,
    )


def test_a_russian_cookie_banner_and_its_button_are_chrome():
    text = (
        "Мы используем cookies для улучшения работы сайта. Оставаясь на сайте, вы соглашаетесь"
        " с политикой конфиденциальности.\n"
        "Принять\n"
        "Известия\n"
        "Захарова назвала протест Токио безосновательным\n"
        "12 июня 2023, 14:20\n\n"
        "Официальный представитель МИД России Мария Захарова назвала протест Японии"
        " безосновательным.\n\n"
        "«Это наша территория», — сказала она."
    )
    article = parse_article(text)
    assert article.title == "Захарова назвала протест Токио безосновательным"
    assert "cookies" not in article.text and "Принять" not in article.text
    assert article.paragraphs[0].startswith("Официальный представитель")


def test_a_dense_line_of_advert_script_is_chrome():
    line = (
        "(adsbygoogle = window.adsbygoogle || []).push({}); var slots=['ad','mid'];"
        "if(typeof window!=='undefined'){window.__ads=window.__ads||[];}"
    )
    assert is_boilerplate(line)
    assert not is_boilerplate(
        "The ministry said (in a statement) that Japan's move = a provocation; Tokyo denied it."
    )


def test_with_inputs_from_an_agency_after_a_dash_credits_it():
    text = (
        "URL: https://newsdigest.example/world/drills\n\n"
        "Japan, Russia trade barbs over island drills\n\n"
        "Japan protested on Monday against Russian military drills on the disputed islands,"
        " the foreign ministry said.\n\n"
        "— With inputs from Reuters"
    )
    article = parse_article(text)
    assert article.credit == "Reuters" and "inputs" not in article.text


def test_a_japanese_byline_opening_the_first_paragraph_is_the_author():
    text = (
        "ロシア、北方領土で演習　日本は抗議\n"
        "【モスクワ＝山田太郎】ロシア国防省は１２日、北方領土で演習を開始したと発表した。\n\n"
        "日本政府は外交ルートを通じて抗議した。"
    )
    assert parse_article(text).author == "山田太郎"


def test_stacked_heading_lines_are_not_glued_into_the_headline():
    text = (
        "Новости политики и общества России и мира сегодня на сайте\n"
        "Россия провела учения на Курилах, Япония выразила протест\n\n"
        "Министерство обороны России сообщило о проведении ракетных стрельб на Южных Курилах.\n\n"
        "Япония выразила протест по дипломатическим каналам."
    )
    assert parse_article(text).title == "Россия провела учения на Курилах, Япония выразила протест"


def test_a_hard_wrapped_paragraph_is_still_joined():
    text = (
        "Japan protests Russian drills\n\n"
        "Russia's military conducted missile drills on the islands off Hokkaido on\n"
        "Monday, Japan's Defense Ministry said in a statement, adding that it had\n"
        "lodged a protest with Moscow through diplomatic channels.\n"
    )
    assert parse_article(text).paragraphs == [
        "Russia's military conducted missile drills on the islands off Hokkaido on Monday,"
        " Japan's Defense Ministry said in a statement, adding that it had lodged a protest with"
        " Moscow through diplomatic channels."
    ]


def test_a_press_conference_section_label_is_no_reporter():
    text = (
        "内閣官房長官記者会見\n"
        "令和5年6月12日（月）午前\n\n"
        "【冒頭発言】\n\n"
        "ロシアによる北方四島での軍備強化は、我が国の立場と相いれず、受け入れられません。"
    )
    assert parse_article(text).author == ""


# --- HTML pages: the site's name in the title, legacy encodings declared in the page ----------


def test_the_site_name_after_the_headline_in_og_title_is_not_the_title():
    html = (
        '<!doctype html><html><head><meta property="og:title" content="Russia warns Japan'
        ' over NATO office | The Japan Times"><meta property="og:site_name" content="The Japan'
        ' Times"></head><body><h1>Russia warns Japan over NATO office</h1><p>Russia has warned'
        " Japan that a NATO liaison office in Tokyo would be seen as a threat, the ministry"
        " said on Monday.</p></body></html>"
    )
    article = parse_article(html, is_html=True)
    assert article.title == "Russia warns Japan over NATO office"
    assert article.publisher_name == "The Japan Times"


def test_a_legacy_encoded_pages_own_tags_are_read_as_text_not_mojibake():
    html = (
        '<!DOCTYPE html><html lang="ja"><head><meta http-equiv="Content-Type"'
        ' content="text/html; charset=Shift_JIS"><title>ロシア外務省、日本大使を呼び出し抗議'
        "｜読売新聞オンライン</title></head><body><h1>ロシア外務省、日本大使を呼び出し抗議</h1>"
        "<p>ロシア外務省は１２日、日本の駐露大使を呼び出し、対露制裁に抗議したと発表した。</p>"
        "<p>日本政府は、制裁はウクライナ侵略への対応だとしている。</p></body></html>"
    )
    article = read_file("page.html", html.encode("shift_jis"))
    assert article.title == "ロシア外務省、日本大使を呼び出し抗議"
    assert article.publisher_name == "読売新聞オンライン"


def test_a_date_after_the_site_name_in_the_title_is_not_part_of_the_publisher():
    html = (
        '<!doctype html><html lang="ru"><head><meta charset="windows-1251"><title>Захарова'
        " ответила на протест Японии — РИА Новости, 12.06.2023</title></head><body>"
        "<h1>Захарова ответила на протест Японии</h1><p>МОСКВА, 12 июн — РИА Новости."
        " Официальный представитель МИД России Мария Захарова ответила на протест японской"
        " стороны.</p></body></html>"
    )
    article = read_file("page.html", html.encode("cp1251"))
    assert article.publisher_name == "РИА Новости"
    assert article.title == "Захарова ответила на протест Японии"


@pytest.mark.parametrize(
    "line",
    [
        "Photo courtesy of the Defense Ministry",
        "Russian President Vladimir Putin. Kremlin pool photo via AP",
        "写真・図版",
        "記者会見する松野官房長官（写真：ロイター）",
        "— — —",
        "With agency inputs",
        "Edited by: John Doe",
        "Статья продолжается после рекламы",
        "スポンサーリンク",
    ],
)
def test_more_captions_separators_desk_credits_and_advert_markers_are_chrome(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "The photos by the ministry showed the ships near the islands, officials said on Monday.",
        "Edited by the ministry, the statement said Japan would respond.",
    ],
)
def test_sentences_that_mention_photos_or_editing_are_text(line):
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    ("text", "title", "publisher"),
    [
        (
            "Москва. 12 июня. INTERFAX.RU - Россия готова к диалогу с Японией, заявил Сергей"
            " Лавров.\n\nОн выступил на пресс-конференции.",
            "Россия готова к диалогу с Японией, заявил Сергей Лавров.",
            "Интерфакс",
        ),
        (
            "MOSCOW, June 12. /TASS/. Russia will not accept Japan's protest over the drills,"
            " a deputy foreign minister said.\n\nHe said the drills were routine.",
            "Russia will not accept Japan's protest over the drills, a deputy foreign minister"
            " said.",
            "TASS",
        ),
    ],
)
def test_a_story_without_a_headline_is_titled_by_its_first_sentence_without_the_dateline(
    text, title, publisher
):
    article = parse_article(text)
    assert (article.title, article.title_guessed) == (title, True)
    assert article.publisher_name == publisher
