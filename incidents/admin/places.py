"""The gazetteer in the admin: names in three languages, aliases, parent and point."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest

from ..models import Place
from .locks import ReviewerOnlyWhenShown


@admin.register(Place)
class PlaceAdmin(ReviewerOnlyWhenShown, admin.ModelAdmin):
    # A place a published event shows is public: an editor's change of it is proposed as a
    # correction for a reviewer, and only a reviewer deletes it (publishing.edit_refusal).
    list_display = ("name_en", "name_ja", "name_ru", "kind", "parent", "event_count")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name_en", "name_ja", "name_ru", "aliases", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("parent",)
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
    fieldsets = (
        (None, {"fields": ("name_en", "slug", "kind", "parent")}),
        ("Other languages and spellings", {"fields": ("name_ja", "name_ru", "aliases")}),
        (
            "Where",
            {
                # No map picker yet: plain decimal degrees, from any map.
                "description": "Decimal degrees, e.g. 45.0 and 147.7 for Etorofu / Iturup. "
                "An area (a sea, an island group) may also have a box: its south, west, north "
                "and east edges.",
                "fields": (("latitude", "longitude"), ("south", "west", "north", "east")),
            },
        ),
        ("Record", {"classes": ("collapse",), "fields": readonly_fields}),
    )

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(n_events=Count("events"))

    @admin.display(description="events", ordering="n_events")
    def event_count(self, place: Place) -> int:
        return place.n_events

    def save_model(self, request: HttpRequest, obj: Place, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
