"""Error views that cannot make a bad situation worse."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

# Last resort when even the template cannot be rendered (e.g. a missing static manifest).
_FALLBACK = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Server error</title>'
    "</head><body><main><h1>Something went wrong on our side</h1>"
    '<p>Please try again in a moment. <a href="/">Go to the timeline</a></p></main></body></html>'
)


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponseServerError:
    """The 500 page, rendered without the request: no context processors, no database.

    Django has already logged the original exception (with its traceback) through the
    ``django.request`` logger; the public only ever sees this page.
    """
    try:
        body = loader.get_template(template_name).render({"site_name": settings.SITE_NAME})
    except Exception:
        logger.exception("The 500 page itself failed to render; serving the plain fallback.")
        body = _FALLBACK
    return HttpResponseServerError(body)
