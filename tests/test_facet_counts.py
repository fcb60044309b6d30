"""Facet counts (timeline/public/facets.py): each option counts events, never rows or drafts."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from incidents import versioning
from incidents.models import Actor, Status, gazetteer_rows
from timeline.public.facets import build_facets
from timeline.public.filters import FACETS, EventFilter, filter_events
from timeline.public.histogram import build_histogram
from timeline.public.matching import count_matches

pytestmark = pytest.mark.django_db


def facet_counts(params: str = "") -> dict[str, dict[str, int]]:
    facets = build_facets(EventFilter(QueryDict(params)))
    return {facet.name: {o.slug: o.count for o in facet.options} for facet in facets}


def listed(params: str) -> int:
    _filterset, events = filter_events(QueryDict(params))
    return events.count()


def test_an_actor_with_two_roles_in_one_event_counts_that_event_once(make):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    make.event("Both sides", actors=[(japan, "initiator"), (japan, "target")])
    make.event("One side", actors=[(japan, "target")])

    assert facet_counts()["actor"] == {"japan": 2}


def test_a_publisher_with_two_sources_on_one_event_counts_that_event_once(make):
    tass = make.actor("TASS", kind=Actor.Kind.MEDIA, slug="tass")
    make.event("Twice reported", sources=[make.source(publisher=tass), make.source(publisher=tass)])
    make.event("Once reported", sources=[make.source(publisher=tass), make.source()])

    assert facet_counts()["publisher"] == {"tass": 2}


def test_a_tag_counts_each_tagged_event(make):
    make.event("A", tags=["kurils", "fisheries"])
    make.event("B", tags=["kurils"])

    assert facet_counts()["tag"] == {"kurils": 2, "fisheries": 1}


def test_drafts_and_events_in_review_are_never_counted(make):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    tass = make.actor("TASS", kind=Actor.Kind.MEDIA, slug="tass")
    hidden = {
        "actors": [(japan, "initiator")],
        "sources": [make.source(publisher=tass)],
        "tags": ["kurils"],
        "type": "expulsion",
    }
    make.event("Draft", status=Status.DRAFT, **hidden)
    make.event("In review", status=Status.REVIEW, **hidden)
    make.event("Public", type="summons")

    assert facet_counts() == {
        "actor": {},
        "type": {"summons": 1},
        "tag": {},
        "publisher": {},
        "place": {},
    }


def test_options_with_equal_counts_are_listed_by_name(make):
    for name in ("Zeta", "Alpha", "Mu"):
        make.event(actors=[(make.actor(name, slug=name.lower()), "target")])
    make.event(actors=[(Actor.objects.get(slug="mu"), "initiator")])

    facet = next(f for f in build_facets(EventFilter(QueryDict(""))) if f.name == "actor")

    assert [(o.label, o.count) for o in facet.options] == [("Mu", 2), ("Alpha", 1), ("Zeta", 1)]


def test_every_count_is_what_the_timeline_lists_when_that_option_is_chosen(make):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    russia = make.actor("Russia", kind=Actor.Kind.STATE, slug="russia")
    tass = make.actor("TASS", kind=Actor.Kind.MEDIA, slug="tass")
    kyodo = make.actor("Kyodo", kind=Actor.Kind.MEDIA, slug="kyodo")
    make.event(
        "Protest",
        date="2022-03-01",
        type="sanction",
        actors=[(japan, "initiator"), (japan, "mentioned"), (russia, "target")],
        sources=[make.source(publisher=tass), make.source(publisher=tass)],
        tags=["kurils"],
    )
    make.event(
        "Summons",
        date="2021-05-01",
        actors=[(russia, "initiator")],
        sources=[make.source(publisher=kyodo), make.source(publisher=tass)],
        tags=["kurils", "fisheries"],
    )
    make.event("Old", date="2015-01-01", type="sanction", actors=[(japan, "target")])
    make.event(
        "Draft",
        status=Status.DRAFT,
        actors=[(japan, "initiator")],
        tags=["kurils"],
        type="sanction",
    )

    combinations = (
        "",
        "from=2020",
        "actor=russia",
        "tag=kurils&type=summons",
        "publisher=tass",
        "q=protest",
        "q=summons&order=asc",
        "actor=russia&publisher=tass&from=2021",
        "actor=japan&actor=russia&tag=kurils&type=sanction",
    )
    for params in combinations:
        counts = facet_counts(params)
        assert any(counts.values()), params
        for name in FACETS:
            others = QueryDict(params, mutable=True)
            others.pop(name, None)  # a facet ignores its own filter
            for slug, count in counts[name].items():
                chosen = others.copy()
                chosen[name] = slug
                assert count == listed(chosen.urlencode()), (params, name, slug)
        # The histogram, counted in the same pass, adds up to what the timeline lists.
        assert build_histogram(EventFilter(QueryDict(params))).total == listed(params), params


def test_the_histogram_and_every_facet_are_counted_in_one_query(make, django_assert_num_queries):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    tass = make.actor("TASS", kind=Actor.Kind.MEDIA, slug="tass")
    make.event(
        "Protest",
        actors=[(japan, "initiator")],
        sources=[make.source(publisher=tass)],
        tags=["fisheries"],
    )
    make.event("Drill", tags=["kurils"])
    filterset = EventFilter(QueryDict("q=protest&actor=japan&tag=kurils&from=2000"))
    filterset.data_clean  # noqa: B018 - the form's slug lookup is not the counting
    token = versioning.pin(versioning.read())  # as in a request: the version read once
    gazetteer_rows()  # nor is the gazetteer (cached per data version)

    try:
        with django_assert_num_queries(1):
            counts = count_matches(filterset)
    finally:
        versioning.unpin(token)

    assert counts.total == 0  # the protest is not tagged "kurils"…
    assert [(slug, n) for slug, _label, n in counts.options["tag"]] == [("fisheries", 1)]
    assert counts.options["publisher"] == []  # …which only the tag facet ignores
