"""Open data access: any site may read the views marked ``@open_data`` (the API, exports,
feeds, citations) — CORS by django-cors-headers, decided by the view, not by its address.

Notebooks and other sites read the data with plain GET requests and no credentials, so any
origin may read these views; nothing else on the site is opened up (settings: ``CORS_*``).
"""

from __future__ import annotations

from corsheaders.middleware import CorsMiddleware
from corsheaders.signals import check_request_enabled
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from .declared import view_flag


@receiver(check_request_enabled)
def _view_is_open_data(sender, request: HttpRequest, **kwargs) -> bool:
    return view_flag(request, "open_data", unresolved=False)


class OpenDataMiddleware(CorsMiddleware):
    def check_preflight(self, request: HttpRequest) -> HttpResponseBase | None:
        response = super().check_preflight(request)
        if response is not None:
            # A preflight has no body: "204 No Content", as this site has always answered.
            response.status_code = 204
        return response
