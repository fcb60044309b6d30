"""The three languages in a browser: the offer of the reader's language on a first visit, and
the language switcher following the filters across HTMX swaps."""

from __future__ import annotations

import importlib
import re

import pytest
from playwright.sync_api import expect

from .conftest import logged_in_page

pytestmark = pytest.mark.browser

OFFER = "aside.language-offer"


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
    kishida = make.actor("Fumio Kishida", slug="fumio-kishida", name_ja="岸田文雄")
    make.event("Kishida summons the ambassador", date="2023-06-09", actors=[(kishida, "initiator")])
    make.event("Fisheries talks collapse", date="2022-04", type="other")


def test_a_japanese_reader_is_offered_japanese_not_sent_there(browser, live_server, incidents):
    context, page = logged_in_page(browser, live_server, None, locale="ja-JP")
    try:
        page.goto(live_server.url + "/?q=fisheries")
        offer = page.locator(OFFER)
        expect(offer).to_be_visible()
        assert page.url == live_server.url + "/?q=fisheries"  # still the English page
        expect(offer).to_have_attribute("lang", "ja")
        link = offer.get_by_role("link")
        expect(link).to_have_text(re.compile("日本語"))
        expect(link).to_have_attribute("href", "/ja/?q=fisheries")

        # Closing it is remembered: the next page asks no more.
        offer.get_by_role("button", name="閉じる").click()
        expect(offer).to_have_count(0)
        page.goto(live_server.url + "/about/")
        expect(page.locator("h1")).to_be_visible()
        expect(offer).to_have_count(0)
    finally:
        context.close()


def test_following_the_offer_keeps_the_filters_chosen_since(browser, live_server, incidents):
    context, page = logged_in_page(browser, live_server, None, locale="ru-RU")
    try:
        page.goto(live_server.url + "/")
        offer = page.locator(OFFER)
        expect(offer).to_be_visible()
        page.get_by_role("checkbox", name=re.compile("Fumio Kishida")).check()
        page.wait_for_url(re.compile(r"\?actor=fumio-kishida$"))
        offer.get_by_role("link").click()
        page.wait_for_url(re.compile(r"/ru/\?actor=fumio-kishida$"))
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        expect(page.locator(OFFER)).to_have_count(0)  # on the Russian page, nothing to offer
    finally:
        context.close()


def test_an_english_reader_is_offered_nothing(page, live_server, incidents):
    page.goto(live_server.url + "/")
    expect(page.locator("#language-switcher")).to_be_visible()
    expect(page.locator(OFFER)).to_have_count(0)


def test_the_switcher_follows_the_filters_across_htmx_swaps(page, live_server, incidents):
    page.goto(live_server.url + "/ja/?q=fisheries")
    switcher = page.locator("#language-switcher")
    russian = switcher.locator('a[hreflang="ru"]')
    expect(russian).to_have_attribute("href", "/ru/?q=fisheries")
    expect(switcher.locator('a[aria-current="true"]')).to_have_attribute("lang", "ja")
    page.evaluate("window.__stillTheSamePage = true")

    page.locator("#id_q").fill("")
    page.wait_for_url(re.compile(r"/ja/$"))
    expect(russian).to_have_attribute("href", "/ru/")
    page.get_by_role("checkbox", name=re.compile("岸田文雄|Fumio Kishida")).check()
    page.wait_for_url(re.compile(r"/ja/\?actor=fumio-kishida$"))
    expect(russian).to_have_attribute("href", "/ru/?actor=fumio-kishida")
    alternate = page.locator('head link[rel="alternate"][hreflang="ru"]')
    expect(alternate).to_have_count(1)
    expect(alternate).to_have_attribute("href", re.compile(r"/ru/\?actor=fumio-kishida$"))
    assert page.evaluate("window.__stillTheSamePage === true"), "swapped, not reloaded"
    # One switcher, in the header; the swapped fragment left no copy in the body's results.
    expect(page.locator("#language-switcher")).to_have_count(1)
    expect(page.locator('#results link[rel="alternate"]')).to_have_count(0)

    russian.click()
    page.wait_for_url(re.compile(r"/ru/\?actor=fumio-kishida$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("article")).to_have_count(1)
