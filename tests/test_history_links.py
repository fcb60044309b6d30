"""Tag and "responds to" changes on an event are part of its recorded history."""

from incidents.models import Event


def test_tag_change_is_recorded_with_who_and_what(make, editor):
    event = make.event(tags=["sanctions"])
    before = event.history.count()
    event._history_user = editor
    event.tags.add(make.tag("energy"))
    assert event.history.count() == before + 1
    newest, previous = event.history.all()[:2]
    assert newest.history_user == editor
    delta = newest.diff_against(previous)
    assert "tags" in delta.changed_fields


def test_response_link_is_recorded(make):
    drill = make.event(title="Drills near the islands")
    protest = make.event(title="Japan protests the drills")
    before = protest.history.count()
    protest.responds_to.add(drill)
    assert protest.history.count() == before + 1
    latest = protest.history.first()
    assert [row.to_event_id for row in latest.responds_to.all()] == [drill.pk]


def test_editor_sees_the_tag_change_in_the_admin_history(editor_client, make):
    event = make.event(tags=["sanctions"], status="draft")
    before = event.revisions.order_by("-pk").first()
    event.tags.add(make.tag("energy"))
    response = editor_client.get(f"/admin/incidents/event/{event.pk}/history/")
    assert response.status_code == 200
    assert "Tags" in response.content.decode()
    changes = f"/admin/incidents/event/{event.pk}/history/compare/?old=r{before.pk}&new=live"
    html = editor_client.get(changes).content.decode()
    assert '<td class="proposal-old">sanctions</td>' in html
    assert '<td class="proposal-new">sanctions, energy</td>' in html
    assert Event.objects.filter(pk=event.pk).exists()
