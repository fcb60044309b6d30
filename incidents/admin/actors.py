"""Vocabulary and actors: event types, tags and the people and organisations who act."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest

from ..models import Actor, EventType, Tag
from .base import AuditedAdmin
from .locks import ReviewerOnlyWhenShown

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
