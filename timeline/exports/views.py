"""The export views: CSV and JSON of exactly the events that ``/`` shows for the same query
string, streamed, with the licence and a citation attached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from incidents.models import Event

from ..public.filters import EventFilter, filter_events
from ..public.references import LICENSE_NAME, LICENSE_URL, cite_dataset
from .columns import EVENT_COLUMNS, STATEMENT_COLUMNS, event_row, statement_rows
from .copy import can_copy, copy_events_csv, copy_statements_csv
from .loading import RelatedLoader, iter_events, load_summaries
from .records import Urls, event_record
from .writers import stream_csv, stream_json


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


def write_events_csv(events: QuerySet[Event], urls: Urls) -> Iterator[str | bytes]:
    if can_copy(events):
        return copy_events_csv(events, urls)
    loader = RelatedLoader(urls)
    rows = (
        event_row(event, summaries.get(event.pk), urls)
        for event, summaries in iter_events(events, lambda ids: load_summaries(ids, loader))
    )
    return stream_csv(EVENT_COLUMNS, rows)


def write_statements_csv(events: QuerySet[Event], urls: Urls) -> Iterator[str | bytes]:
    if can_copy(events):
        return copy_statements_csv(events, urls)
    rows = (
        row
        for event, related in iter_events(events, RelatedLoader(urls).load)
        for row in statement_rows(event, related, urls)
    )
    return stream_csv(STATEMENT_COLUMNS, rows)


def _csv_export(
    request: HttpRequest, what: str, write: Callable[[QuerySet[Event], Urls], Iterator]
) -> StreamingHttpResponse:
    filterset, events = filter_events(request.GET)
    content = write(events, Urls(request))
    filename = export_filename(filterset, what, "csv", timezone.localdate())
    return _streaming(request, content, "text/csv; charset=utf-8", filename)


@require_safe
def events_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv_export(request, "events", write_events_csv)


@require_safe
def statements_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv_export(request, "statements", write_statements_csv)


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
