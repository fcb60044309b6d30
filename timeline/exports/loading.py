"""Reading the events to export: their own columns as value rows, a chunk at a time, and
what hangs from each chunk (actors, tags, statements, sources, responses) in a fixed number
of queries, loaded one chunk ahead in a second thread on PostgreSQL."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from threading import Barrier
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection, connections
from django.db.models import Count, QuerySet, StringAgg, Value
from django.db.models.functions import Coalesce, Concat

from incidents.expressions import InArray
from incidents.models import Actor, Event, EventActor, EventSource, Source, Statement

from ..public.chains import exchange_slugs
from .records import (
    ACTOR_VALUES,
    EVENT_VALUES,
    SOURCE_VALUES,
    STATEMENT_OWN,
    ExportedEvent,
    Said,
    Urls,
    actor_record,
    source_record,
    statement_record,
)

CHUNK_SIZE = 2000
LIST_SEPARATOR = "; "


@dataclass
class Related:
    """What hangs from a batch of events, by event id.

    Roles and source links are kept as small tuples pointing into shared records (an actor
    named in a thousand events is one record); ``actor_records`` and ``source_records`` build
    the full per-event records that the JSON export and the API show.
    """

    actors: dict[int, dict[str, Any]] = field(default_factory=dict)  # actor id → record
    sources: dict[int, dict[str, Any]] = field(default_factory=dict)  # source id → record
    roles: dict[int, list[tuple[int, str, str]]] = field(default_factory=dict)  # actor, role, title
    links: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # source, locator
    tags: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    statements: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    responds_to: dict[int, list[str]] = field(default_factory=dict)  # slugs, published only
    responses: dict[int, list[str]] = field(default_factory=dict)
    places: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # in slug order

    def actor_records(self, event_id: int) -> list[dict[str, Any]]:
        actors = self.actors
        return [
            {**actors[actor_id], "role": role, "title": title}
            for actor_id, role, title in self.roles.get(event_id, ())
        ]

    def source_records(self, event_id: int) -> list[dict[str, Any]]:
        sources = self.sources
        return [
            {**sources[source_id], "locator": locator, "primary": index == 0}
            for index, (source_id, locator) in enumerate(self.links.get(event_id, ()))
        ]


class RelatedLoader:
    """Loads what hangs from batches of events, reusing what batches share.

    Rows come back as tuples. An actor's record is built once per loader (from one query
    for the actors not seen yet) and shared by every role and statement that names it; a
    statement's source is nearly always one of its event's sources (publishing links it),
    so it is taken from those rather than joined again.
    """

    def __init__(self, urls: Urls) -> None:
        self.urls = urls
        self._actors: dict[int, dict[str, Any]] = {}

    def _load_actors(self, ids: set[int]) -> None:
        missing = ids - self._actors.keys()
        if not missing:
            return
        rows = Actor.objects.filter(InArray("id", sorted(missing))).values_list("id", *ACTOR_VALUES)
        for pk, *values in rows:
            self._actors[pk] = actor_record(dict(zip(ACTOR_VALUES, values, strict=True)), self.urls)

    def load(self, event_ids: list[int]) -> Related:
        """Actors, tags, places, sources, statements and published responses of the events:
        six queries, and one more for actors not seen before."""
        related = Related(actors=self._actors)
        if not event_ids:
            return related
        of_batch = InArray("event_id", event_ids)
        roles = (
            EventActor.objects.filter(of_batch)
            .order_by("event_id", "position", "id")
            .values_list("event_id", "actor_id", "role", "title")
        )
        actor_ids = set()
        for event_id, actor_id, role, title in roles:
            related.roles.setdefault(event_id, []).append((actor_id, role, title))
            actor_ids.add(actor_id)
        said_rows = list(
            Statement.objects.filter(of_batch)
            .order_by("event_id", "position", "said_on", "id")
            .values_list("event_id", "speaker_id", "source_id", *STATEMENT_OWN)
        )
        actor_ids.update(row[1] for row in said_rows)
        self._load_actors(actor_ids)
        tags = (
            Event.tags.through.objects.filter(of_batch)
            .order_by("tag__name")
            .values_list("event_id", "tag__slug", "tag__name")
        )
        for event_id, slug, name in tags:
            related.tags.setdefault(event_id, []).append({"slug": slug, "name": name})
        places = (
            Event.places.through.objects.filter(of_batch)
            .order_by("place__slug")
            .values_list("event_id", *(f"place__{name}" for name in PLACE_VALUES))
        )
        for event_id, *values in places:
            related.places.setdefault(event_id, []).append(
                dict(zip(PLACE_KEYS, values, strict=True))
            )
        self._sources(of_batch, related)
        self._statements(said_rows, related)
        # Only published events may be named, even when a published event answers a draft.
        for event_id, cell, slug in exchange_slugs(event_ids):
            getattr(related, cell).setdefault(event_id, []).append(slug)
        return related

    def _statements(self, rows: list[tuple], related: Related) -> None:
        sources = related.sources
        unlinked = {row[2] for row in rows} - sources.keys()
        if unlinked:  # a statement citing an article its event does not list (rare)
            sources = {**sources, **self._source_records(unlinked)}
        actors = self._actors
        for event_id, speaker_id, source_id, *own in rows:
            said = Said(*own, actors[speaker_id], sources[source_id])
            related.statements.setdefault(event_id, []).append(statement_record(said))

    def _source_record(self, values: Sequence[Any]) -> dict[str, Any]:
        """source_record() of a row of SOURCE_VALUES, as a tuple."""
        return source_record(dict(zip(SOURCE_VALUES, values, strict=True)), self.urls)

    def _source_records(self, ids: set[int]) -> dict[int, dict[str, Any]]:
        rows = Source.objects.filter(InArray("id", sorted(ids))).values_list(*SOURCE_VALUES)
        return {row[0]: self._source_record(row) for row in rows}

    def _sources(self, of_batch: InArray, related: Related) -> None:
        """Each event's sources in order (the first is the primary one)."""
        names = ("event_id", "locator", *(f"source__{name}" for name in SOURCE_VALUES))
        links = (
            EventSource.objects.filter(of_batch)
            .order_by("event_id", "position", "id")
            .values_list(*names)
        )
        records = related.sources
        for event_id, locator, *values in links:
            if values[0] not in records:
                records[values[0]] = self._source_record(values)
            related.links.setdefault(event_id, []).append((values[0], locator))


# An event's places as the JSON export and the API show them (record key: place field).
PLACE_KEYS = ("slug", "name", "name_ja", "name_ru")
PLACE_VALUES = ("slug", "name_en", "name_ja", "name_ru")


class Summary(NamedTuple):
    """What the events CSV shows of an event's parts, as its cells."""

    actors: str = ""  # "Maria Zakharova (initiator); Japan (target)"
    actor_slugs: str = ""
    tags: str = ""
    statements: int = 0
    source_urls: str = ""
    publishers: str = ""  # each outlet once, in source order
    responds_to: str = ""  # slugs of the published events it answers, in slug order
    responses: str = ""  # slugs of the published events answering it
    places: str = ""  # slugs of its places, in slug order


def _unique_names(joined: str) -> str:
    names = dict.fromkeys(name for name in joined.split(_UNIT_SEPARATOR) if name)
    return LIST_SEPARATOR.join(names)


_UNIT_SEPARATOR = "\x1f"  # cannot occur in a name (control characters are refused)


def load_summaries(event_ids: list[int], loader: RelatedLoader) -> dict[int, Summary]:
    """The CSV cells of the events' parts: five grouped queries, the lists joined by the
    database (``string_agg``), so that Python handles one row per event rather than
    every role and source. Where the database cannot order inside an aggregate (SQLite
    before 3.44), the same cells are built from ``loader.load``."""
    if not event_ids:
        return {}
    if not connection.features.supports_aggregate_order_by_clause:
        return _summaries_from(loader.load(event_ids))
    of_batch = InArray("event_id", event_ids)
    separator = Value(LIST_SEPARATOR)
    in_order = ("position", "id")
    cells: dict[int, dict[str, Any]] = {}

    def per_event(rows: QuerySet, **aggregates: Any) -> QuerySet:
        """``aggregates`` of the batch's ``rows``, grouped by event."""
        return rows.filter(of_batch).values_list("event_id").annotate(**aggregates).order_by()

    roles = per_event(
        EventActor.objects.all(),
        names=StringAgg(
            Concat("actor__name_en", Value(" ("), "role", Value(")")), separator, order_by=in_order
        ),
        slugs=StringAgg("actor__slug", separator, order_by=in_order),
    )
    for event_id, names, slugs in roles:
        cells.setdefault(event_id, {}).update(actors=names, actor_slugs=slugs)
    tags = per_event(
        Event.tags.through.objects.all(),
        names=StringAgg("tag__name", separator, order_by="tag__name"),
    )
    for event_id, names in tags:
        cells.setdefault(event_id, {})["tags"] = names
    placed = per_event(
        Event.places.through.objects.all(),
        slugs=StringAgg("place__slug", separator, order_by="place__slug"),
    )
    for event_id, slugs in placed:
        cells.setdefault(event_id, {})["places"] = slugs
    for event_id, count in per_event(Statement.objects.all(), n=Count("pk")):
        cells.setdefault(event_id, {})["statements"] = count
    links = per_event(
        EventSource.objects.all(),
        urls=StringAgg("source__url", separator, order_by=in_order),
        # Each outlet once: joined with a separator no name contains, then made unique.
        publishers=StringAgg(
            Coalesce("source__publisher__name_en", Value("")),
            Value(_UNIT_SEPARATOR),
            order_by=in_order,
        ),
    )
    for event_id, urls, publishers in links:
        cells.setdefault(event_id, {}).update(
            source_urls=urls, publishers=_unique_names(publishers)
        )
    return _with_exchanges(
        {event_id: Summary(**values) for event_id, values in cells.items()}, event_ids
    )


def _with_exchanges(summaries: dict[int, Summary], event_ids: list[int]) -> dict[int, Summary]:
    """The summaries with their ``responds_to`` and ``responses`` cells."""
    linked: dict[int, dict[str, list[str]]] = {}
    for event_id, cell, slug in exchange_slugs(event_ids):
        linked.setdefault(event_id, {}).setdefault(cell, []).append(slug)
    for event_id, cells in linked.items():
        joined = {cell: LIST_SEPARATOR.join(slugs) for cell, slugs in cells.items()}
        summaries[event_id] = summaries.get(event_id, Summary())._replace(**joined)
    return summaries


def _summaries_from(related: Related) -> dict[int, Summary]:
    event_ids = related.roles.keys() | related.links.keys() | related.tags.keys()
    event_ids |= related.responds_to.keys() | related.responses.keys() | related.places.keys()
    summaries = {}
    for event_id in event_ids | related.statements.keys():
        actors = related.actor_records(event_id)
        sources = related.source_records(event_id)
        publishers = _UNIT_SEPARATOR.join(
            source["publisher"]["name"] for source in sources if source["publisher"]
        )
        summaries[event_id] = Summary(
            actors=LIST_SEPARATOR.join(f"{actor['name']} ({actor['role']})" for actor in actors),
            actor_slugs=LIST_SEPARATOR.join(actor["slug"] for actor in actors),
            tags=LIST_SEPARATOR.join(tag["name"] for tag in related.tags.get(event_id, ())),
            statements=len(related.statements.get(event_id, ())),
            source_urls=LIST_SEPARATOR.join(source["url"] for source in sources),
            publishers=_unique_names(publishers),
            responds_to=LIST_SEPARATOR.join(related.responds_to.get(event_id, ())),
            responses=LIST_SEPARATOR.join(related.responses.get(event_id, ())),
            places=LIST_SEPARATOR.join(place["slug"] for place in related.places.get(event_id, ())),
        )
    return summaries


def load_related(event_ids: list[int], urls: Urls) -> Related:
    """Actors, tags, statements, sources and (published) responses of the given events.

    Plain value rows, not model instances with prefetch caches: several times faster, and
    nothing refers back to the events, so each batch is freed as soon as it is written.
    """
    return RelatedLoader(urls).load(event_ids)


def listed(events: QuerySet[Event]) -> QuerySet:
    """The events' own columns and their type as value rows, in one query, in order.

    Turn each row into an ``ExportedEvent`` with ``ExportedEvent._make(row)``.
    """
    return events.values_list(*EVENT_VALUES)


def iter_events[R](
    events: QuerySet[Event], load: Callable[[list[int]], R]
) -> Iterator[tuple[ExportedEvent, R]]:
    """Every event with what ``load`` gives for its chunk, read ``CHUNK_SIZE`` at a time
    (``load`` runs in a second thread where it can: see ``pipelined``)."""
    rows = listed(events).iterator(chunk_size=CHUNK_SIZE)
    chunks = itertools.batched(map(ExportedEvent._make, rows), CHUNK_SIZE)

    def load_chunk(chunk: tuple[ExportedEvent, ...]) -> R:
        return load([event.pk for event in chunk])

    for chunk, loaded in pipelined(chunks, load_chunk):
        for event in chunk:
            yield event, loaded


def can_pipeline() -> bool:
    """Whether a second connection sees what this one does: PostgreSQL, outside a
    transaction (inside one — a test, say — its rows are invisible to other connections)."""
    return (
        settings.EXPORT_LOADERS > 0
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


def pipelined[C, R](chunks: Iterable[C], load: Callable[[C], R]) -> Iterator[tuple[C, R]]:
    """``(chunk, load(chunk))`` for each chunk, in order, loading the next chunks meanwhile.

    At 100k events the database's work (reading related rows) and Python's (writing the
    file) are of the same size; done one after the other they take twice as long as side
    by side. ``settings.EXPORT_LOADERS`` threads load the chunks ahead, each on its own
    database connection (closed at the end, or when the client goes away and the generator
    is closed), so memory holds at most ``EXPORT_LOADERS + 1`` chunks.
    """
    if not can_pipeline():
        for chunk in chunks:
            yield chunk, load(chunk)
        return
    loaders = settings.EXPORT_LOADERS
    with ThreadPoolExecutor(max_workers=loaders, thread_name_prefix="export") as workers:
        try:
            ahead: deque[tuple[C, Future[R]]] = deque()
            for chunk in chunks:
                ahead.append((chunk, workers.submit(load, chunk)))
                if len(ahead) > loaders:
                    done, loading = ahead.popleft()
                    yield done, loading.result()
            while ahead:
                done, loading = ahead.popleft()
                yield done, loading.result()
        finally:
            # Each thread's own connection: one closing task per thread (the barrier keeps
            # a thread from taking two).
            barrier = Barrier(loaders)

            def close() -> None:
                barrier.wait(timeout=30)
                connections.close_all()

            for closing in [workers.submit(close) for _ in range(loaders)]:
                closing.result()
