"""Caching of the timeline's aggregates (histogram, facet counts), keyed by data version.

Counting 100k events by month, type, actor, tag and publisher takes far longer than the
page's time budget, however it is indexed, because every matching event must be visited.
The counts only change when the record does, so they are computed once per filter
combination and *data version* (incidents/versioning.py: a number that database triggers
raise on every write). A write makes every older entry unreachable at once — on all app
servers sharing the cache — and the entries expire on their own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.utils import translation
from django.utils.http import urlencode

from incidents import versioning

from .filters import EventFilter
from .matching import Counts, count_matches

TIMEOUT = 60 * 60  # seconds; a data change invalidates sooner
# Parameters that change neither the counts nor the links in them.
IGNORED = frozenset({"page"})


# Summaries that hold no text in a language and no address: the histogram's bars write their
# labels and links when the page is rendered (timeline/public/histogram.py). Every other kind
# is kept per language, since labels and notes built with it may be translated.
SHARED_BY_LANGUAGES = frozenset({"histogram"})


def summary_key(kind: str, filterset: EventFilter) -> str:
    """``timeline:facets:<language>:<version>:<hash of the query string>`` (no language for
    the kinds in SHARED_BY_LANGUAGES)."""
    data = filterset.data
    items = sorted(
        (name, value)
        for name in data
        if name not in IGNORED
        for value in (data.getlist(name) if hasattr(data, "getlist") else [data[name]])
    )
    digest = hashlib.sha256(urlencode(items).encode()).hexdigest()[:32]
    language = "" if kind in SHARED_BY_LANGUAGES else f"{translation.get_language()}:"
    return f"timeline:{kind}:{language}{versioning.current().number}:{digest}"


def cached_summary[T](kind: str, filterset: EventFilter, build: Callable[[EventFilter], T]) -> T:
    return cache.get_or_set(summary_key(kind, filterset), lambda: build(filterset), TIMEOUT)


def counts_key(filterset: EventFilter) -> str:
    """``timeline:counts:<language>:<version>:<hash of the applied filters>``: the filters as
    applied (ignored values left out), without the order and the page, which change no count;
    per language, since the options are named in the page's."""
    applied = filterset.query_string(order=None, page=None)
    digest = hashlib.sha256(applied.encode()).hexdigest()[:32]
    language = translation.get_language()
    return f"timeline:counts:{language}:{versioning.current().number}:{digest}"


def cached_counts(filterset: EventFilter) -> Counts:
    """The histogram's and the facets' counts (timeline/public/matching.py: one query), shared
    by every order and page of the same filters."""
    return cache.get_or_set(counts_key(filterset), lambda: count_matches(filterset), TIMEOUT)


def cached_page(queryset: QuerySet, start: int, end: int) -> list:
    """``list(queryset[start:end])``, finding the rows by cached primary keys when it can.

    Finding a page is the expensive part of a list (ranking every match of a search,
    skipping 25,000 rows for page 500); fetching 50 known rows with their details is cheap.
    The cache holds only the keys, per data version and query (its own SQL, so equal queries
    share it whatever the filters); a miss costs no extra query.
    """
    key = _query_key("page", queryset, start, end)
    if key is None:
        return []
    ids = cache.get(key)
    if ids is not None:
        return list(queryset.filter(pk__in=ids))
    rows = list(queryset[start:end])
    if all(isinstance(row, Model) for row in rows):  # not for .values() rows
        cache.set(key, [row.pk for row in rows], TIMEOUT)
    return rows


def _query_key(kind: str, queryset: QuerySet, *extra: object) -> str | None:
    """The cache key of ``queryset``'s own SQL, or None when it can match nothing.

    A filter that can match nothing (``.none()``, a search of only operators, an ``__in``
    of such a queryset) has no SQL: Django raises EmptyResultSet instead of compiling it,
    and answers such a query with no rows without asking the database. So do the callers.
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    text = f"{sql}|{params!r}|{extra!r}"
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    language = "" if kind in SHARED_BY_LANGUAGES else f"{translation.get_language()}:"
    return f"timeline:{kind}:{language}{versioning.current().number}:{digest}"


class CachedPaginator(Paginator):
    """A Paginator whose count and pages come from the cache while the data is unchanged.

    Counting 45,000 events of one actor, or finding their 20 newest, costs more than a
    detail page's whole budget; both are stable until the next write.
    """

    @cached_property
    def count(self) -> int:
        key = _query_key("count", self.object_list)
        if key is None:
            return 0
        return cache.get_or_set(key, lambda: super(CachedPaginator, self).count, TIMEOUT)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return self._get_page(cached_page(self.object_list, bottom, top), number, self)
