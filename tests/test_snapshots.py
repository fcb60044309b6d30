"""incidents/snapshots.py: an event's editable state as data, its diff, merge and apply."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError

from incidents import snapshots
from incidents.models import Event, EventActor, Statement, Status
from incidents.publishing import PublicationRefused
from timeline.public.search import search_events


@pytest.fixture
def event(make):
    japan = make.actor("Japan", kind="state")
    source = make.source(title="Ministry notice")
    event = make.event(
        "Japan protests a drill",
        date="2023-05",
        actors=[(japan, "initiator")],
        sources=[source],
        tags=["drills", "protests"],
    )
    make.statement(event, japan, "We protest the exercise.", source=source)
    return event


@pytest.mark.django_db
def test_snapshot_holds_fields_links_and_rows_as_plain_data(event):
    state = snapshots.snapshot(event)
    assert state["event"]["title"] == "Japan protests a drill"
    assert state["event"]["date_lower"] == "2023-05-01"
    assert state["event"]["date_precision"] == "month"
    assert state["event"]["event_type"] == event.event_type_id
    assert state["event"]["tags"] == sorted(event.tags.values_list("pk", flat=True))
    assert "search_text" not in state["event"] and "version" not in state["event"]
    role = event.actor_roles.get()
    assert state["actors"] == {
        str(role.pk): {"actor": role.actor_id, "role": "initiator", "title": "", "position": 0}
    }
    (statement,) = state["statements"].values()
    assert statement["text"] == "We protest the exercise."
    assert set(state["sources"]) == {str(link.pk) for link in event.source_links.all()}


@pytest.mark.django_db
def test_diff_names_rows_and_fields_as_people_read_them(event, make):
    before = snapshots.snapshot(event)
    after = copy.deepcopy(before)
    after["event"]["title"] = "Japan protests a naval drill"
    role_key = next(iter(after["actors"]))
    del after["actors"][role_key]
    russia = make.actor("Russia", kind="state")
    after["actors"]["new-1"] = {"actor": russia.pk, "role": "target", "title": "", "position": 1}
    changes = snapshots.diff(before, after)
    described = {(c.kind, c.label) for c in changes}
    assert ("changed", "Event") in described
    assert ("removed", "Actor role: Japan (initiator)") in described
    assert ("added", "Actor role: Russia (target)") in described
    (title,) = changes[0].fields
    assert (title.label, title.old, title.new) == (
        "Title",
        "Japan protests a drill",
        "Japan protests a naval drill",
    )
    assert snapshots.diff(before, before) == []


@pytest.mark.django_db
def test_apply_brings_back_fields_tags_and_rows_through_ordinary_saves(event, make, editor):
    before = snapshots.snapshot(event)
    history_rows = event.history.count()
    event.title = "Changed title"
    event.save()
    event.tags.clear()
    statement = event.statements.get()
    statement.text = "Words changed later."
    statement.save()
    EventActor.objects.create(event=event, actor=make.actor("Extra"), role="mentioned")

    snapshots.apply(event, before, editor)

    after = snapshots.snapshot(event)
    assert after == before
    event.refresh_from_db()
    assert event.updated_by == editor
    assert event.history.count() > history_rows + 1  # the restore is history too
    assert search_events(Event.objects.filter(pk=event.pk), '"Japan protests a drill"').exists()
    assert Statement.history.filter(history_user=editor).exists()


@pytest.mark.django_db
def test_apply_recreates_a_deleted_row_and_reuses_a_link_it_repeats(event, make, editor):
    before = snapshots.snapshot(event)
    event.statements.all().delete()
    (link_key,) = before["sources"]
    # A snapshot that removes the link and adds the same source again as a new row.
    state = copy.deepcopy(before)
    state["sources"] = {"new-1": {**state["sources"][link_key], "note": "Re-added"}}
    snapshots.apply(event, state, editor)
    assert event.statements.get().text == "We protest the exercise."
    link = event.source_links.get()
    assert str(link.pk) == link_key and link.note == "Re-added"


@pytest.mark.django_db
def test_apply_never_changes_the_publication_state(event, editor):
    state = snapshots.snapshot(event)
    state["event"]["status"] = Status.DRAFT
    state["event"]["summary"] = "A corrected summary."
    snapshots.apply(event, state, editor)
    event.refresh_from_db()
    assert event.status == Status.PUBLISHED and event.summary == "A corrected summary."


@pytest.mark.django_db
def test_apply_refuses_to_leave_a_published_event_without_sources(event, editor):
    state = snapshots.snapshot(event)
    state["sources"] = {}
    state["statements"] = {}
    with pytest.raises(PublicationRefused):
        snapshots.apply(event, state, editor)


@pytest.mark.django_db
def test_apply_validates_the_event_like_a_form(event, make, editor):
    other = make.event("Other", slug="taken-slug")
    state = snapshots.snapshot(event)
    state["event"]["slug"] = other.slug
    with pytest.raises(ValidationError):
        snapshots.apply(event, state, editor)
    assert Event.objects.get(pk=event.pk).slug != "taken-slug"


@pytest.mark.django_db
def test_rekey_new_renames_rows_the_base_does_not_hold(event):
    base = snapshots.snapshot(event)
    proposed = copy.deepcopy(base)
    proposed["actors"]["99999"] = {"actor": 1, "role": "target", "title": "", "position": 1}
    rekeyed = snapshots.rekey_new(proposed, base)
    assert "99999" not in rekeyed["actors"] and "new-1" in rekeyed["actors"]
    assert set(base["actors"]) < set(rekeyed["actors"])


@pytest.mark.django_db
def test_merge_keeps_live_changes_and_reports_fields_both_changed(event):
    base = snapshots.snapshot(event)
    live = copy.deepcopy(base)
    live["event"]["title"] = "Live title"
    proposed = copy.deepcopy(base)
    proposed["event"]["summary"] = "Proposed summary."
    merged, conflicts = snapshots.merge(base, live, proposed)
    assert conflicts == []
    assert (merged["event"]["title"], merged["event"]["summary"]) == (
        "Live title",
        "Proposed summary.",
    )

    proposed["event"]["title"] = "Proposed title"
    merged, conflicts = snapshots.merge(base, live, proposed)
    assert [(c.name, c.live, c.proposed) for c in conflicts] == [
        ("title", "Live title", "Proposed title")
    ]
    assert merged["event"]["title"] == "Live title"
    merged, _ = snapshots.merge(base, live, proposed, prefer_proposed=True)
    assert merged["event"]["title"] == "Proposed title"


@pytest.mark.django_db
def test_merge_reports_a_row_removed_live_but_changed_in_the_proposal(event):
    base = snapshots.snapshot(event)
    (key,) = base["statements"]
    live = copy.deepcopy(base)
    del live["statements"][key]
    proposed = copy.deepcopy(base)
    proposed["statements"][key]["text"] = "Proposed wording."
    merged, conflicts = snapshots.merge(base, live, proposed)
    assert [(c.part, c.live, c.proposed) for c in conflicts] == [
        ("statements", "(removed)", "(changed)")
    ]
    assert key not in merged["statements"]
