"""The public changelog: what changed in published events and when, on /changes/, one entry
per revision at /changes/<id>/, and a "last changed" line on the event page — never a draft's
changes, an internal field or an unpublished row."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from incidents.models import Revision, Status

pytestmark = pytest.mark.django_db


def save(event, **changes) -> Revision:
    with transaction.atomic():
        for name, value in changes.items():
            setattr(event, name, value)
        event.save()
    return event.revisions.order_by("-pk").first()


def test_the_event_page_says_when_it_last_changed_and_links_the_entry(client, make):
    event = make.event("Japan protests the patrol", status=Status.PUBLISHED)
    revision = save(event, title="Japan protests the naval patrol")
    save(event, review_note="Ask for the ministry's transcript.")  # internal: not a change
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Last changed" in html
    assert f'href="/changes/{revision.pk}/">Title</a>' in html


def test_the_changelog_lists_published_changes_only(client, make):
    public = make.event("Russia expels two diplomats", status=Status.PUBLISHED)
    save(public, summary="Two Japanese diplomats were told to leave within a week.")
    save(public, review_note="Internal doubt about the date.")
    draft = make.event("Secret draft headline", status=Status.DRAFT)
    save(draft, title="Another secret draft headline")
    html = client.get(reverse("timeline:changes")).content.decode()
    assert "Russia expels two diplomats" in html
    assert "Summary" in html and "Published" in html
    assert "secret draft" not in html.lower()
    assert "Review note" not in html and "Internal doubt" not in html


def test_an_entry_shows_the_public_fields_before_and_after(client, make):
    event = make.event("Sanctions on exporters", status=Status.PUBLISHED)
    revision = save(
        event, title="Sanctions on twelve exporters", review_note="Editor's private remark."
    )
    response = client.get(revision.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sanctions on exporters" in html and "Sanctions on twelve exporters" in html
    assert "private remark" not in html and "Review note" not in html


def test_a_first_publication_shows_nothing_of_the_draft_before_it(client, make):
    event = make.event("Draft-only wording", status=Status.DRAFT)
    published = save(event, title="Public wording", status=Status.PUBLISHED)
    assert published.public_summary == "Published"
    html = client.get(published.get_absolute_url()).content.decode()
    assert "Public wording" in html
    assert "Draft-only wording" not in html


def test_drafts_internal_changes_and_withdrawn_events_have_no_entry(client, make):
    draft = make.event("Draft", status=Status.DRAFT)
    drafted = save(draft, title="Draft two")
    event = make.event("Published", status=Status.PUBLISHED)
    internal = save(event, review_note="Only for editors.")
    corrected = save(event, title="Published, corrected")
    for revision in (drafted, internal):
        assert client.get(f"/changes/{revision.pk}/").status_code == 404
    assert client.get(f"/changes/{corrected.pk}/").status_code == 200
    save(event, status=Status.DRAFT)  # withdrawn: its changes are no longer public
    assert client.get(f"/changes/{corrected.pk}/").status_code == 404
    assert "Published, corrected" not in client.get("/changes/").content.decode()


def test_the_changelog_pages_in_bounded_queries(client, make, django_assert_max_num_queries):
    for n in range(35):
        event = make.event(f"Drill number {n}", status=Status.PUBLISHED)
        save(event, summary=f"Ships exercised, report {n}.")
    with django_assert_max_num_queries(6):
        first = client.get("/changes/")
    assert first.status_code == 200
    assert 'rel="next"' in first.content.decode()
    second = client.get("/changes/?page=2").content.decode()
    assert 'rel="prev"' in second
    assert client.get("/changes/?page=999").status_code == 200  # the last page, never a 500
    assert client.get("/changes/?page=x").status_code == 200


def test_hostile_text_in_a_change_is_shown_escaped(client, editor_client, make):
    event = make.event("Plain title", status=Status.PUBLISHED)
    before = event.revisions.order_by("-pk").first()
    revision = save(event, title='<script>alert("x")</script> title', summary="<b>bold</b>\nline")
    urls = [
        (client, revision.get_absolute_url()),
        (client, "/changes/"),
        (editor_client, f"/admin/incidents/event/{event.pk}/history/"),
        (editor_client, f"/admin/incidents/event/{event.pk}/history/compare/?old=r{before.pk}"),
        (editor_client, f"/admin/incidents/event/{event.pk}/history/restore/r{before.pk}/"),
    ]
    for who, url in urls:
        html = who.get(url).content.decode()
        assert "<script>alert" not in html and "<b>bold" not in html, url
        assert "&lt;script&gt;alert" in html, url
