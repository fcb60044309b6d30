from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic.base import RedirectView

from . import exports, health
from .api import api
from .errors import json_errors
from .exports import citation, feeds, figures
from .middleware.declared import always_fresh, mark_urls, needs_no_data, open_data
from .public import about, analysis, chains, changes, places, sitemaps, views
from .releases import views as releases

public_patterns = [
    path("", views.timeline, name="index"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("events/<slug:slug>/chain/", chains.chain, name="chain"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("places/", places.place_index, name="places"),
    path("map/", places.place_map, name="map"),
    path("places/<slug:slug>/", places.place_detail, name="place"),
    # Research outputs: the same query string as "/" (see timeline/exports/).
    path("export.csv", open_data(exports.events_csv), name="export_csv"),
    path("export.json", open_data(exports.events_json), name="export_json"),
    path("export/statements.csv", open_data(exports.statements_csv), name="export_statements_csv"),
    path("feed.atom", open_data(feeds.events_atom), name="feed_atom"),
    path("feed.rss", open_data(feeds.events_rss), name="feed_rss"),
    path("events/<slug:slug>/cite.bib", open_data(citation.event_bibtex), name="event_bibtex"),
    path("events/<slug:slug>/cite.json", open_data(citation.event_csl_json), name="event_csl"),
    path("about/", about.about, name="about"),
    path("analysis/", analysis.analysis, name="analysis"),
    path("analysis/<slug:slug>.csv", open_data(figures.analysis_csv), name="analysis_csv"),
    path("changes/", changes.changes, name="changes"),
    path("changes/<int:pk>/", changes.change_detail, name="change"),
    # Releases: dated, immutable snapshots of the published record (timeline/releases/).
    path("data/", releases.data, name="data"),
    path("data/<str:version>/", releases.release_detail, name="release"),
    path("data/<str:version>/events/<slug:slug>/", releases.release_event, name="release_event"),
    path("data/<str:version>/<str:name>", open_data(releases.release_file), name="release_file"),
    # Django's sitemap view answers any method: GET and HEAD only, as every public page. One
    # sitemap, at the root, lists every page in every language.
    path(
        "sitemap.xml",
        sitemaps.root_only(require_safe(sitemap)),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap",
    ),
    # Answer crawlers even while the database is down (timeline/middleware/conditional.py).
    path("robots.txt", needs_no_data(sitemaps.root_only(sitemaps.robots_txt)), name="robots"),
]

urlpatterns = [
    # Every public page in English at /…, in Japanese at /ja/…, in Russian at /ru/…; the
    # address alone sets the language (timeline/middleware/locale.py).
    *i18n_patterns(path("", include((public_patterns, "timeline"))), prefix_default_language=False),
    # Every API view: readable by any site, errors in JSON; its description needs no data.
    path(
        "api/",
        mark_urls(
            mark_urls(api.urls, json_errors, open_data),
            needs_no_data,
            names=("openapi-json", "openapi-view"),
        ),
    ),
    path("healthz", always_fresh(health.healthz), name="healthz"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin): no 404s.
    path(
        "favicon.ico",
        needs_no_data(
            RedirectView.as_view(
                url=f"/{settings.STATIC_URL.strip('/')}/favicon.svg", permanent=True
            )
        ),
    ),
    path(settings.ADMIN_PATH, mark_urls(admin.site.urls, always_fresh)),
]

# Renders without the request or the database (see timeline/errors.py).
handler404 = "timeline.errors.page_not_found"
handler500 = "timeline.errors.server_error"
