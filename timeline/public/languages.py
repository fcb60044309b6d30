"""The same page in the site's other languages: the language switcher and hreflang links.

A page's address in another language is its address with the language's prefix swapped
(``/events/x/`` ↔ ``/ja/events/x/``) and the same query string, so a filtered timeline stays
filtered. Only the public pages (``timeline:`` URLs, and addresses that match no page, whose
404 is in the language of its address) have other languages; the API's documentation page
does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils import translation

# What static/js/language-offer.js says to a reader whose browser prefers another of the site's
# languages, and its close button. Written in that language, whatever the page's: they are
# for a reader who may not read the page's, and like the languages' names in settings.LANGUAGES
# they are never translated.
OFFERS = {
    "en": ("This page is also in English", "Close"),
    "ja": ("このページは日本語でもご覧いただけます", "閉じる"),
    "ru": ("Эта страница есть и на русском языке", "Закрыть"),
}


@dataclass(frozen=True)
class LanguageLink:
    code: str  # 'en', 'ja', 'ru': the lang and hreflang values
    name: str  # in its own language: 'English', '日本語', 'Русский'
    url: str  # the page in that language, from the site's root, with the query string
    current: bool

    @property
    def default(self) -> bool:
        """The x-default: the version for readers whose language the site does not have."""
        return self.code == settings.LANGUAGE_CODE

    @property
    def offer(self) -> str:
        return OFFERS[self.code][0]

    @property
    def close(self) -> str:
        return OFFERS[self.code][1]


def unprefixed_path(path_info: str) -> str:
    """``/ja/events/x/`` → ``/events/x/``; an English address stays as it is."""
    language = translation.get_language_from_path(path_info)
    if language and language != settings.LANGUAGE_CODE:
        return path_info[len(language) + 1 :] or "/"
    return path_info


def path_in(language: str, path_info: str) -> str:
    """The address ``path_info`` (in any language) has in ``language``."""
    path = unprefixed_path(path_info)
    if language != settings.LANGUAGE_CODE:
        path = f"/{language}{path}"
    return get_script_prefix().rstrip("/") + path


def has_languages(request: HttpRequest) -> bool:
    """Whether this page exists in every language (the public pages do, the API's do not)."""
    match = request.resolver_match
    return match is None or "timeline" in match.namespaces


def language_links(request: HttpRequest, query: str | None = None) -> list[LanguageLink]:
    """The page in each language, the current one marked; ``query`` replaces the request's
    own query string (an HTMX fragment's links follow the address it pushes)."""
    if not has_languages(request):
        return []
    if query is None:
        query = request.META.get("QUERY_STRING", "")
    current = translation.get_language()
    return [
        LanguageLink(
            code,
            name,
            path_in(code, request.path_info) + (f"?{query}" if query else ""),
            code == current,
        )
        for code, name in settings.LANGUAGES
    ]
