"""Exchanges: every published event linked to another by "responds to", in both directions.

A chain is walked over published events only, so a draft (or an event in review) between two
published events cuts the exchange there: it is neither a step nor a gap, and nothing on the
page says that anything was left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_safe

from incidents import versioning
from incidents.dates import PartialDate, Precision
from incidents.expressions import InArray
from incidents.models import Actor, Event, EventActor, Role, Status
from incidents.translation import columns, localized

from .caching import TIMEOUT

# An exchange larger than this is shown up to it (each hop is one query); none comes near.
MAX_STEPS = 500
LINK_FIELDS = ("slug", *columns("title"), "date_precision", "date_lower", "date_upper")


def published_links(condition: Q) -> QuerySet:
    """The "responds to" rows matching ``condition`` whose two events are both published.

    ``from_event`` responds to ``to_event``.
    """
    return Event.responds_to.through.objects.filter(
        condition,
        from_event__status=Status.PUBLISHED,
        to_event__status=Status.PUBLISHED,
    )


def exchange_slugs(event_ids: list[int]) -> Iterator[tuple[int, str, str]]:
    """``(event id, "responds_to" or "responses", slug of the other event)`` for the events'
    published links, in slug order: two queries, the ids bound as one parameter (export
    chunks are large)."""
    for own, other, cell in (("from", "to", "responds_to"), ("to", "from", "responses")):
        rows = (
            published_links(Q(InArray(f"{own}_event_id", event_ids)))
            .order_by(f"{other}_event__slug")
            .values_list(f"{own}_event_id", f"{other}_event__slug")
        )
        for event_id, slug in rows:
            yield event_id, cell, slug


def exchange_ids(start: int) -> set[int]:
    """The ids of the published events connected to ``start`` by "responds to", either way.

    One query per hop from the start (a breadth-first walk): exchanges are a few steps long.
    """
    found, frontier = {start}, {start}
    while frontier and len(found) < MAX_STEPS:
        pairs = published_links(
            Q(from_event_id__in=frontier) | Q(to_event_id__in=frontier)
        ).values_list("from_event_id", "to_event_id")
        reached = {pk for pair in pairs for pk in pair} - found
        found |= reached
        frontier = reached
    return found


@dataclass(frozen=True)
class Lag:
    """Days between an event and the one it answers, as precisely as both dates are known.

    "May 2023" answered on 9 June 2023 is 9 to 39 days later: ``least`` and ``most``.
    """

    least: int
    most: int

    @classmethod
    def between(cls, cause: PartialDate, response: PartialDate) -> Lag:
        most = (response.upper - cause.lower).days
        least = (response.lower - cause.upper).days
        # Overlapping periods: the response may have come the same day, not "before" it.
        return cls(max(least, 0) if most >= 0 else least, most)

    @property
    def exact(self) -> bool:
        return self.least == self.most

    def __str__(self) -> str:
        if self.exact:
            if self.most == 0:
                return gettext("the same day")
            return ngettext("%(count)s day later", "%(count)s days later", abs(self.most)) % {
                "count": self.most
            }
        return ngettext(
            "between %(least)s and %(most)s day later",
            "between %(least)s and %(most)s days later",
            abs(self.most),
        ) % {"least": self.least, "most": self.most}


@dataclass
class Answer:
    """An earlier step that this one answers, and how long after it."""

    step: Step
    lag: Lag


@dataclass
class Step:
    """One event of an exchange, in date order."""

    number: int
    event: Event
    sides: list[str]
    answers: list[Answer] = field(default_factory=list)
    answered_by: list[Step] = field(default_factory=list)

    @property
    def side(self) -> str:
        return gettext(" and ").join(self.sides) if self.sides else gettext("Side not recorded")


def side_of(roles: Iterable[EventActor]) -> list[str]:
    """The states that acted: each initiator's country (a state is its own), in role order."""
    sides: dict[str, None] = {}
    for role in roles:
        if role.role != Role.INITIATOR:
            continue
        actor = role.actor
        state = actor if actor.kind == Actor.Kind.STATE else actor.country
        if state is not None:
            sides[localized(state, "name").text] = None
    return list(sides)


def build_steps(ids: set[int]) -> list[Step]:
    """The exchange's events in date order with their sides, causes and lags: three queries."""
    roles = EventActor.objects.filter(role=Role.INITIATOR).select_related("actor__country")
    events = (
        Event.objects.published()
        .displayed()
        .filter(pk__in=ids)
        .select_related("event_type")
        .prefetch_related(Prefetch("actor_roles", queryset=roles, to_attr="initiators"))
        .chronological("asc")
    )
    steps = {
        event.pk: Step(number, event, side_of(event.initiators))
        for number, event in enumerate(events, start=1)
    }
    pairs = published_links(Q(from_event_id__in=steps) & Q(to_event_id__in=steps)).values_list(
        "from_event_id", "to_event_id"
    )
    for response_id, cause_id in sorted(pairs, key=lambda pair: steps[pair[1]].number):
        response, cause = steps[response_id], steps[cause_id]
        lag = Lag.between(cause.event.partial_date, response.event.partial_date)
        response.answers.append(Answer(cause, lag))
        cause.answered_by.append(response)
    for step in steps.values():
        step.answered_by.sort(key=lambda other: other.number)
    return list(steps.values())


def chain_url(slug: str) -> str:
    return reverse("timeline:chain", kwargs={"slug": slug})


@dataclass
class CardLinks:
    """What a timeline card says of its exchange: the events it answers and its answers."""

    responds_to: list[Event] = field(default_factory=list)
    responses: list[Event] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.responds_to or self.responses)


def card_links(event_ids: list[int]) -> dict[int, CardLinks]:
    """Published causes and responses of the listed events, by event id: one query, none
    while the data is unchanged (cached per data version, as the timeline's pages are)."""
    if not event_ids:
        return {}
    digest = hashlib.sha256(",".join(map(str, sorted(event_ids))).encode()).hexdigest()[:32]
    key = f"timeline:cards:{versioning.current().number}:{digest}"
    return cache.get_or_set(key, lambda: _card_links(event_ids), TIMEOUT)


def _card_links(event_ids: list[int]) -> dict[int, CardLinks]:
    ends = ("from_event", "to_event")
    ids = set(event_ids)
    links = (
        published_links(Q(from_event_id__in=ids) | Q(to_event_id__in=ids))
        .select_related(*ends)
        .only(*(f"{end}__{name}" for end in ends for name in LINK_FIELDS), *ends)
    )
    found: dict[int, CardLinks] = {}
    for link in links:
        if link.from_event_id in ids:
            found.setdefault(link.from_event_id, CardLinks()).responds_to.append(link.to_event)
        if link.to_event_id in ids:
            found.setdefault(link.to_event_id, CardLinks()).responses.append(link.from_event)
    for card in found.values():
        for events in (card.responds_to, card.responses):
            events.sort(key=lambda event: (event.date_lower, event.date_upper, event.pk))
    return found


def _precision_note(steps: list[Step]) -> bool:
    """Whether a step's date is known only to the month or year (the lags are ranges)."""
    return any(step.event.date_precision != Precision.DAY for step in steps)


@require_safe
def chain(request: HttpRequest, slug: str) -> HttpResponse:
    """The exchange ``slug`` belongs to, in date order; the same page from each of its events."""
    event = get_object_or_404(Event.objects.published().only("pk", "slug"), slug=slug)
    steps = build_steps(exchange_ids(event.pk))
    first = steps[0].event
    span = (steps[-1].event.date_upper - first.date_lower) if len(steps) > 1 else dt.timedelta()
    context = {
        "event": event,
        "steps": steps,
        "first": first,
        "span_days": span.days,
        "approximate": _precision_note(steps),
        "sides": sorted({side for step in steps for side in step.sides}),
        # Every member's chain page is the same exchange: one address for search engines.
        "canonical_url": request.build_absolute_uri(chain_url(first.slug)),
    }
    return render(request, "timeline/chain.html", context)
