"""The read-only JSON API under /api/: the NinjaAPI, its endpoints and error answers.

Response schemas and query parameters are in schemas.py, the offline docs page in docs.py.
django-ninja generates the OpenAPI document from these. The event filters are not
declared twice: the query-parameter schema is *derived* from ``EventFilter``'s filters (for
the document), and the request's query string itself goes to ``filter_events`` — the same
FilterSet as ``/`` — which alone decides what is valid. Its messages become the 400 answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import EmptyPage
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from incidents.models import Actor, Event, EventType, Source, Statement, Status, Tag

from ..exports import (
    ACTOR_VALUES,
    SOURCE_VALUES,
    ExportedEvent,
    Urls,
    event_record,
    listed,
    load_related,
)
from ..exports.records import (
    STATEMENT_OWN,
    Said,
    actor_record,
    source_record,
    statement_record,
)
from ..public.caching import CachedPaginator
from ..public.filters import filter_events
from ..public.references import LICENSE_NAME
from .docs import OfflineDocs
from .labels import Labels
from .schemas import (
    ActorDetailOut,
    ActorPage,
    ActorQuery,
    ErrorOut,
    EventOut,
    EventPage,
    EventQuery,
    EventTypeOut,
    LangQuery,
    PageQuery,
    SourceDetailOut,
    SourcePage,
    SourceQuery,
    StatementPage,
    TagCountOut,
)


class UnicodeJSONRenderer(JSONRenderer):
    """Cyrillic and Japanese as themselves, not as \\u escapes (half the size, readable)."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Russia–Japan Incident Timeline API",
    version="1",
    description=(
        "Read-only access to the published events, actors, sources and statements. "
        "`/api/events` and `/api/statements` take the timeline's filters — the same query "
        f"string as the timeline page `/`. Data licensed {LICENSE_NAME}."
    ),
    urls_namespace="api",
    docs=OfflineDocs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=UnicodeJSONRenderer(),
)


# --- Helpers --------------------------------------------------------------------------------


class BadFilters(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(errors)


def _filtered_events(request: HttpRequest) -> QuerySet[Event]:
    filterset, events = filter_events(request.GET)
    if filterset.errors:
        raise BadFilters({name: list(messages) for name, messages in filterset.errors.items()})
    return events


def _page_url(request: HttpRequest, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def paginate(
    request: HttpRequest, queryset, query: PageQuery, records: Callable[[list, Urls], list]
) -> dict[str, Any]:
    """One page of ``queryset`` with links to the pages around it.

    ``records`` turns the page's objects into response records, all at once (so that what
    hangs from them is loaded in a fixed number of queries).
    """
    # Count and page ids cached per data version (timeline/public/caching.py).
    paginator = CachedPaginator(queryset, query.page_size)
    try:
        page = paginator.page(query.page)
    except EmptyPage:
        raise HttpError(
            404, f"Page {query.page} does not exist; the last page is {paginator.num_pages}."
        ) from None
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "page_size": query.page_size,
        "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_url(request, page.previous_page_number())
        if page.has_previous()
        else None,
        "results": records(list(page.object_list), Urls(request)),
    }


def event_records(rows: list[tuple], urls: Urls) -> list[dict[str, Any]]:
    """Records of ``listed()`` rows, in their order."""
    events = [ExportedEvent._make(row) for row in rows]
    related = load_related([event.pk for event in events], urls)
    return [event_record(event, related, urls) for event in events]


def actor_records(rows: list[dict[str, Any]], urls: Urls) -> list[dict[str, Any]]:
    return [actor_record(row, urls) for row in rows]


def source_records(rows: list[dict[str, Any]], urls: Urls) -> list[dict[str, Any]]:
    return [source_record(row, urls) for row in rows]


# A statement's own values, its speaker's and its source's, and its event's slug.
STATEMENT_ROW = (
    *STATEMENT_OWN,
    *(f"speaker__{name}" for name in ACTOR_VALUES),
    *(f"source__{name}" for name in SOURCE_VALUES),
    "event__slug",
)


def statement_records(rows: list[dict[str, Any]], urls: Urls) -> list[dict[str, Any]]:
    return [
        {
            **statement_record(
                Said(
                    *(row[name] for name in STATEMENT_OWN),
                    speaker=actor_record(row, urls, "speaker__"),
                    source=source_record(row, urls, "source__"),
                )
            ),
            "event": row["event__slug"],
            "event_url": urls.event(row["event__slug"]),
        }
        for row in rows
    ]


def _in_order_of(events: QuerySet[Event]) -> tuple[dict[str, Any], list[str]]:
    """How to order a statement by its event as ``events`` are ordered (the timeline's
    order: best match first when searching, then by date): aliases and order_by terms.

    A value the events' query computes (a search's rank) is taken from that query, for the
    statement's event; the others are the event's own columns.
    """
    aliases: dict[str, Any] = {}
    terms = []
    for term in events.query.order_by:
        if not isinstance(term, str):  # an expression: EventFilter.ordered() gives none today
            raise TypeError(f"Cannot order statements by their events' {term!r}.")
        name = term.removeprefix("-")
        if name in events.query.annotations:
            path = f"event_{name}"
            own = events.filter(pk=OuterRef("event_id")).order_by().values(name)[:1]
            aliases[path] = Subquery(own)
        else:
            path = "event_id" if name == "pk" else f"event__{name}"
        terms.append(f"-{path}" if term.startswith("-") else path)
    return aliases, terms


ERRORS = {400: ErrorOut, 404: ErrorOut}


# --- Endpoints ------------------------------------------------------------------------------


@api.get("/events", response={200: EventPage, **ERRORS}, tags=["events"], url_name="events")
def list_events(request: HttpRequest, query: Query[EventQuery]):
    """Published events matching the timeline's filters, in the timeline's order.

    Exactly the events that `/` shows for the same query string. Invalid filter values
    give a 400 with one message per parameter.
    """
    events = listed(_filtered_events(request))
    labels = Labels(query.lang)
    return paginate(
        request, events, query, lambda rows, urls: labels.events(event_records(rows, urls))
    )


@api.get("/events/{slug}", response={200: EventOut, **ERRORS}, tags=["events"])
def get_event(request: HttpRequest, slug: str, query: Query[LangQuery]):
    """One published event, by its slug."""
    event = listed(Event.objects.published()).filter(slug=slug).first()
    if event is None:
        raise Http404
    return Labels(query.lang).events(event_records([event], Urls(request)))[0]


@api.get("/actors", response={200: ActorPage, **ERRORS}, tags=["actors"])
def list_actors(request: HttpRequest, query: Query[ActorQuery]):
    """Actors that appear in published events, by English name."""
    actors = Actor.objects.public().order_by("name_en", "pk")
    if query.kind:
        actors = actors.filter(kind=query.kind)
    labels = Labels(query.lang)
    return paginate(
        request,
        actors.values(*ACTOR_VALUES),
        query,
        lambda rows, urls: labels.actors(actor_records(rows, urls)),
    )


@api.get("/actors/{slug}", response={200: ActorDetailOut, **ERRORS}, tags=["actors"])
def get_actor(request: HttpRequest, slug: str, query: Query[LangQuery]):
    """One actor, with names, aliases and a link to their events."""
    actor = Actor.objects.public().select_related("country").filter(slug=slug).first()
    if actor is None:
        raise Http404
    urls = Urls(request)
    country = actor.country
    return Labels(query.lang).actor(
        {
            **actor_record({name: getattr(actor, name) for name in ACTOR_VALUES}, urls),
            "aliases": actor.alias_list,
            "description": actor.description,
            "country": {"slug": country.slug, "name": country.name_en} if country else None,
            "events_url": urls.absolute(
                reverse("api:events") + "?" + urlencode({"actor": actor.slug})
            ),
        }
    )


@api.get("/sources", response={200: SourcePage, **ERRORS}, tags=["sources"])
def list_sources(request: HttpRequest, query: Query[SourceQuery]):
    """Sources backing published events, newest first."""
    sources = Source.objects.published()
    if query.publisher:
        sources = sources.filter(publisher__slug=query.publisher)
    sources = sources.order_by("-published_on", "title", "pk").values(*SOURCE_VALUES)
    labels = Labels(query.lang)
    return paginate(
        request, sources, query, lambda rows, urls: labels.sources(source_records(rows, urls))
    )


@api.get("/sources/{source_id}", response={200: SourceDetailOut, **ERRORS}, tags=["sources"])
def get_source(request: HttpRequest, source_id: int, query: Query[LangQuery]):
    """One source, with its stored text and the published events it backs."""
    source = Source.objects.published().filter(pk=source_id).values(*SOURCE_VALUES, "text")
    row = source.first()
    if row is None:
        raise Http404
    events = (
        Event.objects.published()
        .filter(source_links__source_id=source_id)
        .order_by("-date_lower", "pk")
        .values_list("slug", flat=True)
        .distinct()
    )
    (record,) = Labels(query.lang).sources([source_record(row, Urls(request))])
    return {**record, "text": row["text"], "events": list(events)}


@api.get("/statements", response={200: StatementPage, **ERRORS}, tags=["statements"])
def list_statements(request: HttpRequest, query: Query[EventQuery]):
    """Statements of the published events matching the timeline's filters.

    Grouped by event in the timeline's order (best match first when searching, otherwise by
    date: `order`), then as on the event page: the order of the statements CSV.
    """
    events = _filtered_events(request)
    aliases, event_order = _in_order_of(events)
    statements = (
        Statement.objects.published()
        .filter(event__in=events.order_by().values("pk"))
        .alias(**aliases)
        .order_by(*event_order, "position", "said_on", "id")
        .values(*STATEMENT_ROW)
    )
    labels = Labels(query.lang)
    return paginate(
        request,
        statements,
        query,
        lambda rows, urls: labels.statements(statement_records(rows, urls)),
    )


@api.get("/event-types", response={200: list[EventTypeOut], 400: ErrorOut}, tags=["vocabulary"])
def list_event_types(request: HttpRequest, query: Query[LangQuery]):
    """The controlled vocabulary of event types, with PLOVER/CAMEO codes where one fits."""
    types = EventType.objects.annotate(
        count=Count("events", filter=Q(events__status=Status.PUBLISHED))
    )
    return Labels(query.lang).vocabulary(
        EventType,
        [
            {
                "slug": t.slug,
                "name": t.name,
                "plover_code": t.plover_code,
                "cameo_code": t.cameo_code,
                "description": t.description,
                "count": t.count,
            }
            for t in types
        ],
    )


@api.get("/tags", response={200: list[TagCountOut], 400: ErrorOut}, tags=["vocabulary"])
def list_tags(request: HttpRequest, query: Query[LangQuery]):
    """Tags used by published events."""
    tags = Tag.objects.annotate(
        count=Count("events", filter=Q(events__status=Status.PUBLISHED))
    ).filter(count__gt=0)
    return Labels(query.lang).vocabulary(
        Tag, [{"slug": t.slug, "name": t.name, "count": t.count} for t in tags]
    )


# --- Errors: JSON with the right status, never a 500 page ------------------------------------


@api.exception_handler(BadFilters)
def bad_filters(request: HttpRequest, exc: BadFilters) -> HttpResponse:
    body = {"detail": "Invalid query parameters.", "errors": exc.errors}
    return api.create_response(request, body, status=400)


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        errors.setdefault(location[0] if location else "request", []).append(error["msg"])
    body = {"detail": "Invalid query parameters.", "errors": errors}
    return api.create_response(request, body, status=400)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)
