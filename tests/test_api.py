"""The read-only JSON API: same events as the timeline, JSON errors, CORS, OpenAPI."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import research_data
from tests.research_data import DRAFT_MARK, FILTER_CASES, IGNORED_CASES, html_slugs


@pytest.fixture
def record(db):
    return research_data.build()


def all_pages(client, url: str) -> list[dict]:
    """Follow ``next`` links to the end; every page says where it is."""
    results, seen = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        results += page["results"]
        seen += 1
        assert page["page"] == seen
        url = page["next"]
    return results


def test_event_list_matches_the_timeline_for_every_filter(client, record):
    mismatches = {}
    for query in FILTER_CASES:
        expected = html_slugs(client, query)
        got = [event["slug"] for event in all_pages(client, f"/api/events?{query}&page_size=2")]
        if got != expected:
            mismatches[query] = (expected, got)
    assert mismatches == {}


def test_statement_list_has_the_statements_of_the_timeline_events(client, record):
    from incidents.models import Statement

    mismatches = {}
    for query in FILTER_CASES:
        slugs = html_slugs(client, query)
        expected = set(Statement.objects.filter(event__slug__in=slugs).values_list("pk", flat=True))
        rows = all_pages(client, f"/api/statements?{query}&page_size=3")
        if {row["id"] for row in rows} != expected or not {row["event"] for row in rows} <= set(
            slugs
        ):
            mismatches[query] = (expected, rows)
    assert mismatches == {}


def test_api_and_json_export_give_the_same_event_records(client, record):
    export = json.loads(b"".join(client.get("/export.json?type=summons").streaming_content))
    api = all_pages(client, "/api/events?type=summons")
    # Same shape, same values (dates and times may differ only in their ISO spelling).
    assert [e["slug"] for e in api] == [e["slug"] for e in export["events"]]
    for from_api, from_export in zip(api, export["events"], strict=True):
        assert from_api.keys() == from_export.keys()
        for key in ("actors", "tags", "statements", "sources", "date", "type", "responds_to"):
            assert from_api[key] == from_export[key], key


@pytest.mark.parametrize("query", IGNORED_CASES)
def test_values_the_timeline_would_ignore_are_a_400_with_its_messages(client, record, query):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["detail"] == "Invalid query parameters."
    assert body["errors"] and all(body["errors"].values())
    if query == "actor=nobody":
        assert body["errors"] == {"actor": ["Unknown actor “nobody”: ignored."]}
    if query == "to=2023-02-30":
        assert body["errors"] == {"to": ["2023-02 has no day 30."]}


def test_bad_paging_is_a_400_and_a_page_past_the_end_is_a_404(client, record):
    for query in ("page=0", "page=x", "page_size=0", "page_size=1000", "page=%00"):
        response = client.get(f"/api/events?{query}")
        assert response.status_code == 400, query
        assert "errors" in response.json()
    response = client.get("/api/events?page=99")
    assert response.status_code == 404
    assert response.json() == {"detail": "Page 99 does not exist; the last page is 1."}


# Searches with nothing to search for: only an operator, empty quotes, only a format character.
MATCH_NOTHING = ["q=-", "q=%22%22", "q=or", "q=%E2%80%AE", "q=%E2%80%8B", "q=%21%21%21"]


@pytest.mark.parametrize("endpoint", ["/api/events", "/api/statements"])
@pytest.mark.parametrize("query", MATCH_NOTHING)
def test_a_search_that_can_match_nothing_is_an_empty_page(client, record, endpoint, query):
    response = client.get(f"{endpoint}?{query}")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "count": 0,
        "page": 1,
        "pages": 1,
        "page_size": 50,
        "next": None,
        "previous": None,
        "results": [],
    }
    assert client.get(f"{endpoint}?{query}&page=2").status_code == 404


def test_a_filter_that_matches_no_source_is_an_empty_page(client, record):
    response = client.get("/api/sources?publisher=no-such-publisher")
    assert response.status_code == 200
    assert response.json()["count"] == 0 and response.json()["results"] == []


def test_pages_link_to_each_other(client, record):
    first = client.get("/api/events?type=summons&page_size=1").json()
    assert first["count"] == 2 and first["pages"] == 2 and first["previous"] is None
    assert first["next"] == "http://testserver/api/events?type=summons&page_size=1&page=2"
    second = client.get(first["next"]).json()
    assert second["previous"] == "http://testserver/api/events?type=summons&page_size=1&page=1"
    assert second["next"] is None
    assert second["results"][0]["slug"] != first["results"][0]["slug"]


def test_unknown_records_and_paths_are_json_404s(client, record):
    for url in (
        "/api/events/secret-draft",
        "/api/events/secret-review",
        "/api/events/no-such-event",
        "/api/actors/draft-only-actor",
        f"/api/sources/{record.sources['draft'].pk}",
        "/api/sources/999999",
        "/api/nothing-here",
        "/api/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url
        assert response.json()["detail"], url
    # A source id that is not a number is a bad parameter.
    response = client.get("/api/sources/not-a-number")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["source_id"]


def test_writing_is_a_json_405(client, record):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/events")
        assert response.status_code == 405, method
        assert response["Allow"] == "GET"
        assert response.json() == {"detail": "Method not allowed: this API is read-only (GET)."}


def test_any_site_may_read_the_api_exports_and_feeds(client, record):
    for url in ("/api/events", "/api/events/nope", "/export.csv", "/export.json", "/feed.atom"):
        response = client.get(url, headers={"Origin": "https://notebook.example"})
        assert response["Access-Control-Allow-Origin"] == "*", url
    preflight = client.options(
        "/api/events",
        headers={
            "Origin": "https://notebook.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept",
        },
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Origin"] == "*"
    # The rest of the site is not opened up.
    assert "Access-Control-Allow-Origin" not in client.get("/")


def test_drafts_never_appear_in_any_api_answer(client, record):
    for url in (
        "/api/events?page_size=200",
        "/api/events?q=LEAKED&page_size=200",
        "/api/statements?page_size=200",
        "/api/actors?page_size=200",
        "/api/sources?page_size=200",
        "/api/tags",
        "/api/event-types",
        "/api/events/moscow-summons-ambassador",
        f"/api/sources/{record.sources['tass'].pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert DRAFT_MARK not in content, url
        assert "secret-draft" not in content and "draft-only" not in content, url


def test_source_detail_lists_only_published_events(client, record):
    source = client.get(f"/api/sources/{record.sources['tass'].pk}").json()
    assert source["events"] == ["moscow-summons-ambassador"]
    assert source["publisher"] == {"slug": "tass", "name": "TASS"}


def test_actor_detail_links_to_their_events(client, record):
    actor = client.get("/api/actors/maria-zakharova").json()
    assert actor["name_ru"] == "Мария Захарова"
    assert actor["events_url"] == "http://testserver/api/events?actor=maria-zakharova"
    events = client.get(actor["events_url"]).json()
    assert events["count"] == 3


def test_vocabulary_counts_published_events_only(client, record):
    types = {t["slug"]: t for t in client.get("/api/event-types").json()}
    assert types["summons"]["count"] == 2
    assert types["summons"]["plover_code"] == "ACCUSE"
    tags = {t["slug"]: t["count"] for t in client.get("/api/tags").json()}
    assert tags == {"ukraine": 2, "nato": 1, "sanctions": 1}


def test_json_is_utf8_not_escaped(client, record):
    response = client.get("/api/actors/maria-zakharova")
    assert "Мария Захарова".encode() in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/api/events?page_size=200",
        "/api/events?q=ambassador&actor=maria-zakharova&page_size=200",
        "/api/statements?page_size=200",
        "/api/actors?page_size=200",
        "/api/sources?page_size=200",
        "/api/tags",
        "/api/event-types",
    ],
)
def test_list_endpoints_use_a_bounded_number_of_queries(
    client, record, django_assert_max_num_queries, url
):
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_openapi_document_describes_the_filters_from_the_filterset(client, db):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    parameters = {p["name"]: p for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert set(parameters) >= {"q", "from", "to", "actor", "type", "tag", "publisher", "order"}
    assert parameters["actor"]["schema"]["type"] == "array"
    assert parameters["order"]["schema"]["enum"] == ["desc", "asc"]
    assert set(schema["paths"]) >= {
        "/api/events",
        "/api/events/{slug}",
        "/api/actors",
        "/api/actors/{slug}",
        "/api/sources",
        "/api/sources/{source_id}",
        "/api/statements",
        "/api/event-types",
        "/api/tags",
    }


def test_docs_page_works_offline_under_the_strict_csp(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "GET /api/events" in html and "EventOut" in html
    # Nothing from elsewhere: no CDN scripts or styles, no inline script.
    assert "cdn" not in html.lower()
    assert "<script>" not in html and " style=" not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


# --- Property-based: every answer conforms to the OpenAPI document -------------------------


def _load_schema():
    # Loaded eagerly (the document needs no database): schemathesis' lazy fixture loader
    # relies on a pytest internal that pytest 9 removed.
    from timeline.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


schema = _load_schema()


@pytest.fixture
def same_connection():
    """Keep the test's database connection across the WSGI requests, as Django's test client
    does: otherwise the end of each request closes it (on PostgreSQL, inside the test's
    transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_answer_conforms_to_the_openapi_document(case, record, same_connection):
    # Only what the document promises: no server errors, declared status codes and content
    # types, bodies valid against the response schemas. (Valid-looking but unknown slugs or
    # dates such as 2023-02-30 are a 400, which the document declares.)
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )


def _statement_ids_of_the_csv(client, query: str) -> list[int]:
    import csv
    import io

    response = client.get(f"/export/statements.csv?{query}")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(text, newline=""))]


def test_statement_list_is_in_the_order_of_the_statements_csv(client, record, make):
    # The older event matches "ambassador" far better: a search ranks it first, before the
    # newer one that only mentions the word once.
    speaker = make.actor("Maria Zakharova")
    older = make.event(
        "Ambassador summoned over ambassador's remarks",
        date="2021-03-04",
        summary="The ambassador was summoned; the ambassador protested the ambassador's treatment.",
    )
    newer = make.event("Protest over drills", date="2024-05-06", summary="An ambassador spoke.")
    undated = make.event("Ambassador recalled", date="2022", summary="Ambassador recalled.")
    for event in (older, newer, undated):
        make.statement(event, speaker, f"First about {event.title}.", position=1)
        make.statement(event, speaker, f"Then about {event.title}.", position=2)
    mismatches = {}
    for query in [*FILTER_CASES, "q=ambassador", "q=ambassador&order=asc", "q=protest"]:
        expected = _statement_ids_of_the_csv(client, query)
        got = [row["id"] for row in all_pages(client, f"/api/statements?{query}&page_size=4")]
        if got != expected:
            mismatches[query] = (expected, got)
    assert mismatches == {}
    assert len(_statement_ids_of_the_csv(client, "q=ambassador")) >= 6
