"""The synthetic load-test record: deterministic, realistic in shape, marked, removable."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from incidents.dates import Precision
from incidents.models import (
    Actor,
    Event,
    EventActor,
    EventSource,
    EventType,
    Source,
    Statement,
    Status,
    Tag,
)
from incidents.search_index import refresh_search_index
from loadtest import synthetic

CYRILLIC = re.compile("[\u0400-\u04ff]")
JAPANESE = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")


def snapshot() -> dict[str, list]:
    """What the generator wrote, without database ids or timestamps."""
    return {
        "actors": list(
            Actor.objects.filter(is_synthetic=True)
            .order_by("slug")
            .values_list("slug", "name_en", "name_ru", "name_ja", "aliases", "kind")
        ),
        "events": list(
            Event.objects.filter(is_synthetic=True)
            .order_by("slug")
            .values_list(
                "slug",
                "title",
                "summary",
                "date_precision",
                "date_lower",
                "status",
                "event_type__slug",
                "search_text",
            )
        ),
        "roles": sorted(
            EventActor.objects.filter(event__is_synthetic=True).values_list(
                "event__slug", "actor__slug", "role", "title"
            )
        ),
        "sources": sorted(
            EventSource.objects.filter(event__is_synthetic=True).values_list(
                "event__slug", "source__url", "source__title", "position"
            )
        ),
        "statements": sorted(
            Statement.objects.filter(is_synthetic=True).values_list(
                "event__slug", "speaker__slug", "text", "source__url", "position"
            )
        ),
        "tags": sorted(Event.tags.through.objects.values_list("event__slug", "tag__slug")),
        "places": sorted(Event.places.through.objects.values_list("event__slug", "place__slug")),
    }


def test_synthetic_events_are_spread_over_the_gazetteers_places(small):
    events = Event.objects.filter(is_synthetic=True)
    per_event = Counter(Event.places.through.objects.values_list("event_id", flat=True))
    assert small.places == sum(per_event.values())
    assert 0.75 < len(per_event) / events.count() < 0.98  # about one in ten has none
    assert max(per_event.values()) == 2
    places = Counter(Event.places.through.objects.values_list("place__slug", flat=True))
    assert places.most_common(1)[0][0] in {"tokyo", "moscow"}
    assert len(places) > 10  # and a long tail


@pytest.fixture
def small(db):
    """A small synthetic record: 150 events among 80 people."""
    return synthetic.generate(events=150, seed=11, batch_size=40, persons=80)


def test_same_seed_gives_the_same_record_and_another_seed_a_different_one(db):
    synthetic.generate(events=60, seed=5, batch_size=25, persons=40)
    first = snapshot()
    synthetic.remove()
    synthetic.generate(events=60, seed=5, batch_size=25, persons=40)
    assert snapshot() == first
    synthetic.remove()
    synthetic.generate(events=60, seed=6, batch_size=25, persons=40)
    assert snapshot()["events"] != first["events"]


def test_every_row_is_marked_synthetic(small):
    assert Event.objects.count() == 150
    assert not Event.objects.filter(is_synthetic=False).exists()
    assert not Actor.objects.filter(is_synthetic=False).exists()
    assert not Source.objects.filter(is_synthetic=False).exists()
    assert not Statement.objects.filter(is_synthetic=False).exists()
    for model in (Event, Actor, Tag):
        assert all(s.startswith("synthetic-") for s in model.objects.values_list("slug", flat=True))
    urls = Source.objects.values_list("url", flat=True)
    assert all(url.startswith("https://synthetic.example/") for url in urls)
    assert all("(synthetic)" in name for name in Tag.objects.values_list("name", flat=True))


def test_record_has_the_shape_of_the_real_one(db):
    synthetic.generate(events=600, seed=2, batch_size=200, persons=120)
    events = Event.objects.all()
    n = events.count()
    assert 2.5 <= Statement.objects.count() / n <= 3.7
    assert 1.6 <= EventSource.objects.count() / n <= 2.3
    assert 2.0 <= EventActor.objects.count() / n <= 4.0
    # Every statement cites a source of its own event.
    for statement in Statement.objects.select_related("event")[:200]:
        assert statement.event.source_links.filter(source=statement.source_id).exists()
    # Every event type, mostly day precision, about a tenth not published.
    assert set(events.values_list("event_type__slug", flat=True)) == set(
        EventType.objects.values_list("slug", flat=True)
    )
    precisions = Counter(events.values_list("date_precision", flat=True))
    assert precisions[Precision.DAY] > precisions[Precision.MONTH] > 0
    assert precisions[Precision.YEAR] > 0
    unpublished = events.exclude(status=Status.PUBLISHED).count() / n
    assert 0.04 <= unpublished <= 0.18
    # 1990–2026, recent years denser.
    years = Counter(d.year for d in events.values_list("date_lower", flat=True))
    assert min(years) >= 1990 and max(years) <= 2026
    assert sum(years[y] for y in range(2016, 2026)) > 2 * sum(years[y] for y in range(1990, 2000))
    # People with Russian and Japanese names, in three scripts.
    people = Actor.objects.filter(kind=Actor.Kind.PERSON)
    assert people.count() == 120
    russian = people.filter(country__slug="synthetic-state-russia")
    japanese = people.filter(country__slug="synthetic-state-japan")
    assert russian.count() == japanese.count() == 60
    assert all(CYRILLIC.search(a.name_ru) and JAPANESE.search(a.name_ja) for a in people)
    assert Tag.objects.count() >= 30
    assert Actor.objects.filter(kind=Actor.Kind.MEDIA).count() >= 20


def test_search_index_is_what_refresh_search_index_writes(small):
    fields = ["pk", "search_text"]
    if connection.vendor == "postgresql":
        fields.append("search_vector")
    before = list(Event.objects.order_by("pk").values_list(*fields))
    assert all(row[1] for row in before)
    refresh_search_index()
    assert list(Event.objects.order_by("pk").values_list(*fields)) == before


def test_remove_deletes_the_synthetic_rows_and_nothing_else(make):
    tass = make.actor("TASS", kind=Actor.Kind.MEDIA, slug="tass")
    real = make.event("A real summons", sources=[make.source(publisher=tass)], tags=["fisheries"])
    synthetic.generate(events=50, seed=1, batch_size=20, persons=30)
    counts = synthetic.remove()
    assert counts["events"] == 50 and counts["place links"] > 0
    assert list(Event.objects.all()) == [real]
    assert Actor.objects.filter(is_synthetic=True).count() == 0
    assert Source.objects.filter(is_synthetic=True).count() == 0
    assert list(Tag.objects.values_list("slug", flat=True)) == ["fisheries"]
    assert real.source_links.get().source.publisher == tass
    assert Statement.objects.count() == 0


def test_command_generates_refuses_twice_and_removes(db, capsys):
    call_command("seed_synthetic", events=30, persons=20, seed=3, verbosity=0)
    assert Event.objects.filter(is_synthetic=True).count() == 30
    with pytest.raises(CommandError, match="already present"):
        call_command("seed_synthetic", events=30, persons=20, verbosity=0)
    call_command("seed_synthetic", events=10, persons=20, replace=True, verbosity=0)
    assert Event.objects.filter(is_synthetic=True).count() == 10
    call_command("seed_synthetic", remove=True, verbosity=1)
    assert "10 events" in capsys.readouterr().out
    assert not Event.objects.exists()
    assert not Actor.objects.exists()
