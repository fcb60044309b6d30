"""Keep each event's search text in step with everything it is searched by."""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Actor, Event, EventActor, Statement

_pending = threading.local()


def _flush() -> None:
    from .search import refresh_search_index

    ids, _pending.ids = _pending.ids, None
    refresh_search_index(ids)


def _refresh_later(event_ids) -> None:
    """Refresh the events' search text once, when the current transaction commits.

    Ids are collected per transaction so that saving an event with its inlines (or loading
    a fixture) refreshes each event once, not once per saved row.
    """
    ids = {pk for pk in event_ids if pk}
    if not ids:
        return
    connection = transaction.get_connection()
    registered = any(func is _flush for _, func, _ in connection.run_on_commit)
    if getattr(_pending, "ids", None) is None or not registered:
        # No flush pending in this transaction (or it was rolled back): start a new batch.
        _pending.ids = set()
        if connection.in_atomic_block:
            transaction.on_commit(_flush)
            _pending.ids.update(ids)
            return
        _pending.ids.update(ids)
        _flush()
        return
    _pending.ids.update(ids)


@receiver(post_save, sender=Event)
def event_saved(sender, instance: Event, raw: bool = False, **kwargs) -> None:
    if not raw:
        _refresh_later([instance.pk])


@receiver(post_save, sender=Statement)
@receiver(post_delete, sender=Statement)
@receiver(post_save, sender=EventActor)
@receiver(post_delete, sender=EventActor)
def part_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw and Event.objects.filter(pk=instance.event_id).exists():
        _refresh_later([instance.event_id])


@receiver(post_save, sender=Actor)
def actor_saved(sender, instance: Actor, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    ids = set(EventActor.objects.filter(actor=instance).values_list("event_id", flat=True))
    ids |= set(Statement.objects.filter(speaker=instance).values_list("event_id", flat=True))
    _refresh_later(ids)
