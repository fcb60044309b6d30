"""The language of a response comes from its address, and from nothing else.

English at ``/…``, Japanese at ``/ja/…``, Russian at ``/ru/…`` (``i18n_patterns`` in
timeline/urls.py). Django's LocaleMiddleware would also read the ``django_language`` cookie and
``Accept-Language`` for unprefixed addresses, and say so with ``Vary: Accept-Language``: the
same ``/`` would then be a different page for different readers, and every shared cache (the
response cache here, a CDN, a browser's) would keep one copy per header value. Here one
address is one page, whoever asks; a reader whose browser prefers Japanese or Russian is
*offered* that language by a script (static/js/language-offer.js), never redirected.

It runs before anything that resolves the address (conditional GET, the response cache, CORS):
the patterns under ``/ja/`` and ``/ru/`` match only while their language is active.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def language_from_path(path: str) -> str:
    """'ja' for /ja/…, 'ru' for /ru/…, the default language for any other address."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


class PathLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_from_path(request.path_info)
        # Restored afterwards, so that nothing after the response (a test's reverse(), the
        # thread's next job) runs in this request's language.
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.activate(previous)
        response.headers.setdefault("Content-Language", language)
        return response
