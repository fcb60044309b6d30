"""The reviewer's queue: what waits for a decision, the longest waiting first — events in
review and proposed corrections of what the public sees (``incidents/proposals.py``).

Shown on the admin index and on a page of its own by ``incidents.adminsite``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch

from .models import Event, Proposal, Status

RELATED_FIELDS = ("title", "slug", "status", "date_lower")


@dataclass
class StatusCount:
    status: Status
    count: int


@dataclass
class ReviewQueue:
    """What waits: counts per status and the events in review, in groups of linked events."""

    counts: list[StatusCount]
    groups: list[list[Event]] = field(default_factory=list)
    corrections: list[Proposal] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return sum(len(group) for group in self.groups)

    def first_rows(self, limit: int) -> list[list[Event]]:
        """The oldest groups, up to about ``limit`` events (a group is never split)."""
        shown, total = [], 0
        for group in self.groups:
            if total >= limit:
                break
            shown.append(group)
            total += len(group)
        return shown


def status_counts() -> list[StatusCount]:
    """How many events are in each status (every status, zero included)."""
    found = dict(Event.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return [StatusCount(status, found.get(status.value, 0)) for status in Status]


def waiting_events() -> list[Event]:
    """Events in review, the longest waiting first, each with the causes and responses that
    are not published (``unpublished_causes``, ``unpublished_responses``, both together in
    ``unpublished_related``) — the page of a published event does not show those, so they
    are reviewed together."""
    unpublished = (
        Event.objects.exclude(status=Status.PUBLISHED)
        .only(*RELATED_FIELDS)
        .order_by("date_lower", "pk")
    )
    events = list(
        Event.objects.filter(status=Status.REVIEW)
        .defer("search_text", "search_vector")
        .select_related("event_type", "submitted_by")
        .prefetch_related(
            Prefetch("responds_to", queryset=unpublished, to_attr="unpublished_causes"),
            Prefetch("responses", queryset=unpublished, to_attr="unpublished_responses"),
        )
        # Events sent before the queue recorded it: by their last change.
        .order_by(F("submitted_at").asc(nulls_first=True), "updated_at", "pk")
    )
    for event in events:
        event.unpublished_related = [*event.unpublished_causes, *event.unpublished_responses]
    return events


def linked_groups(events: list[Event]) -> list[list[Event]]:
    """``events`` in their order, each followed by the waiting events linked to it through
    "responds to" (either way, transitively): a cause and its response are read together."""
    by_pk = {event.pk: event for event in events}
    placed: set[int] = set()
    groups = []
    for first in events:
        if first.pk in placed:
            continue
        group, todo = [], [first]
        while todo:
            event = todo.pop(0)
            if event.pk in placed:
                continue
            placed.add(event.pk)
            group.append(event)
            todo += sorted(
                (by_pk[other.pk] for other in event.unpublished_related if other.pk in by_pk),
                key=events.index,
            )
        groups.append(group)
    return groups


def corrections_waiting() -> list[Proposal]:
    """Proposed corrections waiting for a reviewer, the oldest first, with their target and
    author (the proposed and base versions, which may hold whole articles, are not read)."""
    return list(
        Proposal.objects.pending().defer(
            "proposed", "base", "event__search_text", "event__search_vector", "source__text"
        )
    )


def review_queue() -> ReviewQueue:
    return ReviewQueue(
        counts=status_counts(),
        groups=linked_groups(waiting_events()),
        corrections=corrections_waiting(),
    )
