"""The records that the JSON export and the API show, built from value rows (no model
instances): actors, sources, statements and events, and the absolute URLs they link to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from django.http import HttpRequest
from django.urls import reverse

from incidents.dates import PartialDate

if TYPE_CHECKING:
    from .loading import Related

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


class Said(NamedTuple):
    """What a statement record is made of: the statement's own values (in the order of
    STATEMENT_OWN), its speaker's actor_record() and its source's source_record()."""

    id: int
    speaker_title: str
    kind: str
    text: str
    language: str
    original_text: str
    original_language: str
    said_on: dt.date | None
    source_check: str
    speaker: dict[str, Any]
    source: dict[str, Any]


STATEMENT_OWN = Said._fields[:-2]

ACTOR = "actor"  # the type of a field holding an actor_record() (the API's ActorOut)


class Part(NamedTuple):
    """One field of a record: its name, its value, and its type and description for the
    API's schema (timeline/api/schemas.py builds StatementOut from these)."""

    name: str
    value: Callable[[Said], Any]
    type: Any
    description: str | None = None


def _publisher(said: Said) -> str:
    publisher = said.source["publisher"]
    return publisher["name"] if publisher else ""


STATEMENT_RECORD = (
    Part("id", attrgetter("id"), int),
    Part("speaker", attrgetter("speaker"), ACTOR),
    Part("speaker_title", attrgetter("speaker_title"), str, "The speaker's title at the time."),
    Part("kind", attrgetter("kind"), Literal["quote", "paraphrase"]),
    Part("text", attrgetter("text"), str),
    Part("language", attrgetter("language"), str),
    Part(
        "original_text",
        attrgetter("original_text"),
        str,
        "Original-language text, when `text` is a translation.",
    ),
    Part("original_language", attrgetter("original_language"), str),
    Part("date", attrgetter("said_on"), dt.date | None, "When it was said, if known."),
    Part(
        "source_url",
        lambda said: said.source["url"],
        str,
        "The article the statement was taken from.",
    ),
    Part("source_title", lambda said: said.source["title"], str),
    Part("source_publisher", _publisher, str, "Its publisher (may be empty)."),
    Part(
        "source_check",
        attrgetter("source_check"),
        Literal["verified", "confirmed", "unverified"],
        "Whether the source is known to print the statement: `verified` (its words were found "
        "in the source's stored text), `confirmed` (an editor read them in the article) or "
        "`unverified` (source not verified: nobody has found them in the linked article).",
    ),
)


def statement_record(said: Said) -> dict[str, Any]:
    """A statement as the JSON export and the API show it."""
    return {part.name: part.value(said) for part in STATEMENT_RECORD}


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
    title_ja: str
    title_ru: str
    summary_ja: str
    summary_ru: str

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
    "title_ja",
    "title_ru",
    "summary_ja",
    "summary_ru",
)


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
        # The project's Japanese and Russian text ("" while not yet translated).
        "title_ja": event.title_ja,
        "title_ru": event.title_ru,
        "summary_ja": event.summary_ja,
        "summary_ru": event.summary_ru,
        "date": {
            "text": event.partial_date.span(event.end_date),
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
        "places": related.places.get(event.pk, []),
        "location": location,
        "statements": related.statements.get(event.pk, []),
        "sources": related.source_records(event.pk),
        "responds_to": related.responds_to.get(event.pk, []),
        "responses": related.responses.get(event.pk, []),
        "published_at": event.published_at,
        "updated_at": event.updated_at,
    }
