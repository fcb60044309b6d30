"""sitemap.xml and robots.txt: published pages only."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from incidents.models import Actor, Event, Source


class EventSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Event.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, event: Event):
        return event.updated_at


class ActorSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Actor.objects.public().order_by("pk").only("slug", "updated_at")

    def lastmod(self, actor: Actor):
        return actor.updated_at


class SourceSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.4

    def items(self):
        return Source.objects.published().order_by("pk").only("pk", "updated_at")

    def lastmod(self, source: Source):
        return source.updated_at


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["timeline:index", "timeline:about", "api:openapi-view"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "events": EventSitemap,
    "actors": ActorSitemap,
    "sources": SourceSitemap,
}


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    context = {
        "sitemap_url": request.build_absolute_uri(reverse("timeline:sitemap")),
        # Naming a custom admin path here would publish it; the default one is no secret.
        "admin_path": "/" + settings.ADMIN_PATH if settings.ADMIN_PATH == "admin/" else "",
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
