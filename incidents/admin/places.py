"""The gazetteer in the admin: names in three languages, aliases, parent and point."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html

from ..models import Place
from .locks import ReviewerOnlyWhenShown


class PointPickerInput(forms.NumberInput):
    """The latitude field, followed by a map (hidden until static/js/place-picker.js shows
    it): selecting a point on the map fills in the latitude and the longitude. Without
    JavaScript the two fields are typed as usual."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        from timeline.public.maps import FRAME  # the site's map frame and land image

        field = super().render(name, value, attrs, renderer)
        picker = format_html(
            '<div class="place-picker" hidden data-frame="{}" data-basemap="{}" '
            'role="region" aria-label="{}"></div>',
            json.dumps(FRAME),
            static("map/land-northeast-asia.svg"),
            "Map: select a point to fill in latitude and longitude",
        )
        return field + picker


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
                "description": "Decimal degrees, e.g. 45.0 and 147.7 for Etorofu / Iturup, "
                "or select the point on the map. An area (a sea, an island group) may also "
                "have a box: its south, west, north and east edges.",
                "fields": (("latitude", "longitude"), ("south", "west", "north", "east")),
            },
        ),
        ("Record", {"classes": ("collapse",), "fields": readonly_fields}),
    )

    class Media:
        css = {"all": ("vendor/leaflet/leaflet.css", "css/map.css")}
        js = ("vendor/leaflet/leaflet.js", "js/map-frame.js", "js/place-picker.js")

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "latitude":
            kwargs["widget"] = PointPickerInput(attrs={"step": "any"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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
