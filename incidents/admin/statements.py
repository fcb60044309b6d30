"""Statements: what someone said, where it was reported, and the event it belongs to."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest

from .. import provenance
from ..forms import StatementAdminForm
from ..models import Statement
from .base import AuditedAdmin
from .locks import edit_refusal

REFUSED = "statement(s) of published events left unchanged: only a reviewer can change them."


@admin.register(Statement)
class StatementAdmin(AuditedAdmin):
    form = StatementAdminForm
    list_display = (
        "excerpt",
        "speaker",
        "speaker_title",
        "kind",
        "language",
        "said_on",
        "event",
        "source_check",
    )
    list_filter = (
        "source_check",
        "kind",
        "language",
        "translation_by",
        ("speaker", admin.RelatedOnlyFieldListFilter),
    )
    # Set by the check on save (incidents.provenance) and the actions below, never typed.
    readonly_fields = ("source_check",)
    actions = ("check_sources", "confirm_sources")
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
        (
            "Language",
            {
                "fields": ("language", "translation_by", "original_text", "original_language"),
                "description": (
                    "The text above in the language it is shown in; when it is the project’s "
                    "translation, the source’s own words below, as it prints them. Never "
                    "translate a quotation back into the speaker’s language: an original is "
                    "recorded only from a source that prints it."
                ),
            },
        ),
        ("Source", {"fields": ("source", "source_check", "said_on")}),
        ("Record", {"classes": ("collapse",), "fields": AuditedAdmin.audit_fields}),
    )

    @admin.display(description="statement")
    def excerpt(self, obj: Statement) -> str:
        return obj.text if len(obj.text) <= 80 else obj.text[:77] + "…"

    def view_on_site(self, obj: Statement) -> str | None:
        return obj.get_absolute_url() if obj.event.is_published else None

    # -- source checks (incidents.provenance); a published event changes only through a
    # reviewer, so an editor's check or confirmation leaves its statements alone.

    @admin.action(description="Check sources of selected statements", permissions=["change"])
    def check_sources(self, request: HttpRequest, queryset) -> None:
        statements = queryset.select_related("source").prefetch_related(
            "event__source_links__source"
        )
        report = provenance.recheck(
            statements.order_by("pk"), lambda statement: not edit_refusal(request, statement)
        )
        parts = [f"{len(report.verified)} found in the source they name"]
        if report.moved:
            moved = "; ".join(f"“{s.text[:60]}” → {s.source.title}" for s in report.moved)
            parts.append(
                f"{len(report.moved)} found in another source of their event and "
                f"linked to it ({moved})"
            )
        parts.append(
            f"{len(report.not_found)} not found in any stored text of their event’s "
            "sources (not verified unless an editor confirmed them)"
        )
        self.message_user(request, "Checked: " + "; ".join(parts) + ".", messages.SUCCESS)
        if report.refused:
            self.message_user(request, f"{len(report.refused)} {REFUSED}", messages.WARNING)

    @admin.action(
        description="Confirm sources of selected statements (I read them in the article)",
        permissions=["change"],
    )
    def confirm_sources(self, request: HttpRequest, queryset) -> None:
        done, refused = 0, 0
        for statement in queryset.filter(source_check=Statement.SourceCheck.UNVERIFIED):
            if edit_refusal(request, statement):
                refused += 1
                continue
            statement.source_check = Statement.SourceCheck.CONFIRMED
            statement.updated_by = request.user
            statement.save()
            done += 1
        self.message_user(
            request,
            f"{done} statement(s) marked as confirmed by an editor (only “not verified” ones "
            "change).",
            messages.SUCCESS if done else messages.WARNING,
        )
        if refused:
            self.message_user(request, f"{refused} {REFUSED}", messages.WARNING)
