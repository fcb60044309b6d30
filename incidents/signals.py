"""Keep each event's search text in step with everything it is searched by.

The search text is rewritten at once, inside the transaction that changed the event, its
statements, actors, places, type or tags: it commits (or rolls back) with the change, so no
crash can leave a committed change unfindable. Work that saves many rows of one event runs inside
``refreshing_once()``, which refreshes each event once at the end of the block, still
inside the same transaction. ``manage.py rebuild_search_index`` rewrites them all.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from .models import Actor, Event, EventActor, EventType, Place, Statement, Tag
from .search_index import refresh_search_index

_batch = threading.local()


@contextmanager
def refreshing_once() -> Iterator[None]:
    """One transaction in which each changed event's search text is refreshed once, at the
    end (for imports and bulk edits that save an event and many of its rows)."""
    if getattr(_batch, "ids", None) is not None:  # nested: the outer block refreshes
        yield
        return
    _batch.ids = set()
    try:
        with transaction.atomic():
            yield
            ids, _batch.ids = _batch.ids, None
            refresh_search_index(ids)
    finally:
        _batch.ids = None


def _refresh(event_ids: Iterable[int | None]) -> None:
    ids = {pk for pk in event_ids if pk}
    if not ids:
        return
    if getattr(_batch, "ids", None) is not None:
        _batch.ids.update(ids)
        return
    refresh_search_index(ids)


@receiver(post_save, sender=Event)
def event_saved(sender, instance: Event, raw: bool = False, **kwargs) -> None:
    if not raw:
        _refresh([instance.pk])


@receiver(post_save, sender=Statement)
@receiver(post_delete, sender=Statement)
@receiver(post_save, sender=EventActor)
@receiver(post_delete, sender=EventActor)
def part_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    # Deleting an event deletes its rows too: nothing left to refresh then.
    if not raw and Event.objects.filter(pk=instance.event_id).exists():
        _refresh([instance.event_id])


@receiver(post_save, sender=Actor)
def actor_saved(sender, instance: Actor, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    ids = set(EventActor.objects.filter(actor=instance).values_list("event_id", flat=True))
    ids |= set(Statement.objects.filter(speaker=instance).values_list("event_id", flat=True))
    _refresh(ids)


@receiver(m2m_changed, sender=Event.tags.through)
@receiver(m2m_changed, sender=Event.places.through)
def event_places_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action.startswith("post_"):
        _refresh((pk_set or ()) if reverse else [instance.pk])


def _events_in(place: Place) -> set[int]:
    """Events in the place or inside it: their search text holds its names."""
    inside = Place.objects.descendant_ids([place.pk])
    links = Event.places.through.objects.filter(place_id__in=inside)
    return set(links.values_list("event_id", flat=True))


@receiver(post_save, sender=Place)
def place_saved(sender, instance: Place, raw: bool = False, created: bool = False, **kwargs):
    if not raw and not created:
        _refresh(_events_in(instance))


@receiver(pre_delete, sender=Place)
def place_deleting(sender, instance: Place, **kwargs) -> None:
    instance._events_to_refresh = _events_in(instance)


@receiver(post_delete, sender=Place)
def place_deleted(sender, instance: Place, **kwargs) -> None:
    _refresh(getattr(instance, "_events_to_refresh", ()))


@receiver(post_save, sender=EventType)
def event_type_saved(sender, instance: EventType, raw: bool = False, created: bool = False, **kw):
    if not raw and not created:
        _refresh(Event.objects.filter(event_type=instance).values_list("pk", flat=True))


@receiver(post_save, sender=Tag)
def tag_saved(sender, instance: Tag, raw: bool = False, created: bool = False, **kwargs) -> None:
    if not raw and not created:
        _refresh(instance.events.values_list("pk", flat=True))


@receiver(pre_delete, sender=Tag)
def tag_deleting(sender, instance: Tag, **kwargs) -> None:
    instance._events_to_refresh = set(instance.events.values_list("pk", flat=True))


@receiver(post_delete, sender=Tag)
def tag_deleted(sender, instance: Tag, **kwargs) -> None:
    _refresh(getattr(instance, "_events_to_refresh", ()))
