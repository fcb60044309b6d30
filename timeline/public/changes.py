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

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext, ngettext_lazy, pgettext_lazy
from django.views.decorators.http import require_safe

from incidents import revision_log, revisions, snapshots
from incidents.models import Event, Revision, Status
from incidents.translation import columns

PER_PAGE = 30

# A revision's public summary is stored in English, as incidents/revisions.py writes it: the
# event's changed fields by name, then counts of its parts ("Title, date; 1 statement added").
# Shown in another language piece by piece; a summary with a piece not known here is shown
# as stored (the template marks it as English).
FIELD_NAMES = {
    "title": pgettext_lazy("event field", "title"),
    "slug": pgettext_lazy("event field", "permanent link"),
    "summary": pgettext_lazy("event field", "summary"),
    "title (japanese)": pgettext_lazy("event field", "title (Japanese)"),
    "summary (japanese)": pgettext_lazy("event field", "summary (Japanese)"),
    "translation (japanese)": pgettext_lazy("event field", "translation (Japanese)"),
    "title (russian)": pgettext_lazy("event field", "title (Russian)"),
    "summary (russian)": pgettext_lazy("event field", "summary (Russian)"),
    "translation (russian)": pgettext_lazy("event field", "translation (Russian)"),
    # As the first summaries with these fields named them.
    "japanese translation": pgettext_lazy("event field", "translation (Japanese)"),
    "russian translation": pgettext_lazy("event field", "translation (Russian)"),
    "date precision": pgettext_lazy("event field", "date precision"),
    "date": pgettext_lazy("event field", "date"),
    "date upper": pgettext_lazy("event field", "date"),
    "end date": pgettext_lazy("event field", "end date"),
    "type": pgettext_lazy("event field", "type"),
    "location": pgettext_lazy("event field", "location"),
    "latitude": pgettext_lazy("event field", "latitude"),
    "longitude": pgettext_lazy("event field", "longitude"),
    "tags": pgettext_lazy("event field", "tags"),
    "places": pgettext_lazy("event field", "places"),
}
PART_COUNTS = {
    ("actor role", "added"): ngettext_lazy(
        "%(count)s actor role added", "%(count)s actor roles added", "count"
    ),
    ("actor role", "changed"): ngettext_lazy(
        "%(count)s actor role changed", "%(count)s actor roles changed", "count"
    ),
    ("actor role", "removed"): ngettext_lazy(
        "%(count)s actor role removed", "%(count)s actor roles removed", "count"
    ),
    ("source link", "added"): ngettext_lazy(
        "%(count)s source link added", "%(count)s source links added", "count"
    ),
    ("source link", "changed"): ngettext_lazy(
        "%(count)s source link changed", "%(count)s source links changed", "count"
    ),
    ("source link", "removed"): ngettext_lazy(
        "%(count)s source link removed", "%(count)s source links removed", "count"
    ),
    ("statement", "added"): ngettext_lazy(
        "%(count)s statement added", "%(count)s statements added", "count"
    ),
    ("statement", "changed"): ngettext_lazy(
        "%(count)s statement changed", "%(count)s statements changed", "count"
    ),
    ("statement", "removed"): ngettext_lazy(
        "%(count)s statement removed", "%(count)s statements removed", "count"
    ),
}
COUNT_RE = re.compile(r"^(\d+) (.+?)s? (added|changed|removed)$")


def translated_summary(summary: str) -> str | None:
    """``summary`` in the active language, or None when a piece of it is not known here."""
    pieces = []
    for piece in summary.split("; "):
        if match := COUNT_RE.match(piece):
            counted = PART_COUNTS.get((match[2], match[3]))
            if counted is None:
                return None
            pieces.append(counted % {"count": int(match[1])})
            continue
        names = [name.strip() for name in piece.lower().split(",")]
        if not all(name in FIELD_NAMES for name in names):
            return None
        pieces.append(gettext(", ").join(str(FIELD_NAMES[name]) for name in names))
    text = gettext("; ").join(pieces)
    return text[:1].upper() + text[1:]


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
