"""Measures that appear and disappear: the rounds of each kind of restrictive measure (entry
bans, sanctions, expulsions…) among the filtered events, by who imposed them on whom.

A kind of measure is a set of event types and tags (MEASURES); an event is a round of every
kind it matches. The rounds are counted by the database in one pass over the events, grouped
by the measures they are rounds of, imposing side, target side, year and month, and dated no
more precisely than the record knows them: a round known to the month counts in its month,
one known only to the year in its year.

The record has no notion of a measure being lifted or reversed (no event type or tag says
so), so the table says when each kind first and last appeared and how often, not whether it
still holds: the page says so (LIFTED_NOTE).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from incidents.dates import Precision
from incidents.models import Actor, Event, Role


@dataclass(frozen=True)
class Measure:
    """A kind of restrictive measure: the events of these types or with these tags."""

    slug: str
    name: Promise
    types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def condition(self) -> Q:
        # The tags as a subquery: a join would repeat each event once per tag it carries.
        tagged = Event.tags.through.objects.filter(tag__slug__in=self.tags).values("event_id")
        return Q(event_type__slug__in=self.types) | Q(pk__in=tagged)


# The generic "sanctions" tag is left out on purpose: it also marks protests against
# sanctions and moves that cite them, which are not rounds of sanctions.
MEASURES = (
    Measure("entry-bans", _("Entry bans"), ("entry_ban",), ("entry-ban",)),
    Measure(
        "sanctions", _("Sanctions and asset freezes"), ("sanction",), ("frozen-assets", "price-cap")
    ),
    Measure("export-controls", _("Export and trade controls"), (), ("export-controls",)),
    Measure("expulsions", _("Expulsions"), ("expulsion",), ("expulsions",)),
    Measure("unfriendly-list", _("“Unfriendly” designations"), (), ("unfriendly-list",)),
    Measure("countermeasures", _("Declared countermeasures"), (), ("countermeasures",)),
)
LIFTED_NOTE = _(
    "The record does not mark a measure as lifted or reversed, so this shows when each kind "
    "of measure first and last appeared and how often, not whether it still holds."
)


def state_of(actor: str) -> Coalesce:
    """The state the actor at path ``actor`` stands for: a state is its own, anyone else
    their country; '' when neither is recorded."""
    return Coalesce(
        Case(
            When(**{f"{actor}__kind": Actor.Kind.STATE}, then=F(f"{actor}__name_en")),
            default=F(f"{actor}__country__name_en"),
            output_field=CharField(),
        ),
        Value(""),
    )


def rounds_query(events: QuerySet) -> QuerySet:
    """The events of any measure among ``events``, grouped by which measures they are
    rounds of (a flag per measure), imposing side, target side, year and month (None for a
    round known only to its year), counted. One pass over the events and their roles: an
    event is in one group per pair of sides, whatever the number of measures it is in."""
    flags = {
        f"m{index}": Case(When(measure.condition, then=1), default=0, output_field=IntegerField())
        for index, measure in enumerate(MEASURES)
    }
    any_measure = Q()
    for measure in MEASURES:
        any_measure |= measure.condition
    return (
        events.filter(any_measure)
        .alias(
            by_role=FilteredRelation("actor_roles", condition=Q(actor_roles__role=Role.INITIATOR)),
            on_role=FilteredRelation("actor_roles", condition=Q(actor_roles__role=Role.TARGET)),
        )
        .annotate(
            **flags,
            by_side=state_of("by_role__actor"),
            on_side=state_of("on_role__actor"),
            year=ExtractYear("date_lower"),
            month=Case(
                When(date_precision=Precision.YEAR, then=None),
                default=ExtractMonth("date_lower"),
                output_field=IntegerField(),
            ),
        )
        .values_list(*flags, "by_side", "on_side", "year", "month")
        .annotate(rounds=Count("pk", distinct=True))
        .order_by()
    )


@dataclass
class Lane:
    """One kind of measure imposed by one side on another: its rounds by year and month."""

    measure: Measure
    by: str
    on: str
    months: dict[tuple[int, int | None], int]

    @property
    def rounds(self) -> int:
        return sum(self.months.values())

    @property
    def per_year(self) -> dict[int, int]:
        years: dict[int, int] = defaultdict(int)
        for (year, _month), n in self.months.items():
            years[year] += n
        return dict(sorted(years.items()))

    @property
    def first(self) -> str:
        year = min(y for y, _m in self.months)
        months = [m for y, m in self.months if y == year]
        return f"{year:04d}" if None in months else f"{year:04d}-{min(months):02d}"

    @property
    def last(self) -> str:
        year = max(y for y, _m in self.months)
        months = [m for y, m in self.months if y == year]
        return f"{year:04d}" if None in months else f"{year:04d}-{max(months):02d}"


def measure_lanes(events: QuerySet) -> list[Lane]:
    """Every (measure, imposing side, target side) with rounds, in MEASURES' order, then by
    most rounds."""
    not_recorded = gettext("not recorded")
    found: dict[tuple[str, str, str], dict[tuple[int, int | None], int]] = defaultdict(dict)
    for *flags, by, on, year, month, n in rounds_query(events):
        for measure, flag in zip(MEASURES, flags, strict=True):
            if flag:
                months = found[(measure.slug, by or not_recorded, on or not_recorded)]
                months[(year, month)] = months.get((year, month), 0) + n
    by_slug = {measure.slug: measure for measure in MEASURES}
    lanes = [Lane(by_slug[slug], by, on, months) for (slug, by, on), months in found.items()]
    order = {measure.slug: index for index, measure in enumerate(MEASURES)}
    lanes.sort(key=lambda lane: (order[lane.measure.slug], -lane.rounds, lane.by, lane.on))
    return lanes
