"""Facet counts for the timeline's filter form.

Each option shows how many events the timeline would list with that option under the
current filters, leaving out the facet's own filter (the usual faceting rule, so that
picking a second actor widens the list rather than emptying the facet). One grouped
query per facet, whatever the number of options or events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from incidents.models import Actor, EventType, Tag
from incidents.translation import localized_expression

from .filters import FACETS, EventFilter
from .places import place_counts, place_map_of

# Options shown before the rest are folded away under "more".
VISIBLE_OPTIONS = 8
# At most this many options per facet (the largest counts; chosen ones always): a long
# tail of outlets with one article each helps nobody, and search finds them by name.
MAX_OPTIONS = 40


@dataclass
class Option:
    slug: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    hidden: int = 0  # options left out (beyond MAX_OPTIONS)

    @property
    def visible(self) -> list[Option]:
        return self.options[:VISIBLE_OPTIONS]

    @property
    def more(self) -> list[Option]:
        return self.options[VISIBLE_OPTIONS:]

    @property
    def selected_count(self) -> int:
        return sum(option.selected for option in self.options)


def _grouped(filterset: EventFilter, name: str) -> QuerySet:
    """(slug, label, count) rows for one facet, largest count first.

    Grouped by the option's primary key (PostgreSQL then sorts or hashes integers, not
    names), and counted with DISTINCT only where an event can reach an option twice: an
    actor may hold two roles in one event, and a publisher may back it with two sources;
    (event, tag) is unique.
    """
    events = filterset.without(name).values("pk")
    if name == "place":
        if not filterset.data_clean.get("place"):
            # No place chosen: the map's counts (counted once for both) are these.
            return sorted(place_map_of(filterset).listed, key=lambda row: (-row[2], row[1]))
        return place_counts(events)
    if name == "type":
        rows = filterset.without(name).values_list(
            "event_type__slug", localized_expression(EventType, "event_type", "name")
        )
        return rows.annotate(n=Count("pk")).order_by("-n", "event_type__position")
    if name == "actor":
        options = Actor.objects.filter(event_roles__event__in=events)
        count = Count("event_roles__event", distinct=True)
    elif name == "tag":
        options = Tag.objects.filter(events__in=events)
        count = Count("events")
    else:
        options = Actor.objects.filter(published_sources__event_links__event__in=events)
        count = Count("published_sources__event_links__event", distinct=True)
    # Named in the page's language (English where the record has no name in it yet).
    label = localized_expression(options.model, "", "name")
    return (
        options.annotate(n=count, label=label)
        .order_by("-n", "label")
        .values_list("slug", "label", "n")
    )


def build_facets(filterset: EventFilter) -> list[Facet]:
    """The facets, with a count for every option that would list something."""
    data = filterset.data_clean
    errors = filterset.form.errors if filterset.is_bound else {}
    facets = []
    for name in FACETS:
        selected = set(data.get(name) or [])
        facet = Facet(name, filterset.filters[name].label, errors=list(errors.get(name, [])))
        seen = set()
        for slug, label, count in _grouped(filterset, name):
            facet.options.append(Option(slug, label, count, slug in selected))
            seen.add(slug)
        # A chosen option with nothing left under the other filters still shows (with 0),
        # so that it can be unticked.
        for slug in data.get(name) or []:
            if slug not in seen:
                label = filterset.labels.get((name, slug), slug)
                facet.options.append(Option(slug, label, 0, True))
        # Chosen options first, so that they are never folded away under "more".
        facet.options.sort(key=lambda option: not option.selected)
        keep = max(MAX_OPTIONS, len(selected))
        facet.hidden = max(len(facet.options) - keep, 0)
        facet.options = facet.options[:keep]
        facets.append(facet)
    return facets
