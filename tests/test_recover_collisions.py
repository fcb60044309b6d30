"""Recovering a deleted record whose address (a source's URL, an actor's or an event's slug)
has been taken by another record since: the editor is told, never a 500, nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from incidents.models import Actor, Event, Source, Status

pytestmark = pytest.mark.django_db


def _recover(client, model, pk):
    record = model.history.filter(id=pk, history_type="-").get()
    url = reverse(f"admin:incidents_{model._meta.model_name}_deleted")
    return client.post(url, {"history_id": record.history_id}, follow=True)


def test_a_source_whose_url_was_recorded_again_is_not_recovered_over_it(editor_client, make):
    old = make.source(url="https://news.example.com/a", title="Deleted copy")
    old_pk = old.pk
    old.delete()
    again = make.source(url="https://news.example.com/a", title="Imported again")

    response = _recover(editor_client, Source, old_pk)
    assert response.status_code == 200
    assert "already" in response.content.decode()
    assert list(Source.objects.values_list("pk", "title")) == [(again.pk, "Imported again")]


def test_an_actor_whose_slug_was_taken_since_is_not_recovered_over_it(editor_client, make):
    old = make.actor("Taro Kono", slug="taro-kono")
    old_pk = old.pk
    old.delete()
    make.actor("Taro Kono (2)", slug="taro-kono")

    response = _recover(editor_client, Actor, old_pk)
    assert response.status_code == 200
    assert "already" in response.content.decode()
    assert not Actor.objects.filter(pk=old_pk).exists()


def test_an_event_whose_slug_was_taken_since_is_not_recovered_over_it(editor_client, make):
    old = make.event("Summons", status=Status.DRAFT, slug="summons")
    old_pk = old.pk
    old.delete()
    make.event("Summons again", status=Status.DRAFT, slug="summons")

    response = _recover(editor_client, Event, old_pk)
    assert response.status_code == 200
    assert "already" in response.content.decode()
    assert not Event.objects.filter(pk=old_pk).exists()
