"""Atom and RSS feeds: the newest published events for the timeline's filters."""

from __future__ import annotations

import feedparser
import pytest

from tests import research_data
from tests.research_data import DRAFT_MARK, FILTER_CASES, html_slugs
from timeline.exports.feeds import FEED_LENGTH


@pytest.fixture
def record(db):
    return research_data.build()


def entries(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def slug_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_atom_feed_is_valid_atom_with_a_link_per_event(client, record):
    response = client.get("/feed.atom")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = entries(client, "/feed.atom")
    assert feed.version == "atom10"
    assert feed.feed.title == "Russia–Japan Incident Timeline"
    assert feed.feed.link == "http://testserver/"
    entry = next(e for e in feed.entries if "moscow-summons" in e.link)
    assert entry.link == "http://testserver/events/moscow-summons-ambassador/"
    assert entry.id == entry.link
    assert entry.title == "9 June 2023: Moscow summons the Japanese ambassador"
    assert "Summons" in {tag.term for tag in entry.tags}
    assert entry.updated_parsed and entry.published_parsed


def test_feed_follows_the_timeline_filters_newest_first(client, record):
    mismatches = {}
    for query in FILTER_CASES:
        # A feed is always newest first, whatever order or ranking the page used.
        base = "&".join(p for p in query.split("&") if p and not p.startswith("order="))
        expected = html_slugs(client, f"{base}&order=desc" if base else "order=desc")
        got = [slug_of(e.link) for e in entries(client, f"/feed.atom?{query}").entries]
        if got != expected[:FEED_LENGTH]:
            mismatches[query] = (expected, got)
    assert mismatches == {}


def test_feed_title_and_link_say_what_is_followed(client, record):
    feed = entries(client, "/feed.atom?actor=russia-mfa&type=threat_warning")
    assert feed.feed.title == (
        "Russia–Japan Incident Timeline: Russian Foreign Ministry, Threat or warning"
    )
    assert feed.feed.link == "http://testserver/?actor=russia-mfa&type=threat_warning"
    assert [slug_of(e.link) for e in feed.entries] == ["russia-warns-over-nato"]


def test_rss_is_offered_too(client, record):
    feed = entries(client, "/feed.rss?type=summons")
    assert feed.version == "rss20"
    slugs = [slug_of(e.link) for e in feed.entries]
    assert slugs == ["moscow-summons-ambassador", "tokyo-protests"]


def test_drafts_never_appear_in_feeds(client, record):
    for url in ("/feed.atom", "/feed.rss", "/feed.atom?q=LEAKED", "/feed.atom?tag=draft-only-tag"):
        content = client.get(url).content.decode()
        assert DRAFT_MARK not in content and "secret-" not in content, url


def test_bad_filter_values_are_ignored_not_a_server_error(client, record):
    for query in ("from=garbage", "actor=%00", "q=" + "x" * 3000, "order=up"):
        assert client.get(f"/feed.atom?{query}").status_code == 200, query


def test_the_timeline_page_offers_the_feed_for_its_filters(client, record):
    html = client.get("/?type=summons").content.decode()
    assert 'type="application/atom+xml"' in html
    assert 'href="/feed.atom?type=summons"' in html


def test_feed_query_count_is_bounded(client, record, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/feed.atom?actor=maria-zakharova")


def test_markup_in_a_title_reads_as_text_in_both_feeds(client, make):
    make.event("Tokyo & Moscow <b>clash</b>", date="2023-05-02")
    atom = client.get("/feed.atom").content.decode()
    rss = client.get("/feed.rss").content.decode()
    # Atom's <title> is text: escaped once for XML. RSS readers take <title> as HTML, so it is
    # HTML-escaped before the XML escaping: they show "&" and "<b>", never bold text.
    assert "<title>2 May 2023: Tokyo &amp; Moscow &lt;b&gt;clash&lt;/b&gt;</title>" in atom
    assert (
        "<title>2 May 2023: Tokyo &amp;amp; Moscow &amp;lt;b&amp;gt;clash&amp;lt;/b&amp;gt;</title>"
        in rss
    )


@pytest.mark.parametrize("url", ["/feed.atom", "/feed.rss"])
def test_a_search_for_a_control_character_is_named_without_breaking_the_feed(client, make, url):
    make.event("Summons")
    response = client.get(f"{url}?q=%01summons")
    assert response.status_code == 200
    assert not feedparser.parse(response.content).bozo
