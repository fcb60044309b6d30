"""The admin site: Django's, with the review queue (``incidents.review``) on its index and
on a page of its own, ``review/``.

Made the default site by ``incidents.apps.CurationAdminConfig``, so the queue goes through
the admin's login, permission checks and layout like any admin page. This module must not
import ``incidents.admin``: the default site is created while that package registers its
admins on it.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path

from .review import review_queue

INDEX_ROWS = 5  # waiting events the admin index shows before "all … waiting"


class CurationSite(admin.AdminSite):
    """The admin, with the review queue on its index and at ``review/``."""

    def get_urls(self):
        queue = path("review/", self.admin_view(self.review_view), name="review_queue")
        return [queue, *super().get_urls()]

    def may_see_queue(self, request: HttpRequest) -> bool:
        return request.user.has_perm("incidents.view_event")

    def index(self, request: HttpRequest, extra_context=None):
        if self.may_see_queue(request):
            queue = review_queue()
            shown = queue.first_rows(INDEX_ROWS)
            extra_context = {
                **(extra_context or {}),
                "review_queue": queue,
                "review_groups": shown,
                "review_hidden": queue.waiting - sum(len(group) for group in shown),
                "corrections": queue.corrections[:INDEX_ROWS],
                "corrections_hidden": max(len(queue.corrections) - INDEX_ROWS, 0),
            }
        return super().index(request, extra_context)

    def review_view(self, request: HttpRequest) -> TemplateResponse:
        if not self.may_see_queue(request):
            raise PermissionDenied
        queue = review_queue()
        context = {
            **self.each_context(request),
            "title": "Review queue",
            "review_queue": queue,
            "review_groups": queue.groups,
            "corrections": queue.corrections,
        }
        return TemplateResponse(request, "admin/incidents/review_queue.html", context)
