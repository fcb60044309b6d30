"""Restoring a whole revision: the event with its actor roles, source links and statements
comes back as it was, after a preview of what will change, as one new revision."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from incidents import proposals
from incidents.models import Event, Proposal, Revision, Status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make):
    speaker = make.actor("Maria Zakharova")
    event = make.event("Russia protests the drills", status=Status.DRAFT)
    with transaction.atomic():
        make.statement(event, speaker, "The drills threaten the region.")
    return event


def restore_url(event: Event, revision: Revision) -> str:
    return reverse("admin:incidents_event_history_restore", args=(event.pk, f"r{revision.pk}"))


def later_edit(event: Event, editor) -> None:
    """A later save that changes the title, rewrites the statement and adds another."""
    with transaction.atomic():
        event.title = "Russia protests the exercises"
        event._history_user = editor
        event.save()
        statement = event.statements.get()
        statement.text = "The exercises are a provocation."
        statement._history_user = editor
        statement.save()
        factories.statement(event, statement.speaker, "Moscow will respond.")


def test_the_preview_shows_what_a_restore_will_change(editor_client, editor, event):
    good = Revision.objects.of_event(event.pk).order_by("-pk").first()
    later_edit(event, editor)
    response = editor_client.get(restore_url(event, good))
    html = response.content.decode()
    assert response.status_code == 200
    assert "What restoring this revision will change" in html
    assert "Russia protests the exercises" in html and "Russia protests the drills" in html
    assert "The exercises are a provocation." in html
    assert "Moscow will respond." in html  # a statement added since: removed by the restore
    assert "Restore this revision" in html
    event.refresh_from_db()
    assert event.title == "Russia protests the exercises"  # a preview changes nothing


def test_restoring_brings_back_the_event_and_its_rows_as_one_revision(editor_client, editor, event):
    good = Revision.objects.of_event(event.pk).order_by("-pk").first()
    later_edit(event, editor)
    response = editor_client.post(restore_url(event, good), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:incidents_event_change", args=(event.pk,)
    )
    event.refresh_from_db()
    assert event.title == "Russia protests the drills"
    assert list(event.statements.values_list("text", flat=True)) == [
        "The drills threaten the region."
    ]
    restore = Revision.objects.of_event(event.pk).order_by("-pk").first()
    assert restore.summary.startswith("Restored revision of ")
    assert restore.summary.endswith(f"by {good.user or 'someone'}")
    assert restore.user == editor
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"{restore.summary}."]


def test_an_editors_restore_of_a_published_event_is_a_proposal(
    editor_client, editor, reviewer, make
):
    event = make.event("Entry ban on journalists", status=Status.PUBLISHED)
    good = Revision.objects.of_event(event.pk).order_by("-pk").first()
    with transaction.atomic():
        event.title = "Entry ban on seven journalists"
        event.save()
    page = editor_client.get(restore_url(event, good)).content.decode()
    assert "Propose this restore" in page
    response = editor_client.post(restore_url(event, good), follow=True)
    proposal = Proposal.objects.pending().get()
    assert response.redirect_chain[-1][0] == proposal.get_admin_url()
    assert f"correction #{proposal.pk}" in response.content.decode()
    assert proposal.created_by == editor and proposal.note.startswith("Restore of the revision")
    event.refresh_from_db()
    assert event.title == "Entry ban on seven journalists"  # the live version is unchanged

    # A second restore while it waits is refused, with why.
    page = editor_client.get(restore_url(event, good)).content.decode()
    assert f"Your correction of this event (#{proposal.pk}) is waiting" in page
    assert "Propose this restore" not in page
    assert editor_client.post(restore_url(event, good)).status_code == 403

    proposals.approve(proposal, reviewer)
    event.refresh_from_db()
    assert (event.title, event.status) == ("Entry ban on journalists", Status.PUBLISHED)


def test_a_reviewer_restores_a_published_event_keeping_it_published(make, django_user_model):
    reviewer = factories.staff_user(django_user_model, "reviewer", groups=("Reviewers",))
    client = Client()
    client.force_login(reviewer)
    event = make.event("Drafted headline", status=Status.DRAFT)
    draft = Revision.objects.of_event(event.pk).order_by("-pk").first()
    with transaction.atomic():
        event.title = "Published headline"
        event.slug = "published-headline"
        event.status = Status.PUBLISHED
        event.save()
    assert client.post(restore_url(event, draft)).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.status, event.slug) == (
        "Drafted headline",
        Status.PUBLISHED,
        "published-headline",  # its permanent link stays
    )


def test_an_unknown_revision_is_a_404(editor_client, event, make):
    other = make.event("Another event", status=Status.DRAFT)
    foreign = Revision.objects.of_event(other.pk).first()
    assert editor_client.get(restore_url(event, foreign)).status_code == 404
    url = reverse("admin:incidents_event_history_restore", args=(event.pk, "nonsense"))
    assert editor_client.get(url).status_code == 404
    url = reverse("admin:incidents_event_history_compare", args=(event.pk,))
    assert editor_client.get(url, {"old": "r999999"}).status_code == 404


def test_a_restore_that_would_break_a_publishing_rule_changes_nothing(reviewer_client, make):
    event = make.event("Published with one source", status=Status.PUBLISHED)
    created = Revision.objects.of_event(event.pk).order_by("pk").first()  # before its source
    assert created.summary == "Created"
    response = reviewer_client.post(restore_url(event, created), follow=True)
    html = response.content.decode()
    assert "Not restored:" in html
    event.refresh_from_db()
    assert event.source_links.count() == 1 and event.status == Status.PUBLISHED
    assert not Revision.objects.filter(summary__startswith="Restored").exists()
