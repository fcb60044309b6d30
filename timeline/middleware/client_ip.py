"""The client's address, as the login lockout (django-axes) should see it.

Behind a reverse proxy every request arrives from the proxy's address, so a lockout per
"username + address" would lock the username out for everyone. A proxy appends the address
it saw to ``X-Forwarded-For``; entries further left were written by the client and can be
anything. So with ``TRUSTED_PROXY_COUNT = n`` the client is the n-th entry from the right,
and without it (the default) the header is ignored: nobody can pick their own address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        # No proxy configured, or the request did not come through it.
        return peer
    entries = [entry.strip() for entry in forwarded.split(",")]
    # Fewer entries than proxies: the left-most was still written by a trusted proxy.
    candidate = entries[-min(proxies, len(entries))]
    return candidate if _valid(candidate) else peer


@register(Tags.security, deploy=True)
def check_proxy_addresses(app_configs, **kwargs) -> list[Warning]:
    """Behind a TLS proxy (SECURE_PROXY_SSL) every client has the proxy's address unless
    TRUSTED_PROXY_COUNT says how many proxies append to X-Forwarded-For."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and settings.TRUSTED_PROXY_COUNT <= 0:
        return [
            Warning(
                "SECURE_PROXY_SSL is on but TRUSTED_PROXY_COUNT is 0: the login lockout sees "
                "the proxy's address for every client, so five bad passwords from anyone "
                "lock an editor out everywhere.",
                hint="Set TRUSTED_PROXY_COUNT=1 if the proxy appends the client's address to "
                "X-Forwarded-For (nginx: $proxy_add_x_forwarded_for).",
                id="timeline.W001",
            )
        ]
    return []
