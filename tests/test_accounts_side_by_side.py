"""The event page in each language: the record's own text (or the English, marked), and the
accounts of the Russian side, the Japanese side and others next to each other, each text
labelled for whose words it is."""

from __future__ import annotations

import re

import pytest

from incidents.models import Actor, Statement
from timeline.public.accounts import accounts


@pytest.fixture
def people(make):
    russia = make.actor("Russia", kind=Actor.Kind.STATE, slug="russia", name_ja="ロシア")
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan", name_ja="日本")
    lenta = make.actor("Lenta.ru", kind=Actor.Kind.MEDIA, country=russia)
    return {
        "russia": russia,
        "japan": japan,
        "zakharova": make.actor("Maria Zakharova", country=russia, name_ja="マリア・ザハロワ"),
        "matsuno": make.actor("Hirokazu Matsuno", country=japan),
        "stoltenberg": make.actor("Jens Stoltenberg"),
        "source": make.source(title="Статья", publisher=lenta, language="ru"),
    }


@pytest.fixture
def incident(make, people):
    event = make.event(
        "Russia lists Japan as unfriendly",
        slug="unfriendly",
        summary="Russia published a list of unfriendly countries.",
        title_ja="ロシア、日本を非友好国に",
        translation_ja_state="project",
        actors=[(people["russia"], "initiator")],
        sources=[people["source"]],
    )
    make.statement(
        event,
        people["zakharova"],
        "Japan has chosen this path itself.",
        source=people["source"],
        original_text="Япония сама выбрала этот путь.",
        original_language="ru",
    )
    make.statement(
        event,
        people["matsuno"],
        "We lodged a protest through diplomatic channels.",
        source=people["source"],
        original_text="По дипломатическим каналам нами был заявлен протест.",
        original_language="ru",
    )
    make.statement(
        event, people["stoltenberg"], "Allies stand with Japan.", source=people["source"]
    )
    return event


def column(html: str, side: str) -> str:
    """The HTML of one account's column."""
    found = re.search(rf'<section class="account account-{side}".*?</section>', html, re.S)
    assert found, f"no column for {side}"
    return found.group(0)


@pytest.mark.django_db
def test_statements_are_grouped_by_the_speakers_side(client, incident):
    html = client.get("/events/unfriendly/").content.decode()
    russian, japanese, others = (column(html, side) for side in ("russia", "japan", "others"))
    assert "What the Russian side said</h3>" in russian and "Maria Zakharova" in russian
    assert "What the Japanese side said</h3>" in japanese and "Hirokazu Matsuno" in japanese
    assert "Others</h3>" in others and "Jens Stoltenberg" in others
    assert html.index("account-russia") < html.index("account-japan") < html.index("account-others")


@pytest.mark.django_db
def test_a_side_without_statements_says_so_and_others_appear_only_when_there_are_any(
    client, make, people
):
    event = make.event("A drill", slug="drill", sources=[people["source"]])
    make.statement(event, people["zakharova"], "The drills will go on.", source=people["source"])
    html = client.get("/events/drill/").content.decode()
    assert "No statement on record from the Japanese side." in column(html, "japan")
    assert "account-others" not in html


@pytest.mark.django_db
def test_grouping_follows_the_speaker_a_state_speaks_for_its_own_side(make, people):
    event = make.event(sources=[people["source"]])
    said = [
        make.statement(event, who, "Words on record here.", source=people["source"])
        for who in (people["japan"], people["stoltenberg"], people["russia"])
    ]
    grouped = accounts(Statement.objects.select_related("speaker__country").order_by("pk"))
    assert [(a.side, [s.pk for s in a.statements]) for a in grouped] == [
        ("russia", [said[2].pk]),
        ("japan", [said[0].pk]),
        ("", [said[1].pk]),
    ]


@pytest.mark.django_db
def test_each_text_says_whose_words_it_is(client, incident):
    html = client.get("/events/unfriendly/").content.decode()
    russian, japanese, others = (column(html, side) for side in ("russia", "japan", "others"))
    # Zakharova's Russian is her own; the English is the project's.
    assert "Translation by the project (English)" in russian
    assert "Original (Russian)" in russian
    assert 'lang="ru"><p>“Япония сама выбрала этот путь.”' in russian
    # Matsuno's Russian words are Lenta.ru's rendering, never his original.
    assert "Translation as printed by Lenta.ru (Russian)" in japanese
    assert "Original" not in japanese
    # A third party's words: as printed, nothing claimed.
    assert "As printed by Lenta.ru (English)" in others


@pytest.mark.django_db
def test_japanese_page_shows_japanese_text_and_marks_the_english_fallback(client, incident):
    html = client.get("/ja/events/unfriendly/").content.decode()
    assert '<h1 id="event-title">ロシア、日本を非友好国に</h1>' in html
    # No Japanese summary yet: the English, in English, marked.
    assert (
        '<p class="lead"><span lang="en" class="untranslated">Russia published a list of '
        'unfriendly countries.</span> <span class="untranslated-mark">'
    ) in html
    assert "マリア・ザハロワ" in html  # names in Japanese where the record has them
    assert '<span lang="en" class="untranslated untranslated-name">Hirokazu Matsuno' in html
    assert "translation-note" in html  # the project's draft translation, said so


@pytest.mark.django_db
def test_russian_page_falls_back_to_english_for_every_missing_text(client, incident):
    html = client.get("/ru/events/unfriendly/").content.decode()
    assert (
        '<h1 id="event-title"><span lang="en" class="untranslated">Russia lists Japan as '
        "unfriendly</span>"
    ) in html
    assert "translation-note" not in html
    english = client.get("/events/unfriendly/").content.decode()
    assert "untranslated" not in english


@pytest.mark.django_db
def test_timeline_cards_are_in_the_pages_language(client, incident):
    html = client.get("/ja/").content.decode()
    assert "ロシア、日本を非友好国に" in html
    assert '<span lang="en" class="untranslated">Russia published a list' in html


@pytest.mark.django_db
def test_feed_under_ja_gives_japanese_titles(client, incident):
    xml = client.get("/ja/feed.atom").content.decode()
    assert "ロシア、日本を非友好国に" in xml
    assert "Russia lists Japan as unfriendly" in client.get("/feed.atom").content.decode()


@pytest.mark.django_db
def test_event_page_queries_stay_bounded_in_every_language(
    client, incident, django_assert_max_num_queries
):
    for prefix in ("", "/ja", "/ru"):
        with django_assert_max_num_queries(12):
            assert client.get(f"{prefix}/events/unfriendly/").status_code == 200
