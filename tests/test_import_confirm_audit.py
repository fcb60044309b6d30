"""Confirming an import (issue 11's classes on the import pages): a speaker the editor names
as a new actor is that new actor, never a namesake; the confirmation takes no more rows than
the importer ever offers (each row costs queries in one transaction)."""

from __future__ import annotations

import pytest

from incidents import importing
from incidents.models import Actor, Source, Statement

from .test_import_admin import CONFIRM_URL, _draft_event, form_data, paste


def _as_new_speaker(data: dict, row: int, name: str) -> None:
    data.pop(f"statements-{row}-speaker", None)
    data[f"statements-{row}-new_speaker_name"] = name
    data[f"statements-{row}-new_speaker_kind"] = Actor.Kind.PERSON


@pytest.mark.django_db
def test_a_new_speaker_named_by_the_editor_is_not_merged_into_a_namesake(editor_client, make):
    # The only "Kono" on record; the editor names another Kono as a new actor.
    yohei = make.actor("Yohei Kono")
    data = form_data(paste(editor_client, "kyodo_wire_protest"))
    _as_new_speaker(data, 0, "Taro Kono")
    data["statements-1-keep"] = ""
    data["event"] = str(_draft_event().pk)
    assert editor_client.post(CONFIRM_URL, data).status_code == 302

    statement = Statement.objects.get()
    assert statement.speaker.name_en == "Taro Kono"
    assert not Statement.objects.filter(speaker=yohei).exists()
    assert statement.event.actor_roles.filter(actor__name_en="Taro Kono").exists()


@pytest.mark.django_db
def test_a_new_speaker_named_twice_or_in_another_order_is_one_actor(editor_client, make):
    kihara = make.actor("Minoru Kihara")
    data = form_data(paste(editor_client, "kyodo_wire_protest"))
    _as_new_speaker(data, 0, "Taro Kono")
    _as_new_speaker(data, 1, "Taro  Kono")
    data["event"] = str(_draft_event().pk)
    assert editor_client.post(CONFIRM_URL, data).status_code == 302
    assert Actor.objects.filter(name_en="Taro Kono").count() == 1
    assert Statement.objects.filter(speaker__name_en="Taro Kono").count() == 2

    # The same person on record, written in Japanese order: the existing actor, nothing new.
    assert importing.get_or_create_actor("Kihara  Minoru", Actor.Kind.PERSON) == (kihara, False)


@pytest.mark.django_db
def test_a_confirmation_with_more_rows_than_ever_offered_is_refused(editor_client, make):
    make.actor("Hirokazu Matsuno")
    data = form_data(paste(editor_client, "kyodo_wire_protest"))
    row = {k.split("-", 2)[2]: v for k, v in data.items() if k.startswith("statements-0-")}
    extra = importing.MAX_QUOTES + 1
    for n in range(extra):
        for name, value in row.items():
            data[f"statements-{n}-{name}"] = value
        data[f"statements-{n}-text"] = f"Quotation number {n}."
    data["statements-TOTAL_FORMS"] = str(extra)
    data["event"] = str(_draft_event().pk)
    response = editor_client.post(CONFIRM_URL, data)
    assert response.status_code == 200
    assert f"at most {importing.MAX_QUOTES}" in response.content.decode()
    assert not Source.objects.exists() and not Statement.objects.exists()
