"""Error views that cannot make a bad situation worse."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from .middleware.locale import language_from_path

logger = logging.getLogger(__name__)

# Seconds a client (or crawler) is asked to wait before trying again while the database is
# unreachable: a restart or failover usually takes about this long.
RETRY_AFTER = 30
UNAVAILABLE_DETAIL = "Temporarily unavailable: the database cannot be reached. Try again shortly."
SERVER_ERROR_DETAIL = "Server error. It has been logged."
# The API answers its errors in JSON; Django's own 404 and ninja's 405 would be HTML or text.
API_ERROR_DETAILS = {
    404: "Not found.",
    405: "Method not allowed: this API is read-only (GET).",
}

# Last resort when even the template cannot be rendered (e.g. a missing static manifest).
_FALLBACK = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
    "</head><body><main><h1>{title}</h1>"
    '<p>{message} <a href="/">Go to the timeline</a></p></main></body></html>'
)
_FALLBACKS = {
    500: _FALLBACK.format(
        title="Something went wrong on our side", message="Please try again in a moment."
    ),
    503: _FALLBACK.format(
        title="Temporarily unavailable",
        message="The timeline cannot reach its database. Please try again in a minute.",
    ),
}


def database_unavailable(error: BaseException | None) -> bool:
    """An outage of the database (down, unreachable, pool timeout, lost connection), as
    opposed to a bug: the first is worth retrying, the second is not. Django wraps the
    driver's errors, psycopg's PoolTimeout included, in these two classes."""
    return isinstance(error, OperationalError | InterfaceError)


def _render(template_name: str, status: int, path: str) -> str:
    """The page in the language of the address that failed (/ja/… in Japanese): the address
    says it, no middleware needs to have run (timeline/middleware/locale.py)."""
    language = language_from_path(path)
    context = {
        "site_name": settings.SITE_NAME,
        "language": language,
        # The site's root in that language: the links of the frame are written under it.
        "home": "/" if language == settings.LANGUAGE_CODE else f"/{language}/",
    }
    try:
        with translation.override(language):
            context["site_name"] = translation.gettext(settings.SITE_NAME)
            return loader.get_template(template_name).render(context)
    except Exception:
        logger.exception("The %s page itself failed to render; serving the fallback.", status)
        return _FALLBACKS[status]


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """The 500 page, rendered without the request: no context processors, no database.

    Django has already logged the original exception (with its traceback) through the
    ``django.request`` logger; the public only ever sees this page. Django calls this view
    while it handles the exception, so ``sys.exc_info()`` says what failed: when it is the
    database being unreachable, the answer is a 503 "temporarily unavailable" with
    Retry-After (JSON under /api/), which tells browsers, crawlers and API clients to come
    back rather than that the page is broken. Under /api/ the answer is JSON either way.
    """
    unavailable = database_unavailable(sys.exc_info()[1])
    status = 503 if unavailable else 500
    if request.path.startswith("/api/"):
        detail = UNAVAILABLE_DETAIL if unavailable else SERVER_ERROR_DETAIL
        response: HttpResponse = JsonResponse({"detail": detail}, status=status)
    else:
        page = _render("503.html" if unavailable else template_name, status, request.path_info)
        response = HttpResponse(page, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER)
    return response


def _api_error(response: HttpResponse) -> HttpResponse:
    if response.status_code not in API_ERROR_DETAILS:
        return response
    if response.get("Content-Type", "").startswith("application/json"):
        return response
    replacement = JsonResponse(
        {"detail": API_ERROR_DETAILS[response.status_code]}, status=response.status_code
    )
    replacement["Content-Type"] = "application/json; charset=utf-8"
    if "Allow" in response:
        replacement["Allow"] = response["Allow"]
    return replacement


def json_errors(view: Callable) -> Callable:
    """For the API's views (timeline/urls.py): a 404 or 405 that is not JSON becomes JSON."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return _api_error(view(request, *args, **kwargs))

    return wrapper


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An address that matches no page: JSON under /api/ (no view there to say so), else
    Django's own 404 page."""
    response = defaults.page_not_found(request, exception)
    if request.path.startswith("/api/"):
        return _api_error(response)
    return response
