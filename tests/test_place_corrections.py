"""Places on published events: an editor's change of an event's places, or of a place a
published event shows, is proposed — never dropped and never live unreviewed; an event's
places are part of its history: the edit log names their changes, comparing revisions shows
them and restoring a revision brings its places back."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from incidents import revision_log, snapshots
from incidents.models import Event, Place, Proposal
from tests.adminform import form_data


def change_url(obj) -> str:
    return reverse(f"admin:incidents_{obj._meta.model_name}_change", args=(obj.pk,))


@pytest.fixture
def published(make):
    japan = make.actor("Japan", kind="state")
    event = make.event("Japan protests a drill", actors=[(japan, "initiator")])
    event.places.set([Place.objects.get(slug="hokkaido")])
    return event


def place_slugs(event) -> set[str]:
    return set(event.places.values_list("slug", flat=True))


@pytest.mark.django_db
def test_an_editors_change_of_places_waits_for_review_then_goes_live(
    editor_client, reviewer_client, published, client
):
    etorofu = Place.objects.get(slug="etorofu-iturup")
    data = form_data(editor_client.get(change_url(published)), "event_form")
    data["places"] = [str(etorofu.pk)]
    assert editor_client.post(change_url(published), data).status_code == 302

    # The live event keeps its place; the proposal holds the new one (it was once dropped).
    assert place_slugs(published) == {"hokkaido"}
    proposal = Proposal.objects.pending().get()
    assert proposal.proposed["event"]["places"] == [etorofu.pk]
    page = reviewer_client.get(proposal.get_admin_url()).content.decode()
    assert "Etorofu / Iturup" in page and "Hokkaido" in page

    reviewer_client.post(proposal.get_admin_url(), {"action": "approve"})
    assert place_slugs(published) == {"etorofu-iturup"}
    assert "Etorofu / Iturup" in client.get(published.get_absolute_url()).text


@pytest.mark.django_db
def test_an_editors_change_of_a_place_a_published_event_shows_is_proposed(
    editor_client, reviewer_client, published, client
):
    hokkaido = Place.objects.get(slug="hokkaido")
    data = form_data(editor_client.get(change_url(hokkaido)), "place_form")
    data["name_ru"] = "Хоккайдо (остров)"
    assert editor_client.post(change_url(hokkaido), data).status_code == 302

    # Live and public as it was until a reviewer approves.
    hokkaido.refresh_from_db()
    assert hokkaido.name_ru == "Хоккайдо"
    proposal = Proposal.objects.pending().get()
    assert proposal.target == hokkaido and proposal.proposed["name_ru"] == "Хоккайдо (остров)"
    page = reviewer_client.get(proposal.get_admin_url()).content.decode()
    assert "Хоккайдо (остров)" in page
    reviewer_client.post(proposal.get_admin_url(), {"action": "approve"})
    hokkaido.refresh_from_db()
    assert hokkaido.name_ru == "Хоккайдо (остров)"
    # Only a reviewer deletes it; a place no published event shows stays the editor's.
    assert (
        editor_client.post(
            reverse("admin:incidents_place_delete", args=[hokkaido.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Place.objects.filter(pk=hokkaido.pk).exists()
    rebun = Place.objects.get(slug="rebun")
    data = form_data(editor_client.get(change_url(rebun)), "place_form")
    data["name_ru"] = "Ребун (остров)"
    editor_client.post(change_url(rebun), data)
    rebun.refresh_from_db()
    assert rebun.name_ru == "Ребун (остров)" and not Proposal.objects.pending().exists()


def history_page(client, event, path: str = "", **query) -> str:
    url = reverse(f"admin:incidents_event_history{path}", args=(event.pk,))
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_change_of_places_is_in_the_edit_log_and_its_comparison(reviewer_client, published):
    before = published.revisions.order_by("-pk").first()
    data = form_data(reviewer_client.get(change_url(published)), "event_form")
    data["places"] = [str(Place.objects.get(slug="etorofu-iturup").pk)]
    assert reviewer_client.post(change_url(published), data).status_code == 302

    latest = published.revisions.order_by("-pk").first()
    assert latest.summary == "Places"
    assert latest.public_summary == "Places"  # the event's page shows its places
    assert "<td>Places\n" in history_page(reviewer_client, published)  # the log's line
    html = history_page(reviewer_client, published, "_compare", old=f"r{before.pk}")
    assert "Hokkaido" in html and "Etorofu / Iturup" in html


@pytest.mark.django_db
def test_restoring_an_earlier_revision_brings_back_its_places(published, reviewer):
    before = revision_log.points(published.pk)[0]  # the newest revision: as set up
    published.title = "Japan protests a naval drill"
    published.save()
    published.places.set([Place.objects.get(slug="rebun")])
    revision_log.restore(published, before, reviewer)
    published.refresh_from_db()
    assert published.title == "Japan protests a drill"
    assert place_slugs(published) == {"hokkaido"}
    assert published.revisions.order_by("-pk").first().summary.startswith("Restored revision")


@pytest.mark.django_db
def test_history_written_before_places_were_recorded_holds_the_events_places_today(published):
    """Migration 0025's backfill: older records get the event's current places, so comparing
    or restoring them shows or changes no place (as before places were recorded)."""
    first = revision_log.points(published.pk)[-1]  # the event as created, without a place
    history = apps.get_model("incidents", "HistoricalEvent_places")
    history.objects.all().delete()  # as every record was before 0025
    migration = importlib.import_module("incidents.migrations.0025_event_history_places")
    with connection.cursor() as cursor:  # all the backfill asks of a schema editor
        migration.backfill(apps, SimpleNamespace(execute=cursor.execute))

    hokkaido = Place.objects.get(slug="hokkaido").pk
    records = Event.history.filter(id=published.pk)
    assert records.count() > 1
    assert all([link.place_id for link in record.places.all()] == [hokkaido] for record in records)
    assert revision_log.snapshot_at(published.pk, first)["event"]["places"] == [hokkaido]
    changes = snapshots.diff(
        revision_log.snapshot_at(published.pk, first), snapshots.snapshot(published)
    )
    assert "places" not in {field.name for change in changes for field in change.fields}
