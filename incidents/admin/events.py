"""Events, with their actor roles, source links and statements inline, and the status workflow."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .. import publishing
from ..forms import EventAdminForm
from ..models import Event, EventActor, EventSource, Statement, Status
from .base import AuditedAdmin, RowGuardInline
from .history import RevisionHistoryMixin
from .locks import proposing, waiting
from .translations import missing_translation_filter

# What a status change did, said to the person who made it ("Sent “X” to review.").
STATUS_CHANGED = {
    Status.REVIEW: "Sent {} to review.",
    Status.PUBLISHED: "Published {}.",
    Status.DRAFT: "Returned {} to draft.",
}
TITLES_NAMED = 5  # a bulk change names this many events, then counts the rest


def status_changed(target: str, events: list[Event]) -> str:
    """“Sent “X” to review.”, or for several “Published 3 events (“A”, “B”, “C”).”"""
    titles = [f"“{event.title}”" for event in events]
    if len(titles) == 1:
        what = titles[0]
    else:
        named = ", ".join(titles[:TITLES_NAMED])
        if len(titles) > TITLES_NAMED:
            named += f" and {len(titles) - TITLES_NAMED} more"
        what = f"{len(titles)} events ({named})"
    return STATUS_CHANGED[target].format(what)


class EventPartInline(RowGuardInline):
    """Actor roles, source links and statements of a published event change only through a
    reviewer, like the event itself."""

    def _editable(self, request: HttpRequest, obj) -> bool:
        # An editor's changes to a published event's rows are part of their proposal.
        return (
            obj is None
            or publishing.can_edit(request.user, obj)
            or (proposing(request, obj) and not waiting(request, obj))
        )

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
        "translation_by",
        ("original_text", "original_language"),
        ("source", "source_check"),
    )
    readonly_fields = ("source_check",)  # set by the check on save (incidents.provenance)


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
class EventAdmin(RevisionHistoryMixin, AuditedAdmin):
    form = EventAdminForm
    actions = ("send_to_review", "publish_events", "return_to_draft")
    list_display = ("title", "date_shown", "event_type", "status", "statement_count", "updated_at")
    list_filter = (
        "status",
        "event_type",
        "date_precision",
        ("tags", admin.RelatedOnlyFieldListFilter),
        ("actor_roles__actor", admin.RelatedOnlyFieldListFilter),
        EventSourceFilter,
        missing_translation_filter("title", "summary"),
        "translation_ja_state",
        "translation_ru_state",
    )
    list_select_related = ("event_type",)
    search_fields = (
        "title",
        "summary",
        "title_ja",
        "summary_ja",
        "title_ru",
        "summary_ru",
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
    autocomplete_fields = ("tags", "responds_to", "places")
    inlines = (EventActorInline, EventSourceInline, StatementInline)
    readonly_fields = ("published_at", "published_by", "version", "responses_shown")
    fieldsets = (
        (None, {"fields": ("title", "slug", "event_type", "summary")}),
        (
            "Translations",
            {
                "classes": ("collapse",),
                "fields": (
                    ("title_ja", "translation_ja_state"),
                    "summary_ja",
                    ("title_ru", "translation_ru_state"),
                    "summary_ru",
                ),
                "description": (
                    "The title and summary in Japanese and Russian, for the pages in those "
                    "languages: the same facts as the English, in the project’s own words. "
                    "Left empty, those pages show the English, marked “not yet translated”. "
                    "A draft translation by the project is labelled so on the page until "
                    "an editor marks it reviewed."
                ),
            },
        ),
        (
            "When",
            {
                "fields": (("date_lower", "date_precision"), "end_date"),
                "description": (
                    "Dates as YYYY-MM-DD. For an event known only as “May 2023” type 2023-05 "
                    "(or 2023 for a year): the precision follows."
                ),
            },
        ),
        ("Where", {"fields": ("places", "location_name", ("latitude", "longitude"))}),
        ("Context", {"fields": ("tags", "responds_to", "responses_shown")}),
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

    @admin.display(description="responses")
    def responses_shown(self, obj: Event) -> str:
        """The events answering this one, and a new event that answers it, prefilled."""
        if not obj.pk:
            return "Save the event first."
        add = reverse("admin:incidents_event_add") + f"?responds_to={obj.pk}"
        answers = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:incidents_event_change", args=(other.pk,)), other)
                for other in obj.responses.order_by("date_lower", "pk")
            ),
        )
        return format_html(
            '{}{}<a href="{}">Add a response</a>', answers, "; " if answers else "", add
        )

    @admin.display(description="statements", ordering="num_statements")
    def statement_count(self, obj: Event) -> int:
        return obj.num_statements

    # -- who may change what ------------------------------------------------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return publishing.can_publish(request.user)

    def view_on_site(self, obj: Event) -> str:
        # A draft's public address shows staff its preview (timeline.public.views.event_detail).
        return obj.get_absolute_url()

    # -- saving: the status goes through the workflow -----------------------------------------

    def save_model(self, request: HttpRequest, obj: Event, form, change: bool) -> None:
        self.check_edit_token(obj, form, change)
        target = obj.status
        stored = Event.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        obj._status_after_save = None
        if (target == Status.PUBLISHED and stored != Status.PUBLISHED) or (
            stored is None and target == Status.REVIEW
        ):
            # Published last, after the inlines: the rules read the event's sources. A new
            # event sent straight to review also goes through the workflow (who sent it,
            # when, and the reviewers told), which needs it saved first.
            obj.status = stored or Status.DRAFT
            obj._status_after_save = target
        elif change and stored and target != stored:
            # Any other change first, so that what follows is no longer held to the rules
            # of a published event.
            obj.status = stored
            if publishing.change_status(obj, target, request.user):
                self.message_user(request, status_changed(target, [obj]), messages.SUCCESS)
        self.save_audited(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        event = form.instance
        target = getattr(event, "_status_after_save", None)
        if target and publishing.change_status(event, target, request.user):
            self.message_user(request, status_changed(target, [event]), messages.SUCCESS)
        published_now = target == Status.PUBLISHED
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
        if outcome.changed:
            self.message_user(request, status_changed(target, outcome.changed), messages.SUCCESS)
        else:
            self.message_user(request, f"No event was {done}.", messages.WARNING)
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
