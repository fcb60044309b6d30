"""Who said a quotation, in Japanese and Russian, and which actor that is (issue 13).

Each test is a short passage written for this project in the way real wire copies, dailies
and ministry pages put it; the assertion is what an editor would see offered."""

from __future__ import annotations

import pytest

from incidents.importing import ActorIndex, find_quotes
from incidents.importing.quotes.ru_cases import nominative_name, nominative_title
from incidents.importing.scoring import CASES_DIR as CASES
from incidents.models import Actor


def only(text: str, language: str, publisher: str = ""):
    quotes = find_quotes(text, language, publisher) if publisher else find_quotes(text, language)
    assert len(quotes) == 1, [q.text for q in quotes]
    return quotes[0]


def speaker(text: str, language: str, publisher: str = "") -> tuple[str, str]:
    quote = only(text, language, publisher)
    return quote.speaker_name, quote.speaker_title


# --- Russian --------------------------------------------------------------------------------


def test_a_statement_named_after_the_quotation_is_the_body_that_issued_it():
    text = (
        "«Подобные шаги Токио подрывают доверие между нашими странами», — говорится в "
        "заявлении МИД РФ, опубликованном в пятницу."
    )
    assert speaker(text, "ru") == ("МИД РФ", "")


def test_as_the_document_notes_is_the_body_named_earlier():
    text = (
        "«Подобные шаги Токио подрывают доверие между странами», — говорится в заявлении "
        "МИД России.\n\nВ ведомстве напомнили о переговорах. «Вся ответственность за "
        "последствия лежит на японской стороне», — как отмечается в документе."
    )
    quotes = find_quotes(text, "ru")
    assert [q.speaker_name for q in quotes] == ["МИД России", "МИД России"]


def test_the_ministrys_own_page_speaks_for_its_statement():
    text = (
        "На брифинге обсуждались отношения с Японией.\n\n«Российская сторона оставляет за "
        "собой право на ответные меры», — говорится в заявлении министерства."
    )
    publisher = "Министерство иностранных дел Российской Федерации"
    assert speaker(text, "ru", publisher) == (publisher, "")
    # On a newspaper's page nobody is invented for it.
    assert only(text, "ru").speaker_name == ""


def test_a_russian_title_does_not_take_the_agency_before_it():
    text = (
        "Поставки техники Киеву враждебны, заявил РИА Новости заместитель министра "
        "иностранных дел России Андрей Руденко.\n\n«Эта так называемая помощь лишь "
        "продлевает конфликт», — сказал замминистра."
    )
    assert speaker(text, "ru") == (
        "Андрей Руденко",
        "заместитель министра иностранных дел России",
    )


def test_he_is_the_ambassador_named_with_his_whole_title():
    text = (
        "Отношения двух стран на низком уровне, заявил посол России в Японии Николай "
        "Ноздрев в интервью газете.\n\n«Политический диалог практически заморожен», — "
        "отметил он."
    )
    assert speaker(text, "ru") == ("Николай Ноздрев", "посол России в Японии")


def test_a_name_with_initials_before_the_quotation():
    text = (
        "Генеральный секретарь кабинета министров Японии Ё.Хаяси назвал эти меры "
        "«необходимым ответом на ситуацию вокруг Украины»."
    )
    assert speaker(text, "ru") == ("Ё.Хаяси", "Генеральный секретарь кабинета министров Японии")


def test_a_nested_quotation_is_kept_whole():
    text = "«Так называемая «нелетальная» помощь продлевает конфликт», — сказала Мария Захарова."
    quote = only(text, "ru")
    assert quote.text == "Так называемая «нелетальная» помощь продлевает конфликт"
    assert quote.speaker_name == "Мария Захарова"


# --- Japanese -------------------------------------------------------------------------------


def test_a_speaker_named_in_the_sentence_before():
    text = (
        "木原官房長官は14日午前の記者会見で、ロシア軍機の飛行について説明しました。そのうえで"
        "「引き続き警戒監視に万全を期していく」と述べました。"
    )
    assert speaker(text, "ja") == ("木原", "官房長官")


def test_the_ambassador_is_the_ambassador_named_before():
    text = (
        "ロシアのノズドレフ駐日大使は９日、会合に出席した。大使は「日本が制裁を続ける限り、"
        "対抗措置を取らざるを得ない」と語った。"
    )
    assert speaker(text, "ja") == ("ノズドレフ", "駐日大使")


def test_a_japanese_title_without_the_dateline_or_ministry_before_it():
    text = (
        "【モスクワ共同】ロシア外務省のザハロワ情報局長は９日の定例記者会見で、"
        "「地域の緊張を高める危険な道だ」と批判した。"
    )
    assert speaker(text, "ja") == ("ザハロワ", "情報局長")


def test_a_deputy_ministers_words_are_his_not_the_ministrys():
    text = (
        "ロシア外務省のルデンコ外務次官は９日、日本の大使を呼んで抗議した。\n\n"
        "ルデンコ氏は「日本の行動は紛争の長期化を招くだけだ」と主張した。"
    )
    assert speaker(text, "ja") == ("ルデンコ", "外務次官")


def test_same_title_reference_is_the_person_named_before():
    text = (
        "林官房長官は記者会見で、ロシア側の措置に抗議したと明らかにした。\n\n"
        "同長官は「到底受け入れられない」と述べた。"
    )
    assert speaker(text, "ja") == ("林", "官房長官")


@pytest.mark.parametrize(
    "text",
    [
        "ロシアの「ＲＩＡノーボスチ通信」によると、会談は短時間で終わった。",
        "ロシア側は日本の外交官を「好ましからざる人物」に指定し、国外退去を求めた。",
    ],
)
def test_a_name_or_term_in_brackets_is_not_a_quotation(text):
    assert find_quotes(text, "ja") == []


# --- Matching actors ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_japanese_family_name_finds_the_actor_named_in_full(make):
    kihara = make.actor("Minoru Kihara", name_ja="木原稔", name_ru="Минору Кихара")
    index = ActorIndex()
    assert index.match("木原", Actor.Kind.PERSON) == kihara
    assert index.match("木原 稔", Actor.Kind.PERSON) == kihara
    assert index.match("Kihara Minoru", Actor.Kind.PERSON) == kihara


@pytest.mark.django_db
def test_russian_inflected_and_initialled_names_find_the_actor(make):
    zakharova = make.actor("Maria Zakharova", name_ru="Мария Захарова")
    hayashi = make.actor("Yoshimasa Hayashi", name_ru="Ёсимаса Хаяси")
    index = ActorIndex()
    assert index.match("Захаровой", Actor.Kind.PERSON) == zakharova
    assert index.match("Марии Захаровой", Actor.Kind.PERSON) == zakharova
    assert index.match("Ё.Хаяси", Actor.Kind.PERSON) == hayashi


@pytest.mark.django_db
def test_an_alias_finds_the_ministry(make):
    mid = make.actor(
        "Ministry of Foreign Affairs of Russia",
        kind=Actor.Kind.ORGANISATION,
        name_ru="Министерство иностранных дел России",
        aliases="МИД России\nМИД РФ",
    )
    assert ActorIndex().match("МИД РФ", Actor.Kind.ORGANISATION) == mid


# --- English --------------------------------------------------------------------------------


def test_a_short_quotation_someone_is_said_to_have_said_is_offered():
    text = (
        "A ministry official said the flights were the latest of many this year. Tokyo is "
        'watching the situation "with strong interest," the official said.'
    )
    assert speaker(text, "en") == ("ministry official", "")


def test_a_short_term_in_quotation_marks_is_not_a_quotation():
    text = (
        'Moscow calls the war a "special military operation" and says the "red lines," '
        "as it puts it, are clear."
    )
    assert find_quotes(text, "en") == []


def test_a_russian_subject_before_a_participle_phrase():
    text = (
        "Мария Захарова, выступая на брифинге в четверг, заявила: «Токио сделал свой выбор "
        "в пользу конфронтации»."
    )
    assert speaker(text, "ru") == ("Мария Захарова", "")


def test_words_reported_with_to_iu_are_still_a_quotation():
    text = "林官房長官は記者会見で「極めて深刻な事態だ」という認識を示した。"
    assert speaker(text, "ja") == ("林", "官房長官")


# --- Names, titles and headlines in quotation marks are not quotations ------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # An agency named in brackets as the subject of the sentence.
        ("ロシアの「ＲＩＡノーボスチ通信」は９日、外務次官のインタビューを配信した。", "ja"),
        ("ロシア国営の「インタファクス通信」は関係者の話として伝えた。", "ja"),
        ("『読売新聞』の取材に対し、ロシア大使館の関係者は回答しなかった。", "ja"),
        # A headline left in the text (a list of related stories).
        ("ロシア外務次官「日本との対話の条件はもうない」　平和条約交渉めぐり", "ja"),
        ('Related: Zakharova says "Tokyo has chosen the path of confrontation"', "en"),
        ("Захарова: «Токио окончательно выбрал путь конфронтации с Москвой»", "ru"),
        # The title of an article, or the name of an outlet or a body.
        (
            'The government daily ran an editorial headlined "Tokyo Is Making a Dangerous '
            'Bet on NATO" on Tuesday.',
            "en",
        ),
        (
            "Об этом сообщила газета «Российская газета: федеральный выпуск для всех регионов».",
            "ru",
        ),
        (
            "Выставку организовал фонд «Российско-японский центр культурных связей и обменов».",
            "ru",
        ),
        # A name in 「」 followed by the noun it names, a term after "так называемая".
        ("政府は「自由で開かれたインド太平洋」構想を推進する方針だ。", "ja"),
        ("Москва продолжает так называемую «специальную военную операцию на Украине».", "ru"),
    ],
)
def test_a_headline_or_a_name_in_quotation_marks_is_never_offered(text, language):
    assert find_quotes(text, language) == []


def test_a_few_words_quoted_inside_reported_speech_are_the_speakers():
    text = (
        "Chief Cabinet Secretary Hirokazu Matsuno said the government was "
        '"considering various options" with its partners.'
    )
    assert speaker(text, "en") == ("Hirokazu Matsuno", "Chief Cabinet Secretary")


# --- English attribution forms ----------------------------------------------------------------


def test_according_to_a_spokeswoman_is_her_not_her_ministry():
    text = (
        '"The decision of the Japanese government is hostile," according to Foreign Ministry '
        "spokeswoman Maria Zakharova."
    )
    assert speaker(text, "en") == ("Maria Zakharova", "Foreign Ministry spokeswoman")


def test_it_added_is_the_ministry_that_spoke_before():
    text = (
        "Russia's Foreign Ministry summoned the Japanese ambassador.\n\n"
        '"Russia will take retaliatory measures," the ministry said in a statement. It added: '
        '"The Japanese side bears full responsibility for the consequences."'
    )
    quotes = find_quotes(text, "en")
    assert [q.speaker_name for q in quotes] == ["Russian Foreign Ministry"] * 2


def test_a_city_after_in_is_a_place_not_a_speaker():
    text = (
        '"This is a matter for the courts," a spokesperson for the Japanese embassy in Moscow said.'
    )
    assert speaker(text, "en") == ("Japanese Embassy", "")


def test_a_title_given_in_the_lead_goes_to_the_person_named_next():
    text = (
        "Moscow warned Tokyo against the office, the Russian foreign ministry's spokeswoman "
        'said.\n\n"We regard this as a direct challenge to our security," Maria Zakharova told '
        "a weekly briefing."
    )
    assert speaker(text, "en") == ("Maria Zakharova", "Russian foreign ministry's spokeswoman")


def test_a_title_given_in_the_lead_is_not_given_to_someone_else():
    text = (
        "Moscow warned Tokyo against the office, the Russian foreign ministry's spokeswoman "
        "said. Prime Minister Fumio Kishida declined to comment.\n\n"
        '"We regard this as a direct challenge to our security," Sergei Ivanov told a forum.'
    )
    assert speaker(text, "en") == ("Sergei Ivanov", "")


# --- Russian and Japanese references back -----------------------------------------------------


def test_the_minister_is_the_minister_named_before_even_if_not_yet_speaking():
    text = (
        "Министр иностранных дел России Сергей Лавров прокомментировал заявления Токио.\n\n"
        "«Итоги Второй мировой войны пересмотру не подлежат», — подчеркнул министр."
    )
    assert speaker(text, "ru") == ("Сергей Лавров", "Министр иностранных дел России")


def test_a_title_naming_a_body_is_the_person_of_that_body():
    text = (
        "Пресс-секретарь президента России Дмитрий Песков заявил, что Кремль следит за "
        "ситуацией. Официальный представитель МИД России Мария Захарова выступила позже.\n\n"
        "«Японские власти вновь заговорили о так называемых „северных территориях“», — "
        "сказала официальный представитель МИД."
    )
    assert speaker(text, "ru") == ("Мария Захарова", "Официальный представитель МИД России")


def test_a_title_naming_a_body_nobody_belongs_to_is_not_guessed():
    text = (
        "Официальный представитель МИД России Мария Захарова выступила на брифинге.\n\n"
        "«Это решение продиктовано соображениями безопасности», — отметил представитель Кремля."
    )
    assert speaker(text, "ru") == ("представитель Кремля", "")


def test_said_in_the_ministry_is_the_ministry():
    text = "«Токио сделал свой выбор, и он будет иметь последствия», — сообщили в МИД России."
    assert speaker(text, "ru") == ("МИД России", "")


def test_a_japanese_name_written_with_a_double_hyphen():
    text = "ロシア外務省のマリア＝ザハロワ情報局長は９日、「日本の措置は敵対的だ」と非難した。"
    assert speaker(text, "ja") == ("マリア＝ザハロワ", "情報局長")


@pytest.mark.django_db
def test_a_name_with_a_double_hyphen_finds_the_actor(make):
    # An editor copied the Japanese name as a paper writes it; articles write it either way.
    zakharova = make.actor("Maria Zakharova", name_ja="マリア＝ザハロワ")
    index = ActorIndex()
    assert index.match("マリア・ザハロワ", Actor.Kind.PERSON) == zakharova
    assert index.match("ザハロワ", Actor.Kind.PERSON) == zakharova


def test_the_topic_speaks_not_the_subject_of_a_clause_before_the_quotation():
    text = (
        "ロシアのペスコフ大統領報道官は16日、日本政府が発表した追加制裁について記者団に対し、"
        "「非友好的な措置には相応の対応を取る」と述べた。"
    )
    assert speaker(text, "ja") == ("ペスコフ", "大統領報道官")


def test_a_person_called_shi_keeps_the_title_given_before():
    text = (
        "ロシアのペスコフ大統領報道官は16日、記者団の質問に答えた。\n\n"
        "ペスコフ氏は、日本が米欧と歩調を合わせていると指摘。同氏は「対話の扉を閉ざしたのは"
        "東京の側だ」と強調した。"
    )
    assert speaker(text, "ja") == ("ペスコフ", "大統領報道官")


def test_an_agency_carrying_his_words_is_not_the_speaker():
    text = (
        "Генеральный секретарь кабинета министров Японии Ёсимаса Хаяси заявил, что Токио "
        "выразил протест.\n\n«Проведение таких учений на наших территориях недопустимо», — "
        "приводит его слова агентство Киодо."
    )
    assert speaker(text, "ru") == (
        "Ёсимаса Хаяси",
        "Генеральный секретарь кабинета министров Японии",
    )


def test_as_the_ambassador_said_leading_the_sentence():
    text = (
        "Санкции нанесут удар по отношениям, заявил РИА Новости посол России в Японии "
        "Николай Ноздрев.\n\nКак заявил посол, российские компании «не собираются уходить "
        "с японского рынка, несмотря ни на что»."
    )
    assert speaker(text, "ru") == ("Николай Ноздрев", "посол России в Японии")


def test_said_to_an_agency_in_the_embassy_is_the_embassy():
    text = (
        "«Япония по-прежнему открыта для диалога по вопросам взаимного интереса», — сообщили "
        "РИА Новости в посольстве Японии в Москве."
    )
    assert speaker(text, "ru") == ("посольство Японии", "")


def test_a_name_in_title_case_is_not_a_quotation():
    text = 'The state-owned "Rossiya Segodnya Media Group" said it would appeal the ruling.'
    assert find_quotes(text, "en") == []


def test_the_service_is_the_body_named_before_by_that_word():
    text = (
        "Russia will step up patrols off Hokkaido, its border service said on Sunday.\n\n"
        "The service said in a statement posted on its website that patrol boats would "
        '"strictly prevent any violation of the state border" in the area.'
    )
    assert speaker(text, "en") == ("border service", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("В Кремле заявили, что «внимательно следят за действиями японской стороны».", "Кремль"),
        ("В Кремле также заявили, что «диалог возможен только на основе уважения».", "Кремль"),
        (
            "«Такие действия Токио не останутся без ответа», — сообщили в пресс-службе Минобороны.",
            "пресс-служба Минобороны",
        ),
        (
            "МИД России вызвал посла Японии.\n\n«Японская сторона несет полную "
            "ответственность», — заявили в министерстве.",
            "МИД России",
        ),
    ],
)
def test_said_in_a_body_is_that_body(text, expected):
    assert only(text, "ru").speaker_name == expected


def test_a_russian_speaker_named_after_the_verb_before_the_quotation():
    text = (
        "Об этом в своем Telegram-канале написала Мария Захарова: «Токио вновь демонстрирует "
        "полное неуважение к международному праву»."
    )
    assert speaker(text, "ru") == ("Мария Захарова", "")


def test_in_the_opinion_of_an_expert():
    text = (
        "По мнению политолога Андрея Иванова, «Токио вряд ли изменит свою позицию в "
        "ближайшее время»."
    )
    assert only(text, "ru").speaker_name in {"Андрея Иванова", "Андрей Иванов"}


@pytest.mark.django_db
def test_a_one_character_family_name_finds_the_actor(make):
    hayashi = make.actor("Yoshimasa Hayashi", name_ja="林芳正")
    assert ActorIndex().match("林", Actor.Kind.PERSON) == hayashi


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["Russian Defense Ministry", "Министерство обороны России", "Минобороны РФ"]
)
def test_spellings_of_a_ministry_find_it(make, name):
    ministry = make.actor(
        "Ministry of Defence of the Russian Federation",
        kind=Actor.Kind.ORGANISATION,
        name_ru="Министерство обороны Российской Федерации",
        aliases="Russian Defence Ministry\nМинобороны России",
    )
    assert ActorIndex().match(name, Actor.Kind.ORGANISATION) == ministry


# --- Russian names given in the genitive -------------------------------------------------------


@pytest.mark.parametrize(
    ("genitive", "nominative"),
    [
        ("Марии Захаровой", "Мария Захарова"),
        ("Сергея Лаврова", "Сергей Лавров"),
        ("Николая Ноздрева", "Николай Ноздрев"),
        ("Михаила Галузина", "Михаил Галузин"),
        ("Андрея Руденко", "Андрей Руденко"),
        ("Петра Иванова", "Пётр Иванов"),
        ("Юрия Ушакова", "Юрий Ушаков"),
        ("Ольги Смирновой", "Ольга Смирнова"),
        ("Ёсимасы Хаяси", "Ёсимаса Хаяси"),
        # The first name tells no gender, but no name ends in -ы in the nominative.
        ("Фумио Кисиды", "Фумио Кисида"),
        ("Ё.Хаяси", "Ё.Хаяси"),
    ],
)
def test_a_name_in_the_genitive_is_offered_in_the_nominative(genitive, nominative):
    assert nominative_name(genitive) == nominative


@pytest.mark.parametrize(
    ("genitive", "nominative"),
    [
        ("официального представителя МИД России", "официальный представитель МИД России"),
        ("посла России в Японии", "посол России в Японии"),
        ("главы МИД России", "глава МИД России"),
        ("российского дипломата", "российский дипломат"),
        ("генерального секретаря кабинета министров", "генеральный секретарь кабинета министров"),
    ],
)
def test_a_title_in_the_genitive_is_offered_in_the_nominative(genitive, nominative):
    assert nominative_title(genitive) == nominative


def test_in_the_words_of_a_spokeswoman_named_in_the_genitive():
    text = (
        "По словам официального представителя МИД России Марии Захаровой, «Токио "
        "окончательно утратил самостоятельность во внешней политике»."
    )
    assert speaker(text, "ru") == ("Мария Захарова", "официальный представитель МИД России")


def test_the_agency_quoting_someones_words_in_the_genitive():
    text = (
        "«Мы не видим со стороны Токио готовности к диалогу», — цитирует ТАСС слова Сергея Лаврова."
    )
    assert speaker(text, "ru") == ("Сергей Лавров", "")


def test_as_the_comment_says_is_the_person_whose_comment_it_is():
    text = (
        "Об этом говорится в комментарии официального представителя МИД РФ Марии Захаровой, "
        "опубликованном на сайте ведомства.\n\n«Курильские острова являются неотъемлемой "
        "частью России», — говорится в комментарии."
    )
    assert speaker(text, "ru") == ("Мария Захарова", "официальный представитель МИД РФ")


# --- On the confirmation page ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "url", "known", "new"),
    [
        (
            "dev_spk_ja_yahoo_jiji_spokesman",
            "https://news.yahoo.co.jp/articles/8e2d4c6a1b",
            {"制裁はロシアのウクライナ侵略を": "Yoko Kamikawa"},
            {"非友好的な措置には相応の対応を取る": ("ペスコフ", "大統領報道官")},
        ),
        (
            "dev_spk_ru_interfax_passive",
            "https://www.interfax.ru/world/951207",
            {
                "Курильские острова являются": "Ministry of Foreign Affairs of Russia",
                "в очередной раз демонстрирует": "Maria Zakharova",
                "Проведение таких учений": "Yoshimasa Hayashi",
            },
            {},
        ),
    ],
)
def test_speakers_are_matched_or_offered_as_new_actors_with_their_title(
    editor_client, make, case, url, known, new
):
    """Speakers match actors by any of their names (here only the Japanese or Russian one),
    and the others are offered as new actors, named and titled as the article has them."""
    make.actor("Yoko Kamikawa", name_ja="上川陽子")
    make.actor("Maria Zakharova", name_ru="Мария Захарова")
    make.actor("Yoshimasa Hayashi", name_ru="Ёсимаса Хаяси", name_ja="林芳正")
    make.actor(
        "Ministry of Foreign Affairs of Russia",
        kind=Actor.Kind.ORGANISATION,
        name_ru="Министерство иностранных дел Российской Федерации",
    )
    source = next(p for p in CASES.glob(f"{case}.*") if not p.name.endswith(".json"))
    response = editor_client.post(
        "/admin/incidents/source/import/", {"text": source.read_text(encoding="utf-8"), "url": url}
    )
    assert response.status_code == 200
    forms = response.context["statements"].forms
    by_start = {f["text"].value(): f for f in forms}

    def row(start):
        return next(f for text, f in by_start.items() if text.startswith(start))

    for start, name in known.items():
        assert Actor.objects.get(pk=row(start)["speaker"].value()).name_en == name
    for start, (name, title) in new.items():
        assert row(start)["speaker"].value() is None
        assert row(start)["new_speaker_name"].value() == name
        assert row(start)["speaker_title"].value() == title


# --- Japanese quotation first, or in a paragraph of its own; unnamed speakers -----------------


def test_a_japanese_quotation_before_its_speaker():
    text = (
        "「日本の軍事化は地域の安全保障を脅かしている」。ロシア外務省のザハロワ情報局長は"
        "９日の定例会見でこう述べ、日本を強く批判した。"
    )
    assert speaker(text, "ja") == ("ザハロワ", "情報局長")


def test_a_japanese_quotation_as_a_paragraph_after_as_follows():
    text = (
        "松野博一官房長官は記者会見で次のように述べた。\n\n"
        "「ロシアによる一方的な現状変更の試みは断じて認められない」"
    )
    assert speaker(text, "ja") == ("松野博一", "官房長官")


def test_an_unnamed_japanese_official_is_not_the_last_person_named():
    text = (
        "プーチン大統領は「日本側が望むなら扉は開いている」と話した。\n\n"
        "外務省幹部は「ロシア側の意図を慎重に分析している」と明らかにした。"
    )
    assert [q.speaker_name for q in find_quotes(text, "ja")] == ["プーチン", "外務省幹部"]


def test_a_diplomat_who_asked_not_to_be_named_is_not_the_last_diplomat_named():
    text = (
        "Ambassador Nikolai Nozdrev met officials in Tokyo on Monday.\n\n"
        '"There is no basis for dialogue," said the diplomat, who asked not to be named '
        "because he was not authorised to speak to the media."
    )
    assert speaker(text, "en") == ("diplomat", "")


def test_a_quotation_signed_with_a_dash():
    text = (
        '"Tokyo is following Washington blindly" — Maria Zakharova, Russian Foreign Ministry '
        "spokeswoman."
    )
    assert speaker(text, "en") == ("Maria Zakharova", "Russian Foreign Ministry spokeswoman")


def test_the_same_ministry_in_japanese_is_the_ministry_named_before():
    text = (
        "ロシア外務省は９日、日本の大使を呼び出した。同省は声明で「日本の行動は敵対的であり、"
        "対抗措置を取る」と警告した。"
    )
    assert speaker(text, "ja") == ("ロシア外務省", "")


@pytest.mark.parametrize(
    ("text", "language", "quote"),
    [
        (
            "Мария Захарова выступила на брифинге.\n\n«Это наша территория», — сказала она.",
            "ru",
            "Это наша территория",
        ),
        ("林官房長官は記者会見で「極めて遺憾」と述べた。", "ja", "極めて遺憾"),
    ],
)
def test_a_short_quotation_followed_by_a_verb_of_saying_is_offered(text, language, quote):
    assert only(text, language).text == quote


@pytest.mark.parametrize(
    ("text", "quote", "name"),
    [
        (
            "Дмитрий Песков ответил на вопросы журналистов.\n\n«Мы не намерены, — сказал он, — "
            "вести диалог с Токио под давлением».",
            "Мы не намерены вести диалог с Токио под давлением",
            "Дмитрий Песков",
        ),
        (
            "«Япония сделала свой выбор, — подчеркнула Мария Захарова. — Теперь ей придется "
            "отвечать за последствия».",
            "Япония сделала свой выбор. Теперь ей придется отвечать за последствия",
            "Мария Захарова",
        ),
    ],
)
def test_a_russian_quotation_split_around_its_attribution(text, quote, name):
    found = only(text, "ru")
    assert (found.text, found.speaker_name) == (quote, name)


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        (
            "Japan's top government spokesman was blunt.\n\n“The Russian side's explanation is "
            "completely unacceptable, and we have said so through diplomatic channels.\n\n“We "
            "will continue to demand the return of the islands,” Chief Cabinet Secretary "
            "Yoshimasa Hayashi said.",
            "en",
            "Yoshimasa Hayashi",
        ),
        (
            "Мария Захарова выступила на брифинге.\n\n«Токио в очередной раз пытается "
            "переписать историю Второй мировой войны.\n\n«Итоги войны закреплены в Уставе ООН "
            "и пересмотру не подлежат», — заявила она.",
            "ru",
            "Мария Захарова",
        ),
    ],
)
def test_a_quotation_over_two_paragraphs_is_its_speakers(text, language, name):
    quotes = find_quotes(text, language)
    assert [q.speaker_name for q in quotes] == [name, name]
