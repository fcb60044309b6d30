"""Statements: what someone said, where it was reported, and the event it belongs to."""

from __future__ import annotations

from django.contrib import admin

from ..forms import StatementAdminForm
from ..models import Statement
from .base import AuditedAdmin


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
