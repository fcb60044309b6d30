"""Speakers the importer finds on layouts it had not seen (round 3 of issue 13's held-back
cases, made general): Russian titles written with capitals before a name, initials, "по ее
словам", a body called by where it sits, Japanese sentence openers and transcript labels,
bodies of the armed forces. Texts written for these tests.
"""

from __future__ import annotations

import pytest

from incidents.importing import find_quotes
from incidents.importing.quotes.ru_cases import nominative_name


def speakers(text: str, language: str) -> list[tuple[str, str]]:
    return [(q.speaker_name, q.speaker_title) for q in find_quotes(text, language)]


@pytest.mark.parametrize(
    ("genitive", "nominative"),
    [
        ("Н.Ю.Ноздрева", "Н.Ю.Ноздрев"),
        ("М.Захаровой", "М.Захарова"),
        ("С. В. Лаврова", "С. В. Лавров"),
        ("И.Петровой", "И.Петрова"),
    ],
)
def test_a_name_after_initials_is_put_back_in_the_nominative(genitive, nominative):
    assert nominative_name(genitive) == nominative


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A capitalised title and the bodies it names run into the name.
        (
            "Заместитель Председателя Государственной Думы Иван Петров прокомментировал "
            "решение Токио.\n\n«Это решение не останется без ответа», — заявил Иван Петров.",
            [("Иван Петров", "Заместитель Председателя Государственной Думы")],
        ),
        # "— добавил он" is the man named with his title before.
        (
            "Председатель Комитета по обороне Иван Петров выступил в среду.\n\n«Ответ будет "
            "соразмерным», — заявил Иван Петров.\n\n«Мы готовы ко всему», — добавил он.",
            [("Иван Петров", "Председатель Комитета по обороне")] * 2,
        ),
        # Initials, then "Посол" with a capital, then "по словам" and the genitive.
        (
            "Посол России в Японии А.Б.Смирнов ответил на вопросы агентства.\n\n«Диалог "
            "заморожен не по нашей вине», – подчеркнул Посол. По словам А.Б.Смирнова, «контакты "
            "возможны только на равных».",
            [("А.Б.Смирнов", "Посол России в Японии")] * 2,
        ),
        # "По ее словам" is the woman named before.
        (
            "Официальный представитель МИД России Анна Волкова прокомментировала учения.\n\n"
            "По ее словам, Токио «все глубже втягивается в чужую игру».",
            [("Анна Волкова", "Официальный представитель МИД России")],
        ),
        # A body called by where it sits.
        (
            "Как подчеркнули на Смоленской площади, «Токио не желает менять своего курса».",
            [("МИД России", "")],
        ),
        # An aside between the subject and the verb: "— сказал он" is the one who spoke last.
        (
            "Министр иностранных дел Сергей Лавров дал интервью.\n\n«Мы ответим», — сказал "
            "Сергей Лавров.\n\nГенеральный секретарь кабинета министров Японии Ёсимаса Хаяси, "
            "в свою очередь, заявил, что меры согласованы. «Мы продолжим давление», — сказал он.",
            [
                ("Сергей Лавров", "Министр иностранных дел"),
                ("Ёсимаса Хаяси", "Генеральный секретарь кабинета министров Японии"),
            ],
        ),
    ],
)
def test_russian_speakers(text, expected):
    assert speakers(text, "ru") == expected


def test_a_single_word_in_guillemets_after_a_preposition_is_a_name_not_a_quotation():
    text = "Хаяси заявил, что меры согласованы с партнерами по «семерке» и ЕС."
    assert find_quotes(text, "ru") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "また同氏は" is the person named before.
        (
            "ロシア外務省のマリア・ザハロワ報道官は４日、記者会見で見解を示した。\n\n"
            "また同氏は、制裁が続く限り関係改善はないとし、「挑発には常に相応の対応を取る」と強調した。",
            ("マリア・ザハロワ", "報道官"),
        ),
        # A transcript's speaker label is not part of the body that speaks after it.
        (
            "大臣：ロシア国防省は「飛行はすべて国際規則に従って行われた」としているようですが、"
            "我が方は侵犯を確認しております。",
            ("ロシア国防省", ""),
        ),
        # A military district speaks as a body.
        (
            "東部軍管区は通信アプリへの投稿で「防衛態勢を点検し、即応能力を高める」と説明した。",
            ("東部軍管区", ""),
        ),
        # A minister of any portfolio is a title.
        (
            "武藤経済産業相は閣議後の会見で「制裁の実効性を高めていく」と述べた。",
            ("武藤", "経済産業相"),
        ),
    ],
)
def test_japanese_speakers(text, expected):
    assert speakers(text, "ja")[-1] == expected


def test_the_place_in_a_title_is_not_the_speaker():
    text = (
        'Kremlin spokesman Dmitry Peskov said talks were pointless. "Statements alone change '
        'nothing. We judge by actions," the Kremlin spokesman said.'
    )
    assert speakers(text, "en")[-1] == ("Dmitry Peskov", "Kremlin spokesman")


def test_words_of_a_statement_in_brackets_are_a_quotation_however_the_sentence_goes_on():
    text = (
        "ロシア外務省は２７日、日本人９人の入国を禁止すると発表した。\n\n"
        "同省は声明で「日本政府の反ロシア的な政策に加担した人物」を対象にしたと説明した。"
    )
    assert speakers(text, "ja") == [("ロシア外務省", "")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Минобороны России провело учения.\n\n«Учения прошли по плану», — заявили в "
            "пресс-службе ведомства.",
            ("Минобороны России", ""),
        ),
        (
            "МИД России выступил с заявлением.\n\n«Ответ последует», — сообщила пресс-служба "
            "министерства.",
            ("МИД России", ""),
        ),
    ],
)
def test_a_press_service_speaks_for_its_body(text, expected):
    assert speakers(text, "ru")[-1] == expected


def test_a_short_japanese_quotation_with_any_verb_of_saying_is_offered():
    text = (
        "ペスコフ大統領報道官は「交渉の余地はない」と述べた。"
        "さらに同報道官は「日本次第だ」と付け加えた。"
    )
    assert speakers(text, "ja") == [("ペスコフ", "大統領報道官")] * 2


def test_a_country_before_a_title_is_not_the_speaker():
    text = (
        '"This is unacceptable and we have protested strongly," Japan\'s top government '
        "spokesman told a news conference."
    )
    assert speakers(text, "en")[0][0] != "Japan"
