"""Curation admin: everything an editor needs to turn articles into sourced events."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_http_methods
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .. import history, publishing
from ..concurrency import RowEditConflict, RowGuardForm, RowGuardFormSet, lock_events
from ..forms import (
    KEEP_ON_RESTORE,
    ConflictGuardForm,
    EditConflict,
    EventAdminForm,
    PublishedEventGuardFormSet,
    StatementAdminForm,
)
from ..models import (
    Actor,
    Event,
    EventActor,
    EventSource,
    EventType,
    Source,
    Statement,
    Status,
    Tag,
)
from .locks import FollowsParentLock, ReviewerOnlyWhenShown

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


def _is_pk(object_id: str) -> bool:
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

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.audit_fields)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # Per-request subclass: the form checks permissions and shows a refusal.
        attrs = {"user": request.user, "refusal": getattr(request, "_admin_refusal", None)}
        return type(form.__name__, (form,), attrs)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        return ((name, {**options, "fields": (*options["fields"], "edit_token")}), *rest)

    # -- saving, with a second chance to show a refusal --------------------------------------

    def _second_chance(self, request: HttpRequest, view, *args) -> HttpResponse:
        try:
            return view(*args)
        except (EditConflict, RowEditConflict, publishing.PublicationRefused) as exc:
            if request.method != "POST" or hasattr(request, "_admin_refusal"):
                raise
            request._admin_refusal = exc
            return view(*args)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = super().changeform_view
        return self._second_chance(request, view, request, object_id, form_url, extra_context)

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
        for formset in getattr(obj, "_row_formsets", ()):
            if isinstance(formset, RowGuardFormSet):
                formset.lock_rows()

    def _create_formsets(self, request: HttpRequest, obj, change: bool):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        obj._row_formsets = formsets  # for check_edit_token, called with the same object
        return formsets, inline_instances

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        self.check_edit_token(obj, form, change)
        self.save_audited(request, obj, form, change)

    def save_audited(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        restoring = getattr(request, "_restoring", None)
        if restoring:
            obj._change_reason = restoring
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
        if not _is_pk(object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (_is_pk(object_id) and str(version_id).isdigit()):
            raise Http404
        if request.method == "POST":
            # simple-history saves a restore without asking whether the user may change the
            # object as it is now (an editor could restore a published event): ask here.
            current = self.get_object(request, unquote(object_id))
            if current is None:
                self.message_user(
                    request, "That record was deleted: recover it first.", messages.WARNING
                )
                return HttpResponseRedirect(self.recover_url())
            if not self.has_change_permission(request, current):
                raise PermissionDenied
            record = self.model.history.filter(history_id=version_id, id=current.pk).first()
            if record is not None:
                when = record.history_date.strftime("%d %b %Y %H:%M")
                request._restoring = f"Restored the version of {when} (UTC)"
        else:
            current = self.get_object(request, unquote(object_id))
            if current is not None and not self.has_change_permission(request, current):
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

        def restore() -> HttpResponse:
            with transaction.atomic():
                return super(AuditedAdmin, self).history_form_view(
                    request, object_id, version_id, extra_context
                )

        return self._second_chance(request, restore)

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


# --- Vocabulary -----------------------------------------------------------------------------


@admin.register(EventType)
class EventTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "plover_code", "cameo_code", "position")
    list_editable = ("position",)
    search_fields = ("name", "slug", "plover_code", "cameo_code")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(ReviewerOnlyWhenShown, admin.ModelAdmin):
    list_display = ("name", "slug", "event_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(num_events=Count("events"))

    @admin.display(description="events", ordering="num_events")
    def event_count(self, obj: Tag) -> int:
        return obj.num_events


# --- Actors ---------------------------------------------------------------------------------


@admin.register(Actor)
class ActorAdmin(AuditedAdmin):
    list_display = ("name_en", "name_ru", "name_ja", "kind", "country")
    list_filter = ("kind", ("country", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("country",)
    search_fields = ("name_en", "name_ru", "name_ja", "aliases", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("country",)
    fieldsets = (
        (None, {"fields": ("name_en", "slug", "kind", "country", "description")}),
        ("Other languages and spellings", {"fields": ("name_ru", "name_ja", "aliases")}),
        ("Record", {"classes": ("collapse",), "fields": AuditedAdmin.audit_fields}),
    )


# --- Events ---------------------------------------------------------------------------------


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


class EventPartInline(RowGuardInline):
    """Actor roles, source links and statements of a published event change only through a
    reviewer, like the event itself."""

    def _editable(self, request: HttpRequest, obj) -> bool:
        return obj is None or publishing.can_edit(request.user, obj)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


class EventActorInline(EventPartInline, admin.TabularInline):
    model = EventActor
    extra = 1
    autocomplete_fields = ("actor",)
    fields = ("actor", "role", "title", "position")


class EventSourceInline(EventPartInline, admin.TabularInline):
    model = EventSource
    extra = 1
    autocomplete_fields = ("source",)
    fields = ("source", "locator", "note", "position")


class StatementInline(EventPartInline, admin.StackedInline):
    model = Statement
    extra = 0
    autocomplete_fields = ("speaker", "source")
    fields = (
        ("speaker", "speaker_title"),
        "text",
        ("kind", "language", "said_on"),
        ("original_text", "original_language"),
        "source",
    )


class EventSourceFilter(admin.SimpleListFilter):
    title = "has sources"
    parameter_name = "has_sources"

    def lookups(self, request, model_admin):
        return (("yes", "With sources"), ("no", "Without sources"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(source_links__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(source_links__isnull=True)
        return queryset


@admin.register(Event)
class EventAdmin(AuditedAdmin):
    form = EventAdminForm
    object_history_template = "admin/incidents/event/object_history.html"
    actions = ("send_to_review", "publish_events", "return_to_draft")
    list_display = ("title", "date_shown", "event_type", "status", "statement_count", "updated_at")
    list_filter = (
        "status",
        "event_type",
        "date_precision",
        ("tags", admin.RelatedOnlyFieldListFilter),
        ("actor_roles__actor", admin.RelatedOnlyFieldListFilter),
        EventSourceFilter,
    )
    list_select_related = ("event_type",)
    search_fields = (
        "title",
        "summary",
        "slug",
        "actor_roles__actor__name_en",
        "actor_roles__actor__name_ru",
        "actor_roles__actor__name_ja",
        "actor_roles__actor__aliases",
    )
    search_help_text = (
        "Searches titles, summaries and actor names in English, Russian and Japanese."
    )
    date_hierarchy = "date_lower"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("tags", "responds_to")
    inlines = (EventActorInline, EventSourceInline, StatementInline)
    readonly_fields = ("published_at", "published_by", "version")
    fieldsets = (
        (None, {"fields": ("title", "slug", "event_type", "summary")}),
        (
            "When",
            {
                "fields": (("date_lower", "date_precision"), "end_date"),
                "description": "For “May 2023” choose precision Month and any day in May 2023.",
            },
        ),
        ("Where", {"fields": ("location_name", ("latitude", "longitude"))}),
        ("Context", {"fields": ("tags", "responds_to")}),
        ("Publication", {"fields": ("status", "review_note", "published_at", "published_by")}),
        (
            "Record",
            {"classes": ("collapse",), "fields": (*AuditedAdmin.audit_fields, "version")},
        ),
    )

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(num_statements=Count("statements"))

    @admin.display(description="date", ordering="date_lower")
    def date_shown(self, obj: Event) -> str:
        return obj.date_display

    @admin.display(description="statements", ordering="num_statements")
    def statement_count(self, obj: Event) -> int:
        return obj.num_statements

    # -- who may change what ------------------------------------------------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return publishing.can_publish(request.user)

    def view_on_site(self, obj: Event) -> str | None:
        # Only published events have a public page; a link to a draft would be a 404.
        return obj.get_absolute_url() if obj.is_published else None

    # -- saving: the status goes through the workflow -----------------------------------------

    def save_model(self, request: HttpRequest, obj: Event, form, change: bool) -> None:
        self.check_edit_token(obj, form, change)
        target = obj.status
        stored = Event.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        obj._publish_after_save = False
        if target == Status.PUBLISHED and stored != Status.PUBLISHED:
            # Published last, after the inlines: the rules read the event's sources.
            obj.status = stored or Status.DRAFT
            obj._publish_after_save = True
        elif change and stored and target != stored:
            # Any other change first, so that what follows is no longer held to the rules
            # of a published event.
            obj.status = stored
            publishing.change_status(obj, target, request.user)
        self.save_audited(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        event = form.instance
        published_now = getattr(event, "_publish_after_save", False)
        if published_now:
            publishing.publish(event, request.user)
        if event.is_published and (published_now or "responds_to" in form.changed_data):
            self.warn_unpublished_relations(request, event)

    def warn_unpublished_relations(self, request: HttpRequest, event: Event) -> None:
        """Tell the reviewer which causes or responses of a public event are not public (its
        page lists published ones only, and says nothing of the others)."""
        causes, responses = publishing.unpublished_relations(event)
        for related, what in (
            (causes, "responds to events that are not published"),
            (responses, "has responses that are not published"),
        ):
            if not related:
                continue
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a> ({})',
                (
                    (
                        reverse("admin:incidents_event_change", args=(other.pk,)),
                        other.title,
                        other.get_status_display().lower(),
                    )
                    for other in related
                ),
            )
            self.message_user(
                request,
                format_html(
                    "“{}” {}: {}. Its public page does not show them until they are published.",
                    event.title,
                    what,
                    links,
                ),
                messages.WARNING,
            )

    def history_view(self, request, object_id, extra_context=None):
        if not _is_pk(object_id):
            raise Http404
        parts = history.part_revisions(int(unquote(object_id)))
        extra_context = {**(extra_context or {}), "part_revisions": parts}
        return super().history_view(request, object_id, extra_context)

    # -- bulk status changes ------------------------------------------------------------------

    @admin.action(description="Send selected events to review", permissions=["change"])
    def send_to_review(self, request: HttpRequest, queryset) -> None:
        self._change_status(request, queryset, Status.REVIEW, "sent to review")

    @admin.action(description="Publish selected events", permissions=["publish"])
    def publish_events(self, request: HttpRequest, queryset) -> None:
        self._change_status(request, queryset, Status.PUBLISHED, "published")

    @admin.action(description="Return selected events to draft", permissions=["change"])
    def return_to_draft(self, request: HttpRequest, queryset) -> None:
        self._change_status(request, queryset, Status.DRAFT, "returned to draft")

    def _change_status(self, request: HttpRequest, queryset, target: str, done: str) -> None:
        outcome = publishing.change_status_of(queryset.order_by("pk"), target, request.user)
        count = len(outcome.changed)
        self.message_user(
            request,
            f"{count} event{'' if count == 1 else 's'} {done}.",
            messages.SUCCESS if count else messages.WARNING,
        )
        if outcome.unchanged:
            label = Status(target).label.lower()
            titles = "; ".join(f"“{event.title}”" for event in outcome.unchanged)
            self.message_user(request, f"Already {label}: {titles}.", messages.INFO)
        if target == Status.PUBLISHED:
            for event in outcome.changed:
                self.warn_unpublished_relations(request, event)
        for event, problems in outcome.refused:
            self.message_user(
                request,
                format_html("“{}” was not {}: {}", event.title, done, " ".join(problems)),
                messages.ERROR,
            )


# --- Sources and statements -----------------------------------------------------------------


class GuardedPartInline(RowGuardInline, FollowsParentLock):
    """Inline rows that belong to events: an editor may not touch a published event's."""

    formset = PublishedEventGuardFormSet

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"user": request.user})


class SourceStatementInline(GuardedPartInline, admin.StackedInline):
    model = Statement
    fk_name = "source"
    extra = 0
    autocomplete_fields = ("speaker", "event")
    fields = (("event", "speaker", "speaker_title"), "text", ("kind", "language", "said_on"))


class SourceEventInline(GuardedPartInline, admin.TabularInline):
    model = EventSource
    extra = 0
    autocomplete_fields = ("event",)
    fields = ("event", "locator", "note", "position")
    verbose_name = "event backed by this source"
    verbose_name_plural = "events backed by this source"


@admin.register(Source)
class SourceAdmin(AuditedAdmin):
    list_display = ("title", "publisher", "published_on", "kind", "language")
    list_filter = ("kind", "language", ("publisher", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("publisher",)
    search_fields = ("title", "url", "author", "credit", "publisher__name_en", "text")
    date_hierarchy = "published_on"
    autocomplete_fields = ("publisher",)
    inlines = (SourceEventInline, SourceStatementInline)
    fieldsets = (
        (None, {"fields": ("url", "title", "publisher", "credit", "author")}),
        ("Dates and kind", {"fields": (("published_on", "accessed_on"), ("kind", "language"))}),
        ("Copies", {"fields": ("archive_url", "text")}),
        ("Record", {"classes": ("collapse",), "fields": AuditedAdmin.audit_fields}),
    )

    def get_urls(self):
        # "Add source from article" and "Find quotations" (incidents/admin/importing.py).
        from .importing import import_urls

        return [*import_urls(self), *super().get_urls()]


@admin.register(Statement)
class StatementAdmin(AuditedAdmin):
    form = StatementAdminForm
    list_display = ("excerpt", "speaker", "speaker_title", "kind", "language", "said_on", "event")
    list_filter = ("kind", "language", ("speaker", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("speaker", "event", "source")
    search_fields = (
        "text",
        "original_text",
        "speaker__name_en",
        "speaker__name_ru",
        "speaker__name_ja",
        "event__title",
    )
    autocomplete_fields = ("speaker", "event", "source")
    date_hierarchy = "said_on"
    fieldsets = (
        (None, {"fields": ("event", ("speaker", "speaker_title"), "text", "kind")}),
        ("Language", {"fields": ("language", "original_text", "original_language")}),
        ("Source", {"fields": ("source", "said_on")}),
        ("Record", {"classes": ("collapse",), "fields": AuditedAdmin.audit_fields}),
    )

    @admin.display(description="statement")
    def excerpt(self, obj: Statement) -> str:
        return obj.text if len(obj.text) <= 80 else obj.text[:77] + "…"

    def view_on_site(self, obj: Statement) -> str | None:
        return obj.get_absolute_url() if obj.event.is_published else None
