"""Corrections without takedown: proposals for published events and the records they show."""

from __future__ import annotations

import copy

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from incidents import proposals, snapshots, versioning
from incidents.models import Event, EventActor, Proposal, ProposalState, Revision, Status
from tests import factories
from tests.adminform import form_data


@pytest.fixture
def published(make):
    japan = make.actor("Japan", kind="state")
    source = make.source(title="Ministry notice")
    event = make.event("Japan protests a drill", actors=[(japan, "initiator")], sources=[source])
    make.statement(event, japan, "We protest the exercise.", source=source)
    return event


def _proposal(event, editor, **changes) -> Proposal:
    base = snapshots.snapshot(event)
    proposed = copy.deepcopy(base)
    proposed["event"].update(changes)
    return proposals.propose(event, proposed, base, str(event.version), editor, "Typo")


# --- The model ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_database_allows_one_pending_proposal_per_event(published, editor):
    first = _proposal(published, editor, title="First")
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(event=published, proposed={}, base={}, created_by=editor)
    first.state = ProposalState.SENT_BACK
    first.save()
    Proposal.objects.create(event=published, proposed={}, base={}, created_by=editor)


@pytest.mark.django_db
def test_database_requires_exactly_one_target(published, make):
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(proposed={}, base={})
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(event=published, actor=make.actor(), proposed={}, base={})


@pytest.mark.django_db
def test_pending_lists_waiting_corrections_oldest_first_with_target(published, make, editor):
    actor = make.actor("Maria Zakharova")
    first = _proposal(published, editor, title="Corrected")
    second = proposals.propose(
        actor,
        {**snapshots.values(actor), "name_ru": "Мария Захарова"},
        snapshots.values(actor),
        "",
        editor,
    )
    assert list(Proposal.objects.pending()) == [first, second]
    assert [p.target for p in Proposal.objects.pending()] == [published, actor]
    assert first.get_admin_url() == f"/admin/incidents/proposal/{first.pk}/change/"


# --- Proposing and deciding -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_proposal_leaves_the_live_event_unchanged(published, editor):
    before = snapshots.snapshot(published)
    proposal = _proposal(published, editor, title="Japan protests a naval drill")
    assert snapshots.snapshot(published) == before
    assert proposal.is_pending and proposal.created_by == editor


@pytest.mark.django_db
def test_a_second_proposal_is_refused_while_one_waits(published, editor, django_user_model):
    _proposal(published, editor, title="One")
    other = factories.staff_user(django_user_model, "other-editor")
    with pytest.raises(proposals.ProposalRefused, match="already waiting for review"):
        _proposal(published, other, title="Two")


@pytest.mark.django_db
def test_approval_makes_the_proposal_live_and_records_it(published, editor, reviewer):
    proposal = _proposal(published, editor, title="Japan protests a naval drill")
    proposals.approve(proposal, reviewer)
    published.refresh_from_db()
    assert published.title == "Japan protests a naval drill"
    assert published.status == Status.PUBLISHED
    assert published.history.first().history_user == reviewer
    revision = Revision.objects.filter(event=published).order_by("-pk").first()
    assert revision.summary == f"Approved correction #{proposal.pk} by editor"
    assert revision.user == reviewer
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.APPROVED and proposal.decided_by == reviewer


@pytest.mark.django_db
def test_an_editor_cannot_approve(published, editor):
    proposal = _proposal(published, editor, title="Mine")
    with pytest.raises(PermissionDenied):
        proposals.approve(proposal, editor)
    assert Event.objects.get(pk=published.pk).title == "Japan protests a drill"


@pytest.mark.django_db
def test_a_proposal_cannot_change_the_publication_state(published, editor, reviewer):
    proposal = _proposal(published, editor, status=Status.DRAFT, summary="Fixed summary.")
    assert proposal.proposed["event"]["status"] == Status.PUBLISHED
    proposals.approve(proposal, reviewer)
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED and published.summary == "Fixed summary."

    draft = factories.event("A draft", status=Status.DRAFT)
    base = snapshots.snapshot(draft)
    proposed = copy.deepcopy(base)
    proposed["event"]["status"] = Status.PUBLISHED
    proposed["event"]["title"] = "Sneaked out"
    proposal = proposals.propose(draft, proposed, base, "", editor)
    proposals.approve(proposal, reviewer)
    assert Event.objects.get(pk=draft.pk).status == Status.DRAFT


@pytest.mark.django_db
def test_send_back_keeps_the_live_version_and_needs_a_note(published, editor, reviewer):
    proposal = _proposal(published, editor, title="Unsourced claim")
    with pytest.raises(proposals.ProposalRefused):
        proposals.send_back(proposal, reviewer, "  ")
    proposals.send_back(proposal, reviewer, "Which article says so?")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SENT_BACK
    assert proposal.review_note == "Which article says so?"
    assert Event.objects.get(pk=published.pk).title == "Japan protests a drill"
    with pytest.raises(proposals.ProposalRefused, match="already been decided"):
        proposals.approve(proposal, reviewer)


@pytest.mark.django_db
def test_approval_keeps_live_changes_made_since_and_stops_on_a_clash(published, editor, reviewer):
    proposal = _proposal(published, editor, summary="Proposed summary.", title="Proposed")
    published.title = "Changed live meanwhile"
    published.save()

    review = proposals.review(proposal)
    assert review.moved
    assert [c.name for c in review.conflicts] == ["title"]
    with pytest.raises(proposals.ProposalConflict):
        proposals.approve(proposal, reviewer)
    assert Event.objects.get(pk=published.pk).summary != "Proposed summary."

    proposals.approve(proposal, reviewer, prefer_proposed=True)
    published.refresh_from_db()
    assert (published.title, published.summary) == ("Proposed", "Proposed summary.")


@pytest.mark.django_db
def test_approval_merges_live_changes_to_other_fields(published, editor, reviewer):
    proposal = _proposal(published, editor, summary="Proposed summary.")
    published.title = "Changed live meanwhile"
    published.save()
    proposals.approve(proposal, reviewer)
    published.refresh_from_db()
    assert (published.title, published.summary) == ("Changed live meanwhile", "Proposed summary.")


@pytest.mark.django_db
def test_a_source_correction_waits_then_goes_live(make, published, editor, reviewer):
    source = published.source_links.get().source
    base = snapshots.values(source)
    proposed = {**base, "title": "Ministry notice (corrected)", "text": "Stored text."}
    proposal = proposals.propose(source, proposed, base, "", editor)
    source.refresh_from_db()
    assert source.title == "Ministry notice"
    assert [c.label for c in proposals.review(proposal).changes[0].fields] == [
        "Title",
        "Text",
    ]
    proposals.approve(proposal, reviewer)
    source.refresh_from_db()
    assert (source.title, source.text) == ("Ministry notice (corrected)", "Stored text.")


# --- The admin: an editor's save is captured, a reviewer decides ----------------------------


def change_url(obj) -> str:
    return reverse(f"admin:incidents_{obj._meta.model_name}_change", args=(obj.pk,))


def propose_in_admin(client, event, russia=None, **changes):
    """Open the event's form as an editor, change it, add an actor role and save."""
    data = form_data(client.get(change_url(event)), "event_form")
    data.update(changes)
    new_row = event.actor_roles.count()  # the empty extra row
    russia = russia or factories.actor("Russia", kind="state")
    data[f"actor_roles-{new_row}-actor"] = str(russia.pk)
    data[f"actor_roles-{new_row}-role"] = "target"
    data[f"actor_roles-{new_row}-position"] = "1"
    return client.post(change_url(event), data)


@pytest.mark.django_db
def test_an_editors_save_leaves_every_trace_of_the_live_event_unchanged(
    editor_client, published, client
):
    russia = factories.actor("Russia", kind="state")
    before = snapshots.snapshot(published)
    version, history_rows = versioning.read(), published.history.count()
    revisions = Revision.objects.count()
    search_text = Event.objects.get(pk=published.pk).search_text

    response = propose_in_admin(
        editor_client, published, russia, title="Japan protests a naval drill", proposal_note="Typo"
    )

    assert response.status_code == 302
    assert snapshots.snapshot(published) == before
    published.refresh_from_db()
    assert published.search_text == search_text
    assert published.history.count() == history_rows
    assert Revision.objects.count() == revisions
    assert EventActor.history.count() == EventActor.objects.count()  # no trace of the row
    assert versioning.read()[:3] == version[:3]  # data and public versions did not move
    public = client.get(published.get_absolute_url()).text
    assert "Japan protests a drill" in public and "naval drill" not in public
    proposal = Proposal.objects.pending().get()
    assert proposal.note == "Typo" and proposal.created_by.username == "editor"
    assert proposal.proposed["event"]["title"] == "Japan protests a naval drill"
    assert list(proposal.proposed["actors"]) == [*before["actors"], "new-1"]
    assert LogEntry.objects.get().get_change_message().startswith("Proposed correction #")


@pytest.mark.django_db
def test_the_editor_is_told_the_correction_waits_and_cannot_stack_another(
    editor_client, published, django_user_model
):
    response = propose_in_admin(editor_client, published, title="Corrected")
    page = editor_client.get(response["Location"]).content.decode()
    # The success message names the event as published, not as proposed.
    assert "Your correction of “9 June 2023: Japan protests a drill” is waiting" in page
    assert "Your correction of this event" in page and "withdraw it first" in page
    assert 'name="title"' not in page  # read-only while it waits

    other = Client()
    other.force_login(factories.staff_user(django_user_model, "other-editor"))
    page = other.get(change_url(published)).content.decode()
    assert "by editor" in page and "already waiting for review" in page
    other.post(change_url(published), {"title": "Overwrite"})
    assert Proposal.objects.get().proposed["event"]["title"] == "Corrected"


@pytest.mark.django_db
def test_a_second_editor_who_opened_the_form_earlier_is_refused_and_keeps_their_text(
    editor_client, published, django_user_model
):
    other = Client()
    other.force_login(factories.staff_user(django_user_model, "other-editor"))
    theirs = form_data(other.get(change_url(published)), "event_form")
    propose_in_admin(editor_client, published, title="First correction")
    theirs["title"] = "Second correction"
    response = other.post(change_url(published), theirs)
    assert response.status_code == 200
    page = response.content.decode()
    assert "already waiting for review" in page and 'value="Second correction"' in page
    assert Proposal.objects.get().proposed["event"]["title"] == "First correction"


@pytest.mark.django_db
def test_the_reviewer_sees_the_diff_and_approval_makes_it_live(
    editor_client, reviewer_client, published, client
):
    propose_in_admin(editor_client, published, title="Japan protests a naval drill")
    proposal = Proposal.objects.get()
    page = reviewer_client.get(proposal.get_admin_url()).content.decode()
    assert "What approving changes on the live version" in page
    assert "Japan protests a drill" in page and "Japan protests a naval drill" in page
    assert "Actor role: Russia (target)" in page

    response = reviewer_client.post(proposal.get_admin_url(), {"action": "approve"})
    assert response.status_code == 302
    page = reviewer_client.get(response["Location"]).content.decode()
    assert f"Approved correction #{proposal.pk} by editor" in page
    assert "Japan protests a naval drill" in client.get(published.get_absolute_url()).text
    assert published.actor_roles.filter(actor__name_en="Russia", role="target").exists()
    assert Event.objects.get(pk=published.pk).status == Status.PUBLISHED


@pytest.mark.django_db
def test_an_editor_can_neither_approve_nor_send_back(editor_client, published):
    propose_in_admin(editor_client, published, title="Self-approved")
    proposal = Proposal.objects.get()
    page = editor_client.get(proposal.get_admin_url()).content.decode()
    assert "Approve" not in page and "Withdraw my correction" in page
    assert editor_client.post(proposal.get_admin_url(), {"action": "approve"}).status_code == 403
    assert Event.objects.get(pk=published.pk).title == "Japan protests a drill"


@pytest.mark.django_db
def test_sent_back_with_a_note_the_editor_reads_it_and_may_propose_again(
    editor_client, reviewer_client, published
):
    propose_in_admin(editor_client, published, title="Unsourced")
    proposal = Proposal.objects.get()
    response = reviewer_client.post(proposal.get_admin_url(), {"action": "send_back"})
    assert "the note is required" in response.content.decode()
    reviewer_client.post(
        proposal.get_admin_url(), {"action": "send_back", "review_note": "Which article?"}
    )
    page = editor_client.get(change_url(published)).content.decode()
    assert "sent back" in page and "Which article?" in page
    assert f"What you proposed in correction #{proposal.pk}" in page and "Unsourced" in page
    assert 'name="title"' in page  # editable again: a new correction can be proposed
    assert propose_in_admin(editor_client, published, title="Sourced").status_code == 302
    assert Proposal.objects.pending().get().proposed["event"]["title"] == "Sourced"


@pytest.mark.django_db
def test_approval_after_a_live_change_shows_three_versions_and_overwrites_only_if_chosen(
    editor_client, reviewer_client, published
):
    propose_in_admin(editor_client, published, title="Proposed title")
    proposal = Proposal.objects.get()
    Event.objects.get(pk=published.pk).save()  # touched live, nothing changed
    live = Event.objects.get(pk=published.pk)
    live.title = "Reviewer's live title"
    live.save()

    page = reviewer_client.get(proposal.get_admin_url()).content.decode()
    assert "The live version changed since this correction was proposed" in page
    assert "Reviewer&#x27;s live title" in page and "Proposed title" in page
    response = reviewer_client.post(proposal.get_admin_url(), {"action": "approve"})
    assert response.status_code == 200
    assert "Tick the box to use the proposal" in response.content.decode()
    assert Event.objects.get(pk=published.pk).title == "Reviewer's live title"

    reviewer_client.post(proposal.get_admin_url(), {"action": "approve", "prefer_proposed": "on"})
    assert Event.objects.get(pk=published.pk).title == "Proposed title"


@pytest.mark.django_db
def test_a_reviewers_own_save_goes_live_directly(reviewer_client, published):
    data = form_data(reviewer_client.get(change_url(published)), "event_form")
    data["title"] = "Reviewer's correction"
    assert reviewer_client.post(change_url(published), data).status_code == 302
    assert Event.objects.get(pk=published.pk).title == "Reviewer's correction"
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_the_editor_may_withdraw_a_waiting_correction(editor_client, published):
    propose_in_admin(editor_client, published, title="Never mind")
    proposal = Proposal.objects.get()
    editor_client.post(proposal.get_admin_url(), {"action": "withdraw"})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    assert 'name="title"' in editor_client.get(change_url(published)).content.decode()


@pytest.mark.django_db
def test_the_list_of_corrections_needs_a_bounded_number_of_queries(
    reviewer_client, make, editor, django_assert_max_num_queries
):
    for n in range(12):
        event = make.event(f"Event {n}")
        _proposal(event, editor, title=f"Corrected {n}")
    with django_assert_max_num_queries(12):
        response = reviewer_client.get(reverse("admin:incidents_proposal_changelist"))
    assert response.status_code == 200 and "Corrected" not in response.content.decode()


@pytest.mark.django_db
def test_reviewers_hear_of_a_correction_and_its_editor_of_the_decision(
    editor_client, reviewer_client, published, editor, reviewer, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    editor.email, reviewer.email = "editor@example.org", "reviewer@example.org"
    editor.save()
    reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        propose_in_admin(editor_client, published, title="Corrected", proposal_note="A typo")
    proposal = Proposal.objects.get()
    (submitted,) = mailoutbox
    assert submitted.to == ["reviewer@example.org"]
    assert f"Correction #{proposal.pk} waiting" in submitted.subject
    assert "A typo" in submitted.body and proposal.get_admin_url() in submitted.body

    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(
            proposal.get_admin_url(), {"action": "send_back", "review_note": "Source?"}
        )
    sent_back = mailoutbox[-1]
    assert sent_back.to == ["editor@example.org"] and "sent back" in sent_back.subject
    assert "Source?" in sent_back.body


@pytest.mark.django_db
def test_an_actors_correction_is_shown_field_by_field_and_approved(
    editor_client, reviewer_client, published
):
    actor = published.actor_roles.get().actor
    url = change_url(actor)
    data = form_data(editor_client.get(url), "actor_form")
    data.update({"name_ja": "日本", "description": "The State of Japan."})
    assert editor_client.post(url, data).status_code == 302
    proposal = Proposal.objects.pending().get()
    page = reviewer_client.get(proposal.get_admin_url()).content.decode()
    assert "Japanese name" in page and "日本" in page and "The State of Japan." in page
    reviewer_client.post(proposal.get_admin_url(), {"action": "approve"})
    actor.refresh_from_db()
    assert (actor.name_ja, actor.description) == ("日本", "The State of Japan.")


@pytest.mark.django_db
def test_approval_refused_by_the_database_says_why_and_changes_nothing(
    editor_client, reviewer_client, published
):
    russia = factories.actor("Russia", kind="state")
    propose_in_admin(editor_client, published, russia, title="With Russia as target")
    # Meanwhile a reviewer adds the same role live: the proposal's row would repeat it.
    EventActor.objects.create(event=published, actor=russia, role="target", position=2)
    proposal = Proposal.objects.get()
    response = reviewer_client.post(proposal.get_admin_url(), {"action": "approve"})
    assert response.status_code == 200
    assert "another record now has one of its unique values" in response.content.decode()
    assert Event.objects.get(pk=published.pk).title == "Japan protests a drill"
    assert Proposal.objects.get().is_pending


@pytest.mark.django_db
def test_saving_a_published_event_unchanged_proposes_nothing(editor_client, published):
    data = form_data(editor_client.get(change_url(published)), "event_form")
    response = editor_client.post(change_url(published), data)
    assert response.status_code == 200
    assert "Nothing was changed" in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_a_statement_removed_in_a_proposal_stays_public_until_approved(
    editor_client, reviewer_client, published, client
):
    statement = published.statements.get()
    data = form_data(editor_client.get(change_url(published)), "event_form")
    (prefix,) = [
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("statements-") and key.endswith("-id") and value == str(statement.pk)
    ]
    data[f"{prefix}-DELETE"] = "on"
    assert editor_client.post(change_url(published), data).status_code == 302
    assert published.statements.filter(pk=statement.pk).exists()
    assert "We protest the exercise." in client.get(published.get_absolute_url()).text
    proposal = Proposal.objects.get()
    page = reviewer_client.get(proposal.get_admin_url()).content.decode()
    assert "removed" in page and "Statement by Japan" in page
    reviewer_client.post(proposal.get_admin_url(), {"action": "approve"})
    assert not published.statements.exists()
    assert "We protest the exercise." not in client.get(published.get_absolute_url()).text
