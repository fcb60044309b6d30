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

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.http import urlencode

from incidents import versioning

from .filters import EventFilter

TIMEOUT = 60 * 60  # seconds; a data change invalidates sooner
# Parameters that change neither the counts nor the links in them.
IGNORED = frozenset({"page"})


def summary_key(kind: str, filterset: EventFilter) -> str:
    """``timeline:facets:<version>:<hash of the query string>``."""
    data = filterset.data
    items = sorted(
        (name, value)
        for name in data
        if name not in IGNORED
        for value in (data.getlist(name) if hasattr(data, "getlist") else [data[name]])
    )
    digest = hashlib.sha256(urlencode(items).encode()).hexdigest()[:32]
    return f"timeline:{kind}:{versioning.current().number}:{digest}"


def cached_summary[T](kind: str, filterset: EventFilter, build: Callable[[EventFilter], T]) -> T:
    key = summary_key(kind, filterset)
    value = cache.get(key)
    if value is None:
        value = build(filterset)
        cache.set(key, value, TIMEOUT)
    return value



def cached_page(queryset: QuerySet, start: int, end: int) -> list:
    """``list(queryset[start:end])``, finding the rows by cached primary keys when it can.

    Finding a page is the expensive part of a list (ranking every match of a search,
    skipping 25,000 rows for page 500); fetching 50 known rows with their details is cheap.
    The cache holds only the keys, per data version and query (its own SQL, so equal queries
    share it whatever the filters); a miss costs no extra query.
    """
    sql, params = queryset.query.sql_with_params()
    text = f"{sql}|{params!r}|{start}|{end}"
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    key = f"timeline:page:{versioning.current().number}:{digest}"
    ids = cache.get(key)
    if ids is not None:
        return list(queryset.filter(pk__in=ids))
    rows = list(queryset[start:end])
    cache.set(key, [row.pk for row in rows], TIMEOUT)
    return rows
