"""Curation admin: everything an editor needs to turn articles into sourced events."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Actor,
    Event,
    EventActor,
    EventSource,
    EventType,
    Source,
    Statement,
    Tag,
)

admin.site.site_header = f"{settings.SITE_NAME} — curation"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Curate events, statements and sources"


class AuditedAdmin(SimpleHistoryAdmin):
    """Fills created_by / updated_by from the request and shows audit fields read-only."""

    audit_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.audit_fields)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        instances = formset.save(commit=False)
        for instance in instances:
            if hasattr(instance, "created_by_id") and not instance.pk:
                instance.created_by = request.user
            if hasattr(instance, "updated_by_id"):
                instance.updated_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


# --- Vocabulary -----------------------------------------------------------------------------


@admin.register(EventType)
class EventTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "plover_code", "cameo_code", "position")
    list_editable = ("position",)
    search_fields = ("name", "slug", "plover_code", "cameo_code")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
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


class EventActorInline(admin.TabularInline):
    model = EventActor
    extra = 1
    autocomplete_fields = ("actor",)
    fields = ("actor", "role", "title", "position")


class EventSourceInline(admin.TabularInline):
    model = EventSource
    extra = 1
    autocomplete_fields = ("source",)
    fields = ("source", "locator", "note", "position")


class StatementInline(admin.StackedInline):
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
    search_help_text = "Searches titles, summaries and actor names in English, Russian and Japanese."
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


# --- Sources and statements -----------------------------------------------------------------


class SourceStatementInline(admin.StackedInline):
    model = Statement
    fk_name = "source"
    extra = 0
    autocomplete_fields = ("speaker", "event")
    fields = (("event", "speaker", "speaker_title"), "text", ("kind", "language", "said_on"))


class SourceEventInline(admin.TabularInline):
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


@admin.register(Statement)
class StatementAdmin(AuditedAdmin):
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
