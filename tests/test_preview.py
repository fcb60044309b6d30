"""Staff preview a draft at its public address, clearly marked; nobody else sees it, and no
cache, index, list, count, feed, export or sitemap ever holds it."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from incidents import publishing
from incidents.models import Status
from timeline.middleware.response_cache import ResponseCacheMiddleware

pytestmark = pytest.mark.django_db

BANNER = "Preview — not public."


@pytest.fixture
def draft(make):
    speaker = make.actor("Maria Zakharova")
    event = make.event(
        "Spokeswoman threatens retaliation over drills",
        slug="spokeswoman-threatens-retaliation",
        status=Status.DRAFT,
        tags=["draft-only-tag"],
    )
    make.statement(event, speaker, "We will answer these drills in kind.")
    return event


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_staff_see_an_unpublished_event_at_its_address_marked_as_a_preview(
    editor_client, draft, status
):
    draft.status = status
    draft.save()
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert BANNER in page
    assert "Spokeswoman threatens retaliation over drills" in page
    assert "We will answer these drills in kind." in page
    assert ("in review" if status == Status.REVIEW else "a draft") in page
    assert reverse("admin:incidents_event_change", args=(draft.pk,)) in page
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in page
    assert "ETag" not in response and "Last-Modified" not in response


def test_anyone_else_gets_404(client, draft, django_user_model):
    assert client.get(draft.get_absolute_url()).status_code == 404
    # Logged in but not staff, or staff without the right to see events: still nothing.
    reader = django_user_model.objects.create_user("reader")
    client.force_login(reader)
    assert client.get(draft.get_absolute_url()).status_code == 404
    staff = django_user_model.objects.create_user("helpdesk", is_staff=True)
    client.force_login(staff)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_published_event_is_no_preview_even_for_staff(editor_client, make):
    event = make.event("Already public", status=Status.PUBLISHED)
    response = editor_client.get(event.get_absolute_url())
    assert BANNER not in response.content.decode()
    assert "private" not in response.get("Cache-Control", "")
    assert "X-Robots-Tag" not in response


def test_a_preview_never_reaches_an_anonymous_reader_through_a_cache(editor_client, draft):
    url = draft.get_absolute_url()
    assert editor_client.get(url).status_code == 200  # preview first
    anonymous = Client()
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(url).status_code == 404
    assert editor_client.get(url).status_code == 200  # and the 404s were not kept for staff


def test_a_cached_public_copy_is_gone_once_the_event_is_taken_back(editor_client, reviewer, make):
    event = make.event("Published then withdrawn", status=Status.PUBLISHED)
    url = event.get_absolute_url()
    anonymous = Client()
    assert anonymous.get(url).status_code == 200
    assert anonymous.get(url).status_code == 200  # from the response cache
    publishing.unpublish(event, reviewer)
    assert anonymous.get(url).status_code == 404
    response = editor_client.get(url)
    assert BANNER in response.content.decode()  # staff get the preview, not the old copy


def test_the_response_cache_keeps_no_private_response(rf: RequestFactory, make):
    """Whatever reaches it: a response a view marked private or no-store is never stored."""
    calls = []

    def view(request):
        calls.append(request)
        response = HttpResponse("a preview")
        response["Cache-Control"] = "private, no-store"
        return response

    middleware = ResponseCacheMiddleware(view)
    for _ in range(2):
        assert middleware(rf.get("/events/a-draft/")).content == b"a preview"
    assert len(calls) == 2


PUBLIC_OUTPUTS = (
    "/",
    "/?q=retaliation",
    "/?tag=draft-only-tag",
    "/export.csv",
    "/export.json",
    "/export/statements.csv",
    "/feed.atom",
    "/feed.rss",
    "/sitemap.xml",
    "/api/events",
    "/api/statements",
)


@pytest.mark.parametrize("url", PUBLIC_OUTPUTS)
def test_a_previewed_draft_is_in_no_list_count_feed_export_or_sitemap_even_for_staff(
    editor_client, draft, make, url
):
    make.event("A public event", status=Status.PUBLISHED)
    assert editor_client.get(draft.get_absolute_url()).status_code == 200
    response = editor_client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    assert "Spokeswoman threatens" not in text
    assert "spokeswoman-threatens-retaliation" not in text
    assert "answer these drills" not in text
    assert "draft-only-tag" not in text or url == "/?tag=draft-only-tag"
    if url == "/":
        assert "1 incident" in text  # counted: the public event only


def test_view_on_site_in_the_admin_opens_the_preview(editor_client, draft):
    page = editor_client.get(reverse("admin:incidents_event_change", args=(draft.pk,)))
    assert f'href="{draft.get_absolute_url()}"' in page.content.decode()
    assert "View on site" in page.content.decode()
