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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from incidents.models import Event, EventActor, EventSource, Statement, Status

from .citation import LICENSE_NAME, LICENSE_URL, cite_dataset
from .filters import EventFilter, filter_events
from .templatetags.timeline_tags import event_dates  # the dates as the pages show them

CHUNK_SIZE = 500
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

EVENT_UNUSED = ("search_text", "search_vector", "review_note")
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


@dataclass
class Related:
    """What hangs from a batch of events, by event id: five queries, whatever the batch size."""

    actors: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    tags: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    statements: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    sources: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    responds_to: dict[int, list[str]] = field(default_factory=dict)


def load_related(event_ids: list[int], urls: Urls) -> Related:
    """Actors, tags, statements, sources and (published) responses of the given events.

    Plain value rows, not model instances with prefetch caches: several times faster, and
    nothing refers back to the events, so each batch is freed as soon as it is written.
    """
    related = Related()
    if not event_ids:
        return related
    roles = (
        EventActor.objects.filter(event_id__in=event_ids)
        .order_by("event_id", "position", "id")
        .values("event_id", "role", "title", *(f"actor__{name}" for name in ACTOR_VALUES))
    )
    for row in roles:
        record = {**actor_record(row, urls, "actor__"), "role": row["role"], "title": row["title"]}
        related.actors.setdefault(row["event_id"], []).append(record)
    tags = (
        Event.tags.through.objects.filter(event_id__in=event_ids)
        .order_by("tag__name")
        .values_list("event_id", "tag__slug", "tag__name")
    )
    for event_id, slug, name in tags:
        related.tags.setdefault(event_id, []).append({"slug": slug, "name": name})
    statements = (
        Statement.objects.filter(event_id__in=event_ids)
        .order_by("event_id", "position", "said_on", "id")
        .values(*STATEMENT_VALUES)
    )
    for row in statements:
        related.statements.setdefault(row["event_id"], []).append(statement_record(row, urls))
    links = (
        EventSource.objects.filter(event_id__in=event_ids)
        .order_by("event_id", "position", "id")
        .values("event_id", "locator", *(f"source__{name}" for name in SOURCE_VALUES))
    )
    for row in links:
        sources = related.sources.setdefault(row["event_id"], [])
        record = {**source_record(row, urls, "source__"), "locator": row["locator"]}
        sources.append({**record, "primary": not sources})
    # Only published events may be named, even when a published event answers a draft.
    responses = (
        Event.responds_to.through.objects.filter(
            from_event_id__in=event_ids, to_event__status=Status.PUBLISHED
        )
        .order_by("to_event__slug")
        .values_list("from_event_id", "to_event__slug")
    )
    for event_id, slug in responses:
        related.responds_to.setdefault(event_id, []).append(slug)
    return related


def listed(events: QuerySet[Event]) -> QuerySet[Event]:
    """The events' own columns (not the search index) and their type, in one query."""
    return events.defer(*EVENT_UNUSED).select_related("event_type")


def iter_events(
    events: QuerySet[Event], urls: Urls, chunk_size: int = CHUNK_SIZE
) -> Iterator[tuple[Event, Related]]:
    """Every event with what hangs from it, read ``chunk_size`` at a time."""
    rows = listed(events).iterator(chunk_size=chunk_size)
    for chunk in itertools.batched(rows, chunk_size):
        related = load_related([event.pk for event in chunk], urls)
        for event in chunk:
            yield event, related


def event_record(event: Event, related: Related, urls: Urls) -> dict[str, Any]:
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
            "slug": event.event_type.slug,
            "name": event.event_type.name,
            "plover_code": event.event_type.plover_code,
            "cameo_code": event.event_type.cameo_code,
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


def event_row(event: Event, related: Related, urls: Urls) -> list[Any]:
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
        event.event_type.slug,
        event.event_type.name,
        event.event_type.plover_code,
        event.event_type.cameo_code,
        LIST_SEPARATOR.join(f"{actor['name']} ({actor['role']})" for actor in actors),
        LIST_SEPARATOR.join(actor["slug"] for actor in actors),
        LIST_SEPARATOR.join(tag["name"] for tag in related.tags.get(event.pk, [])),
        event.location_name,
        "" if event.latitude is None else str(event.latitude),
        "" if event.longitude is None else str(event.longitude),
        event.summary,
        len(related.statements.get(event.pk, [])),
        LIST_SEPARATOR.join(source["url"] for source in sources),
        LIST_SEPARATOR.join(publishers),
        _iso(event.published_at),
        _iso(event.updated_at),
    ]


def statement_rows(event: Event, related: Related, urls: Urls) -> Iterator[list[Any]]:
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
    rows = (event_row(event, related, urls) for event, related in iter_events(events, urls))
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
