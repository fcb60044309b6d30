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
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import Count, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from incidents.dates import PartialDate, format_partial_date
from incidents.expressions import InArray
from incidents.models import Actor, Event, EventActor, EventSource, Source, Statement, Status

from .citation import LICENSE_NAME, LICENSE_URL, cite_dataset
from .filters import EventFilter, filter_events
from .templatetags.timeline_tags import event_dates  # the dates as the pages show them

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
    """What hangs from a batch of events, by event id: five queries, whatever the batch size."""

    actors: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    tags: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    statements: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    statement_counts: dict[int, int] = field(default_factory=dict)
    sources: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    responds_to: dict[int, list[str]] = field(default_factory=dict)


class RelatedLoader:
    """Loads what hangs from batches of events, reusing what batches share.

    Rows come back as tuples and become records here. An actor's record is built once per
    loader (from one query for the actors not seen yet) and shared by every role and
    statement that names it; a statement's source is nearly always one of its event's
    sources (publishing links it), so it is taken from those rather than joined again.
    """

    def __init__(self, urls: Urls) -> None:
        self.urls = urls
        self._actors: dict[int, dict[str, Any]] = {}

    def _load_actors(self, ids: set[int]) -> None:
        missing = ids - self._actors.keys()
        if not missing:
            return
        rows = Actor.objects.filter(InArray("id", sorted(missing))).values_list("id", *ACTOR_VALUES)
        for pk, slug, name_en, name_ru, name_ja, kind in rows:
            self._actors[pk] = {
                "slug": slug,
                "name": name_en,
                "name_ru": name_ru,
                "name_ja": name_ja,
                "kind": kind,
                "url": self.urls.actor(slug),
            }

    def load(self, event_ids: list[int], statements: bool = True) -> Related:
        related = Related()
        if not event_ids:
            return related
        of_batch = InArray("event_id", event_ids)
        roles = list(
            EventActor.objects.filter(of_batch)
            .order_by("event_id", "position", "id")
            .values_list("event_id", "actor_id", "role", "title")
        )
        said = Statement.objects.filter(of_batch)
        if statements:
            said_rows = list(
                said.order_by("event_id", "position", "said_on", "id").values_list(
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
        else:
            counted = said.order_by().values_list("event_id").annotate(n=Count("pk"))
            related.statement_counts = dict(counted)
            said_rows = []
        self._load_actors({row[1] for row in roles} | {row[2] for row in said_rows})
        actors = self._actors
        for event_id, actor_id, role, title in roles:
            record = {**actors[actor_id], "role": role, "title": title}
            related.actors.setdefault(event_id, []).append(record)
        tags = (
            Event.tags.through.objects.filter(of_batch)
            .order_by("tag__name")
            .values_list("event_id", "tag__slug", "tag__name")
        )
        for event_id, slug, name in tags:
            related.tags.setdefault(event_id, []).append({"slug": slug, "name": name})
        sources = self._sources(event_ids, related)
        if said_rows:
            self._statements(said_rows, sources, related)
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

    def _statements(
        self, rows: list[tuple], sources: dict[int, dict[str, Any]], related: Related
    ) -> None:
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
        (
            pk,
            url,
            title,
            publisher_slug,
            publisher_name,
            credit,
            author,
            published_on,
            language,
            kind,
            archive_url,
        ) = values
        return {
            "id": pk,
            "url": url,
            "title": title,
            "publisher": (
                {"slug": publisher_slug, "name": publisher_name} if publisher_slug else None
            ),
            "credit": credit,
            "author": author,
            "published_on": published_on,
            "language": language,
            "kind": kind,
            "archive_url": archive_url,
            "page_url": self.urls.source(pk),
        }

    def _source_records(self, ids: set[int]) -> dict[int, dict[str, Any]]:
        rows = Source.objects.filter(InArray("id", sorted(ids))).values_list(*SOURCE_VALUES)
        return {row[0]: self._source_record(row) for row in rows}

    def _sources(self, event_ids: list[int], related: Related) -> dict[int, dict[str, Any]]:
        """Each event's sources, primary first; returns the records by source id."""
        names = ("event_id", "locator", *(f"source__{name}" for name in SOURCE_VALUES))
        links = (
            EventSource.objects.filter(InArray("event_id", event_ids))
            .order_by("event_id", "position", "id")
            .values_list(*names)
        )
        by_id: dict[int, dict[str, Any]] = {}
        for event_id, locator, *values in links:
            record = by_id.get(values[0])
            if record is None:
                record = by_id[values[0]] = self._source_record(values)
            sources = related.sources.setdefault(event_id, [])
            sources.append({**record, "locator": locator, "primary": not sources})
        return by_id


def load_related(event_ids: list[int], urls: Urls, statements: bool = True) -> Related:
    """Actors, tags, statements, sources and (published) responses of the given events.

    Plain value rows, not model instances with prefetch caches: several times faster, and
    nothing refers back to the events, so each batch is freed as soon as it is written.
    ``statements=False`` counts the statements instead of loading them (the events CSV).
    """
    return RelatedLoader(urls).load(event_ids, statements)


def listed(events: QuerySet[Event]) -> QuerySet:
    """The events' own columns and their type as value rows, in one query, in order.

    Turn each row into an ``ExportedEvent`` with ``ExportedEvent._make(row)``.
    """
    return events.values_list(*EVENT_VALUES)


def iter_events(
    events: QuerySet[Event], urls: Urls, statements: bool = True
) -> Iterator[tuple[ExportedEvent, Related]]:
    """Every event with what hangs from it, read ``CHUNK_SIZE`` at a time."""
    loader = RelatedLoader(urls)
    rows = listed(events).iterator(chunk_size=CHUNK_SIZE)
    for chunk in itertools.batched(map(ExportedEvent._make, rows), CHUNK_SIZE):
        related = loader.load([event.pk for event in chunk], statements)
        for event in chunk:
            yield event, related


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
            "text": event_dates(event),
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
        "actors": related.actors.get(event.pk, []),
        "tags": related.tags.get(event.pk, []),
        "location": location,
        "statements": related.statements.get(event.pk, []),
        "sources": related.sources.get(event.pk, []),
        "responds_to": related.responds_to.get(event.pk, []),
        "published_at": event.published_at,
        "updated_at": event.updated_at,
    }


# --- CSV ------------------------------------------------------------------------------------


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _iso(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value else ""


def event_row(event: ExportedEvent, related: Related, urls: Urls) -> list[Any]:
    actors = related.actors.get(event.pk, [])
    sources = related.sources.get(event.pk, [])
    publishers: list[str] = []
    for source in sources:
        name = source["publisher"]["name"] if source["publisher"] else ""
        if name and name not in publishers:
            publishers.append(name)
    return [
        event.pk,
        urls.event(event.slug),
        event_dates(event),
        event.date_precision,
        _iso(event.date_lower),
        _iso(event.date_upper),
        _iso(event.end_date),
        event.title,
        event.type_slug,
        event.type_name,
        event.plover_code,
        event.cameo_code,
        LIST_SEPARATOR.join(f"{actor['name']} ({actor['role']})" for actor in actors),
        LIST_SEPARATOR.join(actor["slug"] for actor in actors),
        LIST_SEPARATOR.join(tag["name"] for tag in related.tags.get(event.pk, [])),
        event.location_name,
        "" if event.latitude is None else str(event.latitude),
        "" if event.longitude is None else str(event.longitude),
        event.summary,
        related.statement_counts.get(event.pk, 0),
        LIST_SEPARATOR.join(source["url"] for source in sources),
        LIST_SEPARATOR.join(publishers),
        _iso(event.published_at),
        _iso(event.updated_at),
    ]


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
        line = writer.writerow([neutralise(cell) for cell in row])
        buffer.append(line)
        size += len(line)
        if size >= FLUSH_BYTES:
            yield "".join(buffer)
            buffer, size = [], 0
    yield "".join(buffer)


# --- JSON -----------------------------------------------------------------------------------


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"Cannot serialise {type(value).__name__}")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def stream_json(head: dict[str, Any], records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """``{…head…, "events": [ … ]}`` written one record at a time."""
    opening = _dumps(head)[:-1]  # without its closing brace
    buffer = [opening, ', "events": [\n' if head else '{"events": [\n']
    size, first = 0, True
    for record in records:
        text = ("" if first else ",\n") + _dumps(record)
        first = False
        buffer.append(text)
        size += len(text)
        if size >= FLUSH_BYTES:
            yield "".join(buffer)
            buffer, size = [], 0
    buffer.append("\n]}\n")
    yield "".join(buffer)


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
    request: HttpRequest, content: Iterator[str], content_type: str, filename: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (part.encode("utf-8") for part in content), content_type=content_type
    )
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
    rows = (
        event_row(event, related, urls)
        for event, related in iter_events(events, urls, statements=False)
    )
    filename = export_filename(filterset, "events", "csv", timezone.localdate())
    return _streaming(request, stream_csv(EVENT_COLUMNS, rows), "text/csv; charset=utf-8", filename)


@require_safe
def statements_csv(request: HttpRequest) -> StreamingHttpResponse:
    filterset, events = filter_events(request.GET)
    urls = Urls(request)
    rows = (
        row
        for event, related in iter_events(events, urls)
        for row in statement_rows(event, related, urls)
    )
    filename = export_filename(filterset, "statements", "csv", timezone.localdate())
    return _streaming(
        request, stream_csv(STATEMENT_COLUMNS, rows), "text/csv; charset=utf-8", filename
    )


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
    records = (event_record(event, related, urls) for event, related in iter_events(events, urls))
    filename = export_filename(filterset, "events", "json", timezone.localdate())
    return _streaming(
        request, stream_json(head, records), "application/json; charset=utf-8", filename
    )
