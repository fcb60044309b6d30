"""What a published event shows changes only through a reviewer, by every path.

An editor's change to an actor, a source or a tag that a published event shows would be live
at once on the public pages and in the API, unreviewed; so would a statement brought back
onto a published event from its history. An editor's save of such a record is a proposed
correction (the live record unchanged until a reviewer approves: tests/test_proposals.py);
every other way of changing them (history restore, recovery of deleted records, deletion,
bulk actions) is refused. Reviewers keep full rights.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from incidents import publishing
from incidents.models import Actor, Event, Source, Statement, Status, Tag
from tests import factories
from tests.adminform import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make):
    """A published event with an actor, a tag, a source and a statement from it."""
    speaker = make.actor("Maria Zakharova")
    event = make.event(
        "Russia summons Japan's ambassador",
        status=Status.PUBLISHED,
        actors=[(speaker, "initiator")],
        tags=["diplomacy"],
    )
    make.statement(event, speaker, "Japan will answer for this.")
    return event


def admin_url(obj, view: str = "change") -> str:
    return reverse(f"admin:incidents_{obj._meta.model_name}_{view}", args=(obj.pk,))


def the_source(event: Event) -> Source:
    return event.source_links.get().source


def the_actor(event: Event) -> Actor:
    return event.actor_roles.get().actor


# --- Recovering a deleted statement ----------------------------------------------------------


def deleted_statement(event: Event):
    statement = event.statements.get()
    statement_id = statement.pk
    statement.delete()  # a reviewer removed it from the published event
    return Statement.history.filter(id=statement_id, history_type="-").get()


def test_an_editor_cannot_recover_a_statement_onto_a_published_event(editor_client, published):
    record = deleted_statement(published)
    response = editor_client.post(
        reverse("admin:incidents_statement_deleted"),
        {"history_id": record.history_id},
        follow=True,
    )
    assert not Statement.objects.filter(pk=record.id).exists()
    assert "is published: only a reviewer can change" in response.content.decode()


def test_a_reviewer_recovers_a_statement_onto_a_published_event(reviewer_client, published):
    record = deleted_statement(published)
    reviewer_client.post(
        reverse("admin:incidents_statement_deleted"), {"history_id": record.history_id}
    )
    assert Statement.objects.filter(pk=record.id).exists()


def test_an_editor_still_recovers_a_statement_of_a_draft_event(editor_client, make):
    draft = make.event(status=Status.DRAFT)
    make.statement(draft, make.actor(), "We protest.")
    record = deleted_statement(draft)
    editor_client.post(
        reverse("admin:incidents_statement_deleted"), {"history_id": record.history_id}
    )
    assert Statement.objects.filter(pk=record.id).exists()


def test_an_editor_recovering_a_deleted_published_event_gets_a_draft(editor_client, published):
    event_id = published.pk
    published.delete()
    record = Event.history.filter(id=event_id, history_type="-").get()
    editor_client.post(reverse("admin:incidents_event_deleted"), {"history_id": record.history_id})
    assert Event.objects.get(pk=event_id).status == Status.DRAFT


# --- Changing what a published event shows ---------------------------------------------------


def proposed_correction(obj):
    """The correction waiting for ``obj``, once an editor's save made one."""
    from incidents.models import Proposal

    return Proposal.objects.pending().of(obj).get()


def test_an_editors_change_to_an_actor_of_a_published_event_is_only_proposed(
    editor_client, published
):
    actor = the_actor(published)
    page = editor_client.get(admin_url(actor)).content.decode()
    assert "This actor is public" in page and "Propose correction" in page
    data = form_data(editor_client.get(admin_url(actor)), "actor_form")
    data["name_en"] = "Someone else"
    assert editor_client.post(admin_url(actor), data).status_code == 302
    actor.refresh_from_db()
    assert actor.name_en == "Maria Zakharova"
    assert proposed_correction(actor).proposed["name_en"] == "Someone else"


def test_a_reviewer_changes_an_actor_of_a_published_event(reviewer_client, published):
    actor = the_actor(published)
    data = form_data(reviewer_client.get(admin_url(actor)), "actor_form")
    data["name_en"] = "Maria V. Zakharova"
    assert reviewer_client.post(admin_url(actor), data).status_code == 302
    actor.refresh_from_db()
    assert actor.name_en == "Maria V. Zakharova"


def test_an_editor_changes_an_actor_no_published_event_shows(editor_client, make):
    actor = make.actor("Draft-only actor")
    make.event(status=Status.DRAFT, actors=[(actor, "initiator")])
    data = form_data(editor_client.get(admin_url(actor)), "actor_form")
    data["name_en"] = "Renamed"
    assert editor_client.post(admin_url(actor), data).status_code == 302
    actor.refresh_from_db()
    assert actor.name_en == "Renamed"


def test_a_publisher_and_a_country_shown_publicly_are_only_proposed_by_an_editor(
    editor_client, make
):
    country = make.actor("Japan", kind=Actor.Kind.STATE)
    outlet = make.actor("Kyodo", kind=Actor.Kind.MEDIA)
    person = make.actor("Yoko Kamikawa", country=country)
    make.event(
        status=Status.PUBLISHED,
        actors=[(person, "initiator")],
        sources=[make.source(publisher=outlet)],
    )
    for actor in (country, outlet):
        assert "Propose correction" in editor_client.get(admin_url(actor)).content.decode()


def test_a_source_of_a_published_event_cannot_be_repointed_by_an_editor(
    editor_client, reviewer_client, published
):
    source = the_source(published)
    page = editor_client.get(admin_url(source)).content.decode()
    assert "This source is public" in page and "Propose correction" in page
    data = form_data(reviewer_client.get(admin_url(source)), "source_form")
    data["url"] = "https://phishing.example.net/login"
    data["text"] = "Replaced text."
    assert editor_client.post(admin_url(source), data).status_code == 302
    source.refresh_from_db()
    assert source.url.startswith("https://news.example.com/")
    assert source.text != "Replaced text."
    assert proposed_correction(source).proposed["url"] == "https://phishing.example.net/login"


def test_a_reviewer_changes_a_source_of_a_published_event(reviewer_client, published):
    source = the_source(published)
    data = form_data(reviewer_client.get(admin_url(source)), "source_form")
    data["title"] = "Corrected headline"
    response = reviewer_client.post(admin_url(source), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    source.refresh_from_db()
    assert source.title == "Corrected headline"


def test_an_editors_change_to_a_tag_of_a_published_event_is_only_proposed(
    editor_client, reviewer_client, published
):
    tag = published.tags.get()
    page = editor_client.get(admin_url(tag)).content.decode()
    assert "This tag is public" in page and "Propose correction" in page
    data = form_data(editor_client.get(admin_url(tag)), "tag_form")
    data["name"] = "Propaganda"
    assert editor_client.post(admin_url(tag), data).status_code == 302
    assert Tag.objects.get(pk=tag.pk).name == "diplomacy"
    assert proposed_correction(tag).proposed["name"] == "Propaganda"


def test_an_editor_changes_a_tag_of_draft_events_only(editor_client, make):
    make.event(status=Status.DRAFT, tags=["fisheries"])
    tag = Tag.objects.get(slug="fisheries")
    data = form_data(editor_client.get(admin_url(tag)), "tag_form")
    data["name"] = "Fishing"
    assert editor_client.post(admin_url(tag), data).status_code == 302
    assert Tag.objects.get(pk=tag.pk).name == "Fishing"


# --- Restoring an earlier version ------------------------------------------------------------


@pytest.mark.parametrize("which", ["actor", "source"])
def test_an_editor_cannot_restore_an_old_version_of_a_published_record(
    editor_client, published, which
):
    obj = the_actor(published) if which == "actor" else the_source(published)
    field = "name_en" if which == "actor" else "title"
    old_value = getattr(obj, field)
    old = obj.history.earliest()
    setattr(obj, field, "Reviewed value")
    obj.save()
    url = reverse(f"admin:incidents_{which}_simple_history", args=(obj.pk, old.history_id))
    page = editor_client.get(url).content.decode()
    assert 'name="_save"' not in page  # no "Revert" button
    assert "only a reviewer can change it directly" in page
    assert re.search(rf'<input[^>]*name="{field}"[^>]*disabled', page)  # shown, not editable
    assert editor_client.post(url, {field: old_value}).status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, field) == "Reviewed value"


def test_an_editor_cannot_restore_a_statement_version_that_moves_it_off_a_published_event(
    editor_client, reviewer_client, published, make
):
    statement = published.statements.get()
    draft = make.event(status=Status.DRAFT, sources=[statement.source])
    # Once on a draft event, then moved to the published one by a reviewer.
    Statement.objects.filter(pk=statement.pk).update(event=draft)
    Statement.history.filter(id=statement.pk).update(event=draft)
    statement.refresh_from_db()
    statement.event = published
    statement.save()
    old = statement.history.earliest()
    url = reverse("admin:incidents_statement_simple_history", args=(statement.pk, old.history_id))
    assert 'name="_save"' not in editor_client.get(url).content.decode()
    data = form_data(reviewer_client.get(url), "historicalstatement_form")
    response = editor_client.post(url, data)
    assert response.status_code == 403
    assert Statement.objects.get(pk=statement.pk).event == published


# --- Deleting --------------------------------------------------------------------------------


def test_an_editor_cannot_delete_a_statement_of_a_published_event(editor_client, published):
    statement = published.statements.get()
    assert editor_client.post(admin_url(statement, "delete"), {"post": "yes"}).status_code == 403
    confirmation = editor_client.post(
        reverse("admin:incidents_statement_changelist"),
        {"action": "delete_selected", "_selected_action": [statement.pk]},
    ).content.decode()
    assert "statements that only a reviewer may delete" in confirmation
    response = editor_client.post(
        reverse("admin:incidents_statement_changelist"),
        {"action": "delete_selected", "_selected_action": [statement.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Statement.objects.filter(pk=statement.pk).exists()


@pytest.mark.parametrize("which", ["actor", "source"])
def test_an_editor_is_told_a_record_a_published_event_shows_cannot_be_deleted(
    editor_client, published, which
):
    obj = the_actor(published) if which == "actor" else the_source(published)
    assert editor_client.get(admin_url(obj, "delete")).status_code == 403
    response = editor_client.post(
        reverse(f"admin:incidents_{which}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert response.status_code in (200, 403)
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_source_page_adds_nothing_to_a_published_event_for_an_editor(editor_client, published):
    """The inlines of a source that only draft events use may not reach a published event."""
    source = factories.source(title="A second article")
    speaker = the_actor(published)
    url = admin_url(source)
    data = form_data(editor_client.get(url), "source_form")
    data.update(
        {
            "event_links-TOTAL_FORMS": "1",
            "event_links-0-event": str(published.pk),
            "event_links-0-position": "1",
            "statements-TOTAL_FORMS": "1",
            "statements-0-event": str(published.pk),
            "statements-0-speaker": str(speaker.pk),
            "statements-0-text": "Japan will answer for this, again.",
            "statements-0-kind": "quote",
            "statements-0-language": "en",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "is published: only a reviewer can change" in response.content.decode()
    assert published.source_links.count() == 1
    assert published.statements.count() == 1


def test_the_import_statements_page_adds_nothing_to_a_published_event(editor_client, published):
    source = the_source(published)
    url = reverse("admin:incidents_source_statements", args=(source.pk,))
    assert editor_client.get(url).status_code == 200
    data = {
        "statements-TOTAL_FORMS": "1",
        "statements-INITIAL_FORMS": "0",
        "statements-0-keep": "on",
        "statements-0-text": "Japan will answer for this in full.",
        "statements-0-speaker": str(the_actor(published).pk),
        "statements-0-language": "en",
        "event": str(published.pk),
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "only a reviewer can add statements" in response.content.decode()
    assert published.statements.count() == 1


def test_the_saving_transaction_checks_the_event_as_stored_not_as_first_read(editor, make):
    """Published between the form's check and the save: the locked re-read refuses."""
    event = make.event(status=Status.REVIEW)
    stale = Event.objects.get(pk=event.pk)
    Event.objects.filter(pk=event.pk).update(status=Status.PUBLISHED)
    assert publishing.edit_refusal(editor, stale) == ""
    with pytest.raises(publishing.EditRefused, match="only a reviewer"):
        publishing.check_editable(editor, stale, lock=True)
