"""Data version, cached aggregates and conditional requests (the scale-and-speed issue)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents import versioning
from incidents.models import Event, EventActor, Place, Status
from timeline.middleware import conditional

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_every_kind_of_write_changes_the_data_version(make):
    seen = {versioning.read().number}

    def changed() -> bool:
        number = versioning.read().number
        fresh = number not in seen
        seen.add(number)
        return fresh

    japan = make.actor("Japan", slug="japan")
    assert changed()
    event = make.event("Summons", actors=[(japan, "initiator")], tags=["kurils"])
    assert changed()
    Event.objects.filter(pk=event.pk).update(title="Renamed in bulk")
    assert changed()
    EventActor.objects.filter(event=event).delete()
    assert changed()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM incidents_event_tags")
    assert changed()
    assert not changed()  # reading does not change it


def test_facet_counts_and_histogram_follow_a_change_at_once(client, make):
    tass = make.actor("TASS", slug="tass", kind="media")
    make.event("First", date="2023-05-02", sources=[make.source(publisher=tass)])
    first = client.get("/", headers=HTMX).content.decode()
    assert "1 event" in first
    make.event("Second", date="2023-05-20", sources=[make.source(publisher=tass)])
    second = client.get("/", headers=HTMX).content.decode()
    assert "2 events" in second
    draft = make.event("Third", status=Status.DRAFT)
    assert "2 events" in client.get("/", headers=HTMX).content.decode()
    draft.status = Status.PUBLISHED
    draft.save()
    assert "3 events" in client.get("/", headers=HTMX).content.decode()


def test_both_orders_of_a_search_share_one_count_and_a_write_recounts(client, make):
    make.event("Protest over drills", date="2023-05-02")
    make.event("Summons over drills", date="2022-01-10")

    def counting(path: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(path, headers=HTMX).content.decode()
        return sum(q["sql"].startswith("WITH hits") for q in queries.captured_queries), html

    assert counting("/?q=drills")[0] == 1
    counted, html = counting("/?q=drills&order=asc")
    assert counted == 0  # the counts do not depend on the order
    assert "2 events" in html and html.index("Summons") < html.index("Protest")
    make.event("Drills near Hokkaido", date="2024-03-01")
    counted, html = counting("/?order=asc&q=drills")
    assert counted == 1 and "3 events" in html


def test_repeat_visit_gets_304_until_the_record_changes(client, make):
    make.event("Summons")
    first = client.get("/")
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "no-cache"

    again = client.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    # A 304 keeps the page's own CSP nonce: it must not carry a new policy.
    assert "Content-Security-Policy" not in again
    assert client.get("/", headers={"If-Modified-Since": modified}).status_code == 304

    make.event("Protest")
    changed = client.get("/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Protest" in changed.content.decode()


def test_feed_readers_get_304(client, make):
    make.event("Summons")
    feed = client.get("/feed.atom")
    assert feed.status_code == 200
    repeat = client.get(
        "/feed.atom",
        headers={"If-None-Match": feed["ETag"], "If-Modified-Since": feed["Last-Modified"]},
    )
    assert repeat.status_code == 304


def test_no_validators_for_editors_or_the_admin(client, editor_client, make):
    make.event("Summons")
    assert "ETag" not in editor_client.get("/")
    assert "ETag" not in client.get("/healthz")


def test_cached_pages_serve_the_same_events_as_uncached(client, make, settings):
    for day in range(1, 29):
        make.event(f"Event of day {day}", date=f"2022-02-{day:02d}")
    cold = client.get("/?page=1&order=asc").content.decode()
    warm = client.get("/?page=1&order=asc").content.decode()
    assert warm.count("<article") == cold.count("<article") == 28
    assert warm.index("Event of day 1<") < warm.index("Event of day 28<")


def test_warm_timeline_needs_fewer_queries(client, make, django_assert_max_num_queries):
    japan = make.actor("Japan", slug="japan", kind="state")
    for n in range(5):
        make.event(f"Event {n}", actors=[(japan, "initiator")], tags=["kurils"])
    client.get("/?actor=japan&tag=kurils")
    # Version, form labels, page rows and two prefetches: no counting on a warm cache.
    with django_assert_max_num_queries(5):
        client.get("/?actor=japan&tag=kurils", headers=HTMX)


def test_a_cached_page_is_replayed_with_a_fresh_csp_nonce(client, make):
    make.event("Summons")
    first, second = client.get("/"), client.get("/")
    nonces = [
        re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
        for response in (first, second)
    ]
    assert nonces[0] != nonces[1]
    html = second.content.decode()
    assert f'nonce="{nonces[1]}"' in html and nonces[0] not in html
    assert html.replace(nonces[1], "N") == first.content.decode().replace(nonces[0], "N")
    assert int(second["Content-Length"]) == len(second.content)


def test_cached_pages_are_kept_apart_per_host(client, make):
    make.event("Summons")
    client.get("/", headers={"host": "localhost"})
    other = client.get("/", headers={"host": "127.0.0.1"}).content.decode()
    assert 'href="http://127.0.0.1/"' in other or "http://127.0.0.1/" in other
    assert "http://localhost/" not in other


PUBLIC_OUTPUTS = ["/", "/feed.atom", "/api/events"]


def validators(client) -> dict[str, tuple[str, str]]:
    answers = {path: client.get(path) for path in PUBLIC_OUTPUTS}
    return {path: (r["ETag"], r["Last-Modified"]) for path, r in answers.items()}


@pytest.fixture
def aged(monkeypatch):
    """Date both versions, and the code's build, in the past, so that a change of
    Last-Modified (whole seconds) is seen without waiting for the clock. The build's date is
    the newest code file's: in a tree edited a moment ago it is this very second."""
    monkeypatch.setattr(
        conditional,
        "build_identity",
        lambda: ("test-build", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
    )
    return age_the_versions


def age_the_versions():
    # The feed's Last-Modified is its newest entry's date: the record so far is dated then too.
    past = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    Event.objects.update(created_at=past, updated_at=past, published_at=past)
    with connection.cursor() as cursor:
        for table in ("incidents_dataversion", "incidents_publicversion"):
            cursor.execute(f"UPDATE {table} SET changed_at = '2020-01-01 00:00:00'")  # noqa: S608


def test_curators_work_on_drafts_leaves_public_validators_alone(client, make, aged):
    japan = make.actor("Japan", slug="japan")
    source = make.source()
    published = make.event(
        "Summons", actors=[(japan, "initiator")], sources=[source], tags=["kurils"]
    )
    statement = make.statement(published, japan, "We protest.")
    aged()
    before = validators(client)

    # A new draft with everything that hangs from it, edited, sent to review, and deleted.
    speaker = make.actor("New spokesman")
    draft = make.event(
        "Draft",
        status=Status.DRAFT,
        actors=[(speaker, "initiator"), (japan, "target")],
        sources=[make.source()],
        tags=["draft-only"],
    )
    make.statement(draft, speaker, "Not yet public.")
    draft.places.add(Place.objects.get(slug="hokkaido"))
    draft.title = "Draft, retitled"
    draft.save()
    draft.responds_to.add(published)
    draft.status = Status.REVIEW
    draft.save()
    assert validators(client) == before
    Event.objects.filter(pk=draft.pk).delete()
    assert validators(client) == before

    # Publishing changes them; so does a statement edited on a published event.
    other = make.event("Protest", status=Status.DRAFT, actors=[(japan, "target")])
    other.status = Status.PUBLISHED
    other.save()
    after_publishing = validators(client)
    for path in PUBLIC_OUTPUTS:
        assert after_publishing[path][0] != before[path][0], path
        assert after_publishing[path][1] != before[path][1], path
    assert "Protest" in client.get("/api/events").content.decode()
    statement.text = "We protest strongly."
    statement.save()
    after_statement = validators(client)
    assert all(after_statement[p][0] != after_publishing[p][0] for p in PUBLIC_OUTPUTS)
    assert "We protest strongly." in client.get("/api/events").content.decode()


@pytest.mark.parametrize("change", ["actor", "source", "tag", "type", "unpublish", "link", "place"])
def test_a_change_to_what_a_published_event_shows_changes_the_validators(client, make, change):
    japan = make.actor("Japan", slug="japan")
    source = make.source()
    event = make.event("Summons", actors=[(japan, "initiator")], sources=[source], tags=["kurils"])
    before = client.get("/")["ETag"]
    if change == "actor":
        japan.name_en = "Japan (MOFA)"
        japan.save()
    elif change == "source":
        source.title = "Corrected headline"
        source.save()
    elif change == "tag":
        from incidents.models import Tag

        Tag.objects.filter(slug="kurils").update(name="Kuril Islands")
    elif change == "type":
        from incidents.models import EventType

        EventType.objects.filter(slug="summons").update(description="Reworded.")
    elif change == "unpublish":
        Event.objects.filter(pk=event.pk).update(status=Status.DRAFT)
    elif change == "place":
        event.places.add(Place.objects.get(slug="hokkaido"))
    else:
        EventActor.objects.create(
            event=event, actor=make.actor("Russia"), role="target", position=1
        )
    assert client.get("/")["ETag"] != before


def test_an_actor_or_source_used_only_by_drafts_leaves_the_validators_alone(client, make):
    make.event("Summons")
    lonely = make.actor("Only in drafts")
    draft_source = make.source()
    make.event("Draft", status=Status.DRAFT, actors=[(lonely, "initiator")], sources=[draft_source])
    before = client.get("/")["ETag"]
    lonely.name_en = "Renamed"
    lonely.save()
    draft_source.title = "Retitled"
    draft_source.save()
    assert client.get("/")["ETag"] == before
