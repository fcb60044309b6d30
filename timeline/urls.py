from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import health, views


public_patterns = [
    path("", views.timeline, name="index"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
]

urlpatterns = [
    path("", include((public_patterns, "timeline"))),
    path("healthz", health.healthz, name="healthz"),
    path(settings.ADMIN_PATH, admin.site.urls),
]

# Renders without the request or the database (see timeline/errors.py).
handler500 = "timeline.errors.server_error"
