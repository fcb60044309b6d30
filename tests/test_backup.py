"""backup_data → restore_data into an empty database gives back exactly the same rows (run on
SQLite and on PostgreSQL), and restore_data refuses what it must not load."""

from __future__ import annotations

import datetime as dt
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
from watch import confirm
from watch.models import Candidate, Decision, DismissReason, WatchedSource, WatchItem

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
    Candidate.objects.all().delete()
    WatchedSource.objects.all().delete()  # and its items
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


@pytest.fixture
def watch_inbox(dataset, django_user_model):
    """An editor's source watch: a switched-on source with its outlet and poll state, a
    switched-off one, items grouped into candidates, one dismissed with a reason and a note,
    one added to a recorded event."""
    editor = django_user_model.objects.get(username="editor")
    reviewer = django_user_model.objects.get(username="reviewer")
    nhk = Actor.objects.get(name_en="NHK")
    wire = WatchedSource.objects.create(
        name="NHK World (en)",
        url="https://www3.nhk.or.jp/rss/news/cat6.xml",
        outlet=nhk,
        enabled=True,
        poll_minutes=30,
        last_polled_at=dt.datetime(2026, 11, 30, 8, 15, 2, 123456, tzinfo=dt.UTC),
        next_poll_at=dt.datetime(2026, 11, 30, 8, 45, 2, 123456, tzinfo=dt.UTC),
        failures=2,
        last_error="HTTP 503",
    )
    WatchedSource.objects.create(name="TASS (ru)", url="https://tass.ru/rss/v2.xml", language="ru")
    first = Event.objects.get(title="First")
    report = Candidate.objects.create(
        title="Japan protests again", score=0.9, relevant=True, duplicate_of=first
    )
    noise = Candidate.objects.create(title="Tokyo stocks rise", score=0.7, relevant=True)
    for n, (candidate, title) in enumerate(
        ((report, "Japan lodges a protest"), (noise, "Nikkei up"), (noise, "Nikkei closes up"))
    ):
        item = WatchItem.objects.create(
            source=wire,
            url=f"https://www3.nhk.or.jp/news/{n}.html",
            title=title,
            text=f"{title}. 「引用」 said the ministry.",
            language="en",
            score=candidate.score,
            relevant=True,
            candidate=candidate,
            duplicate_of=candidate.duplicate_of,
            published_at=dt.datetime(2026, 11, 29, 9, n, tzinfo=dt.UTC),
        )
        item.actors.add(nhk)
    report.actors.add(nhk)
    confirm.dismiss(noise.pk, editor, DismissReason.NOT_INCIDENT, "Markets, not diplomacy.")
    confirm.add_to_event(report.pk, reviewer)  # imports its item as a draft source
    return wire


def watch_rows() -> dict[str, list]:
    return {label: rows for label, rows in snapshot().items() if label.startswith("watch.")}


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


def test_the_source_watch_and_the_inbox_decisions_survive_a_backup_and_restore(
    watch_inbox, tmp_path
):
    before = watch_rows()
    assert before["watch.WatchItem"] and before["watch.Candidate.actors"]
    path = tmp_path / "backup.json.gz"
    call_command("backup_data", str(path), verbosity=0)
    empty_the_database()
    assert not WatchedSource.objects.exists() and not Candidate.objects.exists()

    call_command("restore_data", str(path), verbosity=0)

    assert watch_rows() == before
    wire = WatchedSource.objects.get(name="NHK World (en)")
    assert wire.enabled and wire.outlet.name_en == "NHK" and wire.failures == 2
    assert wire.last_polled_at == dt.datetime(2026, 11, 30, 8, 15, 2, 123456, tzinfo=dt.UTC)
    dismissed = Candidate.objects.get(title="Tokyo stocks rise")
    assert dismissed.state == Decision.DISMISSED
    assert dismissed.dismiss_reason == DismissReason.NOT_INCIDENT
    assert dismissed.dismiss_note == "Markets, not diplomacy."
    assert dismissed.decided_by.username == "editor"
    assert set(dismissed.items.values_list("state", "dismiss_reason")) == {
        (Decision.DISMISSED, DismissReason.NOT_INCIDENT)
    }
    # The report added to a recorded event still leads to it and to its imported source.
    added = WatchItem.objects.get(title="Japan lodges a protest")
    assert added.state == Decision.CONFIRMED and added.candidate.event.title == "First"
    assert added.decided_by.username == "reviewer"
    assert added.imported_source.event_links.filter(event__title="First").exists()
    # The inbox shows neither decided candidate again; the poller knows the items it saw.
    assert not Candidate.objects.for_inbox(show_all=True).exists()


def test_a_restore_that_fails_leaves_the_database_empty(watch_inbox, tmp_path):
    path = tmp_path / "backup.json"
    call_command("backup_data", str(path), verbosity=0)
    data = json.loads(path.read_text())
    data["counts"]["watch.watchitem"] += 1  # one item lost on the way
    path.write_text(json.dumps(data))
    empty_the_database()

    with pytest.raises(CommandError, match=r"watch\.watchitem"):
        call_command("restore_data", str(path), verbosity=0)

    assert backup.not_empty() == []
    assert not WatchedSource.objects.exists()


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
