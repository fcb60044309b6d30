"""What an editor decides about a candidate, each in one step and one transaction:
create a draft event from it, add its reports to the recorded event they report, or
dismiss it with a reason (kept, so that scoring can be checked against the decisions)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from incidents import importing, publishing
from incidents.models import Event, EventActor, EventType, Source

from .models import Candidate, Decision, WatchItem
from .polling import import_source
from .quotes import Offered


class CandidateDecided(Exception):
    """The candidate was decided meanwhile (by another editor); nothing was changed."""


def _locked(candidate_id: int) -> Candidate:
    """The candidate, locked for this decision; refused if someone decided it already."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate_id)
    if candidate.state != Decision.NEW:
        who = candidate.decided_by or "another editor"
        raise CandidateDecided(f"“{candidate.title}” was already {candidate.state} by {who}.")
    return candidate


def _sources(candidate: Candidate, user) -> list[Source]:
    """Each item's draft source (imported now for items that were below the threshold)."""
    sources = []
    for item in candidate.items.select_related("source__outlet", "imported_source"):
        source = import_source(item, user=user)
        if source is not None and source not in sources:
            sources.append(source)
    return sources


def _decide(candidate: Candidate, state: str, user, **fields) -> None:
    now = timezone.now()
    for name, value in {"state": state, "decided_by": user, "decided_at": now, **fields}.items():
        setattr(candidate, name, value)
    candidate.save()
    item_fields = {k: v for k, v in fields.items() if k == "dismiss_reason"}
    WatchItem.objects.filter(candidate=candidate, state=Decision.NEW).update(
        state=state, decided_by=user, decided_at=now, **item_fields
    )


@transaction.atomic
def create_event(candidate_id: int, user, quotations: Sequence[Offered] = ()) -> Event:
    """A draft event from the candidate: its title, date (to the day when the reports date it,
    else the month), type, actors, every report as a source, and the quotations the editor
    confirmed (as statements from their sources)."""
    candidate = _locked(candidate_id)
    event_type = candidate.event_type or EventType.objects.get(slug="other")
    day = candidate.date or timezone.localdate(candidate.latest_at)
    date = day.isoformat() if candidate.date else day.strftime("%Y-%m")
    sources = _sources(candidate, user)
    event = importing.event_for(
        None, importing.NewEvent(title=candidate.title, event_type=event_type, date=day), user
    )
    event.set_date(date)
    event.review_note = (
        "Created from the source watch's inbox: write the summary, check the date, the type "
        "and the actors' roles."
    )
    event.save()
    for position, actor in enumerate(candidate.actors.order_by("kind", "name_en")):
        EventActor.objects.get_or_create(
            event=event,
            actor=actor,
            role=EventActor.Role.MENTIONED,
            defaults={"position": position},
        )
    for source in sources:
        publishing.link_source(event.pk, source.pk)
    for source in dict.fromkeys(q.source for q in quotations):
        confirmed = [q.confirmed() for q in quotations if q.source == source]
        importing.add_statements(event, source, confirmed, user)
    _decide(candidate, Decision.CONFIRMED, user, event=event)
    return event


@transaction.atomic
def add_to_event(candidate_id: int, user) -> Event:
    """ "Another report of this": the candidate's reports become further sources of the
    recorded event (refused like any edit when the editor may not change that event)."""
    candidate = _locked(candidate_id)
    event = candidate.duplicate_of
    if event is None:
        raise CandidateDecided("This candidate is not a report of a recorded event.")
    publishing.check_editable(user, event, lock=True)
    for source in _sources(candidate, user):
        publishing.link_source(event.pk, source.pk)
    _decide(candidate, Decision.CONFIRMED, user, event=event)
    return event


@transaction.atomic
def dismiss(candidate_id: int, user, reason: str, note: str = "") -> Candidate:
    candidate = _locked(candidate_id)
    _decide(candidate, Decision.DISMISSED, user, dismiss_reason=reason, dismiss_note=note[:500])
    return candidate
