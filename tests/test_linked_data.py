"""Linked data and discovery: JSON-LD, OpenGraph, sitemap.xml, robots.txt and /about/."""

from __future__ import annotations

import html as html_lib
import json
import re
import xml.etree.ElementTree as ET  # parses our own sitemap only

import pytest

from incidents.models import Event
from tests import research_data
from tests.research_data import DRAFT_MARK

JSON_LD_RE = re.compile(
    r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', re.DOTALL
)
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def record(db):
    return research_data.build()


def json_ld(response) -> list[dict]:
    html = response.content.decode()
    blocks = JSON_LD_RE.findall(html)
    assert blocks, "no JSON-LD on the page"
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert all(found == nonce for found, _data in blocks), "JSON-LD carries the CSP nonce"
    return [json.loads(data) for _nonce, data in blocks]


def test_event_page_describes_the_event_in_schema_org(client, record):
    (data,) = json_ld(client.get("/events/moscow-summons-ambassador/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Moscow summons the Japanese ambassador"
    assert data["url"] == "http://testserver/events/moscow-summons-ambassador/"
    assert data["startDate"] == "2023-06-09"
    assert data["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 55.7558,
        "longitude": 37.6173,
    }
    assert [a["name"] for a in data["about"]] == ["Maria Zakharova", "Toyohisa Kozuki"]
    assert {s["url"] for s in data["subjectOf"]} == {
        "https://tass.example/1",
        "https://kyodo.example/2",
    }
    assert data["isPartOf"]["@type"] == "Dataset"
    assert data["isPartOf"]["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_month_precision_is_not_made_more_precise_in_linked_data(client, record):
    (data,) = json_ld(client.get("/events/russia-warns-over-nato/"))
    assert data["startDate"] == "2023-05"
    assert data["endDate"] == "2023-05-31"


def test_hostile_text_cannot_break_out_of_the_json_ld_script(client, record):
    response = client.get("/events/hostile-text/")
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert html.count("</script>") == html.count("<script")
    (data,) = json_ld(response)
    # Escaped for HTML, still the same text to a JSON-LD reader.
    assert data["description"] == "\tTab-led </script><script>alert(1)</script> summary"


def test_event_and_source_pages_have_sharing_meta(client, record):
    html = client.get("/events/moscow-summons-ambassador/").content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert (
        '<meta property="og:title" content="Moscow summons the Japanese ambassador (9 June 2023)">'
        in html
    )
    assert (
        '<meta property="og:url" content="http://testserver/events/moscow-summons-ambassador/">'
        in html
    )
    assert '<meta name="twitter:card" content="summary">' in html
    hostile = client.get("/events/hostile-text/").content.decode()
    assert (
        'content="=HYPERLINK(&quot;https://evil.example&quot;,&quot;click&quot;) (1 January 2021)"'
        in hostile
    )


def test_source_page_describes_the_article(client, record):
    source = record.sources["tass"]
    response = client.get(f"/sources/{source.pk}/")
    (data,) = json_ld(response)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Захарова: Москва вызвала посла"
    assert data["url"] == "https://tass.example/1"
    assert data["inLanguage"] == "ru"
    assert data["publisher"]["name"] == "TASS"
    # It backs a published and a draft event: only the published one is named.
    assert [event["name"] for event in data["about"]] == ["Moscow summons the Japanese ambassador"]
    assert '<meta property="og:title" content="Захарова: Москва вызвала посла">' in (
        response.content.decode()
    )


def sitemap_paths(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return {
        loc.text.removeprefix("http://testserver")
        for loc in root.findall("s:url/s:loc", SITEMAP_NS)
    }


def test_sitemap_lists_published_pages_only(client, record):
    paths = sitemap_paths(client)
    events = {path for path in paths if path.startswith("/events/")}
    assert events == {f"/events/{event.slug}/" for event in record.published}
    assert "/actors/maria-zakharova/" in paths and "/actors/tass/" in paths
    assert "/actors/draft-only-actor/" not in paths and "/actors/draft-outlet/" not in paths
    assert f"/sources/{record.sources['tass'].pk}/" in paths
    assert f"/sources/{record.sources['draft'].pk}/" not in paths
    assert {"/", "/about/", "/api/docs"} <= paths
    assert DRAFT_MARK not in client.get("/sitemap.xml").content.decode()


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_does_not_reveal_a_custom_admin_path(client, db, settings):
    settings.ADMIN_PATH = "back-office-7f3a/"
    assert "back-office" not in client.get("/robots.txt").content.decode()


# --- /about/ -------------------------------------------------------------------------------


def test_about_page_explains_scope_method_vocabulary_and_licence(client, record):
    response = client.get("/about/")
    html = response.content.decode()
    for heading in ("Scope", "Method", "Event types", "Licence", "How to cite", "Changelog"):
        assert f">{heading}</h2>" in html, heading
    assert "Creative Commons Attribution 4.0" in html
    # The vocabulary comes from the EventType rows, with their codes.
    assert "<code>threat_warning</code><br>Threat or warning" in html
    assert "<td>THREATEN</td>" in html and "<td>13</td>" in html
    (data,) = json_ld(response)
    assert data["@type"] == "Dataset"
    assert data["temporalCoverage"] == "2021-01-01/2024-02-03"
    assert {d["encodingFormat"] for d in data["distribution"]} == {"text/csv", "application/json"}


def test_changelog_lists_published_changes_newest_first_and_never_drafts(client, record):
    event = Event.objects.get(slug="russia-warns-over-nato")
    event.title = "Russia warns Japan over joining NATO's arms scheme"
    event.save()
    html = client.get("/about/").content.decode()
    changelog = html[html.index('id="changelog"') :]
    items = re.findall(r"<li>(.*?)</li>", changelog, re.DOTALL)
    texts = [html_lib.unescape(" ".join(re.sub(r"<[^>]+>", "", i).split())) for i in items]
    assert texts[0].endswith("updated: Russia warns Japan over joining NATO's arms scheme")
    # The first publication too is named by the title the link leads to now.
    assert any(
        text.endswith("published: Russia warns Japan over joining NATO's arms scheme")
        for text in texts
    )
    assert not any(text.endswith(": Russia warns Japan over NATO") for text in texts)
    assert DRAFT_MARK not in changelog


def test_changelog_is_paginated(client, record, make):
    for n in range(30):
        make.event(f"Bulk published {n}")
    first = client.get("/about/").content.decode()
    assert 'href="?page=2#changelog"' in first
    second = client.get("/about/?page=2").content.decode()
    assert "Page 2 of" in second
    # A bad page number is not an error.
    assert client.get("/about/?page=abc").status_code == 200


def test_about_page_query_count_is_bounded(client, record, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/about/")
