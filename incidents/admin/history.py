"""An event's history in the admin as an edit log: one line per save (who, when to the second,
what changed), a diff between any two revisions, and restoring a whole revision — the event
with its actor roles, source links and statements — after a preview of what it will change.

The views are a mixin for the event admin (``EventAdmin``'s bases); the work is done by
``incidents.revision_log`` (the log, the state at a revision, the restore) and
``incidents.snapshots`` (diff and apply).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_http_methods

from .. import proposals, publishing, revision_log, snapshots
from ..models import Event

LIVE = "live"
PER_PAGE = 50


def _with_previous(log: list, page) -> list[tuple]:
    """The page's lines, each with the key of the line before it (for its "Changes" link)."""
    start = page.start_index() - 1 if log else 0
    keys = [at.key for at in log[start + 1 : start + len(page.object_list) + 1]]
    return [(at, keys[i] if i < len(keys) else "") for i, at in enumerate(page.object_list)]


class RevisionHistoryMixin:
    """The edit log, comparison and whole-revision restore views of an event's admin."""

    object_history_template = "admin/incidents/event/object_history.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.revision_compare_view),
                name="{}_{}_history_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/restore/<str:key>/",
                view(self.revision_restore_view),
                name="{}_{}_history_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    # -- helpers ------------------------------------------------------------------------------

    def _event_for_history(self, request: HttpRequest, object_id: str) -> Event:
        object_id = unquote(object_id)
        if not object_id.isdigit():
            raise Http404
        event = self.get_object(request, object_id)
        if event is None:
            raise Http404("No such event (a deleted one is recovered from deleted events).")
        if not self.has_view_or_change_permission(request, event):
            raise PermissionDenied
        return event

    def _context(self, request: HttpRequest, event: Event, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "object": event,
            "title": title,
            "history_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=(event.pk,)
            ),
            "change_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=(event.pk,)
            ),
            **extra,
        }

    def _point(self, event: Event, key: str):
        found = revision_log.point(event.pk, key)
        if found is None:
            raise Http404("No such revision of this event.")
        return found

    def restore_refusal(self, request: HttpRequest, event: Event) -> str:
        """Why ``request.user`` may not restore a revision of ``event`` ("" if they may):
        the same rule as editing it."""
        if not self.has_change_permission(request, event):
            return "You may view this event's history but not change the event."
        return publishing.edit_refusal(request.user, event)

    # -- the log ------------------------------------------------------------------------------

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        return require_GET(self._history_view)(request, object_id)

    def _history_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        event = self._event_for_history(request, object_id)
        log = revision_log.points(event.pk)
        page = Paginator(log, PER_PAGE).get_page(request.GET.get("p"))
        context = self._context(
            request,
            event,
            f"Change history: {event}",
            page_obj=page,
            # Each line with the one before it, for its own "Changes" link.
            log=_with_previous(log, page),
            newest=log[0].key if log else "",
            second=log[1].key if len(log) > 1 else "",
            compare_url=reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history_compare",
                args=(event.pk,),
            ),
            restore_refusal=self.restore_refusal(request, event),
            proposing=publishing.needs_proposal(request.user, event),
        )
        return TemplateResponse(request, self.object_history_template, context)

    # -- comparing two revisions --------------------------------------------------------------

    def revision_compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return require_GET(self._compare_view)(request, object_id)

    def _compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        event = self._event_for_history(request, object_id)
        old_key, new_key = request.GET.get("old", ""), request.GET.get("new", LIVE)
        if not old_key:
            messages.warning(request, "Choose two revisions to compare.")
            return HttpResponseRedirect(self._context(request, event, "")["history_url"])
        sides = []
        for key in (old_key, new_key):
            if key == LIVE:
                sides.append(("Now (live)", snapshots.snapshot(event)))
                continue
            at = self._point(event, key)
            sides.append((f"Revision of {at.describe()}", revision_log.snapshot_at(event.pk, at)))
        (old_label, old), (new_label, new) = sides
        if old is None or new is None:
            changes, missing = [], "The event did not exist yet at one of those revisions."
        else:
            changes, missing = snapshots.diff(old, new), ""
        context = self._context(
            request,
            event,
            f"Compare revisions: {event}",
            changes=changes,
            missing=missing,
            old_label=old_label,
            new_label=new_label,
            caption=f"From {old_label[:1].lower()}{old_label[1:]} to {new_label[:1].lower()}"
            f"{new_label[1:]}",
        )
        return TemplateResponse(request, "admin/incidents/event/history_compare.html", context)

    # -- restoring a whole revision -----------------------------------------------------------

    def revision_restore_view(self, request: HttpRequest, object_id: str, key: str):
        return require_http_methods(["GET", "POST"])(self._restore_view)(request, object_id, key)

    def _restore_view(self, request: HttpRequest, object_id: str, key: str) -> HttpResponse:
        event = self._event_for_history(request, object_id)
        at = self._point(event, key)
        refusal = self.restore_refusal(request, event)
        # An editor's restore of a published event is proposed to a reviewer, as any
        # correction of it is (unless one is waiting already).
        proposing = bool(refusal) and publishing.needs_proposal(request.user, event)
        if proposing:
            refusal = proposals.waiting_refusal(event, request.user)
        if request.method == "POST":
            return self._restore(request, event, at, refusal, proposing)
        try:
            target = revision_log.target_state(event, at)
        except revision_log.RestoreRefused as exc:
            target, refusal = None, str(exc)
        changes = snapshots.diff(snapshots.snapshot(event), target) if target else []
        context = self._context(
            request,
            event,
            f"Restore the revision of {at.describe()}",
            point=at,
            changes=changes,
            refusal=refusal,
            proposing=proposing,
            old_label="Now (live)",
            new_label="After the restore",
            caption="What restoring this revision will change",
        )
        return TemplateResponse(request, "admin/incidents/event/history_restore.html", context)

    def _restore(self, request, event: Event, at, refusal: str, proposing: bool):
        if refusal:
            raise PermissionDenied(refusal)
        try:
            if proposing:
                proposal = revision_log.propose_restore(event, at, request.user)
            else:
                summary = revision_log.restore(event, at, request.user)
        except revision_log.RestoreRefused as exc:
            messages.error(request, f"Not restored: {exc}")
            return HttpResponseRedirect(request.path)
        if proposing:
            messages.success(
                request,
                f"Your restore of the revision of {at.describe()} waits for a reviewer as "
                f"correction #{proposal.pk}; the published version stays live until it is "
                "approved.",
            )
            return HttpResponseRedirect(proposal.get_admin_url())
        messages.success(request, f"{summary}.")
        return HttpResponseRedirect(self._context(request, event, "")["change_url"])
