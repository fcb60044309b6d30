"""Whole-dataset backup and restore, portable between SQLite and PostgreSQL.

The dump is JSON (gzip-compressed when the file name ends in ``.gz``): a small header
(format, version, date, source database, applied migrations, row counts per model) and the
objects in Django's serializer format. Primary keys are kept — public addresses such as
``/sources/<id>/`` and the history's references depend on them — and permissions and
content types, which ``migrate`` recreates with ids of its own, are referred to by natural
key. Included: users and groups (with password hashes: keep the file safe), the whole
incident record, its revision history (the deleted records and old versions are part of
the record), the source watch (watched sources, the items they listed, the inbox's
candidates and every decision on them, dismissals with their reasons: an editor's work
too), and the admin log. Derived search columns are left out and rebuilt.

A restore goes into an empty, migrated database in one transaction: the rows that
migrations seed (event types, editorial groups) are replaced by the dump's, every object is
saved raw (no signals, no new history), constraints are checked, sequences reset, the search
index rebuilt, and the row counts compared with the header; any failure leaves the database
as empty as it was.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.postgres.search import SearchVectorField
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from .models import (
    Actor,
    Event,
    EventActor,
    EventSource,
    EventType,
    Place,
    Source,
    Statement,
    Tag,
)
from .search_index import refresh_search_index

FORMAT = "rj-timeline-backup"
VERSION = 1
DERIVED = {"search_text"}
CHUNK = 1000
# Apps whose migration state must match between the dump and the database it goes into.
SCHEMA_APPS = ("incidents", "watch", "auth", "admin", "contenttypes")


class BackupError(Exception):
    pass


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder rounds times to milliseconds; a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def models_to_dump() -> list[type[models.Model]]:
    """Parents before children: every model of the incidents app, history included, and of
    the source watch (whose rows point into the record: outlets, events, draft sources)."""
    core = [EventType, Tag, Actor, Source, Event, EventActor, EventSource, Statement]
    incidents = [
        model for model in apps.get_app_config("incidents").get_models() if model not in core
    ]
    current = [model for model in incidents if not model.__name__.startswith("Historical")]
    historical = [model for model in incidents if model.__name__.startswith("Historical")]
    watch = list(apps.get_app_config("watch").get_models())  # sources, candidates, items
    return [Group, get_user_model(), *core, *current, *watch, *historical, LogEntry]


def _field_names(model: type[models.Model]) -> list[str]:
    names = []
    for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
        if field.primary_key or getattr(field, "generated", False):
            continue
        if isinstance(field, SearchVectorField) or field.name in DERIVED:
            continue
        names.append(field.name)
    return names


def _applied_migrations() -> dict[str, list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    return {app: sorted(name for label, name in applied if label == app) for app in SCHEMA_APPS}


def _serialized(model: type[models.Model]) -> Iterator[dict]:
    batch: list[models.Model] = []
    fields = _field_names(model)
    queryset = model._default_manager.order_by("pk")
    if model._meta.many_to_many:
        queryset = queryset.prefetch_related(*(f.name for f in model._meta.many_to_many))
    for obj in queryset.iterator(chunk_size=CHUNK):
        batch.append(obj)
        if len(batch) >= CHUNK:
            yield from _serialize(batch, fields)
            batch = []
    yield from _serialize(batch, fields)


def _serialize(objects: list[models.Model], fields: list[str]) -> list[dict]:
    if not objects:
        return []
    return serializers.serialize("python", objects, fields=fields, use_natural_foreign_keys=True)


def open_for_writing(path: Path, *, compress: bool) -> IO[str]:
    if compress:
        return gzip.open(path, "wt", encoding="utf-8")
    return path.open("w", encoding="utf-8")


def _is_history(model) -> bool:
    """The revision history: django-simple-history's records and the revisions grouping them
    (without the records, a revision would be a changelog line whose details are lost)."""
    return model.__name__.startswith("Historical") or model._meta.label == "incidents.Revision"


def dump(out: IO[str], *, history: bool = True) -> dict[str, int]:
    """Write the whole dataset to ``out``; returns the row count per model."""
    chosen = [m for m in models_to_dump() if history or not _is_history(m)]
    outermost = not connection.in_atomic_block
    with transaction.atomic():  # one consistent snapshot (a repeatable read on PostgreSQL)
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        counts = {m._meta.label_lower: m._default_manager.count() for m in chosen}
        header = {
            "format": FORMAT,
            "version": VERSION,
            "created": dt.datetime.now(dt.UTC).isoformat(),
            "database": connection.vendor,
            "history": history,
            "migrations": _applied_migrations(),
            "counts": counts,
        }
        # One object per line inside "objects": streamed, and diff-friendly.
        head = json.dumps(header, ensure_ascii=False, indent=1)[:-2]
        out.write(head + ',\n "objects": [\n')
        first = True
        for model in chosen:
            for obj in _serialized(model):
                out.write(("" if first else ",\n") + json.dumps(obj, cls=ExactJSONEncoder))
                first = False
    out.write("\n]}\n")
    return counts


def read(path: Path) -> dict:
    try:
        with path.open("rb") as raw:
            compressed = raw.read(2) == b"\x1f\x8b"
        opener = gzip.open if compressed else open
        with opener(path, "rt", encoding="utf-8") as stream:
            data = json.load(stream)
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise BackupError(f"Cannot read {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{path} is not a backup made by backup_data.")
    if data.get("version") != VERSION:
        raise BackupError(f"{path} is a version {data.get('version')} backup; this is {VERSION}.")
    return data


def not_empty() -> list[str]:
    """What makes the database not empty (rows that migrations do not create)."""
    seeded = {EventType, Group, Place}
    found = []
    for model in models_to_dump():
        if model in seeded:
            continue
        count = model._default_manager.count()
        if count:
            found.append(f"{count} {model._meta.verbose_name_plural}")
    return found


def schema_differences(data: dict) -> list[str]:
    here = _applied_migrations()
    differences = []
    for app in SCHEMA_APPS:
        theirs = set(data.get("migrations", {}).get(app, []))
        ours = set(here.get(app, []))
        if theirs - ours:
            differences.append(f"{app}: the backup has {sorted(theirs - ours)} not applied here")
        if ours - theirs:
            differences.append(f"{app}: this database has {sorted(ours - theirs)} the backup lacks")
    return differences


def load(data: dict) -> dict[str, int]:
    """Restore a backup read by ``read()`` into this (empty) database; returns row counts."""
    objects: list[dict] = data["objects"]
    loaded_models: set[type[models.Model]] = set()
    with transaction.atomic():
        # Seeded by migrations; the backup carries its own copies, with their ids.
        EventType.objects.all().delete()
        Group.objects.all().delete()
        Place.objects.update(parent=None)  # the gazetteer (0018): parents are protected
        Place.objects.all().delete()
        with connection.constraint_checks_disabled():
            deferred = []
            for item in serializers.deserialize(
                "python", _without_unknown_fields(objects), handle_forward_references=True
            ):
                # Setting m2m rows would otherwise add history records (the backup has them).
                item.object.skip_history_when_saving = True
                item.save()
                loaded_models.add(type(item.object))
                if item.deferred_fields:
                    deferred.append(item)
            for item in deferred:
                item.save_deferred_fields()
        tables = [model._meta.db_table for model in loaded_models]
        connection.check_constraints(table_names=tables)
        _reset_sequences(loaded_models)
        # Inside the restore's transaction: a crash cannot leave restored events unfindable.
        refresh_search_index()
        # Still inside: a restore that lost rows is undone, not left half-done.
        counts = {m._meta.label_lower: m._default_manager.count() for m in loaded_models}
        expected = data.get("counts", {})
        wrong = {
            label: (expected[label], counts.get(label, 0))
            for label in expected
            if expected[label] != counts.get(label, 0)
        }
        if wrong:
            raise BackupError(f"Row counts differ after the restore (expected, found): {wrong}")
    return counts


def _without_unknown_fields(objects: Iterable[dict]) -> Iterator[dict]:
    """Derived columns of older dumps are dropped (they are rebuilt)."""
    for obj in objects:
        fields = obj.get("fields", {})
        for name in ("search_vector", "search_text", "span_end"):
            fields.pop(name, None)
        yield obj


def _reset_sequences(loaded: Iterable[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(loaded))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
