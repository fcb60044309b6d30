"""The static map (/map/) without JavaScript: selecting a place filters the timeline to it,
and the page asks nothing of any other host."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import prepare

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
