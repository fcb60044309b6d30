"""Who may publish: editors never, by any path; reviewers do, and it is recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from incidents import publishing
from incidents.models import Event, Status
from tests.adminform import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(make):
    """A sourced event waiting in review."""
    return make.event("Russia summons Japan's ambassador", status=Status.REVIEW)


def change_url(event: Event) -> str:
    return reverse("admin:incidents_event_change", args=(event.pk,))


def run_action(client, action: str, *events: Event):
    return client.post(
        reverse("admin:incidents_event_changelist"),
        {"action": action, "_selected_action": [event.pk for event in events]},
        follow=True,
    )


# --- The groups -----------------------------------------------------------------------------


def test_the_groups_have_exactly_the_permissions_their_work_needs():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reviewers = set(
        Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True)
    )
    assert "publish_event" not in editors
    # Reviewers publish; and the gazetteer is shared by every event, so only they delete a
    # place (migration 0018).
    assert reviewers - editors == {"publish_event", "delete_place"}
    for model in ("actor", "event", "source", "statement", "eventactor", "eventsource"):
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= editors
    assert "view_eventtype" in editors
    assert not {"add_eventtype", "change_eventtype", "delete_eventtype"} & editors
    assert not any(codename.endswith("_user") or "group" in codename for codename in reviewers)


def test_the_demo_and_test_accounts_get_their_rights_from_the_groups(editor, reviewer):
    assert editor.groups.filter(name="Editors").exists()
    assert not editor.user_permissions.exists()
    assert not publishing.can_publish(editor)
    assert publishing.can_publish(reviewer)


# --- Editors cannot publish by any path ------------------------------------------------------


def test_editors_are_not_offered_published_in_the_status_list(editor_client, ready):
    page = editor_client.get(change_url(ready)).content.decode()
    assert '<option value="review" selected>' in page
    assert 'value="published"' not in page


def test_an_editor_posting_status_published_is_refused(editor_client, ready):
    data = form_data(editor_client.get(change_url(ready)), "event_form")
    data["status"] = Status.PUBLISHED
    response = editor_client.post(change_url(ready), data)
    assert response.status_code == 200
    assert "Only reviewers can publish events" in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.REVIEW
    assert ready.published_at is None


def test_an_editor_creating_an_event_as_published_is_refused(editor_client, make):
    response = editor_client.get(reverse("admin:incidents_event_add"))
    data = form_data(response, "event_form")
    data.update(
        title="Drill near Hokkaido",
        slug="drill-near-hokkaido",
        summary="Ships exercised.",
        event_type=str(make.event(status=Status.DRAFT).event_type_id),
        date_lower="2023-06-09",
        date_precision="day",
        status=Status.PUBLISHED,
    )
    response = editor_client.post(reverse("admin:incidents_event_add"), data)
    assert "Only reviewers can publish events" in response.content.decode()
    assert not Event.objects.filter(slug="drill-near-hokkaido").exists()


def test_the_publish_action_is_not_offered_to_editors(editor_client, ready):
    page = editor_client.get(reverse("admin:incidents_event_changelist")).content.decode()
    assert 'value="send_to_review"' in page
    assert 'value="publish_events"' not in page


def test_an_editor_posting_the_publish_action_anyway_publishes_nothing(editor_client, ready):
    run_action(editor_client, "publish_events", ready)
    ready.refresh_from_db()
    assert ready.status == Status.REVIEW


def test_an_editor_cannot_unpublish_with_the_draft_action(editor_client, make):
    published = make.event("Published", status=Status.PUBLISHED)
    response = run_action(editor_client, "return_to_draft", published)
    assert "was not returned to draft: Only reviewers can unpublish events." in (
        response.content.decode()
    )
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED


def test_the_domain_functions_refuse_editors(editor, ready, make):
    with pytest.raises(PermissionDenied):
        publishing.publish(ready, editor)
    published = make.event(status=Status.PUBLISHED)
    with pytest.raises(PermissionDenied):
        publishing.unpublish(published, editor)
    with pytest.raises(PermissionDenied):
        publishing.send_to_review(published, editor)
    ready.refresh_from_db()
    published.refresh_from_db()
    assert (ready.status, published.status) == (Status.REVIEW, Status.PUBLISHED)


def test_an_editors_save_of_a_published_event_is_a_proposal_not_a_change(editor_client, make):
    from incidents.models import Proposal
    from tests.adminform import form_data

    published = make.event("Published", status=Status.PUBLISHED)
    page = editor_client.get(change_url(published)).content.decode()
    assert "Propose correction" in page
    data = form_data(editor_client.get(change_url(published)), "event_form")
    data.update({"title": "Edited by an editor", "status": Status.DRAFT})
    assert editor_client.post(change_url(published), data).status_code == 302
    published.refresh_from_db()
    assert (published.title, published.status) == ("Published", Status.PUBLISHED)
    proposal = Proposal.objects.pending().of(published).get()
    assert proposal.proposed["event"]["title"] == "Edited by an editor"
    assert proposal.proposed["event"]["status"] == Status.PUBLISHED  # never unpublishes


def test_editors_cannot_restore_an_old_version_over_a_published_event(editor_client, make):
    event = make.event("Old title", status=Status.PUBLISHED)
    old = event.history.earliest()
    event.title = "New title"
    event.save()
    url = reverse("admin:incidents_event_simple_history", args=(event.pk, old.history_id))
    assert editor_client.post(url, {"title": "Old title"}).status_code == 403
    event.refresh_from_db()
    assert event.title == "New title"


def test_editors_cannot_bulk_delete_published_events(editor_client, make):
    published = make.event(status=Status.PUBLISHED)
    response = editor_client.post(
        reverse("admin:incidents_event_changelist"),
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Event.objects.filter(pk=published.pk).exists()


def test_editors_cannot_add_statements_to_published_events_from_a_source_page(editor_client, make):
    published = make.event(status=Status.PUBLISHED)
    # A source no published event uses yet (one that is used is read-only for editors).
    source = make.source()
    speaker = make.actor("Maria Zakharova")
    url = reverse("admin:incidents_source_change", args=(source.pk,))
    data = form_data(editor_client.get(url), "source_form")
    data.update(
        {
            "statements-TOTAL_FORMS": "1",
            "statements-0-event": str(published.pk),
            "statements-0-speaker": str(speaker.pk),
            "statements-0-text": "Japan will answer for this.",
            "statements-0-kind": "quote",
            "statements-0-language": "en",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "is published: only a reviewer can change its statements" in (response.content.decode())
    assert not published.statements.exists()


# --- Reviewers publish, and it is recorded ----------------------------------------------------


def test_a_reviewer_publishes_with_the_action_and_who_and_when_are_recorded(
    reviewer_client, reviewer, ready
):
    response = run_action(reviewer_client, "publish_events", ready)
    assert "Published “Russia summons Japan&#x27;s ambassador”." in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.PUBLISHED
    assert ready.published_by == reviewer
    assert ready.published_at is not None
    assert ready.history.latest().history_user == reviewer


def test_a_reviewer_publishes_from_the_change_form(reviewer_client, reviewer, ready):
    data = form_data(reviewer_client.get(change_url(ready)), "event_form")
    assert 'value="published"' in reviewer_client.get(change_url(ready)).content.decode()
    data["status"] = Status.PUBLISHED
    response = reviewer_client.post(change_url(ready), data)
    assert response.status_code == 302
    ready.refresh_from_db()
    assert (ready.status, ready.published_by) == (Status.PUBLISHED, reviewer)


def test_a_reviewer_unpublishes_and_the_permalink_stays_locked(reviewer_client, reviewer, make):
    published = make.event(status=Status.PUBLISHED)
    response = run_action(reviewer_client, "return_to_draft", published)
    assert f"Returned “{published.title}” to draft." in response.content.decode()
    published.refresh_from_db()
    assert published.status == Status.DRAFT
    assert published.published_at is not None  # it was public once: the slug cannot change


def test_the_domain_functions_work_for_reviewers(reviewer, ready):
    assert publishing.publish(ready, reviewer) is True
    assert publishing.publish(ready, reviewer) is False  # already published
    assert publishing.unpublish(ready, reviewer) is True
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT
