"""Public pages answer GET and HEAD (link checkers, monitors) and refuse everything else."""

import pytest


@pytest.mark.parametrize("path", ["/", "/export.csv", "/feed.atom", "/about/", "/sitemap.xml"])
def test_head_is_answered_without_a_body(client, make, path):
    make.event(title="Japan summons Russian ambassador")
    response = client.head(path)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == b""


def test_event_page_answers_head_and_refuses_post(client, make):
    event = make.event()
    assert client.head(event.get_absolute_url()).status_code == 200
    assert client.post(event.get_absolute_url()).status_code == 405


PUBLIC_PATHS = [
    "/",
    "/export.csv",
    "/export.json",
    "/export/statements.csv",
    "/feed.atom",
    "/feed.rss",
    "/about/",
    "/sitemap.xml",
    "/robots.txt",
    "/events/{event}/",
    "/events/{event}/cite.bib",
    "/events/{event}/cite.json",
    "/actors/{actor}/",
    "/sources/{source}/",
]


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "PUT", "DELETE", "PATCH", "POST"])
def test_every_public_page_refuses_other_methods_with_an_allow_header(client, make, method):
    actor = make.actor("Japan", slug="japan")
    source = make.source()
    event = make.event(actors=[(actor, "initiator")], sources=[source])
    refused = {}
    for template in PUBLIC_PATHS:
        path = template.format(event=event.slug, actor=actor.slug, source=source.pk)
        response = client.generic(method, path)
        if response.status_code != 405 or response.get("Allow") != "GET, HEAD":
            refused[path] = (response.status_code, response.get("Allow"))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"<feed" not in body and b"<rss" not in body, path
    assert refused == {}
