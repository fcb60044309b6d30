"""CSV and JSON exports of exactly the events that ``/`` shows for the same query string.

The events come from ``filter_events`` (the timeline's own FilterSet), all pages of them.
Responses are streamed: the queryset is read in chunks of ``CHUNK_SIZE`` and what hangs
from each chunk is loaded in five queries (``load_related``), so memory stays flat and the
number of queries grows by a constant per chunk, however many events match.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from threading import Barrier
from typing import Any, NamedTuple

import orjson
import psycopg
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import Count, QuerySet, StringAgg, Value, Window
from django.db.models.functions import Coalesce, Concat, RowNumber
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from incidents.dates import (
    PartialDate,
    format_date_span,
    format_partial_date,
    sql_date_span,
    sql_iso_day,
)
from incidents.expressions import InArray
from incidents.models import Actor, Event, EventActor, EventSource, Source, Statement, Status

from .citation import LICENSE_NAME, LICENSE_URL, cite_dataset
from .filters import EventFilter, filter_events

CHUNK_SIZE = 2000
FLUSH_BYTES = 64 * 1024
# Excel opens a UTF-8 CSV as UTF-8 (Cyrillic, Japanese) only when it starts with a BOM.
BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "

EVENT_COLUMNS = (
    "id",
    "permalink",
    "date",
    "date_precision",
    "date_lower",
    "date_upper",
    "end_date",
    "title",
    "type",
    "type_name",
    "plover_code",
    "cameo_code",
    "actors",
    "actor_slugs",
    "tags",
    "location",
    "latitude",
    "longitude",
    "summary",
    "statements",
    "source_urls",
    "source_publishers",
    "published_at",
    "updated_at",
)

STATEMENT_COLUMNS = (
    "id",
    "event_id",
    "event_permalink",
    "event_title",
    "speaker",
    "speaker_slug",
    "speaker_title",
    "date",
    "kind",
    "language",
    "text",
    "original_language",
    "original_text",
    "source_url",
    "source_title",
    "source_publisher",
)

ACTOR_VALUES = ("slug", "name_en", "name_ru", "name_ja", "kind")
SOURCE_VALUES = (
    "id",
    "url",
    "title",
    "publisher__slug",
    "publisher__name_en",
    "credit",
    "author",
    "published_on",
    "language",
    "kind",
    "archive_url",
)
STATEMENT_VALUES = (
    "id",
    "event_id",
    *(f"speaker__{name}" for name in ACTOR_VALUES),
    "speaker_title",
    "kind",
    "text",
    "language",
    "original_text",
    "original_language",
    "said_on",
    "source__url",
    "source__title",
    "source__publisher__name_en",
)


class Urls:
    """Absolute URLs of public pages, reversed once per kind rather than once per row."""

    _SLUG, _PK = "__slug__", 987654321

    def __init__(self, request: HttpRequest) -> None:
        self.base = request.build_absolute_uri("/")[:-1]  # scheme://host
        self._event = reverse("timeline:event", kwargs={"slug": self._SLUG})
        self._actor = reverse("timeline:actor", kwargs={"slug": self._SLUG})
        self._source = reverse("timeline:source", kwargs={"pk": self._PK})

    def absolute(self, path: str) -> str:
        return self.base + path

    def event(self, slug: str) -> str:
        return self.base + self._event.replace(self._SLUG, slug)

    def actor(self, slug: str) -> str:
        return self.base + self._actor.replace(self._SLUG, slug)

    def source(self, pk: int) -> str:
        return self.base + self._source.replace(str(self._PK), str(pk))


# --- Records: the JSON export and API shape, built from value rows ---------------------------


def actor_record(row: dict[str, Any], urls: Urls, prefix: str = "") -> dict[str, Any]:
    slug = row[f"{prefix}slug"]
    return {
        "slug": slug,
        "name": row[f"{prefix}name_en"],
        "name_ru": row[f"{prefix}name_ru"],
        "name_ja": row[f"{prefix}name_ja"],
        "kind": row[f"{prefix}kind"],
        "url": urls.actor(slug),
    }


def source_record(row: dict[str, Any], urls: Urls, prefix: str = "") -> dict[str, Any]:
    publisher = row[f"{prefix}publisher__slug"]
    return {
        "id": row[f"{prefix}id"],
        "url": row[f"{prefix}url"],
        "title": row[f"{prefix}title"],
        "publisher": (
            {"slug": publisher, "name": row[f"{prefix}publisher__name_en"]} if publisher else None
        ),
        "credit": row[f"{prefix}credit"],
        "author": row[f"{prefix}author"],
        "published_on": row[f"{prefix}published_on"],
        "language": row[f"{prefix}language"],
        "kind": row[f"{prefix}kind"],
        "archive_url": row[f"{prefix}archive_url"],
        "page_url": urls.source(row[f"{prefix}id"]),
    }


def statement_record(row: dict[str, Any], urls: Urls) -> dict[str, Any]:
    return {
        "id": row["id"],
        "speaker": actor_record(row, urls, "speaker__"),
        "speaker_title": row["speaker_title"],
        "kind": row["kind"],
        "text": row["text"],
        "language": row["language"],
        "original_text": row["original_text"],
        "original_language": row["original_language"],
        "date": row["said_on"],
        "source_url": row["source__url"],
        "source_title": row["source__title"],
        "source_publisher": row["source__publisher__name_en"] or "",
    }


class ExportedEvent(NamedTuple):
    """An event's own columns and its type, as one value row (no model instance)."""

    pk: int
    slug: str
    title: str
    summary: str
    date_precision: str
    date_lower: dt.date
    date_upper: dt.date
    end_date: dt.date | None
    location_name: str
    latitude: Decimal | None
    longitude: Decimal | None
    published_at: dt.datetime | None
    updated_at: dt.datetime
    type_slug: str
    type_name: str
    plover_code: str
    cameo_code: str

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date_precision, self.date_lower)

    @property
    def partial_date(self) -> PartialDate:
        return PartialDate(self.date_precision, self.date_lower, self.date_upper)


EVENT_VALUES = (
    "pk",
    "slug",
    "title",
    "summary",
    "date_precision",
    "date_lower",
    "date_upper",
    "end_date",
    "location_name",
    "latitude",
    "longitude",
    "published_at",
    "updated_at",
    "event_type__slug",
    "event_type__name",
    "event_type__plover_code",
    "event_type__cameo_code",
)


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
    responds_to: dict[int, list[str]] = field(default_factory=dict)

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
        """Actors, tags, sources, statements and published responses of the events: five
        queries, and one more for actors not seen before."""
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
            .values_list(
                "event_id",
                "id",
                "speaker_id",
                "speaker_title",
                "kind",
                "text",
                "language",
                "original_text",
                "original_language",
                "said_on",
                "source_id",
            )
        )
        actor_ids.update(row[2] for row in said_rows)
        self._load_actors(actor_ids)
        tags = (
            Event.tags.through.objects.filter(of_batch)
            .order_by("tag__name")
            .values_list("event_id", "tag__slug", "tag__name")
        )
        for event_id, slug, name in tags:
            related.tags.setdefault(event_id, []).append({"slug": slug, "name": name})
        self._sources(of_batch, related)
        self._statements(said_rows, related)
        # Only published events may be named, even when a published event answers a draft.
        responses = (
            Event.responds_to.through.objects.filter(
                InArray("from_event_id", event_ids), to_event__status=Status.PUBLISHED
            )
            .order_by("to_event__slug")
            .values_list("from_event_id", "to_event__slug")
        )
        for event_id, slug in responses:
            related.responds_to.setdefault(event_id, []).append(slug)
        return related

    def _statements(self, rows: list[tuple], related: Related) -> None:
        sources = related.sources
        unlinked = {row[10] for row in rows} - sources.keys()
        if unlinked:  # a statement citing an article its event does not list (rare)
            sources = {**sources, **self._source_records(unlinked)}
        actors = self._actors
        for (
            event_id,
            pk,
            speaker_id,
            speaker_title,
            kind,
            text,
            language,
            original_text,
            original_language,
            said_on,
            source_id,
        ) in rows:
            source = sources[source_id]
            publisher = source["publisher"]
            related.statements.setdefault(event_id, []).append(
                {
                    "id": pk,
                    "speaker": actors[speaker_id],
                    "speaker_title": speaker_title,
                    "kind": kind,
                    "text": text,
                    "language": language,
                    "original_text": original_text,
                    "original_language": original_language,
                    "date": said_on,
                    "source_url": source["url"],
                    "source_title": source["title"],
                    "source_publisher": publisher["name"] if publisher else "",
                }
            )

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


class Summary(NamedTuple):
    """What the events CSV shows of an event's parts, as its cells."""

    actors: str = ""  # "Maria Zakharova (initiator); Japan (target)"
    actor_slugs: str = ""
    tags: str = ""
    statements: int = 0
    source_urls: str = ""
    publishers: str = ""  # each outlet once, in source order


def _unique_names(joined: str) -> str:
    names = dict.fromkeys(name for name in joined.split(_UNIT_SEPARATOR) if name)
    return LIST_SEPARATOR.join(names)


_UNIT_SEPARATOR = "\x1f"  # cannot occur in a name (control characters are refused)


def load_summaries(event_ids: list[int], loader: RelatedLoader) -> dict[int, Summary]:
    """The CSV cells of the events' parts: four grouped queries, the lists joined by the
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
    roles = (
        EventActor.objects.filter(of_batch)
        .values_list("event_id")
        .annotate(
            names=StringAgg(
                Concat("actor__name_en", Value(" ("), "role", Value(")")),
                separator,
                order_by=in_order,
            ),
            slugs=StringAgg("actor__slug", separator, order_by=in_order),
        )
        .order_by()
    )
    for event_id, names, slugs in roles:
        cells.setdefault(event_id, {}).update(actors=names, actor_slugs=slugs)
    tags = (
        Event.tags.through.objects.filter(of_batch)
        .values_list("event_id")
        .annotate(names=StringAgg("tag__name", separator, order_by="tag__name"))
        .order_by()
    )
    for event_id, names in tags:
        cells.setdefault(event_id, {})["tags"] = names
    counted = (
        Statement.objects.filter(of_batch)
        .values_list("event_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for event_id, count in counted:
        cells.setdefault(event_id, {})["statements"] = count
    links = (
        EventSource.objects.filter(of_batch)
        .values_list("event_id")
        .annotate(
            urls=StringAgg("source__url", separator, order_by=in_order),
            publishers=StringAgg(
                Coalesce("source__publisher__name_en", Value("")),
                Value(_UNIT_SEPARATOR),
                order_by=in_order,
            ),
        )
        .order_by()
    )
    for event_id, urls, publishers in links:
        cells.setdefault(event_id, {}).update(
            source_urls=urls, publishers=_unique_names(publishers)
        )
    return {event_id: Summary(**values) for event_id, values in cells.items()}


def _summaries_from(related: Related) -> dict[int, Summary]:
    event_ids = related.roles.keys() | related.links.keys() | related.tags.keys()
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


def event_record(event: ExportedEvent, related: Related, urls: Urls) -> dict[str, Any]:
    """One event with its actors, tags, statements and sources."""
    location = None
    if event.location_name or event.latitude is not None:
        location = {
            "name": event.location_name,
            "latitude": float(event.latitude) if event.latitude is not None else None,
            "longitude": float(event.longitude) if event.longitude is not None else None,
        }
    return {
        "id": event.pk,
        "slug": event.slug,
        "url": urls.event(event.slug),
        "title": event.title,
        "summary": event.summary,
        "date": {
            "text": format_date_span(event.date_precision, event.date_lower, event.end_date),
            "iso": event.partial_date.iso,
            "precision": event.date_precision,
            "lower": event.date_lower,
            "upper": event.date_upper,
            "end": event.end_date,
        },
        "type": {
            "slug": event.type_slug,
            "name": event.type_name,
            "plover_code": event.plover_code,
            "cameo_code": event.cameo_code,
        },
        "actors": related.actor_records(event.pk),
        "tags": related.tags.get(event.pk, []),
        "location": location,
        "statements": related.statements.get(event.pk, []),
        "sources": related.source_records(event.pk),
        "responds_to": related.responds_to.get(event.pk, []),
        "published_at": event.published_at,
        "updated_at": event.updated_at,
    }


# --- CSV ------------------------------------------------------------------------------------


def _iso(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value else ""


def event_row(event: ExportedEvent, summary: Summary | None, urls: Urls) -> list[Any]:
    summary = summary or EMPTY_SUMMARY
    return [
        event.pk,
        urls.event(event.slug),
        format_date_span(event.date_precision, event.date_lower, event.end_date),
        event.date_precision,
        event.date_lower.isoformat(),
        event.date_upper.isoformat(),
        _iso(event.end_date),
        event.title,
        event.type_slug,
        event.type_name,
        event.plover_code,
        event.cameo_code,
        summary.actors,
        summary.actor_slugs,
        summary.tags,
        event.location_name,
        "" if event.latitude is None else str(event.latitude),
        "" if event.longitude is None else str(event.longitude),
        event.summary,
        summary.statements,
        summary.source_urls,
        summary.publishers,
        _iso(event.published_at),
        _iso(event.updated_at),
    ]


EMPTY_SUMMARY = Summary()


def statement_rows(event: ExportedEvent, related: Related, urls: Urls) -> Iterator[list[Any]]:
    permalink = urls.event(event.slug)
    for statement in related.statements.get(event.pk, []):
        yield [
            statement["id"],
            event.pk,
            permalink,
            event.title,
            statement["speaker"]["name"],
            statement["speaker"]["slug"],
            statement["speaker_title"],
            _iso(statement["date"]),
            statement["kind"],
            statement["language"],
            statement["text"],
            statement["original_language"],
            statement["original_text"],
            statement["source_url"],
            statement["source_title"],
            statement["source_publisher"],
        ]


class _Line:
    """A file-like object for csv.writer that hands back what was written."""

    def write(self, value: str) -> str:
        return value


def stream_csv(header: Iterable[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    buffer = [BOM, writer.writerow(header)]
    size = 0
    for row in rows:
        # A text cell that a spreadsheet would run as a formula gets an apostrophe first.
        line = writer.writerow(
            [
                "'" + cell if cell.__class__ is str and cell.startswith(FORMULA_PREFIXES) else cell
                for cell in row
            ]
        )
        buffer.append(line)
        size += len(line)
        if size >= FLUSH_BYTES:
            yield "".join(buffer)
            buffer, size = [], 0
    yield "".join(buffer)


# --- CSV written by PostgreSQL ----------------------------------------------------------------
# On PostgreSQL the two CSV exports are written by the database (COPY … TO STDOUT): every
# cell as event_row() / statement_rows() make it, in the timeline's order, and Python only
# passes the bytes on. Tests compare both writers row by row. {events} is the filtered
# events' SQL with each event's place in the timeline's order; {cells} the raw cells and
# {written} the same cells as the CSV shows them (see _written).

COPY_FROM_SELECTED = """
COPY (
WITH selected(id, ord) AS MATERIALIZED ({{events}}),
permalink(prefix, suffix) AS (SELECT %s::text, %s::text){with_}
SELECT {{written}} FROM (
SELECT {order_columns}, {{cells}}
FROM selected
CROSS JOIN permalink
JOIN incidents_event e ON e.id = selected.id
{joins}
) AS raw
ORDER BY {order}
) TO STDOUT WITH (FORMAT csv)
"""

# The events: their lists joined by hash aggregates over the related tables (one pass each,
# rather than an index probe per event).
COPY_EVENTS_SQL = COPY_FROM_SELECTED.format(
    with_=""",
roles AS (
    SELECT ea.event_id,
           string_agg(a.name_en || ' (' || ea.role || ')', '; ' ORDER BY ea.position, ea.id)
               AS names,
           string_agg(a.slug, '; ' ORDER BY ea.position, ea.id) AS slugs
    FROM incidents_eventactor ea JOIN incidents_actor a ON a.id = ea.actor_id
    WHERE ea.event_id IN (SELECT id FROM selected)
    GROUP BY ea.event_id
),
tagged AS (
    SELECT et.event_id, string_agg(t.name, '; ' ORDER BY t.name) AS names
    FROM incidents_event_tags et JOIN incidents_tag t ON t.id = et.tag_id
    WHERE et.event_id IN (SELECT id FROM selected)
    GROUP BY et.event_id
),
said AS (
    SELECT event_id, count(*) AS n FROM incidents_statement
    WHERE event_id IN (SELECT id FROM selected)
    GROUP BY event_id
),
linked AS (
    SELECT es.event_id, es.position, es.id, s.url, p.name_en AS outlet
    FROM incidents_eventsource es
    JOIN incidents_source s ON s.id = es.source_id
    LEFT JOIN incidents_actor p ON p.id = s.publisher_id
    WHERE es.event_id IN (SELECT id FROM selected)
),
sourced AS (
    SELECT event_id, string_agg(url, '; ' ORDER BY position, id) AS urls
    FROM linked GROUP BY event_id
),
outlets AS (  -- each outlet once, in the order of its first source
    SELECT event_id, string_agg(outlet, '; ' ORDER BY first) AS names
    FROM (
        SELECT event_id, outlet, min(ARRAY[position::bigint, id]) AS first
        FROM linked WHERE outlet <> '' GROUP BY event_id, outlet
    ) AS firsts
    GROUP BY event_id
)""",
    order_columns="selected.ord",
    joins="""JOIN incidents_eventtype t ON t.id = e.event_type_id
LEFT JOIN roles ON roles.event_id = e.id
LEFT JOIN tagged ON tagged.event_id = e.id
LEFT JOIN said ON said.event_id = e.id
LEFT JOIN sourced ON sourced.event_id = e.id
LEFT JOIN outlets ON outlets.event_id = e.id""",
    order="raw.ord",
)

# The statements: one row each, by event in the timeline's order, then as listed.
COPY_STATEMENTS_SQL = COPY_FROM_SELECTED.format(
    with_="",
    order_columns="selected.ord, s.position AS s_position, s.said_on AS s_said_on",
    joins="""JOIN incidents_statement s ON s.event_id = e.id
JOIN incidents_actor a ON a.id = s.speaker_id
JOIN incidents_source so ON so.id = s.source_id
LEFT JOIN incidents_actor p ON p.id = so.publisher_id""",
    order="raw.ord, raw.s_position, raw.s_said_on, raw.id",
)


def _sql_iso(column: str) -> str:
    """datetime.isoformat() of a UTC timestamp: microseconds only when there are some."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    whole = f"date_trunc('second', {column}) = {column}"
    fraction = f"CASE WHEN {whole} THEN '' ELSE to_char({utc}, '.US') END"
    return f"to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || {fraction} || '+00:00'"


PERMALINK = "permalink.prefix || e.slug || permalink.suffix"

EVENT_CELLS = {
    "id": "e.id",
    "permalink": PERMALINK,
    "date": sql_date_span("e.date_precision", "e.date_lower", "e.end_date"),
    "date_precision": "e.date_precision",
    "date_lower": sql_iso_day("e.date_lower"),
    "date_upper": sql_iso_day("e.date_upper"),
    "end_date": sql_iso_day("e.end_date"),
    "title": "e.title",
    "type": "t.slug",
    "type_name": "t.name",
    "plover_code": "t.plover_code",
    "cameo_code": "t.cameo_code",
    "actors": "roles.names",
    "actor_slugs": "roles.slugs",
    "tags": "tagged.names",
    "location": "e.location_name",
    "latitude": "e.latitude::text",
    "longitude": "e.longitude::text",
    "summary": "e.summary",
    "statements": "COALESCE(said.n, 0)",
    "source_urls": "sourced.urls",
    "source_publishers": "outlets.names",
    "published_at": _sql_iso("e.published_at"),
    "updated_at": _sql_iso("e.updated_at"),
}

STATEMENT_CELLS = {
    "id": "s.id",
    "event_id": "e.id",
    "event_permalink": PERMALINK,
    "event_title": "e.title",
    "speaker": "a.name_en",
    "speaker_slug": "a.slug",
    "speaker_title": "s.speaker_title",
    "date": sql_iso_day("s.said_on"),
    "kind": "s.kind",
    "language": "s.language",
    "text": "s.text",
    "original_language": "s.original_language",
    "original_text": "s.original_text",
    "source_url": "so.url",
    "source_title": "so.title",
    "source_publisher": "p.name_en",
}

# Cells of a form fixed by the code (numbers, dates, times, permalinks): never a formula.
_NUMBERS = frozenset({"id", "event_id", "statements"})
_FORMED = frozenset(
    {"permalink", "event_permalink", "date_precision", "date_lower", "date_upper", "end_date"}
    | {"published_at", "updated_at"}
)
# FORMULA_PREFIXES as SQL literals (tab and carriage return as escapes).
_SQL_FORMULA_PREFIXES = ", ".join(
    "E'" + prefix.encode("unicode_escape").decode() + "'" for prefix in FORMULA_PREFIXES
)


def _written(name: str) -> str:
    """Raw cell ``name`` as stream_csv writes it: a formula neutralised, and an empty value
    as NULL, which COPY writes as nothing (an empty string it would write as "")."""
    if name in _NUMBERS:
        return f"raw.{name}"
    if name in _FORMED:
        return f"NULLIF(raw.{name}, '')"
    apostrophe = "''''"  # as an SQL literal
    return (
        f"NULLIF(CASE WHEN left(raw.{name}, 1) IN ({_SQL_FORMULA_PREFIXES}) "
        f"THEN {apostrophe} || raw.{name} ELSE raw.{name} END, '')"
    )


def _copy_sql(template: str, columns: Sequence[str], cells: dict[str, str]) -> str:
    """The COPY statement for ``columns`` (still with {events} to fill in)."""
    return template.replace(
        "{cells}", ",\n       ".join(f'{cells[n]} AS "{n}"' for n in columns)
    ).replace("{written}", ", ".join(_written(name) for name in columns))


def can_copy(events: QuerySet[Event]) -> bool:
    return connections[events.db].vendor == "postgresql"


def copy_csv(
    events: QuerySet[Event], urls: Urls, columns: Sequence[str], template: str
) -> Iterator[bytes]:
    """A CSV export (header, then the rows) as PostgreSQL's COPY writes it.

    COPY ends lines with LF, so the header does too.
    """
    ranked = events.annotate(
        export_ord=Window(RowNumber(), order_by=list(events.query.order_by))
    ).order_by()
    writer = csv.writer(_Line(), lineterminator="\n")
    buffer = [(BOM + writer.writerow(columns)).encode()]
    selected = ranked.values_list("pk", "export_ord").query
    try:
        selected_sql, selected_params = selected.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (a search of only punctuation)
        yield buffer[0]
        return
    prefix, _slug, suffix = urls.event(Urls._SLUG).partition(Urls._SLUG)
    sql = template.replace("{events}", selected_sql)
    size = 0
    database = connections[events.db]
    database.ensure_connection()
    # Parameters bound here, by psycopg's quoting: Django's cursor passes COPY on without.
    statement = psycopg.ClientCursor(database.connection).mogrify(
        sql, (*selected_params, prefix, suffix)
    )
    with database.cursor() as cursor, cursor.copy(statement) as copy:
        for block in copy:
            buffer.append(bytes(block))
            size += len(block)
            if size >= FLUSH_BYTES:
                yield b"".join(buffer)
                buffer, size = [], 0
    yield b"".join(buffer)


def copy_events_csv(events: QuerySet[Event], urls: Urls) -> Iterator[bytes]:
    return copy_csv(events, urls, EVENT_COLUMNS, COPY_EVENTS)


def copy_statements_csv(events: QuerySet[Event], urls: Urls) -> Iterator[bytes]:
    return copy_csv(events, urls, STATEMENT_COLUMNS, COPY_STATEMENTS)


COPY_EVENTS = _copy_sql(COPY_EVENTS_SQL, EVENT_COLUMNS, EVENT_CELLS)
COPY_STATEMENTS = _copy_sql(COPY_STATEMENTS_SQL, STATEMENT_COLUMNS, STATEMENT_CELLS)


# --- JSON -----------------------------------------------------------------------------------


def stream_json(head: dict[str, Any], records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """``{…head…, "events": [ … ]}`` written one record at a time, as UTF-8.

    orjson: compact JSON with dates in ISO 8601, several times faster than ``json`` (the
    export of everything is half a gigabyte).
    """
    opening = orjson.dumps(head)[:-1]  # without its closing brace
    buffer = [opening, b', "events": [\n' if head else b'{"events": [\n']
    size, first = 0, True
    for record in records:
        text = orjson.dumps(record) if first else b",\n" + orjson.dumps(record)
        first = False
        buffer.append(text)
        size += len(text)
        if size >= FLUSH_BYTES:
            yield b"".join(buffer)
            buffer, size = [], 0
    buffer.append(b"\n]}\n")
    yield b"".join(buffer)


# --- Metadata -------------------------------------------------------------------------------


def export_filename(filterset: EventFilter, what: str, extension: str, today: dt.date) -> str:
    """``rj-timeline-events_type-summons_2026-11-23.csv``: what was filtered, and when."""
    groups: dict[str, list[str]] = {}
    for name, value, _label in filterset.active():
        groups.setdefault(name, []).append(slugify(str(value), allow_unicode=True) or "x")
    described = "_".join(f"{name}-{'+'.join(values)}" for name, values in groups.items())
    if len(described) > 120:
        described = described[:120].rstrip("-_+")
    parts = [f"rj-timeline-{what}", described or "all", today.isoformat()]
    return "_".join(parts) + f".{extension}"


def applied_query(filterset: EventFilter) -> dict[str, Any]:
    """The filters that were applied, and what was ignored (and why)."""
    applied: dict[str, Any] = {}
    for name, value, _label in filterset.active():
        if name in ("q", "from", "to", "order"):
            applied[name] = value
        else:
            applied.setdefault(name, []).append(value)
    ignored = {name: list(messages) for name, messages in filterset.errors.items()}
    return {"filters": applied, "ignored": ignored}


def dataset_citation(request: HttpRequest) -> str:
    latest = Event.objects.published().order_by("-updated_at").values_list("updated_at", flat=True)
    changed = latest.first()
    url = request.build_absolute_uri(reverse("timeline:index"))
    return cite_dataset(url, changed.date() if changed else None).apa


def _link_header(request: HttpRequest) -> str:
    about = request.build_absolute_uri(reverse("timeline:about"))
    return f'<{LICENSE_URL}>; rel="license", <{about}#cite>; rel="describedby"'


def _streaming(
    request: HttpRequest, content: Iterator[str | bytes], content_type: str, filename: str
) -> StreamingHttpResponse:
    encoded = (part if isinstance(part, bytes) else part.encode("utf-8") for part in content)
    response = StreamingHttpResponse(encoded, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # The licence travels with the file as a header; a comment row would break CSV readers.
    response["Link"] = _link_header(request)
    response["X-Content-License"] = f"{LICENSE_NAME} {LICENSE_URL}"
    return response


# --- Views ----------------------------------------------------------------------------------


@require_safe
def events_csv(request: HttpRequest) -> StreamingHttpResponse:
    filterset, events = filter_events(request.GET)
    urls = Urls(request)
    if can_copy(events):
        content = copy_events_csv(events, urls)
    else:
        loader = RelatedLoader(urls)
        rows = (
            event_row(event, summaries.get(event.pk), urls)
            for event, summaries in iter_events(events, lambda ids: load_summaries(ids, loader))
        )
        content = stream_csv(EVENT_COLUMNS, rows)
    filename = export_filename(filterset, "events", "csv", timezone.localdate())
    return _streaming(request, content, "text/csv; charset=utf-8", filename)


@require_safe
def statements_csv(request: HttpRequest) -> StreamingHttpResponse:
    filterset, events = filter_events(request.GET)
    urls = Urls(request)
    if can_copy(events):
        content = copy_statements_csv(events, urls)
    else:
        rows = (
            row
            for event, related in iter_events(events, RelatedLoader(urls).load)
            for row in statement_rows(event, related, urls)
        )
        content = stream_csv(STATEMENT_COLUMNS, rows)
    filename = export_filename(filterset, "statements", "csv", timezone.localdate())
    return _streaming(request, content, "text/csv; charset=utf-8", filename)


@require_safe
def events_json(request: HttpRequest) -> StreamingHttpResponse:
    filterset, events = filter_events(request.GET)
    urls = Urls(request)
    query_string = filterset.query_string()
    timeline_url = urls.absolute(reverse("timeline:index")) + (
        f"?{query_string}" if query_string else ""
    )
    head = {
        "title": f"{settings.SITE_NAME}: events",
        "source": timeline_url,
        "license": {"name": LICENSE_NAME, "url": LICENSE_URL},
        "citation": dataset_citation(request),
        "query": applied_query(filterset),
        "generated_at": timezone.now(),
        "count": events.count(),
    }
    records = (
        event_record(event, related, urls)
        for event, related in iter_events(events, RelatedLoader(urls).load)
    )
    filename = export_filename(filterset, "events", "json", timezone.localdate())
    return _streaming(
        request, stream_json(head, records), "application/json; charset=utf-8", filename
    )
