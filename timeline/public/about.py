"""The /about/ page: scope, method, vocabulary, licence, how to cite, and the changelog."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from incidents.models import Event, EventType, Source, Statement, Status

from .references import LICENSE_NAME, LICENSE_URL, cite_dataset

CHANGES_PER_PAGE = 25


def published_changes():
    """Revisions of published events, newest first.

    Only revisions saved while the event was published and of events that are still
    published: drafts, reviews and withdrawn events never appear. Each names the event by
    its live title and slug (``live_title``, ``live_slug``): after a correction, the old
    title of a revision is not what the link leads to.
    """
    live = Event.objects.filter(pk=OuterRef("id"))
    history = Event.history.model
    previous_status = (
        history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("status")[:1]
    )
    return (
        history.objects.filter(
            status=Status.PUBLISHED, id__in=Event.objects.published().values("pk")
        )
        .annotate(
            previous_status=Subquery(previous_status),
            live_title=Subquery(live.values("title")),
            live_slug=Subquery(live.values("slug")),
        )
        .only("id", "history_date", "history_type")
        .order_by("-history_date", "-history_id")
    )


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    published = Event.objects.published()
    totals = published.aggregate(
        events=Count("pk"), first=Min("date_lower"), last=Max("span_end"), changed=Max("updated_at")
    )
    event_types = EventType.objects.annotate(
        published_count=Count("events", filter=Q(events__status=Status.PUBLISHED))
    )
    changes = Paginator(published_changes(), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    dataset_url = request.build_absolute_uri(reverse("timeline:index"))
    changed = totals["changed"]
    context = {
        "totals": totals,
        "source_count": Source.objects.published().count(),
        "statement_count": Statement.objects.published().count(),
        "event_types": event_types,
        "changes": changes,
        "citation": cite_dataset(dataset_url, changed.date() if changed else None),
        "license_name": LICENSE_NAME,
        "license_url": LICENSE_URL,
    }
    return render(request, "timeline/about.html", context)
