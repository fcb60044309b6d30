"""The source watch in the admin: the watched sources (switch on and off, poll now), the
editors' inbox of candidates (``inbox``), and the items read-only, for checking."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from . import inbox
from .models import Candidate, WatchedSource, WatchItem
from .tasks import poll_watched_source


@admin.register(WatchedSource)
class WatchedSourceAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "language",
        "outlet",
        "enabled",
        "poll_minutes",
        "last_polled_at",
        "next_poll_at",
        "failures",
        "short_error",
    )
    list_filter = ("enabled", "kind", "language")
    list_select_related = ("outlet",)
    search_fields = ("name", "url")
    autocomplete_fields = ("outlet",)
    readonly_fields = ("last_polled_at", "last_error", "failures", "lease_until")
    fields = (
        ("name", "enabled"),
        "url",
        ("kind", "language"),
        "outlet",
        ("poll_minutes", "next_poll_at"),
        ("last_polled_at", "failures", "lease_until"),
        "last_error",
    )
    actions = ("switch_on", "switch_off", "poll_now")

    @admin.display(description="last error")
    def short_error(self, obj: WatchedSource) -> str:
        return obj.last_error[:80]

    @admin.action(description="Switch on (polled by the worker)", permissions=["change"])
    def switch_on(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(enabled=True)
        self.message_user(request, f"{count} source(s) switched on.", messages.SUCCESS)

    @admin.action(description="Switch off (never fetched)", permissions=["change"])
    def switch_off(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(enabled=False)
        self.message_user(request, f"{count} source(s) switched off.", messages.SUCCESS)

    @admin.action(description="Poll now", permissions=["change"])
    def poll_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        off = queryset.filter(enabled=False).count()
        for pk in queryset.filter(enabled=True).values_list("pk", flat=True):
            poll_watched_source.enqueue(pk)
        count = queryset.count() - off
        self.message_user(
            request,
            f"Poll of {count} source(s) queued: the worker runs it "
            "(new items appear in the inbox)." + (f" {off} switched off: skipped." if off else ""),
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    """Its list is the inbox (watch/inbox.py); decisions are made there, not in a form."""

    list_display = ("title", "state", "relevant", "score", "date", "event_type")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        return inbox.inbox(self, request)

    def get_urls(self):
        return [*inbox.urls(self), *super().get_urls()]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(WatchItem)
class WatchItemAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "published_at", "score", "relevant", "state")
    list_filter = ("relevant", "state", "source__language", "source")
    list_select_related = ("source",)
    search_fields = ("title", "url")
    date_hierarchy = "fetched_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
