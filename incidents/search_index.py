"""Full-text search over an event, its statements and the names of its actors and places.

Every event keeps a denormalised copy of its searchable text (``search_text``, case-folded,
used by the SQLite fallback) and, on PostgreSQL, a weighted ``search_vector``
(title and actor names > summary > statements) behind a GIN index. Both are refreshed
whenever the event, one of its statements, actors or places changes, in the same
transaction (see signals.py); ``manage.py rebuild_search_index`` rewrites them all.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Prefetch, Value

from .models import Event, Place, PlaceKind

# English stemming for prose; "simple" (no stemming, no stop words) for names, so that
# Cyrillic and Japanese names match as written.
PROSE_CONFIG = "english"
NAME_CONFIG = "simple"


def _place_names(gazetteer: dict[int, Place], place_ids: list[int]) -> set[str]:
    """Every name of the event's places and of the places they lie in ("Kuril" finds an
    event on Etorofu), short of countries: "Japan" or "Russia" would match half the record
    for being where Tokyo or Moscow is."""
    names: set[str] = set()
    seen: set[int] = set()
    todo = list(place_ids)
    while todo:
        place = gazetteer.get(todo.pop())
        if place is None or place.pk in seen:
            continue
        seen.add(place.pk)
        if place.pk in place_ids or place.kind != PlaceKind.COUNTRY:
            names.update(place.all_names)
        if place.parent_id:
            todo.append(place.parent_id)
    return names


def _parts(event: Event, gazetteer: dict[int, Place] | None = None) -> dict[str, str]:
    actors = [role.actor for role in event.actor_roles.all()]
    actors += [statement.speaker for statement in event.statements.all()]
    names = {name for actor in actors for name in actor.all_names}
    places = [place.pk for place in event.places.all()]
    if places:
        names |= _place_names(gazetteer if gazetteer is not None else _gazetteer(), places)
    statements = [statement.text for statement in event.statements.all()]
    originals = [statement.original_text for statement in event.statements.all()]
    return {
        "title": event.title,
        "summary": event.summary,
        "names": "\n".join(sorted(names)),
        "statements": "\n".join(statements),
        "originals": "\n".join(text for text in originals if text),
    }


def search_text_for(parts: dict[str, str]) -> str:
    return "\n".join(value for value in parts.values() if value).casefold()


def vector_for(parts: dict[str, str]):
    return (
        SearchVector(Value(parts["title"]), config=PROSE_CONFIG, weight="A")
        + SearchVector(Value(parts["names"]), config=NAME_CONFIG, weight="A")
        + SearchVector(Value(parts["summary"]), config=PROSE_CONFIG, weight="B")
        + SearchVector(Value(parts["statements"]), config=PROSE_CONFIG, weight="C")
        + SearchVector(Value(parts["originals"]), config=NAME_CONFIG, weight="C")
    )


def _gazetteer() -> dict[int, Place]:
    return {
        place.pk: place
        for place in Place.objects.only(
            "pk", "parent_id", "kind", "name_en", "name_ja", "name_ru", "aliases"
        )
    }


def refresh_search_index(event_ids: Iterable[int] | None = None, batch_size: int = 500) -> int:
    """Recompute the search text (and vector on PostgreSQL) of the given events, or all."""
    queryset = Event.objects.all()
    if event_ids is not None:
        ids = list(set(event_ids))
        if not ids:
            return 0
        queryset = queryset.filter(pk__in=ids)
    queryset = (
        queryset.order_by("pk")
        .prefetch_related(
            "actor_roles__actor",
            "statements__speaker",
            Prefetch("places", queryset=Place.objects.only("pk")),
        )
        .only("pk", "title", "summary")
    )
    is_postgres = connection.vendor == "postgresql"
    gazetteer = _gazetteer()
    count = 0
    for event in queryset.iterator(chunk_size=batch_size):
        parts = _parts(event, gazetteer)
        update = {"search_text": search_text_for(parts)}
        if is_postgres:
            update["search_vector"] = vector_for(parts)
        # update() rather than save(): no history row, no version bump, no signals.
        Event.objects.filter(pk=event.pk).update(**update)
        count += 1
    return count


def rebuild_search_index(batch_size: int = 500) -> int:
    """Rewrite every event's search text, one transaction per batch of events.

    Each batch commits on its own, so a rebuild of a large record never holds every event's
    row lock at once, and an interrupted rebuild can simply be run again.
    """
    ids = list(Event.objects.order_by("pk").values_list("pk", flat=True))
    count = 0
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            count += refresh_search_index(ids[start : start + batch_size], batch_size)
    return count
