"""The timeline in a real browser: HTMX swaps, history, load more, and the no-JS path."""

from __future__ import annotations

import contextlib
import importlib
import re

import pytest
from playwright.sync_api import expect

from incidents.models import Actor
from tests.browser.conftest import htmx_finished, prepare

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def event_types(transactional_db):
    """The event-type vocabulary comes from a data migration, and a transactional test's
    flush removes it for the tests after it: put it back."""
    from django.apps import apps

    from incidents.models import EventType

    if not EventType.objects.exists():
        importlib.import_module("incidents.migrations.0002_event_types").add_types(apps, None)


@pytest.fixture
def incidents(make):
    zakharova = make.actor("Maria Zakharova", slug="maria-zakharova", name_ru="Мария Захарова")
    kishida = make.actor("Fumio Kishida", slug="fumio-kishida")
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    tass = make.actor("TASS", kind=Actor.Kind.MEDIA, slug="tass")
    events = {
        "threat": make.event(
            "Zakharova warns Japan over missiles",
            date="2024-03-22",
            type="threat_warning",
            actors=[(zakharova, "initiator"), (japan, "target")],
            sources=[make.source(publisher=tass, title="TASS: Zakharova on Japan")],
        ),
        "summons": make.event(
            "Kishida government summons the Russian ambassador",
            date="2023-06-09",
            actors=[(kishida, "initiator")],
        ),
        "fisheries": make.event("Fisheries talks collapse", date="2022-04", type="other"),
    }
    make.statement(events["threat"], zakharova, "Japan will bear the consequences.")
    return events


def article_titles(page) -> list[str]:
    return page.locator("#event-list article .event-title").all_inner_texts()


def mark_document(page) -> None:
    """A flag that a full page load would wipe out."""
    page.evaluate("window.__stillTheSamePage = true")


def still_the_same_document(page) -> bool:
    return page.evaluate("window.__stillTheSamePage === true")


def test_typing_a_search_swaps_the_results_and_updates_the_url(page, live_server, incidents):
    page.goto(live_server.url + "/")
    assert len(article_titles(page)) == 3
    mark_document(page)

    page.locator("#id_q").press_sequentially("zakharova", delay=30)
    page.wait_for_url(re.compile(r"\?q=zakharova$"))
    expect(page.locator("#event-list article")).to_have_count(1)

    assert article_titles(page) == ["Zakharova warns Japan over missiles"]
    assert still_the_same_document(page)
    assert page.locator("#result-count").inner_text().startswith("1 event match")
    assert page.locator("#event-list mark").first.inner_text() == "Zakharova"


def test_picking_an_actor_narrows_the_timeline(page, live_server, incidents):
    page.goto(live_server.url + "/")
    mark_document(page)

    page.get_by_role("checkbox", name=re.compile("Fumio Kishida")).check()
    page.wait_for_url(re.compile(r"\?actor=fumio-kishida$"))
    expect(page.locator("#event-list article")).to_have_count(1)

    assert article_titles(page) == ["Kishida government summons the Russian ambassador"]
    assert page.get_by_role("checkbox", name=re.compile("Fumio Kishida")).is_checked()
    assert page.get_by_role("link", name=re.compile("Remove filter: Actor: Fumio Kishida")).count()
    assert still_the_same_document(page)


def test_back_and_forward_restore_the_results_and_the_form(page, live_server, incidents):
    page.goto(live_server.url + "/")
    page.locator("#id_q").fill("fisheries")
    page.wait_for_url(re.compile(r"\?q=fisheries$"))
    expect(page.locator("#event-list article")).to_have_count(1)

    page.go_back()
    page.wait_for_url(live_server.url + "/")
    expect(page.locator("#event-list article")).to_have_count(3)
    assert page.locator("#id_q").input_value() == ""

    page.go_forward()
    page.wait_for_url(re.compile(r"\?q=fisheries$"))
    expect(page.locator("#event-list article")).to_have_count(1)
    assert article_titles(page) == ["Fisheries talks collapse"]
    assert page.locator("#id_q").input_value() == "fisheries"


def test_a_slow_answer_never_overwrites_a_newer_one(page, live_server, incidents):
    held = []  # the first search's request, kept from the server until the second is shown
    page.route(lambda url: "q=kishida" in url, lambda route: held.append(route))
    page.goto(live_server.url + "/")

    # Routed requests are held until released: once the browser has sent it, it is in flight.
    with page.expect_request(lambda request: "q=kishida" in request.url):
        page.locator("#id_q").fill("kishida")
    expect(page.locator("#filters")).to_have_class(re.compile("htmx-request"))
    page.locator("#id_q").fill("fisheries")
    page.wait_for_url(re.compile(r"\?q=fisheries$"))
    expect(page.locator("#event-list article")).to_have_count(1)

    assert held, "the first search was routed"
    for route in held:  # the old answer arrives late (unless the page dropped the request)
        with contextlib.suppress(Exception):
            route.continue_()
    htmx_finished(page, "q=kishida")  # answered and handled, or aborted

    assert article_titles(page) == ["Fisheries talks collapse"]
    assert page.url.endswith("?q=fisheries")


def test_load_more_appends_the_next_page(page, live_server, make):
    for n in range(53):
        make.event(f"Incident {n:02d}", date=f"20{10 + n // 12}-{n % 12 + 1:02d}-15")
    page.goto(live_server.url + "/")
    assert len(article_titles(page)) == 50
    mark_document(page)

    page.get_by_role("link", name="Load more").click()
    expect(page.locator("#event-list article")).to_have_count(53)

    # Focus moves to the first event that was added (once htmx has settled the swap).
    expect(page.get_by_role("link", name="Incident 02", exact=True)).to_be_focused()
    expect(page.get_by_role("link", name="Load more")).to_have_count(0)
    assert still_the_same_document(page)
    assert page.url == live_server.url + "/"


def test_the_timeline_works_without_javascript(browser, live_server, incidents):
    context = browser.new_context(java_script_enabled=False)
    prepare(context)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.locator("#id_q").fill("Захарова")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"q=%D0%97"))
        assert article_titles(page) == ["Zakharova warns Japan over missiles"]

        page.get_by_role("link", name=re.compile("Remove filter: Search")).click()
        page.wait_for_url(live_server.url + "/")
        page.get_by_role("checkbox", name=re.compile("Japan")).check()
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(r"actor=japan"))
        assert article_titles(page) == ["Zakharova warns Japan over missiles"]

        page.get_by_role("link", name="Zakharova warns Japan over missiles").click()
        page.wait_for_url(re.compile(r"/events/"))
        expect(page.locator("h1")).to_have_text("Zakharova warns Japan over missiles")
    finally:
        context.close()


def test_screenshots_of_the_timeline_and_an_event(page, live_server, incidents, artifacts):
    page.goto(live_server.url + "/")
    page.screenshot(path=artifacts / "timeline.png", full_page=True)
    page.goto(live_server.url + incidents["threat"].get_absolute_url())
    page.screenshot(path=artifacts / "event.png", full_page=True)

    assert (artifacts / "timeline.png").stat().st_size > 10_000
    assert (artifacts / "event.png").stat().st_size > 10_000
