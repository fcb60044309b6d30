"""Count the unfiltered timeline again as soon as an editor's change is saved.

Every write makes the cached counts unreachable (timeline/public/caching.py): without this, the
first reader of ``/`` after each save would wait while 100k events are counted by month,
type, actor, tag and outlet. The request that saved the change does that work instead,
before it answers the editor: a few milliseconds for the real record, about a second at
100k events. Only ``/`` (and its HTMX fragment, which shares the counts) is warmed, in each
language (``/ja/``, ``/ru/``: the counts carry the options' names in the page's language): it is
where readers arrive; other filter combinations are counted when first asked for. The
request's own language does not matter: an editor saves in the English admin.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation

from incidents import versioning

from ..public.caching import cached_counts, cached_page
from ..public.filters import filter_events

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def warm_timeline() -> None:
    """Compute and cache what ``/`` (and ``/ja/``, ``/ru/``) needs for the current data version:
    the counts (timeline/public/matching.py, one query) in each language."""
    from ..public.views import PAGE_SIZE  # the views import this module's neighbours

    filterset, events = filter_events(QueryDict())
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            counts = cached_counts(filterset)
    # The first page's events, as the view finds them (same query, same cache key).
    cached_page(events.for_listing(), 0, min(PAGE_SIZE, counts.total))


class WarmTimelineMiddleware:
    """After a request that changed the record (the data version moved), warm ``/``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS or not settings.WARM_TIMELINE_AFTER_WRITES:
            return self.get_response(request)
        before = versioning.read()
        response = self.get_response(request)
        try:
            if versioning.read().number != before.number:
                warm_timeline()
        except Exception:  # a failed warm-up must never cost the editor their response
            logger.exception("Could not warm the timeline after a write")
        return response
