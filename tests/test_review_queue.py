"""A reviewer's day starts at the review queue: on the admin index and on its own page, the
events waiting longest first, who sent them and why, and linked events side by side."""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import proposals, publishing, snapshots
from incidents.models import Event, Proposal, Status
from tests.adminform import form_data

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:review_queue")
INDEX = reverse("admin:index")


def sent(event: Event, by, days_ago: int, note: str = "") -> Event:
    """``event`` sent to review by ``by``, ``days_ago`` days ago, with ``note``."""
    publishing.send_to_review(event, by)
    Event.objects.filter(pk=event.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=days_ago), review_note=note
    )
    return event


def titles_in_order(page: str, titles: list[str]) -> list[str]:
    """``titles`` in the order the page shows them."""
    return sorted(titles, key=page.index)


def test_the_queue_lists_events_in_review_oldest_first_with_note_and_sender(
    reviewer_client, editor, make
):
    sent(make.event("Newest threat", status=Status.DRAFT), editor, 1, "Check the translation.")
    sent(make.event("Oldest threat", status=Status.DRAFT), editor, 9, "Second source missing.")
    sent(make.event("Middle threat", status=Status.DRAFT), editor, 4)
    make.event("A draft nobody sent", status=Status.DRAFT)
    make.event("Already public", status=Status.PUBLISHED)
    page = reviewer_client.get(QUEUE).content.decode()
    assert titles_in_order(page, ["Newest threat", "Oldest threat", "Middle threat"]) == [
        "Oldest threat",
        "Middle threat",
        "Newest threat",
    ]
    assert "A draft nobody sent" not in page
    assert "Already public" not in page
    assert "Second source missing." in page
    assert "Check the translation." in page
    assert "1\xa0week, 2\xa0days ago" in page
    assert page.count(">editor<") == 3  # who sent each


def test_the_queue_counts_events_per_status(reviewer_client, make):
    for n in range(2):
        make.event(f"Draft {n}", status=Status.DRAFT)
    make.event("Waiting", status=Status.REVIEW)
    for n in range(3):
        make.event(f"Public {n}", status=Status.PUBLISHED)
    page = reviewer_client.get(QUEUE).content.decode()
    counts = dict(
        (label, int(count))
        for count, label in re.findall(r"<strong>(\d+)</strong> ([a-z ]+)</a>", page)
    )
    assert counts == {"draft": 2, "in review": 1, "published": 3, "corrections waiting": 0}
    assert f"{reverse('admin:incidents_event_changelist')}?status__exact=review" in page


def test_each_waiting_event_links_to_its_form_and_its_preview(reviewer_client, make):
    event = make.event("Waiting", status=Status.REVIEW)
    page = reviewer_client.get(QUEUE).content.decode()
    assert reverse("admin:incidents_event_change", args=(event.pk,)) in page
    assert f'href="{event.get_absolute_url()}">Preview</a>' in page


def test_a_cause_and_its_response_waiting_are_listed_together(reviewer_client, editor, make):
    drill = sent(make.event("Drill near Hokkaido", status=Status.DRAFT), editor, 10)
    sent(make.event("Unrelated summons", status=Status.DRAFT), editor, 6)
    protest = sent(make.event("Protest over the drill", status=Status.DRAFT), editor, 2)
    protest.responds_to.add(drill)
    draft_reply = make.event("Reply still a draft", status=Status.DRAFT)
    draft_reply.responds_to.add(protest)
    page = reviewer_client.get(QUEUE).content.decode()
    order = titles_in_order(
        page, ["Drill near Hokkaido", "Unrelated summons", "Protest over the drill"]
    )
    assert order == ["Drill near Hokkaido", "Protest over the drill", "Unrelated summons"]
    assert 'class="review-linked"' in page
    # Unpublished causes and responses are named, with their status.
    assert "Answered by" in page and "Reply still a draft" in page and "(draft)" in page
    assert "Responds to" in page


def test_the_admin_index_shows_the_queue_above_the_models(reviewer_client, editor, make):
    for n in range(7):
        sent(make.event(f"Waiting {n}", status=Status.DRAFT), editor, 10 - n)
    page = reviewer_client.get(INDEX).content.decode()
    assert page.index("Review queue") < page.index("Incident record")
    assert "Waiting 0" in page and "Waiting 4" in page
    assert "Waiting 6" not in page  # the five longest waiting only
    assert "All 7 events waiting" in page
    assert QUEUE in page


def test_the_index_says_when_nothing_waits(reviewer_client, make):
    make.event(status=Status.PUBLISHED)
    page = reviewer_client.get(INDEX).content.decode()
    assert "Nothing is waiting for review." in page


def test_an_editor_sees_the_queue_too(editor_client, make):
    make.event("Waiting", status=Status.REVIEW)
    assert "Waiting" in editor_client.get(QUEUE).content.decode()


def test_the_queue_needs_a_staff_login(client, django_user_model):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    outsider = django_user_model.objects.create_user("staff", is_staff=True)
    client.force_login(outsider)
    assert client.get(QUEUE).status_code == 403
    assert "Review queue" not in client.get(INDEX).content.decode()


def test_the_queue_costs_the_same_few_queries_however_long_it_is(
    reviewer_client, editor, make, django_assert_max_num_queries
):
    def fill(count: int) -> None:
        for _ in range(count):
            event = sent(make.event(status=Status.DRAFT), editor, 3, "note")
            event.responds_to.add(make.event(status=Status.DRAFT))

    fill(2)
    reviewer_client.get(QUEUE)  # session, permissions and content types warm
    fill(30)
    for n in range(10):
        correct(make.event(f"Public {n}"), editor, title=f"Corrected {n}")
        correct(make.actor(f"Actor {n}"), editor, name_ru=f"Актор {n}")
    with django_assert_max_num_queries(12):
        page = reviewer_client.get(QUEUE).content.decode()
    assert "Waiting for review (32)" in page
    assert "Corrections waiting (20)" in page
    with django_assert_max_num_queries(14):
        reviewer_client.get(INDEX)


def test_restoring_an_older_version_keeps_who_sent_the_event_to_review(
    reviewer_client, editor, make
):
    event = make.event("First title", status=Status.DRAFT)
    before_review = event.history.latest()
    sent(make_title(event, "Second title"), editor, 5, "Ready for a look.")
    event.refresh_from_db()
    waiting_since = event.submitted_at
    url = reverse("admin:incidents_event_simple_history", args=(event.pk, before_review.history_id))
    data = form_data(reviewer_client.get(url), "historicalevent_form")
    assert reviewer_client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.title == "First title"
    assert (event.status, event.submitted_by, event.submitted_at) == (
        Status.REVIEW,
        editor,
        waiting_since,
    )


def make_title(event: Event, title: str) -> Event:
    event.title = title
    event.save()
    return event


def test_an_event_put_in_review_without_the_workflow_waits_from_then(make):
    event = make.event("Loaded in review", status=Status.REVIEW)  # a plain save, as load_seed
    assert event.submitted_at is not None
    assert event.submitted_by is None


def test_the_index_says_how_many_linked_events_are_not_published(reviewer_client, editor, make):
    event = sent(make.event("Waiting with links", status=Status.DRAFT), editor, 2)
    for n in range(2):
        make.event(f"Draft answer {n}", status=Status.DRAFT).responds_to.add(event)
    page = reviewer_client.get(INDEX).content.decode()
    assert "2 linked events not published" in page


# --- Corrections waiting ----------------------------------------------------------------------


def correct(target, editor, note: str = "", **changes) -> Proposal:
    """A correction of a published event (its fields) or of an actor, proposed by ``editor``."""
    if isinstance(target, Event):
        base = snapshots.snapshot(target)
        proposed = copy.deepcopy(base)
        proposed["event"].update(changes)
        token = str(target.version)
    else:
        base = snapshots.values(target)
        proposed, token = {**base, **changes}, ""
    return proposals.propose(target, proposed, base, token, editor, note)


def test_corrections_waiting_are_listed_oldest_first_with_links_to_their_diff(
    reviewer_client, reviewer, editor, make
):
    event = make.event("Japan protests a drill")
    actor = make.actor("Maria Zakharova")
    older = correct(event, editor, "The drill was naval.", title="Japan protests a naval drill")
    newer = correct(actor, editor, name_ru="Мария Захарова")
    Proposal.objects.filter(pk=older.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    decided = correct(make.event("Already decided"), editor, title="Other title")
    proposals.send_back(decided, reviewer, "Not supported by the source.")
    page = reviewer_client.get(QUEUE).content.decode()
    assert "Corrections waiting (2)" in page
    assert titles_in_order(page, ["Maria Zakharova", "Japan protests a drill"]) == [
        "Japan protests a drill",
        "Maria Zakharova",
    ]
    assert older.get_admin_url() in page and newer.get_admin_url() in page
    assert "The drill was naval." in page
    assert "Proposed by editor, 3\xa0days ago" in re.sub(r"<[^>]+>", "", page)
    assert f'href="{event.get_absolute_url()}">Live page</a>' in page
    assert "Already decided" not in page
    assert re.search(r"<strong>2</strong> corrections waiting", page)


def test_the_index_shows_corrections_waiting_too(reviewer_client, editor, make):
    correct(make.event("Japan protests a drill"), editor, title="Japan protests a naval drill")
    page = reviewer_client.get(INDEX).content.decode()
    assert "Corrections waiting (1)" in page
    assert "Correction of event “Japan protests a drill”" in page
    assert "Nothing is waiting for review." not in page


def test_the_migration_dates_events_already_waiting_from_their_history(editor, make):
    """Events sent to review before the queue recorded it: when their history last entered
    review, and by whom (migration 0012)."""
    from django.apps import apps

    backfill = importlib.import_module("incidents.migrations.0012_event_submitted_for_review")
    event = make.event("Waiting since before", status=Status.DRAFT)
    event.title = "Edited while a draft"
    event.save()
    event._history_user = editor
    event.status = Status.REVIEW
    event.save()
    entered = event.history.latest()
    event.title = "Edited in review"
    event.save()
    draft = make.event("Never sent", status=Status.DRAFT)
    Event.objects.update(submitted_at=None, submitted_by=None)
    backfill.date_waiting_events(apps, None)
    event.refresh_from_db()
    assert (event.submitted_at, event.submitted_by) == (entered.history_date, editor)
    assert Event.objects.get(pk=draft.pk).submitted_at is None
