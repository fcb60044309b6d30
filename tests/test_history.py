"""Every change is recorded (who, when, what), shown field by field, and reversible: earlier
versions can be restored and deleted records recovered."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from incidents.models import Event, EventActor, EventSource, Revision, Statement, Status
from tests import factories
from tests.adminform import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make):
    speaker = make.actor("Maria Zakharova")
    event = make.event(
        "Russia summons Japan's ambassador",
        status=Status.DRAFT,
        actors=[(speaker, "initiator")],
    )
    make.statement(event, speaker, "Japan will answer for this.")
    return event


def change_url(event: Event) -> str:
    return reverse("admin:incidents_event_change", args=(event.pk,))


def edit(client, event: Event, **changes) -> None:
    data = form_data(client.get(change_url(event)), "event_form")
    data.update(changes)
    response = client.post(change_url(event), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_an_admin_edit_records_who_when_and_what(editor_client, editor, event):
    edit(editor_client, event, title="Moscow summons Japan's ambassador", status="review")
    # Two records: the status change (through the workflow), then the edit itself.
    content, status = event.history.order_by("-history_id")[:2]
    assert content.history_user == status.history_user == editor
    assert content.diff_against(status).changed_fields == ["title"]
    assert status.diff_against(status.prev_record).changed_fields == ["status"]


def history_page(client, event: Event) -> str:
    response = client.get(reverse("admin:incidents_event_history", args=(event.pk,)))
    assert response.status_code == 200
    return response.content.decode()


def compare(client, event: Event, old: str, new: str = "live") -> str:
    url = reverse("admin:incidents_event_history_compare", args=(event.pk,))
    response = client.get(url, {"old": old, "new": new})
    assert response.status_code == 200
    return response.content.decode()


def test_the_history_page_lists_one_line_per_save_with_seconds(editor_client, event):
    edit(editor_client, event, title="Moscow summons Japan's ambassador", status="review")
    html = history_page(editor_client, event)
    revision = event.revisions.order_by("-pk").first()
    assert revision.summary == "Title, status"
    # One line for the save (not one per historical record), when to the second, who.
    assert html.count("Title, status") == 1
    assert f"{timezone.localtime(revision.created_at):%H:%M:%S}" in html
    assert '<span class="revision-who">editor</span>' in html


def test_any_two_revisions_compare_field_by_field(editor_client, event):
    first = event.revisions.order_by("pk").first()
    edit(editor_client, event, title="Moscow summons Japan's ambassador", status="review")
    second = event.revisions.order_by("-pk").first()
    html = compare(editor_client, event, f"r{first.pk}", f"r{second.pk}")
    assert "Russia summons Japan&#x27;s ambassador" in html
    assert "Moscow summons Japan&#x27;s ambassador" in html
    assert "In review" in html  # labels, not stored values


def test_the_event_history_includes_its_statements_sources_and_actors(editor_client, event):
    before = event.revisions.order_by("-pk").first()
    statement = event.statements.get()
    with transaction.atomic():
        statement.text = "Japan will answer for this decision."
        statement.save()
        event.actor_roles.update(title="Spokeswoman")  # no history: not part of the diff
    html = history_page(editor_client, event)
    assert "1 statement changed" in html
    html = compare(editor_client, event, f"r{before.pk}")
    assert "Statement by Maria Zakharova" in html
    assert "Japan will answer for this.</td>" in html
    assert "Japan will answer for this decision.</td>" in html


def test_an_earlier_version_can_be_restored(editor_client, editor, event):
    original = event.history.latest()
    edit(editor_client, event, title="A wrong title", summary="A wrong summary.")
    url = reverse("admin:incidents_event_simple_history", args=(event.pk, original.history_id))
    restore_page = editor_client.get(url)
    preview = restore_page.content.decode()
    assert "Restoring this version would change" in preview
    assert "<del>A wrong title</del> → <ins>Russia summons Japan&#x27;s ambassador</ins>" in preview
    data = form_data(restore_page, "historicalevent_form")
    assert data["title"] == "Russia summons Japan's ambassador"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    assert event.title == "Russia summons Japan's ambassador"
    assert event.summary == original.summary
    latest = event.history.latest()
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Restored the version of")


def test_restoring_keeps_the_current_publication_state(make, django_user_model):
    reviewer = factories.staff_user(django_user_model, "reviewer", groups=("Reviewers",))
    client = Client()
    client.force_login(reviewer)
    event = make.event("Draft title", status=Status.DRAFT)
    draft_version = event.history.latest()
    event.status = Status.PUBLISHED
    event.title = "Published title"
    event.save()
    url = reverse("admin:incidents_event_simple_history", args=(event.pk, draft_version.history_id))
    data = form_data(client.get(url), "historicalevent_form")
    assert data["status"] == Status.PUBLISHED
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.status) == ("Draft title", Status.PUBLISHED)


def test_a_restore_over_a_newer_save_is_refused(editor_client, event, make):
    original = event.history.latest()
    edit(editor_client, event, title="Second title")
    url = reverse("admin:incidents_event_simple_history", args=(event.pk, original.history_id))
    data = form_data(editor_client.get(url), "historicalevent_form")
    edit(editor_client, event, title="Third title")  # someone saves meanwhile
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    event.refresh_from_db()
    assert event.title == "Third title"


def test_a_deleted_event_is_recovered_with_its_parts_as_a_draft(make, django_user_model):
    reviewer = factories.staff_user(django_user_model, "reviewer", groups=("Reviewers",))
    client = Client()
    client.force_login(reviewer)
    speaker = make.actor("Maria Zakharova")
    event = make.event("Deleted by mistake", status=Status.PUBLISHED, actors=[(speaker, "target")])
    make.statement(event, speaker, "A quote.")
    event_id = event.pk
    response = client.post(
        reverse("admin:incidents_event_delete", args=(event_id,)), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event_id).exists()

    listing = client.get(reverse("admin:incidents_event_deleted")).content.decode()
    assert "Deleted by mistake" in listing
    record = Event.history.filter(id=event_id, history_type="-").get()
    response = client.post(
        reverse("admin:incidents_event_deleted"), {"history_id": record.history_id}, follow=True
    )
    assert "Restored “" in response.content.decode()
    assert "with 3 of its actor roles, sources and statements, as a draft" in (
        response.content.decode()
    )
    restored = Event.objects.get(pk=event_id)
    assert restored.status == Status.DRAFT
    assert EventActor.objects.filter(event=restored).count() == 1
    assert EventSource.objects.filter(event=restored).count() == 1
    assert Statement.objects.get(event=restored).text == "A quote."
    # The deletion and the recovery are one line each in the event's edit log.
    deleted, recovered = restored.revisions.order_by("-pk")[1], restored.revisions.latest("pk")
    assert (
        deleted.summary
        == "Deleted; 1 actor role removed; 1 source link removed; 1 statement removed"
    )
    assert recovered.summary.startswith("Restored after deletion on ")
    assert (
        "Deleted by mistake"
        not in client.get(reverse("admin:incidents_event_deleted")).content.decode()
    )


def test_a_deleted_statement_is_recovered(editor_client, event):
    statement = event.statements.get()
    statement_id = statement.pk
    statement.delete()
    record = Statement.history.filter(id=statement_id, history_type="-").get()
    url = reverse("admin:incidents_statement_deleted")
    assert "Japan will answer for this." in editor_client.get(url).content.decode()
    editor_client.post(url, {"history_id": record.history_id})
    assert Statement.objects.filter(pk=statement_id, text="Japan will answer for this.").exists()


def test_a_statement_whose_event_is_gone_says_to_restore_the_event_first(editor_client, event):
    statement_id = event.statements.get().pk
    event.delete()
    record = Statement.history.filter(id=statement_id, history_type="-").get()
    response = editor_client.post(
        reverse("admin:incidents_statement_deleted"),
        {"history_id": record.history_id},
        follow=True,
    )
    assert "no longer exists" in response.content.decode()
    assert "Restore those first" in response.content.decode()
    assert not Statement.objects.filter(pk=statement_id).exists()


def test_bad_history_addresses_are_not_found(editor_client, event):
    assert editor_client.get("/admin/incidents/event/abc/history/").status_code == 404
    assert editor_client.get(f"/admin/incidents/event/{event.pk}/history/x/").status_code == 404
    response = editor_client.post(
        reverse("admin:incidents_event_deleted"), {"history_id": "nope"}, follow=True
    )
    assert "No such deleted record." in response.content.decode()


def test_the_edit_log_pages_in_bounded_queries(editor_client, event, django_assert_max_num_queries):
    for n in range(60):
        with transaction.atomic():
            event.summary = f"Summary, version {n}."
            event.save()
    with django_assert_max_num_queries(12):
        html = history_page(editor_client, event)
    count = event.revisions.count()
    assert count > 60 and "Page 1 of 2" in html and f"{count} revisions" in html
    url = reverse("admin:incidents_event_history", args=(event.pk,))
    assert "Page 2 of 2" in editor_client.get(url, {"p": 2}).content.decode()


def test_records_older_than_revisions_are_grouped_by_user_and_second(editor_client, event):
    # As migration 0013 leaves the history it finds: no revision on any record.
    for model in (Event, EventActor, EventSource, Statement):
        model.history.update(revision=None)
    Revision.objects.all().delete()
    html = history_page(editor_client, event)
    assert "before revisions: records of one user in one second" in html
    assert "Created" in html
