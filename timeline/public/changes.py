"""The public changelog: what changed in published events, when — /changes/ and one entry at
/changes/<id>/ — and the "last changed" line of an event page.

Only revisions that changed what a published event's page shows are public
(``Revision.objects.public()``: the event is published now, and the revision's public summary,
computed when it was saved, is not empty — drafts' edits, review notes and other internal
fields leave it empty). An entry's details compare the public fields and rows of the event
before and after the revision, and only when the event was already published before it:
a first publication shows no earlier state, which was a draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from incidents import revision_log, revisions, snapshots
from incidents.models import Event, Revision, Status
from incidents.translation import columns

PER_PAGE = 30


def public_revisions():
    """Public revisions, newest first, with the few event columns a list shows."""
    return (
        Revision.objects.public()
        .select_related("event")
        .only(
            "created_at",
            "public_summary",
            *(f"event__{name}" for name in columns("title")),
            "event__slug",
            "event__status",
        )
        .order_by("-created_at", "-pk")
    )


def last_public_change(event: Event) -> Revision | None:
    """The event's latest public revision (for its page's "last changed" line)."""
    if not event.is_published:
        return None
    return (
        Revision.objects.public()
        .filter(event=event)
        .only("created_at", "public_summary")
        .order_by("-created_at", "-pk")
        .first()
    )


def _public(state: dict) -> dict:
    """A snapshot with only what the event's public page shows."""
    result = {}
    for part, rows in state.items():
        private = revisions.PRIVATE_FIELDS[snapshots.MODELS[part]]
        if part == "event":
            result[part] = {k: v for k, v in rows.items() if k not in private}
        else:
            result[part] = {
                key: {k: v for k, v in row.items() if k not in private} for key, row in rows.items()
            }
    return result


@dataclass
class Entry:
    revision: Revision
    published: bool  # the revision made the event public: nothing public before it
    changes: list
    recorded: bool = True  # False when the history it compares was not kept


def entry(revision: Revision) -> Entry:
    """One public revision with what it changed on the event's page."""
    if revision.public_summary == revisions.PUBLISHED:
        return Entry(revision, True, [])
    event_id = revision.event_id
    at = revision_log.Point(f"r{revision.pk}", revision.created_at, None, "", revision)
    before = revision_log.point_before(revision)
    old = revision_log.snapshot_at(event_id, before) if before else None
    new = revision_log.snapshot_at(event_id, at)
    if old is None or new is None or old["event"].get("status") != Status.PUBLISHED:
        # No public version before it is on record (a backup restored without history):
        # say so rather than show a draft's state as "before".
        return Entry(revision, False, [], recorded=False)
    return Entry(revision, False, snapshots.diff(_public(old), _public(new)))


@require_safe
def changes(request: HttpRequest) -> HttpResponse:
    page = Paginator(public_revisions(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "timeline/changes.html", {"page": page})


@require_safe
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    revision = get_object_or_404(public_revisions(), pk=pk)
    return render(request, "timeline/changes_entry.html", {"entry": entry(revision)})
