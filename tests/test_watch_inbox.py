"""The editors' inbox of the source watch (watch/inbox.py, watch/confirm.py): what it shows,
and the one-step decisions: create a draft event, add a report to its recorded event,
dismiss with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Actor, Event, EventType, Status
from tests import factories
from watch.models import Candidate, Decision, WatchedSource, WatchItem

INBOX = reverse("admin:watch_candidate_changelist")


@pytest.fixture
def feed(db):
    return WatchedSource.objects.create(name="Test wire", url="https://wire.example/feed")


def candidate(feed, title: str, *, relevant=True, score=0.8, day=None, **fields) -> Candidate:
    """A candidate with one item, as a poll leaves it."""
    day = day or dt.date(2026, 11, 20)
    when = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
    row = Candidate.objects.create(
        title=title, relevant=relevant, score=score, date=day, latest_at=when, **fields
    )
    WatchItem.objects.create(
        source=feed,
        url=f"https://wire.example/{row.pk}",
        title=title,
        text=f"{title}. The ministry said so on Friday in a statement to reporters.",
        published_at=when,
        language="en",
        relevant=relevant,
        score=score,
        candidate=row,
    )
    return row


@pytest.fixture
def reviewer(db, django_user_model):
    return factories.staff_user(django_user_model, "reviewer", groups=("Reviewers",))


def test_inbox_shows_relevant_candidates_newest_first_and_hides_the_rest_behind_a_toggle(
    feed, editor_client, django_assert_max_num_queries
):
    candidate(feed, "Older summons", day=dt.date(2026, 11, 1))
    candidate(feed, "Newer protest", day=dt.date(2026, 11, 19))
    candidate(feed, "Tokyo stocks rise", relevant=False, score=0.1)
    with django_assert_max_num_queries(20):
        page = editor_client.get(INBOX).content.decode()
    assert page.index("Newer protest") < page.index("Older summons")
    assert "Tokyo stocks rise" not in page
    assert "Show 1 item below the relevance threshold" in page
    everything = editor_client.get(INBOX, {"all": "1"}).content.decode()
    assert everything.index("Older summons") < everything.index("Tokyo stocks rise")


def test_inbox_query_count_does_not_grow_with_the_page(
    feed, editor_client, django_assert_max_num_queries
):
    for n in range(25):
        candidate(feed, f"Summons number {n}")
    with django_assert_max_num_queries(20):
        response = editor_client.get(INBOX)
    assert response.content.decode().count('class="watch-card') == 20
    assert "Page 1 of 2" in response.content.decode()


def test_create_event_makes_a_prefilled_draft_and_lands_on_its_change_form(feed, editor_client):
    galuzin = factories.actor("Mikhail Galuzin")
    summons = EventType.objects.get(slug="summons")
    row = candidate(feed, "Japan summons Russian ambassador", event_type=summons)
    row.actors.add(galuzin)
    response = editor_client.post(reverse("admin:watch_candidate_create_event", args=[row.pk]))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:incidents_event_change", args=[event.pk])
    assert event.status == Status.DRAFT
    assert event.title == "Japan summons Russian ambassador"
    assert (event.date_lower, event.date_precision) == (dt.date(2026, 11, 20), "day")
    assert event.event_type == summons
    assert list(event.actor_roles.values_list("actor__name_en", flat=True)) == ["Mikhail Galuzin"]
    source = event.source_links.get().source
    assert source.url == "https://wire.example/" + str(row.pk)
    row.refresh_from_db()
    assert (row.state, row.event) == (Decision.CONFIRMED, event)
    assert row.items.get().state == Decision.CONFIRMED
    # Decided once: a second click changes nothing.
    editor_client.post(reverse("admin:watch_candidate_create_event", args=[row.pk]))
    assert Event.objects.count() == 1


def test_a_candidate_without_a_day_becomes_a_month_precision_event(feed, editor_client):
    row = candidate(feed, "Russia warns Japan")
    Candidate.objects.filter(pk=row.pk).update(date=None)
    editor_client.post(reverse("admin:watch_candidate_create_event", args=[row.pk]))
    event = Event.objects.get()
    assert event.date_precision == "month"
    assert event.event_type.slug == "other"


def test_another_report_of_a_recorded_event_is_added_as_its_source_in_one_step(
    feed, client, reviewer
):
    event = factories.event(title="Hayashi calls in Galuzin", status=Status.PUBLISHED)
    row = candidate(feed, "Hayashi summons Galuzin", duplicate_of=event)
    client.force_login(reviewer)
    page = client.get(INBOX).content.decode()
    assert "Another report of" in page and "Hayashi calls in Galuzin" in page
    client.post(reverse("admin:watch_candidate_add_to_event", args=[row.pk]))
    assert event.source_links.filter(source__url=f"https://wire.example/{row.pk}").exists()
    row.refresh_from_db()
    assert row.state == Decision.CONFIRMED


def test_an_editor_cannot_add_a_report_to_a_published_event(feed, editor_client):
    event = factories.event(title="Published already", status=Status.PUBLISHED)
    row = candidate(feed, "Another report", duplicate_of=event)
    response = editor_client.post(
        reverse("admin:watch_candidate_add_to_event", args=[row.pk]), follow=True
    )
    assert "only a reviewer" in response.content.decode()
    assert not event.source_links.filter(source__url__startswith="https://wire.example/").exists()
    row.refresh_from_db()
    assert row.state == Decision.NEW and row.items.get().imported_source is None


def test_dismiss_records_why_and_needs_a_reason(feed, editor_client):
    row = candidate(feed, "Volleyball friendly")
    url = reverse("admin:watch_candidate_dismiss", args=[row.pk])
    response = editor_client.post(url, {"reason": ""}, follow=True)
    assert "Choose why" in response.content.decode()
    row.refresh_from_db()
    assert row.state == Decision.NEW
    editor_client.post(url, {"reason": "not_incident", "note": "sport"})
    row.refresh_from_db()
    assert (row.state, row.dismiss_reason, row.dismiss_note) == (
        Decision.DISMISSED,
        "not_incident",
        "sport",
    )
    assert row.decided_by.username == "editor"
    assert f'id="candidate-{row.pk}"' not in editor_client.get(INBOX).content.decode()


def test_reviewers_see_the_share_of_dismissed_candidates_and_events_from_the_inbox(
    feed, client, reviewer, editor
):
    kept = candidate(feed, "Kept")
    candidate(feed, "Dropped", state=Decision.DISMISSED, dismiss_reason="not_incident")
    client.force_login(reviewer)
    client.post(reverse("admin:watch_candidate_create_event", args=[kept.pk]))
    factories.event(title="Recorded by hand")
    page = client.get(INBOX).content.decode()
    assert "Dismissed" in page and "1 (50 %)" in page
    assert "1 of 2 (50 %)" in page
    client.force_login(editor)
    assert "Events from the inbox" not in client.get(INBOX).content.decode()


def test_the_inbox_is_for_staff_with_the_watch_permissions(feed, client, django_user_model):
    assert client.get(INBOX).status_code == 302  # to the login page
    user = django_user_model.objects.create_user("plain", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(INBOX).status_code == 403
    row = candidate(feed, "Summons")
    assert client.post(reverse("admin:watch_candidate_dismiss", args=[row.pk])).status_code == 403


def test_watched_sources_are_switched_on_and_polled_from_the_admin(db, client, reviewer):
    client.force_login(reviewer)
    source = WatchedSource.objects.create(name="Off", url="http://127.0.0.1:9/feed")
    url = reverse("admin:watch_watchedsource_changelist")
    client.post(url, {"action": "switch_on", "_selected_action": [source.pk]})
    source.refresh_from_db()
    assert source.enabled
    # Poll now on a private address (refused before any connection): its error is kept.
    client.post(url, {"action": "poll_now", "_selected_action": [source.pk]})
    source.refresh_from_db()
    assert source.last_polled_at is not None and source.last_error
    assert source.next_poll_at > timezone.now()


def test_candidate_actors_are_shown_on_the_card(feed, editor_client):
    row = candidate(feed, "Zakharova warns Tokyo")
    row.actors.add(factories.actor("Maria Zakharova"), factories.actor("Japan", Actor.Kind.STATE))
    assert "Japan, Maria Zakharova" in editor_client.get(INBOX).content.decode()


def test_watched_sources_and_items_lists_have_a_query_bound(
    feed, client, reviewer, django_assert_max_num_queries
):
    for n in range(30):
        candidate(feed, f"Summons {n}")
        WatchedSource.objects.create(name=f"Feed {n}", url=f"https://feeds.example/{n}")
    client.force_login(reviewer)
    for url in (
        reverse("admin:watch_watchedsource_changelist"),
        reverse("admin:watch_watchitem_changelist"),
    ):
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200
