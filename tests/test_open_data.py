"""Which responses other sites may read is declared by the view (@open_data), not by its address."""

import pytest

ORIGIN = {"Origin": "https://notebook.example"}


@pytest.mark.django_db
def test_every_api_view_and_the_citations_are_open_but_pages_and_the_admin_are_not(client, make):
    event = make.event()
    for url in ("/api/docs", "/api/openapi.json", "/api/tags", f"/events/{event.slug}/cite.bib"):
        assert client.get(url, headers=ORIGIN)["Access-Control-Allow-Origin"] == "*", url
    for url in ("/", f"/events/{event.slug}/", "/robots.txt", "/healthz", "/about/"):
        assert "Access-Control-Allow-Origin" not in client.get(url, headers=ORIGIN), url
    login = client.get("/admin/login/", headers=ORIGIN)
    assert "Access-Control-Allow-Origin" not in login


@pytest.mark.django_db
def test_the_admin_login_and_health_check_are_never_answered_from_the_cache(client):
    for url in ("/admin/login/", "/healthz"):
        first = client.get(url)
        assert "ETag" not in first, url
        assert client.get(url, headers={"If-None-Match": "*"}).status_code != 304, url


def test_an_address_under_the_api_that_matches_nothing_is_a_json_404(client):
    response = client.get("/api/no/such/thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
