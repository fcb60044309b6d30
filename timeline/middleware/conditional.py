"""Conditional GET for the public pages: ETag and Last-Modified from the public version.

A page, fragment, feed, export or API answer changes only when the published record changes
(the public version, incidents/versioning.py: drafts do not move it, so the validators never
tell when curators are at work) or the code does (a deploy). So a repeat visit or a
feed reader that sends back ``If-None-Match`` / ``If-Modified-Since`` gets a 304 *before
the view runs* — one primary-key lookup instead of the page's queries and rendering.

Finished responses are also cached per URL, htmx headers and data version (see
``store``/``replay``), so a popular page is rendered once per change of the record.

With read replicas configured, these are also the requests whose reads go to a replica.

Not for views marked ``@always_fresh`` (the admin, the health check) or ``@needs_no_data``
(robots.txt, the API's description) and addresses that match no page, static files among them
(whitenoise has its own validators; robots.txt and 404s answer even with the database down),
visitors with a session (editors may see more) or responses that set cookies.
This middleware sits before the CSP middleware, so that a 304 carries no new CSP nonce:
the browser keeps the page it cached together with the policy it came with.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from incidents import versioning

from . import db_router
from .declared import view_flag

CODE_DIRS = ("timeline", "incidents", "templates", "static")
# Request headers that select a different response of the same URL (views vary on them).
VARY_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request", "HX-Boosted")
CSP_HEADER = "Content-Security-Policy"
NONCE_RE = re.compile(r"'nonce-([A-Za-z0-9_\-+/=]+)'")
MAX_CACHED_BYTES = 1024 * 1024
RESPONSE_TIMEOUT = 60 * 60


def _build_identity() -> tuple[str, dt.datetime]:
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


class DataVersionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.build, self.built_at = _build_identity()

    def applies(self, request: HttpRequest) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not _needs_no_data(request)
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.applies(request):
            return self.get_response(request)
        replica = db_router.choose_replica()
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
            key = self.response_key(request, version)
            cached = cache.get(key)
            if cached is not None:
                return self.replay(cached)
            response = self.get_response(request)
        finally:
            versioning.unpin(token)
            db_router.release(replica)
        if response.status_code == 200 and not response.cookies:
            response.headers.setdefault("ETag", etag)
            response.headers.setdefault("Last-Modified", http_date(last_modified))
            # Cache, but ask first: repeat visits revalidate and mostly get a 304.
            response.headers.setdefault("Cache-Control", "no-cache")
            self.store(key, response)
        return response

    # --- The response cache ---------------------------------------------------------------
    # Rendering 50 event cards costs tens of milliseconds of Python; the same page for the
    # same data version is the same bytes. Finished responses (page, fragment, feed, API)
    # are kept per URL, htmx headers and data version: any write makes them unreachable.

    def response_key(self, request: HttpRequest, version: versioning.DataVersion) -> str:
        varying = "|".join(request.headers.get(name, "") for name in VARY_HEADERS)
        # Host and scheme too: pages carry absolute URLs (canonical link, API "next").
        host = request.META.get("HTTP_HOST", "")
        text = f"{request.method}|{request.scheme}|{host}|{request.get_full_path()}|{varying}"
        digest = hashlib.sha256(text.encode()).hexdigest()[:32]
        return f"response:{version.number}:{self.build}:{digest}"

    def store(self, key: str, response: HttpResponse) -> None:
        if response.streaming or len(response.content) > MAX_CACHED_BYTES:
            return
        csp = response.headers.get(CSP_HEADER, "")
        match = NONCE_RE.search(csp)
        cache.set(
            key,
            {
                "status": response.status_code,
                "headers": list(response.headers.items()),
                "content": response.content,
                "nonce": match[1] if match else "",
            },
            RESPONSE_TIMEOUT,
        )

    def replay(self, cached: dict) -> HttpResponse:
        """The stored response, with a fresh CSP nonce (each response must have its own)."""
        content, headers, old = cached["content"], cached["headers"], cached["nonce"]
        new = secrets.token_urlsafe(16) if old else ""
        if old:
            content = content.replace(old.encode(), new.encode())
        response = HttpResponse(content, status=cached["status"])
        for name, value in headers:
            if name.lower() != "content-length":
                response.headers[name] = value.replace(old, new) if old else value
        response.headers["Content-Length"] = str(len(content))
        return response
