"""Making a release: the published record as CSV and JSON files, its Frictionless data
package, counts, checksums and the changelog from the previous release, saved once.

The rows are the exports' own (timeline/exports/: the column table, the loaders, the
records), so a release and ``/export.csv`` never disagree on what a column means. An event
that an earlier release published and the record no longer does is *withdrawn*: it stays in
the new release as the last release held it, marked withdrawn, and nothing of its current
(unpublished) state is read.

A release of 100k events is gigabytes as Python objects, so none of it is held whole: the
events are read a chunk at a time and every file is written as it is read, compressed,
measured and checksummed on the way (``Packer``); the entries wait in a temporary file
until the release row they belong to is saved (written once, with its counts, so last).
"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import orjson
from django.db import transaction
from django.utils import timezone

from incidents.expressions import InArray
from incidents.models import Actor, Event, Place, Release, ReleaseEntry, ReleaseFile, Source
from incidents.models.releases import Packer

from ..exports.columns import EVENT_TABLE, STATEMENT_TABLE, event_row, header, statement_rows
from ..exports.loading import CHUNK_SIZE, RelatedLoader, iter_events, load_summaries
from ..exports.records import (
    ACTOR_VALUES,
    SOURCE_VALUES,
    Urls,
    actor_record,
    event_record,
    source_record,
)
from ..exports.writers import csv_head, csv_lines
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


def _plain(value: Any) -> Any:
    """``value`` as JSON gives it back (dates as text): what the file holds and entries keep."""
    return orjson.loads(orjson.dumps(value))


def _withdrawn(previous: Release | None, published: set[int]) -> Iterator[ReleaseEntry]:
    """The previous release's events that are no longer published, as it held them."""
    if previous is None:
        return
    # Filtered here: tens of thousands of ids are too many parameters for one query.
    for entry in previous.entries.iterator(chunk_size=2000):
        if entry.event_id not in published:
            yield entry


class CsvFile(Packer):
    """A release CSV, written a block of rows at a time as ``/export.csv`` writes it."""

    def __init__(self, columns: Iterable[str]) -> None:
        super().__init__()
        self.rows = 0
        self.write(csv_head(columns).encode())

    def add(self, rows: list[list[Any]]) -> None:
        self.rows += len(rows)
        self.write("".join(csv_lines(rows)).encode())


class RecordFile(Packer):
    """record.json, a record at a time: the bytes ``orjson.dumps`` gives for the whole
    ``{"version": …, "created": …, "events": [ … ]}``."""

    def __init__(self, version: str, created: dt.datetime) -> None:
        super().__init__()
        self.write(orjson.dumps({"version": version, "created": created})[:-1] + b',"events":[')
        self._separator = b""

    def add(self, record: dict[str, Any]) -> None:
        self.write(self._separator + orjson.dumps(record))
        self._separator = b","

    def finish(self) -> bytes:
        self.write(b"]}")
        return super().finish()


class Entries:
    """The release's entries, waiting in a temporary file (a JSON line each) for the release
    row they point to."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by save)
        self.count = 0

    def add(self, event_id: int, slug: str, state: str, record: Any, row: list[Any]) -> None:
        self._file.write(orjson.dumps([event_id, slug, state, record, row]) + b"\n")
        self.count += 1

    def save(self, release: Release) -> None:
        self._file.seek(0)
        lines = (orjson.loads(line) for line in self._file)
        for batch in itertools.batched(lines, 1000):
            ReleaseEntry.objects.bulk_create(
                ReleaseEntry(
                    release=release,
                    event_id=event_id,
                    slug=slug,
                    state=state,
                    record=record,
                    row=row,
                )
                for event_id, slug, state, record, row in batch
            )
        self._file.close()


class Changelog:
    """Events added, changed (which parts) and withdrawn since ``previous``, compared a chunk
    of events at a time with the previous release's entries for them."""

    def __init__(self, previous: Release | None) -> None:
        self.previous = previous
        self.added: list[str] = []
        self.changed: dict[str, list[str]] = {}
        self.withdrawn: list[str] = []

    def compare(self, records: dict[int, dict[str, Any]]) -> None:
        before = {}
        if self.previous is not None:
            entries = self.previous.entries.filter(InArray("event_id", list(records)))
            before = {
                entry.event_id: entry for entry in entries.only("event_id", "state", "record")
            }
        for event_id, record in records.items():
            old = before.get(event_id)
            if old is None or old.state == ReleaseEntry.State.WITHDRAWN:
                self.added.append(record["slug"])
                continue
            parts = [name for name in COMPARED if old.record.get(name) != record.get(name)]
            if parts:
                self.changed[record["slug"]] = parts

    def carry(self, entry: ReleaseEntry) -> None:
        """``entry`` of the previous release is no longer published."""
        if entry.state == ReleaseEntry.State.PUBLISHED:
            self.withdrawn.append(entry.slug)

    def as_json(self) -> dict[str, Any]:
        return {
            "added": sorted(self.added),
            "changed": dict(sorted(self.changed.items())),
            "withdrawn": sorted(self.withdrawn),
        }


def published_chunks(urls: Urls) -> Iterator[list[tuple[int, list[Any], list[list[Any]], dict]]]:
    """Every published event, oldest first, a chunk at a time: its id, events.csv row,
    statements.csv rows and JSON record."""
    loader = RelatedLoader(urls)

    def load(ids: list[int]):
        return load_summaries(ids, loader), loader.load(ids)

    events = Event.objects.published().chronological("asc")
    for chunk in itertools.batched(iter_events(events, load), CHUNK_SIZE):
        yield [
            (
                event.pk,
                event_row(event, summaries.get(event.pk), urls),
                list(statement_rows(event, related, urls)),
                _plain(event_record(event, related, urls)),
            )
            for event, (summaries, related) in chunk
        ]


def _sources(urls: Urls) -> CsvFile:
    """sources.csv: the public sources as rows of SOURCE_FIELDS."""
    file = CsvFile(spec.name for spec in SOURCE_FIELDS)
    sources = Source.objects.published().order_by("pk").values_list(*SOURCE_VALUES)
    for chunk in itertools.batched(sources.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        file.add(
            [
                _flat(
                    source_record(dict(zip(SOURCE_VALUES, row, strict=True)), urls), SOURCE_FIELDS
                )
                for row in chunk
            ]
        )
    return file


def _actors(urls: Urls) -> CsvFile:
    """actors.csv: the public actors as rows of ACTOR_FIELDS."""
    file = CsvFile(spec.name for spec in ACTOR_FIELDS)
    actors = Actor.objects.public().order_by("slug").values_list(*ACTOR_VALUES)
    for chunk in itertools.batched(actors.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        file.add(
            [
                _flat(actor_record(dict(zip(ACTOR_VALUES, row, strict=True)), urls), ACTOR_FIELDS)
                for row in chunk
            ]
        )
    return file


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
        version = next_version(
            timezone.localdate(now), Release.objects.values_list("version", flat=True)
        )
        events = CsvFile((*header(EVENT_TABLE), STATE_COLUMN))
        statements = CsvFile(header(STATEMENT_TABLE))
        records = RecordFile(version, now)
        entries, changes = Entries(), Changelog(previous)
        published: set[int] = set()
        for chunk in published_chunks(urls):
            state = ReleaseEntry.State.PUBLISHED
            events.add([[*row, state] for _pk, row, _statements, _record in chunk])
            statements.add([line for _pk, _row, lines, _record in chunk for line in lines])
            for pk, row, _statements, record in chunk:
                records.add({**record, "state": state})
                entries.add(pk, record["slug"], state, record, _stored_row(row))
            changes.compare({pk: record for pk, _row, _statements, record in chunk})
            published.update(pk for pk, *_rest in chunk)
        withdrawn = 0
        for entry in _withdrawn(previous, published):
            withdrawn += 1
            changes.carry(entry)
            events.add([_withdrawn_row(entry)])
            records.add({**entry.record, "state": ReleaseEntry.State.WITHDRAWN})
            entries.add(
                entry.event_id, entry.slug, ReleaseEntry.State.WITHDRAWN, entry.record, entry.row
            )
        sources, actors = _sources(urls), _actors(urls)
        places = CsvFile(spec.name for spec in PLACE_FIELDS)
        places.add(_places())
        release = Release(
            version=version,
            created_at=now,
            previous=previous,
            counts={
                "events": len(published),
                "withdrawn": withdrawn,
                "statements": statements.rows,
                "sources": sources.rows,
                "actors": actors.rows,
                "places": places.rows,
            },
            changes=changes.as_json(),
        )
        release.save()
        files = {
            EVENTS_CSV: events,
            "statements.csv": statements,
            "sources.csv": sources,
            "actors.csv": actors,
            "places.csv": places,
            RECORD_JSON: records,
        }
        stored = []
        for name, packer in files.items():  # one at a time: each is megabytes at 100k events
            file = ReleaseFile.packed(release, name, _media_type(name), packer)
            file.save()
            file.content = b""  # saved: only its name, size and checksum are needed below
            stored.append(file)
        descriptor = datapackage(release, stored, site_url)
        ReleaseFile.of(release, "datapackage.json", "application/json", descriptor).save()
        entries.save(release)
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
