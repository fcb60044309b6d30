"""One save, one revision: every historical record a transaction writes for an event belongs to
one Revision with who, when and a one-line summary of what changed."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from incidents import revisions
from incidents.models import Event, Revision, Statement, Status
from tests.adminform import form_data

pytestmark = pytest.mark.django_db


def all_records(event: Event) -> list:
    records = list(event.history.all())
    for model in (Statement, Event.actor_roles.rel.related_model):
        records += list(model.history.filter(event_id=event.pk))
    records += list(event.source_links.model.history.filter(event_id=event.pk))
    return records


def test_one_admin_save_is_one_revision_with_a_summary(editor_client, editor, make):
    speaker = make.actor("Maria Zakharova")
    event = make.event("Russia summons the ambassador", status=Status.DRAFT)
    before = set(Revision.objects.values_list("pk", flat=True))
    url = reverse("admin:incidents_event_change", args=(event.pk,))
    data = form_data(editor_client.get(url), "event_form")
    data.update(
        {
            "title": "Moscow summons the ambassador",
            "date_lower": "2023-06-10",
            "status": "review",
            "statements-TOTAL_FORMS": "1",
            "statements-0-speaker": speaker.pk,
            "statements-0-text": "Tokyo will regret this step.",
            "statements-0-kind": "paraphrase",
            "statements-0-language": "en",
            "statements-0-source": event.source_links.get().source_id,
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    new = Revision.objects.exclude(pk__in=before)
    assert new.count() == 1
    revision = new.get()
    assert revision.event_id == event.pk
    assert revision.user == editor
    assert revision.summary == "Title, date, status; 1 statement added"
    assert revision.public_summary == ""  # a draft: nothing public changed
    stamped = [r for r in all_records(event) if r.revision_id == revision.pk]
    assert len(stamped) >= 3  # the status change, the edit, the statement
    assert all(abs(r.history_date - revision.created_at).total_seconds() < 2 for r in stamped)


def test_each_transaction_is_its_own_revision(make):
    event = make.event("A drill near the islands", status=Status.DRAFT)
    with transaction.atomic():
        event.title = "A drill off the islands"
        event.save()
        event.summary = "Ships exercised for two days."
        event.save()
    with transaction.atomic():
        event.location_name = "Sea of Japan"
        event.save()
    first, second = Revision.objects.of_event(event.pk).order_by("-id")[:2][::-1]
    assert first.summary == "Title, summary"
    assert second.summary == "Location"
    assert event.history.filter(revision=first).count() == 2


def test_a_rolled_back_transaction_leaves_no_revision_behind(make):
    event = make.event("A protest", status=Status.DRAFT)
    with pytest.raises(RuntimeError), transaction.atomic():
        event.title = "A formal protest"
        event.save()
        raise RuntimeError
    with transaction.atomic():
        event.title = "A strong protest"
        event.save()
    record = event.history.order_by("-history_id").first()
    assert Revision.objects.filter(pk=record.revision_id).exists()
    assert record.revision.summary == "Title"


def test_outside_a_transaction_every_save_is_a_revision(make):
    event = make.event("Entry ban", status=Status.DRAFT)
    count = Revision.objects.of_event(event.pk).count()
    event.title = "Entry ban on officials"
    event.save()
    event.summary = "Thirteen officials may not enter."
    event.save()
    assert Revision.objects.of_event(event.pk).count() == count + 2


def test_note_replaces_the_summary_of_the_transaction(make):
    event = make.event("Sanctions", status=Status.DRAFT)
    with transaction.atomic():
        event.title = "New sanctions"
        event.save()
        revisions.note("Approved correction #7 by reviewer")
        event.summary = "Export controls widened."
        event.save()
    revision = event.history.order_by("-history_id").first().revision
    assert revision.summary == "Approved correction #7 by reviewer"


def test_note_before_any_record_still_applies(make):
    event = make.event("Sanctions", status=Status.DRAFT)
    with transaction.atomic():
        revisions.note("Restored revision of 3 June 10:41 by editor")
        event.title = "Older sanctions"
        event.save()
    assert event.history.order_by("-history_id").first().revision.summary.startswith("Restored")


def test_note_outside_a_transaction_is_a_clear_error():
    with pytest.raises(transaction.TransactionManagementError, match="atomic"):
        revisions.note("Nothing to describe")


def test_public_summary_names_only_what_the_page_shows(make):
    event = make.event("Airspace violation", status=Status.PUBLISHED)
    with transaction.atomic():
        event.review_note = "Check the second source."
        event.save()
    internal = event.history.order_by("-history_id").first().revision
    assert internal.summary == "Review note"
    assert internal.public_summary == ""
    with transaction.atomic():
        event.title = "Airspace violation near Hokkaido"
        event.review_note = ""
        event.save()
    public = event.history.order_by("-history_id").first().revision
    assert public.public_summary == "Title"
    shown = Revision.objects.public().filter(event=event).order_by("id")
    assert [r.public_summary for r in shown] == ["Published", "Title"]  # not the review note


def test_publishing_is_a_public_revision_and_drafts_are_not(make):
    event = make.event("Military aid", status=Status.DRAFT)
    with transaction.atomic():
        event.title = "Military aid package"
        event.save()
    assert not Revision.objects.public().filter(event=event).exists()
    with transaction.atomic():
        event.status = Status.PUBLISHED
        event.save()
    assert Revision.objects.public().get(event=event).public_summary == "Published"


def test_actor_changes_have_a_revision_of_no_event(make):
    actor = make.actor("Japan")
    with transaction.atomic():
        actor.name_ja = "日本"
        actor.save()
    revision = actor.history.order_by("-history_id").first().revision
    assert revision.event_id is None
    assert revision.summary.startswith("Actor “Japan”")


def test_a_new_event_is_summarised_as_created_not_field_by_field(make):
    with transaction.atomic():
        event = make.event("Japan lodges a protest", status=Status.DRAFT, tags=["protest"])
        event.title = "Japan lodges a formal protest"
        event.save()
    revision = event.revisions.get()
    assert revision.summary == "Created; 1 source link added"
