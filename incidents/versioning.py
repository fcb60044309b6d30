"""The record's data version: one number that goes up with every write (see migration 0006).

``current()`` reads it (one primary-key lookup); within a request the middleware in
timeline/conditional.py reads it once and ``current()`` reuses that. Cached aggregates are
stored under the version they were computed at, so a change makes them unreachable at once,
on every app server, with no invalidation messages to lose.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from typing import NamedTuple

from django.db import connection

TABLE = "incidents_dataversion"


class DataVersion(NamedTuple):
    number: int
    changed_at: dt.datetime


_request_version: contextvars.ContextVar[DataVersion | None] = contextvars.ContextVar(
    "data_version", default=None
)


def read() -> DataVersion:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version, changed_at FROM {TABLE} WHERE id = 1")  # noqa: S608
        number, changed_at = cursor.fetchone()
    if isinstance(changed_at, str):  # SQLite
        changed_at = dt.datetime.fromisoformat(changed_at)
    if changed_at.tzinfo is None:
        changed_at = changed_at.replace(tzinfo=dt.UTC)
    return DataVersion(int(number), changed_at)


def current() -> DataVersion:
    """The version for this request (read once per request), or read now."""
    return _request_version.get() or read()


def pin(version: DataVersion) -> contextvars.Token:
    """Use ``version`` for the rest of this request; undo with ``unpin(token)``."""
    return _request_version.set(version)


def unpin(token: contextvars.Token) -> None:
    _request_version.reset(token)
