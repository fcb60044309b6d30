"""The API's ``lang=`` parameter: human labels in Japanese or Russian, field names in English.

With ``lang=ja`` or ``lang=ru`` the names a person reads — actors (speakers, publishers,
countries), event types, tags — are the record's names in that language where it has them,
English otherwise, and an event's ``date.text`` is written as that language writes dates
(timeline/public/dates.py). Everything a program reads stays as it is: field names, slugs,
codes, ISO dates, the record's own text. The records are built once, in English, by the
exports' code (timeline/exports/records.py); this module relabels copies of them. A
statement's ``source_publisher`` (plain text, no slug) and an event's ``location`` (the
editor's text) stay as recorded.

An event type or a tag gets its translated name as soon as its model has a ``name_ja`` /
``name_ru`` field: ``localized_names`` looks for the field rather than naming the models.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import translation

from incidents.models import Actor, EventType, Tag

from ..public import dates

Language = Literal["en", "ja", "ru"]
LANG_DESCRIPTION = (
    "Language of the labels: names of actors, event types and tags (where the record has "
    "them in that language, English otherwise) and the date's `text`. Field names, slugs, "
    "codes and ISO dates stay the same."
)

Record = dict[str, Any]


def localized_names(model: type[Model], slugs: set[str], lang: str) -> dict[str, str]:
    """``{slug: name in lang}`` for those of ``slugs`` that have one (none in English, or
    when the model has no such field yet)."""
    if lang == "en" or not slugs:
        return {}
    try:
        model._meta.get_field(f"name_{lang}")
    except FieldDoesNotExist:
        return {}
    rows = model._default_manager.filter(slug__in=slugs).values_list("slug", f"name_{lang}")
    return {slug: name for slug, name in rows if name}


def _renamed(ref: Record | None, names: dict[str, str]) -> Record | None:
    if not ref or ref["slug"] not in names:
        return ref
    return {**ref, "name": names[ref["slug"]]}


class Labels:
    """Relabels the records of one response in ``lang``. Actor records carry all their names
    (``name``, ``name_ru``, ``name_ja``); publishers, countries, types and tags are looked up,
    one query per kind."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def _names(self, model: type[Model], refs) -> dict[str, str]:
        return localized_names(model, {ref["slug"] for ref in refs if ref}, self.lang)

    def _date_text(self, date: Record) -> str:
        with translation.override(self.lang):
            return dates.date_span(
                date["precision"], _as_date(date["lower"]), _as_date(date["end"])
            )

    def events(self, records: list[Record]) -> list[Record]:
        if self.lang == "en":
            return records
        publishers = self._names(Actor, [s["publisher"] for e in records for s in e["sources"]])
        types = self._names(EventType, [event["type"] for event in records])
        tags = self._names(Tag, [tag for event in records for tag in event["tags"]])
        return [
            {
                **event,
                "date": {**event["date"], "text": self._date_text(event["date"])},
                "type": _renamed(event["type"], types),
                "actors": self.actors(event["actors"]),
                "tags": [_renamed(tag, tags) for tag in event["tags"]],
                "statements": self.statements(event["statements"]),
                "sources": [_with_publisher(s, publishers) for s in event["sources"]],
            }
            for event in records
        ]

    def statements(self, records: list[Record]) -> list[Record]:
        if self.lang == "en":
            return records
        return [{**record, "speaker": self._own(record["speaker"])} for record in records]

    def sources(self, records: list[Record]) -> list[Record]:
        if self.lang == "en":
            return records
        publishers = self._names(Actor, [record["publisher"] for record in records])
        return [_with_publisher(record, publishers) for record in records]

    def actors(self, records: list[Record]) -> list[Record]:
        if self.lang == "en":
            return records
        return [self._own(record) for record in records]

    def actor(self, record: Record) -> Record:
        if self.lang == "en":
            return record
        countries = self._names(Actor, [record["country"]])
        return {**self._own(record), "country": _renamed(record["country"], countries)}

    def vocabulary(self, model: type[Model], records: list[Record]) -> list[Record]:
        """Event types or tags."""
        names = self._names(model, records)
        return [_renamed(record, names) for record in records]

    def _own(self, record: Record) -> Record:
        return {**record, "name": record.get(f"name_{self.lang}") or record["name"]}


def _with_publisher(source: Record, publishers: dict[str, str]) -> Record:
    return {**source, "publisher": _renamed(source["publisher"], publishers)}


def _as_date(value: dt.date | str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
