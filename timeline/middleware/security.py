"""Response headers that Django's SecurityMiddleware does not set itself."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy (browser features the site never uses are switched off).

    Referrer-Policy, Cross-Origin-Opener-Policy, X-Content-Type-Options and HSTS come from
    SecurityMiddleware; CSP from ContentSecurityPolicyMiddleware; X-Frame-Options from
    XFrameOptionsMiddleware. A view may set its own Permissions-Policy; it is kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
