"""``manage.py watch_sources``: register a source, poll once, run the scheduler, measure.

watch_sources add FEED_URL --language en|ja|ru [--listing] [--name NAME] [--every 60]
watch_sources poll --once        # every switched-on source, now; one JSON line per new item
watch_sources work               # the scheduler: enqueue each source's poll when it is due
watch_sources score              # relevance scoring's precision and recall per language
"""

from __future__ import annotations

import json
import signal
import threading

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from incidents.urlnorm import validate_http_url

from ... import measure, polling, scheduler
from ...models import WatchedSource, WatchLanguage


class Command(BaseCommand):
    help = "Watched sources: add one, poll them once, run the scheduler, or measure scoring."

    def add_arguments(self, parser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        add = commands.add_parser("add", help="Register a feed or listing page (switched on).")
        add.add_argument("url")
        add.add_argument("--language", required=True, choices=WatchLanguage.values)
        add.add_argument("--name", default="")
        add.add_argument("--listing", action="store_true", help="A listing page, not a feed.")
        add.add_argument("--every", type=int, default=60, help="Minutes between polls (≥ 5).")
        poll = commands.add_parser("poll", help="Poll every switched-on source now.")
        poll.add_argument("--once", action="store_true", required=True)
        work = commands.add_parser("work", help="Enqueue polls as they fall due, until stopped.")
        work.add_argument("--interval", type=float, default=30.0, help="Seconds between rounds.")
        commands.add_parser("score", help="Precision and recall on tests/watch_items/.")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"handle_{action}")(**options)

    def handle_add(self, *, url: str, language: str, name: str, listing: bool, every: int, **_):
        try:
            validate_http_url(url)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if every < 5:
            raise CommandError("--every must be at least 5 minutes.")
        kind = WatchedSource.Kind.LISTING if listing else WatchedSource.Kind.FEED
        source, created = WatchedSource.objects.update_or_create(
            url=url,
            defaults={
                "name": name or url,
                "language": language,
                "kind": kind,
                "poll_minutes": every,
                "enabled": True,
            },
        )
        verb = "Added" if created else "Switched on"
        self.stdout.write(f"{verb} {source.get_kind_display().lower()} #{source.pk}: {source.url}")

    def handle_poll(self, **_) -> None:
        for pk in WatchedSource.objects.enabled().order_by("pk").values_list("pk", flat=True):
            result = polling.poll_source(pk)
            if result is None:
                self.stderr.write(f"Source #{pk} is being polled by another worker; skipped.")
                continue
            if result.error:
                self.stderr.write(f"{result.source.url}: {result.error}")
            for item in result.items:
                self.stdout.write(json.dumps(polling.describe(item), ensure_ascii=False))

    def handle_work(self, *, interval: float, **_) -> None:
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"Scheduling due polls every {interval:g} s (stop with Ctrl-C).")
        while not stop.is_set():
            for pk in scheduler.enqueue_due():
                self.stdout.write(f"Enqueued a poll of source #{pk}.")
            stop.wait(interval)

    def handle_score(self, **_) -> None:
        rows, wrong = measure.evaluate(measure.load_corpus())
        self.stdout.write(measure.format_table(rows))
        for item, points in wrong:
            mark = "+" if item.relevant else "-"
            self.stdout.write(f"  wrong ({item.language}, {points:.2f}): {mark} {item.title}")
