"""CSV and JSON exports of exactly the events that ``/`` shows for the same query string.

The events come from ``filter_events`` (the timeline's own FilterSet), all pages of them.
Responses are streamed: the queryset is read in chunks of ``CHUNK_SIZE`` with the related
rows prefetched per chunk, so memory stays flat and the number of queries grows by a
constant per chunk, however many events match.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from incidents.models import Event, EventActor, EventSource, Statement

from .citation import LICENSE_NAME, LICENSE_URL, cite_dataset
from .filters import EventFilter, filter_events

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

UrlBuilder = Callable[[str], str]


# --- Querying -------------------------------------------------------------------------------


def with_related(events: QuerySet[Event]) -> QuerySet[Event]:
    """Everything an event record shows, in a fixed number of queries per batch of events."""
    return events.select_related("event_type").prefetch_related(
        Prefetch(
            "actor_roles",
            queryset=EventActor.objects.select_related("actor").order_by("position", "id"),
        ),
        "tags",
        Prefetch(
            "statements",
            queryset=Statement.objects.select_related("speaker", "source__publisher").order_by(
                "position", "said_on", "id"
            ),
        ),
        Prefetch(
            "source_links",
            queryset=EventSource.objects.select_related("source__publisher").order_by(
                "position", "id"
            ),
        ),
        # Only published events may be named, even when a published event answers a draft.
        Prefetch("responds_to", queryset=Event.objects.published().only("slug").order_by()),
    )


def iter_events(events: QuerySet[Event], chunk_size: int = CHUNK_SIZE) -> Iterator[Event]:
    return with_related(events).iterator(chunk_size=chunk_size)


# --- Records (shared with the API) ----------------------------------------------------------


def actor_record(actor, absolute: UrlBuilder) -> dict[str, Any]:
    return {
        "slug": actor.slug,
        "name": actor.name_en,
        "name_ru": actor.name_ru,
        "name_ja": actor.name_ja,
        "kind": actor.kind,
        "url": absolute(actor.get_absolute_url()),
    }


def event_record(event: Event, absolute: UrlBuilder) -> dict[str, Any]:
    """One event with its actors, tags, statements and sources (the JSON export and API shape)."""
    location = None
    if event.location_name or event.latitude is not None:
        location = {
            "name": event.location_name,
            "latitude": float(event.latitude) if event.latitude is not None else None,
            "longitude": float(event.longitude) if event.longitude is not None else None,
        }
    links = list(event.source_links.all())
    return {
        "id": event.pk,
        "slug": event.slug,
        "url": absolute(event.get_absolute_url()),
        "title": event.title,
        "summary": event.summary,
        "date": {
            "text": event.date_display,
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
        "actors": [
            {**actor_record(role.actor, absolute), "role": role.role, "title": role.title}
            for role in event.actor_roles.all()
        ],
        "tags": [{"slug": tag.slug, "name": tag.name} for tag in event.tags.all()],
        "location": location,
        "statements": [statement_record(s, absolute) for s in event.statements.all()],
        "sources": [
            {
                **source_record(link.source, absolute),
                "locator": link.locator,
                "primary": index == 0,
            }
            for index, link in enumerate(links)
        ],
        "responds_to": sorted(other.slug for other in event.responds_to.all()),
        "published_at": event.published_at,
        "updated_at": event.updated_at,
    }


def statement_record(statement: Statement, absolute: UrlBuilder) -> dict[str, Any]:
    return {
        "id": statement.pk,
        "speaker": actor_record(statement.speaker, absolute),
        "speaker_title": statement.speaker_title,
        "kind": statement.kind,
        "text": statement.text,
        "language": statement.language,
        "original_text": statement.original_text,
        "original_language": statement.original_language,
        "date": statement.said_on,
        "source_url": statement.source.url,
        "source_title": statement.source.title,
    }


def source_record(source, absolute: UrlBuilder) -> dict[str, Any]:
    publisher = source.publisher
    return {
        "id": source.pk,
        "url": source.url,
        "title": source.title,
        "publisher": {"slug": publisher.slug, "name": publisher.name_en} if publisher else None,
        "credit": source.credit,
        "author": source.author,
        "published_on": source.published_on,
        "language": source.language,
        "kind": source.kind,
        "archive_url": source.archive_url,
        "page_url": absolute(source.get_absolute_url()),
    }


# --- CSV ------------------------------------------------------------------------------------


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _iso(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value else ""


def event_row(event: Event, absolute: UrlBuilder) -> list[Any]:
    roles = list(event.actor_roles.all())
    links = list(event.source_links.all())
    publishers = []
    for link in links:
        name = link.source.publisher.name_en if link.source.publisher else ""
        if name and name not in publishers:
            publishers.append(name)
    return [
        event.pk,
        absolute(event.get_absolute_url()),
        event.date_display,
        event.date_precision,
        _iso(event.date_lower),
        _iso(event.date_upper),
        _iso(event.end_date),
        event.title,
        event.event_type.slug,
        event.event_type.name,
        event.event_type.plover_code,
        event.event_type.cameo_code,
        LIST_SEPARATOR.join(f"{role.actor.name_en} ({role.role})" for role in roles),
        LIST_SEPARATOR.join(role.actor.slug for role in roles),
        LIST_SEPARATOR.join(tag.name for tag in event.tags.all()),
        event.location_name,
        "" if event.latitude is None else str(event.latitude),
        "" if event.longitude is None else str(event.longitude),
        event.summary,
        len(event.statements.all()),
        LIST_SEPARATOR.join(link.source.url for link in links),
        LIST_SEPARATOR.join(publishers),
        _iso(event.published_at),
        _iso(event.updated_at),
    ]


def statement_rows(event: Event, absolute: UrlBuilder) -> Iterator[list[Any]]:
    permalink = absolute(event.get_absolute_url())
    for statement in event.statements.all():
        source = statement.source
        yield [
            statement.pk,
            event.pk,
            permalink,
            event.title,
            statement.speaker.name_en,
            statement.speaker.slug,
            statement.speaker_title,
            _iso(statement.said_on),
            statement.kind,
            statement.language,
            statement.text,
            statement.original_language,
            statement.original_text,
            source.url,
            source.title,
            source.publisher.name_en if source.publisher else "",
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


@require_GET
def events_csv(request: HttpRequest) -> StreamingHttpResponse:
    filterset, events = filter_events(request.GET)
    absolute = request.build_absolute_uri
    rows = (event_row(event, absolute) for event in iter_events(events))
    filename = export_filename(filterset, "events", "csv", timezone.localdate())
    return _streaming(request, stream_csv(EVENT_COLUMNS, rows), "text/csv; charset=utf-8", filename)


@require_GET
def statements_csv(request: HttpRequest) -> StreamingHttpResponse:
    filterset, events = filter_events(request.GET)
    absolute = request.build_absolute_uri
    rows = (row for event in iter_events(events) for row in statement_rows(event, absolute))
    filename = export_filename(filterset, "statements", "csv", timezone.localdate())
    return _streaming(
        request, stream_csv(STATEMENT_COLUMNS, rows), "text/csv; charset=utf-8", filename
    )


@require_GET
def events_json(request: HttpRequest) -> StreamingHttpResponse:
    filterset, events = filter_events(request.GET)
    absolute = request.build_absolute_uri
    query_string = filterset.query_string()
    timeline_url = absolute(reverse("timeline:index")) + (
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
    records = (event_record(event, absolute) for event in iter_events(events))
    filename = export_filename(filterset, "events", "json", timezone.localdate())
    return _streaming(
        request, stream_json(head, records), "application/json; charset=utf-8", filename
    )
