"""The static map (/map/) without JavaScript: selecting a place filters the timeline to it,
and the page asks nothing of any other host."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import htmx_settled, logged_in_page, prepare

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js(browser) -> Iterator:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    prepare(context)
    page = context.new_page()
    yield page
    context.close()


def test_without_javascript_selecting_a_place_on_the_map_filters_the_timeline(
    live_server, seeded, no_js
):
    page = no_js
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/map/?place=kuril-islands")
    marker = page.locator("svg.place-map a").filter(
        has=page.locator("title", has_text="Etorofu / Iturup")
    )
    marker.click()
    expect(page).to_have_url(live_server.url + "/?place=etorofu-iturup")
    expect(page.locator("#facet-place input[value=etorofu-iturup]")).to_be_checked()
    expect(page.locator("article.event-card")).to_have_count(3)
    outside = [url for url in requested if not url.startswith(live_server.url)]
    assert outside == []


RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


# Leaflet's zoom animation and the clusters' own (splitting, merging) mark the map's panes.
MAP_MOVING = "#place-map .leaflet-zoom-anim, #place-map .leaflet-cluster-anim"


@pytest.fixture
def with_js(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    prepare(context)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    yield page
    context.close()


def test_selecting_a_place_on_the_map_filters_the_timeline(live_server, seeded, with_js):
    page = with_js
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/")
    # Tokyo and Sado Island are one cluster at first: selecting it zooms in to them.
    cluster = page.locator(".map-cluster", has_text="17")
    expect(cluster).to_have_attribute("title", "Events in this area: 17. Select to zoom in.")
    # The map opens still: Leaflet would drop a zoom asked for during an animation.
    expect(page.locator(MAP_MOVING)).to_have_count(0)
    cluster.click()
    tokyo = page.locator('.map-marker[title="Tokyo: 16 events"]')
    expect(tokyo).to_be_visible()
    expect(page.locator(MAP_MOVING)).to_have_count(0)
    tokyo.click()
    expect(page).to_have_url(live_server.url + "/?place=tokyo")
    htmx_settled(page)
    expect(page.locator("#facet-place input[value=tokyo]")).to_be_checked()
    expect(page.locator("article.event-card")).to_have_count(16)
    expect(page.locator("#result-count")).to_contain_text("16 events match")
    # The map stayed (kept through the swap) and now shows the places of those events.
    expect(page.locator('.map-marker[title="Tokyo: 16 events"]')).to_have_class(
        re.compile("is-selected")
    )
    expect(page.locator('.map-marker[title^="Sakhalin"]')).to_have_count(0)
    # Back: the whole timeline and its map again, redrawn without a policy violation.
    page.go_back()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    assert page.evaluate("() => window.__cspViolations") == []
    outside = [url for url in requested if not url.startswith(live_server.url)]
    assert outside == []


def test_the_map_page_opens_the_timeline_at_the_selected_place(live_server, seeded, with_js):
    page = with_js
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/map/")
    expect(page.locator("svg.place-map")).to_have_count(0)  # the interactive map replaced it
    # Zooming in and out again leaves every place where it was (Leaflet.markercluster loses
    # the places alone at a fractional least zoom if given them before the map).
    expect(page.locator(MAP_MOVING)).to_have_count(0)
    shown = page.locator(".map-marker, .map-cluster")
    titles = sorted(shown.evaluate_all("(all) => all.map((e) => e.title)"))
    assert "Kuril Islands: 10 events" in titles
    hokkaido = page.locator('.map-marker[title="Hokkaido: 4 events"]')
    expect(hokkaido).to_have_count(0)
    page.get_by_role("button", name="Zoom in").click()
    expect(hokkaido).to_be_visible()
    expect(page.locator(MAP_MOVING)).to_have_count(0)
    page.get_by_role("button", name="Zoom out").click()
    expect(hokkaido).to_have_count(0)
    expect(page.locator(MAP_MOVING)).to_have_count(0)
    assert sorted(shown.evaluate_all("(all) => all.map((e) => e.title)")) == titles
    page.locator('.map-marker[title="Sea of Japan: 4 events"]').click()
    expect(page).to_have_url(live_server.url + "/?place=sea-of-japan")
    expect(page.locator("article.event-card")).to_have_count(4)
    assert page.evaluate("() => window.__cspViolations") == []
    assert [url for url in requested if not url.startswith(live_server.url)] == []


def test_without_javascript_the_timeline_shows_the_static_map(live_server, seeded, no_js):
    page = no_js
    page.goto(live_server.url + "/")
    expect(page.locator(".map-outside a", has_text="Moscow")).to_be_visible()  # beyond the map
    marker = page.locator("#place-map svg a").filter(
        has=page.locator("title", has_text="Sea of Japan")
    )
    marker.click()
    expect(page).to_have_url(live_server.url + "/?place=sea-of-japan")
    expect(page.locator("article.event-card")).to_have_count(4)


def test_the_admin_place_form_takes_its_point_from_the_map(
    live_server, seeded, browser, django_user_model
):
    from incidents.models import Place

    user = django_user_model.objects.create_superuser("picker", "p@example.org", "picker pass 7")
    context, page = logged_in_page(browser, live_server, user)
    context.add_init_script(RECORD_VIOLATIONS)
    rebun = Place.objects.get(slug="rebun")
    page.goto(f"{live_server.url}/admin/incidents/place/{rebun.pk}/change/")
    picker = page.locator(".place-picker")
    expect(picker).to_be_visible()
    expect(picker.locator(".picked-point")).to_have_count(1)  # the point it has
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.4)
    expect(page.locator("#id_latitude")).not_to_have_value("45.38000")
    latitude = float(page.input_value("#id_latitude"))
    longitude = float(page.input_value("#id_longitude"))
    assert 12 < latitude < 66 and 90 < longitude < 180
    assert page.evaluate("() => window.__cspViolations") == []
    context.close()


def test_the_map_answers_the_keyboard_in_the_page_language(live_server, seeded, with_js):
    page = with_js
    page.goto(live_server.url + "/ru/map/")
    expect(page.get_by_role("button", name="Приблизить")).to_be_visible()
    cluster = page.locator(".map-cluster", has_text="9")
    expect(cluster).to_have_attribute(
        "title", "Событий в этой области: 9. Выберите, чтобы приблизить."
    )
    expect(page.locator(MAP_MOVING)).to_have_count(0)
    # Tab reaches the places on the map; Enter on one opens the timeline filtered to it.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.title") == "Японское море: 4 события":
            break
    else:
        pytest.fail("Tab never reached the Sea of Japan on the map")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/ru/?place=sea-of-japan")
    expect(page.locator("article.event-card")).to_have_count(4)
