"""The response cache: finished public responses, kept per URL, htmx headers and data version.

Rendering 50 event cards costs tens of milliseconds of Python; the same page for the same
data version is the same bytes. Finished responses (page, fragment, feed, API) of the
requests conditional.py handles (``is_public_read``) are kept under the data version that
conditional.py pinned: any write makes them unreachable. Sits right after
``DataVersionMiddleware``, which adds the validators to a replayed response as to any other.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from incidents import versioning

from .conditional import build_identity, is_public_read

# Request headers that select a different response of the same URL (views vary on them).
VARY_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request", "HX-Boosted")
CSP_HEADER = "Content-Security-Policy"
NONCE_RE = re.compile(r"'nonce-([A-Za-z0-9_\-+/=]+)'")
MAX_CACHED_BYTES = 1024 * 1024
RESPONSE_TIMEOUT = 60 * 60


class ResponseCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.build = build_identity()[0]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_public_read(request):
            return self.get_response(request)
        key = self.response_key(request, versioning.current())
        cached = cache.get(key)
        if cached is not None:
            return self.replay(cached)
        response = self.get_response(request)
        if response.status_code == 200 and not response.cookies:
            self.store(key, response)
        return response

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
        directives = {
            d.split("=")[0].strip().lower() for d in response.get("Cache-Control", "").split(",")
        }
        if {"private", "no-store"} & directives:
            # A view said so (an event's preview): kept by no cache, this one included.
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
