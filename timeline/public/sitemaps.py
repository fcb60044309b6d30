"""sitemap.xml and robots.txt: published pages only, every page in each of its languages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.contrib.sitemaps import GenericSitemap, Sitemap
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from incidents.models import Actor, Event, Place, Source


class InEveryLanguage:
    """Each page once per language (/…, /ja/…, /ru/…), each naming the others as
    ``<xhtml:link rel="alternate" hreflang>``, English as the x-default."""

    i18n = True
    alternates = True
    x_default = True


class PageSitemap(InEveryLanguage, Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return [
            "timeline:index",
            "timeline:about",
            "timeline:places",
            "timeline:analysis",
            "timeline:data",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class ApiSitemap(Sitemap):
    """The API's documentation: one address, in English."""

    changefreq = "monthly"
    priority = 0.5

    def items(self) -> list[str]:
        return ["api:openapi-view"]

    def location(self, item: str) -> str:
        return reverse(item)


class RecordSitemap(InEveryLanguage, GenericSitemap):
    pass


class PlaceSitemap(InEveryLanguage, Sitemap):
    """Public places: a class, as finding them queries the gazetteer (not at import)."""

    changefreq = "monthly"
    priority = 0.5

    def items(self) -> QuerySet:
        return Place.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, place: Place):
        return place.updated_at


def _records(queryset: QuerySet, changefreq: str, priority: float) -> partial[RecordSitemap]:
    """The pages of one kind of public record, each dated by its last edit. A factory, not an
    instance: the sitemap view builds a fresh one per request (a Sitemap keeps state)."""
    info = {"queryset": queryset.order_by("pk"), "date_field": "updated_at"}
    return partial(RecordSitemap, info, priority=priority, changefreq=changefreq)


SITEMAPS = {
    "pages": PageSitemap,
    "api": ApiSitemap,
    "events": _records(Event.objects.published().only("slug", "updated_at"), "monthly", 0.8),
    "actors": _records(Actor.objects.public().only("slug", "updated_at"), "monthly", 0.5),
    "places": PlaceSitemap,
    "sources": _records(Source.objects.published().only("pk", "updated_at"), "yearly", 0.4),
}


def root_only(view: Callable) -> Callable:
    """For robots.txt and sitemap.xml: crawlers look for them at the site's root only, and the
    one sitemap lists every language, so /ja/sitemap.xml and /ru/robots.txt are not found."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if translation.get_language() != settings.LANGUAGE_CODE:
            raise Http404("Only at the site's root.")
        return view(request, *args, **kwargs)

    return wrapper


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    context = {
        "sitemap_url": request.build_absolute_uri(reverse("timeline:sitemap")),
        # Naming a custom admin path here would publish it; the default one is no secret.
        "admin_path": "/" + settings.ADMIN_PATH if settings.ADMIN_PATH == "admin/" else "",
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
