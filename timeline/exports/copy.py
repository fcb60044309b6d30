"""The CSV exports written by PostgreSQL (COPY … TO STDOUT): every cell as event_row() /
statement_rows() make it, in the timeline's order, and Python only passes the bytes on.

Tests compare both writers row by row. In the templates below, {events} is the filtered
events' SQL with each event's place in the timeline's order; {cells} the raw cells (the
columns' SQL, timeline/exports/columns.py) and {written} the same cells as the CSV shows
them (see _written).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet, Window
from django.db.models.functions import RowNumber

from incidents.models import Event

from .columns import EVENT_TABLE, NUMBER, STATEMENT_TABLE, TEXT, Column, header
from .records import Urls
from .writers import BOM, FORMULA_RE, csv_line, in_blocks

COPY_FROM_SELECTED = """
COPY (
WITH selected(id, ord) AS MATERIALIZED ({{events}}),
permalink(prefix, suffix) AS (SELECT %s::text, %s::text){with_}
SELECT {{written}} FROM (
SELECT {order_columns}, {{cells}}
FROM selected
CROSS JOIN permalink
JOIN incidents_event e ON e.id = selected.id
{joins}
) AS raw
ORDER BY {order}
) TO STDOUT WITH (FORMAT csv)
"""

# The events: their lists joined by hash aggregates over the related tables (one pass each,
# rather than an index probe per event).
COPY_EVENTS_SQL = COPY_FROM_SELECTED.format(
    with_=""",
roles AS (
    SELECT ea.event_id,
           string_agg(a.name_en || ' (' || ea.role || ')', '; ' ORDER BY ea.position, ea.id)
               AS names,
           string_agg(a.slug, '; ' ORDER BY ea.position, ea.id) AS slugs
    FROM incidents_eventactor ea JOIN incidents_actor a ON a.id = ea.actor_id
    WHERE ea.event_id IN (SELECT id FROM selected)
    GROUP BY ea.event_id
),
tagged AS (
    SELECT et.event_id, string_agg(t.name, '; ' ORDER BY t.name) AS names
    FROM incidents_event_tags et JOIN incidents_tag t ON t.id = et.tag_id
    WHERE et.event_id IN (SELECT id FROM selected)
    GROUP BY et.event_id
),
placed AS (
    SELECT ep.event_id, string_agg(pl.slug, '; ' ORDER BY pl.slug) AS slugs
    FROM incidents_event_places ep JOIN incidents_place pl ON pl.id = ep.place_id
    WHERE ep.event_id IN (SELECT id FROM selected)
    GROUP BY ep.event_id
),
said AS (
    SELECT event_id, count(*) AS n FROM incidents_statement
    WHERE event_id IN (SELECT id FROM selected)
    GROUP BY event_id
),
linked AS (
    SELECT es.event_id, es.position, es.id, s.url, p.name_en AS outlet
    FROM incidents_eventsource es
    JOIN incidents_source s ON s.id = es.source_id
    LEFT JOIN incidents_actor p ON p.id = s.publisher_id
    WHERE es.event_id IN (SELECT id FROM selected)
),
sourced AS (
    SELECT event_id, string_agg(url, '; ' ORDER BY position, id) AS urls
    FROM linked GROUP BY event_id
),
outlets AS (  -- each outlet once, in the order of its first source
    SELECT event_id, string_agg(outlet, '; ' ORDER BY first) AS names
    FROM (
        SELECT event_id, outlet, min(ARRAY[position::bigint, id]) AS first
        FROM linked WHERE outlet <> '' GROUP BY event_id, outlet
    ) AS firsts
    GROUP BY event_id
)""",
    order_columns="selected.ord",
    joins="""JOIN incidents_eventtype t ON t.id = e.event_type_id
LEFT JOIN roles ON roles.event_id = e.id
LEFT JOIN tagged ON tagged.event_id = e.id
LEFT JOIN placed ON placed.event_id = e.id
LEFT JOIN said ON said.event_id = e.id
LEFT JOIN sourced ON sourced.event_id = e.id
LEFT JOIN outlets ON outlets.event_id = e.id""",
    order="raw.ord",
)

# The statements: one row each, by event in the timeline's order, then as listed.
COPY_STATEMENTS_SQL = COPY_FROM_SELECTED.format(
    with_="",
    order_columns="selected.ord, s.position AS s_position, s.said_on AS s_said_on",
    joins="""JOIN incidents_statement s ON s.event_id = e.id
JOIN incidents_actor a ON a.id = s.speaker_id
JOIN incidents_source so ON so.id = s.source_id
LEFT JOIN incidents_actor p ON p.id = so.publisher_id""",
    order="raw.ord, raw.s_position, raw.s_said_on, raw.id",
)

# FORMULA_RE as a PostgreSQL regular expression in an E'' literal (all but printable ASCII
# as \uXXXX escapes, so that the statement's text is plain ASCII).
_SQL_FORMULA_RE = (
    "E'^"
    + "".join(
        c if " " <= c <= "~" and c not in "'\\" else f"\\u{ord(c):04x}" for c in FORMULA_RE.pattern
    )
    + "'"
)


def _written(column: Column) -> str:
    """Raw cell ``column`` as stream_csv writes it: a formula neutralised, and an empty value
    as NULL, which COPY writes as nothing (an empty string it would write as "")."""
    cell = f"raw.{column.name}"
    if column.kind == NUMBER:
        return cell
    if column.kind != TEXT:
        return f"NULLIF({cell}, '')"
    apostrophe = "''''"  # as an SQL literal
    return (
        f"NULLIF(CASE WHEN {cell} ~ {_SQL_FORMULA_RE} "
        f"THEN {apostrophe} || {cell} ELSE {cell} END, '')"
    )


def _copy_sql(template: str, table: Sequence[Column]) -> str:
    """The COPY statement for the columns of ``table`` (still with {events} to fill in)."""
    return template.replace(
        "{cells}", ",\n       ".join(f'{column.sql} AS "{column.name}"' for column in table)
    ).replace("{written}", ", ".join(_written(column) for column in table))


COPY_EVENTS = _copy_sql(COPY_EVENTS_SQL, EVENT_TABLE)
COPY_STATEMENTS = _copy_sql(COPY_STATEMENTS_SQL, STATEMENT_TABLE)


def can_copy(events: QuerySet[Event]) -> bool:
    return connections[events.db].vendor == "postgresql"


def copy_csv(
    events: QuerySet[Event], urls: Urls, table: Sequence[Column], template: str
) -> Iterator[bytes]:
    """A CSV export (header, then the rows) as PostgreSQL's COPY writes it.

    COPY ends lines with LF, so the header does too.
    """
    ranked = events.annotate(
        export_ord=Window(RowNumber(), order_by=list(events.query.order_by))
    ).order_by()
    first = (BOM + csv_line(header(table), lineterminator="\n")).encode()
    selected = ranked.values_list("pk", "export_ord").query
    try:
        selected_sql, selected_params = selected.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (a search of only punctuation)
        yield first
        return
    prefix, _slug, suffix = urls.event(Urls._SLUG).partition(Urls._SLUG)
    sql = template.replace("{events}", selected_sql)
    database = connections[events.db]
    database.ensure_connection()
    # Parameters bound here, by psycopg's quoting: Django's cursor passes COPY on without.
    statement = psycopg.ClientCursor(database.connection).mogrify(
        sql, (*selected_params, prefix, suffix)
    )
    with database.cursor() as cursor, cursor.copy(statement) as copy:
        yield from in_blocks(itertools.chain([first], map(bytes, copy)), b"")


def copy_events_csv(events: QuerySet[Event], urls: Urls) -> Iterator[bytes]:
    return copy_csv(events, urls, EVENT_TABLE, COPY_EVENTS)


def copy_statements_csv(events: QuerySet[Event], urls: Urls) -> Iterator[bytes]:
    return copy_csv(events, urls, STATEMENT_TABLE, COPY_STATEMENTS)
