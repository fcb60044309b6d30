"""Places on published events: an editor's change of them is proposed, never dropped and never
live unreviewed; a place a published event shows changes only through a reviewer; comparing
and restoring revisions (whose history does not hold places) leaves an event's places alone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from incidents import revision_log
from incidents.models import Place, Proposal
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
def test_a_place_a_published_event_shows_changes_only_through_a_reviewer(
    editor_client, reviewer_client, published
):
    hokkaido = Place.objects.get(slug="hokkaido")
    page = editor_client.get(change_url(hokkaido)).content.decode()
    assert 'name="name_en"' not in page  # read-only for the editor
    data = {"name_en": "Renamed", "slug": "hokkaido", "kind": hokkaido.kind}
    assert editor_client.post(change_url(hokkaido), data).status_code == 403
    hokkaido.refresh_from_db()
    assert hokkaido.name_en == "Hokkaido"
    # A place no published event shows is the editor's to change.
    rebun = Place.objects.get(slug="rebun")
    assert 'name="name_en"' in editor_client.get(change_url(rebun)).content.decode()
    assert 'name="name_en"' in reviewer_client.get(change_url(hokkaido)).content.decode()


@pytest.mark.django_db
def test_restoring_an_earlier_revision_keeps_the_events_places(published, reviewer):
    before = revision_log.points(published.pk)[0]  # the newest revision: as set up
    published.title = "Japan protests a naval drill"
    published.save()
    published.places.set([Place.objects.get(slug="rebun")])
    revision_log.restore(published, before, reviewer)
    published.refresh_from_db()
    assert published.title == "Japan protests a drill"
    assert place_slugs(published) == {"rebun"}
