from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic.base import RedirectView

from . import exports, health
from .api import api
from .exports import citation, feeds
from .middleware.conditional import needs_no_data
from .public import about, sitemaps, views

public_patterns = [
    path("", views.timeline, name="index"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    # Research outputs: the same query string as "/" (see timeline/exports/).
    path("export.csv", exports.events_csv, name="export_csv"),
    path("export.json", exports.events_json, name="export_json"),
    path("export/statements.csv", exports.statements_csv, name="export_statements_csv"),
    path("feed.atom", feeds.events_atom, name="feed_atom"),
    path("feed.rss", feeds.events_rss, name="feed_rss"),
    path("events/<slug:slug>/cite.bib", citation.event_bibtex, name="event_bibtex"),
    path("events/<slug:slug>/cite.json", citation.event_csl_json, name="event_csl"),
    path("about/", about.about, name="about"),
    # Django's sitemap view answers any method: GET and HEAD only, as every public page.
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": sitemaps.SITEMAPS}, name="sitemap"),
    # Answer crawlers even while the database is down (timeline/middleware/conditional.py).
    path("robots.txt", needs_no_data(sitemaps.robots_txt), name="robots"),
]

urlpatterns = [
    path("", include((public_patterns, "timeline"))),
    path("api/", api.urls),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin): no 404s.
    path(
        "favicon.ico",
        needs_no_data(
            RedirectView.as_view(
                url=f"/{settings.STATIC_URL.strip('/')}/favicon.svg", permanent=True
            )
        ),
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
]

# Renders without the request or the database (see timeline/errors.py).
handler500 = "timeline.errors.server_error"
