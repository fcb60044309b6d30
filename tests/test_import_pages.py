"""Real pages' layouts and bytes the first importer got wrong (issue 13, the reported
held-back cases): a description sentence above the headline, a photo caption under the date
line, a Russian date line with "года", a two-part breadcrumb, a credit in the site's note, a
reporter's name under the text, Windows-1252 text mistaken for other encodings. The
articles are written for these tests."""

from __future__ import annotations

import pytest

from incidents.importing import parse_article
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
