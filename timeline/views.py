"""Public pages. Every query starts from a published-only queryset."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from incidents.models import Actor, Event, Source, Statement


@require_GET
def timeline(request: HttpRequest) -> HttpResponse:
    events = (
        Event.objects.published()
        .chronological()
        .select_related("event_type")
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"page": page}
    return render(request, "timeline/index.html", context)


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published().select_related("event_type"), slug=slug)
    context = {"event": event}
    return render(request, "timeline/event.html", context)


@require_GET
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor.objects.public(), slug=slug)
    context = {"actor": actor}
    return render(request, "timeline/actor.html", context)


@require_GET
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.published(), pk=pk)
    statements = Statement.objects.published().filter(source=source)
    context = {"source": source, "statements": statements}
    return render(request, "timeline/source.html", context)
