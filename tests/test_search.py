"""Full-text search: PostgreSQL search vectors, the SQLite fallback, and highlighting."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import QueryDict

from incidents.models import Actor, Status
from timeline.public.filters import filter_events
from timeline.public.search import highlight, highlight_terms, parse_query

pytestmark = pytest.mark.django_db


def found(q: str, extra: str = "") -> list[str]:
    params = QueryDict(mutable=True)
    params["q"] = q
    _filterset, events = filter_events(QueryDict(f"{params.urlencode()}&{extra}"))
    return sorted(event.title for event in events)


@pytest.fixture
def zakharova(make):
    return make.actor(
        "Maria Zakharova",
        name_ru="Мария Захарова",
        name_ja="マリア・ザハロワ",
        slug="maria-zakharova",
    )


def test_words_in_title_summary_and_statements_are_found(make, zakharova):
    make.event("Ambassador summoned over drills", summary="Tokyo protested.")
    event = make.event("Entry ban announced", summary="Thirteen officials barred from entry.")
    make.statement(event, zakharova, "A hostile and provocative step.")

    assert found("drills") == ["Ambassador summoned over drills"]
    assert found("officials") == ["Entry ban announced"]
    assert found("provocative") == ["Entry ban announced"]


def test_actor_names_in_every_language_find_their_events(make, zakharova):
    make.event("Spokeswoman warns Tokyo", actors=[(zakharova, "initiator")])
    make.event("Unrelated")

    assert found("Zakharova") == ["Spokeswoman warns Tokyo"]
    assert found("Захарова") == ["Spokeswoman warns Tokyo"]
    assert found("ザハロワ") == ["Spokeswoman warns Tokyo"]


def test_a_speakers_name_finds_the_events_they_spoke_about(make, zakharova):
    event = make.event("Protest over sanctions")
    make.statement(event, zakharova, "We will respond.")

    assert found("захарова") == ["Protest over sanctions"]


def test_search_ignores_case_and_needs_every_word(make):
    make.event("Japan expels Russian diplomats")
    make.event("Russia expels Japanese diplomats")
    make.event("Japan protests")

    assert found("JAPAN") == ["Japan expels Russian diplomats", "Japan protests"]
    assert found("japan diplomats") == ["Japan expels Russian diplomats"]


def test_websearch_syntax_phrase_exclusion_and_or(make):
    make.event("Patriot missiles for Ukraine", summary="Air defence exports.")
    make.event("Missiles fired into the Sea of Japan", summary="Ballistic test.")
    make.event("Fisheries talks collapse", summary="Quota dispute.")

    assert found('"sea of japan"') == ["Missiles fired into the Sea of Japan"]
    assert found("missiles -ukraine") == ["Missiles fired into the Sea of Japan"]
    assert found("fisheries or patriot") == [
        "Fisheries talks collapse",
        "Patriot missiles for Ukraine",
    ]


def test_drafts_and_events_in_review_are_never_found(make):
    make.event("Secret summons draft", status=Status.DRAFT)
    make.event("Secret summons in review", status=Status.REVIEW)
    make.event("Public summons")

    assert found("summons") == ["Public summons"]
    assert found("secret") == []


def test_search_combines_with_the_other_filters(make):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    make.event("Protest about drills", actors=[(japan, "initiator")], date="2023-01-10")
    make.event("Protest about fishing", date="2023-02-10")

    assert found("protest", "actor=japan") == ["Protest about drills"]
    assert found("protest", "from=2023-02") == ["Protest about fishing"]


def test_only_punctuation_finds_nothing_and_does_not_fail(make):
    make.event("Anything")

    assert found('"" - or ...') == []


def test_best_match_first_unless_an_order_is_chosen(make, zakharova):
    older = make.event("Sanctions on Japan", date="2022-01-01", summary="Sanctions again.")
    newer = make.event("Fishing quota talks", date="2024-01-01", summary="Talks.")
    make.statement(newer, zakharova, "Sanctions are a mistake.")

    _f, ranked = filter_events(QueryDict("q=sanctions"))
    _f, oldest_first = filter_events(QueryDict("q=sanctions&order=asc"))

    if connection.vendor == "postgresql":
        # The title match outranks a word in a statement.
        assert list(ranked) == [older, newer]
    else:
        # SQLite has no relevance: newest first.
        assert list(ranked) == [newer, older]
    assert list(oldest_first) == [older, newer]


# --- parsing and highlighting -------------------------------------------------------------


def test_parse_query_reads_web_search_syntax():
    groups = parse_query('Zakharova "Sea of  Japan" -drill or Protest,')

    assert [[(t.text, t.negated) for t in group] for group in groups] == [
        [("zakharova", False), ("sea of japan", False), ("drill", True)],
        [("protest", False)],
    ]
    assert highlight_terms('zakharova -drill "sea of japan"') == ["sea of japan", "zakharova"]


def test_highlight_marks_words_and_their_endings():
    html = highlight("Japan protests; the protest was lodged.", ["protest"])

    assert html == ("Japan <mark>protests</mark>; the <mark>protest</mark> was lodged.")


def test_highlight_escapes_hostile_text_before_marking():
    html = highlight('<script>alert("x")</script> & <b>script</b>', ["script", "amp"])

    assert "<script>" not in html
    assert "<b>" not in html
    assert html.startswith("&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)")
    assert "&amp;" in html  # "amp" never matches inside an entity


def test_highlight_of_japanese_and_russian_names():
    japanese = highlight("マリア・ザハロワ報道官", ["ザハロワ"])
    russian = highlight("Мария Захарова заявила", ["захарова"])

    assert japanese == "マリア・<mark>ザハロワ</mark>報道官"
    assert russian == "Мария <mark>Захарова</mark> заявила"


def test_search_results_page_marks_the_words_safely(client, make):
    make.event("<img src=x onerror=alert(1)> Summons", summary="A summons.")

    response = client.get("/", {"q": "summons"})

    html = response.content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>Summons</mark>" in html
