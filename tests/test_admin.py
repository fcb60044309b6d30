"""The curation admin: every page works for an editor, nothing is reachable anonymously, and a
second editor's save never silently overwrites the first's."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from incidents import snapshots
from incidents.models import Actor, Event, Place, Proposal, Source, Statement, Status, Tag
from tests.adminform import form_data

pytestmark = pytest.mark.django_db

CURATED = ("actor", "event", "source", "statement")


@pytest.fixture
def record(make):
    """One object of each admin model, an event with all its parts."""
    speaker = make.actor("Maria Zakharova")
    outlet = make.actor("Yomiuri Shimbun", kind=Actor.Kind.MEDIA)
    source = make.source(title="Russia summons ambassador", publisher=outlet)
    event = make.event(
        "Russia summons Japan's ambassador",
        status=Status.DRAFT,
        actors=[(speaker, "initiator")],
        sources=[source],
        tags=["sanctions"],
    )
    make.statement(event, speaker, "Japan will answer for this.", source=source)
    return event


def proposal_of(event: Event) -> Proposal:
    """A correction of ``event`` waiting for review (its page is an admin page too)."""
    state = snapshots.snapshot(event)
    proposed = {**state, "event": {**state["event"], "title": "Corrected title"}}
    return Proposal.objects.create(event=event, proposed=proposed, base=state)


def admin_urls(record: Event) -> list[str]:
    objects = {
        "event": record,
        "actor": record.actor_roles.first().actor,
        "source": record.source_links.first().source,
        "statement": record.statements.first(),
        "tag": Tag.objects.first(),
        "place": Place.objects.first(),
        "eventtype": record.event_type,
        "proposal": Proposal.objects.first() or proposal_of(record),
    }
    urls = [reverse("admin:index"), reverse("admin:app_list", args=("incidents",))]
    for model in admin.site._registry:
        if model._meta.app_label != "incidents":
            continue
        name = model._meta.model_name
        urls += [
            reverse(f"admin:incidents_{name}_changelist"),
            reverse(f"admin:incidents_{name}_add"),
            reverse(f"admin:incidents_{name}_change", args=(objects[name].pk,)),
            reverse(f"admin:incidents_{name}_history", args=(objects[name].pk,)),
        ]
        if name in CURATED:
            record_id = objects[name].history.latest().history_id
            urls += [
                reverse(f"admin:incidents_{name}_deleted"),
                reverse(
                    f"admin:incidents_{name}_simple_history", args=(objects[name].pk, record_id)
                ),
            ]
    return urls


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_admin_page(client, record):
    for url in admin_urls(record):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_anonymous_posts_change_nothing(client, record):
    url = reverse("admin:incidents_event_changelist")
    response = client.post(url, {"action": "publish_events", "_selected_action": [record.pk]})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == Status.DRAFT


def test_logged_in_non_staff_users_reach_nothing(client, record, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x" * 20)
    client.force_login(user)
    for url in admin_urls(record):
        assert client.get(url).status_code == 302, url


def test_every_admin_page_renders_for_an_editor(editor_client, record):
    for url in admin_urls(record):
        response = editor_client.get(url)
        # Event types are read-only; proposals are made by saving the record they correct.
        not_added_here = "/eventtype/add/" in url or "/proposal/add/" in url
        assert response.status_code == (403 if not_added_here else 200), url


def test_event_types_are_read_only_for_editors(editor_client, record):
    url = reverse("admin:incidents_eventtype_change", args=(record.event_type.pk,))
    response = editor_client.get(url)
    assert b'name="name"' not in response.content  # shown, not editable


@pytest.mark.parametrize("model", ["event", "actor", "source", "statement", "tag", "eventtype"])
def test_change_lists_need_a_bounded_number_of_queries(
    editor_client, make, record, model, django_assert_max_num_queries
):
    for n in range(15):
        event = make.event(f"Extra event {n}", status=Status.REVIEW)
        make.statement(event, make.actor(), f"Statement {n}")
    with django_assert_max_num_queries(20):
        response = editor_client.get(reverse(f"admin:incidents_{model}_changelist"))
    assert response.status_code == 200


def test_the_event_change_list_links_to_deleted_events(editor_client, record):
    response = editor_client.get(reverse("admin:incidents_event_changelist"))
    assert reverse("admin:incidents_event_deleted").encode() in response.content


# --- Lost-update protection -----------------------------------------------------------------


@pytest.fixture
def second_editor_client(db, django_user_model):
    from django.test import Client

    from tests import factories

    client = Client()
    client.force_login(factories.staff_user(django_user_model, "second-editor"))
    return client


def test_second_editors_save_is_refused_and_shows_what_changed(
    editor_client, second_editor_client, record
):
    url = reverse("admin:incidents_event_change", args=(record.pk,))
    first = form_data(editor_client.get(url), "event_form")
    second = form_data(second_editor_client.get(url), "event_form")

    first["title"] = "Russia summons Japan's ambassador over sanctions"
    first["summary"] = "The first editor's summary."
    assert editor_client.post(url, first).status_code == 302

    second["summary"] = "The second editor's summary."
    second["location_name"] = "Moscow"
    response = second_editor_client.post(url, second)

    assert response.status_code == 200
    page = response.content.decode()
    assert "was changed by someone else while you were editing it" in page
    assert "editor saved it at" in page  # who
    # Field by field: what the first editor changed, and what the second one typed.
    assert "Russia summons Japan&#x27;s ambassador over sanctions" in page
    assert "The first editor&#x27;s summary." in page
    assert "The second editor&#x27;s summary." in page
    assert 'value="Moscow"' in page  # the second editor's input is still in the form
    assert "You both changed summary: the form holds your version." in page
    assert "Their title is now in the form (you had not changed it)." in page
    shown = form_data(response, "event_form")
    assert shown["summary"] == "The second editor's summary."
    assert shown["title"] == "Russia summons Japan's ambassador over sanctions"
    record.refresh_from_db()
    assert record.title == "Russia summons Japan's ambassador over sanctions"
    assert record.summary == "The first editor's summary."
    assert record.location_name == ""


def test_saving_again_after_reading_the_conflict_keeps_both_edits(
    editor_client, second_editor_client, record
):
    url = reverse("admin:incidents_event_change", args=(record.pk,))
    first = form_data(editor_client.get(url), "event_form")
    second = form_data(second_editor_client.get(url), "event_form")
    first["title"] = "First editor's title"
    editor_client.post(url, first)
    second["summary"] = "Second editor's summary."
    refused = second_editor_client.post(url, second)

    resubmitted = form_data(refused, "event_form")
    assert resubmitted["summary"] == "Second editor's summary."
    assert second_editor_client.post(url, resubmitted).status_code == 302
    record.refresh_from_db()
    # Nothing of either edit is lost: the first editor's title, the second one's summary.
    assert record.summary == "Second editor's summary."
    assert record.title == "First editor's title"
    assert record.history.filter(history_user__username="editor").exists()
    assert record.history.filter(history_user__username="second-editor").exists()


def test_conflict_detected_at_save_time_is_refused_too(
    editor_client, second_editor_client, record, monkeypatch
):
    """The check that counts runs on the locked row while saving, not only in clean()."""
    from incidents.forms import ConflictGuardForm

    url = reverse("admin:incidents_event_change", args=(record.pk,))
    first = form_data(editor_client.get(url), "event_form")
    second = form_data(second_editor_client.get(url), "event_form")
    first["title"] = "First"
    editor_client.post(url, first)

    checks = []
    original = ConflictGuardForm.check_conflict

    def first_check_misses(self, token):
        # Simulates losing the race: the other save lands between clean() and save_model().
        checks.append(token)
        if len(checks) > 1:
            original(self, token)

    monkeypatch.setattr(ConflictGuardForm, "check_conflict", first_check_misses)
    second["summary"] = "Second"
    response = second_editor_client.post(url, second)

    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    assert len(checks) == 2  # refused at save time, then shown again with the conflict
    record.refresh_from_db()
    assert record.title == "First"
    assert record.summary != "Second"


def test_sources_and_statements_are_protected_from_lost_updates_too(
    editor_client, second_editor_client, record
):
    source = record.source_links.first().source
    statement = record.statements.first()
    for model, obj, field, form_id in (
        ("source", source, "title", "source_form"),
        ("statement", statement, "text", "statement_form"),
    ):
        url = reverse(f"admin:incidents_{model}_change", args=(obj.pk,))
        first = form_data(editor_client.get(url), form_id)
        second = form_data(second_editor_client.get(url), form_id)
        first[field] = "First editor's words"
        assert editor_client.post(url, first).status_code == 302
        second[field] = "Second editor's words"
        response = second_editor_client.post(url, second)
        assert response.status_code == 200
        assert "changed by someone else" in response.content.decode()
        obj.refresh_from_db()
        assert getattr(obj, field) == "First editor's words"


def test_a_plain_save_without_competition_succeeds_and_bumps_the_version(editor_client, record):
    url = reverse("admin:incidents_event_change", args=(record.pk,))
    data = form_data(editor_client.get(url), "event_form")
    before = Event.objects.get(pk=record.pk).version
    data["title"] = "Edited"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    record.refresh_from_db()
    assert record.title == "Edited"
    assert record.version == before + 1
    assert Source.objects.count() == 1
    assert Statement.objects.count() == 1
