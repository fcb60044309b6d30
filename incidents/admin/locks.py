"""Admin side of the rule "what a published event shows changes only through a reviewer".

The rule itself is ``publishing.edit_refusal``; these mixins make every admin path ask it:
the change form (read-only with the reason), saving, deleting one record or in bulk,
restoring a version from the history (simple-history asks ``has_change_permission``) and the
inline rows of a locked record. Recovery of deleted records asks it in
``history.restore_deleted``.

Where the record can be corrected by proposal (``publishing.needs_proposal``: an editor, a
published event or an actor, source, tag or place one shows), the change form stays editable and
its save is *captured*: the save runs as usual — validation, lost-update checks, the inline
rows, every rule and receiver — inside a savepoint; the state it produced is read
(``incidents/snapshots.py``), the savepoint is rolled back, and the state is stored as a
``Proposal`` (``incidents/proposals.py``). Rolling back undoes every side effect of the
save: the rows, their history, the search index and the data and public versions (database
triggers) are all written in that transaction, and Django drops ``on_commit`` callbacks
registered inside a rolled-back savepoint. The public sees nothing until a reviewer approves.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.html import format_html

from .. import proposals, publishing
from ..models import Proposal, Status


def _stored(obj):
    """For a version shown from the history, the record as it is now (what a save changes)."""
    if getattr(obj, "_history", None) is not None:
        return type(obj)._default_manager.filter(pk=obj.pk).first() or obj
    return obj


def _asked_once(request: HttpRequest, rule, obj):
    """``rule(user, stored record)``, asked once per request and record (the admin asks for
    every permission check of a page). A memo of a pure answer (same user, same stored
    record), not state between steps: the permission hooks Django calls get the request and
    nothing else to keep it on."""
    cache = request.__dict__.setdefault("_workflow_answers", {})
    key = (rule.__name__, type(obj)._meta.label, obj.pk)
    if key not in cache:
        cache[key] = rule(request.user, _stored(obj))
    return cache[key]


def edit_refusal(request: HttpRequest, obj) -> str:
    """``publishing.edit_refusal`` for the stored record, asked once per request and record."""
    if obj is None:
        return ""
    if obj.pk is None:
        return publishing.edit_refusal(request.user, obj)
    return _asked_once(request, publishing.edit_refusal, obj)


def proposing(request: HttpRequest, obj) -> bool:
    """Whether this user's save of ``obj`` is captured as a proposal
    (``publishing.needs_proposal``, asked once per request and record)."""
    if obj is None or obj.pk is None:
        return False
    return _asked_once(request, publishing.needs_proposal, obj)


def waiting(request: HttpRequest, obj) -> str:
    """Why this editor cannot propose a change to ``obj`` now (one is waiting); "".

    A form opened before the other correction was made is still accepted as a POST: its
    ``clean`` refuses it, so that it is shown again with the reason and nothing typed is
    lost (``proposal_form``; the saving transaction asks again in ``proposals.propose``)."""
    if request.method == "POST" or not proposing(request, obj):
        return ""
    return proposals.waiting_refusal(_stored(obj), request.user)


NOTE_HELP = (
    "What you corrected and why, with the source if it is new: the reviewer reads this with "
    "the list of changes."
)


def proposal_form(base: type[forms.ModelForm], user) -> type[forms.ModelForm]:
    """The change form of a record whose save is proposed: a note for the reviewer, and the
    publication state shown but not changeable (a correction never publishes or unpublishes,
    and an editor's choices no longer include the state it is in)."""

    class ProposalForm(base):
        proposal_note = forms.CharField(
            label="Note to the reviewer",
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=NOTE_HELP,
        )

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            status = self.fields.get("status")
            if status is not None:
                status.choices = Status.choices
                status.disabled = True
                status.help_text = "A correction never changes whether the event is published."

        def clean(self):
            cleaned_data = super().clean()
            refusal = proposals.waiting_refusal(self.instance, user)
            if refusal:
                self.add_error(None, refusal)
            return cleaned_data

    ProposalForm.__name__ = base.__name__
    return ProposalForm


class ReviewerOnlyWhenShown:
    """What a published event shows changes only through a reviewer (the rule is
    ``publishing.edit_refusal``): an editor's save of it becomes a proposed correction
    where one can be proposed, and is otherwise refused (read-only with the reason), as are
    deleting (one or in bulk) and restoring a version."""

    # Whether a refused proposal can be shown on the form again (AuditedAdmin's second
    # chance); otherwise it is a message above the form as stored.
    refusal_shown_on_form = False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if proposing(request, obj):
            return not waiting(request, obj)
        return not edit_refusal(request, obj)

    def may_change_live(self, request: HttpRequest, obj) -> bool:
        """Whether this user's change to ``obj`` goes live (a restore from the history)."""
        return self.has_change_permission(request, obj) and not edit_refusal(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not edit_refusal(request, obj)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        is_version = getattr(obj, "_history", None) is not None
        if obj is not None and not is_version and proposing(request, obj):
            kwargs["form"] = proposal_form(kwargs.get("form", self.form), request.user)
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None or not is_version or not edit_refusal(request, obj):
            return form

        # A version from the history, for someone who may not restore it: shown, not editable
        # (the change form is read-only by itself; simple-history's restore form is not).
        class LockedVersionForm(form):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.disabled = True

        return LockedVersionForm

    def readonly_reason(self, request: HttpRequest, obj) -> str:
        """Why an editor sees this record read-only (shown above the form)."""
        return waiting(request, obj) or edit_refusal(request, obj)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if getattr(obj, "_history", None) is not None or not proposing(request, obj):
            return fieldsets  # a version from the history is restored, never proposed
        if "proposal_note" in flatten_fieldsets(fieldsets):
            return fieldsets
        if not self.has_change_permission(request, obj):
            return fieldsets
        return (("Your correction", {"fields": ("proposal_note",)}), *fieldsets)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            context["readonly_reason"] = self.readonly_reason(request, obj)
        if obj is not None and proposing(request, obj):
            context["proposing"] = not context.get("readonly_reason")
            recent = list(Proposal.objects.of(obj).select_related("created_by", "decided_by")[:3])
            context["proposals"] = recent
            latest = recent[0] if recent else None
            if (
                latest
                and latest.state == Proposal.State.SENT_BACK
                and (latest.created_by_id == request.user.pk and context["proposing"])
            ):
                # Sent back to this editor: what they proposed, to redo it with the changes
                # the reviewer asked for.
                context["sent_back"] = proposals.review(latest)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- an editor's save of a published record: captured as a proposal ----------------------

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if change and proposing(request, obj):
            # After the lost-update checks (the row is locked and as the editor opened it):
            # the live version the proposal is made from, then everything else in a savepoint.
            stored = type(obj)._default_manager.get(pk=obj.pk)
            obj._proposal_base = (proposals.live_state(stored), proposals.live_token(stored))
            obj._proposal_savepoint = transaction.savepoint_create()
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        savepoint = getattr(obj, "_proposal_savepoint", None)
        if savepoint is None:
            return
        proposed = proposals.live_state(obj)  # what the save produced, read back
        transaction.savepoint_rollback(savepoint)
        base, token = obj._proposal_base
        note = form.cleaned_data.get("proposal_note", "")
        try:
            obj._proposal = proposals.propose(obj, proposed, base, token, request.user, note)
        except proposals.ProposalRefused as exc:
            if self.refusal_shown_on_form:
                # Shown on the form, which keeps what was typed (AuditedAdmin.second_chance).
                raise publishing.PublicationRefused(exc.messages, code="proposal") from None
            obj._proposal_refused = " ".join(exc.messages)

    def log_change(self, request: HttpRequest, obj, message):
        proposal = getattr(obj, "_proposal", None)
        if proposal is not None:
            message = f"Proposed correction #{proposal.pk} (not live until approved)."
        return super().log_change(request, obj, message)

    def response_change(self, request: HttpRequest, obj):
        proposal = getattr(obj, "_proposal", None)
        refused = getattr(obj, "_proposal_refused", "")
        if refused:
            self.message_user(request, refused, messages.ERROR)
            return HttpResponseRedirect(request.path)
        if proposal is None:
            return super().response_change(request, obj)
        self.message_user(
            request,
            format_html(
                'Your correction of “{}” is waiting for review as <a href="{}">correction '
                "#{}</a>. The published version stays as it is until a reviewer approves it.",
                type(obj)._default_manager.get(pk=obj.pk),  # as published, not as proposed
                proposal.get_admin_url(),
                proposal.pk,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)

    def get_deleted_objects(self, objs, request: HttpRequest):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # The bulk "delete selected" action asks only for the model permission.
        if any(edit_refusal(request, obj) for obj in objs):
            perms_needed.add(f"{self.opts.verbose_name_plural} that only a reviewer may delete")
        return deleted, counts, perms_needed, protected


class FollowsParentLock:
    """Inline rows of a record an editor may not change are read-only too."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_add_permission(request, obj) and not edit_refusal(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not edit_refusal(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not edit_refusal(request, obj)
