"""Making a release: the published record as CSV and JSON files, its Frictionless data
package, counts, checksums and the changelog from the previous release, saved once.

The rows are the exports' own (timeline/exports/: the column table, the loaders, the
records), so a release and ``/export.csv`` never disagree on what a column means. An event
that an earlier release published and the record no longer does is *withdrawn*: it stays in
the new release as the last release held it, marked withdrawn, and nothing of its current
(unpublished) state is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import orjson
from django.db import transaction
from django.utils import timezone

from incidents.models import Actor, Event, Place, Release, ReleaseEntry, ReleaseFile, Source

from ..exports.columns import EVENT_TABLE, STATEMENT_TABLE, event_row, header, statement_rows
from ..exports.loading import RelatedLoader, iter_events, load_summaries
from ..exports.records import (
    ACTOR_VALUES,
    SOURCE_VALUES,
    Urls,
    actor_record,
    event_record,
    source_record,
)
from ..exports.writers import stream_csv
from .package import (
    ACTOR_FIELDS,
    EVENTS_CSV,
    PLACE_FIELDS,
    RECORD_JSON,
    SOURCE_FIELDS,
    STATE_COLUMN,
    datapackage,
)

# The parts of an event record the changelog compares (the URL and timestamps follow).
COMPARED = (
    "title",
    "summary",
    "date",
    "type",
    "actors",
    "tags",
    "location",
    "statements",
    "sources",
    "responds_to",
)


class SiteUrls(Urls):
    """Absolute URLs on the public site (``settings.SITE_URL``), without a request."""

    class _Site:
        def __init__(self, base: str) -> None:
            self.base = base.rstrip("/")

        def build_absolute_uri(self, path: str) -> str:
            return self.base + path

    def __init__(self, base: str) -> None:
        super().__init__(self._Site(base))  # type: ignore[arg-type]


def next_version(today: dt.date, taken: Iterable[str]) -> str:
    """``2026.12.01``, or ``2026.12.01.2`` and on for more releases the same day."""
    base = today.strftime("%Y.%m.%d")
    taken = set(taken)
    if base not in taken:
        return base
    return next(f"{base}.{n}" for n in range(2, 10_000) if f"{base}.{n}" not in taken)


def _csv_bytes(columns: Iterable[str], rows: Iterable[list[Any]]) -> bytes:
    return "".join(stream_csv(columns, rows)).encode("utf-8")


def _plain(value: Any) -> Any:
    """``value`` as JSON gives it back (dates as text): what the file holds and entries keep."""
    return orjson.loads(orjson.dumps(value))


@dataclass
class Contents:
    """The published record read once: the rows of each file and each event's record."""

    statements: list[list[Any]] = field(default_factory=list)
    records: dict[int, dict[str, Any]] = field(default_factory=dict)
    rows: dict[int, list[Any]] = field(default_factory=dict)  # event id → its events.csv row


def read_published(urls: Urls) -> Contents:
    """Every published event, oldest first, with its CSV rows and JSON record."""
    loader = RelatedLoader(urls)

    def load(ids: list[int]):
        return load_summaries(ids, loader), loader.load(ids)

    contents = Contents()
    events = Event.objects.published().chronological("asc")
    for event, (summaries, related) in iter_events(events, load):
        contents.rows[event.pk] = event_row(event, summaries.get(event.pk), urls)
        contents.statements.extend(statement_rows(event, related, urls))
        contents.records[event.pk] = _plain(event_record(event, related, urls))
    return contents


def _withdrawn(previous: Release | None, published: set[int]) -> Iterator[ReleaseEntry]:
    """The previous release's events that are no longer published, as it held them."""
    if previous is None:
        return
    # Filtered here: tens of thousands of ids are too many parameters for one query.
    for entry in previous.entries.iterator(chunk_size=2000):
        if entry.event_id not in published:
            yield entry


def changelog(previous: Release | None, records: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Events added, changed (which parts) and withdrawn since ``previous``."""
    added, changed, withdrawn = [], {}, []
    before = {}
    if previous is not None:
        before = {
            entry.event_id: entry
            for entry in previous.entries.only("event_id", "slug", "state", "record")
        }
    for event_id, record in records.items():
        old = before.get(event_id)
        if old is None or old.state == ReleaseEntry.State.WITHDRAWN:
            added.append(record["slug"])
            continue
        parts = [name for name in COMPARED if old.record.get(name) != record.get(name)]
        if parts:
            changed[record["slug"]] = parts
    for event_id, entry in before.items():
        if event_id not in records and entry.state == ReleaseEntry.State.PUBLISHED:
            withdrawn.append(entry.slug)
    return {
        "added": sorted(added),
        "changed": dict(sorted(changed.items())),
        "withdrawn": sorted(withdrawn),
    }


def _sources_and_actors(urls: Urls) -> tuple[list[list[Any]], list[list[Any]]]:
    """The public sources and actors as rows of SOURCE_FIELDS and ACTOR_FIELDS."""
    sources = Source.objects.published().order_by("pk").values_list(*SOURCE_VALUES)
    source_rows = [
        _flat(source_record(dict(zip(SOURCE_VALUES, row, strict=True)), urls), SOURCE_FIELDS)
        for row in sources
    ]
    actors = Actor.objects.public().order_by("slug").values_list(*ACTOR_VALUES)
    actor_rows = [
        _flat(actor_record(dict(zip(ACTOR_VALUES, row, strict=True)), urls), ACTOR_FIELDS)
        for row in actors
    ]
    return source_rows, actor_rows


def _places() -> list[list[Any]]:
    """The places published events happened in, with every place they lie in (so that each
    parent is in the file too), as rows of PLACE_FIELDS."""
    public = Place.objects.public().values_list("pk", flat=True)
    ids = set(public)
    parents = dict(Place.objects.values_list("pk", "parent_id"))
    for pk in list(ids):
        while parents.get(pk) and parents[pk] not in ids:
            pk = parents[pk]
            ids.add(pk)
    names = [spec.key for spec in PLACE_FIELDS]
    rows = Place.objects.filter(pk__in=ids).order_by("slug").values_list(*names)
    return [["" if value is None else value for value in row] for row in rows]


def _flat(record: dict[str, Any], fields: Iterable[Any]) -> list[Any]:
    """A record's cells in the order of ``fields`` (a part of a nested value, if any)."""
    cells = []
    for spec in fields:
        value = record[spec.key]
        if spec.part:
            value = value[spec.part] if value else None
        cells.append("" if value is None else value)
    return cells


def make_release(site_url: str, now: dt.datetime | None = None) -> Release:
    """Read the published record and save it as a new release (in one transaction)."""
    now = now or timezone.now()
    urls = SiteUrls(site_url)
    with transaction.atomic():
        # One release at a time: the changelog must start from the latest.
        previous = Release.objects.select_for_update().newest_first().first()
        contents = read_published(urls)
        carried = list(_withdrawn(previous, set(contents.records)))
        events_rows = [[*row, ReleaseEntry.State.PUBLISHED] for row in contents.rows.values()]
        withdrawn_rows = [_withdrawn_row(entry) for entry in carried]
        sources, actors = _sources_and_actors(urls)
        places = _places()
        version = next_version(
            timezone.localdate(now), Release.objects.values_list("version", flat=True)
        )
        counts = {
            "events": len(events_rows),
            "withdrawn": len(withdrawn_rows),
            "statements": len(contents.statements),
            "sources": len(sources),
            "actors": len(actors),
            "places": len(places),
        }
        release = Release(
            version=version,
            created_at=now,
            previous=previous,
            counts=counts,
            changes=changelog(previous, contents.records),
        )
        release.save()
        files = {
            EVENTS_CSV: _csv_bytes(
                (*header(EVENT_TABLE), STATE_COLUMN), [*events_rows, *withdrawn_rows]
            ),
            "statements.csv": _csv_bytes(header(STATEMENT_TABLE), contents.statements),
            "sources.csv": _csv_bytes((spec.name for spec in SOURCE_FIELDS), sources),
            "actors.csv": _csv_bytes((spec.name for spec in ACTOR_FIELDS), actors),
            "places.csv": _csv_bytes((spec.name for spec in PLACE_FIELDS), places),
            RECORD_JSON: orjson.dumps(
                {
                    "version": version,
                    "created": now,
                    "events": [
                        {**record, "state": ReleaseEntry.State.PUBLISHED}
                        for record in contents.records.values()
                    ]
                    + [
                        {**entry.record, "state": ReleaseEntry.State.WITHDRAWN} for entry in carried
                    ],
                },
            ),
        }
        stored = [
            ReleaseFile.of(release, name, _media_type(name), content)
            for name, content in files.items()
        ]
        descriptor = datapackage(release, stored, site_url)
        stored.append(ReleaseFile.of(release, "datapackage.json", "application/json", descriptor))
        for file in stored:  # one at a time: each is tens of megabytes at 100k events
            file.save()
        ReleaseEntry.objects.bulk_create(
            [
                ReleaseEntry(
                    release=release,
                    event_id=event_id,
                    slug=record["slug"],
                    state=ReleaseEntry.State.PUBLISHED,
                    record=record,
                    row=_stored_row(contents.rows[event_id]),
                )
                for event_id, record in contents.records.items()
            ]
            + [
                ReleaseEntry(
                    release=release,
                    event_id=entry.event_id,
                    slug=entry.slug,
                    state=ReleaseEntry.State.WITHDRAWN,
                    record=entry.record,
                    row=entry.row,
                )
                for entry in carried
            ],
            batch_size=1000,
        )
    return release


def _stored_row(row: list[Any]) -> list[Any]:
    """An events.csv row as JSON can hold it (a coordinate as text)."""
    return [str(cell) if isinstance(cell, Decimal) else cell for cell in row]


def _withdrawn_row(entry: ReleaseEntry) -> list[Any]:
    """The events.csv row of an event the release no longer publishes, as the last release
    wrote it (its numbers numbers again, so that no cell is taken for a formula)."""
    row = [
        Decimal(cell) if column.type == "number" and cell not in ("", None) else cell
        for column, cell in zip(EVENT_TABLE, entry.row, strict=True)
    ]
    return [*row, ReleaseEntry.State.WITHDRAWN]


def _media_type(name: str) -> str:
    return "text/csv" if name.endswith(".csv") else "application/json"
