"""The record in three languages: Japanese and Russian text of events, types and tags, who
translated a statement, and how editors keep them (admin, corrections, history)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from incidents import proposals, snapshots
from incidents.models import Event, EventType, Proposal, Statement, Tag
from incidents.translation import (
    ORIGINAL,
    PRINTED,
    PROJECT,
    SOURCE,
    localized,
    record_language,
    wordings,
)
from tests.adminform import form_data


def change_url(obj) -> str:
    return reverse(f"admin:incidents_{obj._meta.model_name}_change", args=(obj.pk,))


@pytest.fixture
def sides(make):
    russia = make.actor("Russia", kind="state", slug="russia")
    japan = make.actor("Japan", kind="state", slug="japan")
    return {
        "russia": russia,
        "japan": japan,
        "zakharova": make.actor("Maria Zakharova", country=russia),
        "matsuno": make.actor("Hirokazu Matsuno", country=japan),
        "nato": make.actor("NATO", kind="organisation"),
    }


# --- The text in the reader's language --------------------------------------------------------


@pytest.mark.django_db
def test_an_event_title_is_given_in_the_active_language_or_english_marked_as_fallback(make):
    event = make.event("Japan protests a drill", title_ja="日本が演習に抗議", summary="Said so.")
    with translation.override("ja"):
        assert localized(event, "title") == ("日本が演習に抗議", "ja", False, False)
        assert localized(event, "summary") == ("Said so.", "en", True, False)
    with translation.override("ru"):
        assert localized(event, "title") == ("Japan protests a drill", "en", True, False)
    with translation.override("en"):
        assert localized(event, "title") == ("Japan protests a drill", "en", False, False)


@pytest.mark.django_db
def test_a_project_draft_translation_says_so_until_reviewed(make):
    event = make.event("A drill", title_ru="Учения", translation_ru_state="project")
    assert localized(event, "title", "ru").draft
    event.translation_ru_state = Event.TranslationState.REVIEWED
    assert not localized(event, "title", "ru").draft


@pytest.mark.django_db
def test_names_of_types_tags_and_actors_follow_the_language(make):
    summons = EventType.objects.get(slug="summons")
    summons.name_ru = "Вызов посла"
    tag = Tag.objects.create(slug="kurils", name="Kuril Islands", name_ja="千島列島")
    actor = make.actor("Maria Zakharova", name_ja="マリア・ザハロワ")
    assert localized(summons, "name", "ru").text == "Вызов посла"
    assert localized(summons, "name", "ja") == (summons.name, "en", True, False)
    assert localized(tag, "name", "ja").text == "千島列島"
    assert localized(actor, "name", "ja").text == "マリア・ザハロワ"
    assert localized(actor, "name", "ru") == ("Maria Zakharova", "en", True, False)


def test_the_record_language_is_english_for_any_language_it_does_not_hold():
    assert record_language("ja-JP") == "ja"
    assert record_language("ru") == "ru"
    assert record_language("de") == "en"
    with translation.override("ru"):
        assert record_language() == "ru"


# --- Statements: whose words ------------------------------------------------------------------


@pytest.mark.django_db
def test_russian_words_of_a_russian_speaker_are_her_original(make, sides):
    event = make.event()
    statement = make.statement(
        event,
        sides["zakharova"],
        "Our project's English rendering.",
        language="en",
        translation_by="project",
        original_text="Слова, как их напечатал источник.",
        original_language="ru",
    )
    assert [w.made_by for w in wordings(statement)] == [PROJECT, ORIGINAL]
    assert wordings(statement)[1].language == "ru"


@pytest.mark.django_db
def test_russian_words_of_a_japanese_minister_are_the_sources_translation_never_his_own(
    make, sides
):
    event = make.event()
    statement = make.statement(
        event,
        sides["matsuno"],
        "We lodged a protest through diplomatic channels.",
        language="en",
        translation_by="project",
        original_text="По дипломатическим каналам заявлен протест.",
        original_language="ru",
    )
    assert [w.made_by for w in wordings(statement)] == [PROJECT, SOURCE]


@pytest.mark.django_db
def test_a_single_text_is_labelled_by_the_speakers_side_unless_an_editor_said(make, sides):
    event = make.event()
    english = make.statement(event, sides["matsuno"], "We protest the exercise strongly.")
    russian = make.statement(event, sides["zakharova"], "Мы решительно протестуем.", language="ru")
    third = make.statement(event, sides["nato"], "We call for restraint on all sides.")
    stated = make.statement(
        event, sides["matsuno"], "I said this in English myself.", translation_by="original"
    )
    assert wordings(english)[0].made_by == SOURCE
    assert wordings(russian)[0].made_by == ORIGINAL
    assert wordings(third)[0].made_by == PRINTED
    assert wordings(stated)[0].made_by == ORIGINAL


@pytest.mark.django_db
def test_a_statement_with_the_sources_words_is_a_translation_by_the_project(make, sides):
    """As the importer saves an editor's translation: the article's words as the original."""
    event = make.event()
    statement = make.statement(
        event,
        sides["zakharova"],
        "An editor's translation.",
        original_text="Слова статьи.",
        original_language="ru",
    )
    assert statement.translation_by == Statement.TranslationBy.PROJECT


# --- The admin -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_missing_translation_filter_lists_events_without_japanese_or_russian(admin_client, make):
    both = make.event(
        "Both done", title_ja="両方", summary_ja="要約", title_ru="Оба", summary_ru="Да"
    )
    no_ja = make.event("No Japanese", title_ru="Нет японского", summary_ru="Кратко")
    half_ru = make.event("Half Russian", title_ja="半分", summary_ja="要約", title_ru="Половина")
    url = reverse("admin:incidents_event_changelist")

    def listed(missing: str) -> set[str]:
        page = admin_client.get(url, {"missing": missing}).content.decode()
        return {e.title for e in (both, no_ja, half_ru) if e.title in page}

    assert listed("ja") == {"No Japanese"}
    assert listed("ru") == {"Half Russian"}
    assert listed("any") == {"No Japanese", "Half Russian"}


@pytest.mark.django_db
def test_types_and_tags_filter_by_missing_names(admin_client):
    Tag.objects.create(slug="done", name="Done tag", name_ja="済", name_ru="Готово")
    Tag.objects.create(slug="todo", name="Todo tag", name_ja="未")
    page = admin_client.get(reverse("admin:incidents_tag_changelist"), {"missing": "ru"})
    assert "Todo tag" in page.content.decode() and "Done tag" not in page.content.decode()
    types = admin_client.get(reverse("admin:incidents_eventtype_changelist"), {"missing": "ja"})
    assert types.status_code == 200


@pytest.mark.django_db
def test_the_event_form_edits_every_language(admin_client, make):
    event = make.event("A drill", status="draft")
    data = form_data(admin_client.get(change_url(event)), "event_form")
    page = admin_client.get(change_url(event)).content.decode()
    assert "Translations" in page and "not yet translated" in page
    data.update(
        title_ja="演習", summary_ja="演習があった。", translation_ja_state="reviewed",
        title_ru="Учения", summary_ru="Прошли учения.",
    )  # fmt: skip
    assert admin_client.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert (event.title_ja, event.translation_ja_state, event.summary_ru) == (
        "演習",
        "reviewed",
        "Прошли учения.",
    )


@pytest.mark.django_db
def test_an_editors_japanese_title_for_a_published_event_is_a_correction(
    editor_client, reviewer, make, client
):
    event = make.event("Japan protests a drill", title_ja="古い題名")
    data = form_data(editor_client.get(change_url(event)), "event_form")
    data["title_ja"] = "日本が演習に抗議"
    assert editor_client.post(change_url(event), data).status_code == 302

    event.refresh_from_db()
    assert event.title_ja == "古い題名"  # the live version stays as it was
    proposal = Proposal.objects.pending().get()
    changes = snapshots.diff(proposal.base, proposal.proposed)
    assert [(c.label, c.old, c.new) for row in changes for c in row.fields] == [
        ("Title (Japanese)", "古い題名", "日本が演習に抗議")
    ]
    proposals.approve(proposal, reviewer)
    event.refresh_from_db()
    assert event.title_ja == "日本が演習に抗議"
    history = snapshots.field_changes(
        Event,
        snapshots.values(event.history.earliest().instance),
        snapshots.values(event.history.latest().instance),
    )
    assert "Title (Japanese)" in [change.label for change in history]


@pytest.mark.django_db
def test_a_tags_russian_name_is_corrected_by_proposal_when_a_published_event_shows_it(
    editor, reviewer, make
):
    make.event(tags=["kurils"])
    tag = Tag.objects.get(slug="kurils")
    base = snapshots.values(tag)
    proposal = proposals.propose(tag, {**base, "name_ru": "Курилы"}, base, "", editor)
    proposals.approve(proposal, reviewer)
    tag.refresh_from_db()
    assert tag.name_ru == "Курилы"


# --- load_seed: translations.json ----------------------------------------------------------

RUSSIAN_WORDS = "Мы примем ответные меры, если учения продолжатся у наших берегов."


def write_seed(tmp_path, translations: dict | None) -> str:
    seed = {
        "actors": [
            {"slug": "russia", "name_en": "Russia", "kind": "state"},
            {"slug": "japan", "name_en": "Japan", "kind": "state"},
            {"slug": "spokeswoman", "name_en": "A Spokeswoman", "country": "russia"},
        ],
        "sources": [
            {
                "url": "https://ru.example/1",
                "title": "Статья",
                "language": "ru",
                "text_file": "article.txt",
            }
        ],
        "events": [
            {
                "slug": "a-warning",
                "title": "Russia warns Japan",
                "summary": "A warning was issued.",
                "date": "2025-04-10",
                "event_type": "threat_warning",
                "tags": ["drills"],
                "actors": [{"actor": "russia", "role": "initiator"}],
                "sources": [{"url": "https://ru.example/1"}],
                "statements": [
                    {
                        "speaker": "spokeswoman",
                        "text": RUSSIAN_WORDS,
                        "language": "ru",
                        "source": "https://ru.example/1",
                    }
                ],
            }
        ],
    }
    (tmp_path / "article.txt").write_text(f"Она сказала: «{RUSSIAN_WORDS}»", encoding="utf-8")
    (tmp_path / "seed.json").write_text(json.dumps(seed), encoding="utf-8")
    if translations is not None:
        (tmp_path / "translations.json").write_text(json.dumps(translations), encoding="utf-8")
    return str(tmp_path / "seed.json")


TRANSLATIONS = {
    "events": {
        "a-warning": {
            "title_ja": "ロシアが日本に警告",
            "summary_ja": "警告が出された。",
            "title_ru": "Россия предупредила Японию",
            "summary_ru": "Было сделано предупреждение.",
        }
    },
    "event_types": {"threat_warning": {"name_ja": "威嚇", "name_ru": "Угроза"}},
    "tags": {"drills": {"name_ja": "演習", "name_ru": "Учения"}},
    "statements": [
        {
            "event": "a-warning",
            "speaker": "spokeswoman",
            "text_startswith": RUSSIAN_WORDS[:40],
            "translation_en": "We will respond if the drills go on near our shores.",
        }
    ],
}


@pytest.mark.django_db
def test_load_seed_fills_translations_as_the_projects_drafts(tmp_path):
    out = io.StringIO()
    call_command("load_seed", write_seed(tmp_path, TRANSLATIONS), stdout=out)

    event = Event.objects.get(slug="a-warning")
    assert event.title_ja == "ロシアが日本に警告"
    assert event.summary_ru == "Было сделано предупреждение."
    assert event.translation_ja_state == event.translation_ru_state == "project"
    assert EventType.objects.get(slug="threat_warning").name_ru == "Угроза"
    assert Tag.objects.get(slug="drills").name_ja == "演習"
    statement = Statement.objects.get()
    assert (statement.text, statement.language) == (
        "We will respond if the drills go on near our shores.",
        "en",
    )
    assert (statement.original_text, statement.original_language) == (RUSSIAN_WORDS, "ru")
    assert statement.translation_by == "project"
    # The Russian words are in the Russian article: still verified.
    assert statement.source_check == Statement.SourceCheck.VERIFIED
    assert "Translations (translations.json) filled in: 1 events" in out.getvalue()

    call_command("load_seed", write_seed(tmp_path, TRANSLATIONS), stdout=io.StringIO())
    assert Statement.objects.count() == 1  # found again by the source's words


@pytest.mark.django_db
def test_translations_added_later_fill_an_existing_seed_but_keep_editors_text(tmp_path):
    call_command("load_seed", write_seed(tmp_path, None), stdout=io.StringIO())
    event = Event.objects.get(slug="a-warning")
    assert Statement.objects.get().text == RUSSIAN_WORDS
    event.title_ru = "Заголовок редактора"
    event.translation_ru_state = "reviewed"
    event.save()

    call_command("load_seed", write_seed(tmp_path, TRANSLATIONS), stdout=io.StringIO())
    event.refresh_from_db()
    assert event.title_ja == "ロシアが日本に警告" and event.translation_ja_state == "project"
    assert (event.title_ru, event.summary_ru) == ("Заголовок редактора", "")
    assert event.translation_ru_state == "reviewed"
    assert Statement.objects.get().original_text == RUSSIAN_WORDS

    call_command("load_seed", write_seed(tmp_path, TRANSLATIONS), "--update", stdout=io.StringIO())
    event.refresh_from_db()
    assert event.title_ru == "Россия предупредила Японию"
    assert event.translation_ru_state == "project"
    assert Statement.objects.count() == 1


@pytest.mark.django_db
def test_a_translation_for_an_unknown_event_is_reported_not_fatal(tmp_path):
    broken = {**TRANSLATIONS, "events": {"no-such-event": {"title_ja": "無"}}}
    err = io.StringIO()
    call_command("load_seed", write_seed(tmp_path, broken), stdout=io.StringIO(), stderr=err)
    assert "no event 'no-such-event'" in err.getvalue()
    assert Event.objects.get(slug="a-warning").title_ja == ""
