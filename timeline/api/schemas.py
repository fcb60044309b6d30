"""The API's response schemas and query parameters: the OpenAPI document is generated from these."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.utils import translation
from ninja import Field, Schema
from pydantic import create_model

from ..exports.records import (
    ACTOR,
    STATEMENT_RECORD,
    Part,
)
from ..public.filters import EventFilter, PartialDateFilter, SlugListFilter
from .labels import LANG_DESCRIPTION, Language

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


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


class PlaceRef(Schema):
    slug: str = Field(description="The place's page is /places/<slug>/; `place=<slug>` filters.")
    name: str = Field(description="English name (a contested place's carries every name).")
    name_ja: str
    name_ru: str


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
    title_ja: str = Field(description="The title in Japanese; empty while not yet translated.")
    title_ru: str = Field(description="The title in Russian; empty while not yet translated.")
    summary_ja: str = Field(description="The summary in Japanese; empty while not translated.")
    summary_ru: str = Field(description="The summary in Russian; empty while not translated.")
    date: DateOut
    type: EventTypeRef
    actors: list[EventActorOut]
    tags: list[TagOut]
    places: list[PlaceRef] = Field(description="The gazetteer's places it happened in.")
    location: LocationOut | None
    statements: list[StatementOut]
    sources: list[EventSourceOut] = Field(description="The first one is the primary source.")
    responds_to: list[str] = Field(description="Slugs of earlier events this one answers.")
    responses: list[str] = Field(
        description="Slugs of the published events that answer this one, in slug order."
    )
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


class LangQuery(Schema):
    lang: Language = Field("en", description=LANG_DESCRIPTION)


class PageQuery(LangQuery):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page (1–200)."
    )


def _filter_parameter(name: str, flt) -> tuple[Any, Any]:
    """A documented query parameter for one of EventFilter's filters.

    Types are deliberately loose (text, lists of text): validating is the FilterSet's job.
    """
    with translation.override("en"):  # the API documents itself in English
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
