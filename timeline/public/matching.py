"""The timeline's counts in one pass: the histogram's months and every facet's options.

A first question (a filter combination nobody asked since the last write) used to run the
match — a full-text search over 100k events, a date range — once for the histogram and once
per facet: seven times. Here the events matching the filters that no facet leaves out
(``q``, ``from``, ``to``) are found once, in a common table expression, and every count is
a grouped pass over those rows, all in one statement:

- the histogram counts the rows that pass every facet filter, by month;
- each facet counts the rows that pass every facet filter but its own (the usual faceting
  rule: picking a second actor widens the list rather than emptying the facet), by option.

The facet filters are the filter set's own (``EventFilter.filters``), compiled by Django and
applied to the common table expression under the events table's name, so that a filter is
written once, in ``incidents/models/events.py``. Portable SQL: PostgreSQL and SQLite.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from incidents.models import (
    Actor,
    Event,
    EventActor,
    EventSource,
    EventType,
    GazetteerRow,
    Place,
    PlaceTree,
    Source,
    Tag,
    gazetteer_rows,
)
from incidents.translation import ENGLISH, _column, record_language

from .filters import FACETS, EventFilter

EVENTS = Event._meta.db_table
NOTHING = ("1 = 0", [])


@dataclass
class Counts:
    """What the histogram and the facets show, for one filter set."""

    # (precision, year, month, events)
    months: list[tuple[str, int, int, int]] = field(default_factory=list)
    # facet → [(slug, label, events)], the largest count first
    options: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Every matching event is in exactly one month or year."""
        return sum(n for _precision, _year, _month, n in self.months)


def _condition(queryset: QuerySet) -> tuple[str, list]:
    """The WHERE clause of ``queryset`` (a filter on Event), as SQL over the events table."""
    query = queryset.query
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:
        return NOTHING
    except FullResultSet:
        return "1 = 1", []
    return sql or "1 = 1", list(params)


def _facet_conditions(filterset: EventFilter) -> dict[str, tuple[str, list]]:
    """{facet: its filter's SQL} for the facets the query string narrows."""
    conditions = {}
    for name, value in filterset.data_clean.items():
        if name in FACETS and value:
            narrowed = filterset.filters[name].filter(Event.objects.all(), value)
            conditions[name] = _condition(narrowed)
    return conditions


def _hits(filterset: EventFilter) -> QuerySet:
    """The published events matching the filters that no facet leaves out, with the columns
    the counts need (``id`` and ``event_type_id`` for the facet filters)."""
    queryset = filterset.queryset.all()
    for name, value in filterset.data_clean.items():
        if name not in FACETS:
            queryset = filterset.filters[name].filter(queryset, value)
    return (
        queryset.order_by()
        .annotate(year=ExtractYear("date_lower"), month=ExtractMonth("date_lower"))
        .values("id", "event_type_id", "date_precision", "year", "month")
    )


def _where(conditions: dict[str, tuple[str, list]], leave_out: str | None) -> tuple[str, list]:
    parts = [(sql, params) for name, (sql, params) in conditions.items() if name != leave_out]
    if not parts:
        return "", []
    return "WHERE " + " AND ".join(f"({sql})" for sql, _ in parts), [
        param for _sql, params in parts for param in params
    ]


def _place_pairs(rows: Iterable[GazetteerRow]) -> list[tuple[int, int]]:
    """(place, place it lies in or itself) for the whole gazetteer: a link to Etorofu counts
    for Etorofu, the Kuril Islands and every place above them."""
    rows = list(rows)
    tree = PlaceTree((row.pk, row.parent) for row in rows)
    return sorted((inner, row.pk) for row in rows for inner in tree.with_descendants([row.pk]))


@dataclass(frozen=True)
class FacetSQL:
    """How a facet counts: the joins from an event to its options, the option's id, whether
    an event can reach one option twice (an actor in two roles, an outlet with two articles;
    (event, tag) is unique), and the options' model (their table and names)."""

    joins: str
    option: str
    distinct: bool
    model: type
    position: str = "0"  # sorts options with equal counts before their label does

    def label(self) -> str:
        """The options' name in the page's language, the English where there is none yet
        (as ``incidents.translation.localized_expression`` reads it)."""
        english = f"o.{_column(self.model, 'name', ENGLISH)}"
        language = record_language()
        if language == ENGLISH:
            return english
        return f"COALESCE(NULLIF(o.{_column(self.model, 'name', language)}, ''), {english})"


def _facet_sql() -> dict[str, FacetSQL]:
    table = {model: model._meta.db_table for model in (EventActor, EventSource, Source)}
    tags, places = Event.tags.through._meta.db_table, Event.places.through._meta.db_table
    event = f'"{EVENTS}"'
    return {
        "type": FacetSQL("", f"{event}.event_type_id", False, EventType, position="o.position"),
        "actor": FacetSQL(
            f"JOIN {table[EventActor]} link ON link.event_id = {event}.id",
            "link.actor_id",
            True,
            Actor,
        ),
        "tag": FacetSQL(
            f"JOIN {tags} link ON link.event_id = {event}.id", "link.tag_id", False, Tag
        ),
        "publisher": FacetSQL(
            f"JOIN {table[EventSource]} link ON link.event_id = {event}.id "
            f"JOIN {table[Source]} source ON source.id = link.source_id",
            "source.publisher_id",
            True,
            Actor,
        ),
        # place_tree: (a place, a place it lies in or itself), see _place_pairs().
        "place": FacetSQL(
            f"JOIN {places} link ON link.event_id = {event}.id "
            "JOIN place_tree tree ON tree.inner_id = link.place_id",
            "tree.outer_id",
            True,
            Place,
        ),
    }


# The statement's rows have seven columns: (kind, slug, label, date precision, year or sort
# position, month, events). A month's row comes from the hits that pass every facet filter.
MONTHS = (
    "SELECT 'month', NULL, NULL, {event}.date_precision, {event}.year, {event}.month, COUNT(*) "
    "FROM hits {event} {where} GROUP BY {event}.date_precision, {event}.year, {event}.month"
)
OPTIONS = (
    "SELECT '{name}', o.slug, {label}, NULL, {position}, NULL, c.n FROM ("
    "SELECT {option} AS option, COUNT({distinct}{event}.id) AS n "
    "FROM hits {event} {joins} {where} GROUP BY {option}"
    ") c JOIN {table} o ON o.id = c.option"
)


def count_matches(filterset: EventFilter) -> Counts:
    """The histogram's months and every facet's options for ``filterset``: one query."""
    hits = _hits(filterset)
    try:
        hits_sql, hits_params = hits.query.sql_with_params()
    except EmptyResultSet:
        # A search of only operators matches nothing: Django does not ask the database.
        return Counts(options={name: [] for name in FACETS})
    conditions = _facet_conditions(filterset)
    pairs = _place_pairs(gazetteer_rows())
    ctes, params = [f"hits AS MATERIALIZED ({hits_sql})"], list(hits_params)
    if pairs:
        ctes.append(
            "place_tree (inner_id, outer_id) AS (VALUES "
            + ", ".join(["(%s, %s)"] * len(pairs))
            + ")"
        )
        params += [pk for pair in pairs for pk in pair]
    event = f'"{EVENTS}"'
    where, where_params = _where(conditions, None)
    selects = [MONTHS.format(event=event, where=where)]
    params += where_params
    for name, facet in _facet_sql().items():
        if name == "place" and not pairs:
            continue  # no gazetteer, no places to count
        where, where_params = _where(conditions, name)
        selects.append(
            OPTIONS.format(
                name=name,
                label=facet.label(),
                position=facet.position,
                option=facet.option,
                distinct="DISTINCT " if facet.distinct else "",
                event=event,
                joins=facet.joins,
                where=where,
                table=facet.model._meta.db_table,
            )
        )
        params += where_params
    # Largest count first; among equals the type's own order, or the name in the page's
    # language (the database's collation, as the facets always sorted).
    sql = f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)} ORDER BY 1, 7 DESC, 5, 3"
    with connections[hits.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts = Counts(options={name: [] for name in FACETS})
    for kind, slug, label, precision, year, month, n in rows:
        if kind == "month":
            counts.months.append((precision, int(year), int(month), int(n)))
        else:
            counts.options[kind].append((slug, label, int(n)))
    return counts
