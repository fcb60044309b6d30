"""Corrections without takedown: an editor proposes, a reviewer approves or sends back.

What a published event shows (the event with its actor roles, source links and statements;
the actors, sources, tags and places it displays) changes only through a reviewer
(``publishing.edit_refusal``). An editor's save of such a record does not change it: the
admin runs the save as usual, takes what it would have produced and rolls it back
(``incidents/admin/locks.py``), and ``propose`` stores that as a ``Proposal``. The live
version stays public and unchanged until a reviewer ``approve``s it, which makes it live in
one transaction through ``snapshots.apply`` (ordinary saves: rules, search index, history
and versions as for any save). If the live record changed since the proposal was made,
approval merges the proposal's changes onto it and refuses to overwrite a field both changed
(``ProposalConflict``) unless the reviewer chooses the proposal's values.

A proposal can never change an event's publication state: ``propose`` keeps the live status
in what it stores and ``snapshots.apply`` never writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from . import history, notifications, publishing, revisions, snapshots
from .models import Event, Proposal, ProposalState
from .models.proposals import target_field


class ProposalRefused(ValidationError):
    """A proposal that cannot be made or decided now (one is already waiting, say)."""


class ProposalConflict(Exception):
    """The live record and the proposal both changed the same fields since its base."""

    def __init__(self, conflicts: list[snapshots.Conflict]) -> None:
        super().__init__(f"{len(conflicts)} field(s) changed both live and in the proposal.")
        self.conflicts = conflicts


# --- What a record is now -------------------------------------------------------------------


def live_state(target: models.Model) -> dict:
    """The stored state of ``target``, in the shape its proposals hold."""
    if isinstance(target, Event):
        return snapshots.snapshot(target)
    return snapshots.values(type(target)._default_manager.get(pk=target.pk))


def live_token(stored: models.Model) -> str:
    """The edit token of a record as stored (a tag has none: ""; its values are compared)."""
    return history.edit_token(stored)


def pending_for(target: models.Model) -> Proposal | None:
    if target is None or target.pk is None:
        return None
    return Proposal.objects.pending().of(target).first()


def waiting_refusal(target: models.Model, user) -> str:
    """Why ``user`` cannot propose a change to ``target`` now; "" when they can."""
    waiting = pending_for(target)
    if waiting is None:
        return ""
    if waiting.created_by_id == getattr(user, "pk", None):
        return (
            f"Your correction of this {target._meta.verbose_name} (#{waiting.pk}) is waiting "
            "for review: until a reviewer decides, this page shows the published version, "
            "read-only. To propose something else, withdraw it first (on its page)."
        )
    return (
        f"A correction of this {target._meta.verbose_name} by "
        f"{waiting.created_by or 'another editor'} (#{waiting.pk}) is already waiting for "
        "review. A second one would overwrite it or be overwritten: propose yours once a "
        "reviewer has decided."
    )


# --- Proposing ------------------------------------------------------------------------------


def propose(
    target: models.Model, proposed: dict, base: dict, base_token: str, user, note: str = ""
) -> Proposal:
    """Store ``user``'s proposed version of ``target`` (the live one is left alone)."""
    if isinstance(target, Event):
        proposed = snapshots.rekey_new(proposed, base)
        # Publication is a reviewer's decision, never part of a correction.
        proposed["event"]["status"] = base["event"]["status"]
    if proposed == base:
        raise ProposalRefused("Nothing was changed: there is no correction to propose.")
    refusal = waiting_refusal(target, user)
    if refusal:
        raise ProposalRefused(refusal)
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                **{target_field(target): target},
                proposed=proposed,
                base=base,
                base_token=base_token,
                note=note,
                created_by=user,
            )
    except IntegrityError:
        # Another editor's proposal was stored between the check and this one.
        raise ProposalRefused(waiting_refusal(target, user) or "Try again.") from None
    notify_submitted(proposal)
    return proposal


def withdraw(proposal: Proposal, user) -> None:
    if proposal.created_by_id != user.pk and not publishing.can_publish(user):
        raise PermissionDenied("Only its editor or a reviewer can withdraw a correction.")
    _decide(proposal, user, ProposalState.WITHDRAWN)


# --- Reviewing ------------------------------------------------------------------------------


@dataclass
class Review:
    """What a reviewer sees: the proposal against the live version, and whether (and how)
    the live version moved since the proposal was made."""

    proposal: Proposal
    changes: list[snapshots.RowChange]  # live → what approval would make live
    moved: bool = False  # the live version changed since the proposal's base
    since: list[snapshots.RowChange] = field(default_factory=list)  # base → live
    proposed_changes: list[snapshots.RowChange] = field(default_factory=list)  # base → proposed
    conflicts: list[snapshots.Conflict] = field(default_factory=list)


def _as_rows(model: type[models.Model], old: dict, new: dict) -> list[snapshots.RowChange]:
    """The diff of two snapshots of an event, or of two flat records as one row."""
    if model is Event:
        return snapshots.diff(old, new)
    fields = snapshots.field_changes(model, old, new)
    label = str(model._meta.verbose_name).capitalize()
    return [snapshots.RowChange("record", "", snapshots.CHANGED, label, fields)] if fields else []


def _merged(proposal: Proposal, live: dict, **kwargs) -> tuple[dict, list]:
    if isinstance(proposal.target, Event):
        return snapshots.merge(proposal.base, live, proposal.proposed, **kwargs)
    model = type(proposal.target)
    return snapshots.merge_values(model, proposal.base, live, proposal.proposed, **kwargs)


def review(proposal: Proposal) -> Review:
    target = proposal.target
    model = type(target)
    live = live_state(target)
    moved = proposal.is_pending and live != proposal.base
    result, conflicts = _merged(proposal, live) if moved else (proposal.proposed, [])
    if not proposal.is_pending:
        # Decided: what it proposed against what it was made from.
        return Review(proposal, _as_rows(model, proposal.base, proposal.proposed))
    return Review(
        proposal,
        _as_rows(model, live, result),
        moved,
        _as_rows(model, proposal.base, live) if moved else [],
        _as_rows(model, proposal.base, proposal.proposed) if moved else [],
        conflicts,
    )


def approve(proposal: Proposal, user, *, prefer_proposed: bool = False) -> Proposal:
    """Make the proposal live at once, in one transaction, recorded in the history.

    Raises ``ProposalConflict`` when the live version changed the same fields since the
    proposal was made, unless ``prefer_proposed`` (the reviewer saw them and chose)."""
    if not publishing.can_publish(user):
        raise PermissionDenied("Only reviewers can approve corrections.")
    with transaction.atomic():
        proposal = _locked_pending(proposal)
        target = proposal.target
        live = live_state(target)
        version, conflicts = proposal.proposed, []
        if live != proposal.base:
            version, conflicts = _merged(proposal, live, prefer_proposed=prefer_proposed)
            if conflicts and not prefer_proposed:
                raise ProposalConflict(conflicts)
        revisions.note(f"Approved correction #{proposal.pk} by {proposal.created_by or 'editor'}")
        if isinstance(target, Event):
            snapshots.apply(target, version, user)
        else:
            _apply_record(target, version, user)
        _decide(proposal, user, ProposalState.APPROVED)
    proposal.refresh_from_db()  # its target as it is now, for whoever shows it
    notify_decided(proposal)
    return proposal


def send_back(proposal: Proposal, user, note: str) -> Proposal:
    """Decline with a note the editor reads; the live version stays as it is."""
    if not publishing.can_publish(user):
        raise PermissionDenied("Only reviewers can send corrections back.")
    if not note.strip():
        raise ProposalRefused("Say what the editor should change: the note is required.")
    with transaction.atomic():
        proposal = _locked_pending(proposal)
        proposal.review_note = note.strip()
        _decide(proposal, user, ProposalState.SENT_BACK)
    notify_decided(proposal)
    return proposal


def _locked_pending(proposal: Proposal) -> Proposal:
    locked = Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    if locked is None or not locked.is_pending:
        raise ProposalRefused("This correction has already been decided.")
    return locked


def _decide(proposal: Proposal, user, state: str) -> None:
    proposal.state = state
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=("state", "decided_by", "decided_at", "review_note"))


def _apply_record(target: models.Model, values: dict, user) -> None:
    """An actor, source, tag or place made equal to ``values`` through a validated save."""
    obj = type(target)._default_manager.select_for_update().get(pk=target.pk)
    snapshots.apply_values(obj, values)
    obj.full_clean()
    if hasattr(obj, "updated_by_id"):
        obj.updated_by = user
    obj._history_user = user
    obj.save()


# --- Telling people -------------------------------------------------------------------------


def link(proposal: Proposal) -> str:
    return notifications.admin_link("admin:incidents_proposal_change", proposal.pk)


def notify_submitted(proposal: Proposal) -> None:
    """Tell the reviewers that a correction waits (sent when the proposal commits)."""
    editor = proposal.created_by or "An editor"
    notifications.send(
        notifications.reviewers().exclude(pk=proposal.created_by_id),
        f"Correction #{proposal.pk} waiting: {proposal.target}",
        f"{editor} proposed a correction of “{proposal.target}”.\n\n"
        f"{proposal.note}\n\nReview it: {link(proposal)}",
    )


def notify_decided(proposal: Proposal) -> None:
    """Tell the editor their correction was approved or sent back, with the reviewer's note."""
    if proposal.created_by is None or not proposal.created_by.email:
        return
    verb = "approved" if proposal.state == ProposalState.APPROVED else "sent back"
    body = f"Your correction of “{proposal.target}” was {verb} by {proposal.decided_by}."
    if proposal.review_note:
        body += f"\n\nThe reviewer’s note:\n{proposal.review_note}"
    notifications.send(
        [proposal.created_by],
        f"Correction #{proposal.pk} {verb}: {proposal.target}",
        f"{body}\n\n{link(proposal)}",
    )
