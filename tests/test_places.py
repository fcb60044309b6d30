"""Places: the gazetteer, events placed from their location text, the place filter and pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from incidents.gazetteer import find_places, gazetteer_of
from incidents.models import Event, Place

pytestmark = pytest.mark.django_db


def place(slug: str) -> Place:
    return Place.objects.get(slug=slug)


# --- the gazetteer ------------------------------------------------------------------------


def test_contested_island_carries_every_name_its_parties_use():
    etorofu = place("etorofu-iturup")
    assert etorofu.name_en == "Etorofu / Iturup"
    assert {"択捉島", "Итуруп", "Etorofu", "Iturup"} <= set(etorofu.all_names)
    assert [p.slug for p in etorofu.ancestors()] == ["southern-kurils", "kuril-islands"]


def test_a_place_cannot_be_moved_inside_its_own_sub_place():
    kurils = place("kuril-islands")
    kurils.parent = place("etorofu-iturup")
    with pytest.raises(ValidationError, match="loop"):
        kurils.full_clean()


def test_a_place_cannot_be_its_own_parent_in_the_form():
    rebun = place("rebun")
    rebun.parent = rebun
    with pytest.raises(ValidationError, match="inside itself"):
        rebun.full_clean()


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        ("Rebun Island, Hokkaido", {"rebun"}),  # Hokkaido contains Rebun: left out
        ("Sea of Japan, near Sado Island", {"sea-of-japan", "sado"}),  # not also "Japan"
        (
            "Kunashiri/Etorofu (Northern Territories / Southern Kurils)",
            {"kunashiri-kunashir", "etorofu-iturup"},
        ),
        ("Moscow; MCAS Iwakuni, Japan", {"moscow", "iwakuni"}),
        ("Russia's exclusive economic zone", {"russia"}),
        ("Waters around the Northern Territories / Southern Kurils", {"southern-kurils"}),
        ("Somewhere unnamed", set()),
    ],
)
def test_location_text_names_its_places(text, slugs):
    found = find_places(text, gazetteer_of(Place.objects.all()))
    assert set(Place.objects.filter(pk__in=found).values_list("slug", flat=True)) == slugs


def test_seed_places_every_located_event_and_keeps_the_text(seeded):
    located = Event.objects.exclude(location_name="")
    assert located.count() == 59
    assert not located.filter(places__isnull=True).exists()
    event = located.get(location_name="Waters around Kunashiri")
    assert [p.slug for p in event.places.all()] == ["kunashiri-kunashir"]


def test_editors_may_add_and_change_places_but_only_reviewers_delete_them():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reviewers = set(
        Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True)
    )
    assert {"add_place", "change_place"} <= editors and "delete_place" not in editors
    assert "delete_place" in reviewers


def test_admin_lists_places_and_offers_them_on_the_event_form(admin_client, make):
    assert "Etorofu / Iturup" in admin_client.get("/admin/incidents/place/").text
    page = admin_client.get("/admin/incidents/place/add/").text
    assert "Decimal degrees" in page
    event = make.event()
    assert 'name="places"' in admin_client.get(f"/admin/incidents/event/{event.pk}/change/").text
