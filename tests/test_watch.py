"""The source watch's polling (watch/polling.py, scheduler.py, the watch_sources command):
feeds in three languages served by a local site (tests/watch_items/site.py), never the
internet."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone

from incidents.models import Source
from tests import factories
from tests.watch_items import site as test_site
from watch import polling, scheduler
from watch.models import Candidate, Decision, WatchedSource, WatchItem


@pytest.fixture
def site(settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    with test_site.serve() as running:
        yield running


def watch(site, path: str, language: str = "en") -> WatchedSource:
    return WatchedSource.objects.create(
        name=path, url=site.url(path), language=language, enabled=True
    )


def poll_once() -> list[dict]:
    out = io.StringIO()
    call_command("watch_sources", "poll", "--once", stdout=out, stderr=io.StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_poll_once_prints_one_json_line_per_new_item_and_polling_twice_creates_nothing(
    seeded, site
):
    watch(site, "/feeds/en.xml")
    lines = poll_once()
    by_url = {line["url"].removeprefix(site.base): line for line in lines}
    assert set(by_url) == {"/en/kunashir-summons", "/en/stocks", "/en/hayashi-galuzin"}
    summons = by_url["/en/kunashir-summons"]
    assert summons["relevant"] is True
    assert summons["event_type"] == "summons"
    assert "Mikhail Galuzin" in summons["actors"]
    assert summons["duplicate_of"] is None
    assert set(summons) == {
        "url", "title", "relevant", "score", "event_type", "actors", "duplicate_of"
    }  # fmt: skip
    assert by_url["/en/stocks"]["relevant"] is False
    assert by_url["/en/hayashi-galuzin"]["duplicate_of"] == test_site.SEEDED_EVENT

    counts = (WatchItem.objects.count(), Candidate.objects.count(), Source.objects.count())
    assert poll_once() == []
    assert (WatchItem.objects.count(), Candidate.objects.count(), Source.objects.count()) == counts


def test_a_relevant_item_becomes_a_draft_source_an_irrelevant_one_stays_in_the_watch(
    seeded, site, client
):
    watch(site, "/feeds/en.xml")
    poll_once()
    relevant = WatchItem.objects.get(url=site.url("/en/kunashir-summons"))
    source = relevant.imported_source
    assert source is not None and "Kunashir" in source.text
    assert source.published_on == dt.date(2026, 11, 20)  # the page gives no date; the feed does
    assert not Source.objects.published().filter(pk=source.pk).exists()
    assert client.get(source.get_absolute_url()).status_code == 404  # drafts never leak
    stocks = WatchItem.objects.get(url=site.url("/en/stocks"))
    assert stocks.imported_source is None and "Nikkei" in stocks.text
    assert stocks.candidate.relevant is False


def test_reports_of_one_new_incident_in_two_languages_make_one_candidate(seeded, site):
    watch(site, "/feeds/en.xml")
    watch(site, "/feeds/ru.atom", "ru")
    poll_once()
    english = WatchItem.objects.get(url=site.url("/en/kunashir-summons"))
    russian = WatchItem.objects.get(url=site.url("/ru/kunashir-summons"))
    assert russian.relevant
    assert english.candidate_id == russian.candidate_id
    assert english.candidate.items.count() == 2
    metro = WatchItem.objects.get(url=site.url("/ru/metro"))
    assert not metro.relevant and metro.candidate_id != english.candidate_id


def test_a_report_of_a_recorded_event_is_attached_to_it(seeded, site):
    watch(site, "/feeds/en.xml")
    poll_once()
    item = WatchItem.objects.get(url=site.url("/en/hayashi-galuzin"))
    assert item.duplicate_of.slug == test_site.SEEDED_EVENT
    assert item.candidate.duplicate_of == item.duplicate_of


def test_a_copy_of_a_recorded_article_at_another_address_is_a_report_of_its_event(seeded, site):
    recorded = (
        Source.objects.annotate(size=Length("text"))
        .filter(event_links__isnull=False, size__gte=1500, language__in=["en", "ja", "ru"])
        .order_by("pk")
        .first()
    )
    event = recorded.event_links.first().event
    paragraphs = "".join(f"<p>{p}</p>" for p in recorded.text.split("\n\n"))
    site.pages["/copy"] = (
        f"<html><body><article><h1>{recorded.title}</h1>{paragraphs}</article></body></html>".encode(),
        "text/html; charset=utf-8",
    )
    day = event.date_lower.strftime("%a, %d %b %Y 09:00:00 +0000")
    site.pages["/feeds/copy.xml"] = (
        test_site.rss([(recorded.title, "/copy", day)], site.base),
        "application/rss+xml",
    )
    watch(site, "/feeds/copy.xml", recorded.language)
    [line] = poll_once()
    assert line["duplicate_of"] == event.slug
    item = WatchItem.objects.get()
    assert item.imported_source == recorded  # the importer's duplicate check, no second copy


def test_a_copy_of_a_recorded_article_is_attached_to_its_event_whatever_its_score(db, site):
    text = "\n\n".join(
        f"Paragraph {n}: the harbour office counted the boats that came in on the morning "
        "tide and wrote down their catch, their crews and the weather at sea."
        for n in range(8)
    )
    recorded = factories.source(title="Harbour figures", text=text)
    event = factories.event(title="Harbour event", sources=[recorded])
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    page = f"<html><body><article><h1>Harbour figures</h1>{paragraphs}</article></body></html>"
    site.pages["/harbour"] = (page.encode(), "text/html; charset=utf-8")
    site.pages["/feeds/harbour.xml"] = (
        test_site.rss([("Harbour figures", "/harbour", test_site.NEW_DAY)], site.base),
        "application/rss+xml",
    )
    watch(site, "/feeds/harbour.xml")
    [line] = poll_once()
    assert line["relevant"] is False
    assert line["duplicate_of"] == event.slug


def test_japanese_feed_items_are_scored_in_japanese(seeded, site):
    watch(site, "/feeds/ja.xml", "ja")
    lines = {line["url"].removeprefix(site.base): line for line in poll_once()}
    assert lines["/ja/entry-ban"]["relevant"] is True
    assert lines["/ja/entry-ban"]["event_type"] == "entry_ban"
    assert lines["/ja/museum"]["relevant"] is False


def test_a_listing_page_gives_its_headline_links_on_the_same_site(seeded, site):
    WatchedSource.objects.create(
        name="Press releases",
        url=site.url("/press/"),
        kind=WatchedSource.Kind.LISTING,
        language="ja",
        enabled=True,
    )
    lines = {line["url"].removeprefix(site.base): line for line in poll_once()}
    assert set(lines) == {"/ja/entry-ban", "/ja/museum"}
    assert lines["/ja/entry-ban"]["relevant"] is True


def test_a_broken_feed_records_its_error_and_the_other_sources_are_still_polled(seeded, site):
    broken = watch(site, "/feeds/broken.xml")
    watch(site, "/feeds/ja.xml", "ja")
    lines = poll_once()
    assert len(lines) == 2
    broken.refresh_from_db()
    assert "feed" in broken.last_error
    assert broken.failures == 1
    assert broken.lease_until is None
    # It waits longer after each failure in a row.
    first_wait = broken.next_poll_at - broken.last_polled_at
    poll_once()
    broken.refresh_from_db()
    assert broken.failures == 2
    assert broken.next_poll_at - broken.last_polled_at > first_wait


def test_a_slow_feed_is_cut_by_the_fetch_deadline(db, site, settings):
    settings.IMPORT_FETCH_SECONDS = 1
    slow = watch(site, "/feeds/slow.xml")
    result = polling.poll_source(slow.pk)
    assert site.slow_reached.is_set()  # the server was reached, and did not answer in time
    assert "within 1 second" in result.error
    slow.refresh_from_db()
    assert slow.failures == 1 and slow.lease_until is None


def test_a_feed_that_changes_between_polls_gives_only_its_new_item(seeded, site):
    watch(site, "/feeds/changing.xml")
    assert [line["url"] for line in poll_once()] == [site.url("/en/changed-first")]
    site.changed.set()
    lines = poll_once()
    assert [line["url"] for line in lines] == [site.url("/en/changed-second")]
    assert lines[0]["relevant"] is True


def test_only_one_poll_holds_a_source_at_a_time(db):
    source = WatchedSource.objects.create(name="x", url="https://example.org/feed", enabled=True)
    assert scheduler.claim(source.pk) is True
    assert scheduler.claim(source.pk) is False  # a second worker skips it
    assert polling.poll_source(source.pk) is None
    source.refresh_from_db()
    scheduler.release(source)
    assert scheduler.claim(source.pk) is True


def test_a_lease_left_by_a_dead_worker_runs_out(db):
    source = WatchedSource.objects.create(
        name="x",
        url="https://example.org/feed",
        enabled=True,
        lease_until=timezone.now() - timezone.timedelta(seconds=1),
    )
    assert scheduler.claim(source.pk) is True


class _Recorder:
    def __init__(self) -> None:
        self.enqueued: list[int] = []

    def enqueue(self, pk: int) -> None:
        self.enqueued.append(pk)


def test_a_due_source_is_enqueued_once_however_many_schedulers_run(db, monkeypatch):
    recorder = _Recorder()
    monkeypatch.setattr("watch.tasks.poll_watched_source", recorder)
    due = WatchedSource.objects.create(name="due", url="https://example.org/a", enabled=True)
    WatchedSource.objects.create(name="off", url="https://example.org/b", enabled=False)
    WatchedSource.objects.create(
        name="later",
        url="https://example.org/c",
        enabled=True,
        next_poll_at=timezone.now() + timezone.timedelta(hours=1),
    )
    assert scheduler.enqueue_due() == [due.pk]
    assert scheduler.enqueue_due() == []  # a second scheduler finds it moved on
    assert recorder.enqueued == [due.pk]


def test_the_poll_task_runs_on_the_task_framework(seeded, site):
    from django.tasks import TaskResultStatus

    from watch.tasks import poll_watched_source

    source = watch(site, "/feeds/ja.xml", "ja")
    result = poll_watched_source.enqueue(source.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"source": source.pk, "new_items": 2, "error": ""}


def test_seed_adds_the_cited_outlets_sources_switched_off_and_nothing_is_due(seeded):
    sources = WatchedSource.objects.all()
    assert sources.count() >= 20
    assert not sources.filter(enabled=True).exists()
    assert sources.get(url="https://tass.com/rss/v2.xml").outlet.slug == "tass"
    assert {"en", "ja", "ru"} == set(sources.values_list("language", flat=True))
    assert scheduler.enqueue_due() == []  # make run never fetches
    call_command("load_seed", verbosity=0, stdout=io.StringIO())
    assert WatchedSource.objects.count() == sources.count()


def test_add_registers_a_switched_on_source(db):
    out = io.StringIO()
    call_command(
        "watch_sources", "add", "https://example.org/feed.xml", "--language", "ja", stdout=out
    )
    source = WatchedSource.objects.get()
    assert source.enabled and source.language == "ja" and source.kind == "feed"
    assert "Added feed" in out.getvalue()
    with pytest.raises(CommandError, match="http"):
        call_command("watch_sources", "add", "ftp://example.org/x", "--language", "en")
    with pytest.raises(CommandError):
        call_command("watch_sources", "add", "https://example.org/y", "--language", "de")


def test_the_database_keeps_one_item_per_source_and_address(db):
    source = WatchedSource.objects.create(name="x", url="https://example.org/feed")
    WatchItem.objects.create(source=source, url="https://example.org/1")
    with pytest.raises(IntegrityError), transaction.atomic():
        WatchItem.objects.create(source=source, url="https://example.org/1")


def test_the_database_refuses_a_dismissal_without_a_reason(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.create(title="x", state=Decision.DISMISSED)


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_one_source_at_the_same_moment_get_it_once():
    import threading

    from django.db import connection

    source = WatchedSource.objects.create(name="x", url="https://example.org/feed", enabled=True)
    start = threading.Barrier(4)
    won: list[bool] = []

    def worker() -> None:
        try:
            start.wait()
            won.append(scheduler.claim(source.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False, False, False, True]
