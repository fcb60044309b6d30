"""The database itself refuses invalid rows, whatever path writes them.

Each case writes directly — ``bulk_create``, ``QuerySet.update`` or raw SQL, never a form or
``save()`` — and must be refused with an IntegrityError. A guard test fails when a model gains
a constraint or unique key that has no case here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction

from incidents.models import (
    Actor,
    Event,
    EventActor,
    EventSource,
    EventType,
    Place,
    Proposal,
    Release,
    ReleaseEntry,
    ReleaseFile,
    Source,
    Statement,
    Tag,
)

D = dt.date


@pytest.fixture
def world(make):
    """One valid row of each kind, for the cases to corrupt."""
    person = make.actor("Maria Zakharova")
    outlet = make.actor("Kyodo", kind="media")
    source = make.source(publisher=outlet)
    event = make.event(actors=[(person, "initiator")], sources=[source])
    statement = make.statement(event, person, "We will respond.", source=source)
    return {
        "actor": person,
        "source": source,
        "event": event,
        "statement": statement,
        "link": event.source_links.get(),
        "role": event.actor_roles.get(),
        "type": event.event_type,
        "tag": make.tag("kuril-islands", "Kuril Islands"),
        "place": Place.objects.create(name_en="Rebun", slug="rebun-test", kind="island"),
    }


def update(obj: models.Model, **fields) -> None:
    type(obj).objects.filter(pk=obj.pk).update(**fields)


def raw_update(obj: models.Model, column: str, value) -> None:
    table = connection.ops.quote_name(obj._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",  # noqa: S608
            [value, obj.pk],
        )


def duplicate(obj: models.Model, **changes) -> None:
    """bulk_create a copy of ``obj`` (new pk) with some fields changed."""
    model = type(obj)
    values = {
        f.attname: getattr(obj, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key and not f.generated
    }
    values.update(changes)
    model.objects.bulk_create([model(**values)])


def releases(*fields: dict) -> list[Release]:
    """Releases inserted directly (bulk_create: no save() guard), one per ``fields``."""
    return Release.objects.bulk_create(
        [Release(**{"version": f"2026.01.0{n}", **each}) for n, each in enumerate(fields, 1)]
    )


def release_rows(model: type[models.Model], *fields: dict) -> None:
    """Rows of a release's files or entries, inserted directly."""
    (made,) = releases({})
    base = {
        ReleaseFile: {"name": "events.csv", "content": b"", "size": 0, "sha256": "0" * 64},
        ReleaseEntry: {"event_id": 1, "slug": "x", "state": "published", "record": {}, "row": []},
    }[model]
    model.objects.bulk_create([model(release=made, **{**base, **each}) for each in fields])


# (label, constraint or unique key it proves, the invalid write)
Case = tuple[str, str, Callable[[dict], None]]

CASES: list[Case] = [
    # Place
    (
        "place kind outside the vocabulary",
        "place_kind_valid",
        lambda w: update(w["place"], kind="moon"),
    ),
    (
        "place without English name",
        "place_name_en_required",
        lambda w: update(w["place"], name_en=""),
    ),
    ("place without slug", "place_slug_required", lambda w: update(w["place"], slug="")),
    (
        "place is its own parent",
        "place_not_own_parent",
        lambda w: update(w["place"], parent=w["place"]),
    ),
    ("place latitude 91", "place_latitude_range", lambda w: update(w["place"], latitude=91)),
    ("place longitude 181", "place_longitude_range", lambda w: update(w["place"], longitude=181)),
    (
        "place box south -91",
        "place_box_lat_range",
        lambda w: update(w["place"], south=-91, west=0, north=0, east=1),
    ),
    (
        "place box east 200",
        "place_box_lon_range",
        lambda w: update(w["place"], south=0, west=0, north=1, east=200),
    ),
    (
        "place box without its north edge",
        "place_box_complete",
        lambda w: update(w["place"], south=0, west=0, east=1),
    ),
    (
        "place box upside down",
        "place_box_complete",
        lambda w: update(w["place"], south=5, west=0, north=1, east=1),
    ),
    ("two places with one slug", "place.slug unique", lambda w: duplicate(w["place"])),
    # Actor
    (
        "actor kind outside the vocabulary",
        "actor_kind_valid",
        lambda w: update(w["actor"], kind="alien"),
    ),
    (
        "actor without English name",
        "actor_name_en_required",
        lambda w: update(w["actor"], name_en=""),
    ),
    ("actor without slug", "actor_slug_required", lambda w: raw_update(w["actor"], "slug", "")),
    ("two actors, one slug", "actor.slug unique", lambda w: duplicate(w["actor"], name_en="Other")),
    # Vocabulary
    (
        "two event types, one slug",
        "eventtype.slug unique",
        lambda w: duplicate(w["type"], name="New type"),
    ),
    (
        "two event types, one name",
        "eventtype.name unique",
        lambda w: duplicate(w["type"], slug="new-type"),
    ),
    ("two tags, one slug", "tag.slug unique", lambda w: duplicate(w["tag"], name="Other")),
    ("two tags, one name", "tag.name unique", lambda w: duplicate(w["tag"], slug="other")),
    # Event
    (
        "event status outside the workflow",
        "event_status_valid",
        lambda w: update(w["event"], status="live"),
    ),
    (
        "event precision unknown",
        "event_precision_valid",
        lambda w: update(w["event"], date_precision="week"),
    ),
    (
        "event upper bound before lower bound",
        "event_bounds_ordered",
        lambda w: update(w["event"], date_lower=D(2023, 6, 9), date_upper=D(2023, 6, 8)),
    ),
    (
        "event ends before it starts",
        "event_end_not_before_start",
        lambda w: update(w["event"], end_date=D(2023, 6, 1)),
    ),
    (
        "day precision spanning two days",
        "event_bounds_match_precision",
        lambda w: update(w["event"], date_precision="day", date_upper=D(2023, 6, 10)),
    ),
    (
        "month precision not starting on the 1st",
        "event_bounds_match_precision",
        lambda w: update(
            w["event"], date_precision="month", date_lower=D(2023, 5, 2), date_upper=D(2023, 5, 31)
        ),
    ),
    (
        "month precision running into the next month",
        "event_bounds_match_precision",
        lambda w: update(
            w["event"], date_precision="month", date_lower=D(2023, 5, 1), date_upper=D(2023, 6, 30)
        ),
    ),
    (
        "month precision ending mid-month",
        "event_bounds_match_precision",
        lambda w: update(
            w["event"], date_precision="month", date_lower=D(2023, 5, 1), date_upper=D(2023, 5, 15)
        ),
    ),
    (
        "year precision not starting on 1 January",
        "event_bounds_match_precision",
        lambda w: update(
            w["event"], date_precision="year", date_lower=D(2023, 2, 1), date_upper=D(2023, 12, 31)
        ),
    ),
    (
        "year precision spanning two years",
        "event_bounds_match_precision",
        lambda w: update(
            w["event"], date_precision="year", date_lower=D(2023, 1, 1), date_upper=D(2024, 12, 31)
        ),
    ),
    ("event without slug", "event_slug_required", lambda w: update(w["event"], slug="")),
    ("event without title", "event_title_required", lambda w: raw_update(w["event"], "title", "")),
    ("latitude above 90", "event_latitude_range", lambda w: update(w["event"], latitude=90.5)),
    ("latitude below -90", "event_latitude_range", lambda w: update(w["event"], latitude=-91)),
    ("longitude above 180", "event_longitude_range", lambda w: update(w["event"], longitude=180.5)),
    ("longitude below -180", "event_longitude_range", lambda w: update(w["event"], longitude=-181)),
    ("two events, one slug", "event.slug unique", lambda w: duplicate(w["event"], title="Copy")),
    (
        "Japanese translation state unknown",
        "event_translation_ja_state_valid",
        lambda w: update(w["event"], translation_ja_state="machine"),
    ),
    (
        "Russian translation state unknown",
        "event_translation_ru_state_valid",
        lambda w: update(w["event"], translation_ru_state="done"),
    ),
    (
        "event without a type",
        "event.event_type not null",
        lambda w: update(w["event"], event_type=None),
    ),
    (
        "negative event version",
        "event.version positive",
        lambda w: raw_update(w["event"], "version", -1),
    ),
    # Actor roles
    (
        "same actor twice in the same role",
        "eventactor_unique_role",
        lambda w: duplicate(w["role"], position=5),
    ),
    (
        "role outside the vocabulary",
        "eventactor_role_valid",
        lambda w: update(w["role"], role="villain"),
    ),
    (
        "negative role position",
        "eventactor.position positive",
        lambda w: raw_update(w["role"], "position", -1),
    ),
    # Sources
    ("source kind unknown", "source_kind_valid", lambda w: update(w["source"], kind="rumour")),
    (
        "javascript: source URL",
        "source_url_http",
        lambda w: update(w["source"], url="javascript:alert(1)"),
    ),
    (
        "data: source URL",
        "source_url_http",
        lambda w: raw_update(w["source"], "url", "data:text/html,<b>x</b>"),
    ),
    ("relative source URL", "source_url_http", lambda w: update(w["source"], url="/articles/1")),
    (
        "javascript: archive URL",
        "source_archive_url_http",
        lambda w: update(w["source"], archive_url="javascript:alert(1)"),
    ),
    (
        "protocol-relative archive URL",
        "source_archive_url_http",
        lambda w: update(w["source"], archive_url="//archive.example/x"),
    ),
    ("two sources, one URL", "source.url unique", lambda w: duplicate(w["source"], title="Copy")),
    # Source links
    ("same source linked twice", "eventsource_unique", lambda w: duplicate(w["link"], position=3)),
    (
        "negative link position",
        "eventsource.position positive",
        lambda w: raw_update(w["link"], "position", -1),
    ),
    # Statements
    (
        "statement without text",
        "statement_text_required",
        lambda w: update(w["statement"], text=""),
    ),
    (
        "statement translator unknown",
        "statement_translation_by_valid",
        lambda w: update(w["statement"], translation_by="machine"),
    ),
    (
        "project translation without the source's words",
        "statement_project_translation_has_original",
        lambda w: update(w["statement"], translation_by="project"),
    ),
    (
        "statement kind unknown",
        "statement_kind_valid",
        lambda w: update(w["statement"], kind="rumour"),
    ),
    (
        "statement source check unknown",
        "statement_source_check_valid",
        lambda w: update(w["statement"], source_check="trusted"),
    ),
    (
        "statement without source",
        "statement.source not null",
        lambda w: update(w["statement"], source=None),
    ),
    (
        "statement without speaker",
        "statement.speaker not null",
        lambda w: update(w["statement"], speaker=None),
    ),
    # Proposed corrections
    *(
        (
            f"two pending corrections of one {target}",
            f"proposal_one_pending_per_{target}",
            lambda w, target=target: Proposal.objects.bulk_create(
                [Proposal(**{target: w[target]}, proposed={}, base={}) for _ in range(2)]
            ),
        )
        for target in ("event", "actor", "source", "tag", "place")
    ),
    (
        "correction of two records at once",
        "proposal_one_target",
        lambda w: Proposal.objects.bulk_create(
            [Proposal(event=w["event"], actor=w["actor"], proposed={}, base={})]
        ),
    ),
    (
        "correction of nothing",
        "proposal_one_target",
        lambda w: Proposal.objects.bulk_create([Proposal(proposed={}, base={})]),
    ),
    (
        "correction state unknown",
        "proposal_state_valid",
        lambda w: Proposal.objects.bulk_create(
            [Proposal(event=w["event"], state="maybe", proposed={}, base={})]
        ),
    ),
    # Releases
    ("release without version", "release_version", lambda w: releases({"version": ""})),
    (
        "two releases, one version",
        "release.version unique",
        lambda w: releases({"version": "v"}, {"version": "v"}),
    ),
    (
        "two releases after the same one",
        "release.previous unique",
        lambda w: releases(*[{"previous": first} for first in releases({"version": "1"}) * 2]),
    ),
    (
        "file checksum not SHA-256",
        "releasefile_sha256",
        lambda w: release_rows(ReleaseFile, {"sha256": "abc"}),
    ),
    ("two files, one name", "releasefile_unique_name", lambda w: release_rows(ReleaseFile, {}, {})),
    (
        "release entry state unknown",
        "releaseentry_state",
        lambda w: release_rows(ReleaseEntry, {"state": "hidden"}),
    ),
    (
        "an event twice in a release",
        "releaseentry_unique",
        lambda w: release_rows(ReleaseEntry, {}, {"slug": "y"}),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "guarantee", "write"), CASES, ids=[c[0] for c in CASES])
def test_database_refuses_invalid_row(world, label, guarantee, write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write(world)


@pytest.mark.django_db
def test_the_same_direct_writes_succeed_when_the_values_are_valid(world):
    """Control: the cases fail because of the values, not because of how they write."""
    event, source = world["event"], world["source"]
    with transaction.atomic():
        update(event, date_precision="month", date_lower=D(2023, 2, 1), date_upper=D(2023, 2, 28))
        update(event, date_precision="year", date_lower=D(2023, 1, 1), date_upper=D(2023, 12, 31))
        update(event, end_date=D(2024, 1, 5), latitude=90, longitude=-180)
        update(source, url="http://example.org/a", archive_url="https://archive.example/a")
        raw_update(world["role"], "position", 7)
        duplicate(world["actor"], name_en="Other", slug="other-actor")
        duplicate(
            world["link"], source_id=Source.objects.create(url="https://x.example/b", title="B").pk
        )
    event.refresh_from_db()
    assert (event.date_precision, event.span_end) == ("year", D(2024, 1, 5))


def _declared_guarantees() -> set[str]:
    names: set[str] = set()
    for model in apps.get_app_config("incidents").get_models():
        if model._meta.auto_created or model.__name__.startswith("Historical"):
            continue
        names.update(c.name for c in model._meta.constraints)
        label = model.__name__.lower()
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key:
                names.add(f"{label}.{field.name} unique")
        names.update(f"{label}.{'_'.join(u)} unique" for u in model._meta.unique_together)
    return names


def test_every_declared_constraint_and_unique_key_has_a_case():
    covered = {guarantee for _, guarantee, _ in CASES}
    missing = _declared_guarantees() - covered
    assert not missing, f"add a test_db_constraints case for: {sorted(missing)}"


def test_models_under_test_are_the_incident_models():
    # Keeps the import list honest for readers; the guard above is what counts.
    assert {Actor, Event, EventActor, EventSource, EventType, Source, Statement, Tag} <= set(
        apps.get_app_config("incidents").get_models()
    )
