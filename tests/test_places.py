"""Places: the gazetteer, events placed from their location text, the place filter and pages."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from incidents import revision_log, snapshots
from incidents.gazetteer import find_places, gazetteer_of
from incidents.models import Event, Place

pytestmark = pytest.mark.django_db


def place(slug: str) -> Place:
    return Place.objects.get(slug=slug)


# --- the gazetteer ------------------------------------------------------------------------


def test_contested_island_carries_every_name_its_parties_use():
    etorofu = place("etorofu-iturup")
    assert etorofu.name_en == "Etorofu / Iturup"
    assert etorofu.name_ja == "択捉島／イトゥルップ島"  # every name in every language
    assert etorofu.name_ru == "Итуруп / Эторофу"
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


def test_seed_places_are_in_each_events_history(seeded):
    """Restoring a seeded event's newest revision changes nothing (it kept its places)."""
    event = Event.objects.get(location_name="Waters around Kunashiri")
    newest = revision_log.points(event.pk)[0]
    assert revision_log.snapshot_at(event.pk, newest) == snapshots.snapshot(event)


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


# --- filter and search --------------------------------------------------------------------


@pytest.fixture
def kurils(make):
    """A published event on Etorofu, one in Tokyo, and a draft on Kunashiri."""
    etorofu = make.event(title="Missile drill on the island", status="published")
    etorofu.places.add(place("etorofu-iturup"))
    tokyo = make.event(title="Ambassador summoned", status="published")
    tokyo.places.add(place("tokyo"))
    draft = make.event(title="Unconfirmed landing", status="draft")
    draft.places.add(place("kunashiri-kunashir"))
    return {"etorofu": etorofu, "tokyo": tokyo, "draft": draft}


def titles(response) -> list[str]:
    return [e.title for e in response.context["page"]]


def test_a_place_filters_to_the_events_in_it_and_inside_it(client, kurils):
    assert titles(client.get("/?place=kuril-islands")) == ["Missile drill on the island"]
    assert titles(client.get("/?place=etorofu-iturup")) == ["Missile drill on the island"]
    assert titles(client.get("/?place=japan")) == ["Ambassador summoned"]


def test_a_place_only_drafts_name_is_unknown_to_the_filter(client, kurils):
    page = client.get("/?place=kunashiri-kunashir")
    assert "Unknown place “kunashiri-kunashir”: ignored." in page.text
    assert len(titles(page)) == 2  # the filter is ignored, the draft still hidden


def test_the_place_facet_counts_events_inside_each_place(client, kurils):
    facet = next(f for f in client.get("/").context["facets"] if f.name == "place")
    counts = {option.slug: option.count for option in facet.options}
    assert counts == {
        "kuril-islands": 1,
        "southern-kurils": 1,
        "etorofu-iturup": 1,
        "tokyo": 1,
        "japan": 1,
    }


def test_exports_feed_and_api_follow_the_place_filter(client, kurils):
    assert "Missile drill" in client.get("/export.csv?place=kuril-islands").getvalue().decode()
    assert "Ambassador" not in client.get("/export.csv?place=kuril-islands").getvalue().decode()
    feed = client.get("/feed.atom?place=kuril-islands").getvalue().decode()
    assert "Missile drill" in feed and "Ambassador" not in feed
    api = client.get("/api/events?place=kuril-islands").json()
    assert [e["title"] for e in api["results"]] == ["Missile drill on the island"]


def test_exports_and_api_name_each_events_places(client, kurils):
    kurils["etorofu"].places.add(place("sea-of-okhotsk"))
    rows = {
        row["title"]: row
        for row in csv.DictReader(io.StringIO(client.get("/export.csv").getvalue().decode()))
    }
    assert rows["Missile drill on the island"]["places"] == "etorofu-iturup; sea-of-okhotsk"
    assert rows["Ambassador summoned"]["places"] == "tokyo"
    records = {r["title"]: r for r in json.loads(client.get("/export.json").getvalue())["events"]}
    assert [p["slug"] for p in records["Missile drill on the island"]["places"]] == [
        "etorofu-iturup",
        "sea-of-okhotsk",
    ]
    detail = client.get(f"/api/events/{kurils['etorofu'].slug}").json()
    assert detail["places"][0] == {
        "slug": "etorofu-iturup",
        "name": "Etorofu / Iturup",
        "name_ja": "択捉島／イトゥルップ島",
        "name_ru": "Итуруп / Эторофу",
    }
    listed = client.get("/api/events?place=tokyo").json()["results"]
    assert [p["slug"] for p in listed[0]["places"]] == ["tokyo"]


@pytest.mark.parametrize("words", ["Etorofu", "Iturup", "択捉島", "Итуруп", "Kuril"])
def test_a_place_is_found_by_every_name_of_it_and_of_the_places_it_lies_in(client, kurils, words):
    assert titles(client.get("/", {"q": words})) == ["Missile drill on the island"]


def test_countries_do_not_make_every_city_event_match_their_name(client, kurils):
    assert "Ambassador summoned" not in titles(client.get("/", {"q": "Japan"}))


def test_renaming_a_place_re_indexes_the_events_in_and_under_it(client, kurils):
    southern = place("southern-kurils")
    southern.aliases += "\nMinami Chishima"
    southern.save()
    assert titles(client.get("/", {"q": "Chishima"})) == ["Missile drill on the island"]


def test_an_event_index_follows_its_places(client, kurils):
    kurils["tokyo"].places.add(place("sapporo"))
    assert titles(client.get("/", {"q": "Sapporo"})) == ["Ambassador summoned"]
    kurils["tokyo"].places.remove(place("sapporo"))
    assert titles(client.get("/", {"q": "Sapporo"})) == []


def test_timeline_filtered_by_place_has_a_query_bound(client, make, django_assert_max_num_queries):
    for n in range(30):
        event = make.event(title=f"Incident {n}", status="published")
        event.places.add(place("rebun" if n % 2 else "sapporo"))
    # As the unfiltered timeline, plus finding the place and the places inside it.
    with django_assert_max_num_queries(14):
        page = client.get("/?place=hokkaido")
    assert len(titles(page)) == 30


# --- place pages --------------------------------------------------------------------------


def test_place_page_shows_names_where_parents_events_and_sub_places(client, kurils):
    page = client.get("/places/southern-kurils/").text
    assert "Northern Territories / Southern Kurils" in page
    assert "北方領土" in page and "Южные Курилы" in page
    assert "44.00° N, 146.30° E" in page
    assert 'href="/places/kuril-islands/"' in page  # the place it lies in
    assert 'href="/places/etorofu-iturup/"' in page  # a place inside with events
    assert 'href="/places/kunashiri-kunashir/"' not in page  # only a draft there
    assert "Missile drill on the island" in page and "Unconfirmed landing" not in page


def test_a_place_only_drafts_name_has_no_page(client, kurils):
    assert client.get("/places/kunashiri-kunashir/").status_code == 404
    assert client.get("/places/habomai/").status_code == 404


def test_place_index_lists_public_places_with_their_counts(client, kurils):
    page = client.get("/places/").text
    assert "Kuril Islands" in page and "Etorofu / Iturup" in page
    assert "Kunashir / Kunashiri" not in page


def test_place_pages_are_in_the_sitemap(client, kurils):
    sitemap = client.get("/sitemap.xml").text
    assert "/places/etorofu-iturup/" in sitemap and "/places/kuril-islands/" in sitemap
    assert "/places/kunashiri-kunashir/" not in sitemap


def test_event_page_links_its_places(client, kurils):
    page = client.get(kurils["etorofu"].get_absolute_url()).text
    assert '<a href="/places/etorofu-iturup/">Etorofu / Iturup</a>' in page


def test_place_page_lists_newest_first_in_pages_with_a_query_bound(
    client, make, django_assert_max_num_queries
):
    for n in range(25):
        event = make.event(title=f"Flight {n:02}", date=f"2024-01-{n + 1:02}", status="published")
        event.places.add(place("rebun"))
    with django_assert_max_num_queries(12):
        first = client.get("/places/hokkaido/")
    events = [e.title for e in first.context["event_page"]]
    assert events[0] == "Flight 24" and len(events) == 20
    assert "Flight 00" in client.get("/places/hokkaido/?page=2").text


# --- the static map -----------------------------------------------------------------------


def test_static_map_draws_the_filtered_events_places_as_links_without_javascript(client, kurils):
    page = client.get("/map/?place=kuril-islands")
    svg = page.text
    assert "<svg" in svg and "<script" not in svg.split("<svg")[1].split("</svg>")[0]
    # Each drawn place links to the timeline filtered to it.
    assert 'href="/?place=etorofu-iturup"' in svg
    assert "<title>Etorofu / Iturup: 1 event</title>" in svg
    assert "Tokyo" not in svg  # not in the filtered set
    assert "Kunashir" not in svg  # only a draft there


def test_static_map_lists_places_beyond_its_frame(client, make):
    event = make.event(title="Note handed over", status="published")
    event.places.add(place("moscow"))
    page = client.get("/map/").text
    assert "Beyond this map:" in page and 'href="/?place=moscow"' in page


def test_static_map_query_bound(client, make, django_assert_max_num_queries):
    for n in range(30):
        event = make.event(title=f"Flight {n}", status="published")
        event.places.add(place("rebun" if n % 2 else "moscow"))
    with django_assert_max_num_queries(6):
        page = client.get("/map/")
    assert "<title>Rebun: 15 events</title>" in page.text


@pytest.mark.parametrize(
    "query",
    [
        "place=%00",
        "place=" + "x" * 300,
        "place=kuril-islands&place=nowhere",
        "from=bad&place=tokyo",
    ],
)
def test_bad_place_values_are_reported_never_a_server_error(client, kurils, query):
    for path in ("/", "/map/", "/export.csv", "/feed.atom"):
        assert client.get(f"{path}?{query}").status_code == 200, path
    # The API answers a bad value with a JSON error (400), as for every other filter.
    assert client.get(f"/api/events?{query}").status_code in (200, 400)
