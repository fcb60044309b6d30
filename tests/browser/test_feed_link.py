"""The feed advertised in the page head (<link rel="alternate">) is the feed of what the page
shows: its filters on a first load, and the new ones after an HTMX swap changes them."""

from __future__ import annotations

import importlib
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FEED = 'head link[rel="alternate"][type="application/atom+xml"]'


@pytest.fixture(autouse=True)
def event_types(transactional_db):
    """The event-type vocabulary comes from a data migration; a transactional test's flush
    removes it for the tests after it: put it back."""
    from django.apps import apps

    from incidents.models import EventType

    if not EventType.objects.exists():
        importlib.import_module("incidents.migrations.0002_event_types").add_types(apps, None)


@pytest.fixture
def incidents(make):
    kishida = make.actor("Fumio Kishida", slug="fumio-kishida")
    make.event("Kishida summons the ambassador", date="2023-06-09", actors=[(kishida, "initiator")])
    make.event("Fisheries talks collapse", date="2022-04", type="other")


def test_the_head_feed_follows_the_filters_across_htmx_swaps(page, live_server, incidents):
    page.goto(live_server.url + "/?q=fisheries")
    feed = page.locator(FEED)
    expect(feed).to_have_count(1)
    expect(feed).to_have_attribute("href", "/feed.atom?q=fisheries")
    page.evaluate("window.__stillTheSamePage = true")

    # A swap (the search box cleared, an actor picked): one feed link, for the new filters.
    page.locator("#id_q").fill("")
    page.wait_for_url(re.compile(r"/$"))
    expect(feed).to_have_attribute("href", "/feed.atom")
    page.get_by_role("checkbox", name=re.compile("Fumio Kishida")).check()
    page.wait_for_url(re.compile(r"\?actor=fumio-kishida$"))
    expect(feed).to_have_attribute("href", "/feed.atom?actor=fumio-kishida")
    expect(feed).to_have_count(1)
    assert page.evaluate("window.__stillTheSamePage === true"), "swapped, not reloaded"
    # The body keeps no stray copy, and the feed it names answers with those events.
    expect(page.locator('body link[rel="alternate"]')).to_have_count(0)
    atom = page.request.get(live_server.url + feed.get_attribute("href")).text()
    assert "Kishida summons the ambassador" in atom and "Fisheries" not in atom
