"""The admin's shared base: audit fields, revision history with diffs and restore, recovery of
deleted records, lost-update protection, and inline rows that carry a token."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .. import history, publishing
from ..concurrency import RowEditConflict, RowGuardForm, RowGuardFormSet, lock_events
from ..forms import KEEP_ON_RESTORE, ConflictGuardForm, EditConflict, PublishedEventGuardFormSet
from ..models import Event
from .locks import ReviewerOnlyWhenShown

admin.site.site_header = f"{settings.SITE_NAME} — curation"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Curate events, statements and sources"


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """History diffs with choice labels ("In review") instead of stored values ("review")."""

    def __init__(self, model, historical_record) -> None:
        super().__init__(model, historical_record, max_displayed_delta_change_chars=300)

    def prepare_delta_change_value(self, change, value):
        model_field = self.model._meta.get_field(change.field)
        if model_field.choices and not model_field.many_to_many:
            return dict(model_field.flatchoices).get(value, value) if value else "—"
        return super().prepare_delta_change_value(change, value)


@dataclass(frozen=True)
class SaveAttempt:
    """What one save through the change form or the history's restore form carries between
    the admin's hooks, which Django calls with the request only. It travels on a copy of the
    admin made for that save (``AuditedAdmin.for_attempt``): the registered admin serves
    every request at once, and the request is not the place for it."""

    # Why the first attempt was refused (someone saved first, or a publishing rule): the
    # second attempt shows it as a form error.
    refusal: Exception | None = None
    # The history's reason for the save, e.g. "Restored the version of … (UTC)".
    change_reason: str = ""


def is_pk(object_id: str) -> bool:
    return unquote(object_id).isdigit()


class AuditedAdmin(ReviewerOnlyWhenShown, SimpleHistoryAdmin):
    """The curated records: audit fields, revision history with diffs and restore, recovery
    of deleted records, and lost-update protection.

    A save refused after validation (someone else saved first, or the change would break a
    publishing rule) raises inside the admin's transaction, which rolls everything back; the
    same POST is then shown again with the reason as a form error, so nothing typed is lost.
    """

    audit_fields = ("created_at", "created_by", "updated_at", "updated_by")
    form = ConflictGuardForm
    object_history_list_template = "admin/incidents/object_history_list.html"
    object_history_form_template = "admin/incidents/object_history_form.html"
    attempt = SaveAttempt()  # replaced on the copy made for each save (for_attempt)
    refusal_shown_on_form = True  # a refused proposal too (locks.ReviewerOnlyWhenShown)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.audit_fields)

    def has_change_history_permission(self, request: HttpRequest, obj=None) -> bool:
        # simple-history's "Revert" button: a restore goes live, it is never proposed.
        return super().has_change_history_permission(request, obj) and self.may_change_live(
            request, obj
        )

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # Per-request subclass: the form checks permissions and shows a refusal.
        attrs = {"user": request.user, "refusal": self.attempt.refusal}
        return type(form.__name__, (form,), attrs)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        return ((name, {**options, "fields": (*options["fields"], "edit_token")}), *rest)

    # -- saving, with a second chance to show a refusal --------------------------------------

    def for_attempt(self, attempt: SaveAttempt) -> AuditedAdmin:
        """This admin for one save, carrying ``attempt`` (a shallow copy: the registered one
        is shared by every request)."""
        bound = copy.copy(self)
        bound.attempt = attempt
        return bound

    def second_chance(
        self,
        request: HttpRequest,
        view: Callable[[AuditedAdmin], HttpResponse],
        attempt: SaveAttempt = SaveAttempt(),
    ) -> HttpResponse:
        """Run ``view`` with the admin for ``attempt``; a POST refused after validation runs
        once more with the refusal, which the form shows (a second refusal propagates)."""
        try:
            return view(self.for_attempt(attempt))
        except (EditConflict, RowEditConflict, publishing.PublicationRefused) as exc:
            if request.method != "POST":
                raise
            return view(self.for_attempt(replace(attempt, refusal=exc)))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        def view(model_admin: AuditedAdmin) -> HttpResponse:
            # The copy for this attempt, not self (hence no bare super()).
            return super(AuditedAdmin, model_admin).changeform_view(  # noqa: UP008
                request, object_id, form_url, extra_context
            )

        return self.second_chance(request, view)

    def check_edit_token(self, obj, form, change: bool) -> None:
        """The race-free check: compare with the row locked for this transaction."""
        if change and "edit_token" in form.cleaned_data:
            if hasattr(obj, "event_id"):  # a statement: its event first, as every save does
                stored_event = type(obj)._default_manager.filter(pk=obj.pk).order_by()
                lock_events([*stored_event.values_list("event_id", flat=True), obj.event_id])
            stored = history.stored_token(type(obj), obj.pk, lock=True)
            if stored != form.cleaned_data["edit_token"]:
                raise EditConflict
        # Then its inline rows, still before anything is written: every write takes the data
        # version's row lock (incidents/versioning.py) until commit, so a row lock taken
        # after a write could deadlock with a save that locked the row first.
        formsets = getattr(obj, "_row_formsets", ())
        for formset in formsets:
            # Events a source page's rows go to (a reviewer may have published one since the
            # form was checked): locked first, as every save locks events before rows.
            if isinstance(formset, PublishedEventGuardFormSet):
                formset.lock_events()
        for formset in formsets:
            if isinstance(formset, RowGuardFormSet):
                formset.lock_rows()

    def _create_formsets(self, request: HttpRequest, obj, change: bool):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        obj._row_formsets = formsets  # for check_edit_token, called with the same object
        return formsets, inline_instances

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        self.check_edit_token(obj, form, change)
        if getattr(obj, "event_id", None):
            # A statement: its event locked and asked again before the first write, since a
            # reviewer may have published it after the form's check (the form then shows why).
            lock_events([obj.event_id])
            refusal = publishing.edit_refusal(request.user, obj)
            if refusal:
                raise publishing.PublicationRefused(refusal, code="unpublishable")
        self.save_audited(request, obj, form, change)

    def save_audited(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if self.attempt.change_reason:
            obj._change_reason = self.attempt.change_reason  # simple-history's own attribute
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if isinstance(formset, RowGuardFormSet) and not formset.rows_locked:
            # Rows someone else changed since they were shown: refused (RowEditConflict).
            formset.lock_rows()
        instances = formset.save(commit=False)
        # Rows deleted by someone else that this editor chose to add back ("Use mine").
        recreated = [row.instance for row in getattr(formset, "recreated_forms", ())]
        for instance in (*instances, *recreated):
            if hasattr(instance, "created_by_id") and not instance.pk:
                instance.created_by = request.user
            if hasattr(instance, "updated_by_id"):
                instance.updated_by = request.user
            if instance in recreated:
                try:
                    with transaction.atomic():
                        instance.save()
                except IntegrityError:
                    # Someone added the same row meanwhile: shown again, with the reason.
                    raise RowEditConflict from None
            else:
                instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    # -- history: diffs, restoring a version, recovering deleted records ---------------------

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        if not is_pk(object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (is_pk(object_id) and str(version_id).isdigit()):
            raise Http404
        attempt = SaveAttempt()
        if request.method == "POST":
            # simple-history saves a restore without asking whether the user may change the
            # object as it is now (an editor could restore a published event): ask here.
            current = self.get_object(request, unquote(object_id))
            if current is None:
                self.message_user(
                    request, "That record was deleted: recover it first.", messages.WARNING
                )
                return HttpResponseRedirect(self.recover_url())
            # An editor may propose a correction of a published event, not restore it live.
            if not self.may_change_live(request, current):
                raise PermissionDenied
            record = self.model.history.filter(history_id=version_id, id=current.pk).first()
            if record is not None:
                when = record.history_date.strftime("%d %b %Y %H:%M")
                attempt = SaveAttempt(change_reason=f"Restored the version of {when} (UTC)")
        else:
            current = self.get_object(request, unquote(object_id))
            if current is not None and not self.may_change_live(request, current):
                extra_context = {
                    **(extra_context or {}),
                    "readonly_reason": self.readonly_reason(request, current),
                }
            # What restoring this version would change, compared with the latest one.
            records = self.model.history.filter(id=unquote(object_id))
            version = records.filter(history_id=version_id).first()
            latest = records.order_by("-history_id").first()
            if version is not None and latest is not None and latest != version:
                changes = history.field_changes(version, latest)
                extra_context = {
                    **(extra_context or {}),
                    "restore_changes": [c for c in changes if c.name not in KEEP_ON_RESTORE],
                }

        def restore(model_admin: AuditedAdmin) -> HttpResponse:
            with transaction.atomic():
                return super(AuditedAdmin, model_admin).history_form_view(  # noqa: UP008
                    request, object_id, version_id, extra_context
                )

        return self.second_chance(request, restore, attempt)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        deleted = path(
            "deleted/",
            self.admin_site.admin_view(self.deleted_view),
            name="{}_{}_deleted".format(*info),
        )
        return [deleted, *super().get_urls()]

    def recover_url(self) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_deleted")

    def changelist_view(self, request, extra_context=None):
        if self.has_add_permission(request):
            extra_context = {**(extra_context or {}), "recover_url": self.recover_url()}
        return super().changelist_view(request, extra_context)

    def deleted_view(self, request: HttpRequest) -> HttpResponse:
        """Deleted records, from their history, each with a button to restore it."""
        return require_http_methods(["GET", "POST"])(self._deleted_view)(request)

    def _deleted_view(self, request: HttpRequest) -> HttpResponse:
        # Restoring a record is adding it again.
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            history_id = request.POST.get("history_id", "")
            record = None
            if history_id.isdigit():
                record = self.model.history.filter(history_id=history_id, history_type="-").first()
            if record is None:
                self.message_user(request, "No such deleted record.", messages.ERROR)
                return HttpResponseRedirect(request.path)
            try:
                restored = history.restore_deleted(record, request.user)
            except history.RestoreError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(request, self.restored_message(restored), messages.SUCCESS)
            for reason in restored.skipped:
                self.message_user(request, reason, messages.WARNING)
            info = self.opts.app_label, self.opts.model_name
            return HttpResponseRedirect(
                reverse("admin:{}_{}_change".format(*info), args=(restored.obj.pk,))
            )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Recover deleted {self.opts.verbose_name_plural}",
            "opts": self.opts,
            "records": history.deleted_records(self.model),
            "changelist_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
            ),
        }
        return TemplateResponse(request, "admin/incidents/deleted_records.html", context)

    def restored_message(self, restored: history.Restored) -> str:
        message = f"Restored “{restored.obj}”"
        if restored.parts:
            message += f" with {len(restored.parts)} of its actor roles, sources and statements"
        if isinstance(restored.obj, Event):
            message += ", as a draft"
        return message + "."


class RowGuardInline:
    """Inline rows with lost-update protection (incidents/concurrency.py): each row carries
    the token of what the editor opened."""

    form = RowGuardForm
    formset = RowGuardFormSet

    def get_fields(self, request: HttpRequest, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fields
        return (*fields, "row_token")
