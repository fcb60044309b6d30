"""``{% event_releases event as held %}``: the releases that hold an event, newest first, for
the event page's "as in release" citations (timeline/releases/)."""

from __future__ import annotations

from django import template

from incidents.models import Event, ReleaseEntry

register = template.Library()
SHOWN = 5  # the newest few; /data/ lists them all


@register.simple_tag
def event_releases(event: Event) -> list[ReleaseEntry]:
    return list(
        ReleaseEntry.objects.filter(event_id=event.pk)
        .select_related("release")
        .only("slug", "state", "release__version", "release__created_at")
        .order_by("-release__created_at", "-release_id")[:SHOWN]
    )
