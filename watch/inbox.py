"""The editors' inbox: what the watch found, one card per candidate incident, relevant first
and newest first; reports of recorded events attached to them; below-threshold items behind
a toggle. Each card's buttons decide it in one step (watch/confirm.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from incidents import importing, publishing

from . import confirm, measure, quotes
from .models import Candidate, DismissReason, WatchItem

PER_PAGE = 20


class DismissForm(forms.Form):
    reason = forms.ChoiceField(choices=DismissReason.choices, label="Why")
    note = forms.CharField(required=False, max_length=500, label="Note")


def _inbox_url(request: HttpRequest) -> str:
    """Back to the inbox as the editor had it (toggle and page kept)."""
    url = reverse("admin:watch_candidate_changelist")
    query = request.POST.get("back", "")
    return f"{url}?{query}" if query and query.isascii() and "//" not in query else url


def _require(request: HttpRequest, *perms: str) -> None:
    if not request.user.has_perms(perms):
        raise PermissionDenied


def inbox(model_admin, request: HttpRequest) -> HttpResponse:
    _require(request, "watch.view_candidate")
    show_all = request.GET.get("all") == "1"
    rows = (
        Candidate.objects.for_inbox(show_all)
        .select_related("event_type", "duplicate_of")
        .prefetch_related(
            "actors",
            Prefetch(
                "items",
                queryset=WatchItem.objects.select_related("source", "imported_source").order_by(
                    "-score", "pk"
                ),
            ),
        )
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    index = importing.ActorIndex()
    for candidate in page:
        # Reports of a recorded event add sources only; new incidents offer their quotations.
        candidate.offered = [] if candidate.duplicate_of_id else quotes.offered(candidate, index)
    hidden = Candidate.objects.open().count() - Candidate.objects.for_inbox(False).count()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Source watch inbox",
        "page": page,
        "show_all": show_all,
        "hidden": hidden,
        "dismiss_form": DismissForm(),
        "back": request.GET.urlencode(),
        "measures": measure.inbox_measures() if publishing.can_publish(request.user) else None,
        "can_decide": request.user.has_perm("watch.change_candidate"),
    }
    return TemplateResponse(request, "admin/watch/inbox.html", context)


def create_event(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """Create a draft event from the candidate and land on its change form."""
    _require(request, "watch.change_candidate", "incidents.add_event", "incidents.add_source")
    candidate = get_object_or_404(Candidate, pk=pk)
    try:
        ticked = quotes.chosen(candidate, request.POST.getlist("quote"))
        event = confirm.create_event(candidate.pk, request.user, ticked)
    except (confirm.CandidateDecided, importing.ImportRejected) as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(_inbox_url(request))
    messages.success(
        request,
        f"Draft event “{event.title}” created from the inbox with {event.source_links.count()} "
        f"source(s) and {len(ticked)} statement(s). Write its summary, check the date and the "
        "actors’ roles; “Find quotations” on each source offers the other quotations.",
    )
    return HttpResponseRedirect(reverse("admin:incidents_event_change", args=[event.pk]))


def add_to_event(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """ "Another report of this": its reports become further sources of the recorded event."""
    _require(request, "watch.change_candidate", "incidents.add_eventsource")
    candidate = get_object_or_404(Candidate, pk=pk)
    try:
        event = confirm.add_to_event(candidate.pk, request.user)
    except (confirm.CandidateDecided, importing.ImportRejected, publishing.EditRefused) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Added as further source(s) of “{event.title}”.")
    return HttpResponseRedirect(_inbox_url(request))


def dismiss(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "watch.change_candidate")
    candidate = get_object_or_404(Candidate, pk=pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose why the candidate is dismissed.")
        return HttpResponseRedirect(_inbox_url(request))
    try:
        confirm.dismiss(
            candidate.pk, request.user, form.cleaned_data["reason"], form.cleaned_data["note"]
        )
    except confirm.CandidateDecided as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Dismissed “{candidate.title}”.")
    return HttpResponseRedirect(_inbox_url(request))


def urls(model_admin) -> list:
    wrap = model_admin.admin_site.admin_view

    def bind(view):
        def bound(request, *args, **kwargs):
            return view(model_admin, request, *args, **kwargs)

        return wrap(require_POST(bound))

    return [
        path("<int:pk>/create-event/", bind(create_event), name="watch_candidate_create_event"),
        path("<int:pk>/add-to-event/", bind(add_to_event), name="watch_candidate_add_to_event"),
        path("<int:pk>/dismiss/", bind(dismiss), name="watch_candidate_dismiss"),
    ]
