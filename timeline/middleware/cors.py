"""Open data access: CORS for reading the API, exports and feeds, and JSON errors under /api/.

Notebooks and other sites read the data with plain GET requests and no credentials, so any
origin may read these paths; nothing else on the site is opened up.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

OPEN_PREFIXES = ("/api/", "/export.", "/export/", "/feed.")
READ_METHODS = "GET, HEAD, OPTIONS"
ERROR_DETAILS = {
    404: "Not found.",
    405: "Method not allowed: this API is read-only (GET).",
}


def is_open_data(path: str) -> bool:
    return path.startswith(OPEN_PREFIXES) or (
        path.startswith("/events/") and path.endswith(("/cite.bib", "/cite.json"))
    )


class OpenDataMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_open_data(request.path):
            return self.get_response(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = READ_METHODS
            response["Access-Control-Allow-Headers"] = request.headers.get(
                "Access-Control-Request-Headers", ""
            )[:500]
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
            if request.path.startswith("/api/"):
                response = self._json_error(response)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "Content-Disposition, Link"
        return response

    @staticmethod
    def _json_error(response: HttpResponse) -> HttpResponse:
        """Django's own 404 and ninja's 405 are HTML or text: answer JSON like the rest."""
        if response.status_code not in ERROR_DETAILS:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        body = json.dumps({"detail": ERROR_DETAILS[response.status_code]})
        replacement = HttpResponse(
            body, status=response.status_code, content_type="application/json; charset=utf-8"
        )
        if "Allow" in response:
            replacement["Allow"] = response["Allow"]
        return replacement
