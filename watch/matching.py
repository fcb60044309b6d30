"""Which incident an item reports: an event the record already has (``duplicate_of``), or a
new one, whose reports are grouped into one candidate.

An item reports a recorded event when its article is already a source of that event, or when
the event lies in the item's date window, names at least one of the same people or bodies
(not only the two states), and is of the same type or shares two of them. New reports are
grouped the same way, among the open candidates; reports in other languages meet through
the actors, whose names the record holds in all three.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Min

from incidents.models import Actor, Event, Source

from .models import Candidate, WatchItem
from .relevance import Relevance

# Reports of one incident appear within a few days of it.
WINDOW = dt.timedelta(days=3)


def _people_and_bodies(actors) -> set[int]:
    return {a.pk for a in actors if a.kind != Actor.Kind.STATE}


def _states(actors) -> set[int]:
    return {a.pk for a in actors if a.kind == Actor.Kind.STATE}


def _same_incident(
    type_a: int | None, actors_a: list[Actor], type_b: int | None, actors_b: list[Actor]
) -> bool:
    shared = _people_and_bodies(actors_a) & _people_and_bodies(actors_b)
    same_type = type_a is not None and type_a == type_b
    return bool(shared) and (same_type or len(shared) >= 2)


def recorded_event(item: WatchItem, found: Relevance, source: Source | None) -> Event | None:
    """The event the record already has that this item reports, if any."""
    if source is not None:
        link = source.event_links.select_related("event").order_by("position").first()
        if link is not None:
            return link.event
    day = item.reported_on
    if day is None or not found.actors:
        return None
    nearby = (
        Event.objects.in_range(day - WINDOW, day + WINDOW)
        .filter(actor_roles__actor__in=found.actors)
        .distinct()
        .prefetch_related("actor_roles__actor")
        .order_by("-date_lower")[:20]
    )
    for event in nearby:
        actors = [role.actor for role in event.actor_roles.all()]
        if _same_incident(item.event_type_id, found.actors, event.event_type_id, actors):
            return event
    return None


def _open_candidate_for(item: WatchItem, found: Relevance) -> Candidate | None:
    """An open candidate about the same new incident (same window, actors, type)."""
    day = item.reported_on
    if day is None:
        return None
    rows = (
        Candidate.objects.open()
        .filter(relevant=True, duplicate_of__isnull=True)
        .filter(date__gte=day - WINDOW, date__lte=day + WINDOW)
        .prefetch_related("actors")
        .order_by("-latest_at")[:50]
    )
    for candidate in rows:
        actors = list(candidate.actors.all())
        if _same_incident(item.event_type_id, found.actors, candidate.event_type_id, actors):
            return candidate
        # Without named officials: the same type, both states, the same day or next.
        same_states = len(_states(actors) & _states(found.actors)) == 2
        if (
            same_states
            and item.event_type_id is not None
            and item.event_type_id == candidate.event_type_id
            and candidate.date is not None
            and abs((candidate.date - day).days) <= 1
        ):
            return candidate
    return None


def place(item: WatchItem, found: Relevance, source: Source | None) -> Candidate:
    """Attach the item to the candidate it belongs to (a new one if none), and mark it as a
    report of a recorded event when it is one."""
    event = recorded_event(item, found, source) if found.relevant or source else None
    candidate = None
    if event is not None:
        item.duplicate_of = event
        candidate = Candidate.objects.open().filter(duplicate_of=event).first()
    elif found.relevant:
        candidate = _open_candidate_for(item, found)
    if candidate is None:
        candidate = Candidate.objects.create(
            title=item.title or item.url,
            date=item.reported_on,
            event_type=item.event_type,
            relevant=found.relevant,
            score=found.score,
            duplicate_of=event,
            latest_at=item.published_at or item.fetched_at,
        )
    item.candidate = candidate
    item.save(update_fields=["duplicate_of", "candidate"])
    candidate.actors.add(*found.actors)
    refresh(candidate)
    return candidate


def refresh(candidate: Candidate) -> None:
    """The candidate's date, newest time, score and relevance from its items."""
    items = WatchItem.objects.filter(candidate=candidate)
    figures = items.aggregate(
        newest=Max("published_at"), found=Max("fetched_at"), best=Max("score"), first=Min("pk")
    )
    days = [i.reported_on for i in items.only("published_at", "fetched_at") if i.reported_on]
    Candidate.objects.filter(pk=candidate.pk).update(
        latest_at=figures["newest"] or figures["found"] or candidate.latest_at,
        score=figures["best"] or 0,
        relevant=items.filter(relevant=True).exists(),
        date=min(days) if days else candidate.date,
    )
    candidate.refresh_from_db()
