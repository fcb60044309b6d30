"""An event's history as an edit log: its revisions, its state at any of them, and restoring one.

Each line of the log is a ``Point``: a ``Revision`` (one save, incidents/revisions.py), or —
for records written before revisions existed, which have none — the records one user wrote
in one second, which is what one save made then. ``snapshot_at(event_id, point)`` rebuilds
the event's editable state as it was right after that point, in the shape of
``snapshots.snapshot``, so ``snapshots.diff`` compares any two points (or a point with the
live event) and ``snapshots.apply`` brings one back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from . import proposals, publishing, revisions, snapshots
from .models import Event, Proposal, Revision

LEGACY = "l"
REVISION = "r"


@dataclass
class Point:
    """One line of an event's edit log."""

    key: str  # "r<revision id>", or "l<unix second>-<user id or 0>" for older records
    date: dt.datetime
    user: models.Model | None
    text: str = ""
    revision: Revision | None = None
    legacy: list = field(default_factory=list, repr=False)  # the older records, if any

    @cached_property
    def summary(self) -> str:
        """The revision's one-line summary; for older records, computed when first read (a
        page of the log reads only its own lines)."""
        if not self.legacy:
            return self.text
        pending = revisions.Pending(revision=None)
        for record in self.legacy:
            revisions.gather(pending, record)
        return revisions.summarise(pending)

    @property
    def second(self) -> int:
        return int(self.date.timestamp())

    def records(self, history: models.QuerySet) -> models.QuerySet:
        """The records of ``history`` written up to and including this point."""
        if self.revision is not None:
            # Records older than revisions all come before the first one.
            return history.filter(Q(revision__isnull=True) | Q(revision_id__lte=self.revision.pk))
        end = dt.datetime.fromtimestamp(self.second + 1, tz=dt.UTC)
        return history.filter(revision__isnull=True, history_date__lt=end)

    def describe(self) -> str:
        """ "3 June 2026 10:41:07 by editor", as success messages and the log name it."""
        when = timezone.localtime(self.date).strftime("%-d %B %Y %H:%M:%S")
        return f"{when} by {self.user or 'someone'}"


def _histories(event_id: int) -> list[tuple[type[models.Model], models.QuerySet]]:
    """Every historical table that holds records of the event, filtered to it."""
    tables = [(Event, Event.history.filter(id=event_id))]
    for model in snapshots.PARTS.values():
        tables.append((model, model.history.filter(event_id=event_id)))
    return tables


def points(event_id: int) -> list[Point]:
    """The event's edit log, newest first: its revisions, then older records grouped by
    (user, second)."""
    log = [
        Point(f"{REVISION}{r.pk}", r.created_at, r.user, r.summary, r)
        for r in Revision.objects.of_event(event_id).select_related("user").order_by("-pk")
    ]
    return log + _legacy_points(event_id)


def _legacy_points(event_id: int) -> list[Point]:
    groups: dict[tuple[int, int], list] = {}
    for _model, history in _histories(event_id):
        for record in history.filter(revision__isnull=True).order_by("history_id"):
            key = (int(record.history_date.timestamp()), record.history_user_id or 0)
            groups.setdefault(key, []).append(record)
    if not groups:
        return []
    users = get_user_model()._default_manager.in_bulk({user for _s, user in groups if user})
    result = []
    for (second, user_id), records in sorted(groups.items(), reverse=True):
        first = min(record.history_date for record in records)
        key = f"{LEGACY}{second}-{user_id}"
        result.append(Point(key, first, users.get(user_id), legacy=records))
    return result


def point(event_id: int, key: str) -> Point | None:
    """The log line ``key`` names (None for a key that is not one of this event's)."""
    if key.startswith(REVISION) and key[1:].isdigit():
        revision = Revision.objects.of_event(event_id).select_related("user")
        found = revision.filter(pk=int(key[1:])).first()
        return Point(key, found.created_at, found.user, found.summary, found) if found else None
    if key.startswith(LEGACY):
        return next((p for p in _legacy_points(event_id) if p.key == key), None)
    return None


def point_before(revision: Revision) -> Point | None:
    """The line of the log just before ``revision``: the event's previous revision or, if
    there is none, its records older than revisions (None if it has neither)."""
    earlier = (
        Revision.objects.of_event(revision.event_id)
        .filter(pk__lt=revision.pk)
        .select_related("user")
        .order_by("-pk")
        .first()
    )
    if earlier is not None:
        return Point(f"{REVISION}{earlier.pk}", earlier.created_at, earlier.user, "", earlier)
    dates = [
        history.filter(revision__isnull=True).aggregate(last=models.Max("history_date"))["last"]
        for _model, history in _histories(revision.event_id)
    ]
    last = max((date for date in dates if date is not None), default=None)
    if last is None:
        return None
    return Point(f"{LEGACY}{int(last.timestamp())}-0", last, None, "")


def _latest(history: models.QuerySet, at: Point) -> list:
    """The last record of each object up to ``at`` (deleted objects left out)."""
    latest: dict = {}
    for record in at.records(history).order_by("history_id"):
        latest[record.id] = record
    return [record for record in latest.values() if record.history_type != "-"]


def _m2m_at(record, name: str) -> list[int]:
    """The pks of an event's tags, places or "responds to" events as its historical record
    holds them."""
    other = Event._meta.get_field(name).m2m_reverse_field_name()
    rows = getattr(record, name).values_list(f"{other}_id", flat=True)
    return sorted(rows)


def snapshot_at(event_id: int, at: Point) -> dict | None:
    """The event's editable state right after ``at``, shaped like ``snapshots.snapshot``
    (None if the event did not exist then)."""
    histories = _histories(event_id)
    found = _latest(histories[0][1], at)
    if not found:
        return None
    record = found[0]
    state = {"event": snapshots.values(record.instance)}
    for name in snapshots.M2M:
        state["event"][name] = _m2m_at(record, name)
    for (part, _model), (_m, history) in zip(snapshots.PARTS.items(), histories[1:], strict=True):
        rows = sorted(_latest(history, at), key=lambda r: r.id)
        state[part] = {str(row.id): snapshots.values(row.instance) for row in rows}
    return state


# --- Restoring a whole revision -------------------------------------------------------------


class RestoreRefused(Exception):
    pass


def restore_summary(at: Point) -> str:
    """What the restore's own revision is called: "Restored revision of 3 June 10:41 by editor"."""
    when = timezone.localtime(at.date).strftime("%-d %B %H:%M")
    return f"Restored revision of {when} by {at.user or 'someone'}"


def target_state(event: Event, at: Point) -> dict:
    """What restoring ``at`` would make live: its state, with today's publication state and,
    once published, today's permanent link (neither is a revision's to change)."""
    state = snapshot_at(event.pk, at)
    if state is None:
        raise RestoreRefused("The event did not exist yet at that revision.")
    state["event"]["status"] = event.status
    if event.published_at:
        state["event"]["slug"] = event.slug
    return state


def restore(event: Event, at: Point, user) -> str:
    """Make ``at`` live again — the event, its actor roles, source links and statements — in
    one transaction, recorded as a revision of its own. Returns that revision's summary.
    Raises RestoreRefused with the reason when ``user`` may not, or the record would break a
    rule (a published event must keep a source, a restored source link must still exist)."""
    summary = restore_summary(at)
    try:
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event.pk)
            refusal = publishing.edit_refusal(user, event)
            if refusal:
                raise RestoreRefused(refusal)
            state = target_state(event, at)
            revisions.note(summary)
            snapshots.apply(event, state, user)
    except ValidationError as exc:
        raise RestoreRefused(" ".join(exc.messages)) from None
    except (IntegrityError, ProtectedError):
        raise RestoreRefused(
            "That revision refers to an actor or source that no longer exists, or repeats a "
            "row added since: nothing was changed."
        ) from None
    return summary


def propose_restore(event: Event, at: Point, user) -> Proposal:
    """An editor's restore of a published event: a proposed correction for a reviewer
    (incidents/proposals.py), reviewed and approved like any other; the published version
    stays live, unchanged, until then. Raises RestoreRefused with the reason (another
    correction is waiting, the restore would change nothing)."""
    base = snapshots.snapshot(event)
    try:
        return proposals.propose(
            event,
            target_state(event, at),
            base,
            proposals.live_token(event),
            user,
            note=f"Restore of the revision of {at.describe()}.",
        )
    except proposals.ProposalRefused as exc:
        raise RestoreRefused(" ".join(exc.messages)) from None
