"""The interactive map: its data in the timeline and its fragment (published events only, in
the same query budget), the self-hosted library files and the basemap."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import pytest

from incidents.models import Place
from timeline import vendored
from timeline.public import maps

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "results"}
ROOT = Path(__file__).resolve().parents[1]


def place(slug: str) -> Place:
    return Place.objects.get(slug=slug)


def map_data(response) -> dict:
    found = re.search(
        r'<script id="map-data" type="application/json">(.*?)</script>', response.text
    )
    assert found, "the page carries no map data"
    return json.loads(found[1])


def counts(response) -> dict[str, int]:
    return {entry["slug"]: entry["count"] for entry in map_data(response)["places"]}


@pytest.fixture
def placed(make):
    """Published events on Etorofu (two), in Tokyo and in Moscow; a draft on Kunashiri."""
    for title in ("Missile drill on the island", "Troops exercise on the island"):
        make.event(title=title, status="published").places.add(place("etorofu-iturup"))
    make.event(title="Ambassador summoned", status="published").places.add(place("tokyo"))
    make.event(title="Envoy called in", status="published").places.add(place("moscow"))
    draft = make.event(title="Unconfirmed landing", status="draft")
    draft.places.add(place("kunashiri-kunashir"))
    return draft


def test_the_timeline_and_its_fragment_carry_the_places_of_the_published_events(client, placed):
    for response in (client.get("/"), client.get("/", headers=HTMX)):
        assert counts(response) == {
            "etorofu-iturup": 2,
            "southern-kurils": 2,
            "kuril-islands": 2,
            "tokyo": 1,
        }
        assert "kunashiri" not in response.text.lower().split("map-data")[1].split("</script>")[0]
        # Beyond the map's frame, still a link; countries are never markers.
        assert 'href="/?place=moscow"' in response.text
    etorofu = next(p for p in map_data(client.get("/"))["places"] if p["slug"] == "etorofu-iturup")
    assert set(etorofu["within"]) == {"kuril-islands", "southern-kurils"}
    assert etorofu["url"] == "?place=etorofu-iturup"
    assert etorofu["label"] == "Etorofu / Iturup: 2 events"


def test_the_map_follows_the_filters(client, placed):
    assert counts(client.get("/", {"q": "Ambassador"}, headers=HTMX)) == {"tokyo": 1}
    filtered = map_data(client.get("/", {"place": "kuril-islands"}, headers=HTMX))["places"]
    assert {entry["slug"] for entry in filtered} == {
        "etorofu-iturup",
        "southern-kurils",
        "kuril-islands",
    }
    # Selecting a place replaces the chosen one.
    assert all(entry["url"] == f"?place={entry['slug']}" for entry in filtered)


def test_a_draft_only_place_never_reaches_the_map(client, placed):
    placed.places.add(place("sakhalin"))
    for address in ("/", "/map/"):
        assert "sakhalin" not in client.get(address).text.lower()


def test_the_fragment_keeps_the_map_and_sends_no_static_one(client, placed):
    page, fragment = client.get("/").text, client.get("/", headers=HTMX).text
    assert 'id="place-map" data-hx-preserve="true"' in page and "<svg" in page
    assert 'id="place-map" data-hx-preserve="true"' in fragment
    assert 'class="place-map"' not in fragment


def test_the_map_adds_no_query_to_a_warm_fragment(client, placed, django_assert_max_num_queries):
    client.get("/?place=kuril-islands", headers=HTMX)
    with django_assert_max_num_queries(5):
        response = client.get("/?place=kuril-islands", headers=HTMX)
    assert counts(response)["etorofu-iturup"] == 2


def test_the_map_page_enhances_its_static_map(client, placed):
    page = client.get("/map/").text
    assert 'class="place-map"' in page and 'id="map-data"' in page
    assert "vendor/leaflet/leaflet.js" in page and "js/map.js" in page


def test_vendored_files_are_the_locked_packages_own():
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert lock["node_modules/leaflet"]["version"] == "1.9.4"
    assert lock["node_modules/leaflet.markercluster"]["version"] == "1.5.3"
    if not (vendored.NODE_MODULES / "leaflet").exists():
        message = "node_modules/leaflet is missing: run `npm ci` at the repository root"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    for package in vendored.FILES:
        installed = json.loads((vendored.NODE_MODULES / package / "package.json").read_text())
        assert installed["version"] == lock[f"node_modules/{package}"]["version"], package
    for source, copy in vendored.copies():
        assert copy.read_bytes() == source.read_bytes(), f"{copy}: run `make vendor`"


def test_the_basemap_image_is_built_from_the_committed_land(tmp_path):
    rings = json.loads(maps.BASEMAP.read_text())["rings"]
    assert maps.LAND_SVG.read_text() == maps.land_svg(rings)
    assert "Natural Earth" in json.loads(maps.BASEMAP.read_text())["source"]


def test_map_scripts_and_basemap_stay_within_300_kb_compressed():
    static = ROOT / "static"
    files = [
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet.markercluster/leaflet.markercluster.js",
        "vendor/leaflet.markercluster/MarkerCluster.css",
        "js/map.js",
        "css/map.css",
        "map/land-northeast-asia.svg",
    ]
    size = sum(len(gzip.compress((static / name).read_bytes(), 9)) for name in files)
    assert size < 300_000
