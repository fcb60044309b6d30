"""Public pages. Every query starts from a published-only queryset."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from incidents.dates import Precision
from incidents.models import (
    UNDISPLAYED,
    Actor,
    Event,
    EventActor,
    EventSource,
    Source,
    Statement,
    Status,
)
from incidents.translation import columns

from . import changes, dates
from .accounts import accounts
from .caching import CachedPaginator, cached_counts, cached_page
from .chains import CardLinks, card_links
from .context_processors import site_name
from .facets import build_facets
from .filters import ORDER_CHOICES, EventFilter, filter_events
from .histogram import build_histogram
from .passages import find_passages, render_text
from .places import map_context, place_map_of
from .search import highlight_terms, uses_postgres

PAGE_SIZE = 50  # events per timeline page
DETAIL_PAGE_SIZE = 20  # events or statements per page on an actor's page
LOAD_MORE_TARGET = "event-list"
NEIGHBOUR_FIELDS = ("slug", *columns("title"), "date_precision", "date_lower", "date_upper")


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class KnownCountPaginator(Paginator):
    """A paginator told the total, which the histogram has already counted."""

    def __init__(self, object_list: QuerySet, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


@dataclass
class Row:
    """One event in the list, and the year/month headings that open before it."""

    event: Event
    year: str = ""
    month: str = ""
    exchange: CardLinks = field(default_factory=CardLinks)


def _period(event: Event) -> tuple[int, int]:
    month = 0 if event.date_precision == Precision.YEAR else event.date_lower.month
    return event.date_lower.year, month


def _rows(events: QuerySet, page: Page, headings: bool) -> list[Row]:
    """The page's events with headings where the year or month changes.

    The event before the page is fetched in the same query, so that a page (or a
    "Load more" batch) continuing last page's month opens without repeating its heading.
    """
    start, end = page.start_index() - 1, page.end_index()
    if page.paginator.count == 0:
        return []
    # Which events are on the page is cached (timeline/public/caching.py); their rows are not.
    fetched = cached_page(events.for_listing(), max(start - 1, 0), end)
    previous = fetched.pop(0) if start > 0 and fetched else None
    rows = []
    last = _period(previous) if previous else None
    exchanges = card_links([event.pk for event in fetched])
    for event in fetched:
        row = Row(event, exchange=exchanges.get(event.pk, CardLinks()))
        period = _period(event)
        if headings and period != last:
            if last is None or period[0] != last[0]:
                row.year = str(period[0])
            row.month = (
                dates.month_name(*period)
                if period[1]
                else _("%(year)s, month not known") % {"year": period[0]}
            )
        last = period
        rows.append(row)
    return rows


CHIP_PREFIXES = {
    "q": gettext_lazy("Search: "),
    "actor": gettext_lazy("Actor: "),
    "type": pgettext_lazy("event type", "Type: "),
    "tag": gettext_lazy("Tag: "),
    "publisher": gettext_lazy("Publisher: "),
}


def _index_url(query: str) -> str:
    return reverse("timeline:index") + (f"?{query}" if query else "")


def _page_url(filterset: EventFilter, number: int) -> str:
    return _index_url(filterset.query_string(page=number if number > 1 else None))


def _timeline_title(chips: list[tuple[str, str, str]], page: Page) -> str:
    title = _("Timeline")
    if chips:
        title += _(": ") + _(", ").join(label for label, _name, _url in chips[:4])
        if len(chips) > 4:
            title += "…"
    if page.number > 1:
        title += _(" (page %(number)s)") % {"number": page.number}
    return f"{title} — {site_name()}"


def _timeline_description(chips: list[tuple[str, str, str]], total: int) -> str:
    if chips:
        return ngettext(
            "%(count)s incident between Russia and Japan matching %(filters)s, with official "
            "statements and sources.",
            "%(count)s incidents between Russia and Japan matching %(filters)s, with official "
            "statements and sources.",
            total,
        ) % {"count": total, "filters": _(", ").join(label for label, _name, _url in chips)}
    return ngettext(
        "%(count)s incident between Russia and Japan — summonses, protests, sanctions, "
        "military activity and more — with what each side said and the articles that report "
        "them.",
        "%(count)s incidents between Russia and Japan — summonses, protests, sanctions, "
        "military activity and more — with what each side said and the articles that report "
        "them.",
        total,
    ) % {"count": total}


@require_safe
@vary_on_headers("HX-Request", "HX-Target")
def timeline(request: HtmxHttpRequest) -> HttpResponse:
    filterset, events = filter_events(request.GET)
    # A history restore (Back after the cache was evicted) must get the whole page.
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    appending = fragment and request.htmx.target == LOAD_MORE_TARGET
    # Counted in one query, once per filter combination and data version
    # (timeline/public/matching.py, caching.py).
    counts = cached_counts(filterset)
    if appending:
        histogram, facets, place_map = None, [], {}
        total = counts.total
    else:
        histogram = build_histogram(filterset, counts)
        facets = build_facets(filterset, counts)
        place_map = map_context(place_map_of(filterset), fragment)
        total = histogram.total
    paginator = KnownCountPaginator(events, PAGE_SIZE, total)
    page = paginator.get_page(request.GET.get("page"))
    ranked = filterset.is_ranked and uses_postgres()
    next_url = _page_url(filterset, page.next_page_number()) if page.has_next() else ""
    page_links = [
        (number, _page_url(filterset, number) if isinstance(number, int) else "")
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    query_string = filterset.query_string()
    chips = [
        (
            CHIP_PREFIXES.get(name, "") + label,
            name,
            _index_url(filterset.query_string(drop=(name, value))),
        )
        for name, value, label in filterset.active()
    ]
    canonical_path = _page_url(filterset, page.number)
    context = {
        "filter": filterset,
        "form": filterset.form,
        "page": page,
        "rows": _rows(events, page, headings=not ranked),
        "ranked": ranked,
        "total": total,
        "histogram": histogram,
        "facets": facets,
        "chips": chips,
        "terms": highlight_terms(filterset.search_text),
        "order_choices": ORDER_CHOICES,
        "next_url": next_url,
        "page_links": page_links if paginator.num_pages > 1 else [],
        "query_string": query_string,
        "canonical_url": request.build_absolute_uri(canonical_path),
        # The other languages' links keep the address the page has (and pushes, when HTMX).
        "language_query": canonical_path.partition("?")[2],
        "page_title": _timeline_title(chips, page),
        "meta_description": _timeline_description(chips, total),
        "top_fields": [filterset.form[name] for name in ("q", "from", "to", "order")],
        "is_fragment": fragment,
        "appending": appending,
        **place_map,
    }
    if appending:
        template = "timeline/index.html#more"
    elif fragment:
        template = "timeline/index.html#results"
    else:
        template = "timeline/index.html"
    response = render(request, template, context)
    if fragment and not appending:
        # The address bar gets the tidy query (no empty or ignored parameters).
        response["HX-Push-Url"] = canonical_path
    return response


def may_preview(user) -> bool:
    """Staff who may see an event in the admin may see its draft at its public address: the
    admin already shows them all of it, so the preview reveals nothing more."""
    return user.is_active and user.is_staff and user.has_perm("incidents.view_event")


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A published event; for staff who may preview (``may_preview``) also a draft or an event
    in review, marked as a preview, never cached or indexed. Anyone else gets 404 for those.

    Preview requests carry a session, so the response cache and conditional GET (which serve
    only requests without one, ``is_public_read``) never see them; ``Cache-Control: private,
    no-store`` keeps browsers and proxies from keeping them too.
    """
    events = Event.objects.published().displayed()
    candidates = Event.objects.displayed() if may_preview(request.user) else events
    event = get_object_or_404(
        candidates.select_related("event_type").prefetch_related(
            Prefetch("actor_roles", queryset=EventActor.objects.select_related("actor")),
            "tags",
            Prefetch(
                "statements",
                # The speaker's country: the side the statement is grouped under.
                queryset=Statement.objects.select_related("speaker__country", "source__publisher"),
            ),
            Prefetch(
                "source_links", queryset=EventSource.objects.select_related("source__publisher")
            ),
        ),
        slug=slug,
    )
    # Both directions of "responds to" in one query, published events only.
    links = Event.responds_to.through.objects.filter(
        Q(from_event=event) | Q(to_event=event),
        from_event__status=Status.PUBLISHED,
        to_event__status=Status.PUBLISHED,
    ).select_related("from_event__event_type", "to_event__event_type")
    links = links.defer(
        *(f"{end}__{name}" for end in ("from_event", "to_event") for name in UNDISPLAYED)
    )
    responds_to, responses = [], []
    for link in links:
        if link.from_event_id == event.pk:
            responds_to.append(link.to_event)
        else:
            responses.append(link.from_event)
    source_links = list(event.source_links.all())
    statements = list(event.statements.all())
    context = {
        "event": event,
        "actor_roles": list(event.actor_roles.all()),
        "statements": statements,
        "accounts": accounts(statements),
        "source_links": source_links,
        "public_source_ids": {link.source_id for link in source_links},
        "responds_to": sorted(responds_to, key=lambda e: (e.date_lower, e.pk)),
        "responses": sorted(responses, key=lambda e: (e.date_lower, e.pk)),
        # The neighbours show a title and a date: only those columns.
        "previous": events.before(event).only(*NEIGHBOUR_FIELDS).first(),
        "next": events.after(event).only(*NEIGHBOUR_FIELDS).first(),
        "preview": not event.is_published,
        "last_change": changes.last_public_change(event),
    }
    response = render(request, "timeline/event.html", context)
    if context["preview"]:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor.objects.public().select_related("country"), slug=slug)
    published = Event.objects.published()
    # Events they took part in, and for an outlet the events its articles back.
    events = published.with_actors([actor.pk])
    if actor.kind in Source.PUBLISHER_KINDS:
        # Only outlets and official bodies publish; an OR of both conditions would visit
        # every event.
        events = events | published.from_publishers([actor.pk])
    events = (
        events.chronological("desc")
        .displayed()
        .select_related("event_type")
        .prefetch_related(
            Prefetch(
                "actor_roles",
                queryset=EventActor.objects.filter(actor=actor),
                to_attr="roles_of_actor",
            )
        )
    )
    statements = (
        Statement.objects.published()
        .filter(speaker=actor)
        .select_related("event", "source__publisher", "speaker__country")
        .defer(*(f"event__{name}" for name in UNDISPLAYED))
        .order_by("-event__date_lower", "-event__pk", "position", "pk")
    )
    # Counts and pages cached per data version: a state takes part in half the record.
    event_page = CachedPaginator(events, DETAIL_PAGE_SIZE).get_page(request.GET.get("page"))
    statements = CachedPaginator(statements, DETAIL_PAGE_SIZE)
    statement_page = statements.get_page(request.GET.get("spage"))
    context = {
        "actor": actor,
        "event_page": event_page,
        "statement_page": statement_page,
        "other_names": [
            (label, name)
            for label, name in ((_("Russian"), actor.name_ru), (_("Japanese"), actor.name_ja))
            if name
        ],
    }
    return render(request, "timeline/actor.html", context)


@require_safe
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.published().select_related("publisher"), pk=pk)
    statements = list(
        Statement.objects.published()
        .filter(source=source)
        .select_related("speaker", "event")
        .defer(*(f"event__{name}" for name in UNDISPLAYED))
        .order_by("event__date_lower", "event__pk", "position", "pk")
    )
    passages = find_passages(source.text, statements)
    quoted_ids = {passage.statement_id for passage in passages}
    events = (
        Event.objects.published()
        .displayed()
        .filter(source_links__source=source)
        .select_related("event_type")
        .chronological("desc")
    )
    context = {
        "source": source,
        "statements": statements,
        "quoted_ids": quoted_ids,
        "text_html": render_text(source.text, passages),
        "events": events,
    }
    return render(request, "timeline/source.html", context)
