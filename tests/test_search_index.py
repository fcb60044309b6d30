"""Each event's search text follows its statements and its actors' names, in the same
transaction as the change, and can always be rebuilt."""

import pytest
from django.core.management import call_command
from django.db import transaction

from incidents.models import Event
from timeline.public.search import search_events


def found(q: str) -> list[int]:
    return list(search_events(Event.objects.all(), q).values_list("pk", flat=True))


def test_new_statement_and_renamed_actor_reach_the_search_text(
    make, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        zakharova = make.actor("Maria Zakharova")
        event = make.event(title="Warning over arms deal", actors=[(zakharova, "initiator")])
        make.statement(event, zakharova, "Weapons financed by Tokyo would be legitimate targets.")
        zakharova.name_ru = "Мария Захарова"
        zakharova.save()
    assert found('"legitimate targets"') == [event.pk]
    assert found("ЗАХАРОВОЙ") == [event.pk]  # any case, any ending


def test_the_index_is_written_in_the_same_transaction_as_the_change(
    make, django_capture_on_commit_callbacks
):
    """A crash between the commit and any after-commit work must not leave the change
    unfindable: nothing is left for after the commit."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        speaker = make.actor("Maria Zakharova")
        event = make.event(title="Warning over arms deal")
        make.statement(event, speaker, "Weapons would be legitimate targets.")
        event.summary = "A spokeswoman threatened retaliation."
        event.save()
    # The after-commit callbacks never ran (as in a crash), yet everything is findable. The
    # only one waiting is the revision log forgetting the finished transaction (bookkeeping).
    assert {callback.__module__ for callback in callbacks} <= {"incidents.revisions"}
    assert found("legitimate targets") == [event.pk]
    assert found("retaliation") == [event.pk]
    assert found("zakharova") == [event.pk]


def test_a_rolled_back_change_leaves_the_index_as_it_was(make):
    event = make.event(title="Warning over arms deal")
    speaker = make.actor()
    with pytest.raises(RuntimeError), transaction.atomic():
        make.statement(event, speaker, "Words that were never said.")
        raise RuntimeError
    assert found("never said") == []
    assert found("warning") == [event.pk]


def test_a_batch_refreshes_each_event_once_inside_its_transaction(make, monkeypatch):
    from incidents import signals
    from incidents.signals import refreshing_once

    refreshed: list[set[int]] = []
    real = signals.refresh_search_index
    monkeypatch.setattr(
        signals, "refresh_search_index", lambda ids: refreshed.append(set(ids)) or real(ids)
    )
    with refreshing_once():
        event = make.event()
        speaker = make.actor()
        for n in range(5):
            make.statement(event, speaker, f"Statement number {n}")
        event.title = "Renamed"
        event.save()
    assert refreshed == [{event.pk}]
    assert found("renamed") == [event.pk]


def test_rebuild_search_index_repairs_a_lost_refresh(make, capsys):
    speaker = make.actor("Maria Zakharova")
    event = make.event(title="Warning over arms deal")
    make.statement(event, speaker, "Weapons would be legitimate targets.")
    other = make.event(title="Fisheries talks")
    # As if the refresh had been lost: stale text (and vector) for both events.
    Event.objects.update(search_text="", search_vector=None)
    assert found("legitimate") == []

    call_command("rebuild_search_index")
    assert found("legitimate targets") == [event.pk]
    assert found("zakharova") == [event.pk]
    assert found("fisheries") == [other.pk]
    assert "2 events" in capsys.readouterr().out


def test_the_names_of_its_type_and_tags_find_an_event_and_follow_renames(make):
    from incidents.models import EventType, Tag

    event = make.event(title="Ambassador called in", type="summons", tags=["fisheries"])
    other = make.event(title="Unrelated", type="expulsion")
    assert found("fisheries") == [event.pk]
    assert found("summons") == [event.pk]

    tag = Tag.objects.get(slug="fisheries")
    tag.name = "Fishing rights"
    tag.save()
    summons = EventType.objects.get(slug="summons")
    summons.name = "Summoning of an envoy"
    summons.save()
    assert found("fisheries") == []
    assert found("fishing rights") == [event.pk]
    assert found("envoy") == [event.pk]

    other.tags.add(tag)  # a tag added is found at once
    assert sorted(found("fishing")) == sorted([event.pk, other.pk])
    tag.delete()
    assert found("fishing") == []
