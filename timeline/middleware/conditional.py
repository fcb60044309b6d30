"""Conditional GET for the public pages: ETag and Last-Modified from the public version.

A page, fragment, feed, export or API answer changes only when the published record changes
(the public version, incidents/versioning.py: drafts do not move it, so the validators never
tell when curators are at work) or the code does (a deploy). So a repeat visit or a
feed reader that sends back ``If-None-Match`` / ``If-Modified-Since`` gets a 304 *before
the view runs* — one primary-key lookup instead of the page's queries and rendering.

The same requests (``is_public_read``) are answered from the response cache when the page
was rendered before for this data version (response_cache.py), and read from a replica when
there are replicas (db_router.py); each is its own middleware, in that order in MIDDLEWARE.

Not for views marked ``@always_fresh`` (the admin, the health check) or ``@needs_no_data``
(robots.txt, the API's description) and addresses that match no page, static files among them
(whitenoise has its own validators; robots.txt and 404s answer even with the database down),
visitors with a session (editors may see more) or responses that set cookies.
This middleware sits before the CSP middleware, so that a 304 carries no new CSP nonce:
the browser keeps the page it cached together with the policy it came with.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from incidents import versioning

from .declared import view_flag

CODE_DIRS = ("timeline", "incidents", "templates", "static")


@functools.cache
def build_identity() -> tuple[str, dt.datetime]:
    """A hash of the code and templates (same on every server of a deploy), and its date."""
    if os.environ.get("BUILD_ID"):
        return os.environ["BUILD_ID"][:16], dt.datetime.now(dt.UTC)
    digest = hashlib.sha256()
    newest = 0.0
    base = Path(settings.BASE_DIR)
    for directory in CODE_DIRS:
        for path in sorted((base / directory).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".css", ".js", ".svg", ".txt"}:
                digest.update(path.read_bytes())
                newest = max(newest, path.stat().st_mtime)
    return digest.hexdigest()[:12], dt.datetime.fromtimestamp(newest, dt.UTC)


def _needs_no_data(request: HttpRequest) -> bool:
    """Views marked ``@needs_no_data`` or ``@always_fresh`` (timeline/middleware/declared.py),
    and addresses that match no page: their 404 (or the slash redirect) needs no data."""
    return view_flag(request, "needs_no_data", unresolved=True) or view_flag(
        request, "always_fresh", unresolved=True
    )


def is_public_read(request: HttpRequest) -> bool:
    """An anonymous GET or HEAD of a view whose answer depends only on the published record:
    the requests this middleware, the response cache and the replica choice are for."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not _needs_no_data(request)
    )


class DataVersionMiddleware:
    """Reads the data version once for the request (pinned for everything after it) and
    answers 304 when the client's copy is current."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.build, self.built_at = build_identity()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_public_read(request):
            return self.get_response(request)
        version = versioning.read()
        token = versioning.pin(version)
        try:
            etag = f'W/"{version.public_number}-{self.build}"'
            # Whole seconds, as HTTP dates have: otherwise If-Modified-Since never matches.
            last_modified = int(max(version.public_changed_at, self.built_at).timestamp())
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                if not_modified.status_code == 304:
                    not_modified.headers["ETag"] = etag
                    not_modified.headers["Last-Modified"] = http_date(last_modified)
                    not_modified.headers["Cache-Control"] = "no-cache"
                return not_modified
            response = self.get_response(request)
        finally:
            versioning.unpin(token)
        if response.status_code == 200 and not response.cookies:
            response.headers.setdefault("ETag", etag)
            response.headers.setdefault("Last-Modified", http_date(last_modified))
            # Cache, but ask first: repeat visits revalidate and mostly get a 304.
            response.headers.setdefault("Cache-Control", "no-cache")
        return response
