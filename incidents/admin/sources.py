"""Sources, with the events they back and the statements quoted from them inline; the article
import pages hang off this admin (incidents/admin/importing.py)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ..forms import PublishedEventGuardFormSet
from ..models import EventSource, Source, Statement
from .base import AuditedAdmin, RowGuardInline
from .importing import import_urls
from .locks import FollowsParentLock


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
        return [*import_urls(self), *super().get_urls()]
