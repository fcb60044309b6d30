"""The analysis page (/analysis/): figures of the events the timeline shows for the same query
string — events per year by type and by the side that acted, how fast responses came, who
acts most — as server-rendered SVG charts, each with its data table and a CSV of it.

Every table is an aggregate over the filtered, published events (a few grouped queries),
cached per filter combination and data version like the timeline's counts.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, DurationField, F, Q, When
from django.db.models.functions import ExtractYear
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from incidents.models import Actor, EventActor, EventType, Role
from incidents.translation import localized_expression

from .caching import cached_summary
from .chains import published_links
from .charts import CHARTS
from .filters import EventFilter, filter_events
from .measures import LIFTED_NOTE, measure_lanes, state_of

SERIES = 6  # series drawn in their own colour; the rest are summed as "Other"
TOP_ACTORS = 15
LAG_BINS = ((0, 0, _("same day")), (1, 7, _("1–7 days")), (8, 30, _("8–30 days")))
LAG_BINS += ((31, 90, _("31–90 days")), (91, 365, _("91–365 days")), (366, None, _("over a year")))


@dataclass
class Table:
    """A figure's data: what the chart draws, the table shows and the CSV holds."""

    slug: str
    title: str
    description: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""
    labels: int = 1  # leading columns that name a row rather than count
    notes: int = 0  # trailing columns of text
    per_year: list[dict[int, int]] = field(default_factory=list)  # per row, for lane charts


def _per_year(counts: Counter[tuple[int, str]], slug: str, title: str, description: str) -> Table:
    """Counts by (year, series) as a table: a row per year, a column per series (the largest
    SERIES kept, the rest as "Other")."""
    totals: Counter[str] = Counter()
    for (_year, name), n in counts.items():
        totals[name] += n
    kept = [name for name, _n in totals.most_common(SERIES)]
    other = len(totals) > len(kept)
    columns = [gettext("Year"), *kept, *([gettext("Other")] if other else []), gettext("Total")]
    table = Table(slug, title, description, columns)
    years = sorted({year for year, _name in counts})
    for year in years:
        cells = [counts[(year, name)] for name in kept]
        rest = sum(n for (y, name), n in counts.items() if y == year and name not in kept)
        table.rows.append([year, *cells, *([rest] if other else []), sum(cells) + rest])
    return table


def by_type(filterset: EventFilter) -> Table:
    rows = (
        filterset.unordered.annotate(
            year=ExtractYear("date_lower"),
            type_name=localized_expression(EventType, "event_type", "name"),
        )
        .values_list("year", "type_name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = Counter({(year, name): n for year, name, n in rows})
    return _per_year(
        counts,
        "by-type",
        gettext("Events per year by type"),
        gettext("Published events per year of their date."),
    )


def by_side(filterset: EventFilter) -> Table:
    """Events per year by the state that acted: each initiator's country (a state is its own);
    an event whose initiators belong to no state counts under "Side not recorded"."""
    rows = (
        EventActor.objects.filter(role=Role.INITIATOR, event__in=filterset.unordered.values("pk"))
        .annotate(year=ExtractYear("event__date_lower"), side=state_of("actor"))
        .values_list("year", "side")
        .annotate(n=Count("event", distinct=True))
        .order_by()
    )
    counts: Counter[tuple[int, str]] = Counter()
    for year, side, n in rows:
        counts[(year, side or gettext("Side not recorded"))] += n
    return _per_year(
        counts,
        "by-side",
        gettext("Events per year by the side that acted"),
        gettext(
            "An event with initiators of two sides counts for each; events without an "
            "initiator are not counted."
        ),
    )


def lags(filterset: EventFilter) -> tuple[Table, Table]:
    """How long after the event it answers each response came: a distribution of the exact
    lags (both dates known to the day) and the median per type of response."""
    # Counted by the database per type and lag in days; a lag is exact when both dates are
    # single days (``Lag.exact``), and is then the difference of their days.
    exact_lag = Case(
        When(
            Q(from_event__date_lower=F("from_event__date_upper"))
            & Q(to_event__date_lower=F("to_event__date_upper")),
            then=F("from_event__date_lower") - F("to_event__date_lower"),
        ),
        default=None,
        output_field=DurationField(),
    )
    counts = (
        published_links(Q(from_event__in=filterset.unordered.values("pk")))
        .annotate(
            lag=exact_lag,
            kind=localized_expression(EventType, "from_event__event_type", "name"),
        )
        .values_list("kind", "lag")
        .annotate(n=Count("pk"))
        .order_by()
    )
    exact: dict[str, list[int]] = defaultdict(list)
    approximate: Counter[str] = Counter()
    for kind, lag, n in counts:
        if lag is None:
            approximate[kind] += n
        else:
            exact[kind].extend([lag.days] * n)
    more = sum(approximate.values())
    distribution = Table(
        "lags",
        gettext("How long responses took"),
        gettext("Responses whose date and whose cause's date are both known to the day."),
        [gettext("Lag"), gettext("Responses")],
        note=ngettext(
            "%(count)s more response has a date known only to the month or year: its lag is "
            "a range, left out of the bins and medians.",
            "%(count)s more responses have a date known only to the month or year: their lag "
            "is a range, left out of the bins and medians.",
            more,
        )
        % {"count": more},
    )
    every = [days for values in exact.values() for days in values]
    for low, high, label in LAG_BINS:
        n = sum(1 for days in every if days >= low and (high is None or days <= high))
        distribution.rows.append([str(label), n])
    medians = Table(
        "lag-medians",
        gettext("Median lag by type of response"),
        gettext("Days from the event answered to the response, exact lags only."),
        [
            gettext("Type of response"),
            gettext("Median days"),
            gettext("Exact lags"),
            gettext("Approximate lags"),
        ],
    )
    for kind in sorted(exact.keys() | approximate.keys()):
        values = exact.get(kind, [])
        median = statistics.median(values) if values else ""
        medians.rows.append([kind, median, len(values), approximate[kind]])
    return distribution, medians


def top_actors(filterset: EventFilter) -> Table:
    """The actors in most events. Counted per actor id (grouping 250,000 roles by name sorts
    them on disk), then named: the candidates for the last places, ties included, are
    ordered by name as the table shows them."""
    counts = list(
        EventActor.objects.filter(event__in=filterset.unordered.values("pk"))
        .exclude(role=Role.MENTIONED)
        .values_list("actor_id")
        .annotate(n=Count("event", distinct=True))
        .order_by("-n")
    )
    table = Table(
        "actors",
        gettext("Most frequent actors"),
        gettext("The %(count)s actors in most events (as initiator, target or participant).")
        % {"count": TOP_ACTORS},
        [gettext("Actor"), gettext("Events")],
    )
    if not counts:
        return table
    least = counts[min(TOP_ACTORS, len(counts)) - 1][1]
    candidates = dict(row for row in counts if row[1] >= least)
    names = Actor.objects.filter(pk__in=candidates).values_list("pk", "name_en")
    ranked = sorted((-candidates[pk], name) for pk, name in names)[:TOP_ACTORS]
    table.rows = [[name, -minus_n] for minus_n, name in ranked]
    return table


def measures(filterset: EventFilter) -> Table:
    """Rounds of each kind of restrictive measure, by who imposed it on whom."""
    table = Table(
        "measures",
        gettext("Measures that appear and disappear"),
        gettext(
            "Rounds of entry bans, sanctions, expulsions and other restrictive measures, by "
            "the side that imposed them and the side they were imposed on. A round known "
            "only to the month or the year is dated to its month or year."
        ),
        [
            gettext("Measure"),
            gettext("Imposed by"),
            gettext("Imposed on"),
            gettext("First round"),
            gettext("Last round"),
            gettext("Rounds"),
            gettext("Rounds by year"),
        ],
        note=str(LIFTED_NOTE),
        labels=3,
        notes=1,
    )
    for lane in measure_lanes(filterset.unordered):
        per_year = lane.per_year
        by_year = "; ".join(f"{year}: {n}" for year, n in per_year.items())
        table.rows.append(
            [str(lane.measure.name), lane.by, lane.on, lane.first, lane.last, lane.rounds, by_year]
        )
        table.per_year.append(per_year)
    return table


def build_tables(filterset: EventFilter) -> list[Table]:
    return [
        by_type(filterset),
        by_side(filterset),
        *lags(filterset),
        top_actors(filterset),
        measures(filterset),
    ]


def analysis_tables(filterset: EventFilter) -> list[Table]:
    """The tables for these filters in the active language, computed once per data version."""
    return cached_summary("analysis", filterset, build_tables)


@require_safe
def analysis(request: HttpRequest) -> HttpResponse:
    filterset, _events = filter_events(request.GET)
    tables = analysis_tables(filterset)
    query = filterset.query_string(page=None)
    context = {
        "filter": filterset,
        "figures": [(table, CHARTS[table.slug](table)) for table in tables],
        "query_string": query,
        "total": sum(row[-1] for row in tables[0].rows),
        "chips": [label for _name, _value, label in filterset.active()],
    }
    return render(request, "timeline/analysis.html", context)
