"""Public pages answer GET and HEAD (link checkers, monitors) and refuse writes."""

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
