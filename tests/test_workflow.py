"""Draft → review → published: the publishing rules hold on every path (admin form, bulk
actions, domain functions, plain save() in the shell)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from incidents import publishing
from incidents.models import Event, EventSource, Source, Statement, Status
from tests.adminform import form_data

pytestmark = pytest.mark.django_db


def run_action(client, action: str, *events: Event) -> str:
    response = client.post(
        reverse("admin:incidents_event_changelist"),
        {"action": action, "_selected_action": [event.pk for event in events]},
        follow=True,
    )
    return response.content.decode()


def change_url(event: Event) -> str:
    return reverse("admin:incidents_event_change", args=(event.pk,))


# --- The rules ------------------------------------------------------------------------------


def test_an_event_without_sources_cannot_be_published_from_the_shell(make):
    event = make.event("Unsourced", status=Status.DRAFT, with_source=False)
    event.status = Status.PUBLISHED
    with pytest.raises(publishing.PublicationRefused, match="at least one source"):
        event.save()
    assert Event.objects.get(pk=event.pk).status == Status.DRAFT


def test_an_event_cannot_be_created_published(make):
    event = Event(title="Born public", slug="born-public", summary="x", status=Status.PUBLISHED)
    event.event_type = make.event(status=Status.DRAFT).event_type
    event.set_date("2023-05")
    with pytest.raises(publishing.PublicationRefused):
        event.save()
    assert not Event.objects.filter(slug="born-public").exists()


def test_a_statements_source_is_linked_to_its_event_automatically(make):
    event = make.event(status=Status.DRAFT)
    other = make.source(title="A second article")
    statement = make.statement(event, make.actor(), "We protest.", source=other)
    link = EventSource.objects.get(event=event, source=other)
    assert link.position == 1  # after the existing primary source
    assert "automatically" in link.note
    assert statement.source == other
    assert publishing.publication_problems(event) == []


def test_a_statement_source_that_is_not_linked_is_reported(make):
    event = make.event(status=Status.DRAFT)
    statement = make.statement(event, make.actor("Zakharova"), "We protest.")
    other = make.source(title="Unlinked article")
    Statement.objects.filter(pk=statement.pk).update(source=other)  # around the auto-link
    problems = publishing.publication_problems(event)
    assert problems == [
        "The statement by Zakharova is taken from “Unlinked article”, which is not among the "
        "event’s sources."
    ]


def test_a_source_cannot_get_a_non_http_link_by_any_path(make):
    """The rule also checks the sources' links; the model and the database already refuse."""
    event = make.event(status=Status.REVIEW)
    source = event.source_links.get().source
    source.url = "javascript:alert(1)"
    with pytest.raises(ValidationError, match="Only http"):
        source.save()
    for field in ("url", "archive_url"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.filter(pk=source.pk).update(**{field: "javascript:alert(1)"})
    assert publishing.publication_problems(event) == []


def test_inconsistent_date_bounds_block_publication(make, reviewer):
    event = make.event(status=Status.REVIEW, date="2023-05")
    event.date_upper = event.date_lower  # a month cannot end on its first day
    assert any("precision" in problem for problem in publishing.publication_problems(event))
    event.refresh_from_db()
    event.end_date = event.date_lower.replace(year=2022)
    assert "The end date is before the date." in publishing.publication_problems(event)


def test_the_last_source_of_a_published_event_cannot_be_removed(make):
    event = make.event(status=Status.PUBLISHED)
    # A refused change, like a database error, spoils the transaction it happens in.
    refused = pytest.raises(publishing.PublicationRefused, match="cannot lose this source")
    with refused, transaction.atomic():
        event.source_links.get().delete()
    with pytest.raises(publishing.PublicationRefused), transaction.atomic():
        EventSource.objects.filter(event=event).delete()
    assert event.source_links.count() == 1


def test_a_source_a_statement_relies_on_stays_linked_to_a_published_event(make):
    first, second = make.source(), make.source()
    event = make.event(status=Status.PUBLISHED, sources=[first, second])
    make.statement(event, make.actor(), "Quoted.", source=second)
    refused = pytest.raises(publishing.PublicationRefused, match="not among the event’s sources")
    with refused, transaction.atomic():
        event.source_links.get(source=second).delete()
    link = event.source_links.get(source=second)
    link.source = make.source()
    refused = pytest.raises(publishing.PublicationRefused, match="statements are taken from")
    with refused, transaction.atomic():
        link.save()
    event.source_links.get(source=first).delete()  # an unused, non-last source may go
    assert event.source_links.count() == 1


def test_deleting_a_published_event_takes_its_links_with_it(make):
    event = make.event(status=Status.PUBLISHED)
    event.delete()
    assert not EventSource.objects.exists()


# --- Status changes in the admin -------------------------------------------------------------


def test_bulk_actions_report_how_many_changed_and_refuse_unpublishable_events(
    reviewer_client, make
):
    good = make.event("Sourced", status=Status.REVIEW)
    bad = make.event("Unsourced", status=Status.REVIEW, with_source=False)
    done = make.event("Already out", status=Status.PUBLISHED)
    page = run_action(reviewer_client, "publish_events", good, bad, done)
    assert "Published “Sourced”." in page
    assert "Already published: “Already out”." in page
    assert "“Unsourced” was not published: A published event needs at least one source" in page
    statuses = dict(Event.objects.values_list("title", "status"))
    assert statuses == {
        "Sourced": Status.PUBLISHED,
        "Unsourced": Status.REVIEW,
        "Already out": Status.PUBLISHED,
    }


def test_editors_send_to_review_and_back_in_bulk(editor_client, make):
    drafts = [make.event(f"Draft {n}", status=Status.DRAFT) for n in range(3)]
    page = run_action(editor_client, "send_to_review", *drafts)
    assert "Sent 3 events (“Draft 0”, “Draft 1”, “Draft 2”) to review." in page
    assert set(Event.objects.values_list("status", flat=True)) == {Status.REVIEW}
    page = run_action(editor_client, "return_to_draft", *drafts[:2])
    assert "Returned 2 events (“Draft 0”, “Draft 1”) to draft." in page
    assert Event.objects.filter(status=Status.DRAFT).count() == 2


def test_publishing_from_the_form_without_a_source_is_refused_and_nothing_is_lost(
    reviewer_client, make
):
    event = make.event("Unsourced", status=Status.REVIEW, with_source=False)
    data = form_data(reviewer_client.get(change_url(event)), "event_form")
    data.update(status=Status.PUBLISHED, summary="A better summary the reviewer typed.")
    response = reviewer_client.post(change_url(event), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A published event needs at least one source" in page
    assert "A better summary the reviewer typed." in page  # still in the form
    event.refresh_from_db()
    assert event.status == Status.REVIEW
    assert event.summary != "A better summary the reviewer typed."  # all or nothing


def test_a_reviewer_creates_and_publishes_an_event_with_its_source_in_one_save(
    reviewer_client, reviewer, make
):
    source = make.source(title="Yomiuri report")
    event_type = make.event(status=Status.DRAFT).event_type
    data = form_data(reviewer_client.get(reverse("admin:incidents_event_add")), "event_form")
    data.update(
        {
            "title": "Russia summons Japan's ambassador",
            "slug": "russia-summons-japans-ambassador",
            "summary": "Moscow summoned the ambassador.",
            "event_type": str(event_type.pk),
            "date_lower": "2023-06-09",
            "date_precision": "day",
            "status": Status.PUBLISHED,
            "source_links-0-source": str(source.pk),
        }
    )
    response = reviewer_client.post(reverse("admin:incidents_event_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(slug="russia-summons-japans-ambassador")
    assert event.status == Status.PUBLISHED
    assert event.published_by == reviewer
    assert list(event.source_links.values_list("source__title", flat=True)) == ["Yomiuri report"]


def test_a_reviewer_removing_the_last_source_of_a_published_event_is_refused(reviewer_client, make):
    event = make.event(status=Status.PUBLISHED)
    data = form_data(reviewer_client.get(change_url(event)), "event_form")
    data["source_links-0-DELETE"] = "on"
    response = reviewer_client.post(change_url(event), data)
    assert response.status_code == 200
    assert "is published and cannot lose this source" in response.content.decode()
    assert event.source_links.count() == 1


def test_a_reviewer_may_unpublish_and_strip_sources_in_one_save(reviewer_client, make):
    event = make.event(status=Status.PUBLISHED)
    data = form_data(reviewer_client.get(change_url(event)), "event_form")
    data["source_links-0-DELETE"] = "on"
    data["status"] = Status.DRAFT
    assert reviewer_client.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.status == Status.DRAFT
    assert not event.source_links.exists()


def test_an_editor_moves_an_event_from_draft_to_review_in_the_form(editor_client, make):
    event = make.event(status=Status.DRAFT)
    data = form_data(editor_client.get(change_url(event)), "event_form")
    data["status"] = Status.REVIEW
    assert editor_client.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.status == Status.REVIEW
    assert event.history.latest().history_user.username == "editor"


def test_statement_added_in_the_event_form_links_its_source(reviewer_client, make):
    event = make.event(status=Status.PUBLISHED)
    other = make.source(title="A second article")
    speaker = make.actor("Maria Zakharova")
    data = form_data(reviewer_client.get(change_url(event)), "event_form")
    data.update(
        {
            "statements-TOTAL_FORMS": "1",
            "statements-0-speaker": str(speaker.pk),
            "statements-0-text": "Japan will answer for this.",
            "statements-0-kind": "quote",
            "statements-0-language": "en",
            "statements-0-source": str(other.pk),
        }
    )
    assert reviewer_client.post(change_url(event), data).status_code == 302
    assert event.source_links.filter(source=other).exists()
    assert publishing.publication_problems(event) == []


# --- Publishing a response before its cause (or a cause before its responses) ---------------


@pytest.fixture
def drill_and_protest(make):
    """A protest (in review) answering a drill that is still in review too."""
    drill = make.event("Drill near Hokkaido", status=Status.REVIEW)
    protest = make.event("Japan protests the drill", status=Status.REVIEW)
    protest.responds_to.add(drill)
    return drill, protest


def admin_link(event: Event) -> str:
    return f'href="{change_url(event)}"'


def test_publishing_a_response_from_the_form_names_its_unpublished_cause(
    reviewer_client, drill_and_protest
):
    drill, protest = drill_and_protest
    data = form_data(reviewer_client.get(change_url(protest)), "event_form")
    data["status"] = Status.PUBLISHED
    page = reviewer_client.post(change_url(protest), data, follow=True).content.decode()
    protest.refresh_from_db()
    assert protest.status == Status.PUBLISHED
    assert "responds to events that are not published" in page
    assert admin_link(drill) in page
    assert "Drill near Hokkaido" in page


def test_publishing_a_cause_with_the_action_names_its_unpublished_responses(
    reviewer_client, drill_and_protest
):
    drill, protest = drill_and_protest
    Event.objects.filter(pk=protest.pk).update(status=Status.DRAFT)
    page = run_action(reviewer_client, "publish_events", drill)
    assert f"Published “{drill.title}”." in page
    assert "has responses that are not published" in page
    assert admin_link(protest) in page
    assert "(draft)" in page


def test_no_warning_when_the_related_events_are_published(
    reviewer_client, reviewer, drill_and_protest
):
    drill, protest = drill_and_protest
    publishing.publish(drill, reviewer)
    page = run_action(reviewer_client, "publish_events", protest)
    assert f"Published “{protest.title}”." in page
    assert "not published" not in page


def test_the_public_page_says_nothing_of_an_unpublished_cause(client, reviewer, drill_and_protest):
    drill, protest = drill_and_protest
    publishing.publish(protest, reviewer)
    page = client.get(protest.get_absolute_url()).content.decode()
    assert "Drill near Hokkaido" not in page
    assert drill.slug not in page
    assert "None recorded" not in page  # it is recorded, just not public
