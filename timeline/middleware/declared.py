"""View decorators: the view that answers declares how the middleware treats its response.

Middleware asks the view a request resolves to (``view_flag``) rather than keeping lists of
URL prefixes, so a behaviour is stated next to the view that owns it (timeline/urls.py).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable

from django.http import HttpRequest
from django.urls import ResolverMatch, URLPattern, URLResolver, resolve
from django.urls.exceptions import Resolver404


def _flag(name: str) -> Callable[[Callable], Callable]:
    def decorator(view: Callable) -> Callable:
        if inspect.ismethod(view):  # a bound method (some admin views) takes no attributes
            view = functools.wraps(view)(functools.partial(view))
        setattr(view, name, True)
        return view

    decorator.__name__ = name
    return decorator


# The response never depends on the record: conditional GET and the response cache leave it
# alone, so the request does not touch the database at all (robots.txt, the API's description).
needs_no_data = _flag("needs_no_data")
# Must always be fresh and is never public data: the admin, the health check.
always_fresh = _flag("always_fresh")
# Any site may read it with a plain GET (CORS, timeline/middleware/cors.py).
open_data = _flag("open_data")


def mark_urls(urls, *decorators: Callable, names: Iterable[str] | None = None):
    """Apply view decorators to every view of an ``include()`` (the API, the admin), or only to
    those with the given URL names. Returns ``urls`` so it can sit inside ``path()``."""
    patterns = urls[0] if isinstance(urls, tuple) else urls
    wanted = set(names) if names is not None else None
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            mark_urls(pattern.url_patterns, *decorators, names=names)
        elif isinstance(pattern, URLPattern) and (wanted is None or pattern.name in wanted):
            for decorator in decorators:
                pattern.callback = decorator(pattern.callback)
    return urls


def resolved(request: HttpRequest) -> ResolverMatch | None:
    """The view this request goes to (None for an address that matches no page), once."""
    if not hasattr(request, "_declared_match"):
        try:
            request._declared_match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            request._declared_match = None
    return request._declared_match


def view_flag(request: HttpRequest, name: str, *, unresolved: bool) -> bool:
    """Whether the view declared ``name``; ``unresolved`` answers for addresses with no view."""
    match = resolved(request)
    if match is None:
        return unresolved
    return bool(getattr(match.func, name, False))
