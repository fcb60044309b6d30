"""backup_data → restore_data into an empty database gives back exactly the same rows (run on
SQLite and on PostgreSQL), and restore_data refuses what it must not load."""

from __future__ import annotations

import gzip
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from incidents import backup, publishing
from incidents.models import Actor, Event, Revision, Source, Status, Tag
from tests import factories
from tests.adminform import form_data
from timeline.public.search import search_events

pytestmark = pytest.mark.django_db


DERIVED = {"search_text", "search_vector"}  # rebuilt by the restore, compared separately


def snapshot() -> dict[str, list]:
    """Every row of every model in the backup, plus the many-to-many links."""
    rows: dict[str, list] = {}
    for model in backup.models_to_dump():
        columns = [f.attname for f in model._meta.concrete_fields if f.name not in DERIVED]
        rows[model._meta.label] = list(model._default_manager.order_by("pk").values(*columns))
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            columns = [f.attname for f in through._meta.concrete_fields if not f.primary_key]
            label = f"{model._meta.label}.{field.name}"
            rows[label] = sorted(through.objects.values_list(*columns))
    return rows


def empty_the_database() -> None:
    """What `migrate` leaves in a new database: no data, only the seeded vocabulary and groups."""
    LogEntry.objects.all().delete()
    Event.objects.all().delete()
    Actor.objects.update(country=None)
    for model in (Source, Actor, Tag):
        model.objects.all().delete()
    for model in backup.models_to_dump():
        if model.__name__.startswith("Historical"):
            model.objects.all().delete()
    Revision.objects.all().delete()
    get_user_model().objects.all().delete()
    assert backup.not_empty() == []


@pytest.fixture
def dataset(make, client, django_user_model):
    """A bit of everything: statuses, parts, tags, responses, history, deletions, users."""
    reviewer = factories.staff_user(django_user_model, "reviewer", groups=("Reviewers",))
    factories.staff_user(django_user_model, "editor")  # its group is checked after a restore
    japan = make.actor("Japan", kind=Actor.Kind.STATE, name_ja="日本")
    person = make.actor("Yoko Kamikawa", country=japan, aliases="Kamikawa\nYōko Kamikawa")
    outlet = make.actor("NHK", kind=Actor.Kind.MEDIA, country=japan)
    source = make.source(title="Report «quoted»", publisher=outlet, text="Full text 「引用」.")
    first = make.event("First", date="2023-05", actors=[(person, "initiator")], sources=[source])
    second = make.event("Second", date="2023", status=Status.REVIEW, tags=["sanctions", "kuril"])
    second.responds_to.add(first)
    second.latitude, second.longitude = "43.06417", "141.34694"
    second.save()
    make.statement(first, person, "We protest.", said_on=first.date_lower)
    publishing.publish(second, reviewer)
    doomed = make.event("Deleted later")
    doomed.delete()
    # The minister appears on a published event: only a reviewer may change her record.
    client.force_login(reviewer)
    url = reverse("admin:incidents_actor_change", args=(person.pk,))
    data = form_data(client.get(url), "actor_form")
    data["description"] = "Foreign Minister of Japan, 2023–2024."
    assert client.post(url, data).status_code == 302  # an admin log entry and history row
    assert LogEntry.objects.exists()


@pytest.mark.parametrize("name", ["backup.json", "backup.json.gz"])
def test_backup_then_restore_into_an_empty_database_gives_the_same_rows(dataset, tmp_path, name):
    before = snapshot()
    path = tmp_path / name
    call_command("backup_data", str(path), verbosity=0)
    empty_the_database()
    assert snapshot() != before

    call_command("restore_data", str(path), verbosity=0)

    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        for old, new in zip(before[label], after[label], strict=True):
            assert new == old, label


def test_a_restored_database_takes_new_records_and_keeps_working(dataset, tmp_path, make):
    path = tmp_path / "backup.json.gz"
    call_command("backup_data", str(path), verbosity=0)
    empty_the_database()
    call_command("restore_data", str(path), verbosity=0)
    # Sequences were moved past the restored ids.
    event = make.event("After the restore")
    assert event.pk > max(Event.history.values_list("id", flat=True).exclude(id=event.pk))
    assert Group.objects.get(name="Editors").user_set.filter(username="editor").exists()
    restored = Event.objects.get(title="Second")
    assert restored.status == Status.PUBLISHED
    assert restored.published_by.username == "reviewer"
    assert search_events(Event.objects.all(), '"we protest"').exists()  # index rebuilt


def test_backup_without_history_leaves_the_history_out(dataset, tmp_path):
    path = tmp_path / "backup.json"
    call_command("backup_data", str(path), "--no-history", verbosity=0)
    data = json.loads(path.read_text())
    assert data["history"] is False
    assert not any(obj["model"].startswith("incidents.historical") for obj in data["objects"])
    # The revisions grouping those records go too: a changelog line without its details
    # would say "not on record" on the public page.
    assert "incidents.revision" not in {obj["model"] for obj in data["objects"]}
    assert "incidents.revision" not in data["counts"]


def test_restore_refuses_a_database_that_holds_data(dataset, tmp_path):
    path = tmp_path / "backup.json"
    call_command("backup_data", str(path), verbosity=0)
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore_data", str(path), verbosity=0)


def test_restore_refuses_files_that_are_not_backups(db, tmp_path):
    cases = {
        "empty.json": b"",
        "binary.json": bytes(range(256)),
        "other.json": b'[{"model": "auth.user", "pk": 1, "fields": {}}]',
        "truncated.json.gz": gzip.compress(b'{"format": "rj-timeline-backup", "objects": [')[:30],
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(CommandError) as refused:
            call_command("restore_data", str(path), verbosity=0)
        assert str(path) in str(refused.value), name
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore_data", str(tmp_path / "missing.json"), verbosity=0)


def test_restore_refuses_a_backup_from_another_schema(db, tmp_path):
    path = tmp_path / "backup.json"
    call_command("backup_data", str(path), verbosity=0)
    data = json.loads(path.read_text())
    data["migrations"]["incidents"].append("0099_from_the_future")
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="0099_from_the_future"):
        call_command("restore_data", str(path), verbosity=0)
