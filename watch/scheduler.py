"""When each source is polled, and who polls it: safe with any number of workers.

Two conditional UPDATEs, which both databases carry out atomically, decide everything:

- ``enqueue_due`` moves a due source's ``next_poll_at`` forward *only if it still holds the
  value just read*, and enqueues a poll only when that UPDATE changed the row. Two schedulers
  reading the same due source cannot both enqueue it: the second finds the value changed.
- ``claim`` sets ``lease_until`` only if no unexpired lease is there. A poll runs only after
  a successful claim, so two workers (or a worker, the admin's "Poll now" and the
  command line) never poll one source at the same time; ``release`` frees it.

The schedule lives in the database (``next_poll_at``), so it survives restarts; a worker that
dies mid-poll leaves a lease that runs out after ``POLL_LEASE``, and a poll enqueued but never
run is enqueued again once the placeholder ``next_poll_at`` (now + POLL_LEASE) passes.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import POLL_LEASE, WatchedSource


def claim(source_id: int, now: dt.datetime | None = None) -> bool:
    """Take the source for one poll; False when another poll holds it (or it is off)."""
    now = now or timezone.now()
    rows = WatchedSource.objects.filter(pk=source_id, enabled=True).free(now)
    return rows.update(lease_until=now + POLL_LEASE) == 1


def release(source: WatchedSource, error: str = "") -> None:
    """The poll is over: record how it went and when the next one is due."""
    now = timezone.now()
    failures = source.failures + 1 if error else 0
    wait = source.wait_after(failed=bool(error))
    WatchedSource.objects.filter(pk=source.pk).update(
        lease_until=None,
        last_polled_at=now,
        last_error=error[:2000],
        failures=failures,
        next_poll_at=now + wait,
    )


def enqueue_due(now: dt.datetime | None = None) -> list[int]:
    """Enqueue a poll task for every source that is due and not being polled; returns their
    ids. Each due source is enqueued by one scheduler only (see the module's docstring)."""
    from .tasks import poll_watched_source  # the task module imports polling, which imports this

    now = now or timezone.now()
    enqueued = []
    due = WatchedSource.objects.due(now).free(now).values_list("pk", "next_poll_at")
    for pk, next_poll_at in due:
        moved = WatchedSource.objects.filter(pk=pk, next_poll_at=next_poll_at).update(
            next_poll_at=now + POLL_LEASE
        )
        if moved:
            poll_watched_source.enqueue(pk)
            enqueued.append(pk)
    return enqueued
