"""Liveness and database check for load balancers and uptime monitors."""

from __future__ import annotations

import logging

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _unpooled(database: BaseDatabaseWrapper) -> BaseDatabaseWrapper:
    """The database itself rather than its connection pool, for a pooled PostgreSQL.

    With the database down the pool has no connection to hand out and makes a caller wait
    DB_POOL_TIMEOUT for one; the monitor should hear "unreachable" at once. A connection of
    the check's own fails as soon as the driver knows (a refused connection immediately, an
    unanswered one after DB_CONNECT_TIMEOUT), and also proves that a new login works (not
    only that an old pooled connection survives). It costs one short connection per check,
    which is nothing at a monitor's pace.
    """
    if not database.settings_dict.get("OPTIONS", {}).get("pool"):
        return database
    probe = database.copy()
    probe.settings_dict["OPTIONS"].pop("pool")
    return probe


def database_round_trip() -> None:
    """SELECT 1 on the default database; raises whatever the driver raises."""
    database = _unpooled(connection)
    try:
        with database.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        if database is not connection:
            database.close()


# GET or HEAD: uptime monitors often send HEAD.
@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness plus a database round trip; 503 at once when the database is unreachable."""
    try:
        database_round_trip()
    except Exception:
        # Anything from the driver (timeouts included) means "not healthy"; the monitor
        # gets a 503 and the details go to the log, not to the client.
        logger.exception("Health check: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
