"""The read-only JSON API under /api/, with its OpenAPI 3 document and an offline docs page.

django-ninja generates the OpenAPI document from the code below. The event filters are not
declared twice: the query-parameter schema is *derived* from ``EventFilter``'s filters (for
the document), and the request's query string itself goes to ``filter_events`` — the same
FilterSet as ``/`` — which alone decides what is valid. Its messages become the 400 answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.core.paginator import EmptyPage
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import DocsBase
from ninja.renderers import JSONRenderer
from pydantic import create_model

from incidents.models import Actor, Event, EventType, Source, Statement, Status, Tag

from .caching import CachedPaginator
from .citation import LICENSE_NAME, LICENSE_URL
from .exports import (
    ACTOR_VALUES,
    SOURCE_VALUES,
    ExportedEvent,
    Urls,
    event_record,
    listed,
    load_related,
)
from .exports.records import (
    ACTOR,
    STATEMENT_OWN,
    STATEMENT_RECORD,
    Part,
    Said,
    actor_record,
    source_record,
    statement_record,
)
from .filters import EventFilter, PartialDateFilter, SlugListFilter, filter_events

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class OfflineDocs(DocsBase):
    """The docs page, rendered on the server from the OpenAPI document: no CDN, no script."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        context = {
            "api": api,
            "schema": schema,
            "operations": describe_operations(schema),
            "components": describe_components(schema),
            "openapi_url": self.get_openapi_url(api, kwargs),
            "license_name": LICENSE_NAME,
            "license_url": LICENSE_URL,
        }
        return render(request, "timeline/api_docs.html", context)


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


# --- Schemas (the OpenAPI document is generated from these) --------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, for a person to read.")
    errors: dict[str, list[str]] | None = Field(
        None, description="Messages per query parameter, when parameters were invalid."
    )


class ActorRef(Schema):
    slug: str
    name: str


class ActorOut(Schema):
    slug: str
    name: str = Field(description="English name.")
    name_ru: str = Field(description="Russian name (may be empty).")
    name_ja: str = Field(description="Japanese name (may be empty).")
    kind: Literal["state", "organisation", "person", "media"]
    url: str = Field(description="The actor's page.")


class ActorDetailOut(ActorOut):
    aliases: list[str]
    description: str
    country: ActorRef | None
    events_url: str = Field(description="This actor's events in the API.")


class EventActorOut(ActorOut):
    role: Literal["initiator", "target", "participant", "mentioned"]
    title: str = Field(description="The actor's title at the time (may be empty).")


class DateOut(Schema):
    text: str = Field(
        description="As shown: “9 June 2023”, “9–12 June 2023”, “May 2023” or “2023”."
    )
    iso: str = Field(description="At the known precision: 2023-06-09, 2023-05 or 2023.")
    precision: Literal["day", "month", "year"]
    lower: dt.date = Field(description="First day the event may have happened on.")
    upper: dt.date = Field(description="Last day the event may have happened on.")
    end: dt.date | None = Field(description="Last day, for events lasting several days.")


class EventTypeRef(Schema):
    slug: str
    name: str
    plover_code: str
    cameo_code: str


class EventTypeOut(EventTypeRef):
    description: str
    count: int = Field(description="Number of published events of this type.")


class TagOut(Schema):
    slug: str
    name: str


class TagCountOut(TagOut):
    count: int = Field(description="Number of published events with this tag.")


class LocationOut(Schema):
    name: str
    latitude: float | None
    longitude: float | None


def _record_schema(name: str, parts: tuple[Part, ...]) -> type[Schema]:
    """The schema of the records that ``parts`` make (exports/records.py declares them)."""
    types = {ACTOR: ActorOut}
    fields: dict[str, Any] = {
        part.name: (
            types.get(part.type, part.type),
            Field(description=part.description) if part.description else ...,
        )
        for part in parts
    }
    return create_model(name, __base__=Schema, **fields)


StatementOut = _record_schema("StatementOut", STATEMENT_RECORD)


class StatementWithEventOut(StatementOut):
    event: str = Field(description="Slug of the event the statement belongs to.")
    event_url: str


class SourceOut(Schema):
    id: int
    url: str = Field(description="The original article (normalised).")
    title: str
    publisher: ActorRef | None
    credit: str
    author: str
    published_on: dt.date | None
    language: str
    kind: Literal["news", "wire", "official", "government", "other"]
    archive_url: str
    page_url: str = Field(description="The source's page on this site.")


class SourceDetailOut(SourceOut):
    text: str = Field(description="The stored, cleaned article text.")
    events: list[str] = Field(description="Slugs of the published events this source backs.")


class EventSourceOut(SourceOut):
    locator: str = Field(description="Where in the source, e.g. “para. 4”.")
    primary: bool


class EventOut(Schema):
    id: int
    slug: str
    url: str = Field(description="Permanent link to the event page.")
    title: str
    summary: str
    date: DateOut
    type: EventTypeRef
    actors: list[EventActorOut]
    tags: list[TagOut]
    location: LocationOut | None
    statements: list[StatementOut]
    sources: list[EventSourceOut] = Field(description="The first one is the primary source.")
    responds_to: list[str] = Field(description="Slugs of earlier events this one answers.")
    published_at: dt.datetime | None
    updated_at: dt.datetime


class Page(Schema):
    count: int = Field(description="Number of results on all pages.")
    page: int
    pages: int
    page_size: int
    next: str | None = Field(description="URL of the next page, or null.")
    previous: str | None = Field(description="URL of the previous page, or null.")


class EventPage(Page):
    results: list[EventOut]


class ActorPage(Page):
    results: list[ActorOut]


class SourcePage(Page):
    results: list[SourceOut]


class StatementPage(Page):
    results: list[StatementWithEventOut]


# --- Query parameters -----------------------------------------------------------------------


class PageQuery(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page (1–200)."
    )


def _filter_parameter(name: str, flt) -> tuple[Any, Any]:
    """A documented query parameter for one of EventFilter's filters.

    Types are deliberately loose (text, lists of text): validating is the FilterSet's job.
    """
    label = str(flt.label or name)
    if isinstance(flt, SlugListFilter):
        return list[str], Field(
            default_factory=list,
            alias=name,
            description=f"{label} slug. Repeat the parameter for several; any of them matches.",
        )
    if isinstance(flt, PartialDateFilter):
        bound = "on or after" if name == "from" else "on or before"
        return str | None, Field(
            None,
            alias=name,
            description=f"{label}: YYYY, YYYY-MM or YYYY-MM-DD. Events whose known period "
            f"overlaps dates {bound} this one.",
            examples=["2023-06"],
            # Documents the form only: the FilterSet validates (and rejects 2023-02-30).
            json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
        )
    choices = getattr(flt, "extra", {}).get("choices")
    if choices:
        values = [value for value, _text in choices]
        return str | None, Field(
            None,
            alias=name,
            description=f"{label}: "
            + ", ".join(f"`{value}` ({text})" for value, text in choices)
            + ". Default: best match first when searching, otherwise newest first.",
            json_schema_extra={"enum": values},
        )
    return str | None, Field(
        None,
        alias=name,
        description="Full-text search: words, “quoted phrases”, -excluded, or."
        if name == "q"
        else label,
    )


EventQuery = create_model(
    "EventQuery",
    __base__=PageQuery,
    **{
        # "from" is a Python keyword: the field gets a safe name and keeps its alias.
        f"{name}_": _filter_parameter(name, flt)
        for name, flt in EventFilter.base_filters.items()
    },
)


class ActorQuery(PageQuery):
    kind: Literal["state", "organisation", "person", "media"] | None = Field(
        None, description="Only actors of this kind."
    )


class SourceQuery(PageQuery):
    publisher: str | None = Field(None, description="Only sources from this publisher (slug).")


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
    # Count and page ids cached per data version (timeline/caching.py).
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
    return paginate(request, events, query, event_records)


@api.get("/events/{slug}", response={200: EventOut, 404: ErrorOut}, tags=["events"])
def get_event(request: HttpRequest, slug: str):
    """One published event, by its slug."""
    event = listed(Event.objects.published()).filter(slug=slug).first()
    if event is None:
        raise Http404
    return event_records([event], Urls(request))[0]


@api.get("/actors", response={200: ActorPage, **ERRORS}, tags=["actors"])
def list_actors(request: HttpRequest, query: Query[ActorQuery]):
    """Actors that appear in published events, by English name."""
    actors = Actor.objects.public().order_by("name_en", "pk")
    if query.kind:
        actors = actors.filter(kind=query.kind)
    return paginate(request, actors.values(*ACTOR_VALUES), query, actor_records)


@api.get("/actors/{slug}", response={200: ActorDetailOut, 404: ErrorOut}, tags=["actors"])
def get_actor(request: HttpRequest, slug: str):
    """One actor, with names, aliases and a link to their events."""
    actor = Actor.objects.public().select_related("country").filter(slug=slug).first()
    if actor is None:
        raise Http404
    urls = Urls(request)
    country = actor.country
    return {
        **actor_record({name: getattr(actor, name) for name in ACTOR_VALUES}, urls),
        "aliases": actor.alias_list,
        "description": actor.description,
        "country": {"slug": country.slug, "name": country.name_en} if country else None,
        "events_url": urls.absolute(reverse("api:events") + "?" + urlencode({"actor": actor.slug})),
    }


@api.get("/sources", response={200: SourcePage, **ERRORS}, tags=["sources"])
def list_sources(request: HttpRequest, query: Query[SourceQuery]):
    """Sources backing published events, newest first."""
    sources = Source.objects.published()
    if query.publisher:
        sources = sources.filter(publisher__slug=query.publisher)
    sources = sources.order_by("-published_on", "title", "pk").values(*SOURCE_VALUES)
    return paginate(request, sources, query, source_records)


@api.get("/sources/{source_id}", response={200: SourceDetailOut, **ERRORS}, tags=["sources"])
def get_source(request: HttpRequest, source_id: int):
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
    return {**source_record(row, Urls(request)), "text": row["text"], "events": list(events)}


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
    return paginate(request, statements, query, statement_records)


@api.get("/event-types", response=list[EventTypeOut], tags=["vocabulary"])
def list_event_types(request: HttpRequest):
    """The controlled vocabulary of event types, with PLOVER/CAMEO codes where one fits."""
    types = EventType.objects.annotate(
        count=Count("events", filter=Q(events__status=Status.PUBLISHED))
    )
    return [
        {
            "slug": t.slug,
            "name": t.name,
            "plover_code": t.plover_code,
            "cameo_code": t.cameo_code,
            "description": t.description,
            "count": t.count,
        }
        for t in types
    ]


@api.get("/tags", response=list[TagCountOut], tags=["vocabulary"])
def list_tags(request: HttpRequest):
    """Tags used by published events."""
    tags = Tag.objects.annotate(
        count=Count("events", filter=Q(events__status=Status.PUBLISHED))
    ).filter(count__gt=0)
    return [{"slug": t.slug, "name": t.name, "count": t.count} for t in tags]


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


# --- Describing the OpenAPI document for the docs page -------------------------------------


def _type_name(schema: dict[str, Any], nullable: bool = True) -> str:
    """``string``, ``list of EventOut``, ``one of asc, desc``… (``nullable=False`` for a
    query parameter, which can be absent but never null)."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if nullable or o.get("type") != "null"]
        return " or ".join(_type_name(option) for option in options)
    if schema.get("type") == "array":
        return f"list of {_type_name(schema.get('items', {}))}"
    if schema.get("type") == "object" and "additionalProperties" in schema:
        return f"object of {_type_name(schema['additionalProperties'])}"
    name = schema.get("type", "any")
    if "format" in schema:
        name += f" ({schema['format']})"
    return name


def _ref_name(schema: dict[str, Any]) -> str:
    """The component a response is made of (itself, or the items of a list)."""
    target = schema.get("items", schema) if schema.get("type") == "array" else schema
    return target.get("$ref", "").rsplit("/", 1)[-1]


def describe_operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": _type_name(parameter.get("schema", {}), nullable=False),
                    "description": parameter.get("description")
                    or parameter.get("schema", {}).get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            responses = []
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                responses.append(
                    {
                        "status": status,
                        "description": response.get("description", ""),
                        "type": _type_name(content.get("schema", {})) if content else "",
                        "ref": _ref_name(content.get("schema", {})) if content else "",
                    }
                )
            operations.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": responses,
                }
            )
    return operations


def describe_components(schema: dict[str, Any]) -> list[dict[str, Any]]:
    components = []
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        required = set(component.get("required", []))
        components.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "type": _type_name(spec),
                        "required": field in required,
                        "description": spec.get("description", ""),
                    }
                    for field, spec in component.get("properties", {}).items()
                ],
            }
        )
    return components
