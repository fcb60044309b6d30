"""The import's confirmation step (issue 13): a ministry's own page is published by the
ministry, proposed as an official body rather than a "media outlet"; a quotation the editor
translates before confirming keeps the article's own words as its original; each
statement's date and language default to the article's. The articles are written for these
tests."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from incidents.models import Actor, EventType, Source, Statement
from tests.test_import_admin import CONFIRM_URL, IMPORT_URL, form_data, nothing_saved

MOFA_URL = "https://www.mofa.go.jp/mofaj/press/release/pressit_000001_00123.html"
MOFA_RELEASE = (
    "ロシア軍による北方四島での演習について\n"
    "令和5年6月12日\n\n"
    "1　6月12日、ロシア軍が北方四島において演習を実施していることが確認されました。\n\n"
    "2　外務省は同日、在京ロシア大使館に対し、「このような行為は北方四島に関する我が国の"
    "立場と相いれず、受け入れられない」と抗議しました。\n"
)
RU_STORY = (
    "Захарова ответила Токио на протест\n"
    "12 июня 2023 года, 15:30\n\n"
    "Официальный представитель МИД России Мария Захарова прокомментировала протест Японии.\n\n"
    "«Учения проходят на нашей территории, и мы не обязаны ни перед кем отчитываться», — "
    "заявила Захарова на брифинге.\n"
)


def _confirm(client, data: dict, **changes) -> None:
    response = client.post(CONFIRM_URL, {**data, **changes})
    assert response.status_code == 302, response.context and [
        f.errors for f in (response.context.get("details"), response.context.get("event_form"))
    ]


# --- Publisher: a ministry's own page ---------------------------------------------------------


@pytest.mark.django_db
def test_a_ministry_not_on_record_is_proposed_as_an_official_body_and_created_so(editor_client):
    response = editor_client.post(IMPORT_URL, {"text": MOFA_RELEASE, "url": MOFA_URL})
    page = response.content.decode()
    data = form_data(response)
    assert data["new_publisher_name"] == "Ministry of Foreign Affairs of Japan"
    assert data["new_publisher_kind"] == Actor.Kind.ORGANISATION
    assert data["kind"] == Source.Kind.OFFICIAL
    assert "The official body “Ministry of Foreign Affairs of Japan” is not an actor yet" in page
    assert nothing_saved()
    for key in [k for k in data if k.endswith("-keep")]:
        data[key] = ""
    _confirm(editor_client, data)
    source = Source.objects.get()
    assert source.publisher.kind == Actor.Kind.ORGANISATION
    assert source.publisher.name_en == "Ministry of Foreign Affairs of Japan"
    assert source.kind == Source.Kind.OFFICIAL


@pytest.mark.django_db
def test_a_ministry_on_record_as_an_organisation_is_chosen_as_publisher(editor_client, make):
    ministry = make.actor(
        "Ministry of Foreign Affairs of Japan", kind=Actor.Kind.ORGANISATION, name_ja="外務省"
    )
    response = editor_client.post(IMPORT_URL, {"text": MOFA_RELEASE, "url": MOFA_URL})
    data = form_data(response)
    assert data["publisher"] == str(ministry.pk) and "new_publisher_name" not in data
    assert "this page is its own statement" in response.content.decode()
    for key in [k for k in data if k.endswith("-keep")]:
        data[key] = ""
    _confirm(editor_client, data)
    assert Source.objects.get().publisher == ministry
    assert Actor.objects.count() == 1


@pytest.mark.django_db
def test_a_news_site_is_still_proposed_as_a_media_outlet(editor_client):
    data = form_data(
        editor_client.post(
            IMPORT_URL, {"text": RU_STORY, "url": "https://www.kommersant.ru/doc/6034999"}
        )
    )
    assert data["new_publisher_name"] == "Коммерсантъ"
    assert data["new_publisher_kind"] == Actor.Kind.MEDIA


@pytest.mark.django_db
def test_a_person_cannot_be_a_sources_publisher(make):
    person = make.actor("Maria Zakharova", kind=Actor.Kind.PERSON)
    source = Source(url="https://example.org/a", title="T", publisher=person)
    with pytest.raises(ValidationError, match="media outlet or an official body"):
        source.clean()


# --- Statements: the article's words, date and language -----------------------------------


def _ru_import(client) -> dict:
    """A Russian article pasted, its one quotation kept for a new draft event."""
    response = client.post(
        IMPORT_URL, {"text": RU_STORY, "url": "https://www.kommersant.ru/doc/6034999"}
    )
    data = form_data(response)
    assert data["statements-TOTAL_FORMS"] == "1"
    data["new_event_type"] = str(EventType.objects.first().pk)
    return data


@pytest.mark.django_db
def test_each_statement_defaults_to_the_articles_date_and_language(editor_client):
    data = _ru_import(editor_client)
    assert data["statements-0-said_on"] == "2023-06-12"
    assert data["statements-0-language"] == "ru"
    _confirm(editor_client, data)
    statement = Statement.objects.get()
    assert statement.said_on.isoformat() == "2023-06-12"
    assert (statement.language, statement.original_text) == ("ru", "")
    assert statement.text.startswith("Учения проходят на нашей территории")


@pytest.mark.django_db
def test_a_translated_quotation_keeps_the_articles_words_as_its_original(editor_client):
    data = _ru_import(editor_client)
    found = data["statements-0-text"]
    translation = "The drills take place on our territory, and we owe no one an explanation."
    _confirm(editor_client, data, **{"statements-0-text": translation})
    statement = Statement.objects.get()
    assert statement.text == translation
    assert statement.language == "en"
    assert (statement.original_text, statement.original_language) == (found, "ru")
    # The original is what the stored article prints: the statement is verified by it.
    assert statement.source_check == Statement.SourceCheck.VERIFIED


@pytest.mark.django_db
def test_a_quotation_trimmed_in_its_own_language_is_not_a_translation(editor_client):
    data = _ru_import(editor_client)
    _confirm(editor_client, data, **{"statements-0-text": "Учения проходят на нашей территории"})
    statement = Statement.objects.get()
    assert (statement.language, statement.original_text) == ("ru", "")


@pytest.mark.django_db
def test_an_official_bodys_page_lists_the_events_its_own_statements_back(client, make):
    ministry = make.actor("Ministry of Foreign Affairs of Japan", kind=Actor.Kind.ORGANISATION)
    release = make.source(publisher=ministry, kind=Source.Kind.OFFICIAL)
    make.event(title="Japan protests drills on the islands", sources=[release])
    page = client.get(ministry.get_absolute_url()).content.decode()
    assert "Japan protests drills on the islands" in page
    assert "Backed by its own statement" in page and "Reported by this outlet" not in page


@pytest.mark.django_db
def test_a_statement_left_undated_takes_the_articles_date_as_given_on_the_page(editor_client):
    undated = RU_STORY.replace("12 июня 2023 года, 15:30\n", "")
    response = editor_client.post(
        IMPORT_URL, {"text": undated, "url": "https://www.kommersant.ru/doc/6034998"}
    )
    data = form_data(response)
    assert "published_on" not in data and "statements-0-said_on" not in data
    data.update(
        published_on="2023-06-12",
        new_event_date="2023-06-12",
        new_event_type=str(EventType.objects.first().pk),
    )
    _confirm(editor_client, data)
    assert Statement.objects.get().said_on.isoformat() == "2023-06-12"
