"""The columns of the two CSV exports, each declared once: its header, its cell as Python
writes it, and the same cell as PostgreSQL's COPY writes it.

Every writer reads these tables: the Python rows (``event_row``, ``statement_rows``), the
header, and the COPY statements (timeline/exports/copy.py). A column is added, renamed or
moved here, in one place; tests compare what the two writers make row by row.

In SQL, ``e`` is the event, ``t`` its type, ``permalink`` the event URL's prefix and suffix;
the events' lists come from the aggregates ``roles``, ``tagged``, ``placed``, ``said``,
``sourced`` and ``outlets``; a statement is ``s``, its speaker ``a``, its source ``so`` and
that source's publisher ``p`` (see the COPY statements).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from incidents.dates import format_date_span, sql_date_span, sql_iso_day
from incidents.models import Status

from .loading import Related, Summary
from .records import ExportedEvent, Urls

# How COPY writes a cell (the Python writer needs no telling: see stream_csv).
NUMBER = "number"  # written as it is
FORMED = "formed"  # text of a form fixed by the code (dates, times, URLs): never a formula
TEXT = "text"  # text from editors or sources: a formula is neutralised


class Column(NamedTuple):
    name: str
    # The cell from the event, its Summary (events) or statement record (statements), and
    # the URLs.
    value: Callable[[ExportedEvent, Any, Urls], Any]
    sql: str
    kind: str = TEXT
    # Its Frictionless Table Schema field type (a release's datapackage.json).
    type: str = "string"
    description: str = ""


def _iso(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value else ""


def _sql_iso(column: str) -> str:
    """_iso() of a UTC timestamp in SQL: microseconds only when there are some."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    whole = f"date_trunc('second', {column}) = {column}"
    fraction = f"CASE WHEN {whole} THEN '' ELSE to_char({utc}, '.US') END"
    return f"to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || {fraction} || '+00:00'"


def _own(name: str) -> Callable[[ExportedEvent, Any, Urls], Any]:
    """The event's own value ``name``."""
    return lambda event, _part, _urls: getattr(event, name)


def _summary(name: str) -> Callable[[ExportedEvent, Any, Urls], Any]:
    return lambda _event, summary, _urls: getattr(summary, name)


def _said(name: str) -> Callable[[ExportedEvent, Any, Urls], Any]:
    """The statement record's value ``name``."""
    return lambda _event, statement, _urls: statement[name]


def _permalink(event: ExportedEvent, _part: Any, urls: Urls) -> str:
    return urls.event(event.slug)


def _event_day(name: str) -> Column:
    """The event's date ``name`` as YYYY-MM-DD."""
    return Column(
        name,
        lambda event, _s, _u: _iso(getattr(event, name)),
        sql_iso_day(f"e.{name}"),
        FORMED,
        "date",
    )


def _event_time(name: str) -> Column:
    """The event's timestamp ``name`` in ISO 8601, in UTC."""
    return Column(
        name,
        lambda event, _s, _u: _iso(getattr(event, name)),
        _sql_iso(f"e.{name}"),
        FORMED,
        "datetime",
    )


def _said_as_stored(*names: str) -> tuple[Column, ...]:
    """Statement values written as they are stored."""
    return tuple(Column(name, _said(name), f"s.{name}") for name in names)


PERMALINK = "permalink.prefix || e.slug || permalink.suffix"


def _sql_linked(own: str, other: str) -> str:
    """The slugs of the published events at the ``other`` end of the event's "responds to"
    links (``own`` its end), in slug order, as loading.load_summaries joins them."""
    # Table and column names from the code only.
    return (
        f"(SELECT string_agg(o.slug, '; ' ORDER BY o.slug) FROM incidents_event_responds_to l "  # noqa: S608
        f"JOIN incidents_event o ON o.id = l.{other}_id "
        f"WHERE l.{own}_id = e.id AND o.status = '{Status.PUBLISHED.value}')"
    )


EVENT_TABLE = (
    Column("id", _own("pk"), "e.id", NUMBER, "integer"),
    Column("permalink", _permalink, PERMALINK, FORMED),
    Column(
        "date",
        lambda event, _s, _u: format_date_span(
            event.date_precision, event.date_lower, event.end_date
        ),
        sql_date_span("e.date_precision", "e.date_lower", "e.end_date"),
    ),
    Column("date_precision", _own("date_precision"), "e.date_precision", FORMED),
    _event_day("date_lower"),
    _event_day("date_upper"),
    _event_day("end_date"),
    Column("title", _own("title"), "e.title"),
    Column("type", _own("type_slug"), "t.slug"),
    Column("type_name", _own("type_name"), "t.name"),
    Column("plover_code", _own("plover_code"), "t.plover_code"),
    Column("cameo_code", _own("cameo_code"), "t.cameo_code"),
    Column("actors", _summary("actors"), "roles.names"),
    Column("actor_slugs", _summary("actor_slugs"), "roles.slugs"),
    Column("tags", _summary("tags"), "tagged.names"),
    Column("location", _own("location_name"), "e.location_name"),
    Column(
        "places",
        _summary("places"),
        "placed.slugs",
        FORMED,
        description="Slugs of the gazetteer's places the event happened in (/places/<slug>/).",
    ),
    # Numbers, never text: a negative coordinate is no formula to neutralise.
    Column("latitude", _own("latitude"), "e.latitude::text", NUMBER, "number"),
    Column("longitude", _own("longitude"), "e.longitude::text", NUMBER, "number"),
    Column("summary", _own("summary"), "e.summary"),
    Column("statements", _summary("statements"), "COALESCE(said.n, 0)", NUMBER, "integer"),
    Column("source_urls", _summary("source_urls"), "sourced.urls"),
    Column("source_publishers", _summary("publishers"), "outlets.names"),
    # The exchange: the published events this one answers, and those answering it (slugs).
    Column("responds_to", _summary("responds_to"), _sql_linked("from_event", "to_event"), FORMED),
    Column("responses", _summary("responses"), _sql_linked("to_event", "from_event"), FORMED),
    _event_time("published_at"),
    _event_time("updated_at"),
)

STATEMENT_TABLE = (
    Column("id", _said("id"), "s.id", NUMBER, "integer"),
    Column("event_id", _own("pk"), "e.id", NUMBER, "integer"),
    Column("event_permalink", _permalink, PERMALINK, FORMED),
    Column("event_title", _own("title"), "e.title"),
    Column("speaker", lambda _e, said, _u: said["speaker"]["name"], "a.name_en"),
    Column("speaker_slug", lambda _e, said, _u: said["speaker"]["slug"], "a.slug"),
    *_said_as_stored("speaker_title"),
    Column(
        "date", lambda _e, said, _u: _iso(said["date"]), sql_iso_day("s.said_on"), FORMED, "date"
    ),
    *_said_as_stored("kind", "language", "text", "original_language", "original_text"),
    Column("source_url", _said("source_url"), "so.url"),
    Column("source_title", _said("source_title"), "so.title"),
    Column("source_publisher", _said("source_publisher"), "p.name_en"),
    Column("source_check", _said("source_check"), "s.source_check", FORMED),
)


def header(table: Sequence[Column]) -> tuple[str, ...]:
    return tuple(column.name for column in table)


EVENT_COLUMNS = header(EVENT_TABLE)
STATEMENT_COLUMNS = header(STATEMENT_TABLE)
EMPTY_SUMMARY = Summary()


def event_row(event: ExportedEvent, summary: Summary | None, urls: Urls) -> list[Any]:
    summary = summary or EMPTY_SUMMARY
    return [column.value(event, summary, urls) for column in EVENT_TABLE]


def statement_rows(event: ExportedEvent, related: Related, urls: Urls) -> Iterator[list[Any]]:
    for statement in related.statements.get(event.pk, []):
        yield [column.value(event, statement, urls) for column in STATEMENT_TABLE]
