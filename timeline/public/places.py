"""Places in public: the place facet's counts, the gazetteer index and a place's page.

A place counts, lists and filters the events in it and in every place inside it (the Kuril
Islands hold the events on Etorofu). Only published events count, and only places holding
one (or holding a place that does) are shown: a place only drafts name stays unlisted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from incidents import translation
from incidents.models import Event, GazetteerRow, Place, PlaceTree, gazetteer_rows

from . import maps
from .caching import CachedPaginator, cached_summary
from .filters import EventFilter, filter_events

PAGE_SIZE = 20  # events per page on a place's page


def place_counts(events: QuerySet) -> list[tuple[str, str, int]]:
    """(slug, name in the page's language, events) for every place holding one of ``events``
    (pks), the largest count first."""
    found = [(place.slug, place.local_name(), total) for place, total in _counted(events)]
    return sorted(found, key=lambda row: (-row[2], row[1]))


def _counted(events: QuerySet) -> list[tuple[GazetteerRow, int]]:
    """(place, events) for every place holding one of ``events`` (pks). One query (the
    gazetteer is cached): one pass over the event–place links counting, for each place, the
    distinct events in it or inside it."""
    rows = gazetteer_rows()
    if not rows:
        return []
    tree = PlaceTree((row.pk, row.parent) for row in rows)
    links = Event.places.through.objects.filter(event__in=events)
    counts = links.aggregate(
        **{
            f"p{row.pk}": Count(
                "event", distinct=True, filter=Q(place_id__in=tree.with_descendants([row.pk]))
            )
            for row in rows
        }
    )
    return [(row, counts[f"p{row.pk}"]) for row in rows if counts[f"p{row.pk}"]]


@dataclass
class PlaceMap:
    """The filtered events' places: markers on the map, places beyond its frame, and all of
    them (countries and places without a point too) as (slug, name, events) by name."""

    shown: list[maps.Marker]
    outside: list[maps.Marker]
    listed: list[tuple[str, str, int]]


def place_map_of(filterset: EventFilter) -> PlaceMap:
    """The map of the filtered events, counted once per filter combination and data version,
    each marker linked to the timeline filtered to it. The timeline and /map/ show it."""

    def count(filtered: EventFilter) -> PlaceMap:
        counted = _counted(filtered.unordered.values("pk"))
        listed = sorted(((place.slug, place.local_name(), n) for place, n in counted), key=_name)
        return PlaceMap(*maps.markers(counted, _ancestors()), listed)

    place_map = cached_summary("place-map", filterset, count)
    for marker in [*place_map.shown, *place_map.outside]:
        marker.url = "?" + filterset.query_string(place=marker.slug)
    return place_map


def map_context(place_map: PlaceMap, is_fragment: bool = False) -> dict:
    """The template context of templates/timeline/_map.html: the static map, and the data of
    the interactive one (static/js/map.js) as JSON."""
    return {
        "place_map": place_map,
        "map_data": {
            "frame": maps.FRAME,
            "places": [marker.as_data() for marker in place_map.shown],
        },
        "map_land": maps.land_box(),
        "map_width": maps.WIDTH,
        "map_height": maps.HEIGHT,
        "is_fragment": is_fragment,
    }


def _ancestors() -> dict[int, list[str]]:
    """The slugs of the places each place lies in, by place id."""
    rows = gazetteer_rows()
    tree = PlaceTree((row.pk, row.parent) for row in rows)
    slugs = {row.pk: row.slug for row in rows}
    return {row.pk: [slugs[pk] for pk in tree.with_ancestors([row.pk]) - {row.pk}] for row in rows}


def _name(row: tuple[str, str, int]) -> str:
    return row[1]


@dataclass
class Entry:
    """One place in the gazetteer's index, with the public places inside it."""

    place: Place
    count: int
    inside: list[Entry] = field(default_factory=list)


def _index_entries() -> list[Entry]:
    """The public places as a tree (a place whose parent is not public stands at the top)."""
    places = {place.pk: place for place in Place.objects.public()}
    counts = {slug: n for slug, _name, n in place_counts(Event.objects.published().values("pk"))}
    entries = {pk: Entry(place, counts.get(place.slug, 0)) for pk, place in places.items()}
    top: list[Entry] = []
    for entry in sorted(entries.values(), key=lambda entry: entry.place.name_en):
        parent = entries.get(entry.place.parent_id)
        (parent.inside if parent else top).append(entry)
    return top


@require_safe
def place_index(request: HttpRequest) -> HttpResponse:
    # Per data version, as the timeline's counts (the filter set has no filters here).
    entries = cached_summary("places", EventFilter(QueryDict()), lambda _all: _index_entries())
    return render(request, "timeline/places.html", {"entries": entries})


@require_safe
def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place.objects.public().select_related("parent"), slug=slug)
    events = (
        Event.objects.published()
        .in_places([place.pk])
        .chronological("desc")
        .displayed()
        .select_related("event_type")
        .prefetch_related("places")
    )
    event_page = CachedPaginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = translation.localized(place, "name").text
    names = (place.name_en, place.name_ja, place.name_ru)
    context = {
        "place": place,
        # Its name in the page's language first, then its other names (the page's title).
        "title_names": [shown, *(name for name in dict.fromkeys(names) if name and name != shown)],
        "ancestors": place.ancestors(),
        "sub_places": place.children.public(),
        "event_page": event_page,
        "other_names": [
            (label, lang, name)
            for label, lang, name in (
                (gettext("Japanese"), "ja", place.name_ja),
                (gettext("Russian"), "ru", place.name_ru),
            )
            if name
        ],
    }
    return render(request, "timeline/place.html", context)


@require_safe
def place_map(request: HttpRequest) -> HttpResponse:
    """The events the timeline shows for the same query string, on a static map."""
    filterset, _events = filter_events(request.GET)

    place_map = place_map_of(filterset)
    context = {
        "filter": filterset,
        "query": filterset.query_string(),
        "chips": filterset.active(),
        "places": place_map.listed,
        **map_context(place_map),
    }
    return render(request, "timeline/place_map.html", context)
