"""The one FilterSet behind the timeline, exports, feed and API (timeline/public/filters.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from incidents.models import Actor, Event, Status
from timeline.public.facets import build_facets
from timeline.public.filters import EventFilter, filter_events
from timeline.public.histogram import build_histogram

pytestmark = pytest.mark.django_db


def titles(params: str = "") -> list[str]:
    _filterset, events = filter_events(QueryDict(params))
    return [event.title for event in events]


def errors(params: str) -> dict[str, list[str]]:
    filterset, _events = filter_events(QueryDict(params))
    return {name: list(messages) for name, messages in filterset.errors.items()}


# --- defaults, order, publication ---------------------------------------------------------


def test_only_published_events_are_listed_newest_first(make):
    make.event("Old", date="2021-03-01")
    make.event("New", date="2024-07-09")
    make.event("Draft", date="2024-08-01", status=Status.DRAFT)
    make.event("In review", date="2024-08-02", status=Status.REVIEW)

    assert titles() == ["New", "Old"]


def test_order_asc_lists_oldest_first(make):
    make.event("Old", date="2021-03-01")
    make.event("New", date="2024-07-09")

    assert titles("order=asc") == ["Old", "New"]
    assert titles("order=desc") == ["New", "Old"]


def test_a_queryset_passed_in_is_still_limited_to_published_events(make):
    make.event("Draft", status=Status.DRAFT)

    filterset = EventFilter(QueryDict(""), queryset=Event.objects.all())

    assert list(filterset.qs) == []


# --- dates: bounds overlap, month and year edges -----------------------------------------


@pytest.mark.parametrize(
    ("params", "listed"),
    [
        ("from=2023-05-15", True),  # overlaps the second half of May
        ("from=2023-05-31", True),
        ("from=2023-06-01", False),
        ("from=2023-06", False),
        ("to=2023-05-01", True),
        ("to=2023-04-30", False),
        ("to=2023-04", False),
        ("from=2023-05&to=2023-05", True),
        ("from=2023&to=2023", True),
        ("from=2023-05-10&to=2023-05-12", True),  # inside the month: may have happened then
    ],
)
def test_month_precision_event_counts_when_the_range_overlaps_its_month(make, params, listed):
    make.event("May 2023", date="2023-05")

    assert (titles(params) == ["May 2023"]) is listed


@pytest.mark.parametrize(
    ("params", "listed"),
    [
        ("from=2023-12-31", True),
        ("from=2024", False),
        ("from=2024-01-01", False),
        ("to=2023-01-01", True),
        ("to=2022-12-31", False),
        ("to=2022", False),
        ("from=2023-06&to=2023-06", True),
    ],
)
def test_year_precision_event_counts_when_the_range_overlaps_its_year(make, params, listed):
    make.event("Some time in 2023", date="2023")

    assert (titles(params) == ["Some time in 2023"]) is listed


def test_day_event_at_a_month_edge(make):
    make.event("Last of May", date="2023-05-31")

    assert titles("to=2023-05") == ["Last of May"]
    assert titles("from=2023-06") == []
    assert titles("from=2023-05-31&to=2023-05-31") == ["Last of May"]


def test_event_lasting_several_days_counts_until_its_end(make):
    make.event("Drill", date="2023-05-30", end_date=dt.date(2023, 6, 2))

    assert titles("from=2023-06") == ["Drill"]
    assert titles("from=2023-06-03") == []


# --- vocabulary filters --------------------------------------------------------------------


def test_actor_filter_is_repeatable_and_any_of_them_matches(make):
    zakharova = make.actor("Maria Zakharova", slug="maria-zakharova")
    kishida = make.actor("Fumio Kishida", slug="fumio-kishida")
    make.event("Zakharova event", actors=[(zakharova, "initiator")])
    make.event("Kishida event", actors=[(kishida, "target")])
    make.event("Nobody")

    assert titles("actor=maria-zakharova") == ["Zakharova event"]
    assert sorted(titles("actor=maria-zakharova&actor=fumio-kishida")) == [
        "Kishida event",
        "Zakharova event",
    ]


def test_type_tag_and_publisher_filters(make):
    tass = make.actor("TASS", kind=Actor.Kind.MEDIA, slug="tass")
    make.event("Summons", type="summons", tags=["kurils"], sources=[make.source(publisher=tass)])
    make.event("Sanction", type="sanction", tags=["energy"])

    assert titles("type=summons") == ["Summons"]
    assert sorted(titles("type=summons&type=sanction")) == ["Sanction", "Summons"]
    assert titles("tag=energy") == ["Sanction"]
    assert titles("publisher=tass") == ["Summons"]


def test_filters_combine_with_and(make):
    japan = [(make.actor("Japan", kind=Actor.Kind.STATE, slug="japan"), "initiator")]
    make.event("Japan summons 2023", date="2023-02-01", type="summons", actors=japan)
    make.event("Japan summons 2024", date="2024-02-01", type="summons", actors=japan)
    make.event("Japan sanction 2023", date="2023-03-01", type="sanction", actors=japan)
    make.event("Other summons 2023", date="2023-04-01", type="summons")

    assert titles("actor=japan&type=summons&from=2023&to=2023") == ["Japan summons 2023"]


# --- bad values: reported and ignored, never an exception -------------------------------


def test_unknown_slug_is_reported_and_ignored_while_known_ones_apply(make):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    make.event("Japan event", actors=[(japan, "initiator")])
    make.event("Other event")

    assert titles("actor=japan&actor=no-such-actor") == ["Japan event"]
    assert errors("actor=japan&actor=no-such-actor") == {
        "actor": ["Unknown actor “no-such-actor”: ignored."]
    }


def test_actor_known_only_from_drafts_is_unknown_to_the_public(make):
    secret = make.actor("Secret source", slug="secret-source")
    make.event("Draft", status=Status.DRAFT, actors=[(secret, "initiator")])
    make.event("Public")

    assert titles("actor=secret-source") == ["Public"]
    assert "actor" in errors("actor=secret-source")


def test_garbage_date_is_reported_and_the_other_filters_still_apply(make):
    make.event("Summons", type="summons")
    make.event("Sanction", type="sanction")

    assert titles("from=garbage&type=summons") == ["Summons"]
    assert errors("from=garbage&to=2023-02-30") == {
        "from": ["Enter a date as YYYY, YYYY-MM or YYYY-MM-DD."],
        "to": ["2023-02 has no day 30."],
    }


def test_to_before_from_is_reported_and_to_is_ignored(make):
    make.event("2024", date="2024-03-01")

    assert titles("from=2024&to=2023") == ["2024"]
    assert list(errors("from=2024&to=2023")) == ["to"]


@pytest.mark.parametrize(
    "params",
    [
        "q=" + "x" * 5000,
        "q=zakharova%00",
        "from=%00",
        "actor=%00",
        "actor=" + "a" * 300,
        "order=sideways",
        "type=" + "&type=".join(f"t{n}" for n in range(200)),
        "tag=%F0%9F%92%A5",
        "publisher=' OR 1=1 --",
    ],
)
def test_bad_values_are_reported_never_raised(make, params):
    make.event("Listed")

    assert titles(params) == ["Listed"]
    assert errors(params)


def test_query_string_keeps_only_applied_values(make):
    make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    make.event("Listed", actors=[(Actor.objects.get(slug="japan"), "initiator")])
    filterset, _events = filter_events(QueryDict("q=&from=garbage&actor=japan&actor=nope&order="))

    assert filterset.query_string() == "actor=japan"
    assert filterset.query_string(drop=("actor", "japan")) == ""
    assert filterset.query_string(page=3) == "actor=japan&page=3"


# --- facet counts and histogram -----------------------------------------------------------


def test_facet_counts_add_up_to_the_result_count_and_skip_drafts(make):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    make.event("A", type="summons", actors=[(japan, "initiator")])
    make.event("B", type="summons")
    make.event("C", type="sanction", actors=[(japan, "target")])
    make.event("Draft", type="expulsion", status=Status.DRAFT, actors=[(japan, "target")])
    filterset = EventFilter(QueryDict(""))

    facets = {facet.name: facet for facet in build_facets(filterset)}
    types = {option.slug: option.count for option in facets["type"].options}

    assert types == {"summons": 2, "sanction": 1}
    assert sum(types.values()) == filterset.qs.count() == 3
    assert {o.slug: o.count for o in facets["actor"].options} == {"japan": 2}


def test_a_facet_ignores_its_own_filter_but_obeys_the_others(make):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    russia = make.actor("Russia", kind=Actor.Kind.STATE, slug="russia")
    make.event("A", type="summons", actors=[(japan, "initiator")])
    make.event("B", type="summons", actors=[(russia, "initiator")])
    make.event("C", type="sanction", actors=[(russia, "initiator")])
    filterset = EventFilter(QueryDict("actor=japan&type=summons"))

    facets = {facet.name: facet for facet in build_facets(filterset)}

    # Under type=summons: Japan 1, Russia 1 (the actor filter itself is left out).
    assert {(o.slug, o.count, o.selected) for o in facets["actor"].options} == {
        ("japan", 1, True),
        ("russia", 1, False),
    }
    # Under actor=japan: only summons.
    assert [(o.slug, o.count) for o in facets["type"].options] == [("summons", 1)]


def test_a_chosen_option_with_no_events_left_still_shows_so_it_can_be_unticked(make):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    make.event("A", type="summons", actors=[(japan, "initiator")])
    make.event("B", type="sanction")
    filterset = EventFilter(QueryDict("type=sanction&actor=japan"))

    facets = {facet.name: facet for facet in build_facets(filterset)}

    assert [(o.slug, o.count, o.selected) for o in facets["actor"].options] == [("japan", 0, True)]


def test_histogram_total_equals_the_result_count(make):
    make.event("May", date="2023-05-09")
    make.event("May too", date="2023-05")
    make.event("July", date="2023-07-01")
    make.event("Only the year", date="2022")
    make.event("Draft", date="2023-06-01", status=Status.DRAFT)
    filterset = EventFilter(QueryDict(""))

    histogram = build_histogram(filterset)

    assert histogram.total == filterset.qs.count() == 4
    assert [(bar.label, bar.count) for bar in histogram.bars] == [
        ("May 2023", 2),
        ("June 2023", 0),
        ("July 2023", 1),
    ]
    assert [(bar.label, bar.count) for bar in histogram.year_only] == [("2022", 1)]
    assert histogram.bars[0].url == "/?from=2023-05&to=2023-05"
    assert histogram.bars[1].url == ""  # nothing to narrow to


def test_histogram_bar_link_keeps_the_other_filters(make):
    make.event("May", date="2023-05-09", type="summons")
    filterset = EventFilter(QueryDict("type=summons&from=2020&page=3"))

    histogram = build_histogram(filterset)

    assert histogram.bars[0].url == "/?type=summons&from=2023-05&to=2023-05"


def test_a_facet_lists_at_most_forty_options_but_always_the_chosen_ones(make):
    people = [make.actor(f"Person {n:02d}", slug=f"person-{n:02d}") for n in range(45)]
    make.event("Crowded", actors=[(person, "mentioned") for person in people])
    filterset = EventFilter(QueryDict("actor=person-44"))

    actor_facet = next(f for f in build_facets(filterset) if f.name == "actor")

    assert len(actor_facet.options) == 40
    assert actor_facet.hidden == 5
    assert actor_facet.options[0].slug == "person-44" and actor_facet.options[0].selected
