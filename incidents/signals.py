"""Keep each event's search text in step with everything it is searched by."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Actor, Event, EventActor, Statement


def _refresh_later(event_ids) -> None:
    from .search import refresh_search_index

    ids = {pk for pk in event_ids if pk}
    if ids:
        transaction.on_commit(lambda: refresh_search_index(ids))


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
