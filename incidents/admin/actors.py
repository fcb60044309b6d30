"""Vocabulary and actors: event types, tags and the people and organisations who act."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest

from ..models import Actor, EventType, Tag
from .base import AuditedAdmin
from .locks import ReviewerOnlyWhenShown
from .translations import missing_translation_filter

# --- Vocabulary -----------------------------------------------------------------------------


@admin.register(EventType)
class EventTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "name_ja", "name_ru", "slug", "plover_code", "cameo_code", "position")
    list_editable = ("position",)
    list_filter = (missing_translation_filter("name"),)
    search_fields = ("name", "name_ja", "name_ru", "slug", "plover_code", "cameo_code")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (
            None,
            {"fields": ("name", "slug", "description", "plover_code", "cameo_code", "position")},
        ),
        (
            "Translations",
            {
                "fields": ("name_ja", "name_ru", "description_ja", "description_ru"),
                "description": "Left empty, the Japanese and Russian pages show the English, "
                "marked “not yet translated”.",
            },
        ),
    )


@admin.register(Tag)
class TagAdmin(ReviewerOnlyWhenShown, admin.ModelAdmin):
    list_display = ("name", "name_ja", "name_ru", "slug", "event_count")
    list_filter = (missing_translation_filter("name"),)
    search_fields = ("name", "name_ja", "name_ru", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(num_events=Count("events"))

    @admin.display(description="events", ordering="num_events")
    def event_count(self, obj: Tag) -> int:
        return obj.num_events


# --- Actors ---------------------------------------------------------------------------------

NAME_FIELDS = ("name_en", "name_ru", "name_ja")
LINE_BREAKS = ("\n", "\r\n")  # aliases are one per line, as a browser's textarea sends them


def exact_name(term: str) -> Q:
    """An actor called ``term`` (any case) in any language, or with it as one of its aliases."""
    condition = Q()
    for name in NAME_FIELDS:
        condition |= Q(**{f"{name}__iexact": term})
    condition |= Q(aliases__iexact=term) | Q(aliases__iendswith=f"\n{term}")
    for line_break in LINE_BREAKS:
        condition |= Q(aliases__istartswith=f"{term}{line_break}")
        condition |= Q(aliases__icontains=f"\n{term}{line_break}")
    return condition


def name_prefix(term: str) -> Q:
    """An actor with a name or an alias beginning with ``term``."""
    condition = Q(aliases__istartswith=term) | Q(aliases__icontains=f"\n{term}")
    for name in NAME_FIELDS:
        condition |= Q(**{f"{name}__istartswith": term})
    return condition


def ranked_by_name(queryset: QuerySet, term: str) -> QuerySet:
    """``queryset`` with exact name matches first, then names that begin with ``term``, then
    the rest, each alphabetically: typing "Japan" offers Japan before the Embassy of Japan."""
    rank = Case(
        When(exact_name(term), then=Value(0)),
        When(name_prefix(term), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return queryset.annotate(name_rank=rank).order_by("name_rank", "name_en", "pk")


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

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        """Best matches first: in the autocomplete of every actor field, and in the actor
        list unless a column was chosen to sort by."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term and ORDER_VAR not in request.GET:
            queryset = ranked_by_name(queryset, term)
        return queryset, may_have_duplicates
