"""The record's data version: one number that goes up with every write (see migration 0006),
and its public version: one that goes up only with writes the public can see (migration 0010).

``current()`` reads it (one primary-key lookup); within a request
timeline/middleware/conditional.py reads it once and ``current()`` reuses that. Cached
aggregates are stored under the version they were computed at, so a change makes them
unreachable at once, on every app server, with no invalidation messages to lose. Public
HTTP validators (ETag, Last-Modified) come from the public version, so that saving a draft
reveals nothing.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from typing import NamedTuple

from django.db import connection

TABLE = "incidents_dataversion"
PUBLIC_TABLE = "incidents_publicversion"
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class DataVersion(NamedTuple):
    number: int
    changed_at: dt.datetime
    # What the public sees: unchanged by drafts, reviews and rows hanging only from them.
    public_number: int = 0
    public_changed_at: dt.datetime = EPOCH


_request_version: contextvars.ContextVar[DataVersion | None] = contextvars.ContextVar(
    "data_version", default=None
)


def _moment(value: dt.datetime | str) -> dt.datetime:
    if isinstance(value, str):  # SQLite
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def read() -> DataVersion:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.version, d.changed_at, p.version, p.changed_at "  # noqa: S608
            f"FROM {TABLE} d CROSS JOIN {PUBLIC_TABLE} p WHERE d.id = 1 AND p.id = 1"
        )
        number, changed_at, public_number, public_changed_at = cursor.fetchone()
    return DataVersion(
        int(number), _moment(changed_at), int(public_number), _moment(public_changed_at)
    )


def current() -> DataVersion:
    """The version for this request (read once per request), or read now."""
    return _request_version.get() or read()


def pin(version: DataVersion) -> contextvars.Token:
    """Use ``version`` for the rest of this request; undo with ``unpin(token)``."""
    return _request_version.set(version)


def unpin(token: contextvars.Token) -> None:
    _request_version.reset(token)
