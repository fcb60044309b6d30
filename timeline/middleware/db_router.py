"""Send the public site's reads to read replicas, everything else to the primary.

Enabled by ``DATABASE_REPLICA_URLS`` (comma-separated; see timeline/settings.py). Only the
reads of an anonymous public GET go to a replica (``ReplicaMiddleware``, for the requests
timeline/middleware/conditional.py answers), and all of them to the same replica, so that a
page, its counts and its data version come from one consistent snapshot. Editors, the admin,
writes and migrations always use the primary: an editor never reads a replica that has not
caught up with their save.
"""

from __future__ import annotations

import contextvars
import random
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .conditional import is_public_read

_replica: contextvars.ContextVar[str | None] = contextvars.ContextVar("replica", default=None)


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def choose_replica() -> contextvars.Token | None:
    """For a read-only public request: pick one replica for all its reads."""
    aliases = replicas()
    if not aliases:
        return None
    return _replica.set(random.choice(aliases))  # noqa: S311 - load spreading, not security


def release(token: contextvars.Token | None) -> None:
    if token is not None:
        _replica.reset(token)


class ReplicaMiddleware:
    """The reads of a public read (conditional.py's ``is_public_read``) go to one replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replicas() or not is_public_read(request):
            return self.get_response(request)
        token = choose_replica()
        try:
            return self.get_response(request)
        finally:
            release(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        return _replica.get() or "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Replicas hold the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == "default"
